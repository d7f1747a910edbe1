"""The filter box (``f``): theme, status and reviewer; empty fields mean no filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from coder.review.logic import STATUSES
from coder.wording import Wording


@dataclass(frozen=True)
class FilterAnswer:
    """What was typed in each field (stripped); the app turns it into a ``QueueFilter``."""

    theme: str
    status: str
    reviewer: str


class FilterScreen(ModalScreen[FilterAnswer | None]):
    """Three fields; Enter in any field applies them all, Escape cancels."""

    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical { width: 80; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
                              background: $surface; }
    FilterScreen Label { width: 100%; }
    """

    def __init__(self, wording: Wording, theme: str = "", status: str = "", reviewer: str = "") -> None:
        super().__init__()
        self.wording = wording
        self.values = (theme, status, reviewer)

    def compose(self) -> ComposeResult:
        w = self.wording
        with Vertical():
            yield Label(w.t("filter_title"))
            yield Label(w.t("filter_theme"))
            yield Input(value=self.values[0], id="theme")
            yield Label(w.t("filter_status", choices=", ".join(w.t(f"status_{s}") for s in STATUSES)))
            yield Input(value=self.values[1], id="status")
            yield Label(w.t("filter_reviewer"))
            yield Input(value=self.values[2], id="reviewer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(FilterAnswer(*(self.query_one(f"#{name}", Input).value.strip()
                                    for name in ("theme", "status", "reviewer"))))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
