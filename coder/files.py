"""Writing files safely: atomic replacement, CSV whose cells spreadsheets never run as formulas, and
Markdown in which a comment can never become a link, an image or HTML."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Sequence

from coder.errors import OutputError, os_reason

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "|": "\\|", "`": "\\`", "*": "\\*",
                                   "~": "\\~", "\n": " ", "\r": " "})
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # where HTML or an autolink could start; "n < 5" is no tag
_QUOTE_START = re.compile(r"^(\s*)>")  # a blockquote only at the start
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # not inside a word ("andre_kommentarer" stays)


def refuse_onto(out: Path, source: Path, what: str, what_da: str) -> None:
    """Refuse to write ``out`` where it is ``source`` (the survey input, a codebook, the project's database): one
    line naming what it would overwrite, instead of replacing it without a word."""
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise OutputError(f"{out}: is {what}, which this would overwrite; choose another file to write",
                          danish=f"{out}: er {what_da}, som dette ville overskrive; vælg en anden fil at skrive")


DOCUMENT_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".xlsx", ".xls", ".csv", ".tsv", ".json", ".png", ".qdpx",
                     ".qdc", ".yaml", ".yml", ".txt", ".pdf", ".docx", ".zip", ".db"}


PROJECT_FILES = ("assignments.csv", "themes.csv", "report.md", "run.json", "stale.csv")  # coder code writes them


def check_suffix(out: Path, wanted: tuple[str, ...], what: str, what_da: str) -> None:
    """Refuse an --out whose name says another kind of file (a .qdpx written into notes.md, a workbook named
    .md), a project's database or one of the files its runs write: it would overwrite or mislabel it. A name
    without a known suffix is taken as given."""
    suffix = out.suffix.lower()
    refuse_database(out)
    if out.is_dir():  # said before any work is done (codebook learn printed its whole diff first)
        raise OutputError(f"cannot write {out}: it is a folder; give --out a file name, e.g. a file in that folder",
                          danish=f"kan ikke skrive {out}: det er en mappe; giv --out et filnavn, fx en fil i "
                                 "mappen")
    if out.name in PROJECT_FILES and (out.parent / "coder.db").exists():
        raise OutputError(f"--out {out}: is one of the files of the project in {out.parent}, which this would "
                          "overwrite; choose another file to write",
                          danish=f"--out {out}: er en af projektets filer i {out.parent}, som dette ville "
                                 "overskrive; vælg en anden fil at skrive")
    if suffix and suffix in DOCUMENT_SUFFIXES and suffix not in wanted:
        ends = " or ".join(wanted)
        raise OutputError(f"--out {out}: {what} should end in {ends}; choose a file name with that ending",
                          danish=f"--out {out}: {what_da} skal ende på {ends.replace(' or ', ' eller ')}; vælg et "
                                 "filnavn med den endelse")


def refuse_database(path: Path) -> None:
    """A SQLite database (a project's coder.db) is never written over: coder writes none as a file."""
    if _is_database(path):
        raise OutputError(f"{path}: is a database (a project's coder.db, with its reviewers' decisions), which this "
                          "would overwrite; choose another file to write",
                          danish=f"{path}: er en database (et projekts coder.db med revieweres beslutninger), som "
                                 "dette ville overskrive; vælg en anden fil at skrive")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename: a crash never leaves half a file.

    Raises OutputError (one line) when the folder cannot be written: full disk, read-only, no permission.
    """
    write_atomic_with(path, lambda fh: fh.write(content.encode("utf-8") if isinstance(content, str) else content))


def write_atomic_with(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """``write_atomic`` for content too large to hold: ``fill(fh)`` writes it to the temporary file. A SQLite
    database (a project's coder.db) is never written over: coder writes none this way. A terminal or pipe
    (--out /dev/stdout) is written as it is: it cannot be replaced."""
    refuse_database(path)
    if path.exists() and not path.is_file() and not path.is_dir():  # a device or FIFO
        with open(path, "wb") as fh:
            fill(fh)
        return
    try:
        _write(path, fill)
    except IsADirectoryError:
        raise OutputError(f"cannot write {path}: it is a folder; give --out a file name, e.g. a file in that folder",
                          danish=f"kan ikke skrive {path}: det er en mappe; giv --out et filnavn, fx en fil i "
                                 "mappen") from None
    except (FileExistsError, NotADirectoryError):  # a file stands where a folder on the path should be
        blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), path.parent)
        raise OutputError(f"cannot write {path}: {blocking} is a file, not a folder; choose another --out",
                          danish=f"kan ikke skrive {path}: {blocking} er en fil, ikke en mappe; vælg en anden "
                                 "--out") from None
    except OSError as err:
        if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):  # not a matter of space
            raise OutputError(f"cannot write {path}: {err.strerror or err}; check its permissions, or write "
                              "elsewhere with --out",
                              danish=f"kan ikke skrive {path}: {os_reason(err, True)}; tjek rettighederne, eller skriv "
                                     "et andet sted med --out") from None
        raise OutputError(f"cannot write {path}: {err.strerror or err}; free some space or choose a writable folder",
                          danish=f"kan ikke skrive {path}: {os_reason(err, True)}; frigør noget plads, eller vælg "
                                 "en mappe, der kan skrives i") from None


def write_csv_atomic(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """``csv_text(header, rows)``'s bytes, written row by row (atomically): the rows are never all held."""
    def fill(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
        text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([_text_cell(h) for h in header])
        for r in rows:
            writer.writerow([_text_cell(v) if isinstance(v, str) else v for v in r])
        text.flush()
        text.detach()

    write_atomic_with(path, fill)


def _is_database(path: Path) -> bool:
    if not path.is_file():  # only a regular file is read: a pipe or terminal would wait for input
        return False
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:  # missing, a folder, unreadable: what writing it meets is said there
        return False


def _write(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; exports are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


LONE_MARKS = frozenset({"-"})  # a whole answer of one dash is no formula ('-' is the common "no answer")
_SIGNED_NUMBER = re.compile(r"[+-]\d[\d.,]*(?:[eE][+-]?\d+)?")  # -1, +3, -0,5, -1.000: a number, not a formula


def formula_like(value: str) -> bool:
    """Could a spreadsheet read the cell as a formula (leading = + - @ tab CR, not a lone '-' or a signed number)?"""
    return (value.startswith(FORMULA_STARTS) and value not in LONE_MARKS
            and _SIGNED_NUMBER.fullmatch(value) is None)


def safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running a comment as a formula (leading = + - @ tab CR); a lone '-' and a
    signed number ('-1', '-0,5') stay as they are, so R and pandas read what the respondent wrote (walk31: ids and
    scores gained an apostrophe). A value that already starts with apostrophes before a formula start gets one more,
    so ``=1`` (written ``'=1``) and ``'=1`` (written ``''=1``) stay two ids."""
    return "'" + value if formula_like(value.lstrip("'")) else value


def markdown_text(value: str) -> str:
    """Text as inline Markdown that shows exactly that text: no link, image, HTML or table cell break.

    ``[klik](javascript:alert(1))`` and ``![x](https://…)`` lose their brackets' meaning (``\\[``),
    ``<script>`` becomes ``\\<script>`` (shown as typed, no tag), backslashes and ``|`` are escaped, and so are
    ``*``, ``_`` and ``~`` (a respondent's "*mindre*" stays as typed, not italic: walk27); line breaks become spaces.
    A ``<`` that can start no tag stays as it is, so a note's "n < 5" reads so in a text editor too (walk37 read
    "n &lt; 5"), and so does ``>`` except at the start, where it would open a quote.
    """
    text = _EMPHASIS_UNDERSCORE.sub(r"\\_", value.translate(_MARKDOWN_ESCAPES))
    return _QUOTE_START.sub(r"\1\\>", _TAG_START.sub(r"\\<", text))


def _text_cell(value: str) -> str:
    """Formula-safe, with carriage returns as line breaks (which the CSV writer quotes; a bare CR it does not)."""
    return safe_cell(value).replace("\r\n", "\n").replace("\r", "\n")


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV with a BOM (Excel then reads UTF-8 correctly) and every text cell made formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([_text_cell(h) for h in header])
    for r in rows:
        writer.writerow([_text_cell(v) if isinstance(v, str) else v for v in r])
    return "\ufeff" + buf.getvalue()
