"""The lines that are always visible: reviewer and position on top; progress, messages and keys below."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coder.review.logic import Progress

KEYS = (("1-9", "theme"), ("p,1-9", "primary"), ("⏎", "accept"), ("s", "skip"), ("u", "undo"), ("n", "note"),
        ("?", "help"), ("q", "quit"))


class TopBar(Static):
    """Reviewer, blind mode and the position in the queue."""

    DEFAULT_CSS = "TopBar { height: 1; background: $primary; color: $text; padding: 0 1; }"

    def show(self, reviewer: str, blind: bool, index: int, total: int, project: str, decided: bool) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("coder review", style="bold")
        line.append(f" · {project} · {reviewer}")
        if blind:
            line.append(" (blind)", style="bold")
        line.append(f" · comment {index + 1} of {total}")
        if decided:
            line.append(" · decided by you ✓", style="bold")
        self.update(line)


class ProgressLine(Static):
    """Done / total and this reviewer's primary themes so far."""

    DEFAULT_CSS = "ProgressLine { height: 1; padding: 0 1; background: $boost; }"

    def show(self, progress: Progress) -> None:
        line = Text()
        line.append(f"{progress.done}/{progress.total} done", style="bold")
        line.append(" │")
        for theme, n in progress.per_theme.items():
            line.append(f" {theme} ")
            line.append(str(n), style="bold")
        self.update(line)


class MessageLine(Static):
    """The note being written and the latest message (saved, undone, a mistake)."""

    DEFAULT_CSS = "MessageLine { height: 1; padding: 0 1; }"

    def show(self, message: str, note: str, error: bool = False) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        if note:
            line.append("Note: ", style="bold yellow")
            line.append(note + "  ")
        line.append(message, style="bold red" if error else "green")
        self.update(line)


class KeyLine(Static):
    """The key bindings, in one line."""

    DEFAULT_CSS = "KeyLine { height: 1; padding: 0 1; color: $text-muted; }"

    def on_mount(self) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        for k, (key, what) in enumerate(KEYS):
            line.append("  " if k else "")
            line.append(key, style="bold")
            line.append(f" {what}")
        self.update(line)
