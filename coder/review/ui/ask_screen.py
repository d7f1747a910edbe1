"""A one-line question in a box (the note, a search, an id to go to): Enter answers, Escape cancels."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text; dismiss with the text (Enter) or None (Escape)."""

    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical { width: 74; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
                           background: $surface; }
    AskScreen Label { width: 100%; }
    """

    def __init__(self, prompt: str, value: str = "", guarded: bool = False) -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.guarded = guarded  # what is typed would be lost by quitting (a note): the app warns first

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt, id="prompt")
            yield Input(value=self.value, id="answer")

    @property
    def typed(self) -> bool:
        """Text typed here that quitting would lose."""
        return self.guarded and self.query_one(Input).value.strip() != self.value.strip()

    def warn(self, text: str) -> None:
        self.query_one("#prompt", Label).update(f"{self.prompt}\n{text}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
