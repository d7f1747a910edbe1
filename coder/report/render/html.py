"""The report as one self-contained HTML page: tables, notes, quotes and the PNG charts inlined as base64."""

from __future__ import annotations

import base64
import re
from html import escape

from coder.charts import ABOVE
from coder.report.build import Report
from coder.report.groups import DOWN, UP
from coder.report.layout import Chart, Heading, Paragraph, Quotes, Table, layout
from coder.wording import Wording

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
.quotes { margin: .2rem 0 .8rem; } .quotes h3 { margin: .6rem 0 .2rem; font-size: .9rem; }
.quotes ul { margin: 0; padding-left: 1.2rem; } .quotes li { font-style: italic; color: #333; margin: .15rem 0; }
.scroll { overflow-x: auto; }
.scroll:focus { outline: 2px solid #3b6ea8; }
th[scope=row] { background: none; font-weight: normal; white-space: nowrap; }
tr.total th[scope=row] { font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  .scroll { overflow: visible; }
  table { font-size: .72rem; }
  th, td { padding: .15rem .3rem; }
  tr, figure, .quotes { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  figure img { max-height: 95vh; }
}
"""
# ▼'s orange is darkened for text: the charts' #d66a00 is 3.55:1 on white, under WCAG's 4.5:1 (walk27)
CSS += f".up {{ color: {ABOVE}; font-weight: 600; }} .down {{ color: #a35200; font-weight: 600; }}\n"


def _prose(text: str) -> str:
    """A paragraph, escaped, with a number and its percent sign kept on one line ("23,1 %" broke after "23,1")."""
    return re.sub(r"(\d) %", "\\1&nbsp;%", escape(text))


def _cell(text: str, w: Wording) -> str:
    """A cell, escaped; ▲/▼ coloured, with words for a screen reader (a bare glyph said nothing, walk27)."""
    up = f'<span class="up" aria-hidden="true">{UP}</span><span class="sr">{w.t("sr_up")}</span>'
    down = f'<span class="down" aria-hidden="true">{DOWN}</span><span class="sr">{w.t("sr_down")}</span>'
    return escape(text).replace(UP, up).replace(DOWN, down)


def _table(t: Table, caption: str, w: Wording) -> str:
    """A table whose first column heads its rows (a screen reader says the theme or group with each number), with
    a caption for a screen reader, in a region one can scroll with the keyboard (walk27)."""
    head = "".join(f'<th scope="col"{" class=num" if num else ""}>{escape(h)}</th>'
                   for h, num in zip(t.header, t.numeric))
    body = []
    for i, row in enumerate(t.rows):
        cls = ' class="total"' if t.first_row_total and i == 0 else ""
        cells = [f'<th scope="row">{_cell(row[0], w)}</th>'] + [f'<td{" class=num" if num else ""}>{_cell(c, w)}</td>'
                                                                for c, num in zip(row[1:], t.numeric[1:])]
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    label = escape(caption)
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="{label}"><table>'
            f'<caption class="sr">{label}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            "</table></div>")


def render_html(report: Report, charts: dict[str, bytes]) -> str:
    """The report as HTML with no external resources; ``charts`` are the PNGs by file name."""
    parts = []
    w, heading = report.wording, report.title
    for block in layout(report):
        if isinstance(block, Heading):
            heading = block.text
            parts.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f'<p class="note">{_prose(block.text)}</p>' if block.note else f"<p>{_prose(block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(_table(block, heading, w))
        elif isinstance(block, Quotes):  # a theme's quotes under a heading one level below the question's
            items = "".join(f"<li>“{escape(q)}”</li>" for q in block.quotes)
            title = f"<h3>{escape(block.label)}</h3>" if block.label else ""
            parts.append(f'<div class="quotes">{title}<ul>{items}</ul></div>')
        elif isinstance(block, Chart) and block.name in charts:
            data = base64.b64encode(charts[block.name]).decode("ascii")
            parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.alt)}"></figure>')
    lang = "da" if report.wording.danish else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")
