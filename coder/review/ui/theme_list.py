"""The codebook's themes with their number keys, marking the label being edited."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from coder.codebook import Codebook


class ThemeList(Static):
    """One line per theme: key, [P] primary / [x] secondary / [ ], label, id, model score (unless blind)."""

    DEFAULT_CSS = "ThemeList { height: auto; padding: 0 1; }"

    def show(self, codebook: Codebook, keys: list[str], selection: tuple[str, ...],
             scores: dict[str, float] | None) -> None:
        """Render the themes; ``scores`` None hides the model's scores."""
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        table.add_column(width=3)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(width=9, no_wrap=True, overflow="ellipsis", style="dim")
        table.add_column(width=4, justify="right")
        for digit, theme in enumerate(keys, start=1):
            if selection[:1] == (theme,):
                mark, style = "[P]", "bold green"
            elif theme in selection:
                mark, style = "[x]", "green"
            else:
                mark, style = "[ ]", ""
            score = "" if scores is None or theme not in scores else f"{scores[theme]:.2f}"
            table.add_row(Text(str(digit), style="bold cyan"), Text(mark, style=style),
                          Text(codebook.label(theme), style=style), theme, score)
        self.update(table)
