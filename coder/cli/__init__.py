"""The ``coder`` command line: parse, call the library, render. Errors become one line and exit code 2.

The only Typer code: ``app`` (the Typer app and error handling), and the commands by what they do
(``coding``, ``reporting``, ``reviewing``), each thin over the library. ``main`` fits the output to what the
terminal can show (``streams``) and words the help in the reader's language (``help_da``).
"""

import sys

import typer

from coder.cli import coding, forgetting, reporting, reviewing  # noqa: F401  (registering the commands)
from coder.cli.app import app, err_console, locale_typed, reader_wording
from coder.cli.help_da import danish_headings, translate
from coder.cli.streams import fit_streams, notice


def main() -> None:
    reader = reader_wording(locale_typed(sys.argv[1:]))
    lacking = fit_streams()  # an ASCII or Latin-1 terminal gets plain stand-ins, not a traceback
    if lacking and not {"--version", "--help"} & set(sys.argv[1:]):
        err_console.print(notice(lacking, reader), highlight=False, soft_wrap=not err_console.is_terminal)
    command = typer.main.get_command(app)
    if reader.danish:  # the help in the reader's language, like everything else coder prints
        translate(command)
        danish_headings()
    command()


if __name__ == "__main__":  # pragma: no cover
    main()
