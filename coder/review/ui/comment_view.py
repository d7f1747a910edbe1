"""The comment being reviewed, redacted as in the exports: its text, large and wrapped, and the
respondent's attributes."""

from __future__ import annotations

from rich.columns import Columns
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from coder.review.logic import ReviewItem
from coder.wording import Wording


class CommentView(VerticalScroll, can_focus=False):
    """A bordered, scrolling panel with the comment text in bold and the attributes dimmed below it."""

    DEFAULT_CSS = """
    CommentView { height: 1fr; min-height: 4; border: round $accent; padding: 0 1; }
    CommentView #text { text-style: bold; margin-bottom: 1; }
    CommentView #attributes { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="text")
        yield Static(id="attributes")

    def show(self, item: ReviewItem | None, wording: Wording) -> None:
        """Show a queue item (or an empty panel); the text is the redacted one, never the raw text."""
        text = self.query_one("#text", Static)
        attributes = self.query_one("#attributes", Static)
        if item is None:
            self.border_title = ""
            text.update("")
            attributes.update("")
            return
        self.border_title = escape(f"{item.respondent} · {item.question}")
        self.border_subtitle = (wording.t(f"status_{item.status}")
                                + (wording.t("repeats", n=item.repeats) if item.repeats else ""))
        text.update(Text(item.text))
        pairs = [Text.assemble((f"{name}: ", "dim"), value) for name, value in item.attributes.items() if value]
        attributes.update(Columns(pairs, padding=(0, 3)))
        self.scroll_home(animate=False)
