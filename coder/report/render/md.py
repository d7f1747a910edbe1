"""The report as Markdown (tables, explanations, quotes); charts are left to HTML and PNG.

Every text is written with ``markdown_text``: a comment, a column name or a group value shows as
typed and can never become a link, an image or HTML in the reader's viewer.
"""

from __future__ import annotations

from typing import Iterable

from coder.files import markdown_text
from coder.report.build import Report
from coder.report.layout import Block, Chart, Heading, Paragraph, Quotes, Table, layout


def _cell(text: str) -> str:
    return markdown_text(text)


def _table(t: Table) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in t.header) + " |",
           "|" + "|".join("---:" if num else "---" for num in t.numeric) + "|"]
    for i, row in enumerate(t.rows):
        cells = [_cell(c) for c in row]
        if t.first_row_total and i == 0:
            cells = [f"**{c}**" if c else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    return out


def render_md(report: Report) -> str:
    """The whole report as one Markdown document."""
    return blocks_md(layout(report))


def blocks_md(blocks: Iterable[Block]) -> str:
    """These blocks as one Markdown document (charts left out)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + _cell(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [(f"_{_cell(block.text)}_" if block.note else _cell(block.text)), ""]
        elif isinstance(block, Table):
            out += _table(block) + [""]
        elif isinstance(block, Quotes):
            out += ([f"**{_cell(block.label)}**"] if block.label else []) + [f"- “{_cell(q)}”" for q in block.quotes]
            out += [""]
        elif isinstance(block, Chart):
            continue
    return "\n".join(out).rstrip() + "\n"
