"""The Textual review app: keys in, decisions out through a ``ReviewSession`` (which knows no Textual)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from coder.errors import CoderError
from coder.review.logic import ReviewSession
from coder.review.ui.comment_view import CommentView
from coder.review.ui.help_screen import HelpScreen
from coder.review.ui.note_screen import NoteScreen
from coder.review.ui.status_bar import KeyLine, MessageLine, ProgressLine, TopBar
from coder.review.ui.suggestion import Suggestion
from coder.review.ui.theme_list import ThemeList


class ReviewApp(App[int]):
    """Review one queue; the return value is the number of decisions written."""

    TITLE = "coder review"
    CSS = "Screen { layout: vertical; }"
    BINDINGS = [Binding(str(d), f"digit({d})", show=False) for d in range(1, 10)] + [
        Binding("p", "primary", "primary"),
        Binding("enter", "accept", "accept"),
        Binding("s", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("n", "note", "note"),
        Binding("left", "move(-1)", "previous"),
        Binding("right", "move(1)", "next"),
        Binding("question_mark", "help", "help"),
        Binding("escape", "cancel", show=False),
        Binding("q", "quit", "quit"),
        Binding("ctrl+c", "quit", "quit", priority=True, show=False),
    ]

    def __init__(self, session: ReviewSession, project: str = "") -> None:
        super().__init__()
        self.session = session
        self.project = project
        self.primary_mode = False
        self.message = ""
        self.error = False

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield CommentView()
        yield Suggestion()
        yield ThemeList()
        yield MessageLine()
        yield ProgressLine()
        yield KeyLine()

    def on_mount(self) -> None:
        if self.session.finished:
            self.say(f"All {len(self.session.items)} comments done; ←/→ to revisit, q to quit")
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys act on the main screen only (not under the help or note box), except quitting."""
        return action == "quit" or len(self.screen_stack) == 1

    # --- showing ------------------------------------------------------------------------
    def say(self, message: str, error: bool = False) -> None:
        """Set the message shown on the next refresh."""
        self.message, self.error = message, error

    def refresh_view(self) -> None:
        """Show the session's current state in every widget."""
        s = self.session
        item = s.current
        decided = item is not None and item.comment_id in s.own
        self.query_one(TopBar).show(s.reviewer, s.blind, s.index, len(s.items), self.project, decided)
        self.query_one(CommentView).show(item)
        self.query_one(Suggestion).show(item, s.blind, s.others())
        scores = None if s.blind or item is None else item.scores
        self.query_one(ThemeList).show(s.codebook, s.keys, s.selection, scores)
        self.query_one(MessageLine).show(self.message, s.note, self.error)
        self.query_one(ProgressLine).show(s.progress())

    # --- actions --------------------------------------------------------------------------
    def action_digit(self, digit: int) -> None:
        if self.primary_mode:
            self.session.set_primary(digit)
            self.primary_mode = False
            self.say("")
        else:
            self.session.toggle(digit)
            self.say("")
        self.refresh_view()

    def action_primary(self) -> None:
        self.primary_mode = True
        self.say(f"Primary: press 1-{len(self.session.keys)} (Escape cancels)")
        self.refresh_view()

    def action_cancel(self) -> None:
        self.primary_mode = False
        self.say("")
        self.refresh_view()

    def action_accept(self) -> None:
        self.primary_mode = False
        try:
            decision = self.session.accept()
        except CoderError as err:
            self.say(str(err), error=True)
        else:
            done = self.session.progress()
            tail = f"; all {done.total} done" if done.done == done.total else ""
            self.say(f"Saved {decision.comment_id}: {'+'.join(decision.themes_after)}{tail}")
        self.refresh_view()

    def action_skip(self) -> None:
        self.primary_mode = False
        self.session.skip()
        self.say("Skipped")
        self.refresh_view()

    def action_undo(self) -> None:
        self.primary_mode = False
        decision = self.session.undo()
        if decision is None:
            self.say("Nothing to undo", error=True)
        else:
            back = "" if self.session.blind else f": back to {'+'.join(decision.themes_after) or 'no label'}"
            self.say(f"Undone {decision.comment_id}{back}")  # blind: the label in force may be someone else's
        self.refresh_view()

    def action_move(self, step: int) -> None:
        self.primary_mode = False
        self.session.go(self.session.index + step)
        self.say("")
        self.refresh_view()

    def action_note(self) -> None:
        def keep(note: str | None) -> None:
            if note is not None:
                self.session.note = note.strip()
                self.say("Note kept; it is saved with Enter" if note.strip() else "Note cleared")
            self.refresh_view()

        self.push_screen(NoteScreen(self.session.note), keep)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.exit(self.session.written)
