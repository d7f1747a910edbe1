"""Rich renderings for the terminal: run summaries, theme tables, codebooks."""

from __future__ import annotations

from typing import Sequence

from rich.console import Console
from rich.table import Table

from coder.codebook import Codebook
from coder.pipeline import CodeResult
from coder.report import QuestionTable
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER


def print_tables(console: Console, tables: Sequence[QuestionTable], quotes: int = 3) -> None:
    for t in tables:
        c = t.status_counts
        caption = (f"{t.denominator} substantive answers = 100 %; {c[NON_ANSWER]} non-answers, {c[EMPTY]} empty"
                   + (f", {c[NEEDS_REVIEW]} need review" if c[NEEDS_REVIEW] else "")
                   + ". Nævnt: primary or secondary theme.")
        table = Table(title=f"[bold]{t.question}[/bold]", caption=caption, show_lines=quotes > 0)
        table.add_column("Tema")
        table.add_column("n", justify="right")
        table.add_column("%", justify="right")
        table.add_column("95 % CI", justify="right")
        table.add_column("Nævnt %", justify="right")
        if quotes:
            table.add_column("Eksempler", ratio=1)
        for line in t.lines:
            cells = [line.label, str(line.n), f"{line.percent:.1f}", f"{line.ci_low:.0f}–{line.ci_high:.0f}",
                     f"{line.mentions_percent:.1f}"]
            if quotes:
                cells.append("\n".join(f"“{q}”" for q in line.quotes[:quotes]))
            table.add_row(*cells)
        console.print(table)


def print_result(console: Console, result: CodeResult, quotes: int = 3) -> None:
    if result.guessed_columns:
        console.print(f"Text columns (guessed): {', '.join(result.questions)}; set them with --text-col.")
    if not result.neural:
        console.print("[bold yellow]Coded with the lexical fallback, not a neural model.[/bold yellow]")
    print_tables(console, result.tables, quotes)
    for q, counts in result.counts.items():
        parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY) if counts.get(s))
        console.print(f"{q}: {result.rows_in} rows in = {sum(counts.values())} out ({parts})")
    console.print(f"Model: {result.model_id}; {result.encoded} texts encoded, the rest from the cache.")
    console.print(f"Project: {result.out_dir} ({', '.join(p.name for p in result.files)}, coder.db)")


def print_codebook(console: Console, codebook: Codebook) -> None:
    console.print(f"[bold]{codebook.name}[/bold]  version {codebook.version}  language {codebook.language}  "
                  f"({len(codebook.themes)} themes) — OK")
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("id")
    table.add_column("Label")
    table.add_column("Keywords / examples", ratio=1)
    for i, theme in enumerate(codebook.themes, start=1):
        label = theme.label + (" [dim](catch-all)[/dim]" if theme.catch_all else "")
        detail = ", ".join(theme.keywords[:8]) + (" …" if len(theme.keywords) > 8 else "")
        if theme.examples:
            detail += f"\n{len(theme.examples)} examples, e.g. “{theme.examples[0]}”"
        table.add_row(str(i), theme.id, label, detail)
    console.print(table)
