"""The report in the terminal with Rich: the same blocks as Markdown and HTML."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from coder.report.build import Report
from coder.report.groups import DOWN, UP
from coder.report.layout import Chart, Heading, Paragraph, Quotes, Table, layout


def _cell(text: str) -> str:
    text = escape(text)
    return text.replace(UP, f"[green]{UP}[/green]").replace(DOWN, f"[red]{DOWN}[/red]")


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
            table = RichTable(show_edge=True, header_style="bold")
            for name, num in zip(block.header, block.numeric):
                table.add_column(escape(name), justify="right" if num else "left", overflow="fold")
            for i, row in enumerate(block.rows):
                table.add_row(*[_cell(c) for c in row], style="bold" if block.first_row_total and i == 0 else None,
                              end_section=block.first_row_total and i == 0)
            console.print(table)
        elif isinstance(block, Quotes):
            if quotes == 0:
                continue
            console.print(f"  [bold]{escape(block.label)}[/bold]")
            for q in block.quotes[:quotes]:
                console.print(f"    “{escape(q)}”")
        elif isinstance(block, Chart):
            continue
