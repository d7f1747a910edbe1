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
from coder.io import Batch, ReadOptions, guess_text_columns, ids_as_answers, read_batch
from coder.io_stream import can_stream, scan_export

STREAM_FROM = 2 * 1024 * 1024  # bytes: smaller inputs are read whole


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
        return Source(path, scan.sha256, scan.encoding, scan.delimiter,
                      scan.warnings + scan.id_notices + _free_text_notices(scan.free_text), scan.questions,
                      scan.id_column, scan.attribute_columns, scan.n_rows, scan.guessed, scan.batches, scan.free_text)
    batch, guessed = read_batch(path, options)
    table = batch.table
    free = tuple(guess_text_columns(table, exclude=[*batch.questions, batch.id_column or ""]))
    return Source(path, table.sha256, table.encoding, table.delimiter,
                  table.warnings + batch.id_notices + ids_as_answers(table, batch.questions)
                  + _free_text_notices(free), batch.questions,
                  batch.id_column, batch.attribute_columns, batch.n_rows, guessed,
                  lambda rows: _whole(batch, rows), free)


def _free_text_notices(columns: tuple[str, ...]) -> tuple[Notice, ...]:
    """Background columns that read as free text: not coded, and kept only with personal data redacted."""
    if not columns:
        return ()
    names = ", ".join(f"'{c}'" for c in columns)
    flags = " ".join(f"-t {c}" for c in columns)
    one = len(columns) == 1
    return (Notice(f"{names} {'reads' if one else 'read'} as free text but {'is' if one else 'are'} not coded: kept "
                   f"as background, with personal data redacted; code with {flags} as well to have "
                   f"{'it' if one else 'them'} coded",
                   f"{names} ligner fritekst, men kodes ikke: gemmes som baggrund, med personoplysninger fjernet; "
                   f"angiv også {flags} for at få {'den' if one else 'dem'} kodet"),)
