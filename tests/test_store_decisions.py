"""The decision log: commits at once, latest wins, undo appends, nothing is ever updated or deleted."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from review_support import coded_ids, make_project

from coder.errors import ProjectError, ReviewError
from coder.store import MIGRATIONS, SCHEMA_VERSION, Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open_project(make_project(tmp_path / "p"))
    yield s
    s.close()


def label(store: Store, cid: str) -> tuple[tuple[str, ...], str]:
    row = next(r for r in store.rows() if r.comment_id == cid)
    return row.themes, row.source


def test_decision_reads_before_and_a_reviewers_latest_wins_over_their_own_only(store: Store) -> None:
    cid = coded_ids(store)[0]
    model = label(store, cid)[0]
    first = store.record_decision(cid, "anna", ("kritik", "social"), note="klart kritisk")
    assert (first.themes_before, first.themes_after, first.note, first.action) == (model, ("kritik", "social"),
                                                                                   "klart kritisk", "set")
    second = store.record_decision(cid, "anna", ("data",))
    assert second.themes_before == ("kritik", "social")
    assert label(store, cid) == (("data",), "human")
    row = next(r for r in store.rows() if r.comment_id == cid)
    assert row.primary == "data" and row.model_themes == model
    store.record_decision(cid, "bo", ("data",))  # a second reviewer who agrees
    assert label(store, cid) == (("data",), "human")
    store.record_decision(cid, "bo", ("social",))  # ... and who, seeing anna's label, changes it: a dispute
    assert label(store, cid) == (model, "disputed")
    # another connection sees it at once: each decision is committed when it returns
    other = Store(store.path)
    assert cid not in other.latest_decisions() and other.reviewer_labels()["bo"][cid] == ("social",)
    other.close()


def test_undo_appends_and_restores(store: Store) -> None:
    cid = coded_ids(store)[0]
    model = label(store, cid)[0]
    store.record_decision(cid, "anna", ("kritik",))
    store.record_decision(cid, "anna", ("data", "kritik"))
    undo = store.undo("anna")
    assert undo is not None and undo.action == "undo" and undo.themes_before == ("data", "kritik")
    assert undo.themes_after == ("kritik",) and label(store, cid) == (("kritik",), "human")
    undo2 = store.undo("anna")
    assert undo2 is not None and undo2.themes_after == model and label(store, cid) == (model, "model")
    assert store.undo("anna") is None
    log = store.decisions(cid)
    assert [d.action for d in log] == ["set", "set", "undo", "undo"]
    assert [d.undoes for d in log[2:]] == [log[1].decision_id, log[0].decision_id]
    assert store.human_labels() == {}


def test_undo_takes_back_only_your_own_decision(store: Store) -> None:
    cid = coded_ids(store)[0]
    store.record_decision(cid, "anna", ("kritik",))
    store.record_decision(cid, "bo", ("social",))
    undo = store.undo("anna")
    assert undo is not None and undo.themes_after == ("social",)
    assert label(store, cid) == (("social",), "human")
    assert store.reviewer_labels() == {"bo": {cid: ("social",)}}


def test_the_log_is_append_only(store: Store) -> None:
    store.record_decision(coded_ids(store)[0], "anna", ("kritik",))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE decisions SET themes_after = 'data'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM decisions")
    assert len(store.decisions()) == 1


@pytest.mark.parametrize("reviewer, themes, message", [
    ("anna", (), "at least one theme"),
    ("anna", ("kritik", "kritik"), "theme listed twice"),
    ("anna", ("nope",), "unknown theme 'nope'; the codebook has indhold, struktur, social, data, kritik, andet"),
    ("  ", ("kritik",), "needs a reviewer name"),
])
def test_bad_decisions_are_refused(store: Store, reviewer: str, themes: tuple[str, ...], message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        store.record_decision(coded_ids(store)[0], reviewer, themes)
    assert store.decisions() == []


def test_unknown_comment_is_refused(store: Store) -> None:
    with pytest.raises(ReviewError, match="X9::kommentar: no such comment"):
        store.record_decision("X9::kommentar", "anna", ("kritik",))
    assert store.decisions() == []


def test_human_label_survives_a_new_model_run(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    cid = coded_ids(store)[0]
    model = label(store, cid)[0]
    theme = "social" if model[0] != "social" else "data"
    store.record_decision(cid, "anna", (theme,))
    store.close()
    make_project(project)  # the model codes everything again into the same project
    store = Store.open_project(project)
    assert store.meta("current_run") == "2"
    row = next(r for r in store.rows() if r.comment_id == cid)
    assert (row.themes, row.primary, row.source) == ((theme,), theme, "human")
    assert row.model_themes  # the new run's own output is kept beside the human label (it may have learned)
    store.close()
    with open(project / "assignments.csv", encoding="utf-8-sig", newline="") as fh:
        line = next(r for r in csv.DictReader(fh) if f"{r['id']}::{r['question']}" == cid)
    assert (line["primary"], line["label_source"]) == (theme, "human")


def test_a_repeated_answer_follows_its_first(store: Store) -> None:
    store.record_decision("A4::kommentar", "anna", ("social", "data"))
    rows = {r.comment_id: r for r in store.rows()}
    assert rows["A5::kommentar"].duplicate_of == "A4"
    assert (rows["A5::kommentar"].themes, rows["A5::kommentar"].source) == (("social", "data"), "human")
    assert "A5::kommentar" not in store.latest_decisions()  # only the decided comment is in the log


def test_model_and_reviewer_views(store: Store) -> None:
    a, b = coded_ids(store)[:2]
    store.record_decision(a, "anna", ("kritik",))
    store.record_decision(a, "bo", ("data",))
    store.record_decision(b, "bo", ("social",))
    assert store.reviewer_labels() == {"anna": {a: ("kritik",)}, "bo": {a: ("data",), b: ("social",)}}
    assert set(store.human_labels("bo")) == {a, b}
    assert a not in store.human_labels() and store.human_labels()[b].reviewer == "bo"  # a is disputed
    model = store.model_labels()
    assert a in model and "A2::kommentar" not in model  # a non-answer has no model label


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "coder.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO comments VALUES ('R1::q', 'R1', 'q', 0, 'tekst', '{}')")
    db.execute("INSERT INTO decisions(comment_id, reviewer, decided_at, themes_before, themes_after) "
               "VALUES ('R1::q', 'anna', '2025-01-01T00:00:00+00:00', '', 'kritik')")
    db.commit()
    db.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION == 6
    assert store.latest_decisions() == {"R1::q": ("kritik",)}
    assert store.decisions()[0].action == "set"
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("DELETE FROM decisions")
    store.close()
    Store(path).close()  # opening again changes nothing


def test_imported_hand_coding_of_a_version_5_database_becomes_blind(tmp_path: Path) -> None:
    """Hand-coded answers imported from the input ('gold:<column>') were stored as made seeing the model;
    they were coded without it, so the migration marks them blind (and only them): they count for the audit."""
    path = tmp_path / "coder.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    db.execute("INSERT INTO comments VALUES ('R1::q', 'R1', 'q', 0, 'tekst', '{}')")
    for reviewer in ("gold:tema", "anna"):
        db.execute("INSERT INTO decisions(comment_id, reviewer, decided_at, themes_before, themes_after, text) "
                   "VALUES ('R1::q', ?, '2025-01-01T00:00:00+00:00', '', 'kritik', 'tekst')", (reviewer,))
    db.commit()
    db.close()
    store = Store(path)
    assert {d.reviewer: d.blind for d in store.decisions()} == {"gold:tema": True, "anna": False}
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE decisions SET blind = 0")  # append-only again
    store.close()


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "coder.db", create=True)
    store.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    store.close()
    with pytest.raises(ProjectError, match="made by a newer coder"):
        Store(tmp_path / "coder.db")


def test_refresh_exports_shows_decisions_made_after_the_run(tmp_path: Path) -> None:
    from coder.report import refresh_exports

    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    cid = coded_ids(store)[0]
    store.record_decision(cid, "anna", ("kritik",))
    store.close()
    run_json = (project / "run.json").read_bytes()
    written = refresh_exports(project)
    assert {p.name for p in written} == {"assignments.csv", "themes.csv", "report.md"}
    assert (project / "run.json").read_bytes() == run_json
    with open(project / "assignments.csv", encoding="utf-8-sig", newline="") as fh:
        line = next(r for r in csv.DictReader(fh) if f"{r['id']}::{r['question']}" == cid)
    assert (line["primary"], line["label_source"]) == ("kritik", "human")


# --- who said what: human, disputed, adjudicated ------------------------------------------------

def _sources(project: Path) -> dict[str, tuple[str, str]]:
    store = Store.open_project(project)
    out = {r.comment_id: (r.source, r.primary) for r in store.rows()}
    store.close()
    return out


def test_a_blind_second_reviewer_never_overwrites_the_first(tmp_path: Path) -> None:
    store = Store.open_project(make_project(tmp_path / "p"))
    model = dict(store.model_labels())
    cid = "A1::kommentar"
    store.record_decision(cid, "anna", ("social",))
    assert _sources(tmp_path / "p")[cid] == ("human", "social")
    store.record_decision(cid, "bo", ("andet",), blind=True)
    assert _sources(tmp_path / "p")[cid] == ("disputed", model[cid][0])  # the model's label until settled
    assert cid not in store.latest_decisions()
    assert store.reviewer_labels() == {"anna": {cid: ("social",)}, "bo": {cid: ("andet",)}}
    store.adjudicate(cid, "carl", ("andet", "social"), note="begge dele")
    assert _sources(tmp_path / "p")[cid] == ("adjudicated", "andet")
    assert store.latest_decisions()[cid] == ("andet", "social")
    store.undo("carl")
    assert _sources(tmp_path / "p")[cid] == ("disputed", model[cid][0])
    store.close()


def test_reviewers_who_agree_give_a_human_label_and_one_who_differs_a_dispute_blind_or_not(tmp_path: Path) -> None:
    store = Store.open_project(make_project(tmp_path / "p"))
    cid = "A4::kommentar"
    store.record_decision(cid, "anna", ("data", "kritik"), blind=True)
    store.record_decision(cid, "bo", ("data", "kritik"), blind=True)
    assert _sources(tmp_path / "p")[cid] == ("human", "data")
    store.record_decision(cid, "bo", ("data",), blind=True)  # secondary themes differ: disputed
    assert _sources(tmp_path / "p")[cid][0] == "disputed"
    store.record_decision(cid, "anna", ("kritik",))  # made seeing bo's label: it stands beside it, still disputed
    assert _sources(tmp_path / "p")[cid][0] == "disputed"
    store.record_decision(cid, "bo", ("kritik",))  # bo comes round: they agree
    assert _sources(tmp_path / "p")[cid] == ("human", "kritik")
    rows = {r.comment_id: r for r in store.rows()}
    assert rows["A5::kommentar"].source == "human" and rows["A5::kommentar"].primary == "kritik"  # A5 repeats A4
    store.close()


def test_decisions_keep_the_text_they_were_made_on(tmp_path: Path) -> None:
    store = Store.open_project(make_project(tmp_path / "p"))
    d = store.record_decision("A1::kommentar", "anna", ("indhold",), note="n")
    text = next(r.text for r in store.rows() if r.comment_id == "A1::kommentar")
    assert d.text == text and d.codebook == store.current_run().codebook.fingerprint() and not d.blind
    store.close()


def test_a_decision_carries_over_a_change_of_punctuation_not_of_words() -> None:
    """A new wave's 'online-møder,' for 'online møder' left an adjudicated decision stale."""
    from coder.store.labels import is_stale, resolve
    from coder.store.records import Decision
    from coder.text import words_key

    d = Decision(1, "R1::q", "anna", "2026-12-07T06:00:00+00:00", (), ("struktur",), "", "set", None,
                 text="Flere online møder")
    assert not is_stale(d, words_key("flere online-møder,"), {"struktur"})
    assert not is_stale(d, words_key("Flere  ONLINE-møder."), {"struktur"})
    assert is_stale(d, words_key("Færre online møder"), {"struktur"})  # another word: another answer
    assert resolve([d], "Flere online-møder", {"struktur"}).themes == ("struktur",)


def test_a_database_another_program_is_writing_is_said_in_one_line(tmp_path) -> None:
    """A write lock held elsewhere gave a traceback (and the review screen died with exit code 0)."""
    import sqlite3

    from coder.errors import ProjectError
    from coder.store.db import _translate

    said = _translate(sqlite3.OperationalError("database is locked"), tmp_path / "coder.db")
    assert isinstance(said, ProjectError) and "another program is writing the project database" in str(said)
    assert "et andet program skriver i projektdatabasen" in said.danish


def test_a_disk_io_error_on_a_full_disk_is_a_full_disk_not_damage(tmp_path, monkeypatch) -> None:
    """'disk I/O error' (the -shm file could not be made) was read as a damaged database, and the advised --replace
    then set an intact database aside."""
    import shutil
    import sqlite3
    from collections import namedtuple

    from coder.errors import DamagedProject, ProjectError
    from coder.store.db import _translate

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10 << 20, 10 << 20, 0))
    full = _translate(sqlite3.OperationalError("disk I/O error"), tmp_path / "coder.db")
    assert isinstance(full, ProjectError) and not isinstance(full, DamagedProject) and "disk is full" in str(full)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10 << 30, 1 << 30, 9 << 30))
    assert isinstance(_translate(sqlite3.OperationalError("disk I/O error"), tmp_path / "coder.db"), DamagedProject)


def test_a_project_coded_before_labels_were_checked_still_opens(tmp_path: Path) -> None:
    """Codebooks with one label on two themes are refused now; a project coded with one before is read as it is."""
    import json

    path = make_project(tmp_path / "p")
    with sqlite3.connect(path / "coder.db") as db:
        (content,) = db.execute("SELECT content FROM codebooks").fetchone()
        data = json.loads(content)
        data["themes"][1]["label"] = data["themes"][0]["label"].upper()
        db.execute("UPDATE codebooks SET content = ?", (json.dumps(data),))
    s = Store.open_project(path)
    try:
        cb = s.current_run().codebook
        assert cb.themes[1].label == cb.themes[0].label.upper()
    finally:
        s.close()
