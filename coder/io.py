"""Read survey exports (CSV in any common Danish encoding and delimiter, XLSX, JSON/JSONL) into a Batch.

``read_table`` keeps every row as strings; ``make_batch`` picks the id and open-ended columns;
``read_batch`` does both the way ``coder code`` and ``coder discover`` read their input.
Text is decoded by ``coder.decoding``: a file mixing UTF-8 and Windows-1252 lines line by line, with
what was guessed in ``Table.warnings`` (the library never prints).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from coder.decoding import decode_text
from coder.errors import InputError, Notice
from coder.io_errors import (
    blank_id,
    cannot_read,
    check_forced_delimiter,
    duplicate_columns,
    empty_file,
    id_is_text,
    missing_column,
    no_data_rows,
    no_sheets,
    not_a_file,
    not_csv,
    nul_character,
    old_excel,
    only_delimiters,
    opendocument,
    zip_not_text,
)
from coder.io_ids import check_unique_ids, id_choice, id_like, repeats, row_number_hint
from coder.io_json import json_rows
from coder.io_rows import (
    MAX_TITLES,
    RowNotes,
    body_rows,
    column_name,
    csv_records,
    excel_sep,
    lone_crs_resolved,
    title_rows,
    titles_skipped,
)
from coder.io_xlsx import FIRST_SHEET, OLE2, ZIP, is_opendocument, read_sheet

DELIMITERS = [";", ",", "\t", "|"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read an export: which columns, sheet, encoding and delimiter (None: found from the data)."""

    text_columns: tuple[str, ...] = ()
    id_column: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    row_numbers: bool = False  # without id_column: row numbers even when a column is named like unique ids

    def __post_init__(self) -> None:
        """A delimiter is one character; 'tab' (or \\t) names the tab. An encoding is named if given."""
        if self.encoding is not None and not self.encoding.strip():  # '--encoding ""' guessed without a word
            raise InputError("--encoding is empty; name an encoding (utf-8, cp1252, utf-16) or leave it out to have it "
                             "found", danish="--encoding er tom; angiv en tegnkodning (utf-8, cp1252, utf-16), eller "
                             "udelad den, så den findes")
        if self.delimiter is None:
            return
        named = {"tab": "\t", "\\t": "\t"}
        delimiter = named.get(self.delimiter.casefold(), self.delimiter)
        if len(delimiter) != 1 or delimiter in "\"\r\n":
            raise InputError(f"--delimiter {self.delimiter!r}: give one character, e.g. ';', ',' or '|', "
                             "or 'tab' for a tab",
                             danish=f"--delimiter {self.delimiter!r}: angiv ét tegn, fx ';', ',' eller '|', "
                                    "eller 'tab' for tabulator")
        object.__setattr__(self, "delimiter", delimiter)


@dataclass(frozen=True)
class Comment:
    """One answer to one open-ended question."""

    row: int  # 0-based position of the respondent in the input
    id: str  # respondent id
    question: str  # the column the text came from
    text: str  # the raw cell text


@dataclass(frozen=True)
class Table:
    """A survey export as read: column names and rows of strings, nothing dropped."""

    source: Path
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "utf-16", "xlsx", or "utf-8+cp1252" (decoded per line)
    delimiter: str | None
    sha256: str
    warnings: tuple[str, ...] = ()  # what a person should check: lines decoded differently from the rest

    def column(self, name: str) -> list[str]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]


@dataclass(frozen=True)
class Batch:
    """Respondents, their attributes and their answers to the chosen open-ended questions."""

    table: Table
    id_column: str | None
    questions: tuple[str, ...]
    ids: tuple[str, ...]  # one per input row
    attribute_columns: tuple[str, ...]  # every input column except the id and text columns
    comments: tuple[Comment, ...]  # rows x questions, row-major
    first_row: int = 0  # input row of ``table.rows[0]``: a chunk of a larger input starts further down
    id_notices: tuple[Notice, ...] = ()  # how the ids were chosen, when nobody named the column (``id_choice``)

    @property
    def n_rows(self) -> int:
        return len(self.ids)

    def attributes(self, row: int) -> dict[str, str]:
        """The respondent attributes of input row ``row``, in input column order."""
        values = self.table.rows[row - self.first_row]
        return {c: values[self.table.columns.index(c)] for c in self.attribute_columns}

    def rows_between(self, start: int, stop: int) -> "Batch":
        """The chunk of input rows [start, stop) (positions in this batch), as a batch of its own."""
        stop = min(stop, self.n_rows)
        first = self.first_row + start
        table = Table(self.table.source, self.table.columns, self.table.rows[start:stop], self.table.encoding,
                      self.table.delimiter, self.table.sha256, self.table.warnings)
        n = len(self.questions)
        return Batch(table, self.id_column, self.questions, self.ids[start:stop], self.attribute_columns,
                     self.comments[start * n:stop * n], first, self.id_notices)

    def for_question(self, question: str) -> list[Comment]:
        return [c for c in self.comments if c.question == question]


# --- decoding ---------------------------------------------------------------

def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first 50 lines alike, the first line with two fields or more the
    reference (a title line or two above the header splits into one; ``coder.io_rows.title_rows``)."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        titles = next((i for i, c in enumerate(counts[:MAX_TITLES + 1]) if c >= 2), None)
        if titles is None or (titles and 2 * counts.count(counts[titles]) < len(counts)):
            continue  # below a title, only a header whose number of fields most lines share
        counts = counts[titles:]
        consistent = sum(c == counts[0] for c in counts)
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _check_header(columns: list[str], path: Path) -> tuple[str, ...]:
    cols = [column_name(c) for c in columns]
    for i, c in enumerate(cols):
        if not c:
            cols[i] = f"column_{i + 1}"
    dupes = sorted({c for c in cols if cols.count(c) > 1})
    if dupes:
        raise duplicate_columns(path, dupes)
    return tuple(cols)


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the csv module read fields up to ``size`` characters (its default stops at 131,072)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


GZIP = b"\x1f\x8b"


def refuse_not_csv(path: Path, text: str) -> None:
    """Refuse a web page or JSON named like a CSV file, naming what it is; ``text`` is the file's, or its first
    pieces' (a large file is read in pieces): an array of objects, or a first line that is one (JSON Lines). A title
    line such as "[1]" is no JSON file (walk35)."""
    body = text.lstrip("\ufeff \t\r\n")
    start = body[:200].casefold()
    if start.startswith(("<!doctype html", "<html")):
        raise not_csv(path, "html")
    if re.match(r"\[\s*\{", body):
        raise not_csv(path, "json")
    if start[:1] == "{":
        try:
            json.loads(body.split("\n", 1)[0])
        except ValueError:
            return
        raise not_csv(path, "json")


def _read_csv(path: Path, data: bytes, encoding: str | None, delimiter: str | None, wanted: Sequence[str] = ()
              ) -> Table:
    text, used, warnings = decode_text(data, path, encoding)
    if not text.strip():
        raise empty_file(path)
    refuse_not_csv(path, text)
    if "\x00" in text:
        raise nul_character(path, text.count("\n", 0, text.index("\x00")) + 1)
    with _field_limit(len(text)):
        sep = excel_sep(text)
        delim = delimiter or sep or _sniff_delimiter(text)
        if "\n" in text and "\r" in text:  # a carriage return alone may be inside an answer, or end a line
            text = "".join(lone_crs_resolved([text], delim))
        notes = RowNotes()
        records = csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=delim), path,
                              sep_line=sep is not None, notes=notes, wanted=wanted)
        header = next(records, None)
        if header is None:
            raise only_delimiters(path)
        check_forced_delimiter(path, delimiter, header[1], text[:100_000])
        columns = _check_header(header[1], path)
        body = tuple(body_rows(records, len(columns), path, notes))
    return Table(path, columns, body, used, delim, hashlib.sha256(data).hexdigest(), warnings + notes.notices(path))


def _read_xlsx(path: Path, data: bytes, sheet: str | None, wanted: Sequence[str] = ()) -> Table:
    title, rows, notes, names = read_sheet(path, data, sheet)
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    h = title_rows([r for _, r in numbered], wanted, same_width=False)
    notes += titles_skipped(path, [(n, " | ".join(c.strip() for c in r if c.strip())) for n, r in numbered[:h]],
                            numbered[h][0] if numbered else 1, excel=True)
    rows = [r for _, r in numbered[h:]]
    others = [n for n in names if n != title]
    if len(rows) < 2 and (others or not rows):  # a cover sheet, or an empty one: name it, and the others
        what, what_da = ("is empty", "er tomt") if not rows else ("has no rows below its header",
                                                                  "har ingen rækker under overskriften")
        listed = (f" (the file's other sheets: {', '.join(others)})", f" (filens andre ark: {', '.join(others)})"
                  ) if others else ("", "")
        raise InputError(f"{path}: the sheet '{title}' {what}{listed[0]}; choose the one with the answers with "
                         "--sheet",
                         danish=f"{path}: arket '{title}' {what_da}{listed[1]}; vælg det med besvarelserne med --sheet")
    width = max(len(r) - next((i for i, c in enumerate(reversed(r)) if c.strip()), len(r)) for r in rows)
    header = _check_header((rows[0] + [""] * width)[:width], path)  # a value right of the last named column
    body = tuple(tuple((r + [""] * width)[:width]) for r in rows[1:])  # gets a name (column_N), is not cut
    return Table(path, header, body, "xlsx", None, hashlib.sha256(data).hexdigest(), notes)


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise not_a_file(path)
        return path.read_bytes()
    except OSError as err:
        raise cannot_read(path, err) from None


def read_table(path: Path | str, options: ReadOptions = ReadOptions()) -> Table:
    """Read a CSV/TSV, XLSX, JSON array or JSON Lines export into a Table of strings, keeping every row."""
    path = Path(path)
    sheet, encoding, delimiter = options.sheet, options.encoding, options.delimiter
    data = _read_bytes(path)
    if not data.strip():
        raise empty_file(path)
    suffix = path.suffix.lower()
    if sheet is not None and suffix not in (".xlsx", ".xlsm") and not data.startswith(ZIP):
        raise no_sheets(path, sheet)
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path, data, sheet, options.text_columns)
    elif suffix == ".xls" or data.startswith(OLE2):
        raise old_excel(path)
    elif suffix == ".ods" or is_opendocument(data):
        raise opendocument(path)
    elif data.startswith(ZIP):
        raise zip_not_text(path, suffix)
    elif data.startswith(GZIP):
        raise not_csv(path, "gzip")
    elif suffix in (".json", ".jsonl", ".ndjson"):
        columns, body, used, warnings = json_rows(path, data, encoding)
        table = Table(path, _check_header(columns, path), body, used, None, hashlib.sha256(data).hexdigest(),
                      warnings)
    else:
        table = _read_csv(path, data, encoding, delimiter, options.text_columns)
    if not table.rows:
        raise no_data_rows(path)
    return table


def _sheet_read(table: Table) -> Notice | None:
    """The warning that names the sheet read of a workbook with several, if there is one."""
    return next((n for n in table.warnings if isinstance(n, Notice) and FIRST_SHEET in str(n)), None)


MANY_DISTINCT = 500  # distinct answers that make a column free text however often they repeat


def guess_text_columns(table: Table, exclude: Sequence[str] = ()) -> list[str]:
    """Columns that look like free text: answers of some length, mostly distinct (or at least ``MANY_DISTINCT`` of
    them: a big survey repeats its short answers, and a column of categories never has that many)."""
    picked = []
    for name in table.columns:
        if name in exclude:
            continue
        values = [v.strip() for v in table.column(name) if v.strip()]
        if len(values) < 3:
            continue
        lengths = sorted(len(v) for v in values)
        words = sorted(len(v.split()) for v in values)
        distinct = len(set(values))
        if lengths[len(lengths) // 2] >= 12 and words[len(words) // 2] >= 3 and \
                distinct >= min(0.5 * len(values), MANY_DISTINCT):
            picked.append(name)
    return picked


def make_batch(table: Table, text_columns: Sequence[str], id_column: str | None = None,
               row_numbers: bool = False) -> Batch:
    """Choose the id and open-ended columns; all other columns become respondent attributes.

    Without ``id_column`` a column named like ids (``id_like``) gives them when every row has one and none
    repeats; else (or with ``row_numbers``) the ids are row numbers. ``Batch.id_notices`` says which."""
    for name in text_columns:
        if name not in table.columns:
            raise missing_column(name, table.columns, table.rows[:5], "--text-col", _sheet_read(table))
    if not text_columns:
        raise InputError(f"{table.source}: no text column given and none looks like free text (answers "
                         "typically of 12 characters and 3 words or more, at least half of them different); pass "
                         f"--text-col (available: {', '.join(table.columns)})",
                         danish=f"{table.source}: ingen tekstkolonne angivet, og ingen kolonne ligner fritekst "
                                "(typisk svar på 12 tegn og 3 ord eller mere, mindst halvdelen forskellige); angiv "
                                f"--text-col (filens kolonner er: {', '.join(table.columns)})")
    if len(set(text_columns)) != len(text_columns):
        raise InputError("the same --text-col is given twice; name each open-ended column once",
                         danish="den samme --text-col er angivet to gange; angiv hver kolonne med åbne svar én gang")
    if id_column is not None:
        if id_column not in table.columns:
            raise missing_column(id_column, table.columns, table.rows[:5], "--id-col", _sheet_read(table))
        if id_column in text_columns:
            raise id_is_text(id_column)
        ids = [v.strip() for v in table.column(id_column)]
        blank = [n for n, v in enumerate(ids, start=1) if not v]
        if blank:
            raise blank_id(table.source, id_column, blank[0])
        check_unique_ids(ids, table.source, id_column)
    notices: tuple[Notice, ...] = ()
    found = None if id_column is not None else id_like(table.columns, text_columns)
    if found is not None and row_numbers:
        notices = row_number_hint(found)
    elif found is not None:
        values = [v.strip() for v in table.column(found)]
        blank = next((n for n, v in enumerate(values, start=1) if not v), None)
        id_column, notices = id_choice(found, blank, next(repeats(values), None))
        if id_column is not None:
            ids = values
    if id_column is None:
        ids = [str(n) for n in range(1, len(table.rows) + 1)]
    attrs = tuple(c for c in table.columns if c != id_column and c not in text_columns)
    comments = tuple(
        Comment(row=r, id=ids[r], question=q, text=table.rows[r][table.columns.index(q)])
        for r in range(len(table.rows))
        for q in text_columns
    )
    return Batch(table, id_column, tuple(text_columns), tuple(ids), attrs, comments, 0, notices)


def ids_as_answers(table: Table, text_columns: Sequence[str]) -> tuple[Notice, ...]:
    """A warning for each open-ended column that holds one word per row, in 20 rows or more, and never repeats one
    (R0001): respondent ids or codes given as --text-col are coded as answers without a word otherwise."""
    out = []
    for name in text_columns:
        values = [v.strip() for v in table.column(name) if v.strip()]
        if len(values) >= 20 and len(set(values)) == len(values) and all(len(v.split()) == 1 for v in values):
            out.append(Notice(f"'{name}' holds one word per row and none repeats, like ids or codes rather than "
                              "answers; check --text-col",
                              f"'{name}' har ét ord pr. række og intet gentaget, som id'er eller koder snarere end "
                              "svar; tjek --text-col"))
    return tuple(out)


def read_batch(path: Path | str, options: ReadOptions = ReadOptions()) -> tuple[Batch, bool]:
    """Read an export and choose its columns; True when the open-ended columns were guessed."""
    table = read_table(path, options)
    columns = list(options.text_columns)
    guessed = not columns
    if guessed:
        columns = guess_text_columns(table, exclude=[options.id_column] if options.id_column else [])
    return make_batch(table, columns, options.id_column, options.row_numbers), guessed
