"""Two waves side by side (``coder.report.waves``) as an Excel workbook.

A first sheet says what is compared and what makes the waves not like for like; then one sheet per question with
each theme's share in both waves, the change and their intervals, and with ``--by`` one sheet per question of each
group's change. Shares are fractions with a percent format and changes are points with a sign, as in the report's
workbook (``coder.report.render.xlsx``), so Excel shows them in the reader's own locale.
"""

from __future__ import annotations

import io

from coder.report.render.waves import basis_note, groups_note
from coder.report.render.xlsx import (
    PCT,
    PP,
    fit_widths,
    fraction,
    header_row,
    note_rows,
    printable,
    put,
    put_change,
    same_bytes,
    sheet_name,
)
from coder.report.tables import csv_number
from coder.report.waves import Share, WaveComparison, WaveLine, WaveQuestion


def _change(ws, row: int, col: int, x: WaveLine) -> None:
    """The change in points with its marker (bold, coloured), and its interval in the next two columns."""
    if x.change is None:
        put(ws, row, col, "–")
        return
    put_change(ws, row, col, x.change, x.marker)
    if x.low is not None and x.high is not None:
        put(ws, row, col + 1, float(csv_number(x.low)), PP)  # the digits that round as the tables show
        put(ws, row, col + 2, float(csv_number(x.high)), PP)


def _share(ws, row: int, col: int, s: Share | None) -> None:
    """n, share, interval low and high from ``col`` on; – where the theme has no share in this wave."""
    if s is None:
        put(ws, row, col + 1, "–")
        return
    put(ws, row, col, s.n)
    for j, value in enumerate((s.percent, s.low, s.high), start=1):
        put(ws, row, col + j, fraction(value), PCT)


def _question_sheet(ws, q: WaveQuestion, c: WaveComparison) -> None:
    from openpyxl.styles import Font

    w = c.wording
    share = w.t("corrected") if q.corrected else w.t("share")
    names = [w.t("theme")]
    for wave in (c.before, c.now):
        names += [f"{wave.name}: {w.t('n')}", f"{wave.name}: {share}", f"{wave.name}: {w.t('ci_low')}",
                  f"{wave.name}: {w.t('ci_high')}"]
    names += [w.t("waves_change"), f"{w.t('waves_change')}: {w.t('ci_low')}",
              f"{w.t('waves_change')}: {w.t('ci_high')}"]
    header_row(ws, names)
    put(ws, 2, 1, w.t("waves_answers")).font = Font(bold=True)
    put(ws, 2, 2, q.denominators[0])
    put(ws, 2, 6, q.denominators[1])
    for i, x in enumerate(q.lines, start=3):
        put(ws, i, 1, x.label)
        _share(ws, i, 2, x.before)
        _share(ws, i, 6, x.now)
        _change(ws, i, 10, x)
    note_rows(ws, len(q.lines) + 3, [q.title, basis_note(q, c)])
    fit_widths(ws, {1: 30}, cap=18)


def _groups_sheet(ws, q: WaveQuestion, c: WaveComparison) -> None:
    w = c.wording
    names = [c.by or "", f"{c.before.name}: {w.t('n')}", f"{c.now.name}: {w.t('n')}"]
    names += [f"{x.label} {w.t('waves_change')}" for x in q.lines]
    header_row(ws, names)
    for i, g in enumerate(q.groups, start=2):
        put(ws, i, 1, g.value)
        put(ws, i, 2, g.denominators[0])
        put(ws, i, 3, g.denominators[1])
        changes = {x.theme: x for x in g.lines}
        for j, line in enumerate(q.lines, start=4):
            x = changes.get(line.theme)
            if x is None or x.change is None:
                put(ws, i, j, "–")
            else:
                put_change(ws, i, j, x.change, x.marker)
    note_rows(ws, len(q.groups) + 2, [q.title, groups_note(q, c)])
    fit_widths(ws, cap=24)


def _about_sheet(ws, c: WaveComparison) -> None:
    from openpyxl.styles import Font

    w = c.wording
    put(ws, 1, 1, c.title).font = Font(bold=True, size=13)
    for j, key in enumerate(("waves_wave", "waves_codebook_head", "waves_model_head", "waves_input_head"), start=1):
        put(ws, 3, j, w.t(key)).font = Font(bold=True)
    row = 4
    for wave in (c.before, c.now):
        run = wave.run
        put(ws, row, 1, wave.name).font = Font(bold=True)
        put(ws, row, 2, f"{run.codebook.name} v{run.codebook.version}")
        put(ws, row, 3, run.model_id)
        put(ws, row, 4, run.input_path)
        row += 1
    for notice in c.notices:
        row += 1
        put(ws, row, 1, notice)
    fit_widths(ws, {1: 16, 2: 40, 3: 40, 4: 50})


def waves_xlsx(c: WaveComparison) -> bytes:
    """The workbook as bytes; the same comparison gives the same bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    w = c.wording
    used: set[str] = set()
    _about_sheet(wb.create_sheet(sheet_name(w.t("waves_about"), used)), c)
    for q in c.questions:
        _question_sheet(wb.create_sheet(sheet_name(q.question, used, fallback=w.t("sheet"))), q, c)
    for q in c.questions:
        if q.groups:
            _groups_sheet(wb.create_sheet(sheet_name(q.question, used, f"× {c.by}", w.t("sheet"))), q, c)
    wb.properties.creator = "coder"
    wb.properties.title = c.title
    printable(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return same_bytes(buf.getvalue(), max(c.before.report.created, c.now.report.created))
