"""Files written safely: CSV cells never run as formulas, writes are atomic."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coder.errors import OutputError
from coder.files import csv_text, safe_cell, write_atomic


@pytest.mark.parametrize("value", ["=1+1", "+ flere oplæg", "- færre møder", "@alle: mere data", "\tfane", "\rcr"])
def test_csv_cells_that_could_start_a_formula_are_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value
    text = csv_text(["svar", "n"], [[value, 3]])
    assert text.startswith("\ufeff")
    header, line = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert header == ["svar", "n"] and line == ["'" + value.replace("\r", "\n"), "3"]  # a CR stays inside its cell


@pytest.mark.parametrize("value", ["Flere oplæg", "3 - 4 gange", "mail@x.dk", "", "-", "-1", "+3", "-0,5", "-1.000",
                                   "'hej", "1e-3"])
def test_ordinary_cells_are_left_alone(value: str) -> None:
    assert safe_cell(value) == value


def test_write_atomic_replaces_whole_files_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.txt"
    write_atomic(target, "først")
    write_atomic(target, b"bytes")
    assert target.read_bytes() == b"bytes"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    blocking = tmp_path / "afile"
    blocking.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"afile is a file, not a folder; choose another --out"):
        write_atomic(blocking / "sub" / "x.csv", "a")


def test_a_value_that_starts_with_an_apostrophe_before_a_formula_stays_apart_from_the_formula() -> None:
    """Ids '=1' and "'=1" were both written "'=1": two respondents made one (walk31)."""
    assert safe_cell("=1") == "'=1" and safe_cell("'=1") == "''=1" and safe_cell("-1+cmd") == "'-1+cmd"
