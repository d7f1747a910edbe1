"""Excel workbooks read as Excel shows them: every row whatever the sheet's dimension tag says, formulas' saved
values, zero-padded ids, the sheet that was read named; damaged or mislabelled files are one line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from coder.errors import InputError
from coder.io import ReadOptions, read_table


def workbook(rows: list[list[object]], sheets: tuple[str, ...] = ("Svar",), formats: dict[str, str] = {},
             texts: tuple[str, ...] = (), merged: tuple[str, ...] = ()) -> bytes:
    """An .xlsx of ``rows`` on its first sheet; ``formats``: number formats by cell; ``texts``: cells whose value
    starting with '=' is text, not a formula; ``merged``: ranges merged as in Excel ('C2:C4')."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name).append(["note"])
    ws = book[sheets[0]]
    for r in rows:
        ws.append(r)
    for coordinate, number_format in formats.items():
        ws[coordinate].number_format = number_format
    for coordinate in texts:
        ws[coordinate].data_type = "s"
    for cells in merged:
        ws.merge_cells(cells)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def patched(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by ``change`` (bytes -> bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, change(body) if item.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "s.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ROWS = [["id", "svar"]] + [[f"R{i}", f"Svar nummer {i}"] for i in range(1, 31)]


def test_every_row_is_read_whatever_the_dimension_tag_says(tmp_path: Path) -> None:
    wrong = patched(workbook(ROWS), lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A5"', xml))
    with zipfile.ZipFile(io.BytesIO(wrong)) as z:
        assert b'<dimension ref="A1:A5"' in z.read("xl/worksheets/sheet1.xml")
    table = read_table(write(tmp_path, wrong))
    assert table.columns == ("id", "svar") and len(table.rows) == 30
    assert table.rows[-1] == ("R30", "Svar nummer 30")


def test_a_formula_reads_as_the_value_excel_saved_and_one_without_a_value_is_named(tmp_path: Path) -> None:
    rows = [["id", "svar", "kopi"], ["R1", "Flere cases", "=B2"], ["R2", "Bedre mødeledelse", "=B3"],
            ["R3", "=tekst der ligner en formel", ""]]
    data = workbook(rows, texts=("B4",))
    # Excel stores the value beside the formula; a program that never computed it leaves <v/> empty (C3)
    saved = patched(data, lambda xml: xml.replace(b"<f>B2</f><v />", b'<f>B2</f><v>Flere cases</v>', 1)
                    .replace(b'<c r="C2">', b'<c r="C2" t="str">', 1))
    table = read_table(write(tmp_path, saved))
    assert table.rows[0] == ("R1", "Flere cases", "Flere cases")
    assert table.rows[1] == ("R2", "Bedre mødeledelse", "=B3")  # no saved value: its formula, and a warning
    assert table.rows[2][1] == "=tekst der ligner en formel"  # text that starts with = is text
    notes = [n for n in table.warnings if "formula" in n]
    assert len(notes) == 1 and "1 formula cell(s)" in notes[0] and "C3: =B3" in notes[0]
    assert "åbn filen i Excel, og gem den" in notes[0].danish


def test_ids_keep_the_leading_zeros_their_number_format_shows(tmp_path: Path) -> None:
    rows = [["id", "svar"], [1, "Flere cases"], [12, "Mere data"], [7, "Kortere møder"]]
    data = workbook(rows, formats={"A2": "000", "A3": "000", "A4": "General"})
    table = read_table(write(tmp_path, data))
    assert [r[0] for r in table.rows] == ["001", "012", "7"]


def test_a_value_merged_over_rows_is_the_value_of_each_row_and_the_ranges_are_named(tmp_path: Path) -> None:
    rows = [["id", "svar", "speciale", ""], ["R1", "Flere cases", "Almen medicin"], ["R2", "Mere data", None],
            ["R3", "Kortere møder", None], ["R4", "Bedre mad", "Psykiatri"]]
    # C2:C4 one speciale for three respondents; B1:C1 a header merge, left alone; A5 alone is no merge
    data = workbook(rows, merged=("C2:C4", "C1:D1"))
    table = read_table(write(tmp_path, data))
    assert [r[2] for r in table.rows] == ["Almen medicin", "Almen medicin", "Almen medicin", "Psykiatri"]
    assert [r[1] for r in table.rows] == ["Flere cases", "Mere data", "Kortere møder", "Bedre mad"]
    assert table.columns[2] == "speciale"
    assert any("1 merged cell range(s) (C2:C4) were read as Excel shows them" in n for n in table.warnings)
    assert not read_table(write(tmp_path, workbook(rows), "plain.xlsx")).warnings


def test_the_first_of_several_sheets_is_named_when_none_was_chosen(tmp_path: Path) -> None:
    path = write(tmp_path, workbook(ROWS, sheets=("Svar", "Info")))
    table = read_table(path)
    assert len(table.rows) == 30
    assert any("read the first sheet, 'Svar' (the workbook has 2: Svar, Info)" in n for n in table.warnings)
    assert not read_table(path, ReadOptions(sheet="Svar")).warnings  # chosen: nothing to say


def test_a_column_missing_from_the_first_of_several_sheets_names_the_sheets(tmp_path: Path) -> None:
    """A cover sheet in front: 'column not found; the file's columns are: Klyngeundersøgelsen 2026' said nothing of
    the sheet read or the others."""
    from coder.io import make_batch

    path = write(tmp_path, workbook([["Klyngeundersøgelsen 2026"], ["Udsendt i marts"]], sheets=("Forside", "Data")))
    with pytest.raises(InputError) as err:
        make_batch(read_table(path), ["svar"])
    assert "column 'svar' not found" in str(err.value)
    assert "read the first sheet, 'Forside' (the workbook has 2: Forside, Data); choose another with --sheet" in str(
        err.value)
    assert "læste det første ark, 'Forside'" in err.value.danish


def test_a_hidden_cover_sheet_is_passed_over_and_a_sheet_without_answers_names_the_others(tmp_path: Path) -> None:
    """A hidden first sheet, or a one-line cover sheet, gave 'no data rows under the header; export the survey with
    its answers', naming neither the sheet nor --sheet (walk15)."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title, cover.sheet_state = "Forside", "hidden"
    cover.append(["Klyngeundersøgelsen 2026"])
    data = book.create_sheet("Data")
    for r in ROWS:
        data.append(r)
    book.save(tmp_path / "hidden.xlsx")
    table = read_table(tmp_path / "hidden.xlsx")
    assert len(table.rows) == len(ROWS) - 1
    assert any("read the first sheet, 'Data' (the workbook has 2: Forside, Data; the 1 before it hidden)" in n
               for n in table.warnings)
    cover.sheet_state = "visible"
    book.save(tmp_path / "cover.xlsx")
    with pytest.raises(InputError) as err:
        read_table(tmp_path / "cover.xlsx")
    assert "arket 'Forside' har ingen rækker under overskriften (filens andre ark: Data); vælg det med " \
           "besvarelserne med --sheet" in err.value.danish


@pytest.mark.parametrize("name,data,message", [
    ("damaged sheet", lambda: patched(workbook(ROWS), lambda xml: xml[: len(xml) // 2]),
     r"not a readable XLSX file \(\w+\); save it again from Excel as \.xlsx"),
    ("sheet missing from the zip", lambda: _without_sheet(workbook(ROWS)),
     r"the workbook has no sheets; save it again from Excel as \.xlsx"),
    ("a CSV named .xlsx", lambda: b"id;svar\nR1;Flere cases\n", r"this is a text file \(CSV\?\), not an Excel"),
    ("password-protected", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
     r"a password-protected workbook or an old Excel \.xls file; remove the password"),
    ("OpenDocument named .xlsx", lambda: _ods(), r"an OpenDocument spreadsheet \(\.ods\) is not supported"),
])
def test_a_damaged_or_mislabelled_workbook_is_one_line(tmp_path: Path, name: str, data, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        read_table(write(tmp_path, data()))
    assert "\n" not in str(err.value)


def test_an_opendocument_spreadsheet_says_what_it_is_under_its_own_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"an OpenDocument spreadsheet \(\.ods\) is not supported") as err:
        read_table(write(tmp_path, _ods(), "s.ods"))
    assert "OpenDocument-regneark (.ods) understøttes ikke" in err.value.danish and "Excel-fil" not in err.value.danish


def _without_sheet(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_a_chart_sheet_in_front_is_passed_over(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    ws = book.active
    ws.title = "Svar"
    for r in ROWS[:4]:
        ws.append(r)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=4))
    book.create_chartsheet("Figur", 0).add_chart(chart)
    buf = io.BytesIO()
    book.save(buf)
    table = read_table(write(tmp_path, buf.getvalue()))
    assert table.columns == ("id", "svar") and len(table.rows) == 3 and not table.warnings
