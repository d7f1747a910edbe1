"""Data protection: ``coder forget`` erases a respondent who withdraws consent from the project, its backups and
the cache; the cache kept out where asked; CPR numbers as ids said.

walk30's data protection audit found no way to do it short of ``--replace``, which threw away every reviewer's
work, and that an erased respondent's old decision came back in force when an input held them again.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from coder.cli import app
from coder.embed.cache import EmbeddingCache
from coder.review.start import open_audit
from coder.store import Store, backup
from coder.text.letters import danish_letters

SURVEY = ROOT / "tests" / "data" / "survey_semicolon_cp1252.csv"
CODEBOOK = ROOT / "codebooks" / "klynger.yaml"
PHONE = "28 14 55 90"  # in A6's answer to kommentar


def invoke(home: Path, *args: str):
    return CliRunner().invoke(app, list(args), env={"CODER_HOME": str(home), "COLUMNS": "200"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The test survey coded (cached vectors under tmp_path/home), with reviewer decisions on A6 and A1, an audit
    sample and a backup of coder.db."""
    home, out = tmp_path / "home", tmp_path / "p"
    args = ["code", str(SURVEY), "-c", str(CODEBOOK), "-o", str(out), "-m", "lexical", "-t", "kommentar",
            "-t", "andre_kommentarer", "--id-col", "id"]
    assert invoke(home, *args).exit_code == 0
    store = Store.open_project(out)
    a6 = "A6::kommentar"
    store.record_decision(a6, "anna", ("struktur",), note=f"ringede til Jens Hansen på {PHONE}")
    store.record_decision(a6, "bo", ("kritik",), blind=True)
    store.record_decision("A1::kommentar", "anna", ("indhold",))
    open_audit(store, "cai", 7)  # every answer of a small survey is drawn
    store.close()
    backup(out / "coder.db", "test")  # as coder makes one before anything risky
    return out


def _everything(path: Path) -> bytes:
    """The database file and its write-ahead log, as bytes."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_without_yes_nothing_is_erased_and_what_would_be_is_said(project: Path) -> None:
    before = (project / "coder.db").read_bytes()
    result = invoke(project.parent / "home", "forget", str(project), "A6")
    assert result.exit_code == 0, result.output
    assert "Ville slette A6: 2 svar, 2 reviewerbeslutninger og" in result.output and "tilføj --yes" in result.output
    assert (project / "coder.db").read_bytes() == before


def test_forget_erases_the_respondent_everywhere_and_keeps_the_rest(project: Path) -> None:
    home = project.parent / "home"
    backups = sorted((project / "backups").glob("*.db"))
    assert backups and all(PHONE.encode() in b.read_bytes() for b in backups)
    assert PHONE.encode() in _everything(project / "coder.db")
    result = invoke(home, "forget", str(project), "A6", "--yes")
    assert result.exit_code == 0, result.output
    assert "Slettede A6: 2 svar, 2 reviewerbeslutninger" in result.output
    for db in [project / "coder.db", *backups]:
        assert PHONE.encode() not in _everything(db) and b"Jens Hansen" not in _everything(db), db
    store = Store.open_project(project)
    try:
        assert not [r for r in store.rows() if r.respondent == "A6"]
        assert [d.comment_id for d in store.decisions()] == ["A1::kommentar"]  # the others' work stays
        with pytest.raises(Exception, match="append-only"):  # and the log is guarded again
            store.db.execute("DELETE FROM decisions")
    finally:
        store.close()
    with (project / "assignments.csv").open(encoding="utf-8-sig") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    assert "A6" not in ids and "A1" in ids
    assert "Fjern dem også fra inputtet" in result.output  # the input still holds them
    assert invoke(home, "report", str(project)).exit_code == 0


def test_the_vectors_of_their_answers_leave_the_cache(project: Path) -> None:
    home = project.parent / "home"
    text = next(r.text for r in Store.open_project(project).rows() if r.comment_id == "A6::kommentar")
    wanted = EmbeddingCache.digest(danish_letters(text))

    def cached() -> int:
        return sum(int(any(bytes(h) == wanted for h in np.load(s)["hashes"]))
                   for s in (home / "embeddings").glob("*/*.npz"))

    assert cached() == 1
    assert invoke(home, "forget", str(project), "A6", "--yes").exit_code == 0
    assert cached() == 0


def test_an_answer_that_repeated_theirs_becomes_a_first_occurrence(project: Path) -> None:
    """A5's 'Mere data fra vores egne klinikker' repeats A4's: with A4 gone it is coded on its own account."""
    assert invoke(project.parent / "home", "forget", str(project), "A4", "--yes").exit_code == 0
    store = Store.open_project(project)
    try:
        a5 = next(r for r in store.rows() if r.comment_id == "A5::kommentar")
        assert a5.duplicate_of is None and a5.primary is not None
    finally:
        store.close()


def test_an_erased_respondent_in_the_input_again_is_said(project: Path) -> None:
    home = project.parent / "home"
    assert invoke(home, "forget", str(project), "A6", "--yes").exit_code == 0
    again = invoke(home, "code", str(SURVEY), "-c", str(CODEBOOK), "-o", str(project), "-m", "lexical", "-t",
                   "kommentar", "-t", "andre_kommentarer", "--id-col", "id")
    assert again.exit_code == 0, again.output
    assert "er i inputtet igen og er kodet på ny: A6" in " ".join(again.output.split())
    store = Store.open_project(project)
    try:  # coded anew, without the decisions made before the erasure
        assert not [d for d in store.decisions() if d.comment_id.startswith("A6::")]
    finally:
        store.close()


def test_next_years_project_says_who_was_erased_from_the_project_it_learns_from(project: Path) -> None:
    """walk40: each wave is a project of its own, so an erased respondent came back in next year's project, even
    coded with --labels last year's project, without a word."""
    home = project.parent / "home"
    assert invoke(home, "forget", str(project), "A6", "--yes").exit_code == 0
    args = ["code", str(SURVEY), "-c", str(CODEBOOK), "-m", "lexical", "-t", "kommentar", "-t", "andre_kommentarer",
            "--id-col", "id"]
    alone = invoke(home, *args, "-o", str(project.parent / "alone"))
    assert alone.exit_code == 0 and "slettet" not in alone.output  # another survey: nothing to know
    linked = invoke(home, *args, "-o", str(project.parent / "next"), "--labels", str(project))
    assert linked.exit_code == 0, linked.output
    said = " ".join(linked.output.split())
    assert f"respondenter, der er slettet fra {project} (hvis koder denne kørsel lærer af) med 'coder forget', er i " \
           "inputtet: A6" in said


def test_a_codebook_learned_from_the_project_that_quotes_them_is_named(project: Path, tmp_path: Path) -> None:
    """walk40: 'coder codebook learn' copied the erased respondent's answer into next year's codebook, and forget
    said nothing of it; the files that would still hold them are said before --yes too."""
    home = project.parent / "home"
    store = Store.open_project(project)
    try:
        text = next(r.text for r in store.rows() if r.comment_id == "A1::kommentar")
    finally:
        store.close()
    learned = tmp_path / "next.yaml"
    assert invoke(home, "codebook", "learn", str(project), "-o", str(learned)).exit_code == 0
    assert text in learned.read_text(encoding="utf-8")  # A1's reviewed answer became an example
    (project / "report").mkdir()
    (project / "report" / "notes.md").write_text("Se A1\n", encoding="utf-8")
    before = " ".join(invoke(home, "forget", str(project), "A1").output.split())
    assert "Ville slette A1" in before and "report/notes.md" in before and str(learned) in before
    done = " ".join(invoke(home, "forget", str(project), "A1", "--yes").output.split())
    assert f"citerer deres svar som eksempler: {learned}" in done


def test_files_that_still_hold_them_are_named(project: Path) -> None:
    home = project.parent / "home"
    (project / "report").mkdir()
    (project / "report" / "notes.md").write_text("Se A6 og A7\n", encoding="utf-8")
    (project / "report" / "other.md").write_text("Intet om dem\n", encoding="utf-8")
    result = invoke(home, "forget", str(project), "A6", "--yes")
    listed = " ".join(result.output.split()).split("eller slet dem: ")[1].split(" ")[0]
    assert listed == "report/notes.md"  # not other.md, nor the exports forget wrote again


def test_an_unknown_id_is_refused_with_the_id_it_may_be(project: Path) -> None:
    home = project.parent / "home"
    result = invoke(home, "forget", str(project), "a6", "--yes")
    assert result.exit_code == 2 and "ingen respondent a6" in result.output and "mente du 'A6'" in result.output
    assert "Traceback" not in result.output
    assert invoke(home, "forget", str(project), "A6", "--yes").exit_code == 0
    again = invoke(home, "forget", str(project), "A6", "--yes")  # it said 'no respondent A6' (walk33)
    assert again.exit_code == 2 and "allerede slettet fra" in again.output and "A6 (" in again.output


def test_a_backup_is_still_a_database_coder_reads(project: Path) -> None:
    assert invoke(project.parent / "home", "forget", str(project), "A6", "--yes").exit_code == 0
    for b in (project / "backups").glob("*.db"):
        db = sqlite3.connect(b)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("SELECT COUNT(*) FROM comments WHERE respondent = 'A6'").fetchone()[0] == 0
        finally:
            db.close()


def test_discover_keeps_to_a_project_coded_without_the_cache_and_has_no_cache_of_its_own(tmp_path: Path) -> None:
    """discover always wrote the vectors of the raw answers to the cache shared by every project (walk30)."""
    home, out = tmp_path / "home", tmp_path / "p"
    coded = invoke(home, "code", str(SURVEY), "-c", str(CODEBOOK), "-o", str(out), "-m", "lexical", "-t", "kommentar",
                   "--id-col", "id", "--no-cache")
    assert coded.exit_code == 0, coded.output
    assert invoke(home, "discover", str(out)).exit_code == 0
    assert not list(home.glob("embeddings/*/*.npz"))
    found = invoke(home, "discover", str(SURVEY), "-o", str(tmp_path / "d"), "-m", "lexical", "-t", "kommentar",
                   "--no-cache")
    assert found.exit_code == 0, found.output
    assert not list(home.glob("embeddings/*/*.npz"))
    assert invoke(home, "discover", str(SURVEY), "-o", str(tmp_path / "e"), "-m", "lexical", "-t",
                  "kommentar").exit_code == 0
    assert list(home.glob("embeddings/*/*.npz"))  # the cache is used where nobody said otherwise


def test_a_column_of_cpr_numbers_is_said(tmp_path: Path) -> None:
    """CPR numbers used as respondent ids went into coder.db, the exports and messages without a word (walk30)."""
    survey = tmp_path / "cpr.csv"
    survey.write_text("cpr;speciale;kommentar\n" + "".join(
        f"{d:02d}0372-12{d:02d};Radiologi;Mere faglighed og gode oplæg nummer {d}\n" for d in range(1, 9)),
        encoding="utf-8")
    home = tmp_path / "home"
    result = invoke(home, "code", str(survey), "-c", str(CODEBOOK), "-o", str(tmp_path / "p"), "-m", "lexical",
                    "-t", "kommentar", "--id-col", "cpr")
    assert result.exit_code == 0, result.output
    assert "'cpr' indeholder CPR-numre" in " ".join(result.output.split())
    plain = invoke(home, "code", str(SURVEY), "-c", str(CODEBOOK), "-o", str(tmp_path / "q"), "-m", "lexical",
                   "-t", "kommentar", "--id-col", "id")
    assert "CPR" not in plain.output


def test_no_trace_of_their_ids_is_left_and_the_audit_sample_grows_again(project: Path) -> None:
    """The audit designs and a run's progress record kept the erased answers' ids, and 'coder review --audit N', which
    forget itself advised, crashed on them (walk33)."""
    from coder.review.audit import audit_samples, draw_audit

    assert invoke(project.parent / "home", "forget", str(project), "A6", "--yes").exit_code == 0
    for db in [project / "coder.db", *(project / "backups").glob("*.db")]:
        assert b"A6::" not in _everything(db), db
    store = Store.open_project(project)
    try:
        before = {i.comment_id for i in store.audit_items(store.current_run().input_sha256)}
        added = draw_audit(store, 8)  # more than a question has: every answer left is drawn, none twice
        run = store.current_run()
        after = [i.comment_id for i in store.audit_items(run.input_sha256)]
        assert sum(added.values()) == len(after) - len(before) and len(after) == len(set(after))
        design = store.audit_design(run.input_sha256, "kommentar")
        assert not [c for ids in design.strata.values() for c in ids if c.startswith("A6::")]
        sample = audit_samples(store, run, list(store.rows(run.run_id)))["kommentar"]
        assert sum(sample.strata.values()) == sum(map(len, design.strata.values()))  # sizes count those left
    finally:
        store.close()


def test_where_ids_are_row_numbers_the_next_row_is_not_taken_for_the_erased_one(tmp_path: Path) -> None:
    """Ids were row numbers: with row 5 erased and removed from the input, the next respondent became 5, and the
    run said the erased one was back and to run forget again, which would have erased someone else (walk33)."""
    home, out = tmp_path / "home", tmp_path / "p"
    answers = [f"Svar nummer {i} om gode faglige oplæg og møder" for i in range(1, 9)]
    survey = tmp_path / "s.csv"
    survey.write_text("kommentar\n" + "".join(f"{a}\n" for a in answers), encoding="utf-8")
    args = ["code", str(survey), "-c", str(CODEBOOK), "-o", str(out), "-m", "lexical", "-t", "kommentar"]
    assert invoke(home, *args).exit_code == 0
    erased = next(r.respondent for r in Store.open_project(out).rows() if r.text == answers[4])
    assert invoke(home, "forget", str(out), erased, "--yes").exit_code == 0
    survey.write_text("kommentar\n" + "".join(f"{a}\n" for a in answers if a != answers[4]), encoding="utf-8")
    without = invoke(home, *args, "--update")
    assert without.exit_code == 0 and "slettet fra projektet" not in without.output
    survey.write_text("kommentar\n" + "".join(f"{a}\n" for a in answers), encoding="utf-8")
    again = invoke(home, *args, "--update")
    assert again.exit_code == 0 and "er i inputtet igen og er kodet på ny" in " ".join(again.output.split())


def test_an_interrupted_run_is_finished_first(project: Path) -> None:
    """forget while a run was unfinished said to copy a backup over coder.db, under a live run too (walk33)."""
    db = sqlite3.connect(project / "coder.db")
    try:
        db.execute("INSERT INTO runs (started_at, input_path, input_sha256, model_id, codebook, settings, "
                   "attribute_columns) SELECT started_at, input_path, 'other', model_id, codebook, settings, "
                   "attribute_columns FROM runs ORDER BY run_id DESC LIMIT 1")
        db.commit()
    finally:
        db.close()
    result = invoke(project.parent / "home", "forget", str(project), "A6", "--yes")
    assert result.exit_code == 2 and "blev afbrudt og er ikke færdig; kør samme kommando igen" in result.output
    assert "cp " not in result.output
    assert PHONE.encode() in _everything(project / "coder.db")  # nothing erased yet


def test_writing_the_workbook_says_it_lists_every_answer_by_id(project: Path, tmp_path: Path) -> None:
    """The workbook of 'report --format all' sits beside the reports to share and lists every answer with its id
    (walk30); it is said, as the .qdpx export says it."""
    home = project.parent / "home"
    book = invoke(home, "report", str(project), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    assert book.exit_code == 0 and "viser hver besvarelse ved respondentens id" in " ".join(book.output.split())
    md = invoke(home, "report", str(project), "--format", "md", "--out", str(tmp_path / "r.md"))
    assert md.exit_code == 0 and "respondentens id" not in md.output


def test_an_answer_is_found_in_a_file_however_markdown_escaped_it() -> None:
    """report.md writes '[', '*', '_' and a '<' that could open a tag with a backslash before them."""
    from coder.files import markdown_text
    from coder.pipeline.forget import _holds

    answer = "Mere [fokus] på *data* <b>nu</b> og a_b"
    assert _holds(f"- “{markdown_text(answer)}”", [], [answer[:30]])
    assert not _holds("- “Noget helt andet”", [], [answer[:30]])


def test_an_answer_the_codebook_quotes_is_said_and_counts_are_worded(tmp_path: Path) -> None:
    """walk41: forget crashed (KeyError 'project') where the project's codebook quoted the respondent's answer, on
    the dry run too; and it said '1 reviewerbeslutninger'."""
    home, out = tmp_path / "home", tmp_path / "p"
    survey = tmp_path / "s.csv"
    survey.write_text("id;svar\nR1;Fint som det er\n" + "".join(f"R{i};Flere faglige oplæg nr {i}\n"
                                                               for i in range(2, 9)), encoding="utf-8")
    assert invoke(home, "code", str(survey), "-c", str(CODEBOOK), "-o", str(out), "-m", "lexical", "-t", "svar",
                  "--id-col", "id").exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R1::svar", "anna", ("andet",))
    store.close()
    for extra in ((), ("--yes",)):
        result = invoke(home, "forget", str(out), "R1", *extra)
        said = " ".join(result.output.split())
        assert result.exit_code == 0 and "Traceback" not in said, result.output
        assert "1 svar, 1 reviewerbeslutning og" in said
        assert "citerer deres svar som eksempler" in said and f"-o {out} --update" in said


def test_a_learned_codebook_that_wraps_their_answer_over_lines_is_named(project: Path, tmp_path: Path) -> None:
    """walk41: the YAML writer wrapped a long example over two lines, and forget did not find it."""
    from coder.pipeline.improve import record_learned

    store = Store.open_project(project)
    try:
        text = next(r.text for r in store.rows() if r.comment_id == "A6::kommentar")
    finally:
        store.close()
    cut = text.index(" ", len(text) // 2)
    learned = tmp_path / "learned.yaml"
    learned.write_text(f"themes:\n  - examples:\n      - {text[:cut]}\n        {text[cut + 1:]}\n", encoding="utf-8")
    record_learned(project, learned)
    said = " ".join(invoke(project.parent / "home", "forget", str(project), "A6").output.split())
    assert f"citerer deres svar som eksempler: {learned}" in said
