"""The Textual review app: keys in, decisions out through a ``ReviewSession`` (which knows no Textual).

Every text on screen comes from ``Wording`` (the codebook's language unless ``--locale``); the comment
is shown redacted as in the exports. Wide terminals (≥ 110 columns) show the codebook beside the
comment; narrow ones show it under the comment when ``c`` opens it, in place of the model's reasons.
"""

from __future__ import annotations

from typing import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from coder.errors import CoderError
from coder.review.session import ADJUDICATE, AUDIT, ReviewSession
from coder.review.ui.ask_screen import AskScreen
from coder.review.ui.codebook_panel import CodebookPanel
from coder.review.ui.comment_view import CommentView
from coder.review.ui.finding import FindingKeys
from coder.review.ui.help_screen import HelpScreen
from coder.review.ui.reasons_panel import ReasonsPanel
from coder.review.ui.status_bar import KeyLine, MessageLine, ProgressLine, TopBar
from coder.review.ui.suggestion import Suggestion, shown_label
from coder.review.ui.theme_list import ThemeList
from coder.review.ui.theme_picker import ThemePicker
from coder.store import ADJUDICATED, DISPUTED, Decision
from coder.wording import Wording, wording_for

WIDE = 110  # columns from which the codebook panel sits beside the comment (and is open from the start)


class ReviewApp(FindingKeys, App[int]):
    """Review one queue; the return value is the number of decisions written."""

    TITLE = "coder review"
    CSS = """
    Screen { layout: vertical; }
    #body { height: 1fr; }
    #left { width: 1fr; }
    #codebook-wide { width: 45%; height: 100%; }
    #codebook-narrow { height: 1fr; min-height: 4; }
    #left.with-codebook CommentView { height: auto; max-height: 50%; }
    #left.with-codebook CommentView #text { margin-bottom: 0; }
    """
    BINDINGS = [Binding(str(d), f"digit({d})", show=False) for d in range(1, 10)] + [
        Binding("o", "prefix('only')", "only"),
        Binding("p", "prefix('primary')", "primary"),
        Binding("t", "pick", "pick"),
        Binding("space", "space", "toggle marked"),
        Binding("up", "focus_theme(-1)", show=False),
        Binding("down", "focus_theme(1)", show=False),
        Binding("c", "codebook", "codebook"),
        Binding("pagedown", "scroll_panel(1)", show=False),
        Binding("pageup", "scroll_panel(-1)", show=False),
        Binding("enter", "accept", "accept"),
        Binding("i", "not_answer", "ikke-svar"),
        Binding("s", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("n", "note", "note"),
        Binding("left", "move(-1)", "previous"),
        Binding("right", "move(1)", "next"),
        Binding("slash", "search", "search"),
        Binding("f", "filter", "filter"),
        Binding("g", "jump", "go to"),
        Binding("r", "order", "order"),
        Binding("question_mark", "help", "help"),
        Binding("escape", "cancel", show=False),
        Binding("q", "quit", "quit"),
        Binding("ctrl+c", "quit", "quit", priority=True, show=False),
    ]

    def __init__(self, session: ReviewSession, project: str = "", wording: Wording | None = None,
                 notice: str = "") -> None:
        super().__init__()
        self.session = session
        self.project = project
        self.w = wording or wording_for(session.codebook.language)
        self.prefix: str | None = None  # "only" or "primary" after o / p, waiting for a theme
        self.codebook_open: bool | None = None  # None: open on wide terminals, closed on narrow ones
        self.message = notice  # shown until the first key: what the reviewer should know before starting
        self.error = False
        self.warned = False  # a first q (→, ←, s) with an unsaved note or themes warns; a second goes
        self.loaded: tuple[str | None, tuple[str, ...]] = (None, ())  # the comment shown, and its label as loaded
        self.leaving = False  # q was taken: keys typed after it are not carried out (walk32: 'q u' undid a decision)

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield CommentView()
                yield ReasonsPanel()
                yield CodebookPanel(id="codebook-narrow")
            yield CodebookPanel(id="codebook-wide")
        yield Suggestion()
        yield ThemeList()
        yield MessageLine()
        yield ProgressLine()
        yield KeyLine()

    def on_mount(self) -> None:
        if self.session.finished:
            self.say(" ".join(x for x in (self.w.plural(len(self.session.items), "all_done"), self.message) if x))
        self.refresh_view()

    def on_resize(self) -> None:
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys act on the main screen only (not under a box), except quitting and Tab / Shift+Tab, which move
        between a box's fields (the filter box's status field could not be reached from the keyboard); none once
        the app is closing (keys already typed would still undo or save, unseen)."""
        if self.leaving:
            return False
        return action in ("quit", "focus_next", "focus_previous") or len(self.screen_stack) == 1

    # --- showing ------------------------------------------------------------------------
    def say(self, message: str, error: bool = False) -> None:
        """Set the message shown on the next refresh."""
        self.message, self.error = message, error

    @property
    def wide(self) -> bool:
        return self.size.width >= WIDE

    @property
    def showing_codebook(self) -> bool:
        return self.wide if self.codebook_open is None else self.codebook_open

    def _order_key(self) -> str:
        s = self.session
        return {AUDIT: "draw", ADJUDICATE: "input"}.get(s.mode, s.order)

    def refresh_view(self) -> None:
        """Show the session's current state in every widget."""
        s, w = self.session, self.w
        item = s.current
        if item is not None and item.comment_id != self.loaded[0]:
            self.loaded = (item.comment_id, s.selection)
        decided = item is not None and item.comment_id in s.own
        self.query_one(TopBar).show(s.reviewer, s.blind, s.mode, s.index, len(s.items), self.project, decided, w)
        self.query_one(CommentView).show(item, w, s.context(w.locale))
        reasons = s.reasons()
        panel = self.query_one(ReasonsPanel)
        panel.display = bool(reasons) and (self.wide or not self.showing_codebook)
        if panel.display:
            panel.show(reasons, w, roomy=self.size.height >= 30)
        number = s.codebook.ids.index(s.focus) + 1
        self.query_one("#left").set_class(self.showing_codebook and not self.wide, "with-codebook")
        for name, shown in (("#codebook-wide", self.wide), ("#codebook-narrow", not self.wide)):
            box = self.query_one(name, CodebookPanel)
            box.display = self.showing_codebook and shown
            if box.display:
                box.show(s.codebook.theme(s.focus), number, w)
        self.query_one(Suggestion).show(item, s.blind, s.others(), w, s.mode == ADJUDICATE, s.not_answer,
                                        s.audit_draw, s.earlier())
        scores = None if s.blind or item is None else item.scores
        rows = max(6, self.size.height - 14) if self.size.height else 12
        self.query_one(ThemeList).show(s.codebook, s.selection, scores, s.focus, w, rows)
        self.query_one(MessageLine).show(self.message, s.note, w, self.error)
        self.query_one(ProgressLine).show(s.progress(), s.mode, self._order_key(), s.flt.active, w)
        self.query_one(KeyLine).show(w, len(s.codebook.ids), self.size.width or 80)

    # --- editing the label ----------------------------------------------------------------
    def _edit(self, theme: str | None) -> None:
        if theme is not None:
            self.session.edit(self.prefix or "toggle", theme)
        self.prefix = None
        self.warned = False  # changed themes are warned about afresh
        self.say("")
        self.refresh_view()

    def action_digit(self, digit: int) -> None:
        theme = self.session.theme_for_key(digit)
        if theme is None:
            self.say(self.w.t("no_theme_key", digit=digit, n=len(self.session.keys)), error=True)
            self.refresh_view()
            return
        self._edit(theme)

    def action_prefix(self, what: str) -> None:
        self.prefix = what
        self.say(self.w.t(f"{what}_prompt"))
        self.refresh_view()

    def action_pick(self) -> None:
        self.push_screen(ThemePicker(self.session.codebook, self.w), self._edit)

    def action_space(self) -> None:
        self._edit(self.session.focus)

    def action_focus_theme(self, step: int) -> None:
        self.session.move_focus(step)
        self.refresh_view()

    def action_codebook(self) -> None:
        self.codebook_open = not self.showing_codebook
        self.refresh_view()

    def action_scroll_panel(self, step: int) -> None:
        """Page through the codebook panel when it is shown, else through the comment."""
        box = self.query_one("#codebook-wide" if self.wide else "#codebook-narrow", CodebookPanel)
        target = box if self.showing_codebook else self.query_one(CommentView)
        if step > 0:
            target.scroll_page_down(animate=False)
        else:
            target.scroll_page_up(animate=False)

    def action_cancel(self) -> None:
        self.prefix = None
        self.say("")
        self.refresh_view()

    # --- decisions --------------------------------------------------------------------------
    def _who(self, comment_id: str) -> str:
        item = next((i for i in self.session.items if i.comment_id == comment_id), None)
        return f"{item.respondent} · {item.question}" if item else comment_id

    def _too_small(self) -> bool:
        """The window is too small to show the answer: nothing is saved on an answer the reviewer cannot read."""
        text, body = self.query_one(CommentView).content_region, self.query_one("#body").region
        if min(text.bottom, body.bottom) > text.y:  # a line of the answer is on screen, inside its border
            return False
        self.say(self.w.t("window_small"), error=True)
        self.refresh_view()
        return True

    def action_accept(self) -> None:
        if self.prefix:  # o or p waits for a theme: Enter would save what was ticked before
            self.say(self.w.t(f"{self.prefix}_prompt"), error=True)
            self.refresh_view()
            return
        if self._too_small():
            return
        if not self.session.selection:
            self.say(self.w.t("choose_theme"), error=True)
            self.refresh_view()
            return
        self._save(self.session.accept)

    def action_not_answer(self) -> None:
        """Save "no substantive answer" (ikke-svar) for the comment at once, as Enter saves themes."""
        self.prefix = None
        if self._too_small():
            return
        self._save(self.session.mark_not_answer)

    def _save(self, write: Callable[[], Decision]) -> None:
        """Write a decision (themes or ikke-svar) and say what was saved, or why not."""
        try:
            decision = write()
        except CoderError as err:
            self.say(err.said(self.w.danish), error=True)
        else:
            self.loaded = (None, ())  # the comment shown next starts from its own label
            done = self.session.progress()
            tail = self.w.plural(done.total, "saved_all") if done.done == done.total else ""
            met, who, label = self.session.saved_against(decision)
            if met == DISPUTED:
                tail = self.w.t("saved_disputed", who=who) + tail
            elif met == ADJUDICATED:
                tail = self.w.t("saved_adjudicated", who=who, themes=shown_label(label, self.w)) + tail
            self.say(self.w.t("saved", who=self._who(decision.comment_id),
                              themes=shown_label(decision.themes_after, self.w)) + tail)
        self.refresh_view()

    def _unsaved(self) -> str:
        """What leaving this comment would lose: "note", "themes" (chosen, not saved) or ""."""
        item, s = self.session.current, self.session
        if s.note:
            return "note"
        if item is not None and self.loaded[0] == item.comment_id and s.selection != self.loaded[1]:
            return "themes"
        return ""

    def _stays_for_unsaved(self, key: str = "unsaved_leave") -> bool:
        """A note typed or themes chosen for this comment would be lost by leaving it: the first try says so and
        stays; the second goes."""
        lost = self._unsaved()
        if lost and not self.warned:
            self.warned = True
            self.say(self.w.t(f"{lost}_{key}"), error=True)
            self.refresh_view()
            return True
        self.warned = False
        return False

    def action_skip(self) -> None:
        self.prefix = None
        if self._stays_for_unsaved():
            return
        self.session.skip()
        self.say(self.w.t("skipped"))
        self.refresh_view()

    def action_undo(self) -> None:
        self.prefix = None
        try:
            decision = self.session.undo()
        except CoderError as err:  # e.g. another program is writing coder.db: said, and the session goes on
            self.say(err.said(self.w.danish), error=True)
            self.refresh_view()
            return
        self.loaded = (None, ())  # the comment shown starts from its label as it is now
        if decision is None:
            self.say(self.w.t("nothing_to_undo"), error=True)
        elif self.session.blind:  # the label in force may be someone else's
            self.say(self.w.t("undone", who=self._who(decision.comment_id)))
        else:
            themes = shown_label(decision.themes_after, self.w) or self.w.t("no_label")
            self.say(self.w.t("undone_back", who=self._who(decision.comment_id), themes=themes))
        self.refresh_view()

    def action_move(self, step: int) -> None:
        self.prefix = None
        if self._stays_for_unsaved():
            return
        self.session.go(self.session.index + step)
        self.say("")
        self.refresh_view()

    def action_note(self) -> None:
        def keep(note: str | None) -> None:
            if note is not None:
                self.session.note = note.strip()
                self.warned = False  # a new note is warned about afresh
                self.say(self.w.t("note_kept" if note.strip() else "note_cleared"))
            self.refresh_view()

        self.push_screen(AskScreen(self.w.t("note_prompt"), self.session.note, guarded=True), keep)

    # --- leaving -----------------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.w.t("help"), self.w.t("help_title")))

    async def action_quit(self) -> None:
        box = self.screen
        if isinstance(box, AskScreen) and box.typed and not self.warned:  # a note being typed (walk24: Ctrl-C)
            self.warned = True
            box.warn(self.w.t("note_typing_unsaved"))
            return
        if self._stays_for_unsaved("unsaved"):  # a note or themes not saved yet: said before they are lost
            return
        self.leaving = True
        self.exit(self.session.written)
