"""The Typer app, its consoles, and turning errors into one line with exit code 2."""

from __future__ import annotations

import functools
import sys
from typing import Callable, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from coder.errors import CoderError

console = Console()
err_console = Console(stderr=True)
LOCALE_HELP = "da or en; default: the codebook's language."
F = TypeVar("F", bound=Callable[..., object])
# The base of Click's usage errors; Typer exports only BadParameter, and vendors Click since 0.26.
ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class OneLineErrors(TyperGroup):
    """Usage errors (missing argument, bad option value, unknown command) as one line ``Error: …``, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (ClickException, typer.Abort) as err:
            if not standalone_mode:
                raise
            if err.__class__.__name__ == "NoArgsIsHelpError":  # the help is already on the screen
                sys.exit(err.exit_code)
            ctx = getattr(err, "ctx", None)
            hint = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
            message = " ".join(err.format_message().split()) if hasattr(err, "format_message") else "aborted"
            err_console.print(f"[red]Error:[/red] {escape(message.rstrip('.'))}{escape(hint)}", highlight=False,
                              soft_wrap=True)
            sys.exit(getattr(err, "exit_code", 1))
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(help="Code Danish open-ended survey comments into themes, offline.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, cls=OneLineErrors)
codebook_app = typer.Typer(help="Check, show, export and import codebooks.", no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


def user_errors(func: F) -> F:
    """Turn a CoderError into a one-line message and exit code 2 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CoderError as err:
            err_console.print(f"[red]Error:[/red] {escape(str(err))}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2)
        except OSError as err:  # a file the library did not expect to fail (permissions, a full disk)
            where = f"{err.filename}: " if err.filename else ""
            err_console.print(f"[red]Error:[/red] {escape(where + (err.strerror or str(err)))}; check the path, "
                              "its permissions and the free space", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2)
        except KeyboardInterrupt:
            err_console.print("Interrupted.")
            raise typer.Exit(code=130)

    return wrapper  # type: ignore[return-value]
