"""A reviewer's "not a substantive answer" (ikke-svar) and its reverse: the store, the exports and shares, the
audit and the review app."""

from __future__ import annotations

import asyncio
import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest
from review_support import coded_ids, make_project
from test_audit import _big_project
from test_review_app import screen_text
from typer.testing import CliRunner

from coder.classify.shares import MIN_AUDIT, audit_estimate
from coder.cli import app as cli_app
from coder.errors import ReviewError
from coder.report.exports import refresh_exports
from coder.review.audit import audit_queue, audit_samples
from coder.review.logic import CONFIDENCE, QueueFilter
from coder.review.start import open_adjudication, open_audit, open_session
from coder.review.ui.app import ReviewApp
from coder.store import ADJUDICATED, DISPUTED, HUMAN, NOT_ANSWER, Store

VED_IKKE = "A2::kommentar"  # "Ved ikke": flagged non_answer by coder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def _row(store: Store, cid: str):
    return next(r for r in store.rows() if r.comment_id == cid)


def _read_assignment(project: Path, respondent: str, question: str) -> dict[str, str]:
    text = (project / "assignments.csv").read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return next(r for r in csv.DictReader(text.splitlines(), dialect=dialect)
                if r["id"] == respondent and r["question"] == question)


def _report(project: Path) -> dict:
    result = CliRunner().invoke(cli_app, ["report", str(project), "--format", "json"])
    assert result.exit_code == 0, result.output
    return next(q for q in json.loads(result.stdout)["questions"] if q["question"] == "kommentar")


# --- the store ---------------------------------------------------------------------------------------------------
def test_ikke_svar_makes_a_coded_answer_a_non_answer_with_a_human_source(project: Path) -> None:
    store = Store.open_project(project)
    cid = coded_ids(store)[0]
    store.record_decision(cid, "anna", (NOT_ANSWER,))
    r = _row(store, cid)
    assert (r.status, r.primary, r.themes, r.source, r.model_status) == ("non_answer", None, (), HUMAN, "coded")
    assert cid not in {c for c, *_ in store.training_labels(store.theme_ids())}  # it teaches no theme
    assert store.stale_decisions() == []  # ikke-svar is in every codebook
    with pytest.raises(ReviewError, match="not both"):
        store.record_decision(cid, "anna", (NOT_ANSWER, "kritik"))
    store.undo("anna")
    assert _row(store, cid).status == "coded" and _row(store, cid).source == "model"
    store.close()


def test_a_reviewers_theme_takes_an_answer_off_the_review_list(project: Path) -> None:
    """25 answers a reviewer had coded stayed 'needs_review', and the report's 'afventer review' never shrank."""
    store = Store.open_project(project)
    cid = coded_ids(store)[0]
    with store.transaction():
        store.db.execute("UPDATE predictions SET status = 'needs_review' WHERE comment_id = ?", (cid,))
    assert _row(store, cid).status == "needs_review"
    store.record_decision(cid, "anna", ("kritik",))
    r = _row(store, cid)
    assert (r.status, r.model_status, r.source) == ("coded", "needs_review", HUMAN)
    store.undo("anna")
    assert _row(store, cid).status == "needs_review"
    store.close()


def test_a_non_answer_given_a_theme_becomes_a_coded_answer(project: Path) -> None:
    store = Store.open_project(project)
    assert _row(store, VED_IKKE).status == "non_answer"
    store.record_decision(VED_IKKE, "anna", ("kritik",))
    r = _row(store, VED_IKKE)
    assert (r.status, r.primary, r.themes, r.source) == ("coded", "kritik", ("kritik",), HUMAN)
    store.close()


def test_ikke_svar_against_a_theme_is_a_dispute_an_adjudicator_settles(project: Path) -> None:
    store = Store.open_project(project)
    cid = coded_ids(store)[0]
    store.record_decision(cid, "anna", (NOT_ANSWER,), blind=True)
    store.record_decision(cid, "bo", ("kritik",), blind=True)
    assert store.label_states()[cid].source == DISPUTED and _row(store, cid).status == "coded"
    session = open_adjudication(store, "chef", explain=False)
    assert session.current.comment_id == cid
    session.mark_not_answer()
    r = _row(store, cid)
    assert (r.status, r.source, r.themes) == ("non_answer", ADJUDICATED, ())
    store.close()


# --- (a): a non-answer given a theme in the review, end to end ----------------------------------------------------
def test_a_theme_given_to_a_flagged_non_answer_reaches_assignments_and_the_report(project: Path) -> None:
    before = _report(project)
    store = Store.open_project(project)
    session = open_session(store, "NA", QueueFilter(status="non_answer", search="Ved ikke"), explain=False)
    assert session.current.comment_id == VED_IKKE
    session.edit("only", "kritik")
    session.accept()
    store.close()
    refresh_exports(project)
    row = _read_assignment(project, "A2", "kommentar")
    assert (row["status"], row["primary"], row["themes"], row["label_source"]) == ("coded", "kritik", "kritik",
                                                                                   "human")
    after = _report(project)
    kritik = {q["theme"]: q["n"] for q in after["themes"]}["kritik"]
    assert after["denominator"] == before["denominator"] + 1
    assert kritik == {q["theme"]: q["n"] for q in before["themes"]}["kritik"] + 1


def test_ikke_svar_in_the_review_leaves_the_denominator(project: Path) -> None:
    before = _report(project)
    store = Store.open_project(project)
    session = open_session(store, "NA", explain=False)
    item = session.current
    session.mark_not_answer()
    assert session.items[[i.comment_id for i in session.items].index(item.comment_id)].status == "non_answer"
    store.close()
    refresh_exports(project)
    row = _read_assignment(project, item.respondent, item.question)
    assert (row["status"], row["primary"], row["themes"], row["label_source"]) == ("non_answer", "", "", "human")
    after = _report(project) if item.question == "kommentar" else None
    if after is not None:
        assert after["denominator"] == before["denominator"] - 1


# --- the corrected shares -----------------------------------------------------------------------------------------
def test_the_audit_estimate_takes_shares_over_substantive_answers() -> None:
    strata, labels = {"a": 100, "b": 100}, {"a": ["a"] * 10, "b": ["b"] * 10}
    plain = audit_estimate(strata, labels, ("a", "b"))
    same = audit_estimate(strata, labels, ("a", "b"), non_answers={"b": 0})
    assert np.array_equal(plain.shares, same.shares) and np.array_equal(plain.low, same.low)  # nothing changes
    est = audit_estimate(strata, labels, ("a", "b"), non_answers={"b": 10})
    a = np.array([10.5, 0.5]) / 11  # stratum a: posterior mean over its themes
    b = np.array([0.5, 10.5]) / 21  # stratum b: half of its audited answers are no answer
    expected = (a + b) / (a + b).sum()
    assert np.allclose(est.shares, expected) and est.shares.sum() == pytest.approx(1.0)
    assert est.shares[0] > plain.shares[0] and est.shares[0] == pytest.approx(0.65, abs=0.01)
    assert (est.labelled, est.non_answers) == (30, 10)
    assert np.all(est.low <= est.shares) and np.all(est.shares <= est.high)


# --- (b): a drawn non-answer in the blind audit, end to end --------------------------------------------------------
def test_a_drawn_answer_marked_ikke_svar_completes_the_audit(tmp_path: Path) -> None:
    out = _big_project(tmp_path)
    store = Store.open_project(out)
    session = open_audit(store, "AU", MIN_AUDIT, explain=False)
    first = session.current.comment_id
    session.mark_not_answer()  # "tja": the model coded a non-answer
    for _ in range(MIN_AUDIT - 1):
        session.edit("only", "kritik")
        session.accept()
    assert session.finished and session.progress().done == MIN_AUDIT and audit_queue(store) == []
    run = store.current_run()
    sample = audit_samples(store, run, list(store.rows()))["svar"]
    assert sample.labelled == MIN_AUDIT and sum(sample.non_answers.values()) == 1
    assert first not in {c for c, *_ in store.training_labels(store.theme_ids())}
    store.close()
    q = json.loads(CliRunner().invoke(cli_app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    assert q["audit"]["labelled"] == MIN_AUDIT and q["audit"]["needed"] == 0 and q["audit"]["corrected_shown"]
    kritik = next(t for t in q["themes"] if t["theme"] == "kritik")
    assert kritik["corrected_percent"] > 90  # the non-answer counts for no theme
    # walk23: the table said "N = 100 %" while the corrected shares were of a smaller, unstated base
    md = " ".join(CliRunner().invoke(cli_app, ["report", str(out), "--format", "md"]).stdout.split())
    said = re.search(r"1 af de auditerede svar er ikke-svar, så de korrigerede andele er af de svar, der skønnes at "
                     r"have indhold: ca\. (\d+) af de (\d+) ovenfor, ikke dem alle\.", md)
    assert said and 0 < int(said[1]) < int(said[2]) == q["denominator"], md[:2000]
    assert (q["audit"]["non_answers"], q["audit"]["base_estimate"]) == (1, int(said[1]))
    # walk23: answers coder flagged as non-answers are never drawn; walk26: the one non-answer here is the
    # reviewer's ikke-svar, inside the audit, and was counted as coder's
    assert q["status_counts"].get("non_answer", 0) == 1 and "coder markerede som ikke-svar" not in md
    from dataclasses import replace

    from coder.report.layout import audit_line
    from coder.report.tables import AuditStatus, QuestionTable
    from coder.wording import Wording

    table = QuestionTable("svar", 200, {"non_answer": 5}, (), 0, AuditStatus(50, 50, 50), flagged=4)
    said = audit_line(table, Wording("da"))
    assert "De 4 svar, coder markerede som ikke-svar, er uden for auditten" in said
    assert "coder markerede" not in audit_line(replace(table, flagged=0), Wording("da"))


# --- the review app -----------------------------------------------------------------------------------------------
def test_i_saves_ikke_svar_at_once_shows_it_and_undo_takes_it_back(project: Path) -> None:
    store = Store.open_project(project)
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE, explain=False), "p")
    first = app.session.current.comment_id

    async def drive() -> tuple[str, str, str]:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            keys = "\n".join(screen_text(app).splitlines()[-2:])  # the key lines
            await pilot.press("i")
            await pilot.pause()
            saved = screen_text(app)
            await pilot.press("u")
            await pilot.pause()
            return keys, saved, screen_text(app)

    keys, saved, undone = asyncio.run(drive())
    assert "i ikke-svar" in keys and "q afslut" in keys
    assert "Gemt" in saved and ": ikke-svar" in saved
    assert store.label_states()[first].source == ""  # undone
    assert "Fortrudt" in undone and "Ikke-svar ·" not in undone and app.session.current.comment_id == first
    log = store.decisions(first)
    assert log[0].themes_after == (NOT_ANSWER,) and log[-1].action == "undo"
    store.close()


def test_the_suggestion_line_reads_ikke_svar_for_an_answer_marked_so(project: Path) -> None:
    store = Store.open_project(project)
    cid = coded_ids(store)[0]
    store.record_decision(cid, "anna", (NOT_ANSWER,))
    app = ReviewApp(open_session(store, "bo", explain=False), "p")
    assert app.session.jump(cid) == "found"

    async def drive() -> str:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            return screen_text(app)

    text = asyncio.run(drive())
    assert "Ikke-svar ·" in text and "anna: ikke-svar" in text and "!non_answer" not in text
    store.close()


def test_i_in_the_blind_audit_counts_the_answer_as_audited(project: Path) -> None:
    store = Store.open_project(project)
    app = ReviewApp(open_audit(store, "AU", 2, explain=False), "p")

    async def drive() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("i")
            await pilot.pause()
            return screen_text(app)

    text = asyncio.run(drive())
    assert "audit: 1 af 4 kodet" in text
    assert store.decisions()[-1].blind and store.decisions()[-1].themes_after == (NOT_ANSWER,)
    store.close()


def test_agreement_shows_ikke_svar_in_words_not_its_marker(project: Path) -> None:
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", (NOT_ANSWER,))
    store.record_decision("A1::kommentar", "bo", ("kritik",))
    store.close()
    result = CliRunner().invoke(cli_app, ["agreement", str(project), "--locale", "da"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "ikke-svar" in result.output and NOT_ANSWER not in result.output
