"""The report as an Excel workbook: one sheet per table, a sheet of quotes, a sheet of the coded comments.

Shares are stored as numbers (fractions with a percent format) so Excel shows them in the reader's own
locale; every text cell is stored as a string and marked quote-prefixed, so a comment starting with
``= + - @`` is shown as text and never run as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile

from coder.charts import ABOVE, BELOW
from coder.files import formula_like
from coder.report.assignments import ASSIGNMENT_COLUMNS, assignment_values, input_columns
from coder.report.build import Report
from coder.report.factsheet import FactSheet
from coder.report.groups import DOWN, UP, Comparison
from coder.report.layout import (
    apart_line,
    audit_line,
    chance_line,
    denominator_line,
    expected_line,
    small_group_line,
)
from coder.report.population import NOT_NAMED, TOO_MANY, lacking, total
from coder.report.quotes import QUOTE_FLOOR
from coder.report.tables import QuestionTable, csv_number
from coder.wording import half_up

PCT = "0.0%"
# a difference in percentage points, stored as the report shows it (one decimal, a half rounded up: a difference of
# +0.03 is 0,0, not '+0,0'), with the minus sign of the other formats
PP = '+0.0;"−"0.0;0.0'
PP_UP = '+0.0 "▲";"−"0.0;0.0'
PP_DOWN = '+0.0;"−"0.0 "▼";0.0'

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")


def put(ws, row: int, col: int, value: object, fmt: str | None = None):
    """Write one cell; a text value is always a string cell, quote-prefixed when it could be read as a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = _ILLEGAL.sub(" ", value)
        cell.value = value
        cell.data_type = "s"  # openpyxl makes '=…' a formula and '#N/A' an error otherwise
        if formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    if fmt:
        cell.number_format = fmt
    return cell


def fraction(x: float | None) -> float | None:
    """A percentage as a fraction for a percent-formatted cell, with the digits that make Excel show what the
    tables show (13.14998 %: 0.1314998, not 0.1315, which Excel shows as 13,2 %: walk27)."""
    return None if x is None else round(float(csv_number(x)) / 100, 9)


def header_row(ws, names: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for j, name in enumerate(names, start=1):
        cell = put(ws, 1, j, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F0F3F7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"


def note_rows(ws, row: int, lines: list[str]) -> None:
    """Notes under a table, each wrapped across the table's columns: a 500-character line in one cell was cut off
    in print, or shrank a page fit to its width (walk28)."""
    from openpyxl.styles import Alignment, Font

    columns = max(ws.max_column, 1)  # the table's own width: a wider merge would widen the sheet
    for i, line in enumerate(lines):
        cell = put(ws, row + 1 + i, 1, line)
        cell.font = Font(italic=True, color="555555")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if columns > 1:
            ws.merge_cells(start_row=row + 1 + i, start_column=1, end_row=row + 1 + i, end_column=columns)
        ws.row_dimensions[row + 1 + i].height = 15 * max(1, -(-len(str(line)) // (columns * 11)))


def fit_widths(ws, fixed: dict[int, float] | None = None, cap: int = 50) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 500)):
        for cell in row:
            if cell.value is not None and not (cell.font and cell.font.i):  # notes may overflow
                n = len(str(cell.value)) if not isinstance(cell.value, float) else 7
                widths[cell.column] = max(widths.get(cell.column, 6), min(cap, n + 2))
    for col, width in {**widths, **(fixed or {})}.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def _asked(ws, t: QuestionTable, w) -> str:
    """The question as the survey asked it, the first line under a table and on each printed page's top: a sheet is
    named by a column cut to 31 characters, and its table had no question above it (walk37)."""
    ws.oddHeader.center.text = t.title.replace("&", "&&")  # '&' starts a code in Excel's page header
    return f"{w.t('question')}: {t.title}"


def _theme_sheet(ws, t: QuestionTable, report: Report) -> None:
    w, corr = report.wording, report.has_corrected
    low, high = w.t("ci_low"), w.t("ci_high")
    names = [w.t("theme"), w.t("n"), w.t("share"), low, high]
    names += [w.t("corrected"), f"{w.t('corrected')} {low}", f"{w.t('corrected')} {high}"] if corr else []  # unique
    header_row(ws, names + [w.t("mentions_n"), w.t("mentions")])
    for i, x in enumerate(t.lines, start=2):
        cells: list[tuple[object, str | None]] = [(x.label, None), (x.n, None), (fraction(x.percent), PCT),
                                                  (fraction(x.ci_low), PCT), (fraction(x.ci_high), PCT)]
        if corr:
            cells += [(fraction(x.corrected), PCT), (fraction(x.corrected_low), PCT), (fraction(x.corrected_high), PCT)]
        cells += [(x.mentions, None), (fraction(x.mentions_percent), PCT)]
        for j, (value, fmt) in enumerate(cells, start=1):
            put(ws, i, j, value, fmt)
    notes = [_asked(ws, t, w), denominator_line(t, w), audit_line(t, w), w.t("explain")] + \
        ([w.t("explain_corrected")] if corr else [])
    note_rows(ws, len(t.lines) + 2, notes)
    fit_widths(ws)


def _comparison_sheet(ws, c: Comparison, report: Report) -> None:
    from openpyxl.styles import Font

    w = report.wording
    names = [c.column, w.t("n")]
    for x in c.national.lines:
        names += [f"{x.label} %", f"{x.label} {w.t('diff')}"]
    header_row(ws, names)
    put(ws, 2, 1, w.t("all")).font = Font(bold=True)
    put(ws, 2, 2, c.national.denominator)
    for j, x in enumerate(c.national.lines):
        put(ws, 2, 3 + 2 * j, fraction(x.percent), PCT).font = Font(bold=True)
    for i, g in enumerate(c.groups, start=3):
        put(ws, i, 1, g.value)
        put(ws, i, 2, g.denominator)
        for j in range(len(c.national.lines)):
            if g.suppressed:
                put(ws, i, 3 + 2 * j, "–")
                put(ws, i, 4 + 2 * j, "–")
                continue
            x = g.lines[j]
            put(ws, i, 3 + 2 * j, fraction(x.percent), PCT)
            put_change(ws, i, 4 + 2 * j, x.diff, x.marker)
    raw = [w.t("explain_groups_raw")] if report.has_corrected else []  # groups are compared uncorrected
    note_rows(ws, len(c.groups) + 3, [_asked(ws, c.national, w), denominator_line(c.national, w), w.t("explain"),
                                   w.t("explain_groups", min=c.min_group), chance_line(c, w).text, *raw])
    fit_widths(ws, cap=24)


def _sheet_sheet(ws, s: FactSheet, report: Report) -> None:
    w, g = report.wording, s.group
    low, high = w.t("ci_low"), w.t("ci_high")
    header_row(ws, [w.t("theme"), w.t("n"), f"{g.value} %", f"{g.value} {low}", f"{g.value} {high}", f"{w.t('all')} %",
                    f"{w.t('all')} {low}", f"{w.t('all')} {high}",
                 w.t("diff"), f"{w.t('mentions')} ({g.value})", f"{w.t('mentions')} ({w.t('all')})"])
    for i, nat in enumerate(s.national.lines):
        r = i + 2
        put(ws, r, 1, nat.label)
        for j, v in enumerate((nat.percent, nat.ci_low, nat.ci_high), start=6):
            put(ws, r, j, fraction(v), PCT)
        put(ws, r, 11, fraction(nat.mentions_percent), PCT)
        if g.suppressed:
            for j in (2, 3, 4, 5, 9, 10):
                put(ws, r, j, "–")
            continue
        x = g.lines[i]
        put(ws, r, 2, x.n)
        for j, v in enumerate((x.percent, x.ci_low, x.ci_high), start=3):
            put(ws, r, j, fraction(v), PCT)
        put(ws, r, 9, points(x.diff), PP_UP if x.marker == UP else PP_DOWN if x.marker == DOWN else PP)
        put(ws, r, 10, fraction(x.mentions_percent), PCT)
    raw = [w.t("explain_groups_raw")] if report.has_corrected else []
    apart = apart_line(s.national, w, "audit_apart_sheet").strip()
    checked = expected_line(s.national, w, sheet=True).strip()
    note_rows(ws, len(s.national.lines) + 2, [_asked(ws, s.national, w), s.intro, *([checked] if checked else []),
                                           *s.paragraphs, w.t("explain"),
                                           w.t("explain_groups", min=report.options.min_group), *raw,
                                           *([apart] if apart else [])])
    fit_widths(ws, cap=28)


def _participation_sheet(ws, report: Report) -> None:
    """Respondents, invited and response rate per group (--population), all respondents first; a rate as a number
    with a percent format, or the reason there is none."""
    from openpyxl.styles import Font

    w = report.wording
    header_row(ws, [report.options.by[0], w.t("part_respondents"), w.t("part_invited"), w.t("part_rate")])
    everyone = total(report.participation)
    for i, p in enumerate((everyone, *report.participation), start=2):
        first = put(ws, i, 1, w.t("all") if i == 2 else p.value)
        put(ws, i, 2, p.respondents)
        put(ws, i, 3, p.invited if p.invited is not None else "–")
        if i == 2 and p.why:
            put(ws, i, 4, w.plural(lacking(report.participation), "part_some_without"))
        elif p.rate is not None:
            put(ws, i, 4, fraction(p.rate), PCT)
        else:
            put(ws, i, 4, w.t("part_not_named") if p.why == NOT_NAMED else w.t("part_too_many") if p.why == TOO_MANY
                else "–")
        if i == 2:
            first.font = Font(bold=True)
    note_rows(ws, len(report.participation) + 2, [w.t("part_note", file=report.options.population_file)])
    fit_widths(ws, cap=40)


def _quotes_sheet(ws, report: Report) -> None:
    from openpyxl.styles import Alignment

    w = report.wording
    header_row(ws, [w.t("question"), w.t("by"), w.t("group"), w.t("theme"), w.t("quotes")])
    rows = [(t.question, "", w.t("all"), x.label, q) for t in report.tables for x in t.lines for q in x.quotes
            if not report.sheets]
    # a group hidden for any question quotes nothing here: its quote's text finds its row, and so its respondent's
    # Id, in the comments sheet, whose other answers are then the hidden group's (walk27)
    hidden = {(c.column, g.value) for c in report.comparisons for g in c.groups if g.suppressed}
    left_out = sorted({g.value for c in report.comparisons for g in c.groups
                       if (c.column, g.value) in hidden and any(x.quotes for x in g.lines)})
    for c in report.comparisons:
        rows += [(c.question, c.column, g.value, x.label, q) for g in c.groups if (c.column, g.value) not in hidden
                 for x in g.lines for q in x.quotes]
    for s in report.sheets:
        rows += [(s.question, s.column, s.group.value, x.label, q) for x in s.group.lines for q in x.quotes]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            put(ws, i, j, value)
        ws.cell(row=i, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    small = small_group_line(report)
    note_rows(ws, len(rows) + 1, [w.t("quotes_note", floor=w.num(QUOTE_FLOOR, 1))]
              + ([w.t("quotes_hidden_groups", groups=", ".join(left_out))] if left_out else [])
              + ([small] if small else []))
    fit_widths(ws, {5: 90}, cap=30)


def points(diff: float) -> float:
    """A difference in percentage points as the report's other formats show it: one decimal, a half up."""
    return float(half_up(diff, 1)) or 0.0  # -0.0 is 0.0


def put_change(ws, row: int, col: int, diff: float, marker: str):
    """A difference in points with its ▲/▼ in the number format, bold in its side's colour where marked."""
    from openpyxl.styles import Font

    cell = put(ws, row, col, points(diff), PP_UP if marker == UP else PP_DOWN if marker == DOWN else PP)
    if marker:
        cell.font = Font(bold=True, color=(ABOVE if marker == UP else BELOW)[1:])
    return cell


def _comments_notes(report: Report) -> list[str]:
    """That the sheet is a working sheet, not for publishing (every answer beside its respondent id: walk30 found a
    group of 7's answers listed whole); what it leaves out to keep suppressed groups suppressed, and the background
    columns it leaves out altogether."""
    w = report.wording
    notes = [w.t("comments_working_sheet")] + ([small] if (small := small_group_line(report)) else [])
    left = [c for c in report.attribute_columns if c not in report.options.by]
    if left:
        notes.append(w.t("comments_no_attributes", columns=", ".join(left)))
    hidden = sum(r.respondent in report.hidden_respondents for r in report.comments)
    if hidden:
        notes.append(w.plural(hidden, "comments_hidden", columns=", ".join(report.options.by),
                              min=report.options.min_group, hidden=w.t("hidden_value")))
    left_out = [s.question for s in report.sheets if s.group.suppressed]
    if left_out:
        notes.append(w.t("comments_left_out", group=report.sheets[0].group.value, questions=", ".join(left_out)))
    return notes


def _comments_sheet(ws, report: Report) -> None:
    """Every answer in scope, with the background columns the report compares groups on (``--by``) and no others:
    beside the answers, the others would name the members of groups no table shows, or that another report
    suppresses (counting the rows of one speciale gives its shares back). A respondent of a suppressed group shows
    no values at all (``groups``)."""
    columns = [c for c in ASSIGNMENT_COLUMNS if report.with_text or c != "text"]
    extra = input_columns([c for c in report.attribute_columns if c in report.options.by])
    w = report.wording
    labels = {x.theme: x.label for t in report.tables for x in t.lines}
    header_row(ws, [w.t(f"col_{c}") for c in columns] + [h for h, _ in extra])
    for i, r in enumerate(report.comments, start=2):
        values = assignment_values(r, w.locale)
        # words a person reads in the sheet's language (assignments.csv keeps the plain values): the themes' labels
        values["status"] = w.t(f"status_{r.status}") if r.status else ""
        values["label_source"] = w.t(f"source_{r.source}") if r.source else ""
        values["primary"] = labels.get(r.primary, r.primary) if r.primary else ""
        values["themes"] = "; ".join(labels.get(t, t) for t in r.themes)
        values["contact"] = w.t("contact_yes") if values["contact"] else ""
        hidden = r.respondent in report.hidden_respondents
        attributes = [w.t("hidden_value") if hidden else r.attributes.get(c, "") for _, c in extra]
        for j, value in enumerate([values[c] for c in columns] + attributes, start=1):
            put(ws, i, j, value, "0.000" if isinstance(value, float) else None)
    note_rows(ws, len(report.comments) + 1, _comments_notes(report))
    fit_widths(ws, {columns.index("text") + 1: 80} if "text" in columns else None, cap=30)


def _fit(text: str, room: int) -> str:
    """``text`` within ``room`` characters, shortened at a word boundary with '…' (a single longer word is cut)."""
    if len(text) <= room:
        return text
    out = ""
    for word in text.split(" "):
        if len(f"{out} {word}".strip()) + 1 > room:
            break
        out = f"{out} {word}".strip()
    return (out.rstrip(" ,.;:–-×") or text[:room - 1]) + "…"


def sheet_name(title: str, used: set[str], keep: str = "", fallback: str = "Sheet") -> str:
    """A readable, unique Excel sheet name of at most 31 characters.

    Characters Excel forbids are dropped; ``title`` is shortened at a word boundary (marked '…') so that
    ``keep`` (e.g. ' × speciale') fits whole after it; a name already used gets ' (2)', ' (3)' ….
    """
    def clean(text: str) -> str:
        return " ".join(_BAD_NAME.sub(" ", text).split()).strip("'")

    base, k = clean(title) or fallback, 1
    tail = f" {_fit(clean(keep), 16)}" if clean(keep) else ""
    while True:
        suffix = tail + ("" if k == 1 else f" ({k})")
        name = _fit(base, 31 - len(suffix)) + suffix
        if name.casefold() not in used:
            used.add(name.casefold())
            return name
        k += 1


def same_bytes(data: bytes, stamp: str) -> bytes:
    """Rewrite the zip with fixed entry times and the run's time as created/modified: same report, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp.encode(), content)
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render_xlsx(report: Report) -> bytes:
    """The workbook as bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    w = report.wording
    if report.sheets:
        for s in report.sheets:
            _sheet_sheet(wb.create_sheet(sheet_name(s.question, used, f"– {s.group.value}", w.t("sheet"))), s, report)
    else:
        for t in report.tables:
            _theme_sheet(wb.create_sheet(sheet_name(t.question, used, fallback=w.t("sheet"))), t, report)
        for c in report.comparisons:
            _comparison_sheet(wb.create_sheet(sheet_name(c.question, used, f"× {c.column}", w.t("sheet"))), c,
                              report)
    if report.participation:
        _participation_sheet(wb.create_sheet(sheet_name(w.t("part_sheet"), used), 0), report)
    if report.with_text:
        _quotes_sheet(wb.create_sheet(sheet_name(w.t("quotes"), used)), report)
    _comments_sheet(wb.create_sheet(sheet_name(w.t("comments"), used)), report)
    wb.properties.creator = "coder"
    wb.properties.title = report.title
    printable(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return same_bytes(buf.getvalue(), report.created)


def printable(wb) -> None:
    """Every sheet prints landscape, as wide as the page, with its header row on each page (a 14-column group sheet
    printed over many pages: walk27)."""
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
