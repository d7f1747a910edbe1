"""Decode a text export: UTF-8 (with or without a BOM), UTF-16 with a BOM, Windows-1252, or a mix.

Excel and SurveyXact write Danish exports in UTF-8 or Windows-1252 (cp1252); files pasted
together from both are common. Such a file is decoded piece by piece (UTF-8 where the bytes are
UTF-8, cp1252 where they are not), and the lines holding cp1252 are named in a warning, so "oplæg"
never becomes "oplÃ¦g" in silence; a line that is neither is an error naming it.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from pathlib import Path
from typing import Sequence

from coder.errors import InputError, Notice

_CP1252 = "Windows-1252 (cp1252)"
_SAVE_AS = "save the file as CSV UTF-8 or pass --encoding"
_SAVE_AS_DA = "gem filen som CSV UTF-8 eller angiv --encoding"
_NEWLINE = re.compile(r"\r\n|\r|\n")
_MOJIBAKE = re.compile("Ã[¦¸¥†˜…©¤¶¼\u00a0]")  # "oplÃ¦g": UTF-8 read as Windows-1252 before it was saved


def line_numbers(numbers: Sequence[int], danish: bool = False) -> str:
    """Line numbers as a person reads them: 'line 4', 'lines 2-4, 9' (the first ten runs, then a count);
    Danish 'linje 4', 'linje 2-4, 9'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in runs[:10])
    rest = len(numbers) - sum(b - a + 1 for a, b in runs[:10])
    if danish:
        return f"linje {shown}" + (f" og {rest} til" if len(runs) > 10 else "")
    more = f" and {rest} more" if len(runs) > 10 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _other_encoding(encoding: str) -> str:
    """The encoding to suggest when a forced one fails: cp1252 after UTF-8, else UTF-8."""
    return "cp1252" if encoding.replace("-", "").replace("_", "").casefold() in ("utf8", "utf8sig") else "utf-8"


_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that are not UTF-8, after decoding with surrogateescape


def decode_text(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """The text of a survey export, the encoding used (``encoding`` forces one) and warnings about it."""
    if not encoding and data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return data.decode("utf-32"), "utf-32", ()
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: starts like UTF-32 but byte {err.start} is not; {_SAVE_AS}",
                             danish=f"{path}: begynder som UTF-32, men byte {err.start} er det ikke; "
                                    f"{_SAVE_AS_DA}") from None
    if not encoding and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", ()
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: starts like UTF-16 but byte {err.start} is not; {_SAVE_AS}",
                             danish=f"{path}: begynder som UTF-16, men byte {err.start} er det ikke; "
                                    f"{_SAVE_AS_DA}") from None
    decoder = BlockDecoder(path, encoding)  # the whole file as one piece
    text = decoder.feed(data)
    return (text, *decoder.finish())


class BlockDecoder:
    """An export decoded in pieces, each ending at a line break (``\\n``); ``decode_text`` feeds it one.

    ``feed`` returns each piece's text (the same characters the whole file decodes to); ``finish``
    gives the encoding used and the warnings, and raises what a bad file calls for. UTF-16 files are
    not for pieces (a byte ``\\n`` is no line break there): read them whole.
    """

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path, self.encoding = path, encoding
        self.first, self.bom, self.mixed, self.utf8 = True, False, False, False
        self.line, self.newlines, self.length, self.bad = 1, 0, 0, 0
        self.cp1252_lines: list[int] = []
        self.odd: list[int] = []
        self.undefined: tuple[int, int] | None = None  # (line, byte) of the first byte neither UTF-8 nor cp1252
        if encoding:
            try:
                "".encode(encoding)
            except LookupError:
                raise InputError(f"--encoding {encoding}: unknown encoding; use e.g. utf-8 or cp1252",
                                 danish=f"--encoding {encoding}: ukendt tegnkodning; brug fx utf-8 eller "
                                        "cp1252") from None

    def feed(self, data: bytes) -> str:
        """The text of the next piece of the file."""
        first, self.first = self.first, False
        if self.encoding:
            try:
                text = data.decode(self.encoding)
            except UnicodeDecodeError as err:
                line = self.newlines + data.count(b"\n", 0, err.start) + 1
                other = _other_encoding(self.encoding)
                raise InputError(f"{self.path}: cannot decode as {self.encoding} (line {line} is not); leave "
                                 f"--encoding out (coder finds it, mixed files too) or try --encoding {other}",
                                 danish=f"{self.path}: kan ikke læses som {self.encoding} (linje {line} er ikke "
                                        f"{self.encoding}); "
                                        "udelad --encoding (coder finder selv tegnkodningen, også i blandede "
                                        f"filer), eller prøv --encoding {other}") from None
            text = text.removeprefix("\ufeff") if first else text
            self.odd += [self.line + n for n, line in enumerate(_NEWLINE.split(text)) if _MOJIBAKE.search(line)]
        else:
            if first:
                head = data[:4096]
                if head.count(b"\x00") > 2:  # UTF-16 or binary data; one or two stray NULs are named by line
                    raise InputError(f"{self.path}: unreadable encoding (binary data or UTF-16 without a byte-order "
                                     f"mark); {_SAVE_AS}",
                                     danish=f"{self.path}: ulæselig tegnkodning (binære data eller UTF-16 uden "
                                            f"byte-order mark); {_SAVE_AS_DA}")
                self.bom = data.startswith(b"\xef\xbb\xbf")
                data = data[3:] if self.bom else data
            try:
                text = data.decode("utf-8")
                self.utf8 = self.utf8 or not text.isascii()
            except UnicodeDecodeError:
                text = self._mixed(data)
            self.odd += [self.line + n for n, line in enumerate(_NEWLINE.split(text)) if _MOJIBAKE.search(line)]
        self.line += len(_NEWLINE.findall(text))
        self.newlines += text.count("\n")
        self.length += len(text)
        return text

    def _mixed(self, data: bytes) -> str:
        self.mixed = True
        text = data.decode("utf-8", errors="surrogateescape")
        runs = list(_ESCAPED.finditer(text))
        breaks = [m.start() for m in _NEWLINE.finditer(text)]
        pieces, last = [], 0
        for m in runs:
            raw = bytes(ord(ch) - 0xDC00 for ch in m.group())
            try:
                fixed = raw.decode("cp1252")
            except UnicodeDecodeError as err:
                fixed = raw.decode("cp1252", errors="replace")
                if self.undefined is None:
                    self.undefined = (self.line + bisect_right(breaks, m.start()), raw[err.start])
            pieces += [text[last:m.start()], fixed]
            last = m.end()
            self.cp1252_lines.append(self.line + bisect_right(breaks, m.start()))
        self.utf8 = self.utf8 or any(ord(ch) > 127 for ch in _ESCAPED.sub("", text))
        text = "".join(pieces) + text[last:]
        self.bad += sum(ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n") for ch in text)
        return text

    def finish(self) -> tuple[str, tuple[str, ...]]:
        """(encoding used, warnings), once every piece was fed."""
        if self.encoding and self.odd and not codecs.lookup(self.encoding).name.startswith("utf"):
            # 'oplÃ¦g': the forced encoding read UTF-8 as Windows-1252 (forced UTF-8 finds such text in the source)
            raise InputError(f"{self.path}: --encoding {self.encoding} reads {line_numbers(self.odd)} as UTF-8 read "
                             f"wrongly (e.g. 'Ã¦' for 'æ'); leave --encoding out (coder finds it)",
                             danish=f"{self.path}: --encoding {self.encoding} læser {line_numbers(self.odd, True)} som "
                                    "UTF-8 læst forkert (fx 'Ã¦' for 'æ'); udelad --encoding (coder finder selv "
                                    "tegnkodningen)")
        if self.encoding:
            return self.encoding, ()
        warnings: tuple[Notice, ...] = ()
        used = "utf-8-sig" if self.bom else "utf-8"
        if self.mixed:
            if self.bad > max(2, self.length // 200):
                raise InputError(f"{self.path}: unreadable encoding (neither UTF-8 nor Windows-1252); {_SAVE_AS}",
                                 danish=f"{self.path}: ulæselig tegnkodning (hverken UTF-8 eller Windows-1252); "
                                        f"{_SAVE_AS_DA}")
            if self.undefined is not None:
                line, byte = self.undefined
                raise InputError(f"{self.path}: line {line} is neither UTF-8 nor {_CP1252} (byte 0x{byte:02x}); "
                                 f"{_SAVE_AS}",
                                 danish=f"{self.path}: linje {line} er hverken UTF-8 eller {_CP1252} (byte "
                                        f"0x{byte:02x}); {_SAVE_AS_DA}")
            if not self.utf8 and not self.bom:
                used = "cp1252"
            else:
                lines = sorted(set(self.cp1252_lines))
                said = "the rest is UTF-8" if self.utf8 else "the file starts with a UTF-8 byte-order mark"
                hold = "hold" if len(lines) > 1 else "holds"
                used = "utf-8+cp1252"
                said_da = "resten er UTF-8" if self.utf8 else "filen begynder med et UTF-8-byte order mark"
                warnings = (Notice(f"{self.path}: {line_numbers(lines)} {hold} characters that are not UTF-8 ({said}); "
                                   f"read them as {_CP1252}: check them, or {_SAVE_AS}",
                                   f"{self.path}: {line_numbers(lines, True)} har tegn der ikke er UTF-8 ({said_da}); "
                                   f"læst som {_CP1252}: tjek dem, eller {_SAVE_AS_DA}"),)
        if self.odd:
            look = "look" if len(self.odd) > 1 else "looks"
            warnings += (Notice(f"{self.path}: {line_numbers(self.odd)} {look} like UTF-8 that was once read as "
                                f"{_CP1252} (e.g. 'Ã¦' for 'æ'); check the source",
                                f"{self.path}: {line_numbers(self.odd, True)} ligner UTF-8 der engang er læst som "
                                f"{_CP1252} (fx 'Ã¦' for 'æ'); tjek kilden"),)
        return used, warnings
