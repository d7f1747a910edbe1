"""Reading a JSON array of objects, or JSON Lines, into a ``Table``: one object per answer, keys as columns."""

from __future__ import annotations

import json
import math
from pathlib import Path

from coder.decoding import decode_text
from coder.errors import InputError
from coder.io_xlsx import cell_text


def _integer(digits: str) -> int | str:
    """A JSON integer; one too long for Python to read as a number (over 4,300 digits) is kept as its digits."""
    return int(digits) if len(digits) <= 4000 else digits


def _decimal(digits: str) -> float | str:
    """A JSON number with a fraction or exponent; one beyond a float's range (1.5e400) is kept as written, where it
    would read as infinity, which is how a missing number is written (an empty answer)."""
    value = float(digits)
    return value if math.isfinite(value) else digits


def _loads(path: Path, text: str, line: int | None) -> object:
    """One JSON document: the whole file (``line`` None) or one line of JSON Lines."""
    try:
        return json.loads(text, parse_int=_integer, parse_float=_decimal)
    except json.JSONDecodeError as err:
        if line is None:
            raise InputError(f"{path}: not valid JSON at line {err.lineno} ({err.msg}); "
                             "give an array of objects or one JSON object per line",
                             danish=f"{path}: ugyldig JSON i linje {err.lineno} ({err.msg}); angiv en liste (array) "
                                    "af objekter eller ét JSON-objekt pr. linje") from None
        raise InputError(f"{path}: line {line} is not valid JSON ({err.msg}); one JSON object per line, "
                         "or an array of objects",
                         danish=f"{path}: linje {line} er ikke gyldig JSON ({err.msg}); ét JSON-objekt pr. linje "
                                "eller en liste (array) af objekter") from None
    except RecursionError:
        where, where_da = ("the JSON is", "JSON-dataene er") if line is None else (f"line {line} is",
                                                                                    f"linje {line} er")
        raise InputError(f"{path}: {where} nested too deeply; give one flat object per answer",
                         danish=f"{path}: {where_da} indlejret for dybt; angiv ét fladt objekt pr. "
                                "besvarelse") from None


def _records(path: Path, text: str) -> list[object]:
    """The objects of a JSON array, or of JSON Lines (one object per line)."""
    if text.lstrip().startswith("["):
        items = _loads(path, text, None)
        return items if isinstance(items, list) else [items]
    return [_loads(path, line, n) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def json_rows(path: Path, data: bytes, encoding: str | None) -> tuple[list[str], tuple[tuple[str, ...], ...], str,
                                                                     list]:
    """A JSON array of objects, or JSON Lines: one object per answer, keys as columns. Returns (columns, rows of
    text, the encoding used, the decoder's warnings)."""
    text, used, warnings = decode_text(data, path, encoding)
    records = _records(path, text)
    for n, rec in enumerate(records, start=1):
        if not isinstance(rec, dict):
            raise InputError(f"{path}: record {n} is not a JSON object ({type(rec).__name__}); "
                             "give one object per answer, e.g. {\"id\": 1, \"kommentar\": \"…\"}",
                             danish=f"{path}: post {n} er ikke et JSON-objekt ({type(rec).__name__}); angiv ét "
                                    "objekt pr. besvarelse, fx {\"id\": 1, \"kommentar\": \"…\"}")
    if not records:
        raise InputError(f"{path}: the file is empty; one JSON object per answer is expected",
                         danish=f"{path}: filen er tom; der forventes ét JSON-objekt pr. besvarelse")
    columns: list[str] = []
    for rec in records:
        columns.extend(k for k in rec if k not in columns)  # type: ignore[union-attr]
    body = tuple(tuple(_json_text(rec.get(c)) for c in columns) for rec in records)  # type: ignore[union-attr]
    return columns, body, used, warnings


def _json_text(value: object) -> str:
    """A JSON value as text, as JSON writes it: true/false, an object or list as JSON (not Python's repr), and a
    NaN or Infinity (Python's json writes them for missing numbers) as nothing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)
