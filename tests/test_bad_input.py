"""Odd and hostile input, table-driven (issue 14): every case goes through the CLI as a user would type it.

Every case checks the exit code (0 for valid input, 2 for bad input, never 1) and that no traceback
appears. A bad input must give exactly one line on stderr, ``Error: …`` naming the problem (with
``--locale en``; ``Fejl: …`` in Danish without it, the codebooks here being Danish), nothing on stdout,
and no project directory. A valid input must come out with every input row in
``assignments.csv`` once per question, CSV cells that no spreadsheet runs as formulas, Markdown
without live links, and none of the planted personal data in any output that promises redaction:
``assignments.csv``, ``themes.csv``, ``report.md``, ``coder report --format all``, ``--format md``,
and the ``.qdpx`` sources.

The embedder is the fake one from conftest (``--model fake``), so the suite needs no model.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from conftest import DATA, ROOT, FakeEmbedder
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

import coder.embed
import coder.evaluate
import coder.pipeline
import coder.pipeline.discover
import coder.pipeline.run
from coder.cli import app

CODEBOOK = str(ROOT / "codebooks" / "klynger.yaml")
ANSWERS = ["Flere faglige oplæg om nye retningslinjer", "Kortere møder og en fast dagsorden",
           "Mere sparring med kolleger over middagen", "Egne data og benchmarking af ventetider",
           "Spild af tid, jeg vil ikke til flere møder", "Øjenlæger har andre behov end almen praksis"]
# Personal data planted in comments, and the piece of each that must never come out.
PLANTED = {
    "Ring til mig på +45 12 34 56 78 om data": "12 34 56 78",
    "Mit nummer er 12345678 hvis I vil vide mere": "12345678",
    "Sms til 0045 28145590 før mødet, tak": "28145590",
    "Patienten med cpr 150372-1234 ventede længe": "150372-1234",
    "Skriv til mette.jensen@gmail.com om referatet": "mette.jensen",
    "Skriv til lone.berg(at)dadlnet.dk om oplæg": "lone.berg",
    "Forslag til klynge.syd [at] rsyd.dk inden fredag": "klynge.syd",
    "Vi mødes på Nørregade 12 hos en kollega": "Nørregade 12",
    "Klinikken på Vestergade 3, 2. th. er for lille": "Vestergade 3",
    "Næste møde på H.C. Andersens Boulevard 27 i byen": "Andersens Boulevard",
    "Se www.klinik-skov.dk for dagsordenen": "klinik-skov",
    "Jeg talte med Mette Kjærgaard om møderne": "Kjærgaard",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def table(rows: list[list[str]], header: tuple[str, ...] = ("id", "kommentar"), delimiter: str = ";",
          encoding: str = "utf-8", newline: str = "\n") -> bytes:
    """A CSV export of ``rows`` (quoted where needed) in ``encoding``."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def answers(texts: list[str], start: int = 1) -> list[list[str]]:
    return [[f"R{i}", t] for i, t in enumerate(texts, start=start)]


STANDARD = table(answers(ANSWERS))


def xlsx(rows: list[list[object]], header: tuple[str, ...] = ("id", "kommentar"), sheets: int = 1) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Svar"
    ws.append(list(header))
    for r in rows:
        ws.append(r)
    for n in range(1, sheets):
        book.create_sheet(f"Ark{n}").append(["andet"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class Case:
    """One input (files in a fresh folder) and one command line; ``{dir}`` in the arguments is that folder."""

    id: str
    files: dict[str, bytes]
    args: tuple[str, ...]
    error: str | None = None  # a regular expression the one-line error must match; None: valid input
    rows: int = 0  # input rows (valid input)
    questions: tuple[str, ...] = ("kommentar",)
    planted: tuple[str, ...] = ()  # must appear in no redacted output
    absent: tuple[str, ...] = ()  # must appear in no output at all (e.g. mojibake)
    markup: tuple[str, ...] = ()  # must appear in no Markdown or HTML output (raw tags from comments)
    full: bool = False  # also run report --format all and export (always when planted, absent or markup)
    warning: str | None = None  # a regular expression stderr must match (valid input)
    setup: Callable[[pytest.MonkeyPatch, Path], None] | None = field(default=None, compare=False)


def code(id: str, name: str, data: bytes | None, *extra: str, text_cols: tuple[str, ...] = ("kommentar",),
         **kw: object) -> Case:
    """``coder code`` on one input file (``data`` None: the file is not written)."""
    args = ("code", f"{{dir}}/{name}", "-c", CODEBOOK, "-o", "{dir}/p", "--model", "fake")
    args += tuple(a for q in text_cols for a in ("-t", q)) + extra
    return Case(id, {} if data is None else {name: data}, args, questions=kw.pop("questions", text_cols), **kw)


def with_codebook(id: str, text: bytes | None, error: str) -> Case:
    args = ("code", "{dir}/s.csv", "-c", "{dir}/cb.yaml", "-o", "{dir}/p", "-t", "kommentar", "--model", "fake")
    files = {"s.csv": STANDARD} | ({} if text is None else {"cb.yaml": text})
    return Case(id, files, args, error=error)


def _deny_reading(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def _fifo(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    os.mkfifo(folder / "pipe.csv")


def _billion_laughs() -> bytes:
    lines = ["name: x", "version: 1", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines + ["themes: *a9"]) + "\n").encode()


MIXED = (b"id;kommentar\n" + "R1;Flere faglige oplæg\n".encode("utf-8") + "R2;Øjenlæger mangler data\n".encode("cp1252")
         + "R3;Gode møder med sparring\n".encode("utf-8") + "R4;Mødeledelse og referat\n".encode("cp1252"))
HUGE = "Lange møder uden dagsorden og uden pause. " * 25_000  # 1.05 MB, eight times csv's field limit
INJECTION = ["[klik](javascript:alert(1)) for mere data", "![billede](javascript:alert(2)) og oplæg",
             "<script>alert(3)</script> flere møder", "<img src=x onerror=alert(4)> sparring med kolleger",
             "[ref]: javascript:alert(5) og referat"]
FORMULAS = ["=HYPERLINK(\"http://x\";\"klik\") mere data", "+45 er ikke et tal her, oplæg", "-1 til møderne",
            "@SUM(A1) sparring", "\tTab først, dagsorden", "=1+1"]

VALID: list[Case] = [
    code("cp1252-semicolon", "s.csv", (DATA / "survey_semicolon_cp1252.csv").read_bytes(), "--id-col", "id", rows=7),
    code("utf8-bom-comma", "s.csv", (DATA / "survey_comma_utf8bom.csv").read_bytes(), rows=7),
    code("utf8-tab", "s.tsv", (DATA / "survey_tab_utf8.tsv").read_bytes(), rows=7),
    code("xlsx", "s.xlsx", (DATA / "survey.xlsx").read_bytes(), rows=7),
    code("jsonl", "s.jsonl", (DATA / "survey.jsonl").read_bytes(), rows=7),
    code("json-array", "s.json", json.dumps([{"id": i, "kommentar": t} for i, t in enumerate(ANSWERS)]).encode(),
         rows=6),
    code("json-array-pretty-with-odd-values", "s.json",
         json.dumps([{"id": 1, "kommentar": ANSWERS[0], "n": 2.5, "ok": True},
                     {"id": 2, "kommentar": ANSWERS[1], "n": None, "extra": {"a": [1, 2]}}], indent=2).encode(),
         rows=2),
    code("mixed-utf8-and-cp1252-lines", "s.csv", MIXED, rows=4, absent=("Ã",),
         warning=r"Advarsel: \S+: linje 3, 5 har tegn der ikke er UTF-8 \(resten er UTF-8\); læst som Windows-1252",
         full=True),
    code("utf8-bom-then-cp1252-body", "s.csv", b"\xef\xbb\xbf" + table(answers(ANSWERS), encoding="cp1252"), rows=6,
         absent=("Ã",),
         warning=r"linje 2-3, 6-7 har tegn der ikke er UTF-8 \(filen begynder med et UTF-8-byte order mark"),
    code("cp1252-with-one-utf8-line", "s.csv", table(answers(ANSWERS[:3]), encoding="cp1252")
         + f"R9;{ANSWERS[5]}\n".encode("utf-8"), rows=4, absent=("Ã",), warning="linje 2-3 har .*resten er UTF-8"),
    code("utf16-le-bom", "s.csv", table(answers(ANSWERS), encoding="utf-16"), rows=6),
    code("utf16-be-bom", "s.csv", b"\xfe\xff" + table(answers(ANSWERS), encoding="utf-16-be"), rows=6),
    code("utf32-le-bom", "s.csv", table(answers(ANSWERS), encoding="utf-32"), rows=6),
    code("utf32-be-bom", "s.csv", b"\x00\x00\xfe\xff" + table(answers(ANSWERS), encoding="utf-32-be"), rows=6),
    code("header-below-a-title-row", "s.csv", "Klyngeundersøgelse 2025;\n".encode() + STANDARD, "--id-col", "id",
         rows=6, warning=r"linje 1 over overskriftsrækken \('Klyngeundersøgelse 2025'\) er læst som titel"),
    code("a-second-byte-order-mark", "s.csv", b"\xef\xbb\xbf" + "\ufeff".encode() + STANDARD, "--id-col", "id", rows=6),
    code("crlf", "s.csv", table(answers(ANSWERS), newline="\r\n"), rows=6),
    code("cr-only-old-mac", "s.csv", table(answers(ANSWERS), newline="\r"), rows=6),
    code("pipe-delimiter", "s.csv", table(answers(ANSWERS), delimiter="|"), rows=6),
    code("forced-delimiter-and-encoding", "s.txt", table(answers(ANSWERS), delimiter=",", encoding="cp1252"),
         "--delimiter", ",", "--encoding", "cp1252", rows=6),
    code("forced-tab-by-name", "s.txt", table(answers(ANSWERS), delimiter="\t"), "--delimiter", "tab", rows=6),
    code("quoted-delimiters-and-newlines", "s.csv", table(answers(["Et svar; med semikolon\nog linjeskift", *ANSWERS])),
         rows=7),
    code("one-megabyte-comment", "s.csv", table(answers([HUGE, *ANSWERS])), rows=7),
    code("field-just-over-csv-limit", "s.csv", table(answers(["møder " * 22_000, *ANSWERS])), rows=7),
    code("very-long-line-many-columns", "s.csv", table([[f"R{r}", ANSWERS[r % 6]] + [f"v{c}" for c in range(300)]
                                                         for r in range(5)],
                                                        header=("id", "kommentar", *[f"k{c}" for c in range(300)])),
         rows=5),
    code("empty-and-blank-answers-stay-rows", "s.csv", table(answers(["", "   ", ANSWERS[0], "", ANSWERS[1]])), rows=5),
    code("only-empty-answers", "s.csv", table(answers(["", " ", ""])), rows=3),
    code("only-non-answers", "s.csv", table(answers(["ved ikke", "-", "ingen kommentarer", "nej"])), rows=4),
    code("repeated-answers", "s.csv", table(answers([ANSWERS[0]] * 5 + [ANSWERS[1]] * 3)), rows=8),
    code("one-respondent", "s.csv", table(answers(ANSWERS[:1])), rows=1),  # one distinct text: no queue density
    code("id-column-not-named", "s.csv", STANDARD, rows=6,
         warning=r"Bemærk: respondent-id'er fra kolonnen 'id' \(navngivet som id'er"),  # a note: nothing to fix
    code("id-column-not-named-repeats", "s.csv",
         table([["R1" if i < 2 else f"R{i}", a] for i, a in enumerate(ANSWERS)]),
         rows=6, warning=r"kolonnen 'id' ligner respondent-id'er, men gentager R1, så id'erne er rækkenumre"),
    code("every-answer-the-same", "s.csv", table(answers([ANSWERS[2]] * 9)), rows=9),
    code("contact-requests-named", "s.csv", table(answers([*ANSWERS, "Ring til mig på 22 33 44 55 om min mors forløb",
                                                           "Bedre forklaring på ventetiden"])), rows=8,
         warning=r"Advarsel: 1 besvarelse beder om at blive kontaktet .*: R7 \(kommentar\); de har contact = yes"),
    code("blank-lines-between-rows", "s.csv", b"id;kommentar\n\nR1;" + ANSWERS[0].encode() + b"\n;\n\nR2;"
         + ANSWERS[1].encode() + b"\n\n\n", rows=2),  # a line of nothing but delimiters is no respondent
    code("short-rows-and-trailing-delimiters", "s.csv", b"id;kommentar;speciale\nR1;" + ANSWERS[0].encode()
         + b"\nR2;" + ANSWERS[1].encode() + b";Psykiatri;;;\n", rows=2),
    code("guessed-text-column", "s.csv", STANDARD, text_cols=(), questions=("kommentar",), rows=6),
    code("two-questions", "s.csv", table([[f"R{i}", a, b] for i, (a, b) in enumerate(zip(ANSWERS, reversed(ANSWERS)))],
                                         header=("id", "forbedringer", "kommentar")),
         text_cols=("forbedringer", "kommentar"), rows=6),
    code("unicode-ids-and-headers", "s.csv", table([[f"Æ-{i}", a, "Sjælland"] for i, a in enumerate(ANSWERS)],
                                                   header=("løbenr", "Hvad kan gøres bedre? (fx 3/4)", "region")),
         "--id-col", "løbenr", text_cols=("Hvad kan gøres bedre? (fx 3/4)",), rows=6),
    code("emoji-rtl-zero-width", "s.csv", table(answers(["Super 👍🏽 møder", "مرحبا flere oplæg", "fin\u200bdata",
                                                           "\ufeffsparring i klyngen", "💩"])), rows=5, full=True),
    code("nul-free-control-characters", "s.csv", table([[f"R{i}", f"{a}\x01\x0b", "Almen\x0bpraksis"]
                                                        for i, a in enumerate(ANSWERS)],
                                                       header=("id", "kommentar", "speciale")), rows=6, full=True),
    code("personal-data-everywhere", "s.csv", table(answers([*PLANTED, *ANSWERS])), rows=len(PLANTED) + 6,
         planted=tuple(PLANTED.values())),
    code("personal-data-in-cp1252-xlsx-style", "s.xlsx", xlsx(answers([*PLANTED, *ANSWERS])),
         rows=len(PLANTED) + 6, planted=tuple(PLANTED.values())),
    code("personal-data-repeated", "s.csv", table(answers(list(PLANTED) * 3)), rows=3 * len(PLANTED),
         planted=tuple(PLANTED.values())),
    code("markdown-and-html-injection", "s.csv", table(answers([*INJECTION, *ANSWERS])), rows=11,
         markup=("<script>alert", "<img src=x")),
    code("injection-in-column-and-group-names", "s.csv",
         table([[f"R{i}", a, "[x](javascript:alert(1))"] for i, a in enumerate(ANSWERS)],
               header=("id", "<b>kommentar</b>", "speciale")), text_cols=("<b>kommentar</b>",), rows=6,
         markup=("<b>kommentar",)),
    code("formula-like-cells", "s.csv", table([[f"R{i}", f, "=cmd|' /C calc'!A0"] for i, f in enumerate(FORMULAS)],
                                              header=("id", "kommentar", "+speciale")), rows=6, full=True),
    code("xlsx-formulas-and-numbers", "s.xlsx", xlsx([[1, "=1+1"], [2.0, ANSWERS[0]], [3, 12.5], [4, None]]), rows=4),
    code("xlsx-second-sheet", "s.xlsx", xlsx(answers(ANSWERS), sheets=2), "--sheet", "Svar", rows=6),
    code("huge-comment-in-xlsx", "s.xlsx", xlsx(answers(["dagsorden " * 4000, *ANSWERS])), rows=7, full=True),
]

BAD: list[Case] = [
    # files that are not there or not files
    code("missing-file", "nope.csv", None, error=r"nope\.csv: file not found; check the path"),
    Case("directory-as-input", {"d/x.txt": b"x"}, ("code", "{dir}/d", "-c", CODEBOOK, "-o", "{dir}/p", "--model",
                                                     "fake"), error=r"/d: is a directory; give the survey export file"),
    Case("fifo-as-input", {}, ("code", "{dir}/pipe.csv", "-c", CODEBOOK, "-o", "{dir}/p", "-t", "kommentar", "--model",
                               "fake"), error="pipe.csv: not a regular file", setup=_fifo),
    code("unreadable-file", "locked.csv", STANDARD, error=r"locked\.csv: cannot read the file \(Permission denied\); "
                                                          r"check the path and that you may read it",
         setup=_deny_reading),
    # empty and almost empty
    code("empty-file", "s.csv", b"", error=r"the file is empty; export the survey again"),
    code("whitespace-only", "s.csv", b" \n\n\t\r\n", error="the file is empty"),
    code("bom-only", "s.csv", b"\xef\xbb\xbf", error="the file is empty"),
    code("header-only", "s.csv", b"id;kommentar\n", error="no data rows below the header"),
    code("header-only-bom-crlf", "s.csv", b"\xef\xbb\xbfid;kommentar\r\n\r\n", error="no data rows below the header"),
    code("only-delimiters", "s.csv", b";;;\n;;;\n", error="no values, only delimiters"),
    # encodings and binary
    code("binary-with-nul", "s.csv", (DATA / "binary.csv").read_bytes(), error=r"unreadable encoding \(binary data"),
    code("binary-without-nul", "s.csv", bytes(range(128, 256)) * 40, error=r"unreadable encoding \(neither UTF-8"),
    code("one-nul-in-a-text-file", "s.csv", table(answers(ANSWERS)) + b"R9;a\x00b\n",
         error=r"line 8 holds a NUL character \(binary data\); remove it"),
    code("utf16-without-bom", "s.csv", table(answers(ANSWERS), encoding="utf-16-le"),
         error=r"unreadable encoding \(binary data or UTF-16 without a byte-order mark\)"),
    code("byte-neither-utf8-nor-cp1252", "s.csv", STANDARD + b"R9;d\x81rligt\n",
         error=r"line 8 is neither UTF-8 nor Windows-1252 \(cp1252\) \(byte 0x81\)"),
    code("nul-after-4k", "s.csv", table(answers(ANSWERS * 40)) + b"R999;a\x00b\n",
         error=r"line 242 holds a NUL character"),
    code("forced-wrong-encoding", "s.csv", STANDARD, "--encoding", "ascii",
         error=r"cannot decode as ascii \(line 2 is not\); leave --encoding out .* or try --encoding utf-8"),
    code("cp1252-forced-as-utf8", "s.csv", table(answers(ANSWERS), encoding="cp1252"), "--encoding", "utf-8",
         error=r"cannot decode as utf-8 \(line 2 is not\); leave --encoding out .* or try --encoding cp1252"),
    code("unknown-encoding", "s.csv", STANDARD, "--encoding", "klingon", error="--encoding klingon: unknown encoding"),
    # files that are not what their name says
    code("xlsx-named-csv", "s.csv", (DATA / "survey.xlsx").read_bytes(),
         error=r"this is an Excel workbook \(or another zip file\), not \.csv; rename it to \.xlsx"),
    code("gzip-named-csv", "s.csv", __import__("gzip").compress(STANDARD, mtime=0),
         error=r"it is compressed with gzip; unpack it first"),  # walk31: 'unreadable encoding', --encoding no help
    code("html-named-csv", "s.csv", b"<!DOCTYPE html>\n<html><body><table><tr><td>x</td></tr></table></body></html>\n",
         error=r"it is a web page \(HTML\), not a CSV export"),
    code("json-named-csv", "s.csv", b'[{"id": "R1", "kommentar": "Bedre dagsorden"}]\n',
         error=r"it holds JSON, not CSV; rename it to \.json"),
    code("jsonl-named-csv", "s.csv", b'{"id": "R1", "kommentar": "Bedre"}\n{"id": "R2", "kommentar": "Mere"}\n',
         error=r"it holds JSON, not CSV"),
    code("xls-named-csv", "s.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
         error=r"an old Excel \.xls workbook is not supported"),
    code("id-with-line-break", "s.csv", 'id;kommentar\n"A\nB";Mere data\n"A\nB";Kortere møder\n'.encode(),
         "--id-col", "id", error=r"duplicate ids in column 'id': A\\nB"),
    code("xls-suffix", "s.xls", b"id;kommentar\n", error=r"an old Excel \.xls workbook is not supported"),
    code("csv-named-xlsx", "s.xlsx", STANDARD,
         error=r"this is a text file \(CSV\?\), not an Excel workbook; rename it to \.csv"),
    code("truncated-xlsx", "s.xlsx", (DATA / "survey.xlsx").read_bytes()[:900], error="not a readable XLSX file"),
    code("xlsx-sheet-missing", "s.xlsx", xlsx(answers(ANSWERS)), "--sheet", "Nope",
         error=r"sheet 'Nope' not found; available: Svar"),
    code("xlsx-empty-sheet", "s.xlsx", xlsx([], header=()), error=r"the sheet 'Svar' is empty"),
    code("json-array-of-numbers", "s.json", b"[1, 2, 3]", error=r"record 1 is not a JSON object \(int\)"),
    code("json-broken", "s.json", b'[{"id": 1, "kommentar": "x"},', error=r"not valid JSON at line 1"),
    code("json-empty-array", "s.json", b"[]", error=r"the file is empty; one JSON object per answer"),
    code("json-deeply-nested", "s.json", b"[" * 100_000 + b"]" * 100_000, error="nested too deeply"),
    code("jsonl-bad-line", "s.jsonl", b'{"id": 1, "kommentar": "x"}\n{"id": 2,\n',
         error=r"line 2 is not valid JSON"),
    code("jsonl-not-objects", "s.jsonl", b'"a"\n"b"\n', error=r"record 1 is not a JSON object \(str\)"),
    # columns and ids
    code("text-column-missing", "s.csv", STANDARD, text_cols=("Kommentar",),
         error=r"column 'Kommentar' not found \(did you mean 'kommentar'\?\); available: id, kommentar"),
    code("id-column-missing", "s.csv", STANDARD, "--id-col", "løbenr", error=r"column 'løbenr' not found"),
    code("duplicate-ids", "s.csv", table(answers(ANSWERS[:2]) + answers(ANSWERS[2:4])), "--id-col", "id",
         error=r"duplicate ids in column 'id': R1, R2; ids must be unique"),
    code("blank-id", "s.csv", table([["R1", ANSWERS[0]], ["", ANSWERS[1]]]), "--id-col", "id",
         error=r"id column 'id' is empty in data row 2"),
    code("same-text-column-twice", "s.csv", STANDARD, text_cols=("kommentar", "kommentar"),
         error="the same --text-col is given twice"),
    code("id-column-is-text-column", "s.csv", STANDARD, "--id-col", "kommentar",
         error="column 'kommentar' is both --id-col and --text-col"),
    code("no-free-text-to-guess", "s.csv", table([["1", "a"], ["2", "b"]], header=("id", "x")), text_cols=(),
         error="no text column given and none looks like free text"),
    code("duplicate-column-names", "s.csv", table([["1", "a", "b"]], header=("id", "kommentar", "kommentar")),
         error=r"duplicate column name\(s\): kommentar"),
    code("delimiter-of-two-characters", "s.csv", STANDARD, "--delimiter", "::",
         error=r"--delimiter '::': give one character, e.g. ';', ',' or '\|', or 'tab' for a tab"),
    code("wrong-delimiter-forced", "s.csv", table(answers(ANSWERS), delimiter=","), "--delimiter", ";",
         error=r"--delimiter ';' leaves one column, and its header holds ','; give --delimiter ','"),
    code("too-many-fields", "s.csv", b"id;kommentar\nR1;a;b;c\n", error=r"line 2 has 4 fields but the header has 2"),
    code("sheet-for-a-csv", "s.csv", STANDARD, "--sheet", "Data",
         error=r"--sheet Data: .*s\.csv is not an Excel workbook, so it has no sheets; leave --sheet out"),
    code("gold-column-is-the-text-column", "s.csv", STANDARD, "--gold-col", "kommentar",
         error=r"--gold-col kommentar is also a --text-col; the gold column holds theme ids"),
    code("labels-without-gold-col", "s.csv", STANDARD, "--labels", "{dir}/s.csv",
         error="--labels needs --gold-col"),
    code("gold-column-missing", "s.csv", STANDARD, "--gold-col", "tema", error=r"column 'tema' not found"),
    code("empty-encoding", "s.csv", STANDARD, "--encoding", "", error=r"--encoding is empty; name an encoding"),
    # codebooks
    with_codebook("codebook-missing", None, r"cb\.yaml: codebook not found"),
    Case("codebook-is-a-directory", {"s.csv": STANDARD, "cb/x": b""},
         ("code", "{dir}/s.csv", "-c", "{dir}/cb", "-o", "{dir}/p", "-t", "kommentar", "--model", "fake"),
         error=r"/cb: is a directory; pass --codebook with the path to a YAML codebook file"),
    with_codebook("codebook-broken-yaml", (DATA / "broken_codebook.yaml").read_bytes(), r"cb\.yaml"),
    with_codebook("codebook-bad-syntax", b"name: x\nthemes: [\n", r"cb\.yaml: line \d+: .*; fix the YAML syntax"),
    with_codebook("codebook-empty", b"", r"expected a mapping with name, version and themes"),
    with_codebook("codebook-not-utf8", "name: kodebøg\n".encode("cp1252"), r"not UTF-8 text"),
    with_codebook("codebook-nested-20000-deep", b"name: x\nversion: 1\nthemes: " + b"[" * 20_000 + b"]" * 20_000,
                  r"line 3: nested more than 50 levels deep"),
    with_codebook("codebook-billion-laughs", _billion_laughs(), r"more than 200,000 values once anchors and aliases"),
    with_codebook("codebook-alias-inside-its-anchor", b"name: x\nversion: 1\nthemes: &t\n- *t\n",
                  r"line 3: an alias \(\*name\) inside the anchor \(&name\) it refers to never ends"),
    with_codebook("codebook-python-tag", b"name: !!python/object/apply:os.system ['echo hi']\n",
                  r"could not determine a constructor"),
    with_codebook("codebook-duplicate-theme-ids", b"name: x\nversion: 1\nthemes:\n- {id: a, label: A, description: d}\n"
                  b"- {id: a, label: B, description: e}\n", r"duplicate theme id 'a'"),
    with_codebook("codebook-unknown-field", b"name: x\nversion: 1\ncolour: red\nthemes:\n"
                  b"- {id: a, label: A, description: d}\n", r"colour: unknown field"),
    with_codebook("codebook-binary", bytes(range(256)) * 4, r"not UTF-8 text"),
    # other commands given files that are not what they should be
    Case("check-a-directory", {"cb/x": b""}, ("codebook", "check", "{dir}/cb"), error="is a directory"),
    Case("check-deep-yaml", {"cb.yaml": b"a: " + b"{x: " * 5000 + b"}" * 5000},
         ("codebook", "check", "{dir}/cb.yaml"), error="nested more than 50 levels deep"),
    Case("import-missing-qdc", {}, ("codebook", "import", "{dir}/x.qdc"), error="file not found"),
    Case("import-garbage-qdc", {"x.qdc": b"\x00\x01garbage"}, ("codebook", "import", "{dir}/x.qdc"),
         error=r"not a REFI-QDA codebook \(XML error"),
    Case("import-deep-qdc", {"x.qdc": b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                                      + b'<Code guid="x" name="a" isCodable="true">' * 5000 + b"</Code>" * 5000
                                      + b"</Codes></CodeBook>"},
         ("codebook", "import", "{dir}/x.qdc"), error="codes nested too deeply to read"),
    Case("report-not-a-project", {"d/x": b""}, ("report", "{dir}/d"), error="not a coder project"),
    Case("discover-file-without-out", {"s.csv": STANDARD}, ("discover", "{dir}/s.csv", "--model", "fake"),
         error="give --out DIR for the discovery files"),
    Case("discover-binary-file", {"s.csv": (DATA / "binary.csv").read_bytes()},
         ("discover", "{dir}/s.csv", "-o", "{dir}/p", "--model", "fake"), error="unreadable encoding"),
    Case("evaluate-gold-column-missing", {"s.csv": STANDARD},
         ("evaluate", "{dir}/s.csv", "-c", CODEBOOK, "-t", "kommentar", "-g", "tema", "-o", "{dir}/p", "--model",
          "fake"), error=r"column 'tema' not found"),
    Case("evaluate-more-folds-than-answers", {"s.csv": table([[f"R{i}", a, "indhold"] for i, a in enumerate(ANSWERS)],
                                                              header=("id", "kommentar", "tema"))},
         ("evaluate", "{dir}/s.csv", "-c", CODEBOOK, "-t", "kommentar", "-g", "tema", "-o", "{dir}/p", "--model",
          "fake", "--cv", "100"), error=r"--cv 100: more folds than labelled answers \(6\); give at most 6"),
    Case("evaluate-train-per-class-not-positive", {"s.csv": STANDARD},
         ("evaluate", "{dir}/s.csv", "-c", CODEBOOK, "-t", "kommentar", "-g", "tema", "-o", "{dir}/p", "--model",
          "fake", "--train-per-class", "0,-5"), error=r"--train-per-class 0,-5: give positive whole numbers"),
    # usage errors: one line, like every other error
    Case("usage-missing-argument", {}, ("code",), error=r"Missing argument 'INPUT'; see '.* code --help'"),
    Case("usage-missing-option", {"s.csv": STANDARD}, ("code", "{dir}/s.csv", "-o", "{dir}/p"),
         error=r"Missing option '--codebook' / '-c'"),
    Case("usage-bad-option-value", {"d/x": b""}, ("report", "{dir}/d", "--quotes", "50"),
         error=r"Invalid value for '--quotes'"),
    Case("usage-unknown-option", {}, ("report", "{dir}", "--bogus"), error=r"No such option: --bogus"),
    Case("usage-unknown-command", {}, ("nonsense",), error=r"No such command 'nonsense'"),
]


@pytest.fixture(autouse=True)
def _fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--model fake``: every command embeds with the fake embedder, so nothing loads a model."""
    for module in (coder.pipeline.run, coder.pipeline.discover, coder.evaluate, coder.embed):
        monkeypatch.setattr(module, "get_embedder", lambda *args, **kwargs: FakeEmbedder())


def csv_rows(text: str) -> list[list[str]]:
    """The test's own reading of an output CSV, with fields of any size (the csv limit is put back)."""
    limit = csv.field_size_limit(1 << 30)
    try:
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    finally:
        csv.field_size_limit(limit)


def run(case: Case, folder: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> Result:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    if case.setup is not None:
        case.setup(monkeypatch, folder)
    args = [a.replace("{dir}", str(folder)) for a in case.args]
    return CliRunner().invoke(app, args + list(extra), env={"COLUMNS": "250"})


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def one_error_line(result: Result, label: str) -> str:
    """The one line a bad input gives: exit code 2, nothing on stdout, no traceback."""
    no_traceback(result)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(label), result.stderr
    return lines[0]


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_input_is_one_line_and_exit_2(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = one_error_line(run(case, tmp_path, monkeypatch, "--locale", "en"), "Error: ")
    assert re.search(case.error, line), line
    assert not (tmp_path / "p").exists()  # nothing half-made


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_input_is_one_line_in_danish_for_a_danish_reader(case: Case, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The same line in Danish without --locale: the codebook is Danish, or none is known (Danish, its default).
    Click's own usage messages stay English; only their label and hint are Danish."""
    english = one_error_line(run(case, tmp_path / "en", monkeypatch, "--locale", "en"), "Error: ")
    danish = one_error_line(run(case, tmp_path / "da", monkeypatch), "Fejl: ")
    if case.id.startswith("usage-"):
        assert danish.endswith("--help'") and "; se '" in danish, danish
    assert danish.removeprefix("Fejl: ").replace("/da/", "/en/") != english.removeprefix("Error: "), danish


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def outputs(project: Path, folder: Path, case: Case, by: list[str]) -> dict[str, str]:
    """The text of every output that promises redaction, by name: the project's files, and for a case that
    plants something or asks for it, every report format and the .qdpx."""
    texts = {name: (project / name).read_text(encoding="utf-8") for name in ("assignments.csv", "themes.csv",
                                                                              "report.md")}
    if not (case.full or case.planted or case.absent or case.markup):
        return texts
    runner = CliRunner()
    report = folder / "report"
    for args in (["report", str(project), "--format", "all", "--out", str(report), *by],
                 ["export", str(project), "--out", str(folder / "p.qdpx")]):
        result = runner.invoke(app, args)
        no_traceback(result)
        assert result.exit_code == 0, (args, result.output)
    md = runner.invoke(app, ["report", str(project), "--format", "md"])
    assert md.exit_code == 0, md.output
    texts["--format md"] = md.stdout
    for path in sorted(report.glob("*")):
        if path.suffix in (".md", ".csv", ".json", ".html"):
            texts[f"report/{path.name}"] = path.read_text(encoding="utf-8")
    book = load_workbook(report / "report.xlsx", read_only=True)
    cells = [str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c is not None]
    book.close()
    assert max(len(c) for c in cells) <= 32_767  # Excel's limit for a cell
    texts["report.xlsx"] = "\n".join(cells)
    with zipfile.ZipFile(folder / "p.qdpx") as zf:
        texts["p.qdpx"] = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    return texts


@pytest.mark.parametrize("case", VALID, ids=[c.id for c in VALID])
def test_valid_input_keeps_every_row_and_leaks_nothing(case: Case, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(case, tmp_path, monkeypatch)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "Error" not in result.stderr
    if case.warning:
        assert re.search(case.warning, " ".join(result.stderr.split())), result.stderr
    project = tmp_path / "p"
    header, *body = csv_rows((project / "assignments.csv").read_text(encoding="utf-8"))
    rows = [dict(zip(header, r)) for r in body]
    columns = header
    for q in case.questions:
        ids = [r["id"] for r in rows if r["question"] == q]
        assert len(ids) == len(set(ids)) == case.rows, (q, len(ids), case.rows)  # every input row, once
    assert len(rows) == case.rows * len(case.questions)
    by = ["--by", "speciale", "--min-group", "1"] if "speciale" in columns else []
    for name, text in outputs(project, tmp_path, case, by).items():
        for secret in case.planted:
            assert secret not in text, (secret, name)
        for bad in case.absent:
            assert bad not in text, (bad, name)
        if name.endswith(".csv"):
            cells = [c for r in csv_rows(text) for c in r]
            assert not [c for c in cells if c.startswith(FORMULA_STARTS) and not _number(c) and c != "-"], name
        if name.endswith((".md", ".html")) or name == "--format md":
            assert not [tag for tag in case.markup if re.search(r"(?<!\\)" + re.escape(tag), text)], name  # \< is text
        if name.endswith(".md") or name == "--format md":
            assert re.search(r"(?<!\\)\]\(", text) is None and re.search(r"(?<!\\)<script", text) is None, name


def test_the_suite_is_big_enough() -> None:
    assert len(VALID) + len(BAD) >= 70
    assert len({c.id for c in VALID + BAD}) == len(VALID) + len(BAD)
