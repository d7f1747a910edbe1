"""The report in the terminal with Rich: the same blocks as Markdown and HTML."""

from __future__ import annotations

from typing import Iterable

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from coder.charts import ABOVE, BELOW
from coder.report.build import Report
from coder.report.groups import DOWN, UP
from coder.report.layout import Block, Chart, Heading, Paragraph, Quotes, Table, layout
from coder.wording import Wording

FIRST_MAX = 18  # characters of a word in the first column kept whole at most
FIRST_MIN = 8  # characters the first column needs at least, else the table is shown in parts (``_parts``)


def _cell(text: str) -> str:
    text = escape(text)
    return text.replace(UP, f"[{ABOVE}]{UP}[/]").replace(DOWN, f"[{BELOW}]{DOWN}[/]")


def longest_word(texts) -> int:
    """The widest word of these texts, in terminal cells."""
    return max((cell_len(word) for text in texts for word in text.split()), default=1)


def cell_room(width: int, n_columns: int) -> int:
    """The cells' room in a bordered table ``width`` wide: less the borders, and one space each side of a cell."""
    return width - (n_columns + 1) - 2 * n_columns


def _table(block: Table, header: tuple[str, ...], widths: list[int] | None = None) -> RichTable:
    """A Rich table of the block; ``widths`` fixes every column's width (without padding)."""
    table = RichTable(show_edge=True, header_style="bold")
    for j, (name, num) in enumerate(zip(header, block.numeric)):
        table.add_column(escape(name), justify="right" if num else "left", overflow="fold",
                         width=None if widths is None else widths[j])
    for i, row in enumerate(block.rows):
        table.add_row(*[_cell(c) for c in row], style="bold" if block.first_row_total and i == 0 else None,
                      end_section=block.first_row_total and i == 0)
    return table


def _widths(console: Console, block: Table, header: tuple[str, ...]) -> list[int] | None:
    """Column widths for a screen too narrow for the table, or None where even the narrowest layout does not fit.

    No number is cut: a number or an interval keeps its whole width, and so does a header word where there is
    room; the first column (themes, groups) keeps its longest word up to ``FIRST_MAX`` characters and wraps
    between words. What room is left goes to the other columns first (so "Andel %" stays on one line), then
    to the first.
    """
    columns = list(zip(header, *block.rows))
    natural = [max(cell_len(text) for text in column) for column in columns]
    room = cell_room(console.width, len(columns))
    least = [longest_word(column) for column in columns]
    if sum(least[1:]) + 1 > room:  # no room for whole header words: keep the numbers whole at least
        least = [longest_word(column[1:]) for column in columns]
        if sum(least[1:]) + 1 > room:
            return None
    least[0] = min(FIRST_MAX, longest_word(columns[0][1:]))
    # a word of the first column would be cut ('mødeledel/se' in a theme table, 'Plastikkirur/gi' in a group
    # table, walk16 and walk24) or run down a letter a line: shown in parts instead
    if room - sum(least[1:]) < max(least[0], FIRST_MIN):
        return None
    least[0] = min(least[0], room - sum(least[1:]))
    widths, spare = least[:], room - sum(least)
    for j in [*range(1, len(columns)), 0]:  # the other columns to their natural width first, then the first
        grow = min(spare, natural[j] - widths[j])
        if grow > 0:
            widths[j] += grow
            spare -= grow
    return widths


def _shown(console: Console, block: Table, header: tuple[str, ...]) -> tuple[RichTable, tuple[str, ...]]:
    """The table as wide as its content when the screen allows; else a table with theme columns
    (``Table.short``) gets the theme ids over its columns; and where it is still too wide, no word is cut
    (``_widths``). Returns the table and the header it got."""
    table = _table(block, header)
    if _width(console, table) <= console.width:
        return table, header
    if block.short and header != block.short:
        return _shown(console, block, block.short)
    widths = _widths(console, block, header) or _numbers_whole(console, block, header)
    return (table if widths is None else _table(block, header, widths)), header


def _numbers_whole(console: Console, block: Table, header: tuple[str, ...]) -> list[int] | None:
    """The last resort of a screen too narrow for a table's words (a 40-column terminal): every number and interval
    whole ("23,1–32,1", not "23,1–32," over "1"), the first column taking what is left; None where not even the
    numbers fit."""
    columns = list(zip(header, *block.rows))
    room = cell_room(console.width, len(columns))
    numbers = [max(cell_len(text) for text in column[1:]) for column in columns[1:]]
    if room - sum(numbers) < 1:
        return None
    return [room - sum(numbers), *numbers]


def _parts(console: Console, block: Table) -> list[Table]:
    """The table; or, where not even its numbers fit the screen (a group's name then ran down the screen a letter a
    line), the table in parts of as many columns as fit, each led by its first two (the group and its n)."""
    if len(block.header) < 4 or _fits(console, block):
        return [block]
    lead, rest, step = [0, 1], list(range(2, len(block.header))), block.band
    parts: list[Table] = []
    while rest:  # a share stays beside its interval (``Table.band``)
        take = min(step, len(rest))
        while take < len(rest) and _fits(console, _columns(block, lead + rest[:take + step])):
            take += step
        parts.append(_columns(block, lead + rest[:take]))
        rest = rest[take:]
    return parts


def _columns(block: Table, keep: list[int]) -> Table:
    return block.without(tuple(j for j in range(len(block.header)) if j not in keep))


def _fits(console: Console, block: Table) -> bool:
    """Whether the table fits the screen as ``_shown`` would lay it out (theme ids as headers where they help)."""
    header = block.short or block.header
    return (_width(console, _table(block, header)) <= console.width
            or _widths(console, block, header) is not None)


def _width(console: Console, table: RichTable) -> int:
    """The width the table would take on an unlimited screen."""
    return Measurement.get(console, console.options.update_width(10_000), table).maximum


def print_report(console: Console, report: Report, quotes: int | None = None) -> None:
    """Print every block: headings as rules, tables as Rich tables, quotes indented (at most ``quotes`` each)."""
    print_blocks(console, layout(report), report.wording, quotes)


def print_blocks(console: Console, blocks: Iterable[Block], wording: Wording, quotes: int | None = None) -> None:
    """Print these blocks (``print_report``)."""
    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                console.rule(f"[bold]{escape(block.text)}[/bold]")
            else:
                console.print(f"\n[bold]{escape(block.text)}[/bold]", highlight=False)
        elif isinstance(block, Paragraph):
            console.print(f"[dim]{escape(block.text)}[/dim]" if block.note else escape(block.text), highlight=False)
        elif isinstance(block, Table):
            left_out = ()
            if block.optional and _width(console, _table(block, block.header)) > console.width:
                left_out = tuple(block.header[j] for j in block.optional)
                block = block.without(block.optional)
            for part in _parts(console, block):
                table, header = _shown(console, part, part.header)
                console.print(table)
                if header != part.header:  # theme ids over the columns: what each stands for
                    legend = [f"{short} = {name}" for short, name in zip(header, part.header)
                              if short != name and not name.startswith(short)]
                    # only shortened to their first words ("95 %-KI" twice): the whole names, in order (walk28)
                    legend = legend or [f"{wording.t('columns_are')}: " + " | ".join(part.header)]
                    console.print(f"[dim]{escape(' · '.join(legend))}[/dim]")
            if left_out:
                console.print(f"[dim]{escape(wording.t('narrow_left_out', columns=', '.join(left_out)))}[/dim]")
        elif isinstance(block, Quotes):
            if quotes == 0:
                continue
            if block.label:
                console.print(f"  [bold]{escape(block.label)}[/bold]")
            for q in block.quotes[:quotes]:
                console.print(Padding(Text(f"“{q}”"), (0, 0, 0, 4)))  # wrapped lines indented too
        elif isinstance(block, Chart):
            continue
