"""The codebook's themes with their keys, marking the label being edited and the focused theme.

Themes 1-9 have a digit key; every theme shows its number, which the picker (``t``) takes. When the
themes do not fit the lines available, they are laid out in columns (labels shortened), so a
30-theme codebook is seen whole at 80×24.
"""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from coder.codebook import Codebook
from coder.review.logic import DIRECT_KEYS
from coder.wording import Wording


def _mark(theme: str, selection: tuple[str, ...]) -> tuple[str, str]:
    if selection[:1] == (theme,):
        return "[P]", "bold green"
    if theme in selection:
        return "[x]", "green"
    return "[ ]", ""


class ThemeList(Static):
    """One cell per theme: number, [P] primary / [x] secondary / [ ], label; one column with id and score
    (unless blind) when they fit."""

    DEFAULT_CSS = "ThemeList { height: auto; padding: 0 1; }"

    def show(self, codebook: Codebook, selection: tuple[str, ...], scores: dict[str, float] | None, focus: str,
             wording: Wording, max_rows: int = 12) -> None:
        """Render the themes; ``scores`` None hides the model's scores; ``focus`` is shown reversed."""
        n = len(codebook.themes)
        columns = max(1, math.ceil(n / max(1, max_rows)))
        rows = math.ceil(n / columns)
        table = Table.grid(padding=(0, 1), expand=True)
        for _ in range(columns):
            table.add_column(width=1)
            table.add_column(width=2, justify="right")
            table.add_column(width=3)
            table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            if columns == 1:
                table.add_column(width=9, no_wrap=True, overflow="ellipsis", style="dim")
                table.add_column(width=4, justify="right")
        cells: list[list[Text | str]] = [[] for _ in range(rows)]
        for k, theme in enumerate(codebook.themes):
            mark, style = _mark(theme.id, selection)
            focused = " reverse" if theme.id == focus else ""
            number = Text(str(k + 1), style="bold cyan" if k < DIRECT_KEYS else "cyan")
            pointer = Text("›" if focused else "", style="bold yellow")
            cells[k % rows] += [pointer, number, Text(mark, style=style),
                                Text(theme.label, style=(style + focused).strip())]
            if columns == 1:
                score = "" if scores is None or theme.id not in scores else wording.num(scores[theme.id], 2)
                cells[k % rows] += [theme.id, score]
        width = 6 if columns == 1 else 4
        for line in cells:
            table.add_row(*(line + [""] * (width * columns - len(line))))
        self.update(table)
