"""The ``coder`` command line: parse, call the library, render. Errors become one line and exit code 2.

The only Typer code: ``app`` (the Typer app and error handling), and the commands by what they do
(``coding``, ``reporting``, ``reviewing``), each thin over the library.
"""

from coder.cli import coding, reporting, reviewing  # noqa: F401  (registering the commands)
from coder.cli.app import app


def main() -> None:
    import sys

    from coder.cli.app import err_console, locale_typed, reader_wording
    from coder.cli.streams import fit_streams, notice

    lacking = fit_streams()  # an ASCII or Latin-1 terminal gets plain stand-ins, not a traceback
    if lacking:
        err_console.print(notice(lacking, reader_wording(locale_typed(sys.argv[1:]))), highlight=False,
                          soft_wrap=not err_console.is_terminal)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
