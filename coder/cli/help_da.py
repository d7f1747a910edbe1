"""``--help`` in Danish for a Danish reader: the commands' and options' texts from ``coder/data/help_da.json``
(English text -> Danish), and Click's few headings ("Usage:", "Options" …).

Everything else coder prints follows the reader's language (``--locale``, else the codebook's, else Danish); the
help was English, so a Danish analyst switched language between the help and the screen, whose words ("ikke-svar",
"Andel") the help did not use (walk20, walk24). The reader is found as for errors (``coder.cli.app.reader_wording``);
the English texts stay in the code, where the commands are defined, and a text without a Danish wording is shown as
it is written.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources

HEADINGS = {"Usage:": "Brug:", "Options": "Tilvalg", "Arguments": "Argumenter", "Commands": "Kommandoer",
            "required": "skal angives", "default: {default}": "standard: {default}",
            "Show this message and exit.": "Vis denne hjælp, og afslut."}
KINDS = {"<str>": "<tekst>", "<path>": "<sti>", "<int>": "<heltal>", "<int range>": "<heltal>", "<float>": "<tal>",
         "<float range>": "<tal>", "<list[str]>": "<tekst …>", "<list[path]>": "<sti …>"}  # as the help shows them


@lru_cache(maxsize=1)
def texts() -> dict[str, str]:
    """English help text -> its Danish wording."""
    return json.loads(resources.files("coder.data").joinpath("help_da.json").read_text(encoding="utf-8"))


def danish(text: str | None) -> str | None:
    """The Danish wording of a help text (compared without its outer whitespace), or the text itself."""
    if not text:
        return text
    return texts().get(text.strip(), text)


def translate(command) -> None:
    """Give a Click command, its options and its subcommands their Danish help texts, in place."""
    command.help = danish(command.help)
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = "[TILVALG]"
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = "KOMMANDO [ARGUMENTER]..."
    if getattr(command, "short_help", None):
        command.short_help = danish(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = danish(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate(sub)


def _heading(message: str) -> str:
    return HEADINGS.get(message, message)


def danish_headings() -> None:
    """Click's headings in Danish: the modules that word them look ``_`` up when they print, and the usage line's
    "Usage: " is the help formatter's default prefix (Typer's copy of Click; left as it is where that moves)."""
    for name, module in list(sys.modules.items()):
        if name.startswith(("typer._click", "typer.core", "click.")) and getattr(module, "_", None) is not None:
            if getattr(module._, "__name__", "") == "gettext":
                module._ = _heading
    formatter = getattr(sys.modules.get("typer._click.formatting"), "HelpFormatter", None)
    if formatter is not None and not getattr(formatter.write_usage, "danish", False):
        english = formatter.write_usage

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            english(self, prog, args, f"{HEADINGS['Usage:']} " if prefix is None else prefix)

        write_usage.danish = True  # type: ignore[attr-defined]
        formatter.write_usage = write_usage
    parameter = getattr(sys.modules.get("typer.core"), "_TyperParameter", None)
    if parameter is not None and not getattr(parameter.display_type, "danish", False):
        shown = parameter.display_type

        def display_type(self, ctx) -> str:
            kind = shown(self, ctx)
            return KINDS.get(kind, kind)

        display_type.danish = True  # type: ignore[attr-defined]
        parameter.display_type = display_type
    command = getattr(sys.modules.get("typer._click.core"), "Command", None)  # --help's own line, made on demand
    if command is not None and not getattr(command.get_help_option, "danish", False):
        made = command.get_help_option

        def get_help_option(self, ctx):
            option = made(self, ctx)
            if option is not None and option.help in HEADINGS:
                option.help = HEADINGS[option.help]
            return option

        get_help_option.danish = True  # type: ignore[attr-defined]
        command.get_help_option = get_help_option
