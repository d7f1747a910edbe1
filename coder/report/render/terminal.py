"""The report in the terminal with Rich: the same blocks as Markdown and HTML."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table as RichTable

from coder.report.build import Report
from coder.report.groups import DOWN, UP
from coder.report.layout import Chart, Heading, Paragraph, Quotes, Table, layout

FIRST_MAX = 18  # characters of the first column kept whole at most


def _cell(text: str) -> str:
    text = escape(text)
    return text.replace(UP, f"[green]{UP}[/green]").replace(DOWN, f"[red]{DOWN}[/red]")


def _longest(texts) -> int:
    """The widest word of these texts, in terminal cells."""
    return max((cell_len(word) for text in texts for word in text.split()), default=1)


def _table(block: Table, header: tuple[str, ...], first: int | None = None) -> RichTable:
    """A Rich table of the block; ``first`` fixes the first column's width, and then every other column is
    as wide as its widest word (so a header or a number is never cut, and Rich need not shrink anything)."""
    table = RichTable(show_edge=True, header_style="bold")
    columns = list(zip(header, *block.rows))
    for j, (name, num) in enumerate(zip(header, block.numeric)):
        table.add_column(escape(name), justify="right" if num else "left", overflow="fold",
                         width=None if first is None else first if j == 0 else _longest(columns[j]))
    for i, row in enumerate(block.rows):
        table.add_row(*[_cell(c) for c in row], style="bold" if block.first_row_total and i == 0 else None,
                      end_section=block.first_row_total and i == 0)
    return table


def _fitted(console: Console, block: Table, header: tuple[str, ...]) -> RichTable:
    """The table with its first column (themes, groups) as wide as its longest word (at most ``FIRST_MAX``)
    where the screen has room for that beside the other columns at their narrowest (their longest word)."""
    columns = list(zip(header, *block.rows))
    others = sum(_longest(column) + 2 for column in columns[1:])  # + padding; borders: one per column and one
    room = console.width - others - (len(columns) + 1) - 2
    first = min(FIRST_MAX, _longest(columns[0][1:]), room)
    return _table(block, header, first if first > 1 else None)


def _shown(console: Console, block: Table, header: tuple[str, ...]) -> RichTable:
    """The table as wide as its content when the screen allows; else a table with theme columns
    (``Table.short``) gets the theme ids over its columns, and where even that is too wide, columns as narrow
    as their widest word."""
    table = _table(block, header)
    if not block.short or _width(console, table) <= console.width:
        return table  # a table without ids (themes as rows) wraps well enough by itself
    if header != block.short:
        return _shown(console, block, block.short)
    return _fitted(console, block, header)


def _width(console: Console, table: RichTable) -> int:
    """The width the table would take on an unlimited screen."""
    return Measurement.get(console, console.options.update_width(10_000), table).maximum


def print_report(console: Console, report: Report, quotes: int | None = None) -> None:
    """Print every block: headings as rules, tables as Rich tables, quotes indented (at most ``quotes`` each)."""
    for block in layout(report):
        if isinstance(block, Heading):
            if block.level == 1:
                console.rule(f"[bold]{escape(block.text)}[/bold]")
            else:
                console.print(f"\n[bold]{escape(block.text)}[/bold]")
        elif isinstance(block, Paragraph):
            console.print(f"[dim]{escape(block.text)}[/dim]" if block.note else escape(block.text))
        elif isinstance(block, Table):
            console.print(_shown(console, block, block.header))
            if block.short and _width(console, _table(block, block.header)) > console.width:
                legend = [f"{short} = {name}" for short, name in zip(block.short, block.header) if short != name]
                console.print(f"[dim]{escape(' · '.join(legend))}[/dim]")
        elif isinstance(block, Quotes):
            if quotes == 0:
                continue
            console.print(f"  [bold]{escape(block.label)}[/bold]")
            for q in block.quotes[:quotes]:
                console.print(f"    “{escape(q)}”")
        elif isinstance(block, Chart):
            continue
