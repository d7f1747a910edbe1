"""The Textual review app driven by its pilot at 80×24: keys change labels, decisions reach the store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from review_support import make_project

from coder.review.logic import open_session
from coder.review.ui.app import ReviewApp
from coder.review.ui.status_bar import KeyLine, ProgressLine
from coder.review.ui.theme_list import ThemeList
from coder.store import Store

SIZE = (80, 24)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open_project(make_project(tmp_path / "p"))
    yield s
    s.close()


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def run(app: ReviewApp, *keys: str) -> str:
    """Press keys in the app at 80×24 and return the screen text afterwards."""

    async def drive() -> str:
        async with app.run_test(size=SIZE) as pilot:
            for k in keys:
                await pilot.press(k)
            await pilot.pause()
            return screen_text(app)

    return asyncio.run(drive())


def test_keys_change_the_label_and_enter_writes_it(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna"), "p")
    first = app.session.current.comment_id
    assert app.session.selection == ("struktur",)  # what the fake embedder makes of A7's answer; 2 removes it
    text = run(app, "3", "p", "5", "2", "enter")  # + social, kritik primary, - struktur
    log = store.decisions(first)
    assert len(log) == 1 and log[0].themes_after == ("kritik", "social") and log[0].reviewer == "anna"
    assert app.session.current.comment_id != first
    assert f"Saved {first}: kritik+social" in text
    assert "1/8 done" in text


def test_undo_restores_the_label_and_goes_back(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna"), "p")
    first = app.session.current.comment_id
    text = run(app, "1", "enter", "u")
    assert [d.action for d in store.decisions(first)] == ["set", "undo"]
    assert store.latest_decisions() == {}
    model = next(r.model_themes for r in store.rows() if r.comment_id == first)
    assert app.session.current.comment_id == first and app.session.selection == model
    assert f"Undone {first}: back to {'+'.join(model)}" in text and "0/8 done" in text


def test_note_skip_help_and_quit(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna"), "p")
    first = app.session.current.comment_id
    run(app, "s", "left", "n", *"q og 1", "enter", "question_mark", "x", "enter", "q")
    log = store.decisions(first)
    model = next(r.model_themes for r in store.rows() if r.comment_id == first)
    assert [(d.themes_after, d.note) for d in log] == [(model, "q og 1")]  # accepted as the model had it
    assert app.return_value == 1


def test_blind_hides_the_model_and_others(store: Store) -> None:
    store.record_decision("A7::kommentar", "bo", ("social",))
    model = next(r for r in store.rows() if r.comment_id == "A7::kommentar")
    shown = f"Model: {model.model_themes[0]} {model.confidence:.2f}"
    app = ReviewApp(open_session(store, "anna", blind=True), "p")
    text = run(app)
    assert "Model:" not in text and "bo" not in text and f"{model.confidence:.2f}" not in text
    assert "hidden" in text and "[P]" not in text
    text = run(ReviewApp(open_session(store, "anna", blind=True), "p"), "1", "enter", "u")
    assert "Undone A7::kommentar" in text and "social" not in text.split("Undone")[1].split("\n")[0]
    seeing = ReviewApp(open_session(store, "anna"), "p")
    text = run(seeing)
    assert f"{shown} · bo: social" in text


def test_everything_fits_in_80_by_24(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna"), "p")

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            themes = app.query_one(ThemeList).region
            assert themes.height == 6 and themes.bottom <= 22
            assert app.query_one(ProgressLine).region.y == 22 and app.query_one(KeyLine).region.y == 23
            text = screen_text(app)
            for label in ("Fagligt indhold og cases", "Struktur, mødeledelse og opfølgning", "Andet", "q quit",
                          "0/8 done", "comment 1 of 8", "HYPERLINK"):
                assert label in text

    asyncio.run(drive())


def test_ctrl_c_quits_cleanly(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna"), "p")
    run(app, "1", "enter", "ctrl+c")
    assert app.return_value == 1 and len(store.decisions()) == 1
