"""``coder decisions``: the decision log as CSV, with who, when and what became of each decision."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from review_support import make_project
from typer.testing import CliRunner

from coder.cli import app
from coder.store import Store


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))  # the file written with -o has one


def test_the_log_says_who_decided_what_when_and_what_became_of_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    cid = "A1::kommentar"
    store.record_decision(cid, "anna", ("data",), note="ring til Jens Hansen på 12345678")
    store.record_decision(cid, "anna", ("kritik",))
    store.undo("anna")  # back to data
    store.record_decision(cid, "bo", ("social",), blind=True)  # differs: disputed
    store.close()
    disputed = rows(CliRunner().invoke(app, ["decisions", str(project)]).stdout)
    assert [(r["in_force"], r["label_source"]) for r in disputed if r["action"] == "set"] == [
        ("true", "disputed"), ("false", "disputed"), ("true", "disputed")]  # in force, and no reviewer's applies
    store = Store.open_project(project)
    store.adjudicate(cid, "chef", ("data",))
    store.close()
    result = CliRunner().invoke(app, ["decisions", str(project)])
    assert result.exit_code == 0, result.output
    log = rows(result.stdout)
    assert [(r["reviewer"], r["action"], r["themes"]) for r in log] == [
        ("anna", "set", "data"), ("anna", "set", "kritik"), ("anna", "undo", "data"), ("bo", "set", "social"),
        ("chef", "adjudicate", "data")]
    assert [r["in_force"] for r in log] == ["true", "false", "false", "true", "true"]
    assert {r["label_source"] for r in log} == {"adjudicated"}
    assert not result.stdout.startswith("\ufeff")  # a BOM is for a file Excel opens, not the screen or a pipe
    assert [r["undone"] for r in log] == ["false", "true", "false", "false", "false"]
    assert log[2]["undoes"] == log[1]["decision_id"] and log[3]["blind"] == "true"
    assert all(r["id"] == "A1" and r["question"] == "kommentar" and r["decided_at"] for r in log)
    assert "Jens Hansen" not in result.stdout and "12345678" not in result.stdout  # notes redacted
    only_bo = rows(CliRunner().invoke(app, ["decisions", str(project), "--reviewer", "bo"]).stdout)
    assert [r["reviewer"] for r in only_bo] == ["bo"]
    out = tmp_path / "log.csv"
    assert CliRunner().invoke(app, ["decisions", str(project), "-o", str(out)]).exit_code == 0
    assert rows(out.read_text(encoding="utf-8")) == log


def _one_decision(tmp_path: Path) -> Path:
    """A project where anna coded one answer."""
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("data",))
    store.close()
    return project


def test_an_unknown_reviewer_or_question_is_one_line(tmp_path: Path) -> None:
    project = _one_decision(tmp_path)
    result = CliRunner().invoke(app, ["decisions", str(project), "--reviewer", "Anna"])
    assert result.exit_code == 2 and "ingen beslutninger under det navn; projektet har anna" in result.stderr
    result = CliRunner().invoke(app, ["decisions", str(project), "--question", "nope"])
    assert result.exit_code == 2 and "spørgsmålet findes ikke" in result.stderr


def test_the_log_goes_to_the_screen_with_a_dash_and_never_over_a_projects_own_files(tmp_path: Path) -> None:
    """--out - wrote a file named '-'; --out DIR/assignments.csv replaced the project's microdata (walk15, walk18)."""
    project = _one_decision(tmp_path)
    dash = CliRunner().invoke(app, ["decisions", str(project), "--out", "-"])
    assert dash.exit_code == 0 and dash.stdout.startswith("decision_id,") and not Path("-").exists()
    before = (project / "assignments.csv").read_bytes()
    own = CliRunner().invoke(app, ["decisions", str(project), "--out", str(project / "assignments.csv")])
    assert own.exit_code == 2 and "er en af projektets filer" in own.stderr
    assert (project / "assignments.csv").read_bytes() == before


def test_a_decision_on_a_respondent_gone_from_the_input_is_stale_and_not_in_force(tmp_path: Path) -> None:
    from conftest import DATA, FakeEmbedder
    from review_support import CODEBOOK

    from coder.codebook import load_codebook
    from coder.io import ReadOptions
    from coder.pipeline import CodeOptions, code_file
    from coder.pipeline.project import UPDATE

    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("data",))
    store.record_decision("A2::kommentar", "anna", ("kritik",))
    store.close()
    lines = (DATA / "survey_semicolon_cp1252.csv").read_bytes().splitlines(keepends=True)
    wave2 = tmp_path / "wave2.csv"
    wave2.write_bytes(b"".join(line for line in lines if not line.startswith(b"A1;")))  # A1 left this wave
    code_file(wave2, load_codebook(CODEBOOK), project, CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"),
              "id"), on_change=UPDATE), embedder=FakeEmbedder())
    log = {r["id"]: r for r in rows(CliRunner().invoke(app, ["decisions", str(project)]).stdout)}
    assert (log["A1"]["stale"], log["A1"]["in_force"], log["A1"]["label_source"]) == ("true", "false", "")
    assert (log["A2"]["stale"], log["A2"]["in_force"], log["A2"]["label_source"]) == ("false", "true", "human")
    assert (project / "stale.csv").read_text(encoding="utf-8-sig").count("A1") == 1  # as stale.csv says
