"""The codebook at hand: the focused theme's label, description, include and exclude notes, keywords, examples."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from coder.codebook import Theme
from coder.wording import Wording


class CodebookPanel(VerticalScroll, can_focus=False):
    """A bordered, scrolling panel with one theme of the codebook."""

    DEFAULT_CSS = """
    CodebookPanel { border: round $secondary; padding: 0 1; }
    CodebookPanel > Static { width: 100%; }
    """

    plain = ""

    def compose(self) -> ComposeResult:
        yield Static(id="theme")

    def show(self, theme: Theme, number: int, wording: Wording) -> None:
        """Show a theme (``number`` is its place in the codebook, the key that picks it); the label is in the
        border, so the description starts on the first line."""
        w = wording
        self.border_title = escape(w.t("codebook_title", number=number, id=theme.id, label=theme.label)
                                   + (w.t("cb_catch_all") if theme.catch_all else ""))
        self.border_subtitle = w.t("codebook_hint")
        parts: list[Text] = [Text(theme.description.strip())]
        for key, notes in (("cb_include", theme.include), ("cb_exclude", theme.exclude)):
            for note in notes:
                parts.append(Text.assemble((w.t(key), "bold green" if key == "cb_include" else "bold red"), note))
        if theme.keywords:
            parts.append(Text.assemble((w.t("cb_keywords"), "bold"), (", ".join(theme.keywords), "dim")))
        for key, texts in (("cb_examples", theme.examples), ("cb_counter", theme.counter_examples)):
            if texts:
                parts.append(Text(w.t(key), style="bold"))
                parts.extend(Text(f"  “{t}”", style="italic" if key == "cb_examples" else "italic dim") for t in texts)
        self.plain = "\n".join(p.plain for p in parts)  # what the panel says, for tests and screen readers
        self.query_one("#theme", Static).update(Group(*parts))
        self.scroll_home(animate=False)
