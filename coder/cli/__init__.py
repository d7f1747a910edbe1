"""The ``coder`` command line: parse, call the library, render. Errors become one line and exit code 2.

The only Typer code: ``app`` (the Typer app and error handling), and the commands by what they do
(``coding``, ``reporting``, ``reviewing``), each thin over the library.
"""

from coder.cli import coding, reporting, reviewing  # noqa: F401  (registering the commands)
from coder.cli.app import app


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
