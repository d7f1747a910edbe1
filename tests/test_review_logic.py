"""The review queue, label editing and the session, without Textual."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_support import ROOT, add_run, make_project
from typer.testing import CliRunner

from coder.cli import app
from coder.errors import CoderError, ReviewError
from coder.review.logic import CONFIDENCE, QueueFilter, apply_decision, make_primary, toggle
from coder.review.start import open_session
from coder.store import Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open_project(make_project(tmp_path / "p"))
    yield s
    s.close()


def default_order(store: Store) -> list[str]:
    """The order the queue promises, worked out here from what the store holds: the substantive answers
    that are not repeats, by the run's review_order (what teaches most first), input order between equals."""
    rows = [r for r in store.rows() if r.status == "coded" and not r.duplicate_of]
    assert all(r.review_order is not None for r in rows)  # every one of them is in the run's queue
    return [r.comment_id for r in sorted(rows, key=lambda r: r.review_order)]


def model_label(store: Store, comment_id: str) -> tuple[str, ...]:
    return next(r.model_themes for r in store.rows() if r.comment_id == comment_id)


def ids(session) -> list[str]:
    return [i.comment_id for i in session.items]


def test_queue_lowest_confidence_first_and_no_repeats(store: Store) -> None:
    session = open_session(store, "anna")
    order = default_order(store)
    assert len(order) == 8 and "A5::kommentar" not in order  # A5::kommentar repeats A4 and is left out
    assert ids(session) == order
    a4 = next(i for i in session.items if i.comment_id == "A4::kommentar")
    assert a4.repeats == 1


def test_needs_review_first_then_confidence_then_the_rest(store: Store) -> None:
    add_run(store, {"A6::andre_kommentarer": ("needs_review", "social", 0.99),
                    "A4::kommentar": ("needs_review", "data", 0.95),
                    "A1::kommentar": ("coded", "indhold", 0.2)})
    session = open_session(store, "anna", QueueFilter(status="all"))
    order = ids(session)
    assert order[:3] == ["A4::kommentar", "A6::andre_kommentarer", "A1::kommentar"]
    assert order[3] == "A7::kommentar"
    # non-answers and empty answers have no confidence: last, in input order
    assert order[-5:] == ["A2::kommentar", "A2::andre_kommentarer", "A3::kommentar", "A3::andre_kommentarer",
                          "A5::andre_kommentarer"]
    assert [i.status for i in session.items[-5:]] == ["non_answer", "empty", "empty", "non_answer", "non_answer"]


@pytest.mark.parametrize("flt, expected", [
    (QueueFilter(search="DATA fra"), ["A4::kommentar"]),
    (QueueFilter(status="non_answer"), ["A2::kommentar", "A3::andre_kommentarer", "A5::andre_kommentarer"]),
    (QueueFilter(status="empty", question="kommentar"), ["A3::kommentar"]),
])
def test_filters(store: Store, flt: QueueFilter, expected: list[str]) -> None:
    assert ids(open_session(store, "anna", flt)) == expected


def test_filters_by_question_and_theme_keep_the_queue_order(store: Store) -> None:
    order = default_order(store)
    assert ids(open_session(store, "anna", QueueFilter(question="andre_kommentarer"))) == [
        c for c in order if c.endswith("::andre_kommentarer")]
    themes = {r.comment_id: r.themes for r in store.rows()}
    used = sorted({themes[c][0] for c in order})
    for theme in used:
        assert ids(open_session(store, "anna", QueueFilter(theme=theme))) == [c for c in order if theme in themes[c]]


def test_todo_and_done_are_per_reviewer(store: Store) -> None:
    store.record_decision("A1::kommentar", "anna", ("indhold",))
    assert "A1::kommentar" not in ids(open_session(store, "anna", QueueFilter(status="todo")))
    assert ids(open_session(store, "anna", QueueFilter(status="done"))) == ["A1::kommentar"]
    assert "A1::kommentar" in ids(open_session(store, "bo", QueueFilter(status="todo")))


@pytest.mark.parametrize("reviewer, flt, message", [
    ("anna", QueueFilter(question="nope"), "--question nope: no such question; the project has kommentar, "
                                           "andre_kommentarer"),
    ("anna", QueueFilter(theme="nope"), "--theme nope: no such theme"),
    ("anna", QueueFilter(status="nope"), "--status nope: unknown status; use one of coded, needs_review"),
    ("anna", QueueFilter(search="zzzz"), "no comments match these filters"),
    ("anna", QueueFilter(search="(["), r"--search \(\[: nothing to search for"),  # it matched every comment
    ("", QueueFilter(), "--reviewer: give your name"),
    ("model", QueueFilter(), "'model' is reserved"),
])
def test_bad_filters_and_names(store: Store, reviewer: str, flt: QueueFilter, message: str) -> None:
    with pytest.raises(CoderError, match=message):  # a ReviewError, or a ProjectError for the question
        open_session(store, reviewer, flt)


def test_a_status_is_read_by_its_name_in_either_language(store: Store) -> None:
    """'--status ikke-svar' was refused though the filter box lists 'ikke-svar'."""
    from coder.review.logic import status_code

    assert [status_code(x) for x in ("ikke-svar", "Non-answer", "non_answer", "uenighed", None, "nope")] == [
        "non_answer", "non_answer", "non_answer", "disputed", None, "nope"]
    assert ids(open_session(store, "anna", QueueFilter(status=status_code("ikke-svar"))))
    with pytest.raises(ReviewError) as err:
        open_session(store, "anna", QueueFilter(status="nope"))
    assert "ikke-svar" in err.value.danish and "non_answer" in str(err.value)


def test_toggle_and_primary() -> None:
    assert toggle((), "data") == ("data",)
    assert toggle(("data",), "social") == ("data", "social")
    assert toggle(("data", "social"), "data") == ("social",)  # the next one becomes primary
    assert make_primary(("data", "social"), "social") == ("social", "data")
    assert make_primary(("data",), "kritik") == ("kritik", "data")


def test_apply_decision(store: Store) -> None:
    d = apply_decision(store, "A1::kommentar", "anna", ["kritik", "data"], "  usikker ")
    assert (d.themes_after, d.note, d.reviewer) == (("kritik", "data"), "usikker", "anna")
    with pytest.raises(ReviewError, match="choose at least one theme"):
        apply_decision(store, "A1::kommentar", "anna", [])


def test_session_accept_skip_undo_and_resume(store: Store) -> None:
    rows = [r for r in store.rows() if r.status == "coded" and not r.duplicate_of]
    order = [r.comment_id for r in sorted(rows, key=lambda r: r.confidence)]  # least confident first
    first, third = model_label(store, order[0]), model_label(store, order[2])
    assert "kritik" not in first and "indhold" not in third  # so the keys below add these themes
    s = open_session(store, "anna", order=CONFIDENCE)
    assert s.current.comment_id == order[0] and s.selection == first  # the model's label
    s.toggle(5)  # kritik
    s.set_primary(5)
    assert s.selection == ("kritik", *first)
    s.note = "formel"
    d = s.accept()
    assert (d.comment_id, d.themes_after, d.note) == (order[0], ("kritik", *first), "formel")
    assert s.current.comment_id == order[1] and s.note == ""
    s.skip()
    assert s.current.comment_id == order[2]
    s.toggle(1)  # indhold, added after the model's themes
    assert s.accept().themes_after == (*third, "indhold")
    progress = s.progress()
    assert (progress.done, progress.total, progress.per_theme["kritik"]) == (2, 8, 1)
    assert progress.per_theme[third[0]] == 1
    undo = s.undo()
    assert undo is not None and undo.comment_id == order[2]
    assert s.current.comment_id == order[2] and s.selection == third
    assert s.progress().done == 1
    # a new session starts at the first comment this reviewer has not decided
    assert open_session(store, "anna", order=CONFIDENCE).current.comment_id == order[1]
    assert s.written == 3


def test_undo_takes_back_this_screens_decision_not_one_made_meanwhile_in_another(store: Store) -> None:
    before = store.record_decision("A1::kommentar", "anna", ("data",))  # an earlier session's
    one = open_session(store, "anna", order=CONFIDENCE)
    two = open_session(store, "anna", order=CONFIDENCE)  # the same reviewer in a second screen
    mine = one.accept()
    two.skip()  # the first one is being done in the other screen
    theirs = two.accept()
    assert mine.comment_id != theirs.comment_id
    assert one.undo().undoes == mine.decision_id  # this screen's own, though the other screen's is later
    assert one.undo().undoes == before.decision_id  # then the reviewer's latest from before the session
    assert one.undo() is None  # never the other screen's, made while this one was open
    assert two.undo().undoes == theirs.decision_id


def test_blind_session_starts_empty_and_hides_others(store: Store) -> None:
    store.record_decision(default_order(store)[0], "bo", ("social",))
    blind = open_session(store, "anna", blind=True)
    assert blind.selection == () and blind.others() == {}
    with pytest.raises(ReviewError, match="choose at least one theme"):
        blind.accept()
    seeing = open_session(store, "anna")
    assert {r: d.themes_after for r, d in seeing.others().items()} == {"bo": ("social",)}
    assert seeing.selection == ("social",)


def test_review_command_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    runner = CliRunner()
    result = runner.invoke(app, ["review", str(project), "--reviewer", "anna", "--theme", "nope"])
    assert result.exit_code == 2
    assert result.output.strip() == ("Fejl: --theme nope: temaet findes ikke; kodebogen har indhold, struktur, social, "
                                     "data, kritik, andet")
    result = runner.invoke(app, ["review", str(project), "--reviewer", "anna", "--theme", "nope", "--locale", "en"])
    assert result.output.strip() == ("Error: --theme nope: no such theme; the codebook has indhold, struktur, social, "
                                     "data, kritik, andet")
    result = runner.invoke(app, ["review", str(tmp_path / "none"), "--reviewer", "anna"])
    assert result.exit_code == 2 and "ikke et coder-projekt" in result.output


def test_readme_lists_the_review_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`coder review DIR --reviewer NAME" in readme and "`coder agreement DIR" in readme


def test_review_without_a_terminal_is_one_line_not_a_hang(tmp_path: Path) -> None:
    """With input from /dev/null (a script, a pipe) the screen waited for ever; the test runner has no terminal."""
    project = make_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["review", str(project), "--reviewer", "anna"], input="")
    assert result.exit_code == 2
    assert result.output.strip().startswith("Fejl: coder review kræver en terminal")


def test_a_question_is_named_by_the_start_of_a_long_header() -> None:
    """--question needed the survey system's whole question as typed in the header."""
    from coder.codebook import load_codebook
    from coder.errors import ProjectError
    from coder.store.records import Run, RunSettings

    questions = ("Hvad kan gøres bedre i klyngen?", "Hvad fungerer godt?", "Andre kommentarer")
    run = Run(1, "", None, "", "", "", load_codebook(ROOT / "codebooks" / "klynger.yaml"), RunSettings(questions), (),
              {})
    assert run.question("Andre kommentarer") == "Andre kommentarer"
    assert run.question("hvad kan") == "Hvad kan gøres bedre i klyngen?" and run.question("HVAD F") == questions[1]
    with pytest.raises(ProjectError, match="more than one question starts so: Hvad kan .*, Hvad fungerer godt"):
        run.question("Hvad")
    with pytest.raises(ProjectError, match="no such question; the project has Hvad kan"):
        run.question("Tilfredshed")
