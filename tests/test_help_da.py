"""--help in Danish for a Danish reader (walk20, walk24: the help was the one English thing on the screen)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import typer

from coder.cli import app
from coder.cli.help_da import texts

ROOT = Path(__file__).resolve().parent.parent


def _help_texts(command, out: list[str]) -> list[str]:
    out += [t for t in (command.help, getattr(command, "short_help", None)) if t]
    out += [p.help for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        _help_texts(sub, out)
    return out


def test_every_help_text_has_a_danish_wording() -> None:
    """A new option without a Danish help text fails here, not on a Danish analyst's screen."""
    missing = [t for t in _help_texts(typer.main.get_command(app), []) if t.strip() not in texts()]
    assert not missing, missing


def test_the_danish_wording_keeps_what_a_reader_types() -> None:
    """Option names, placeholders and file names are typed as they are: the Danish help must show them alike."""
    for english, danish in texts().items():
        kept = set(re.findall(r"--[a-z][a-z-]*|\b[A-Z]{3,}\b|\b[\w/]+\.(?:yaml|csv|qdpx|qdc|xlsx)\b", english))
        kept -= {"NEW", "CPU", "SQLite", "YAML", "XLSX", "CSV", "JSON", "REFI", "QDA", "PNG", "HTML", "TSV"}
        assert all(k in danish for k in kept), (english, danish, [k for k in kept if k not in danish])
        assert danish.strip() and danish != english or not re.search(r"[a-z]{4}", english), english


def _help(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "coder.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_help_is_danish_unless_the_reader_asks_for_english() -> None:
    danish = _help("code", "--help")
    assert danish.startswith("Brug: ") and " code [TILVALG]" in danish.splitlines()[0]
    assert "Tilvalg:" in danish and "Argumenter:" in danish and "[skal angives]" in danish
    assert "Projektmappe, der skal oprettes" in danish and "Vis denne hjælp, og afslut." in danish
    kinds = set(re.findall(r"<[^<>\s][^<>]*>", danish))  # walk36: '<int range>' and '[OPTIONS]' stayed English
    assert kinds <= {"<tekst>", "<sti>", "<heltal>", "<tal>", "<tekst …>", "<sti …>"} and "<tekst …>" in kinds, kinds
    assert "KOMMANDO [ARGUMENTER]..." in _help("codebook", "--help").splitlines()[0]  # walk38
    english = _help("code", "--help", "--locale", "en")
    assert english.startswith("Usage: ") and "Project directory to create or" in english
    assert " code [OPTIONS]" in english.splitlines()[0] and "<int range>" in english


def test_an_english_reader_gets_english_help_at_every_level(tmp_path: Path) -> None:
    """walk29: 'coder --help' could not be had in English, and 'codebook check en.yaml --help' or
    '--codebook=en.yaml' gave Danish help for an English codebook."""
    english = tmp_path / "en.yaml"
    english.write_text((ROOT / "codebooks" / "klynger.yaml").read_text(encoding="utf-8").replace("language: da",
                                                                                                "language: en"),
                       encoding="utf-8")
    assert _help("--help", "--locale", "en").startswith("Usage: ")
    assert _help("codebook", "--locale", "en", "--help").startswith("Usage: ")
    assert _help("codebook", "check", str(english), "--help").startswith("Usage: ")
    assert _help("code", f"--codebook={english}", "--help").startswith("Usage: ")
    assert _help("codebook", "check", str(ROOT / "codebooks" / "klynger.yaml"), "--help").startswith("Brug: ")
