from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

from coder.errors import InputError
from coder.io import ReadOptions, guess_text_columns, make_batch, read_table

EXPECTED_HEADER = ("id", "speciale", "region", "kommentar", "andre_kommentarer")


@pytest.mark.parametrize("name,encoding,delimiter", [
    ("survey_semicolon_cp1252.csv", "cp1252", ";"),
    ("survey_comma_utf8bom.csv", "utf-8-sig", ","),
    ("survey_tab_utf8.tsv", "utf-8", "\t"),
    ("survey.xlsx", "xlsx", None),
    ("survey.jsonl", "utf-8", None),
])
def test_every_format_reads_the_same_rows(name: str, encoding: str, delimiter: str | None) -> None:
    table = read_table(DATA / name)
    assert table.columns == EXPECTED_HEADER
    assert table.encoding == encoding
    assert table.delimiter == delimiter
    assert len(table.rows) == 7
    assert table.rows[4][1] == "Psykiatri"
    assert table.rows[5][2] == "Sjælland"  # æøå survive every encoding
    assert table.rows[6][1] == "Børne- og ungdomspsykiatri"
    assert table.rows[2][3] == ""  # an empty answer stays a row


def test_xlsx_sheet_by_name_and_missing_sheet() -> None:
    assert read_table(DATA / "survey.xlsx", ReadOptions(sheet="Besvarelser")).columns == EXPECTED_HEADER
    with pytest.raises(InputError, match="no data rows below the header"):
        read_table(DATA / "survey.xlsx", ReadOptions(sheet="Info"))
    with pytest.raises(InputError, match=r"sheet 'Svar' not found; available: Besvarelser, Info"):
        read_table(DATA / "survey.xlsx", ReadOptions(sheet="Svar"))


def test_batch_keeps_attributes_and_every_row() -> None:
    batch = make_batch(read_table(DATA / "survey_semicolon_cp1252.csv"), ["kommentar", "andre_kommentarer"], "id")
    assert batch.ids[:2] == ("A1", "A2")
    assert batch.attribute_columns == ("speciale", "region")
    assert len(batch.comments) == 14
    assert batch.attributes(5) == {"speciale": "Psykiatri", "region": "Sjælland"}
    assert [c.question for c in batch.comments[:2]] == ["kommentar", "andre_kommentarer"]


def test_row_numbers_when_no_id_column() -> None:
    batch = make_batch(read_table(DATA / "survey.jsonl"), ["kommentar"])
    assert batch.ids == tuple(str(i) for i in range(1, 8))
    assert "id" in batch.attribute_columns


def test_duplicate_ids_are_an_error() -> None:
    with pytest.raises(InputError, match=r"duplicate ids in column 'id': A2; ids must be unique"):
        make_batch(read_table(DATA / "survey_duplicate_ids.csv"), ["kommentar"], "id")


def test_missing_column_lists_the_available_ones() -> None:
    table = read_table(DATA / "survey_semicolon_cp1252.csv")
    with pytest.raises(InputError) as err:
        make_batch(table, ["Kommentar"], "id")
    assert str(err.value) == ("column 'Kommentar' not found (did you mean 'kommentar'?); available: id, speciale, "
                              "region, kommentar, andre_kommentarer (set it with --text-col)")


def test_guess_text_columns_finds_the_free_text() -> None:
    assert guess_text_columns(read_table(DATA / "survey_semicolon_cp1252.csv"), exclude=["id"]) == [
        "kommentar", "andre_kommentarer"]


def test_quoted_semicolons_and_newlines_survive(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id;tekst\n1;"Et svar; med semikolon\nog linjeskift"\n2;kort\n', encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == ";"
    assert table.rows[0][1] == "Et svar; med semikolon\nog linjeskift"


def test_forced_encoding_that_does_not_fit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot decode as ascii"):
        read_table(DATA / "survey_tab_utf8.tsv", ReadOptions(encoding="ascii"))
