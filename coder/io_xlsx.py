"""Reading an Excel workbook (.xlsx) as the analyst sees it in Excel, losing no row.

- **Every row and column**, whatever the sheet's ``<dimension>`` tag says: some export tools write a
  wrong one (``A1:B5`` for a sheet of 30 rows), and a reader that trusts it drops the rest in silence.
- **A formula's value, not its source**: the value Excel stored with the formula (``=C2`` reads as
  what C2 holds). A formula without a stored value (a file written by a program, never saved in
  Excel) keeps its source and is named in a warning.
- **Ids as Excel shows them**: a whole number formatted with zeros (``000``) keeps its leading zeros
  (``001``), so ids match the same survey's CSV export.
- **The sheet that was read is said** when the workbook has several and none was chosen.
- **Merged cells read as Excel shows them**: a value merged over several rows (one speciale for a
  block of respondents) is the value of every row it covers, and a warning names the ranges. A
  merge that starts in the header row is left alone: its first cell keeps the name.
- A damaged sheet, or a workbook that is an OpenDocument, CSV or password-protected file under another
  name, is one line naming the problem and the fix, never a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Iterator

from coder.errors import InputError, Notice
from coder.io_errors import encrypted_or_old_excel, opendocument, text_named_xlsx, unreadable_xlsx

ZIP, OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a workbook (or any zip) and an OLE2 file start
_ZEROS = re.compile(r"0+")
FIRST_SHEET = "read the first sheet"  # how the warning that names the sheet read begins (after the path)
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")  # a formula element in a sheet's XML
_MERGED = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell's value as text: whole numbers without '.0', zero-padded where Excel's format pads them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and number_format and _ZEROS.fullmatch(number_format):
        return str(value).zfill(len(number_format)) if value >= 0 else str(value)
    return str(value)


def not_xlsx(path: Path, data: bytes) -> InputError | None:
    """The error for a file named .xlsx that is plainly something else (None: it may be a workbook)."""
    if data.startswith(OLE2):  # an OLE2 container: .xls, or an encrypted workbook
        return encrypted_or_old_excel(path)
    if is_opendocument(data):
        return opendocument(path)
    if not data.startswith(ZIP) and b"\x00" not in data[:4096]:
        return text_named_xlsx(path)
    return None


def is_opendocument(data: bytes) -> bool:
    """An OpenDocument file (.ods, .odt): a zip whose first member is ``mimetype`` naming it."""
    return data.startswith(ZIP) and data[30:38] == b"mimetype" and b"opendocument" in data[38:120]


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the workbook holds a formula (a cheap look at the XML before a second read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(_FORMULA.search(z.read(name)) for name in z.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        return False


def _load(path: Path, data: bytes, data_only: bool):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as err:  # openpyxl raises many kinds for a broken file
        raise unreadable_xlsx(path, err) from None


def read_sheet(path: Path, data: bytes, sheet: str | None
               ) -> tuple[str, list[list[str]], tuple[Notice, ...], list[str]]:
    """The rows of one sheet as text (the named one, else the first that is not hidden), and what a person should
    check.

    Returns:
        (the sheet's name, its rows, warnings, the names of every sheet of cells).
    """
    if (wrong := not_xlsx(path, data)) is not None:
        raise wrong
    book = _load(path, data, data_only=True)
    sources = _load(path, data, data_only=False) if _has_formulas(data) else None
    try:
        names = [ws.title for ws in book.worksheets]  # sheets of cells: a chart sheet holds no answers
        if sheet is not None and sheet not in names:
            raise InputError(f"{path}: sheet '{sheet}' not found; available: {', '.join(names)}",
                             danish=f"{path}: arket '{sheet}' findes ikke; filens ark er: {', '.join(names)}")
        if not names:
            raise InputError(f"{path}: the workbook has no sheets; save it again from Excel as .xlsx",
                             danish=f"{path}: projektmappen har ingen ark; gem den igen fra Excel som .xlsx")
        shown = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]  # a hidden cover sheet is no data
        title = sheet if sheet is not None else (shown or names)[0]
        rows, uncached = _rows(book[title], None if sources is None else sources[title])
        merged = fill_merged(rows, _merged_ranges(data, book[title]))
    except InputError:
        raise
    except Exception as err:  # a sheet's XML is parsed only while its rows are read: damage shows up here
        raise unreadable_xlsx(path, err) from None
    finally:
        book.close()
        if sources is not None:
            sources.close()
    notes: tuple[Notice, ...] = ()
    if sheet is None and len(names) > 1:
        hidden = names.index(title)
        skipped = (f"; the {hidden} before it hidden", f"; de {hidden} før det er skjulte") if hidden else ("", "")
        notes += (Notice(f"{path}: {FIRST_SHEET}, '{title}' (the workbook has {len(names)}: "
                         f"{', '.join(names)}{skipped[0]}); choose another with --sheet",
                         f"{path}: læste det første ark, '{title}' (projektmappen har {len(names)}: "
                         f"{', '.join(names)}{skipped[1]}); vælg et andet med --sheet"),)
    if merged:
        shown = ", ".join(merged[:3]) + (", …" if len(merged) > 3 else "")
        notes += (Notice(f"{path}: {len(merged)} merged cell range(s) ({shown}) were read as Excel shows them: the "
                         "first cell's value in every row the range covers; unmerge them in Excel if that is wrong",
                         f"{path}: {len(merged)} flettede celleområde(r) ({shown}) er læst, som Excel viser dem: den "
                         "første celles værdi i hver række, området dækker; ophæv fletningen i Excel, hvis det er "
                         "forkert"),)
    if uncached:
        shown = ", ".join(uncached[:3]) + (", …" if len(uncached) > 3 else "")
        notes += (Notice(f"{path}: {len(uncached)} formula cell(s) hold no value saved by Excel ({shown}) and are "
                         "read as their formula; open the file in Excel and save it, so the values are stored",
                         f"{path}: {len(uncached)} formelcelle(r) har ingen værdi gemt af Excel ({shown}) og læses "
                         "som deres formel; åbn filen i Excel, og gem den, så værdierne gemmes"),)
    return title, rows, notes, names


def _rows(values, sources) -> tuple[list[list[str]], list[str]]:
    """Every row of a sheet as text (values as Excel shows them), and the cells whose formula has no saved value."""
    values.reset_dimensions()  # read to the last row and column there are, not to what the <dimension> tag says
    value_rows = values.iter_rows()
    if sources is None:
        return [[cell_text(c.value, getattr(c, "number_format", None)) for c in row] for row in value_rows], []
    sources.reset_dimensions()
    rows, uncached = [], []
    for cells, formulas in _zip_rows(value_rows, sources.iter_rows()):
        row = []
        for j, cell in enumerate(cells):
            formula = formulas[j].value if j < len(formulas) else None
            if cell.value is None and isinstance(formula, str) and formula.startswith("="):
                uncached.append(f"{formulas[j].coordinate}: {formula[:40]}")
                row.append(formula)
            else:
                row.append(cell_text(cell.value, getattr(cell, "number_format", None)))
        rows.append(row)
    return rows, uncached


def _column(letters: bytes) -> int:
    """0-based index of a column named by its letters (A = 0, AA = 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _merged_ranges(data: bytes, sheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as 0-based (first row, first column, last row, last column)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(sheet._worksheet_path)
    except (AttributeError, KeyError, zipfile.BadZipFile, OSError):
        return []
    return [(int(r1) - 1, _column(c1), int(r2) - 1, _column(c2)) for c1, r1, c2, r2 in _MERGED.findall(xml)]


def fill_merged(rows: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> list[str]:
    """Give every cell of a merged range below the header row (the first row with a value) its first cell's value,
    in place.

    Returns:
        the ranges filled, as Excel names them ('B2:B5').
    """
    header = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), len(rows))
    filled = []
    for r1, c1, r2, c2 in sorted(ranges):
        if r1 <= header or r1 >= len(rows) or (r1, c1) == (r2, c2):
            continue  # a header merge keeps its name in the first column; one cell is no merge
        value = rows[r1][c1] if c1 < len(rows[r1]) else ""
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            row[c1:c2 + 1] = [value] * (c2 + 1 - c1)
        filled.append(f"{_letters(c1)}{r1 + 1}:{_letters(c2)}{r2 + 1}")
    return filled


def _letters(column: int) -> str:
    """Excel's letters for a 0-based column index."""
    out = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _zip_rows(a, b) -> Iterator[tuple[tuple, tuple]]:
    """Rows of two reads of one sheet side by side (a row the second read lacks is empty)."""
    empty: tuple = ()
    for left in a:
        yield left, next(b, empty)
