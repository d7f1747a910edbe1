"""The theme picker (``t``): type a theme's number or part of its name; Enter picks the first match."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from coder.codebook import Codebook
from coder.review.logic import theme_matches
from coder.wording import Wording


class ThemePicker(ModalScreen[str | None]):
    """Pick any theme of the codebook (there may be more than nine); dismiss with its id or None."""

    DEFAULT_CSS = """
    ThemePicker { align: center middle; }
    ThemePicker > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%; border: round $accent;
                             padding: 0 1; background: $surface; }
    ThemePicker #matches { height: auto; max-height: 14; }
    ThemePicker Label { width: 100%; }
    """

    def __init__(self, codebook: Codebook, wording: Wording) -> None:
        super().__init__()
        self.codebook = codebook
        self.wording = wording
        self.matches: list[str] = list(codebook.ids)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.wording.t("picker_title"))
            yield Input(id="query")
            yield Static(id="matches")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", style="bold cyan")
        table.add_column()
        table.add_column(style="dim")
        for k, theme in enumerate(self.matches[:14]):
            table.add_row(str(self.codebook.ids.index(theme) + 1), Text(self.codebook.label(theme),
                                                                         style="reverse" if k == 0 else ""), theme)
        if not self.matches:
            table.add_row("", Text(self.wording.t("picker_none"), style="red"), "")
        self.query_one("#matches", Static).update(table)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.matches = theme_matches(self.codebook, event.value)
        self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.matches:
            self.dismiss(self.matches[0])

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
