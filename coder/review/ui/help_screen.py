"""The help screen (``?``): every key, in the reader's language; the arrows and page keys scroll it where it is
taller than the screen (walk24: at 60×24 the last keys and the legend were out of reach), any other key closes
it."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

SCROLL_KEYS = {"up": "scroll_up", "down": "scroll_down", "pageup": "scroll_page_up", "pagedown": "scroll_page_down",
               "home": "scroll_home", "end": "scroll_end"}


def key_table(text: str) -> Group:
    """The help text as a two-column grid: a line "key<TAB>what it does" is one row, so a description that wraps
    stays beside its key; any other line is shown as it is, below or above the grid."""
    parts: list[Table | Text] = []
    for line in text.split("\n"):
        key, tab, what = line.partition("\t")
        if not tab:
            parts.append(Text.from_markup(line))
            continue
        if not parts or not isinstance(parts[-1], Table):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            parts.append(grid)
        parts[-1].add_row(Text.from_markup(key), Text.from_markup(what))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """A modal box listing the keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 100; max-width: 100%; height: auto; max-height: 100%;
                                  border: round $accent; padding: 0 1; background: $surface; }
    HelpScreen Static { width: 100%; height: auto; }
    """

    def __init__(self, text: str, title: str = "") -> None:
        super().__init__()
        self.text = text
        self.title_text = title

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = self.title_text
            yield Static(key_table(self.text))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        box = self.query_one(VerticalScroll)
        if event.key in SCROLL_KEYS and box.max_scroll_y > 0:
            getattr(box, SCROLL_KEYS[event.key])(animate=False)
            return
        self.dismiss()
