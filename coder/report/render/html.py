"""The report as one self-contained HTML page: tables, notes, quotes and the PNG charts inlined as base64."""

from __future__ import annotations

import base64
import re
from html import escape

from coder.charts import ABOVE, BELOW
from coder.report.build import Report
from coder.report.groups import DOWN, UP
from coder.report.layout import Chart, Heading, Paragraph, Quotes, Table, layout

CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222;
       max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #3b6ea8; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; color: #1d3f66; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
p.note { font-size: .85rem; color: #555; margin: .3rem 0; }
table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: .85rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .55rem; vertical-align: top; }
th { background: #f0f3f7; text-align: left; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
th { max-width: 11rem; } td:first-child { white-space: nowrap; }
tr.total td { font-weight: 600; background: #f7f9fb; border-bottom: 2px solid #999; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
.quotes { margin: .2rem 0 .8rem; } .quotes h4 { margin: .6rem 0 .2rem; font-size: .9rem; }
.quotes ul { margin: 0; padding-left: 1.2rem; } .quotes li { font-style: italic; color: #333; margin: .15rem 0; }
.scroll { overflow-x: auto; }
"""
CSS += f".up {{ color: {ABOVE}; font-weight: 600; }} .down {{ color: {BELOW}; font-weight: 600; }}\n"


def _prose(text: str) -> str:
    """A paragraph, escaped, with a number and its percent sign kept on one line ("23,1 %" broke after "23,1")."""
    return re.sub(r"(\d) %", "\\1&nbsp;%", escape(text))


def _cell(text: str) -> str:
    out = escape(text)
    return out.replace(UP, f'<span class="up">{UP}</span>').replace(DOWN, f'<span class="down">{DOWN}</span>')


def _table(t: Table) -> str:
    head = "".join(f'<th{" class=num" if num else ""}>{escape(h)}</th>' for h, num in zip(t.header, t.numeric))
    body = []
    for i, row in enumerate(t.rows):
        cls = ' class="total"' if t.first_row_total and i == 0 else ""
        cells = "".join(f'<td{" class=num" if num else ""}>{_cell(c)}</td>' for c, num in zip(row, t.numeric))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def render_html(report: Report, charts: dict[str, bytes]) -> str:
    """The report as HTML with no external resources; ``charts`` are the PNGs by file name."""
    parts = []
    for block in layout(report):
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f'<p class="note">{_prose(block.text)}</p>' if block.note else f"<p>{_prose(block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Quotes):
            items = "".join(f"<li>“{escape(q)}”</li>" for q in block.quotes)
            parts.append(f'<div class="quotes"><h4>{escape(block.label)}</h4><ul>{items}</ul></div>')
        elif isinstance(block, Chart) and block.name in charts:
            data = base64.b64encode(charts[block.name]).decode("ascii")
            parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.alt)}"></figure>')
    lang = "da" if report.wording.danish else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")
