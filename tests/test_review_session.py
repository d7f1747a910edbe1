"""Review sessions without Textual: double coding, adjudication, the audit queue, filters, search, jumps,
the random order, redaction, many themes and the model's reasons."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import FakeEmbedder
from review_support import CODEBOOK, coded_ids, make_project

from coder.classify.zeroshot import keyword_hits
from coder.codebook import load_codebook
from coder.errors import ReviewError
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.review.audit import audit_queue
from coder.review.logic import RANDOM, QueueFilter, theme_matches
from coder.review.reasons import EXAMPLE, LABELLED, Reasoner
from coder.review.session import ADJUDICATE, AUDIT, FILTERED, FOUND, UNKNOWN
from coder.review.start import open_adjudication, open_audit, open_session
from coder.store import ADJUDICATED, DISPUTED, HUMAN, Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open_project(make_project(tmp_path / "p"))
    yield s
    s.close()


def row(store: Store, comment_id: str):
    return next(r for r in store.rows() if r.comment_id == comment_id)


def other_theme(store: Store, comment_id: str, *avoid: str) -> str:
    """A theme that is neither the model's primary nor any of ``avoid``."""
    model = row(store, comment_id).model_themes[0]
    return next(t for t in store.theme_ids() if t != model and t not in avoid)


def decide(session, comment_id: str, action: str, theme: str, note: str = "") -> None:
    assert session.jump(comment_id) == FOUND
    session.edit(action, theme)
    session.note = note
    session.accept()


# --- double coding and adjudication -----------------------------------------------------------
def test_blind_second_reviewer_makes_a_dispute_and_the_model_label_stays(store: Store) -> None:
    cid = "A1::kommentar"
    a_theme = other_theme(store, cid)
    b_theme = other_theme(store, cid, a_theme)
    decide(open_session(store, "anna"), cid, "only", a_theme, "klart")
    assert row(store, cid).source == HUMAN and row(store, cid).primary == a_theme
    blind = open_session(store, "bo", blind=True)
    decide(blind, cid, "only", b_theme, "tvivl")
    log = store.decisions(cid)
    assert [(d.reviewer, d.blind) for d in log] == [("anna", False), ("bo", True)]  # recorded as blind
    r = row(store, cid)
    assert r.source == DISPUTED and r.primary == r.model_themes[0] and r.themes == r.model_themes


def test_adjudication_walks_the_disputes_and_settles_them(store: Store) -> None:
    cid = "A1::kommentar"
    a_theme, b_theme = other_theme(store, cid), other_theme(store, cid, other_theme(store, cid))
    with pytest.raises(ReviewError, match="no disputed comments"):
        open_adjudication(store, "chef")
    decide(open_session(store, "anna"), cid, "only", a_theme, "klart")
    decide(open_session(store, "bo", blind=True), cid, "only", b_theme, "tvivl")
    s = open_adjudication(store, "chef")
    assert s.mode == ADJUDICATE and [i.comment_id for i in s.items] == [cid]
    assert s.selection == ()  # the adjudicator chooses; nothing is pre-ticked
    shown = {r: (d.themes_after, d.note) for r, d in s.others().items()}
    assert shown == {"anna": ((a_theme,), "klart"), "bo": ((b_theme,), "tvivl")}
    assert s.progress().done == 0
    s.edit("only", b_theme)
    d = s.accept()
    assert d.action == "adjudicate" and s.progress().done == 1 and s.finished
    r = row(store, cid)
    assert (r.source, r.themes) == (ADJUDICATED, (b_theme,))
    assert "no disputed" in str(pytest.raises(ReviewError, open_adjudication, store, "chef").value)


def test_the_reviewers_notes_stay_beside_the_adjudicators(store: Store) -> None:
    """bo's note vanished from assignments.csv and the workbook once chef settled the dispute (walk16)."""
    cid = coded_ids(store)[0]
    a_theme = other_theme(store, cid)
    decide(open_session(store, "anna"), cid, "only", a_theme, "klart indhold")
    decide(open_session(store, "bo", blind=True), cid, "only", other_theme(store, cid, a_theme), "forslag om besøg")
    chef = open_adjudication(store, "chef")
    chef.edit("only", a_theme)
    chef.note = "anna har ret"
    chef.accept()
    assert store.label_states(comment_id=cid)[cid].note == "anna har ret; klart indhold; forslag om besøg"
    chef.jump(cid)
    chef.edit("only", a_theme)
    chef.note = ""
    chef.accept()  # settled again without a note: the reviewers' notes are still there
    assert store.label_states(comment_id=cid)[cid].note == "klart indhold; forslag om besøg"


def test_a_reviewer_does_not_adjudicate_a_dispute_they_are_a_party_to(store: Store) -> None:
    """anna could settle her own dispute with bo, her label made seeing the model replacing bo's blind audit label,
    without her own label on the screen (walk16)."""
    from coder.review.start import own_disputes

    first, second = coded_ids(store)[:2]
    for cid in (first, second):
        a_theme = other_theme(store, cid)
        decide(open_session(store, "anna"), cid, "only", a_theme)
        decide(open_session(store, "bo" if cid == first else "cai", blind=True), cid, "only",
               other_theme(store, cid, a_theme))
    assert [i.comment_id for i in open_adjudication(store, "bo").items] == [second]  # bo's own is left out …
    (notice,) = own_disputes(store, "bo")
    assert notice.danish.startswith("1 åben uenighed er udeladt: bo har selv kodet den")
    assert own_disputes(store, "chef") == ()
    with pytest.raises(ReviewError, match="anna coded every open dispute \\(2\\) themselves"):
        open_adjudication(store, "anna")  # … and one who coded them all is told who may settle them
    assert {i.comment_id for i in open_adjudication(store, "chef").items} == {first, second}


def test_a_reviewer_who_sees_a_colleagues_label_and_differs_makes_a_dispute_and_is_told(store: Store) -> None:
    """Before, bo's label simply replaced anna's: agreement counted the disagreement, --adjudicate found none."""
    cid = "A1::kommentar"
    a_theme = other_theme(store, cid)
    b_theme = other_theme(store, cid, a_theme)
    decide(open_session(store, "anna"), cid, "only", a_theme)
    bo = open_session(store, "bo")
    assert bo.jump(cid) == FOUND and {r: d.themes_after for r, d in bo.others().items()} == {"anna": (a_theme,)}
    bo.edit("only", b_theme)
    saved = bo.accept()
    assert bo.saved_against(saved) == (DISPUTED, "anna", ())
    r = row(store, cid)
    assert r.source == DISPUTED and r.themes == r.model_themes  # the model's code stands until it is settled
    assert [i.comment_id for i in open_adjudication(store, "chef").items] == [cid]


def test_an_adjudication_stays_in_force_and_is_shown_to_a_later_reviewer(store: Store) -> None:
    """Before, a third reviewer who did not see the adjudicated label replaced it with an ordinary one."""
    cid = "A1::kommentar"
    a_theme = other_theme(store, cid)
    b_theme = other_theme(store, cid, a_theme)
    decide(open_session(store, "anna"), cid, "only", a_theme)
    decide(open_session(store, "bo"), cid, "only", b_theme)
    decide(open_adjudication(store, "chef"), cid, "only", b_theme)
    carl = open_session(store, "carl")
    assert carl.jump(cid) == FOUND
    shown = {r: (d.action, d.themes_after) for r, d in carl.others().items()}
    assert shown["chef"] == ("adjudicate", (b_theme,)) and carl.selection == (b_theme,)
    carl.edit("only", a_theme)
    saved = carl.accept()
    assert carl.saved_against(saved) == (ADJUDICATED, "chef", (b_theme,))
    assert (row(store, cid).source, row(store, cid).themes) == (ADJUDICATED, (b_theme,))
    assert store.reviewer_labels()["carl"][cid] == (a_theme,)  # carl's opinion is kept beside it
    ok = open_session(store, "dora")
    assert ok.jump(cid) == FOUND
    ok.edit("only", b_theme)
    assert ok.saved_against(ok.accept()) == ("", "", ())


def test_a_name_that_differs_from_a_reviewers_only_in_case_is_refused(store: Store) -> None:
    """'--reviewer Anna' became a second reviewer beside 'anna', with none of her decisions done."""
    decide(open_session(store, "anna"), "A1::kommentar", "only", other_theme(store, "A1::kommentar"))
    with pytest.raises(ReviewError, match="the project has a reviewer 'anna'"):
        open_session(store, " Anna ")
    assert open_session(store, "anna ").reviewer == "anna" and open_session(store, "bo").reviewer == "bo"


# --- editing keys -------------------------------------------------------------------------------
def test_only_replaces_the_primary_and_the_secondary_themes(store: Store) -> None:
    s = open_session(store, "anna")
    s.selection = ("social", "data")
    s.set_only(5)
    assert s.selection == ("kritik",) and s.focus == "kritik"
    s.toggle(3)
    assert s.selection == ("kritik", "social")
    s.move_focus(1)
    assert s.focus == "data"


# --- the audit queue ----------------------------------------------------------------------------
def test_audit_session_reviews_the_sample_in_draw_order_blind_and_counts_labels(store: Store) -> None:
    s = open_audit(store, "anna", 2)
    run = store.current_run()
    drawn = [i.comment_id for i in store.audit_items(run.input_sha256)]
    assert s.mode == AUDIT and s.blind and s.selection == ()  # blind: no suggestion to anchor on
    assert [i.comment_id for i in s.items] == drawn and len(drawn) == 4  # 2 per question
    assert (s.progress().done, s.progress().total) == (0, 4)
    s.edit("only", "andet")
    s.accept()
    assert (s.progress().done, s.progress().total) == (1, 4)
    assert store.decisions(drawn[0])[0].blind
    assert audit_queue(store) == drawn[1:]
    store.record_decision(drawn[2], "bo", ("data",), blind=True)  # another reviewer's blind label counts too
    grown = open_audit(store, "anna", 3)
    for q in run.questions:  # the sample only grows: each question's draws keep their order
        old = [c for c in drawn if c.endswith(f"::{q}")]
        assert [i.comment_id for i in grown.items if i.question == q][:2] == old
    assert grown.progress().done == 2 and grown.current.comment_id == audit_queue(store)[0]
    # bo's label counts as done, but a blind coder is not shown what others coded: the themes are anna's own
    assert grown.progress().per_theme["data"] == 0 and grown.progress().per_theme["andet"] == 1


def test_a_label_made_seeing_the_model_leaves_an_audit_answer_to_do(store: Store) -> None:
    """Anna labels a drawn answer in the ordinary queue (seeing the model), then opens the audit: the answer
    is still to do there, her label is not offered to her, and only her blind label settles it."""
    open_audit(store, "anna", 1)
    drawn = [i.comment_id for i in store.audit_items(store.current_run().input_sha256)]
    store.record_decision(drawn[0], "anna", ("data",))  # seeing the model
    s = open_audit(store, "anna", 1)
    assert s.progress().done == 0 and s.current.comment_id == drawn[0] and s.selection == ()
    s.edit("only", "kritik")
    s.accept()
    assert s.progress().done == 1 and s.progress().per_theme["kritik"] == 1
    assert open_audit(store, "anna", 1).own == {drawn[0]: ("kritik",)}


def test_an_answer_drawn_for_the_audit_after_the_session_opened_is_shown_blind(store: Store) -> None:
    """Bo's session was open when Anne's --audit drew the sample: it showed the draws with the model's suggestion,
    so his labels there were no audit labels (walk32). Now a draw is blind in a session that opened before it."""
    bo = open_session(store, "bo")
    open_audit(store, "anna", 1)
    drawn = [i.comment_id for i in store.audit_items(store.current_run().input_sha256)]
    assert drawn and not bo.blind
    bo.go(next(k for k, i in enumerate(bo.items) if i.comment_id == drawn[0]))
    assert bo.blind and bo.audit_draw and bo.selection == () and bo.reasons() == () and bo.others() == {}
    bo.edit("only", "kritik")
    bo.accept()
    assert [(d.reviewer, d.blind) for d in store.decisions(drawn[0])] == [("bo", True)]  # an audit label
    other = next(k for k, i in enumerate(bo.items) if i.comment_id not in drawn)
    bo.go(other)
    assert not bo.blind  # the rest of his queue is as it was


# --- filters, search, jumps, order ---------------------------------------------------------------
def test_filters_search_and_jump_inside_a_session(store: Store) -> None:
    s = open_session(store, "anna")
    everything = [i.comment_id for i in s.items]
    assert s.refilter(QueueFilter(search="dagsorden")) == 1 and s.current.comment_id == "A6::kommentar"
    assert s.refilter(QueueFilter(search="ingen sådan tekst")) == 0  # nothing matches: the queue stays
    assert [i.comment_id for i in s.items] == ["A6::kommentar"]
    assert s.refilter(QueueFilter()) == len(everything)
    store.record_decision("A4::kommentar", "bo", ("data",))
    assert s.refilter(QueueFilter(reviewer="bo")) == 1 and s.current.comment_id == "A4::kommentar"
    s.refilter(QueueFilter())
    assert s.jump("a4") == FOUND and s.current.comment_id == "A4::kommentar"
    assert s.jump("A4::andre_kommentarer") == FOUND and s.current.question == "andre_kommentarer"
    assert s.jump("A4") == FOUND and s.current.comment_id == "A4::andre_kommentarer"  # same question first
    assert s.jump("a4 Kommentar") == FOUND and s.current.comment_id == "A4::kommentar"  # or the one named (walk16)
    assert s.jump("A2") == FILTERED  # a non-answer: in the project, not in this queue
    assert s.jump("Z9") == UNKNOWN


def test_status_disputed_filter(store: Store) -> None:
    store.record_decision("A1::kommentar", "anna", ("data",))
    store.record_decision("A1::kommentar", "bo", ("kritik",), blind=True)
    assert [i.comment_id for i in open_session(store, "cia", QueueFilter(status="disputed")).items] == [
        "A1::kommentar"]


def test_random_order_is_a_fixed_permutation_and_keeps_the_current_comment(store: Store) -> None:
    s = open_session(store, "anna")
    before = [i.comment_id for i in s.items]
    s.go(3)
    here = s.current.comment_id
    s.set_order(RANDOM)
    after = [i.comment_id for i in s.items]
    assert sorted(after) == sorted(before) and after != before
    assert s.current.comment_id == here
    assert [i.comment_id for i in open_session(store, "bo", order=RANDOM).items] == after  # same for everyone


# --- redaction ------------------------------------------------------------------------------------
def test_the_queue_shows_text_redacted_and_the_store_keeps_it_raw(store: Store) -> None:
    s = open_session(store, "anna")
    item = next(i for i in s.items if i.comment_id == "A6::kommentar")
    assert "28 14 55 90" not in item.text and "[TELEFON]" in item.text
    assert "28 14 55 90" in row(store, "A6::kommentar").text  # coder.db keeps the raw text
    assert "28 14 55 90" not in repr(item)
    assert s.refilter(QueueFilter(search="28 14 55")) == 0  # a search never finds what the screen hides


# --- many themes ------------------------------------------------------------------------------------
def thirty_theme_project(tmp_path: Path) -> Path:
    cb = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    catch = next(t for t in cb["themes"] if t.get("catch_all"))
    others = [t for t in cb["themes"] if not t.get("catch_all")]
    themes = [dict(t, id=f"{t['id']}{k}", label=f"{t['label']} {k}") for k in range(6) for t in others][:29]
    cb["themes"] = themes + [catch]
    path = tmp_path / "thirty.yaml"
    path.write_text(yaml.safe_dump(cb, allow_unicode=True), encoding="utf-8")
    data = tmp_path / "in.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "kommentar"])
        writer.writerows([["R1", "Fint som det er"], ["R2", "Mere data fra klinikkerne"], ["R3", "Spild af tid"]])
    out = tmp_path / "p30"
    code_file(data, load_codebook(path), out, CodeOptions(ReadOptions(("kommentar",), "id")), embedder=FakeEmbedder())
    return out


def test_every_theme_of_a_30_theme_codebook_can_be_assigned(tmp_path: Path) -> None:
    store = Store.open_project(thirty_theme_project(tmp_path))
    try:
        cb = store.current_run().codebook
        assert len(cb.ids) == 30 and cb.ids[-1] == "andet"
        assert theme_matches(cb, "30") == ["andet"] and theme_matches(cb, "12") == [cb.ids[11]]
        assert theme_matches(cb, "kritik og skepsis 4")[0] == "kritik4"
        s = open_session(store, "anna")
        s.edit("only", "andet")  # the catch-all, theme 30
        s.edit("toggle", cb.ids[20])
        d = s.accept()
        assert d.themes_after == ("andet", cb.ids[20])
    finally:
        store.close()


# --- the model's reasons ------------------------------------------------------------------------------
TEXTS = ["Bedre dagsorden og opfølgning", "Vi vil gerne have klyngepakker med data", "Hyggeligt at møde kolleger",
         "Afskaf mødepligten, det er spild af tid", "Ingenting at sige", "Flere faglige oplæg og cases"]


def test_matched_keywords_follow_the_classifiers_own_rule() -> None:
    cb = load_codebook(CODEBOOK)
    reasoner = Reasoner(cb)
    hits = keyword_hits(cb, TEXTS)
    for text, row_hits in zip(TEXTS, hits):
        found = reasoner.matched_keywords(text)
        assert set(found) == {t for t, h in zip(cb.ids, row_hits) if h}
        for theme, words in found.items():
            assert all(w.split()[0].casefold()[:4] in text.casefold() for w in words)
    assert reasoner.matched_keywords("Bedre dagsorden og opfølgning")["struktur"] == ("dagsorden", "opfølgning")


def test_a_keyword_two_themes_share_is_a_reason_for_both() -> None:
    """Themes may share a keyword; the review screen's reasons (one internal theme per keyword) crashed on it."""
    cb = load_codebook(CODEBOOK)
    shared = cb.model_copy(update={"themes": tuple(t.model_copy(update={"keywords": t.keywords + ("epikrise",)})
                                                   if t.id in ("data", "struktur") else t for t in cb.themes)})
    found = Reasoner(shared).matched_keywords("Epikrisen kom for sent")
    assert found["data"] == ("epikrise",) and found["struktur"] == ("epikrise",)


def test_nearest_example_or_labelled_answer_from_cached_vectors() -> None:
    cb = load_codebook(CODEBOOK)
    fake = FakeEmbedder()
    labelled = [("Ring til Mette Jensen om klyngepakker med data", ("data",))]
    texts = [e for t in cb.themes for e in t.examples] + [labelled[0][0]] + TEXTS
    vectors = dict(zip(texts, fake.embed_batch(texts)))
    reasoner = Reasoner(cb, lambda ts: [vectors.get(t) for t in ts], labelled)
    comment = "Vi vil gerne have klyngepakker med data"
    (why,) = reasoner.explain(comment, {"data": 0.6, "social": 0.1}, top=1)
    assert why.theme == "data" and why.score == 0.6 and "klyngepakker" in why.keywords
    candidates = [(e, EXAMPLE) for e in cb.theme("data").examples] + [(labelled[0][0], LABELLED)]
    best = max(candidates, key=lambda c: float(vectors[comment] @ vectors[c[0]]))
    assert why.nearest.kind == best[1] and why.nearest.similarity == pytest.approx(
        float(np.dot(vectors[comment], vectors[best[0]])), abs=1e-5)
    if why.nearest.kind == LABELLED:
        assert "Mette" not in why.nearest.text  # labelled answers are shown redacted
    assert Reasoner(cb).explain(comment, {"data": 0.6}, top=1)[0].nearest is None  # no vectors: keywords only
    assert reasoner.explain("tekst uden vektor", {"data": 0.6}, top=1)[0].nearest is None


def test_session_reasons_come_from_the_project_cache_and_are_hidden_when_blind(store: Store) -> None:
    s = open_session(store, "anna")
    assert s.jump("A6::kommentar") == FOUND
    reasons = s.reasons()
    assert reasons and reasons[0].theme == max(s.current.scores, key=s.current.scores.get)
    struktur = next(r for r in reasons if r.theme == "struktur")
    assert "dagsorden" in struktur.keywords and struktur.nearest is not None  # the fake model's vectors are cached
    assert open_session(store, "anna", blind=True).reasons() == ()
    assert coded_ids(store)


@pytest.mark.parametrize("request_, message", [
    (dict(adjudicate=True, blind=True), "--adjudicate shows every reviewer's decision"),
    (dict(adjudicate=True, audit=5), "--adjudicate shows every reviewer's decision"),
    (dict(audit=5, flt=QueueFilter(theme="data")), "with --audit or --adjudicate only --question applies"),
    (dict(order="alphabetical"), "--order alphabetical: unknown order; use queue, confidence or random"),
    (dict(audit=0), "--audit 0: give the number of answers to audit per question"),
])
def test_review_requests_that_do_not_go_together(store: Store, request_: dict, message: str) -> None:
    from coder.review.start import ReviewRequest, open_review

    with pytest.raises(ReviewError, match=message):
        open_review(store, ReviewRequest("anna", **request_))


def test_review_requests_open_the_right_session(store: Store) -> None:
    from coder.review.start import ReviewRequest, open_review

    assert open_review(store, ReviewRequest("anna")).mode == "review"
    audit = open_review(store, ReviewRequest("anna", QueueFilter(question="kommentar"), audit=1))
    assert audit.mode == AUDIT and audit.blind and {i.question for i in audit.items} == {"kommentar"}
    with pytest.raises(ReviewError, match="--audit --no-blind: the audit is always blind"):
        open_review(store, ReviewRequest("anna", audit=1, blind=False))
    assert open_review(store, ReviewRequest("anna", audit=1, blind=True)).blind


def test_a_hand_coded_column_given_with_g_is_never_shown_to_a_reviewer(tmp_path: Path) -> None:
    """A blind auditor saw 'gold_meetings: workload' beside every answer (walk13): -g columns are hidden."""
    from coder.pipeline import LabelOptions

    path = tmp_path / "s.csv"
    answers = ["Flere faglige oplæg om nye retningslinjer", "Kortere møder og en fast dagsorden",
               "Mere sparring med kolleger over middagen", "Egne data og benchmarking af ventetider"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "speciale", "kommentar", "facit"])
        w.writerows([f"R{i}", "Psykiatri", f"{answers[i % 4]} {i}", "indhold" if i < 3 else ""] for i in range(12))
    code_file(path, load_codebook(CODEBOOK), tmp_path / "p",
              CodeOptions(ReadOptions(("kommentar",), "id"), labels=LabelOptions(("facit",))), embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p")
    try:
        s = open_session(store, "anna")
        shown = [item.attributes for item in s.items]
        assert shown and all("facit" not in a and a.get("speciale") == "Psykiatri" for a in shown)
    finally:
        store.close()
