"""Which records of a CSV export are respondents, and the warnings about those that are not.

A blank line is no record. Title lines above the header (a report's name, an export date: a line of one or
two values above a line of three or more) are no records either, and a warning names them
(``title_rows``). A line of delimiters only (no id, no answer) is no respondent, and a
warning names it; so does a row with fewer fields than the header (its missing answers are read as
empty). In a one-column file an empty answer written as ``""`` is a respondent. Both readers
(``coder.io`` whole, ``coder.io_stream`` in pieces) use these, so they keep the same rows and say the
same things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from coder.decoding import line_numbers
from coder.errors import InputError, Notice

MAX_TITLES = 5  # title lines above the header that are looked for
SHAPED_ROWS = 1000  # rows whose first field's shape tells a row swallowed by an open quote (``swallowed_rows``)
_BREAKS = re.compile(r'(\r\n|\n|\r|")')


def lone_crs_resolved(pieces: Iterable[str], delimiter: str) -> Iterator[str]:
    """The pieces of a file's text with each carriage return alone (not before a line feed, outside quotes) read
    as the end of a line where the records on both sides of it are whole (each has as many delimiters as the
    header), else as a space: the csv reader ends a record at any CR, so one inside an answer cut it in two, and the
    rest became a respondent whose id was the answer's text (walk31); a file whose lines end in CR, LF and CRLF
    mixed keeps its rows (walk35). Text after a lone CR is held back until the line after it ends."""
    inside, fields, first = False, None, ""
    record = 0  # delimiters in the record so far
    segment = 0  # ... in the text since the last line break
    held: list[str] | None = None  # text after an undecided lone CR (the CR itself not yet written)
    before = 0  # the record's delimiters before that CR
    carry = ""  # a CR that ends a piece waits: the next piece may start with its line feed
    for text in pieces:
        text = carry + text
        carry = "\r" if text.endswith("\r") else ""
        text = text[:-1] if carry else text
        out: list[str] = []
        for part in _BREAKS.split(text):
            if not part:
                continue
            if fields is None and part not in ("\r\n", "\n", "\r"):
                first += part
            if part == '"':
                inside = not inside
            elif part in ("\r\n", "\n", "\r") and not inside:
                if fields is None:  # the header's delimiters (Excel's "sep=;" line is not the header)
                    fields = None if EXCEL_SEP.match(first + part) else segment
                    first = ""
                if held is not None:  # the line after a lone CR has ended: was that CR a line end?
                    keep = before >= (fields or 0) and segment >= (fields or 0)
                    out.append("\n" if keep else " ")
                    out.extend(held)
                    record = segment if keep else before + segment
                    held = None
                else:
                    record += segment
                if part == "\r" and fields is not None:
                    held, before, segment = [], record, 0
                    continue
                record = segment = 0
            elif not inside:
                segment += part.count(delimiter)
            (held if held is not None else out).append(part)
        yield "".join(out)
    if carry and held is not None:  # the file ends with a CR: the end of the line after the lone CR held back
        held.append(carry)
    elif carry:
        yield carry
    if held is not None:  # the file ends on the line after a lone CR
        keep = before >= (fields or 0) and segment >= (fields or 0)
        yield ("\n" if keep else " ") + "".join(held)


EXCEL_SEP = re.compile(r'\ufeff?"?sep=([^"\r\n])"?[ \t]*(\r?\n|$)', re.IGNORECASE)


def excel_sep(text: str) -> str | None:
    """The delimiter a first line such as ``sep=;`` names (Excel writes it so its CSV opens in columns), or None."""
    m = EXCEL_SEP.match(text)
    return m.group(1) if m else None


def _values(fields: list[str]) -> int:
    """How many different values a line holds (a title merged across the columns of a sheet is one)."""
    return len({c.strip() for c in fields if c.strip()})


def title_rows(records: list[list[str]], wanted: Sequence[str] = (), same_width: bool = True) -> int:
    """How many of the first ``records`` are title lines above the header row, 0 when there are none.

    A title line holds one or two values (a report's name, "Udtræk 1. marts"; the same value merged across
    the columns of a sheet counts once); the header is the first line after them with three or more (or two
    that hold the named open-ended columns), and,
    with ``same_width`` (a CSV file, whose writer writes every field), every line after it in ``records`` has as
    many fields (one-column answers split at their commas do not).
    Where the open-ended columns are named (``wanted``), the header must hold them all, and a first line that
    does is the header whatever it holds; where no line does (a name mistyped, or its start only), the header is
    found as without names, so that the error names the real columns and the one meant (walk37 got the title line
    as the file's columns)."""
    names = {_name(w) for w in wanted}
    if not records or _values(records[0]) >= 3 or (names and names <= {_name(c) for c in records[0]}):
        return 0
    if names and not any(names <= {_name(c) for c in r} for r in records[1:MAX_TITLES + 1]):
        names = set()
    for h in range(1, min(len(records) - 1, MAX_TITLES + 1)):
        named = not names or names <= {_name(c) for c in records[h]}
        if _values(records[h]) < (2 if names and named else 3):  # two columns do, when they hold the named ones
            continue
        fits = not same_width or all(len(r) == len(records[h]) for r in records[h + 1:])
        return h if fits and named else 0
    return 0


def titles_skipped(path: Path, titles: list[tuple[int, str]], header_at: int, excel: bool = False
                   ) -> tuple[Notice, ...]:
    """The warning that names the title lines (line or sheet row, text) read as no respondents (none: none)."""
    if not titles:
        return ()
    shown = "; ".join(f"'{t[:60]}'" for _, t in titles)
    numbers = [n for n, _ in titles]
    many = len(titles) > 1
    if excel:
        what, what_da = (f"row{'s' if many else ''} {', '.join(map(str, numbers))}",
                         f"række{'rne' if many else ''} {', '.join(map(str, numbers))}")
        at, at_da = f"row {header_at}", f"række {header_at}"
    else:
        what, what_da = line_numbers(numbers), line_numbers(numbers, True)
        at, at_da = f"line {header_at}", f"linje {header_at}"
    return (Notice(f"{path}: {what} above the header ({shown}) {'are' if many else 'is'} read as a title, not as "
                   f"{'respondents' if many else 'a respondent'}; the header is {at}",
                   f"{path}: {what_da} over overskriftsrækken ({shown}) er læst som titel, ikke som "
                   f"{'respondenter' if many else 'en respondent'}; overskriftsrækken er {at_da}"),)


def _physical(reader, sep_line: bool) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of every record ``reader`` gives, but Excel's ``sep=;`` line."""
    last = 0
    for fields in reader:
        start, last = last + 1, reader.line_num
        if not (sep_line and start == 1):
            yield start, last, fields


def _after_titles(records: Iterator[tuple[int, int, list[str]]], notes: RowNotes | None,
                  wanted: Sequence[str]) -> Iterator[tuple[int, int, list[str]]]:
    """``records`` from the header on: title lines above it (``title_rows``) are left out and noted."""
    head: list[tuple[int, int, list[str]]] = []
    valued = 0
    for record in records:
        head.append(record)
        valued += any(c.strip() for c in record[2])
        if valued == MAX_TITLES + 6:
            break
    with_values = [r for r in head if any(c.strip() for c in r[2])]
    h = title_rows([r[2] for r in with_values], wanted)
    if h:
        if notes is not None:
            notes.titles = [(r[0], " | ".join(c.strip() for c in r[2] if c.strip())) for r in with_values[:h]]
            notes.header_at = with_values[h][0]
        head = head[head.index(with_values[h]):]
    yield from head
    yield from records


def csv_records(reader, path: Path, sep_line: bool = False, notes: RowNotes | None = None,
                wanted: Sequence[str] = ()) -> Iterator[tuple[int, list[str]]]:
    """(line where it starts, fields) of every CSV record that holds any field, the header (the first with a
    value) first. A blank line holds no field and is no record, except between the rows of a one-column file:
    there it is how Excel writes an empty answer, so it is a row with an empty field (blank lines after the last
    row are not). A line of delimiters only is left to ``body_rows``. With ``sep_line`` the first line is Excel's
    ``sep=;`` and is skipped. Title lines above the header (``title_rows``; ``wanted``: the open-ended columns,
    where named) are skipped and noted in ``notes``. ``reader`` is a ``csv.reader`` (its ``line_num`` counts
    physical lines, so a quoted answer over several lines is named by the line it starts on).

    Two faults that would lose or invent respondents in silence are errors: a quote that is opened and not
    closed, so the rows after it are read as one answer (``swallowed_rows``), and the header row again further
    down (two exports joined), which would be read as a respondent."""
    header: list[str] | None = None
    firsts: set[str] = set()  # the shapes of the first field of the first SHAPED_ROWS rows ("R0001" → "a9")
    rows = 0
    blank: list[int] = []  # blank lines since the last record of a one-column file
    for start, last, fields in _after_titles(_physical(reader, sep_line), notes, wanted):
        if not fields and header is not None and len(header) == 1:
            blank.append(start)
            continue
        if not fields or not (header is not None or any(c.strip() for c in fields)):
            continue
        for line in blank:
            yield line, [""]
        blank.clear()
        if header is None:
            header = [_name(c) for c in fields]
        elif len(header) > 1 and [_name(c) for c in fields] == header:
            raise InputError(f"{path}: line {start} repeats the header row (two exports joined?); delete that line",
                             danish=f"{path}: linje {start} gentager overskriftsrækken (to eksporter sat sammen?); "
                                    "slet den linje")
        elif last > start and (rows := swallowed_rows(fields, len(header), reader.dialect.delimiter, firsts)):
            raise InputError(f"{path}: line {start} opens a quote (\") that is not closed before line {last}, so the "
                             f"{rows} line(s) between, which look like rows of their own, would be read as one answer; "
                             "close the quote there or remove it",
                             danish=f"{path}: linje {start} åbner et anførselstegn (\"), der ikke lukkes før linje "
                                    f"{last}, så de {rows} linje(r) imellem, der ligner egne rækker, ville blive læst "
                                    "som ét svar; luk anførselstegnet dér, eller fjern det")
        elif rows < SHAPED_ROWS:  # enough to know the ids' shape; more would cost the hot path (2.6 s a million)
            firsts.add(shape(fields[0]))
            rows += 1
        yield start, fields


def column_name(cell: str) -> str:
    """A header cell as a column's name: a second byte-order mark (a file saved twice) gone, and a line break or a
    run of spaces inside it one space, as a person types it (a survey tool that writes the question as the header:
    "Hvad kunne gøre møderne bedre?\n(fritekst)")."""
    return " ".join(cell.replace("\ufeff", "").split())


def _name(cell: str) -> str:
    """A header cell as rows are compared with it: ``column_name``, case folded."""
    return column_name(cell).casefold()


def shape(value: str) -> str:
    """A value's outline: letters a, digits 9, a run of one kind as one ("R0001" → "a9", "007" → "9")."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", value.strip()))


def swallowed_rows(fields: list[str], width: int, delimiter: str,
                   firsts: set[str] | frozenset[str] = frozenset()) -> int:
    """How many lines inside one record's fields look like rows of their own: exactly ``width`` fields, the first
    a short value without spaces shaped like the first field of the rows before (``firsts``: an id, "6;Svar
    nummer 6"). A quote opened and never closed reads the rest of the file so; an answer written over several
    lines does not look like that ("Tre ting:\nfaglighed, cases, data" in a comma file: 'faglighed' is no id).
    0 where fewer than two do (three before any row is known), so one such line in an answer is never an error;
    but one is enough in a field that ends with the file's last line break, which only a quote left open to the
    end of the file gives."""
    if width < 2:
        return 0
    found, to_the_end = 0, False
    for value in fields:
        to_the_end = to_the_end or value.endswith(("\n", "\r"))
        for line in value.splitlines()[1:]:
            parts = line.split(delimiter)
            first = parts[0].strip()
            if (len(parts) == width and first and len(first) <= 30 and not any(ch.isspace() for ch in first)
                    and (not firsts or shape(first) in firsts)):
                found += 1
    return found if found >= (1 if to_the_end else 2 if firsts else 3) else 0


@dataclass
class RowNotes:
    """Lines of a CSV a person should check: ``skipped`` (delimiters only, not read as respondents) and ``short``
    (fewer fields than the header: the missing ones read as empty)."""

    skipped: list[int] = field(default_factory=list)
    short: list[int] = field(default_factory=list)
    titles: list[tuple[int, str]] = field(default_factory=list)  # (line, its values) of title lines above the header
    header_at: int = 1

    def notices(self, path: Path) -> tuple[Notice, ...]:
        return (titles_skipped(path, self.titles, self.header_at) + delimiter_only(path, self.skipped)
                + short_rows(path, self.short))


def body_rows(records: Iterator[tuple[int, list[str]]], width: int, path: Path,
              notes: RowNotes) -> Iterator[tuple[str, ...]]:
    """Data rows padded or cut to the header's width. A line of delimiters only (no id, no answer) is no
    respondent: its line number is noted (a warning names it), as is a row with fewer fields than the header
    (Excel writes every field, so its answers may have moved). In a one-column file an empty field written as
    ``""`` is an empty answer and stays a row."""
    for line, fields in records:
        if not any(c.strip() for c in fields) and not (width == 1 and len(fields) == 1):
            notes.skipped.append(line)
            continue
        if len(fields) > width and any(c.strip() for c in fields[width:]):
            title = ("; or, if the first line is a title above the header, name the open-ended column (-t) or delete "
                     "the title", "; eller, hvis første linje er en titel over overskriftsrækken, angiv kolonnen med "
                     "åbne svar (-t), eller slet titlen") if width == 1 else ("", "")
            raise InputError(f"{path}: line {line} has {len(fields)} fields but the header has {width}; "
                             f"check the delimiter (--delimiter) or quoting{title[0]}",
                             danish=f"{path}: linje {line} har {len(fields)} felter, men overskriftsrækken har "
                                    f"{width}; tjek skilletegnet (--delimiter) eller anførselstegnene{title[1]}")
        if len(fields) < width:
            notes.short.append(line)
        yield tuple((fields + [""] * width)[:width])


def short_rows(path: Path, lines: list[int]) -> tuple[Notice, ...]:
    """The warning for rows with fewer fields than the header (none: no warning)."""
    if not lines:
        return ()
    one = len(lines) == 1
    return (Notice(f"{path}: {line_numbers(lines)} {'has' if one else 'have'} fewer fields than the header; the "
                   "missing ones are read as empty answers: check the delimiter and quoting there",
                   f"{path}: {line_numbers(lines, True)} har færre felter end overskriften; de manglende læses som "
                   "tomme svar: tjek skilletegn og anførselstegn dér"),)


def delimiter_only(path: Path, lines: list[int]) -> tuple[Notice, ...]:
    """The warning for lines of delimiters only that were not read as respondents (none: no warning)."""
    if not lines:
        return ()
    one = len(lines) == 1
    return (Notice(f"{path}: {line_numbers(lines)} {'holds' if one else 'hold'} only delimiters (no id, no answer) and "
                   f"{'is' if one else 'are'} not read as {'a respondent' if one else 'respondents'}; row numbers "
                   f"(the ids without --id-col) skip {'it' if one else 'them'}",
                   f"{path}: {line_numbers(lines, True)} har kun skilletegn (intet id, intet svar) og læses ikke som "
                   f"{'en respondent' if one else 'respondenter'}; rækkenumrene (id'erne uden --id-col) springer "
                   f"{'den' if one else 'dem'} over"),)
