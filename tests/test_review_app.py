"""The Textual review app driven by its pilot at 80×24 (and 120×35): keys change labels, decisions reach the
store, the codebook and the model's reasons are at hand, and everything on screen is in the codebook's language."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from review_support import add_run, make_project
from test_review_session import thirty_theme_project
from textual import events

from coder.review.logic import CONFIDENCE
from coder.review.start import open_adjudication, open_audit, open_session
from coder.review.ui.app import ReviewApp
from coder.review.ui.codebook_panel import CodebookPanel
from coder.review.ui.reasons_panel import ReasonsPanel
from coder.review.ui.status_bar import KeyLine, ProgressLine
from coder.review.ui.theme_list import ThemeList
from coder.store import ADJUDICATED, DISPUTED, Store
from coder.wording import Wording

SIZE = (80, 24)


@pytest.fixture
def store(tmp_path: Path):
    """A project whose least confident answer is A7's (model: struktur), so the screens below are known
    whatever the fake embedder makes of the other answers; the sessions use the confidence order."""
    s = Store.open_project(make_project(tmp_path / "p"))
    add_run(s, {"A7::kommentar": ("coded", "struktur", 0.05)})
    yield s
    s.close()


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def run(app: ReviewApp, *keys: str, size: tuple[int, int] = SIZE) -> str:
    """Press keys in the app and return the screen text afterwards."""

    async def drive() -> str:
        async with app.run_test(size=size) as pilot:
            for k in keys:
                await pilot.press(k)
            await pilot.pause()
            return screen_text(app)

    return asyncio.run(drive())


def screens(app: ReviewApp, *steps: tuple[str, ...], size: tuple[int, int] = SIZE) -> list[str]:
    """Press each step's keys in turn; the screen text after each step ("" once the app has quit)."""

    async def drive() -> list[str]:
        seen = []
        async with app.run_test(size=size) as pilot:
            for keys in steps:
                for k in keys:
                    await pilot.press(k)
                await pilot.pause()
                seen.append(screen_text(app) if app.is_running else "")
        return seen

    return asyncio.run(drive())


def model_of(store: Store, comment_id: str) -> tuple[str, ...]:
    return next(r.model_themes for r in store.rows() if r.comment_id == comment_id)


def test_keys_change_the_label_and_enter_writes_it(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    assert app.session.selection == ("struktur",)  # what the fake embedder makes of A7's answer; 2 removes it
    text = run(app, "3", "p", "5", "2", "enter")  # + social, kritik primary, - struktur
    log = store.decisions(first)
    assert len(log) == 1 and log[0].themes_after == ("kritik", "social") and log[0].reviewer == "anna"
    assert not log[0].blind
    assert app.session.current.comment_id != first
    assert "Gemt A7 · kommentar: kritik+social" in text  # respondent and question, not the internal key
    assert "1 af 8 færdige" in text


def test_o_then_a_digit_makes_that_theme_the_only_one(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    run(app, "3", "4", "o", "5", "enter")  # social and data added, then kritik alone
    assert store.decisions(first)[0].themes_after == ("kritik",)


def test_undo_restores_the_label_and_goes_back(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    text = run(app, "1", "enter", "u")
    assert [d.action for d in store.decisions(first)] == ["set", "undo"]
    assert store.latest_decisions() == {}
    model = model_of(store, first)
    assert app.session.current.comment_id == first and app.session.selection == model
    assert f"Fortrudt A7 · kommentar: tilbage til {'+'.join(model)}" in text and "0 af 8 færdige" in text


def test_note_skip_help_and_quit(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    run(app, "s", "left", "n", *"q og 1", "enter", "question_mark", "x", "enter", "q")
    log = store.decisions(first)
    assert [(d.themes_after, d.note) for d in log] == [(model_of(store, first), "q og 1")]
    assert app.return_value == 1


def test_quitting_with_an_unsaved_note_warns_first(store: Store) -> None:
    """A note is saved with a decision; q right after typing one lost it while saying everything was saved."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id

    warned, _ = screens(app, ("n", *"vigtig", "enter", "q"), ("enter", "q"))  # then the decision, with the note
    assert "Noten er ikke gemt endnu" in warned
    assert [d.note for d in store.decisions(first)] == ["vigtig"] and app.return_value == 1


def test_ctrl_c_in_the_note_box_with_text_typed_warns_first(store: Store) -> None:
    """walk24: Ctrl-C while the note box was open quit at once, and the typed note was gone without a word."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id

    # then the note kept, the decision saved with it, and quit
    warned, _ = screens(app, ("n", *"vigtig", "ctrl+c"), ("enter", "enter", "q"))
    assert "Noten er ikke gemt: Enter beholder den" in warned
    assert [d.note for d in store.decisions(first)] == ["vigtig"] and app.return_value == 1
    quitter = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    run(quitter, "n", *"x", "ctrl+c", "ctrl+c")  # the second Ctrl-C quits without it
    assert quitter.return_value == 0


@pytest.mark.parametrize("leave", ["right", "s"])
def test_leaving_a_comment_with_an_unsaved_note_warns_first(store: Store, leave: str) -> None:
    """→ or s right after typing a note lost it without a word."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    text = run(app, "n", *"husk", "enter", leave)
    assert "Noten er ikke gemt endnu" in text and app.session.current.comment_id == first
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    run(app, "n", *"husk", "enter", leave, leave)  # the same key again leaves without it
    assert app.session.current.comment_id != first and store.decisions(first) == []


def test_blind_hides_the_model_its_reasons_and_others_and_records_blind(store: Store) -> None:
    store.record_decision("A7::kommentar", "bo", ("social",))
    model = next(r for r in store.rows() if r.comment_id == "A7::kommentar")
    app = ReviewApp(open_session(store, "anna", blind=True, order=CONFIDENCE), "p")
    text = run(app, "4", "enter")
    assert "Model:" not in text and "bo:" not in text and "Hvorfor" not in text
    assert "skjult" in text and "[P]" not in text.split("Gemt")[0]
    assert store.decisions("A7::kommentar")[-1].blind
    assert next(r for r in store.rows() if r.comment_id == "A7::kommentar").source == DISPUTED
    text = run(ReviewApp(open_session(store, "cia", order=CONFIDENCE), "p"))
    assert f"Model: {model.model_themes[0]} {Wording('da').num(model.confidence, 2)}" in text
    assert "bo: social · anna: data" in text


def test_everything_fits_in_80_by_24(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            themes = app.query_one(ThemeList).region
            assert themes.height == 6 and themes.bottom <= 22
            assert app.query_one(ProgressLine).region.y == 21 and app.query_one(KeyLine).region.y == 22
            assert app.query_one(KeyLine).region.height == 2  # every key that fits in two lines, none cut (walk16)
            assert app.query_one(ReasonsPanel).display and not app.query_one("#codebook-narrow").display
            text = screen_text(app)
            for label in ("Fagligt indhold og cases", "Struktur, mødeledelse og opfølgning", "Andet", "q afslut",
                          "0 af 8 færdige", "svar 1 af 8", "HYPERLINK", "Hvorfor modellen foreslår det",
                          "←/→ forrige/næste", "c kodebog", "f filter", "g gå til"):
                assert label in text

    asyncio.run(drive())


def test_codebook_panel_shows_the_focused_theme(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    cb = app.session.codebook

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await pilot.pause()
            panel = app.query_one("#codebook-narrow", CodebookPanel)
            assert panel.display and not app.query_one(ReasonsPanel).display  # narrow: in place of the reasons
            assert app.session.focus == "struktur"
            assert "Kodebog · 2 Struktur, mødeledelse og opfølgning" in screen_text(app)
            await pilot.press("down", "down", "down")  # social, data, kritik
            await pilot.pause()
            text = panel.plain
            kritik = cb.theme("kritik")
            assert kritik.label in panel.border_title and "Medtag: " + kritik.include[0] in text
            assert "Udelad: " + kritik.exclude[0] in text and kritik.examples[0] in text
            await pilot.press("pagedown")
            await pilot.pause()
            assert panel.scroll_y > 0  # the keyboard pages through a long entry
            await pilot.press("space", "enter")  # the marked theme is added
            await pilot.press("c")
            await pilot.pause()
            assert not panel.display

    asyncio.run(drive())
    assert store.decisions("A7::kommentar")[0].themes_after == ("struktur", "kritik")


def test_wide_screens_show_codebook_and_reasons_side_by_side(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")

    async def drive() -> str:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("g", *"A6", "enter")
            await pilot.pause()
            assert app.query_one("#codebook-wide").display and app.query_one(ReasonsPanel).display
            return screen_text(app)

    text = asyncio.run(drive())
    assert app.session.current.comment_id == "A6::kommentar"
    assert "Kodebog ·" in text and "Hvorfor modellen foreslår det" in text
    assert "nøgleord: dagsorden, opfølgning" in text  # the keywords that matched, for struktur
    assert "[TELEFON]" in text and "28 14 55 90" not in text  # redacted as in the exports


def test_search_filter_jump_and_order_keys(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "slash", *"dagsorden", "enter")
    assert [i.comment_id for i in app.session.items] == ["A6::kommentar"] and "1 kommentar i køen" in text
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "f", *"kritik", "enter")
    assert {i.comment_id for i in app.session.items} == {
        r.comment_id for r in store.rows() if "kritik" in r.themes and r.status == "coded" and not r.duplicate_of}
    assert "tema kritik" in text
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "f", "tab", *"ikke-svar", "enter")  # Tab reaches the status field (it typed into the theme's)
    assert "Intet tema passer" not in text and {i.status for i in app.session.items} == {"non_answer"}
    assert "status ikke-svar" in text and "non_answer" not in text
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "g", *"Z9", "enter")
    assert "Ingen kommentar har id'et Z9" in text
    before = [i.comment_id for i in app.session.items]
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "r")
    assert "tilfældig rækkefølge" in text and [i.comment_id for i in app.session.items] != before


def test_adjudication_screen_shows_both_decisions_and_notes(store: Store) -> None:
    store.record_decision("A1::kommentar", "anna", ("data",), note="egne tal")
    store.record_decision("A1::kommentar", "bo", ("kritik",), note="lyder træt", blind=True)
    app = ReviewApp(open_adjudication(store, "chef"), "p")
    text = run(app, "o", "4", "enter")
    assert "anna: data — “egne tal”" in text and "bo (blind): kritik — “lyder træt”" in text
    assert "afgørelse" in text and "afgjort: 1 af 1" in text
    assert next(r for r in store.rows() if r.comment_id == "A1::kommentar").source == ADJUDICATED


def test_saving_against_a_colleagues_label_says_it_is_now_a_dispute(store: Store) -> None:
    store.record_decision("A7::kommentar", "anna", ("data",))
    app = ReviewApp(open_session(store, "bo", order=CONFIDENCE), "p")
    assert app.session.current.comment_id == "A7::kommentar"
    assert {r: d.themes_after for r, d in app.session.others().items()} == {"anna": ("data",)}
    assert app.session.selection == ("data",)  # anna's label is ticked, and the line says so (walk16)
    assert "anna: data (forvalgt nedenfor)" in run(ReviewApp(open_session(store, "bo", order=CONFIDENCE), "p"),
                                                  size=(120, 35))
    text = run(app, "o", "5", "enter")
    assert "Gemt A7 · kommentar: kritik – uenig med anna: afgøres med --adjudicate" in text
    assert next(r for r in store.rows() if r.comment_id == "A7::kommentar").source == DISPUTED


def test_the_go_to_prompt_gives_an_id_of_this_project_as_its_example(store: Store) -> None:
    """It said 'fx R17' in a project whose ids are P0001 …"""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    assert "Gå til respondent-id (fx A7; A7 andre_kommentarer for svaret på" in run(app, "g", size=(120, 35))


def test_audit_progress_line(store: Store) -> None:
    app = ReviewApp(open_audit(store, "anna", 2), "p")
    text = run(app, "o", "6", "enter")
    assert "audit: 1 af 4 kodet" in text and "auditstikprøve" in text and "(blind)" in text


def test_30_themes_are_all_shown_and_reachable(tmp_path: Path) -> None:
    store = Store.open_project(thirty_theme_project(tmp_path))
    try:
        app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
        first = app.session.current.comment_id
        text = run(app, "o", "t", *"30", "enter", "t", *"21", "enter", "enter")
        assert store.decisions(first)[0].themes_after == ("andet", app.session.codebook.ids[20])
        for number in ("10", "21", "30"):
            assert f" {number} [" in text  # every theme is on screen with its number
        assert "tema 10-30: t" in text
    finally:
        store.close()


def test_english_locale_on_request(store: Store) -> None:
    text = run(ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p", Wording("en")), "1", "enter")
    assert "Saved A7 · kommentar" in text and "1/8 done" in text and "q quit" in text


def test_ctrl_c_quits_cleanly(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    run(app, "1", "enter", "ctrl+c")
    assert app.return_value == 1 and len(store.decisions()) == 1


def test_a_long_comment_says_there_is_more_until_it_is_read_to_the_end(tmp_path: Path) -> None:
    from conftest import ROOT, FakeEmbedder

    from coder.codebook import load_codebook
    from coder.io import ReadOptions
    from coder.pipeline import CodeOptions, code_file
    from coder.review.ui.comment_view import CommentView

    long = " ".join(["Møderne er blevet bedre, men der er for lidt tid til faglige oplæg."] * 12) + " SLUTORD"
    survey = tmp_path / "long.csv"
    survey.write_text(f"id;svar\nR1;{long}\nR2;mere data om egne patienter\n", encoding="utf-8")
    code_file(survey, load_codebook(ROOT / "codebooks" / "klynger.yaml"), tmp_path / "p",
              CodeOptions(ReadOptions(("svar",), "id")), embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p")
    app = ReviewApp(open_session(store, "anna"), "p")

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("g", *"R1", "enter")
            await pilot.pause()
            view = app.query_one(CommentView)
            assert view.max_scroll_y > 0 and "SLUTORD" not in screen_text(app)
            assert "▼ mere nedenfor (PgDn)" in str(view.border_subtitle)
            for _ in range(6):
                await pilot.press("pagedown")
            await pilot.pause()
            assert "SLUTORD" in screen_text(app)
            assert "mere nedenfor" not in str(view.border_subtitle) and "kodet" in str(view.border_subtitle)
            await pilot.press("g", *"R2", "enter")  # a short comment: no hint
            await pilot.pause()
            assert "mere nedenfor" not in str(view.border_subtitle), screen_text(app)

    asyncio.run(drive())
    store.close()


def test_the_respondents_other_answers_stand_beside_the_comment(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    rows = {(r.respondent, r.question): r.text for r in store.rows()}
    item = app.session.current
    others = [(q, t) for (resp, q), t in rows.items() if resp == item.respondent and q != item.question and t.strip()]
    assert others, "the fixture's first comment should have an answer to the other question"
    assert app.session.context() == [(q, t) for q, t in others]
    question, answer = others[0]
    screen = run(app)
    assert f"{question}: {answer[:20]}" in screen


def test_the_filter_dialog_wraps_its_lines_at_80_columns(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    screen = run(app, "f")
    joined = " ".join(" ".join(line.strip("│ ").split()) for line in screen.splitlines())  # wrapped lines rejoined
    assert "(Enter anvender, Escape fortryder)" in joined and "uenighed, alle):" in joined


def test_a_decision_that_no_longer_applies_is_shown_with_its_note(store: Store) -> None:
    """After --update a reviewer re-reviewing a changed answer saw no trace of the earlier label or its note."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    store.record_decision(first, "bo", ("data",), note="egne tal")
    with store.transaction():  # a new wave changed the answer's words: bo's decision no longer applies
        store.db.execute("UPDATE comments SET text = text || ' og mere til' WHERE comment_id = ?", (first,))
    assert [d.reviewer for d in store.label_states()[first].stale] == ["bo"]
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    assert app.session.current.comment_id == first, app.session.current.comment_id
    text = " ".join(run(app, "escape").split())
    assert "Tidligere (gælder ikke længere) bo: data — “egne tal”" in text


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_help_fits_an_80_by_24_terminal_with_each_description_beside_its_key(language: str) -> None:
    from rich.console import Console

    from coder.review.ui.help_screen import key_table
    from coder.wording import wording_for

    w = wording_for(language)
    console = Console(width=80 - 4, record=True)  # the box's border and padding take 4 columns
    console.print(key_table(w.t("help")))
    lines = console.export_text().splitlines()
    assert len(lines) <= 24 - 2 - 1  # within the box's border, above the key line
    rows = [line for line in w.t("help").split("\n") if "\t" in line]
    assert len(lines) == len(rows) + 2  # one screen line per key (none wraps), a blank line and the legend


def test_at_60_by_24_the_help_scrolls_to_its_last_line(store: Store) -> None:
    """walk24: at 60×24 the help ended before the quit key and the legend, and PgDn closed it."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")

    top, bottom, after = screens(app, ("question_mark",), ("end",), ("x",), size=(60, 24))
    legend = "[P] primært, [x] sekundært tema"
    assert legend not in top and legend in bottom  # out of reach before; scrolled to now
    assert "[P] primært" not in after  # any other key closes it


def test_themes_chosen_but_not_saved_are_not_left_behind_in_silence(store: Store) -> None:
    """A note was guarded on →, ← and q, a theme choice was thrown away without a word (walk16)."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    text = run(app, "o", "4", "right")
    assert app.session.current.comment_id == first and "Temaerne er ikke gemt: Enter gemmer dem" in text
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    run(app, "o", "4", "right", "right")  # the same key again leaves without them
    assert app.session.current.comment_id != first and store.decisions(first) == []
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "3", "3", "right")  # ticked and unticked: nothing changed, nothing to warn about
    assert app.session.current.comment_id != first and "ikke gemt" not in text
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    text = run(app, "o", "4", "q")
    assert "q igen afslutter uden dem" in text and app.return_value is None  # still open


def test_enter_while_o_waits_for_a_theme_saves_nothing(store: Store) -> None:
    """'o' then Enter saved the label that happened to be ticked (walk16)."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    text = run(app, "o", "enter")
    assert store.decisions(first) == [] and "Kun dette tema: tryk 1-9" in text
    text = run(ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p"), "9")  # the codebook has 6 themes
    assert "Intet tema har tasten 9 (1-6)" in text


def test_nothing_is_saved_in_a_window_too_small_to_show_the_answer(store: Store) -> None:
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first = app.session.current.comment_id
    run(app, "enter", "i", size=(50, 12))
    assert store.decisions(first) == []
    run(app := ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p"), "enter")
    assert len(store.decisions(first)) == 1  # at 80×24 the same key saves


@pytest.mark.parametrize("after", [("u",), ("i",), ("3", "enter"), ("t",)])
def test_keys_typed_after_q_do_nothing(store: Store, after: tuple[str, ...]) -> None:
    """Keys already typed after q were carried out while the app closed (walk32): 'q u' undid a saved decision,
    'q i' saved an ikke-svar, 'q 3 Enter' a theme, all unseen; 'q t' gave a traceback."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("1", "enter")
            for k in ("q", *after):  # queued together, as a terminal delivers keys typed in quick succession
                app.post_message(events.Key(k, k if len(k) == 1 else None))
            await pilot.pause()

    asyncio.run(drive())
    assert [(d.action, d.reviewer) for d in store.decisions()] == [("set", "anna")]
    assert app.return_value == 1 and app.session.written == 1


def test_go_to_a_bare_id_says_which_answer_it_opened_and_the_others(store: Store) -> None:
    """'g R0092' opened the answer to the question on screen and a reviewer coded it meaning the other (walk32)."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    bare, named = screens(app, ("g", *"A4", "enter"), ("g", *"A4 kommentar", "enter"), size=(150, 30))
    opened = next(i for i in app.session.items if i.respondent == "A4" and i.comment_id != "A4::kommentar")
    assert "A4 · kommentar; A4 har også svaret på andre_kommentarer (g A4 andre_kommentarer går dertil)" in bare or (
        f"A4 · {opened.question}; A4 har også svaret på kommentar (g A4 kommentar går dertil)" in bare)
    assert app.session.current.comment_id == "A4::kommentar" and "har også svaret" not in named


def test_go_to_in_an_adjudication_names_why_an_answer_is_not_there(store: Store) -> None:
    """'g R0092' to a dispute the adjudicator coded herself said 'its filters leave it out', and
    'g R0092 forbedringer' that no comment had that id (walk32)."""
    first = next(r.comment_id for r in store.rows() if r.respondent == "A1" and r.question == "kommentar")
    second = next(r.comment_id for r in store.rows() if r.respondent == "A4" and r.question == "kommentar")
    for cid in (first, second):
        store.record_decision(cid, "anna", ("data",))
        store.record_decision(cid, "bo", ("kritik",))
    store.record_decision(second, "cai", ("social",))  # cai is a party to A4's dispute only
    app = ReviewApp(open_adjudication(store, "cai"), "p")
    bare, named = screens(app, ("g", *"A4", "enter"), ("g", *"A4 kommentar", "enter"), size=(150, 30))
    for text in (bare, named):
        assert "er ikke blandt de uenigheder, du kan afgøre" in text and "filtrene" not in text
        assert "Ingen kommentar har id'et" not in text


def test_the_filter_box_shows_a_status_in_the_readers_words(store: Store) -> None:
    """The box showed 'disputed' after the reviewer had typed 'uenighed' (walk32)."""
    app = ReviewApp(open_session(store, "anna", order=CONFIDENCE), "p")
    first, again = screens(app, ("f", "tab", *"ikke-svar", "enter"), ("f",))
    assert "status ikke-svar" in first and "ikke-svar" in again and "non_answer" not in again


def test_the_adjudicators_own_disputes_are_said_on_the_screen(store: Store) -> None:
    """That her own disputes were left out was printed before the full-screen app, so she read it only after
    quitting, while the app said every dispute was settled (walk32)."""
    from coder.review.start import own_disputes

    for respondent in ("A1", "A4"):
        cid = next(r.comment_id for r in store.rows() if r.respondent == respondent and r.question == "kommentar")
        store.record_decision(cid, "anna", ("data",))
        store.record_decision(cid, "cai" if respondent == "A4" else "bo", ("kritik",))
    notices = own_disputes(store, "cai")
    app = ReviewApp(open_adjudication(store, "cai"), "p", Wording("da"), " ".join(n.danish for n in notices))
    (text,) = screens(app, (), size=(150, 30))
    assert "1 åben uenighed er udeladt: cai har selv kodet den" in text


def test_reviewers_notes_on_the_screen_are_redacted_as_the_comment_is(store: Store) -> None:
    """A note 'ringede til Jens Hansen på 28 14 55 90' stood whole under a redacted comment (walk33)."""
    store.record_decision("A1::kommentar", "anna", ("data",), note="ringede til Jens Hansen på 28 14 55 90")
    store.record_decision("A1::kommentar", "bo", ("kritik",), blind=True)
    text = run(ReviewApp(open_adjudication(store, "chef"), "p"), size=(150, 30))
    assert "anna: data — “ringede til [NAVN] på [TELEFON]”" in text and "Jens" not in text
