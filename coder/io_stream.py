"""Reading a large CSV/TSV export piece by piece, so the input never has to fit in memory.

``scan_export`` reads the file once to check it as ``coder.io.read_batch`` would (decoding, fields,
columns, ids) and to learn its hash, encoding and row count; ``ScanResult.batches`` reads it again
and hands out its rows in chunks, as ``Batch`` objects whose comments carry their input row. The
rows, encoding, warnings and errors are those of ``read_batch``; the open-ended columns are guessed
from the first ``GUESS_ROWS`` rows when they are not given. Excel workbooks, JSON, UTF-16 files and
forced multi-byte encodings other than UTF-8 are read whole (``coder.io``).
"""

from __future__ import annotations

import csv
import hashlib
import io
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from coder.decoding import BlockDecoder
from coder.errors import Notice
from coder.io import (
    Batch,
    Comment,
    ReadOptions,
    Table,
    _check_header,
    _field_limit,
    _sniff_delimiter,
    guess_text_columns,
    ids_as_answers,
    make_batch,
    refuse_not_csv,
)
from coder.io_errors import (
    blank_id,
    cannot_read,
    check_forced_delimiter,
    empty_file,
    id_is_text,
    missing_column,
    no_data_rows,
    no_sheets,
    nul_character,
    only_delimiters,
)
from coder.io_ids import check_unique_ids, id_choice, id_like, repeats, row_number_hint
from coder.io_rows import RowNotes, body_rows, csv_records, excel_sep, lone_crs_resolved

BLOCK = 4 * 1024 * 1024  # bytes read at a time
GUESS_ROWS = 10_000  # rows the open-ended columns are guessed from
_TEXT_SUFFIXES = ("", ".csv", ".tsv", ".txt", ".tab")
_PIECE_ENCODINGS = (None, "utf-8", "utf8", "utf-8-sig", "cp1252", "windows-1252", "latin-1", "iso-8859-1")


def can_stream(path: Path, options: ReadOptions) -> bool:
    """Whether the export can be read piece by piece (a CSV/TSV file that is not UTF-16)."""
    try:
        if not path.is_file() or path.suffix.lower() not in _TEXT_SUFFIXES:
            return False
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    encoding = options.encoding.lower() if options.encoding else None
    return (encoding in _PIECE_ENCODINGS
            and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff",  # UTF-16, UTF-32
                                     b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b")))  # xlsx, xls, gzip


def _pieces(path: Path) -> Iterator[bytes]:
    """The file's bytes in pieces that end at a line break (the last piece may not)."""
    rest = b""
    try:
        fh = open(path, "rb")
    except OSError as err:
        raise cannot_read(path, err) from None
    with fh:
        while True:
            block = fh.read(BLOCK)
            if not block:
                break
            data = rest + block
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            yield data[:cut]
            rest = data[cut:]
    if rest:
        yield rest


@dataclass
class _Reader:
    """One pass over the file: decoded text, CSV rows, the hash."""

    path: Path
    options: ReadOptions
    delimiter: str | None = None

    def __post_init__(self) -> None:
        self.decoder = BlockDecoder(self.path, self.options.encoding)
        self.sha = hashlib.sha256()
        self.blank = True

    def texts(self) -> Iterator[str]:
        for data in _pieces(self.path):
            self.sha.update(data)
            text = self.decoder.feed(data)
            if "\x00" in text:
                line = self.decoder.newlines - text.count("\n") + text.count("\n", 0, text.index("\x00")) + 1
                raise nul_character(self.path, line)
            self.blank = self.blank and not text.strip()
            yield text

    def rows(self, notes: RowNotes | None = None) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) of every CSV record, the header first (``coder.io_rows.csv_records``)."""
        texts = self.texts()
        head: list[str] = []
        for text in texts:  # enough text to sniff the delimiter from the first 50 lines
            head.append(text)
            if len("".join(head).splitlines()) > 50:
                break

        def pieces() -> Iterator[str]:
            yield from head
            yield from texts

        def lines() -> Iterator[str]:
            mixed = "\n" in self.head_text  # a carriage return alone may be inside an answer, or end a line
            for text in lone_crs_resolved(pieces(), self.delimiter) if mixed else pieces():
                yield from io.StringIO(text, newline="")

        self.head_text = "".join(head)  # the first lines: the delimiter is found in them, and checked
        refuse_not_csv(self.path, self.head_text)  # a large web page or JSON named .csv (walk35)
        with _field_limit(self.path.stat().st_size):
            sep = excel_sep(self.head_text)
            if self.delimiter is None:
                self.delimiter = self.options.delimiter or sep or _sniff_delimiter(self.head_text)
            yield from csv_records(csv.reader(lines(), delimiter=self.delimiter), self.path, sep_line=sep is not None,
                                   notes=notes, wanted=self.options.text_columns)


@dataclass(frozen=True)
class ScanResult:
    """What a scan of a large export found; ``batches(rows)`` reads its rows in chunks."""

    path: Path
    options: ReadOptions
    columns: tuple[str, ...]
    sha256: str
    encoding: str
    delimiter: str | None
    warnings: tuple[str, ...]
    n_rows: int
    questions: tuple[str, ...]
    id_column: str | None
    attribute_columns: tuple[str, ...]
    guessed: bool
    id_notices: tuple[Notice, ...] = ()  # how the ids were chosen, when nobody named the column
    free_text: tuple[str, ...] = ()  # background columns that read as free text (``guess_text_columns``)

    def batches(self, rows: int) -> Iterator[Batch]:
        reader = _Reader(self.path, self.options, self.delimiter)
        width = len(self.columns)
        chunk: list[tuple[str, ...]] = []
        first = 0
        for r in _body(reader, self.columns):
            chunk.append(r)
            if len(chunk) == rows:
                yield self._batch(chunk, first, width)
                first += len(chunk)
                chunk = []
        if chunk:
            yield self._batch(chunk, first, width)

    def _batch(self, rows: list[tuple[str, ...]], first: int, width: int) -> Batch:
        table = Table(self.path, self.columns, tuple(rows), self.encoding, self.delimiter, self.sha256, self.warnings)
        col = {c: i for i, c in enumerate(self.columns)}
        if self.id_column is not None:
            ids = tuple(r[col[self.id_column]].strip() for r in rows)
        else:
            ids = tuple(str(first + n + 1) for n in range(len(rows)))
        comments = tuple(Comment(first + n, ids[n], q, r[col[q]]) for n, r in enumerate(rows) for q in self.questions)
        return Batch(table, self.id_column, self.questions, ids, self.attribute_columns, comments, first,
                     self.id_notices)


def _body(reader: _Reader, columns: tuple[str, ...] | None = None) -> Iterator[tuple[str, ...]]:
    """Data rows padded or cut to the header's width, as ``coder.io`` reads them (the header is checked)."""
    rows = reader.rows()
    header = next(rows, None)
    if header is None:
        return
    yield from body_rows(rows, len(_check_header(header[1], reader.path)), reader.path, RowNotes())


def scan_export(path: Path, options: ReadOptions) -> ScanResult:
    """Read a large export once to check it and learn its shape; raises InputError as ``read_batch`` would."""
    if options.sheet is not None:
        raise no_sheets(path, options.sheet)
    reader = _Reader(path, options)
    notes = RowNotes()
    rows = reader.rows(notes)
    try:
        header = next(rows)
    except StopIteration:
        header = None
    if header is None:
        reader.decoder.finish()  # an unreadable file says so first
        if reader.blank:
            raise empty_file(path)
        raise only_delimiters(path)
    check_forced_delimiter(path, options.delimiter, header[1], reader.head_text)
    columns = _check_header(header[1], path)
    width = len(columns)
    prefix: list[tuple[str, ...]] = []
    found = None if options.id_column is not None else id_like(columns, options.text_columns)
    id_at = (columns.index(options.id_column) if options.id_column in columns
             else columns.index(found) if found is not None and not options.row_numbers else None)
    digests, blank_at, n_rows = array("Q"), None, 0
    for row in body_rows(rows, width, path, notes):
        if len(prefix) < GUESS_ROWS:
            prefix.append(row)
        if id_at is not None:
            value = row[id_at].strip()
            if not value and blank_at is None:
                blank_at = n_rows + 1
            digests.append(int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little"))
        n_rows += 1
    encoding, warnings = reader.decoder.finish()
    warnings += notes.notices(path)
    if not n_rows:
        raise no_data_rows(path)
    head = Table(path, columns, tuple(prefix), encoding, reader.delimiter, reader.sha.hexdigest(), warnings)
    questions = list(options.text_columns)
    guessed = not questions
    if guessed:
        questions = guess_text_columns(head, exclude=[options.id_column] if options.id_column else [])
    make_batch(head, questions, row_numbers=True)  # the text columns: missing, none, given twice
    warnings += ids_as_answers(head, questions)
    id_column, notices = options.id_column, ()
    ordered = np.sort(np.frombuffer(digests, dtype=np.uint64))
    hashed_repeats = len(ordered) > 1 and bool((ordered[1:] == ordered[:-1]).any())
    if found is not None and options.row_numbers:
        notices = row_number_hint(found)
    elif found is not None and found not in questions:
        repeated = _first_repeat(path, options, columns, found) if hashed_repeats and blank_at is None else None
        id_column, notices = id_choice(found, blank_at, repeated)
    elif options.id_column is not None:
        if options.id_column not in columns:
            raise missing_column(options.id_column, head.columns, head.rows[:5], "--id-col")
        if options.id_column in questions:
            raise id_is_text(options.id_column)
        if blank_at is not None:
            raise blank_id(path, options.id_column, blank_at)
        if hashed_repeats:
            _duplicate_ids(path, options, columns)
    attributes = tuple(c for c in columns if c != id_column and c not in questions)
    free = tuple(guess_text_columns(head, exclude=[*questions, id_column or ""]))  # from the first rows, as guessed
    return ScanResult(path, options, columns, reader.sha.hexdigest(), encoding, reader.delimiter, warnings, n_rows,
                      tuple(questions), id_column, attributes, guessed, notices, free)


def _first_repeat(path: Path, options: ReadOptions, columns: tuple[str, ...], column: str) -> str | None:
    """The first value of ``column`` that repeats (read again: values hashed the same are compared as text)."""
    at = columns.index(column)
    return next(repeats(row[at].strip() for row in _body(_Reader(path, options))), None)


def _duplicate_ids(path: Path, options: ReadOptions, columns: tuple[str, ...]) -> None:
    """Raise the duplicate-id error of ``make_batch`` (read again: ids hashed the same are compared as text)."""
    at = columns.index(options.id_column)
    check_unique_ids((row[at].strip() for row in _body(_Reader(path, options))), path, options.id_column)
