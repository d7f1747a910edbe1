from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import DATA, FakeEmbedder

from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.store import Store


def _read_assignments(out: Path) -> list[dict[str, str]]:
    with open(out / "assignments.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _run(out: Path, codebook_path: Path, embedder: FakeEmbedder, name: str = "survey_semicolon_cp1252.csv"):
    return code_file(DATA / name, load_codebook(codebook_path), out,
                     CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id")), embedder=embedder)


def test_every_row_comes_out_with_a_status(tmp_path: Path, codebook_path: Path, fake_embedder: FakeEmbedder) -> None:
    result = _run(tmp_path / "p", codebook_path, fake_embedder)
    rows = _read_assignments(tmp_path / "p")
    assert len(rows) == 7 * 2
    assert result.counts == {"kommentar": {"coded": 5, "non_answer": 1, "empty": 1},
                             "andre_kommentarer": {"coded": 4, "empty": 1, "non_answer": 2}}
    by = {(r["id"], r["question"]): r for r in rows}
    assert by[("A2", "kommentar")]["status"] == "non_answer" and by[("A2", "kommentar")]["primary"] == ""
    assert by[("A3", "kommentar")]["status"] == "empty"
    assert by[("A1", "kommentar")]["status"] == "coded" and by[("A1", "kommentar")]["primary"]
    # attributes carried to every row, in input order, after the fixed columns
    assert list(rows[0])[:12] == ["id", "question", "text", "status", "duplicate_of", "primary", "themes",
                                 "confidence", "label_source", "note", "review_order", "contact"]
    assert list(rows[0])[12:] == ["speciale", "region"]
    assert by[("A6", "kommentar")]["region"] == "Sjælland"


def test_the_run_counts_an_answer_a_reviewer_marked_ikke_svar_as_one(tmp_path: Path, codebook_path: Path,
                                                                   fake_embedder: FakeEmbedder) -> None:
    """walk37: after a reviewer's ikke-svar the rerun's summary and run.json said 403 coded, its report 402."""
    from coder.store.records import NOT_ANSWER

    _run(tmp_path / "p", codebook_path, fake_embedder)
    coded = next(r for r in _read_assignments(tmp_path / "p")
                 if r["question"] == "kommentar" and r["status"] == "coded")
    store = Store.open_project(tmp_path / "p")
    store.record_decision(f"{coded['id']}::kommentar", "anna", (NOT_ANSWER,))
    store.close()
    result = _run(tmp_path / "p", codebook_path, fake_embedder)
    assert result.counts["kommentar"] == {"coded": 4, "non_answer": 2, "empty": 1}
    statuses = [r["status"] for r in _read_assignments(tmp_path / "p") if r["question"] == "kommentar"]
    assert statuses.count("non_answer") == 2
    record = json.loads((tmp_path / "p" / "run.json").read_text(encoding="utf-8"))
    assert record["counts"]["by_question"]["kommentar"] == result.counts["kommentar"]


def test_duplicates_point_at_the_first_and_share_its_codes(tmp_path: Path, codebook_path: Path,
                                                           fake_embedder: FakeEmbedder) -> None:
    _run(tmp_path / "p", codebook_path, fake_embedder)
    by = {(r["id"], r["question"]): r for r in _read_assignments(tmp_path / "p")}
    first, dup = by[("A4", "kommentar")], by[("A5", "kommentar")]
    assert dup["duplicate_of"] == "A4" and first["duplicate_of"] == ""
    assert (dup["primary"], dup["themes"], dup["confidence"]) == (first["primary"], first["themes"],
                                                                  first["confidence"])


def test_exports_redact_and_defuse_formulas(tmp_path: Path, codebook_path: Path, fake_embedder: FakeEmbedder) -> None:
    _run(tmp_path / "p", codebook_path, fake_embedder)
    raw = (tmp_path / "p" / "assignments.csv").read_text(encoding="utf-8-sig")
    assert "28 14 55 90" not in raw and "[TELEFON]" in raw
    assert "'=HYPERLINK" in raw
    assert "28 14 55 90" not in (tmp_path / "p" / "report.md").read_text(encoding="utf-8")


def test_themes_csv_states_the_denominator(tmp_path: Path, codebook_path: Path, fake_embedder: FakeEmbedder) -> None:
    _run(tmp_path / "p", codebook_path, fake_embedder)
    with open(tmp_path / "p" / "themes.csv", encoding="utf-8-sig") as fh:
        lines = list(csv.DictReader(fh))
    kommentar = [r for r in lines if r["question"] == "kommentar"]
    assert [r["theme"] for r in kommentar] == ["indhold", "struktur", "social", "data", "kritik", "andet"]
    assert {r["denominator"] for r in kommentar} == {"5"}
    assert sum(int(r["n"]) for r in kommentar) == 5
    assert abs(sum(float(r["percent"]) for r in kommentar) - 100) < 0.1
    for r in kommentar:
        assert float(r["ci_low"]) <= float(r["percent"]) <= float(r["ci_high"])


def test_run_json_and_store(tmp_path: Path, codebook_path: Path, fake_embedder: FakeEmbedder) -> None:
    result = _run(tmp_path / "p", codebook_path, fake_embedder)
    record = json.loads((tmp_path / "p" / "run.json").read_text(encoding="utf-8"))
    assert record["model"]["id"] == "fake-words-64"
    assert record["codebook"]["name"].startswith("Kvalitetsklynger") and record["codebook"]["version"] == "1.0"
    assert len(record["input"]["sha256"]) == 64
    assert record["counts"]["rows_in"] == 7
    assert record["counts"]["by_question"]["kommentar"] == {"coded": 5, "non_answer": 1, "empty": 1}
    store = Store.open_project(tmp_path / "p")
    assert len(list(store.rows())) == 14
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert result.run_id == 1


def test_same_input_same_output_and_cache(tmp_path: Path, codebook_path: Path) -> None:
    first = FakeEmbedder()
    r1 = _run(tmp_path / "a", codebook_path, first)
    assert r1.encoded == 8  # 9 coded answers, one a duplicate after normalisation
    second = FakeEmbedder()
    r2 = _run(tmp_path / "b", codebook_path, second)
    assert r2.encoded == 0 and second.texts_seen == 0  # everything came from the cache
    for name in ("assignments.csv", "themes.csv", "report.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_all_formats_give_the_same_codes(tmp_path: Path, codebook_path: Path, fake_embedder: FakeEmbedder) -> None:
    outs = []
    for name in ("survey_semicolon_cp1252.csv", "survey_comma_utf8bom.csv", "survey.xlsx", "survey.jsonl"):
        _run(tmp_path / name, codebook_path, fake_embedder, name)
        outs.append([(r["id"], r["status"], r["primary"]) for r in _read_assignments(tmp_path / name)])
    assert all(o == outs[0] for o in outs)


def test_rerun_into_same_project_keeps_one_current_run(tmp_path: Path, codebook_path: Path,
                                                       fake_embedder: FakeEmbedder) -> None:
    _run(tmp_path / "p", codebook_path, fake_embedder)
    result = _run(tmp_path / "p", codebook_path, fake_embedder)
    assert result.run_id == 2
    assert len(_read_assignments(tmp_path / "p")) == 14


def test_reruns_keep_the_predictions_of_two_runs_only(tmp_path: Path, codebook_path: Path,
                                                    fake_embedder: FakeEmbedder) -> None:
    import sqlite3

    for _ in range(4):
        result = _run(tmp_path / "p", codebook_path, fake_embedder)
    db = sqlite3.connect(tmp_path / "p" / "coder.db")
    kept = dict(db.execute("SELECT run_id, count(*) FROM predictions GROUP BY run_id"))
    assert kept == {3: 14, 4: 14} and result.run_id == 4  # the current run and the one it replaced
    assert [r for (r,) in db.execute("SELECT run_id FROM runs ORDER BY run_id")] == [1, 2, 3, 4]  # their records stay
    assert db.execute("SELECT count(DISTINCT run_id) FROM run_keys WHERE run_id < 3").fetchone() == (0,)
    assert len(_read_assignments(tmp_path / "p")) == 14


def test_an_interruption_after_the_new_run_is_current_leaves_no_old_exports(tmp_path: Path, codebook_path: Path,
                                                                            fake_embedder: FakeEmbedder,
                                                                            monkeypatch) -> None:
    """Ctrl-C between the new run becoming current and its exports left the old run's files beside it."""
    from coder.report import RunExport

    _run(tmp_path / "p", codebook_path, fake_embedder)
    assert (tmp_path / "p" / "assignments.csv").exists()

    def interrupted(self, out_dir, run_record=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(RunExport, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(tmp_path / "p", codebook_path, fake_embedder)
    assert Store.open_project(tmp_path / "p").current_run().run_id == 2
    assert not [name for name in ("assignments.csv", "themes.csv", "report.md", "run.json")
                if (tmp_path / "p" / name).exists()]


def test_a_second_coder_code_on_a_project_being_written_is_refused(tmp_path: Path, codebook_path: Path,
                                                                     fake_embedder: FakeEmbedder) -> None:
    """Two runs at once took each other's working files away; the second said it resumed a run still running."""
    from coder.errors import ProjectError
    from coder.pipeline.project import LOCK, run_lock

    _run(tmp_path / "p", codebook_path, fake_embedder)
    with run_lock(tmp_path / "p"):  # as another process running coder code holds it
        with pytest.raises(ProjectError, match="another 'coder code' is writing this project"):
            _run(tmp_path / "p", codebook_path, fake_embedder)
    assert _run(tmp_path / "p", codebook_path, fake_embedder).run_id == 2  # free again once the first is done
    assert not (tmp_path / "p" / LOCK).exists()
    with run_lock(tmp_path / "new"):  # a new folder holding only the lock is still a new, empty one
        pass
    assert _run(tmp_path / "new", codebook_path, fake_embedder).run_id == 1


def test_row_count_guard_stops_the_export_when_a_row_is_lost(tmp_path: Path, codebook_path: Path,
                                                              fake_embedder: FakeEmbedder, monkeypatch) -> None:
    from coder.errors import CoderError
    from coder.store import Store as StoreClass

    rows = StoreClass.rows

    def one_short(self, run_id=None):
        return list(rows(self, run_id))[:-1]

    monkeypatch.setattr(StoreClass, "rows", one_short)
    with pytest.raises(CoderError, match="internal error: 14 comments in, 13 out; nothing was exported"):
        _run(tmp_path / "p", codebook_path, fake_embedder)
    assert not (tmp_path / "p" / "assignments.csv").exists()


def test_formula_starts_in_answers_are_defused_in_assignments(tmp_path: Path, codebook_path: Path,
                                                              fake_embedder: FakeEmbedder) -> None:
    answers = ["=SUM(1;2) flere oplæg", "+ mere data tak", "- færre møder", "@alle: bedre dagsorden"]
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["id", "svar"])
        writer.writerows([[f"R{i}", a] for i, a in enumerate(answers)])
    code_file(path, load_codebook(codebook_path), tmp_path / "p", CodeOptions(ReadOptions(("svar",), "id")),
              embedder=fake_embedder)
    texts = [r["text"] for r in _read_assignments(tmp_path / "p")]
    assert texts == ["'" + a for a in answers]


def test_a_question_wording_for_a_column_the_run_does_not_code_is_warned_about(tmp_path: Path) -> None:
    from conftest import ROOT

    cb = load_codebook(ROOT / "codebooks" / "klynger.yaml")
    cb = cb.model_copy(update={"questions": {"kommentar": "Andre kommentarer?", "komentar": "Tastefejl"}})
    result = code_file(DATA / "survey_semicolon_cp1252.csv", cb, tmp_path / "p",
                       CodeOptions(ReadOptions(("kommentar",), "id")), embedder=FakeEmbedder())
    said = [w for w in result.warnings if "questions" in w]
    assert len(said) == 1 and "'komentar'" in said[0] and "kommentar" in said[0]
    assert "'komentar' er ikke et spørgsmål i denne kørsel" in said[0].danish
    assert result.report.tables[0].title == "Andre kommentarer?"


def test_ids_come_from_a_column_named_id_but_a_project_with_row_numbers_keeps_them(
        tmp_path: Path, codebook_path: Path, fake_embedder: FakeEmbedder) -> None:
    from dataclasses import replace

    codebook = load_codebook(codebook_path)
    read = ReadOptions(("kommentar", "andre_kommentarer"))  # no --id-col
    fresh = tmp_path / "fresh"
    code_file(DATA / "survey_semicolon_cp1252.csv", codebook, fresh, CodeOptions(read), embedder=fake_embedder)
    rows = _read_assignments(fresh)
    assert rows[0]["id"] == "A1" and "id_input" not in rows[0]  # the input's ids, not row numbers
    assert json.loads((fresh / "run.json").read_text(encoding="utf-8"))["settings"]["id_column"] == "id"
    # a project whose runs numbered the rows (made before coder read 'id' on its own) keeps its ids and decisions
    old = tmp_path / "old"
    code_file(DATA / "survey_semicolon_cp1252.csv", codebook, old, CodeOptions(replace(read, row_numbers=True)),
              embedder=fake_embedder)
    store = Store.open_project(old)
    store.record_decision("1::kommentar", "anna", ("data",))
    store.close()
    result = code_file(DATA / "survey_semicolon_cp1252.csv", codebook, old, CodeOptions(read), embedder=fake_embedder)
    rows = _read_assignments(old)
    assert rows[0]["id"] == "1" and rows[0]["id_input"] == "A1" and rows[0]["label_source"] == "human"
    assert any("dette projekts id'er er rækkenumre" in w.danish for w in result.warnings)
    code_file(DATA / "survey_semicolon_cp1252.csv", codebook, old, CodeOptions(read, on_change="replace"),
              embedder=fake_embedder)  # starting over takes the ids from the column
    assert _read_assignments(old)[0]["id"] == "A1"


def test_assignments_say_where_each_answer_stands_in_the_review_queue(tmp_path: Path, codebook_path: Path,
                                                                      fake_embedder: FakeEmbedder) -> None:
    """The issue asked for review_order in assignments.csv (1 = review first); the README said it was there."""
    from coder.report import refresh_exports

    _run(tmp_path / "p", codebook_path, fake_embedder)
    rows = _read_assignments(tmp_path / "p")
    places = sorted(int(r["review_order"]) for r in rows if r["review_order"])
    assert places == list(range(1, len(places) + 1)) and places  # a queue: 1, 2, 3 …
    assert all(r["review_order"] == "" for r in rows if r["status"] in ("empty", "non_answer"))
    first = next(r for r in rows if r["review_order"] == "1")
    store = Store.open_project(tmp_path / "p")
    store.record_decision(f"{first['id']}::{first['question']}", "anna", ("data",))
    store.close()
    refresh_exports(tmp_path / "p")
    again = {(r["id"], r["question"]): r for r in _read_assignments(tmp_path / "p")}
    assert again[(first["id"], first["question"])]["review_order"] == ""  # reviewed: no longer to do


def test_exports_left_behind_by_a_killed_review_session_are_caught_up_and_said(tmp_path: Path, codebook_path: Path,
                                                                                 fake_embedder: FakeEmbedder) -> None:
    """A review session whose terminal was closed saved its decisions but never rewrote assignments.csv,
    themes.csv and report.md, and nothing said they disagreed with coder.db (walk16)."""
    from coder.report import catch_up_exports

    out = tmp_path / "p"
    _run(out, codebook_path, fake_embedder)
    assert catch_up_exports(out) == ()  # coder code's exports show every decision there is
    first = _read_assignments(out)[0]
    store = Store.open_project(out)
    store.record_decision(f"{first['id']}::{first['question']}", "anna", ("data",))  # and then the terminal closed
    store.close()
    assert _read_assignments(out)[0]["label_source"] == "model"
    (notice,) = catch_up_exports(out)
    assert "viste ikke de seneste review-beslutninger (en review-session er stadig åben" in notice.danish
    assert _read_assignments(out)[0]["label_source"] == "human"
    assert catch_up_exports(out) == ()  # once only


@pytest.mark.parametrize("stream_from", [None, 0])  # read whole, and scanned in pieces as a large export is
def test_an_open_question_left_uncoded_is_kept_redacted(tmp_path: Path, codebook_path: Path,
                                                        fake_embedder: FakeEmbedder, stream_from: int | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Coding one of two questions passed the other's e-mails and phone numbers whole into assignments.csv, the
    review screen and the REFI-QDA export (walk13)."""
    path = tmp_path / "s.csv"
    other = ["Skriv til sarah.jones@example.org om det her", "Ring på 22 33 44 55 hvis I vil vide mere",
             "Fint initiativ som helhed, tak for indsatsen", "Mere tid til snak med kollegerne i klyngen"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "speciale", "forbedringer", "kommentar"])
        w.writerows([f"R{i}", "Psykiatri", f"Flere faglige oplæg om emne {i}", other[i % 4]] for i in range(8))
    if stream_from is not None:
        import coder.pipeline.source as source

        monkeypatch.setattr(source, "STREAM_FROM", stream_from)
    result = code_file(path, load_codebook(codebook_path), tmp_path / "p", CodeOptions(ReadOptions(("forbedringer",),
                                                                                                   "id")),
                       embedder=fake_embedder)
    text = (tmp_path / "p" / "assignments.csv").read_text(encoding="utf-8-sig")
    assert "sarah.jones" not in text and "22 33 44 55" not in text and "[EMAIL]" in text
    assert "Psykiatri" in text  # a background column of categories is as it was
    assert any("'kommentar' ligner fritekst, men kodes ikke" in getattr(w, "danish", "") for w in result.warnings)


def test_a_rerun_that_leaves_out_a_question_is_refused_unless_updated(tmp_path: Path, codebook_path: Path,
                                                                      fake_embedder: FakeEmbedder) -> None:
    """Rerunning with one -t of two dropped the other question and its reviewers' work without a word (walk13)."""
    from coder.errors import ProjectError

    _run(tmp_path / "p", codebook_path, fake_embedder)
    one = CodeOptions(ReadOptions(("kommentar",), "id"))
    with pytest.raises(ProjectError, match="also coded 'andre_kommentarer', and this run leaves it out; give "
                                           "-t andre_kommentarer as well"):
        code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(codebook_path), tmp_path / "p", one,
                  embedder=fake_embedder)
    assert Store.open_project(tmp_path / "p").current_run().questions == ("kommentar", "andre_kommentarer")
    result = code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(codebook_path), tmp_path / "p",
                       CodeOptions(ReadOptions(("kommentar",), "id"), on_change="update"), embedder=fake_embedder)
    assert result.questions == ("kommentar",)


def test_a_changed_codebook_says_which_labelled_themes_changed_meaning_or_left(tmp_path: Path, codebook_path: Path,
                                                                             fake_embedder: FakeEmbedder) -> None:
    """walk36: a theme redefined under its id kept its reviewers' labels without a word, and one whose id was renamed
    lost its 14 labels to a general sentence with three possible reasons."""
    _run(tmp_path / "p", codebook_path, fake_embedder)
    store = Store.open_project(tmp_path / "p")
    store.record_decision("A1::kommentar", "anna", ("social",))
    store.record_decision("A4::kommentar", "bo", ("data",))
    store.record_decision("A2::andre_kommentarer", "bo", ("indhold",))
    store.close()
    data = load_codebook(codebook_path).model_dump(mode="json")
    for theme in data["themes"]:
        if theme["id"] == "social":
            theme["description"] = "Svar om honorering og økonomisk kompensation."
        if theme["id"] == "data":
            theme["id"] = "data_og_tal"  # its label stays
        if theme["id"] == "kritik":
            theme["description"] = "Ny tekst om kritik, som ingen reviewer har kodet."
        theme["exclude"] = [n.replace("(se data)", "(se data_og_tal)") for n in theme.get("exclude", [])]
    from coder.codebook import parse_codebook

    result = code_file(DATA / "survey_semicolon_cp1252.csv", parse_codebook(data), tmp_path / "p",
                       CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id"), on_change="update"),
                       embedder=fake_embedder)
    said = [w.danish for w in result.warnings if "temaet '" in getattr(w, "danish", "")]
    assert any(s.startswith("temaet 'social' har ny description; de koder, reviewerne gav 1 svar") and
               "--theme social --status all --reviewer NAVN" in s for s in said), said
    assert any(s.startswith("temaet 'data' er fjernet fra kodebogen, så 1 svar, som") and
               "er 'data_og_tal' det samme tema, så giv det id'et 'data' igen" in s for s in said), said
    assert not any("'kritik'" in s for s in said)  # no reviewer labelled it
    assert not any("'indhold'" in s for s in said)  # only its exclude note's pointer to 'data' changed (walk38)
    assert any(w.danish.startswith("kodebogens indhold er ændret under samme version") for w in result.warnings
               if hasattr(w, "danish"))  # walk38: --update took it without a word
