"""Title lines above an export's header (a report's name, the export date) are no respondents: they are left
out with a warning naming them, in a CSV read whole or piece by piece and in a workbook; a file whose first line
is its header reads as before, and a value right of a workbook's last named column is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_xlsx import workbook, write

from coder.io import ReadOptions, make_batch, read_table
from coder.io_stream import scan_export

HEADER = ["id", "speciale", "svar"]
BODY = [[f"R{i}", "Almen", f"Svar nummer {i}, med komma"] for i in range(1, 13)]


def _csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines + [";".join(r) for r in [HEADER] + BODY]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("titles, header", [(["Klyngeundersøgelse 2025", "Udtræk 1. marts"], 3),
                                            (["Klyngeundersøgelse 2025", ""], 3), (["Klyngeundersøgelse 2025;;"], 2)])
def test_title_lines_above_a_csv_header_are_left_out_and_named(tmp_path: Path, titles: list[str], header: int) -> None:
    path = _csv(tmp_path, titles)
    for options in (ReadOptions(), ReadOptions(("svar",))):
        table = read_table(path, options)
        assert table.columns == tuple(HEADER) and table.delimiter == ";"
        assert [r[0] for r in table.rows] == [f"R{i}" for i in range(1, 13)]
        note = next(str(w) for w in table.warnings if "title" in str(w))
        assert "'Klyngeundersøgelse 2025'" in note and f"the header is line {header}" in note
        scan = scan_export(path, options)  # a large export, read piece by piece, reads the same
        assert scan.columns == tuple(HEADER) and scan.n_rows == 12
        assert any("'Klyngeundersøgelse 2025'" in str(w) for w in scan.warnings)
        assert [c.id for b in scan.batches(5) for c in b.comments] == [f"R{i}" for i in range(1, 13)]


def test_a_first_line_that_is_the_header_reads_as_before(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"  # a one-column file: answers with commas are no header below a title
    one.write_text("svar\n" + "\n".join(f'"Godt, men, for lang, nummer {i}"' for i in range(12)) + "\n",
                   encoding="utf-8")
    assert read_table(one).columns == ("svar",) and len(read_table(one).rows) == 12
    two = tmp_path / "two.csv"  # two named columns; a row below with three values is still a respondent
    two.write_text("id;svar\nR1;a;b;c\n" + "\n".join(f"R{i};svar {i}" for i in range(2, 9)) + "\n", encoding="utf-8")
    with pytest.raises(Exception, match="line 2 has 4 fields"):
        read_table(two)
    named = tmp_path / "named.csv"  # two names over three columns: the named open-ended column makes it the header
    named.write_text("\n".join(["id;svar;"] + [";".join(r) for r in BODY]) + "\n", encoding="utf-8")
    table = read_table(named, ReadOptions(("svar",)))
    assert table.columns == ("id", "svar", "column_3") and len(table.rows) == 12


def test_title_rows_above_a_workbook_header_are_left_out_and_named(tmp_path: Path) -> None:
    rows = [["Klyngeundersøgelse 2025"], [], ["Udtræk", "1. marts"], HEADER] + BODY
    table = read_table(write(tmp_path, workbook(rows)), ReadOptions(("svar",)))
    assert table.columns == tuple(HEADER) and len(table.rows) == 12
    note = next(w for w in table.warnings if "title" in str(w))
    assert "rows 1, 3" in str(note) and "the header is row 4" in str(note)
    assert "rækkerne 1, 3" in note.danish and "overskriftsrækken er række 4" in note.danish


def test_a_title_merged_across_the_columns_is_a_title(tmp_path: Path) -> None:
    rows = [["Klyngeundersøgelse 2025", None, None], HEADER] + BODY
    table = read_table(write(tmp_path, workbook(rows, merged=("A1:C1",))))
    assert table.columns == tuple(HEADER) and len(table.rows) == 12


def test_a_value_right_of_the_last_named_column_is_kept(tmp_path: Path) -> None:
    rows = [HEADER] + [r + (["ekstra"] if i == 3 else []) for i, r in enumerate(BODY)]
    table = read_table(write(tmp_path, workbook(rows)))
    assert table.columns == (*HEADER, "column_4")
    assert make_batch(table, ["svar"]).table.rows[3][3] == "ekstra"


def test_a_two_column_export_below_a_title_reads_when_its_open_column_is_named(tmp_path: Path) -> None:
    """'Klyngeevaluering' above 'id;forbedringer' gave 'line 9 has 2 fields but the header has 1' (walk22)."""
    path = tmp_path / "two.csv"
    path.write_text("Klyngeevaluering\nid;svar\n" + "\n".join(f"R{i};svar nummer {i}, med komma" for i in range(9))
                    + "\n", encoding="utf-8")
    table = read_table(path, ReadOptions(("svar",)))
    assert table.columns == ("id", "svar") and len(table.rows) == 9
    with pytest.raises(Exception, match=r"if the first line is a title above the header, name the open-ended "
                                        r"column \(-t\)"):
        read_table(path)  # unnamed, two values are no header below a title: the error says what to do



def test_a_mistyped_open_column_below_titles_is_named_among_the_real_columns(tmp_path: Path) -> None:
    """walk37: '-t Spørgsmål 7' (the start of the header) listed the title row as the file's columns, with no
    'did you mean'."""
    from coder.errors import InputError

    header = ["id", "speciale", "Spørgsmål 7: Hvad kunne gøre møderne bedre? (åbent svar)"]
    rows = [["Undersøgelse 2025 (SurveyXact)"], ["Eksporteret 1. marts"], header] + BODY
    for path in (write(tmp_path, workbook(rows)), _csv(tmp_path, ["Undersøgelse 2025 (SurveyXact)"])):
        named = header[2] if path.suffix == ".xlsx" else "svar"
        wanted = "Spørgsmål 7" if path.suffix == ".xlsx" else "sva"
        with pytest.raises(InputError) as caught:
            make_batch(read_table(path, ReadOptions((wanted,))), [wanted])
        said = caught.value.danish
        assert f"(mente du '{named}'?)" in said and "filens kolonner er: id, speciale" in said, said
