"""An output that cannot show every character (ASCII, Latin-1, cp1252) gets plain stand-ins, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, FakeEmbedder

from coder.cli.streams import HANDLER, can_show_all, fit_streams
from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file

ROOT = Path(__file__).resolve().parent.parent


def test_what_an_encoding_lacks_is_written_plainly() -> None:
    fit_streams()  # registers the handler
    assert "Kørsel – ▲ 12,5 % “godt” κ".encode("ascii", HANDLER) == b'Koersel - ^ 12,5 % "godt" kappa'
    assert "Kørsel – ▼ é".encode("cp1252", HANDLER).decode("cp1252") == "Kørsel – v é"  # cp1252 has æøå and –
    assert "Ångström 中".encode("ascii", HANDLER) == b"Aangstrom ?"


def test_the_review_screen_needs_an_output_that_shows_everything(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert not can_show_all()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert can_show_all()


def test_a_report_to_an_ascii_or_cp1252_output_is_written_plainly_not_a_traceback(tmp_path: Path) -> None:
    """walk24: PYTHONIOENCODING=ascii crashed every command on the en dash or æ; cp1252 (a Windows redirect)
    crashed a --by report halfway, on ▲/▼."""
    project = tmp_path / "proj"
    code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(ROOT / "codebooks" / "klynger.yaml"), project,
              CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id")), embedder=FakeEmbedder())
    for encoding in ("ascii", "cp1252"):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        done = subprocess.run([sys.executable, "-m", "coder.cli", "report", str(project), "--by", "speciale",
                               "--min-group", "1"], cwd=ROOT, env=env, capture_output=True, timeout=300)
        err = done.stderr.decode(encoding)
        assert done.returncode == 0 and "Traceback" not in err, err
        assert "kan ikke vise alle de tegn" in " ".join(err.split()) or encoding != "ascii"
        out = done.stdout.decode(encoding)
        assert ("Kvalitetsklynger - hvad goer" if encoding == "ascii" else "Kvalitetsklynger – hvad gør") in out
    # walk26: a JSON or CSV redirected to a file under cp1252 lost what cp1252 lacks; it is written as UTF-8
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "coder.cli", "report", str(project), "--format", "json"], cwd=ROOT,
                          env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["title"].startswith("Temaer – Kvalitetsklynger")
    version = subprocess.run([sys.executable, "-m", "coder.cli", "--version"], cwd=ROOT, env=env,
                             capture_output=True, timeout=120)
    assert version.stderr == b""  # no notice before a plain answer
