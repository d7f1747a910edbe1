"""The help screen (``?``): every key; any key closes it."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
[b]Keys[/b]

  [b]1[/b]-[b]9[/b]         toggle that theme (the first one chosen is the primary)
  [b]p[/b] then [b]1[/b]-[b]9[/b]  make that theme the primary (adds it if needed)
  [b]Enter[/b]       accept the marked themes, save at once, go to the next
  [b]s[/b]           skip: leave this comment undecided for now
  [b]u[/b]           undo your latest decision (the log keeps both) and go back
  [b]n[/b]           write a note; it is saved with the next Enter
  [b]←[/b] / [b]→[/b]       previous / next comment in the queue
  [b]Escape[/b]      cancel [b]p[/b]
  [b]?[/b]           this help
  [b]q[/b], [b]Ctrl-C[/b]   quit (every accepted decision is already saved)

\\[P] primary theme, \\[x] secondary theme. Queue: needs_review first,
then lowest model confidence. Press any key to close."""


class HelpScreen(ModalScreen[None]):
    """A modal box listing the keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Static { width: 78; height: auto; max-height: 22; border: round $accent; padding: 0 1;
                          background: $surface; }
    """

    def compose(self) -> ComposeResult:
        yield Static(HELP)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss()
