"""Docs stay in step with the CLI: every command has help and is in the README (after sqlite-utils' test_docs.py)."""

from __future__ import annotations

import re

import pytest
import typer
from conftest import ROOT
from typer.testing import CliRunner

from coder.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _walk(command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """(path below 'coder', click command) for the root, every group and every command under them."""
    found = [(path, command)]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found.extend(_walk(sub, path + (name,)))
    return found


COMMANDS = _walk(typer.main.get_command(app))
SUBCOMMANDS = [(path, cmd) for path, cmd in COMMANDS if path]


def _name(path: tuple[str, ...]) -> str:
    return " ".join(("coder",) + path)


def test_the_tree_holds_every_command() -> None:
    names = {_name(path) for path, _ in COMMANDS}
    assert {"coder code", "coder report", "coder codebook", "coder codebook check", "coder review",
            "coder agreement"} <= names


@pytest.mark.parametrize("path,command", COMMANDS, ids=[_name(p) for p, _ in COMMANDS])
def test_every_command_has_help(path: tuple[str, ...], command) -> None:
    assert (command.help or "").strip(), f"{_name(path)} has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[_name(p) for p, _ in COMMANDS])
def test_help_exits_0(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path,command", COMMANDS, ids=[_name(p) for p, _ in COMMANDS])
def test_help_at_60_columns_shows_every_option_name_whole(path: tuple[str, ...], command) -> None:
    """walk24: at 60 columns the help cut '--labels-are-random' to '--labels-are…'; the arguments are named as the
    help's text names them (INPUT, DIR), not 'input'."""
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "60"}, terminal_width=60)
    assert result.exit_code == 0, result.output
    for param in command.params:
        for name in getattr(param, "opts", []):
            if name.startswith("--"):
                assert name in result.output, (name, result.output)
    usage = result.output.splitlines()[0]
    for param in command.params:
        if param.param_type_name == "argument":
            assert param.metavar and param.metavar.isupper() and param.metavar in usage, usage


@pytest.mark.parametrize("args", [[], ["codebook"]])
def test_a_group_alone_prints_its_help(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert "Usage:" in result.output and "Commands:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("path", [p for p, _ in SUBCOMMANDS], ids=[_name(p) for p, _ in SUBCOMMANDS])
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    name = _name(path)
    assert re.search(rf"`{re.escape(name)}(?:[ `])", README), f"{name} is not documented in README.md"


def _commands_in(lines: list[str]) -> list[str]:
    """The commands inside fenced code blocks, without their comments."""
    commands, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            command = line.split("#", 1)[0].strip()
            if command:
                commands.append(command)
    return commands


def test_readme_first_screen_has_exactly_the_two_commands() -> None:
    assert _commands_in(README.splitlines()[:15]) == ["scripts/demo.sh", "scripts/test.sh"]
    for script in ("demo.sh", "test.sh"):
        assert (ROOT / "scripts" / script).is_file(), script


def test_ci_runs_the_readme_test_command() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.split("#", 1)[0].strip() for line in lines]
    assert any(c == "scripts/test.sh" or c.startswith("scripts/test.sh ") for c in commands)
