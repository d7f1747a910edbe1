"""Rich rendering of discovered clusters for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coder.cluster import Discovery
from coder.cluster_report import summary


def print_discovery(console: Console, discovery: Discovery, quotes: int = 1) -> None:
    """One table per question: size, share, keywords, nearest theme (or NEW) and example quotes; then hints."""
    for q in discovery.questions:
        table = Table(title=f"[bold]{escape(q.question)}[/bold] – klynger", caption=escape(summary(q)),
                      show_lines=quotes > 0)
        table.add_column("#", justify="right")
        table.add_column("n", justify="right")
        table.add_column("%", justify="right")
        table.add_column("Nøgleord", ratio=2)
        table.add_column("Nærmeste tema")
        table.add_column("Score", justify="right")
        if quotes:
            table.add_column("Eksempler", ratio=3)
        for c in q.clusters:
            if c.new:
                theme = "[bold magenta]NEW[/bold magenta]" + (f" [dim](≈ {escape(c.theme)})[/dim]" if c.theme else "")
            else:
                theme = escape(c.theme or "")
            cells = [str(c.number), str(c.size), f"{100 * c.share:.1f}", escape(", ".join(c.keywords)), theme,
                     "" if c.similarity is None else f"{c.similarity:.3f}"]
            if quotes:
                cells.append(escape("\n".join(f"“{x}”" for x in c.quotes[:quotes])))
            table.add_row(*cells)
        console.print(table)
        for hint in q.hints:
            console.print(f"[yellow]Hint:[/yellow] {escape(hint)}", soft_wrap=True)
