"""The Typer app, its consoles, and turning errors into one line in the reader's language with exit code 2."""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from coder.cli.usage_da import danish_usage
from coder.errors import CoderError, os_reason
from coder.wording import LOCALES, Wording, wording_for

console = Console()
err_console = Console(stderr=True)
LOCALE_HELP = "da or en; default: the codebook's language."
F = TypeVar("F", bound=Callable[..., object])
# The base of Click's usage errors; Typer exports only BadParameter, and vendors Click since 0.26.
ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
# The arguments through which a command names the codebook it works with: a codebook file, or a project storing one.
CODEBOOK_ARGUMENTS = ("codebook", "file")
PROJECT_ARGUMENTS = ("project", "source", "now")


def reader_wording(arguments: Mapping[str, object]) -> Wording:
    """The language of the person who ran a command, from its arguments: ``--locale`` when given, else the
    language of the codebook it works with (read leniently: also a codebook that fails), else Danish."""
    locale = arguments.get("locale")
    if isinstance(locale, str) and locale.strip().casefold() in LOCALES:
        return Wording(locale)
    from coder.codebook import LANGUAGE_CODE, codebook_language
    from coder.store import project_language

    for names, language_of in ((CODEBOOK_ARGUMENTS, codebook_language), (PROJECT_ARGUMENTS, project_language)):
        for name in names:
            path = arguments.get(name)
            language = language_of(path) if isinstance(path, Path) else None
            language = {"english": "en", "engelsk": "en"}.get((language or "").strip().casefold(), language)
            if language and re.fullmatch(LANGUAGE_CODE, language):  # 'language: english' is refused, but read
                return wording_for(language)  # 'language: klingon', which the codebook check refuses, is no reader's
    return Wording("da")


def locale_typed(args: Sequence[str]) -> dict[str, object]:
    """``--locale X``, the codebook (``-c``) and a project folder as typed on the command line: a usage error can
    come before Click reads them, and an English project's reader should get it in English."""
    found: dict[str, object] = {}
    for i, arg in enumerate(args):
        if arg == "--locale" and i + 1 < len(args):
            return {"locale": args[i + 1]}
        if arg.startswith("--locale="):
            return {"locale": arg.partition("=")[2]}
        if arg in ("-c", "--codebook") and i + 1 < len(args):
            found.setdefault("codebook", Path(args[i + 1]))
        elif arg.startswith("--codebook="):
            found.setdefault("codebook", Path(arg.partition("=")[2]))
        elif not arg.startswith("-") and arg.endswith((".yaml", ".yml")) and Path(arg).is_file():
            found.setdefault("codebook", Path(arg))  # 'coder codebook check FILE'
        elif not arg.startswith("-") and (Path(arg) / "coder.db").is_file():
            found.setdefault("project", Path(arg))
    return found


def print_error(w: Wording, message: str) -> None:
    """One line on stderr: ``Fejl: …`` or ``Error: …`` (a line break inside a name it quotes is shown as \\n)."""
    message = message.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
    err_console.print(f"[red]{w.t('error_label')}[/red] {escape(message)}", highlight=False,
                      soft_wrap=not err_console.is_terminal)  # a terminal wraps between words, a file keeps one line


class OneLineErrors(TyperGroup):
    """Usage errors (missing argument, bad option value, unknown command) as one line, ``Fejl: …`` or
    ``Error: …``, exit 2.

    The message, its label and the hint follow the reader's language as far as the command line tells it
    (``--locale``, or the codebook or project parsed before the error); ``danish_usage`` words Click's errors in
    Danish."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (ClickException, typer.Abort) as err:
            if not standalone_mode:
                raise
            if err.__class__.__name__ == "NoArgsIsHelpError":  # 'coder' or 'coder codebook' alone: its help
                console.print(err.ctx.get_help(), highlight=False, markup=False, soft_wrap=True)
                sys.exit(err.exit_code)
            ctx = getattr(err, "ctx", None)
            typed = locale_typed(sys.argv[1:] if args is None else list(args))
            w = reader_wording({**(ctx.params if ctx is not None else {}), **typed})
            hint = w.t("see_help", command=ctx.command_path) if ctx is not None else ""
            message = " ".join(err.format_message().split()) if hasattr(err, "format_message") else "aborted"
            message = message.rstrip(".")
            print_error(w, (danish_usage(message) if w.danish else message) + hint)
            sys.exit(getattr(err, "exit_code", 1))
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(help="Code Danish open-ended survey comments into themes, offline.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, cls=OneLineErrors,
                  rich_markup_mode=None)
codebook_app = typer.Typer(help="Check, export, import and learn codebooks.", no_args_is_help=True,
                           rich_markup_mode=None)


def _version(shown: bool) -> None:
    if shown:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("coder")
        except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
            number = "dev"
        console.print(f"coder {number}", highlight=False)
        raise typer.Exit()


LOCALE_HELP_ITSELF = "da or en: the language of this help (each command has its own --locale)."


@app.callback()
def _options(shown: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                        help="Print coder's version and exit."),
             locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP_ITSELF)) -> None:
    """Code Danish open-ended survey comments into themes, offline."""


@codebook_app.callback()
def _codebook_options(locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP_ITSELF)) -> None:
    """Check, export, import and learn codebooks."""
app.add_typer(codebook_app, name="codebook")


def user_errors(func: F) -> F:
    """Turn a CoderError into one line in the reader's language (``reader_wording``) and exit code 2 (no
    traceback); the command's own arguments say who reads it."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CoderError as err:
            w = reader_wording(kwargs)
            print_error(w, err.said(w.danish))
            raise typer.Exit(code=2)
        except OSError as err:  # a file the library did not expect to fail (permissions, a full disk)
            w = reader_wording(kwargs)
            where = f"{err.filename}: " if err.filename else ""
            reason = os_reason(err, w.danish) if err.strerror else str(err)
            print_error(w, w.t("os_error", where=where, reason=reason))
            raise typer.Exit(code=2)
        except KeyboardInterrupt:  # coder code picks up an interrupted run when the same command is run again
            said = "interrupted_code" if func.__name__ == "code" else "interrupted"
            err_console.print(reader_wording(kwargs).t(said))
            raise typer.Exit(code=130)

    return wrapper  # type: ignore[return-value]
