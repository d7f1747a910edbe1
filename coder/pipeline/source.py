"""The input of ``coder code`` as a source of chunks: what it is (columns, hash, encoding) and its rows in order.

A file under ``STREAM_FROM`` bytes is read whole (``coder.io.read_batch``) and cut into chunks; a
larger CSV/TSV or JSON Lines export is read piece by piece (``coder.io_stream``), so the input never
has to fit in memory. Both give the same rows, encoding and warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from coder.errors import Notice
from coder.io import Batch, ReadOptions, Table, guess_text_columns, ids_as_answers, read_batch
from coder.io_stream import can_stream, scan_export
from coder.text.privacy import CPR, word_lists
from coder.text.privacy_patterns import pattern_spans
from coder.wording import shell_word

STREAM_FROM = 2 * 1024 * 1024  # bytes: smaller inputs are read whole
CPR_LOOK = 200  # first non-empty values of a column looked at for CPR numbers


@dataclass(frozen=True)
class Source:
    """An input export: its identity and reading, and a way to go through its rows in chunks."""

    path: Path
    sha256: str
    encoding: str
    delimiter: str | None
    warnings: tuple[str, ...]
    questions: tuple[str, ...]
    id_column: str | None
    attribute_columns: tuple[str, ...]
    n_rows: int
    guessed: bool  # the open-ended columns were guessed
    _chunks: Callable[[int], Iterator[Batch]]
    free_text: tuple[str, ...] = ()  # background columns that read as free text: stored redacted, said in a warning

    def chunks(self, rows: int) -> Iterator[Batch]:
        """Batches of ``rows`` input rows each (the last may be shorter), in input order."""
        return self._chunks(rows)

    def n_chunks(self, rows: int) -> int:
        return max(1, -(-self.n_rows // rows))


def _whole(batch: Batch, rows: int) -> Iterator[Batch]:
    for start in range(0, batch.n_rows, rows):
        yield batch.rows_between(start, start + rows)


def open_source(path: Path, options: ReadOptions, stream_from: int | None = None) -> Source:
    """Read (or, for a large export, scan) the input and check it, before the project is touched."""
    if can_stream(path, options) and path.stat().st_size >= (STREAM_FROM if stream_from is None else stream_from):
        scan = scan_export(path, options)
        head = next(scan.batches(CPR_LOOK), None)
        cpr = cpr_columns(head.table, scan.questions) if head is not None else ()
        return Source(path, scan.sha256, scan.encoding, scan.delimiter,
                      scan.warnings + scan.id_notices + _free_text_notices(scan.free_text) + cpr, scan.questions,
                      scan.id_column, scan.attribute_columns, scan.n_rows, scan.guessed, scan.batches, scan.free_text)
    batch, guessed = read_batch(path, options)
    table = batch.table
    free = tuple(guess_text_columns(table, exclude=[*batch.questions, batch.id_column or ""]))
    return Source(path, table.sha256, table.encoding, table.delimiter,
                  table.warnings + batch.id_notices + ids_as_answers(table, batch.questions)
                  + _free_text_notices(free) + cpr_columns(table, batch.questions), batch.questions,
                  batch.id_column, batch.attribute_columns, batch.n_rows, guessed,
                  lambda rows: _whole(batch, rows), free)


def cpr_columns(table: Table, questions: tuple[str, ...]) -> tuple[Notice, ...]:
    """Columns other than the questions whose values are CPR numbers (most of their first ``CPR_LOOK`` non-empty
    ones): kept as they are, as ids or background, in coder.db, assignments.csv, the workbook and a .qdpx, and
    shown in messages that name ids; a data protection audit found them used as ids without a word (walk30)."""
    streets = word_lists().streets
    found = []
    for name in table.columns:
        if name in questions:
            continue
        values = [v.strip() for v in table.column(name) if v.strip()][:CPR_LOOK]
        whole = sum(1 for v in values if any(s.kind == CPR and s.end - s.start == len(v)
                                            for s in pattern_spans(v, streets).spans))
        if len(values) >= 3 and whole >= 0.8 * len(values):
            found.append(name)
    if not found:
        return ()
    names = ", ".join(f"'{c}'" for c in found)
    verb = "holds" if len(found) == 1 else "hold"
    return (Notice(f"{names} {verb} CPR numbers: coder keeps them as they are (in coder.db, assignments.csv, the "
                   "workbook and a .qdpx export, and in messages that name respondents); replace them with study ids "
                   "before coding",
                   f"{names} indeholder CPR-numre: coder beholder dem, som de er (i coder.db, assignments.csv, "
                   "regnearket og en .qdpx-eksport og i beskeder, der nævner respondenter); erstat dem med "
                   "løbenumre før kodningen"),)


def _free_text_notices(columns: tuple[str, ...]) -> tuple[Notice, ...]:
    """Background columns that read as free text: not coded, and kept only with personal data redacted."""
    if not columns:
        return ()
    names = ", ".join(f"'{c}'" for c in columns)
    flags = " ".join(f"-t {shell_word(c)}" for c in columns)
    one = len(columns) == 1
    return (Notice(f"{names} {'reads' if one else 'read'} as free text but {'is' if one else 'are'} not coded: kept "
                   f"as background, with personal data redacted; code with {flags} as well to have "
                   f"{'it' if one else 'them'} coded",
                   f"{names} ligner fritekst, men kodes ikke: gemmes som baggrund, med personoplysninger fjernet; "
                   f"angiv også {flags} for at få {'den' if one else 'dem'} kodet"),)
