"""The comment being reviewed, redacted as in the exports: its text, large and wrapped, the respondent's
attributes, and their answers to the other questions for context."""

from __future__ import annotations

from typing import Sequence

from rich.columns import Columns
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from coder.review.logic import ReviewItem
from coder.wording import Wording


class CommentView(VerticalScroll, can_focus=False):
    """A bordered, scrolling panel with the comment text in bold and the attributes dimmed below it.

    When the comment is longer than the panel, the bottom border says so (and that PgDn scrolls) until
    the reviewer has scrolled to its end: a label must not be given on the first lines alone.
    """

    _subtitle = ""
    _more = ""

    DEFAULT_CSS = """
    CommentView { height: 1fr; min-height: 4; border: round $accent; padding: 0 1; }
    CommentView #text { text-style: bold; margin-bottom: 1; }
    CommentView #attributes { color: $text-muted; }
    CommentView #context { color: $text-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="text")
        yield Static(id="attributes")
        yield Static(id="context")

    def show(self, item: ReviewItem | None, wording: Wording, context: Sequence[tuple[str, str]] = ()) -> None:
        """Show a queue item (or an empty panel); the text is the redacted one, never the raw text."""
        text = self.query_one("#text", Static)
        attributes = self.query_one("#attributes", Static)
        others = self.query_one("#context", Static)
        if item is None:
            self.border_title = ""
            text.update("")
            attributes.update("")
            others.update("")
            return
        self.border_title = escape(f"{item.respondent} · {item.question}")
        self._subtitle = (wording.t(f"status_{item.status}")
                          + (wording.t("repeats", n=item.repeats) if item.repeats else ""))
        self._more = wording.t("more_text")
        self.border_subtitle = self._subtitle
        text.update(Text(item.shown(wording.locale)))
        pairs = [Text.assemble((f"{name}: ", "dim"), value) for name, value in item.attributes.items() if value]
        attributes.update(Columns(pairs, padding=(0, 3)))
        # the respondent's other answers, for context: "Flere af dem" means little alone
        others.update(Text("\n").join(Text.assemble((f"{question}: ", "dim"), (answer, "italic"))
                                      for question, answer in context))
        others.display = bool(context)
        self.scroll_home(animate=False)
        self.call_after_refresh(self._show_more)

    def _show_more(self) -> None:
        """Put the 'more below' hint in the bottom border while the end of the comment is out of sight."""
        more = self.max_scroll_y > 0 and round(self.scroll_y) < self.max_scroll_y
        self.border_subtitle = f"{self._more} · {self._subtitle}" if more and self._subtitle else self._subtitle

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_more()

    def watch_virtual_size(self) -> None:  # the text changed length, or the panel its width
        self._show_more()

    def on_resize(self) -> None:
        self._show_more()
