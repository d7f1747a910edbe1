"""Suppressed groups stay suppressed in the workbook's list of answers (the comments sheet)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from openpyxl import load_workbook

from coder.codebook import load_codebook
from coder.report import ReportOptions, assemble
from coder.report.render.xlsx import render_xlsx
from coder.store import Row
from coder.text import CODED

CODEBOOK = load_codebook(ROOT / "codebooks" / "klynger.yaml")
THEMES = ("indhold", "struktur", "social", "data")


def _row(respondent: str, speciale: str, region: str, question: str, k: int) -> Row:
    theme = THEMES[k % len(THEMES)]
    return Row(f"{respondent}::{question}", respondent, question, k, f"svar {k} om {theme}",
               {"speciale": speciale, "region": region}, CODED, None, theme, (theme,), 0.8, {theme: 0.8}, "model",
               (theme,))


def _rows(sizes: dict[str, dict[str, int]]) -> list[Row]:
    """sizes: question → speciale → answers; respondent R<g>-<i> (g: the speciale's place) answers each question
    that has an i-th answer for its speciale."""
    rows, k, place = [], 0, {}
    for question, groups in sizes.items():
        for speciale, n in groups.items():
            g = place.setdefault(speciale, len(place))
            for i in range(n):
                k += 1
                rows.append(_row(f"R{g}-{i}", speciale, f"Region {speciale}", question, k))
    return rows


def _sheet(rows: list[Row], tmp_path: Path, **options) -> list[dict[str, object]]:
    report = assemble(rows, CODEBOOK, sorted({r.question for r in rows}), ["speciale", "region"],
                      ReportOptions(**options))  # the rows' background columns: speciale and region
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_xlsx(report))
    wb = load_workbook(path)
    ws = wb["Kommentarer"] if "Kommentarer" in wb.sheetnames else wb["Comments"]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in line))) for line in ws.iter_rows(min_row=2)]


def test_a_suppressed_group_and_the_group_protecting_it_show_no_attributes(tmp_path: Path) -> None:
    # Radiologi (2 answers) is under --min-group 5; Psykiatri (6), the smallest shown, is suppressed to protect it
    rows = _rows({"q": {"Almen praksis": 10, "Radiologi": 2, "Psykiatri": 6}})
    lines = _sheet(rows, tmp_path, by=("speciale",))
    answers = [line for line in lines if line["Temaer"]]
    notes = [line["Id"] for line in lines if not line["Temaer"]]  # the notes below the answers, in column A
    assert len(answers) == 18
    hidden = [line for line in answers if not str(line["Id"]).startswith("R0-")]  # R1: Radiologi, R2: Psykiatri
    assert len(hidden) == 8 and all(line["speciale"] == "(skjult)" for line in hidden)
    assert all(line["speciale"] == "Almen praksis" for line in answers if str(line["Id"]).startswith("R0-"))
    assert "region" not in answers[0]  # not compared: not shown at all
    cells = {str(v) for line in lines for v in line.values() if v is not None}
    assert not [c for c in cells if "Radiologi" in c or "Psykiatri" in c]  # neither the group nor its region
    assert any("8 besvarelser kommer fra respondenter i en gruppe, der er skjult" in n and "(skjult)" in n
               for n in notes), notes


def test_a_group_suppressed_in_one_question_is_hidden_in_every_question(tmp_path: Path) -> None:
    """Radiologi is shown for q1 but not q2: its respondents' q1 lines would name them, and their ids link the lines."""
    rows = _rows({"q1": {"Almen praksis": 10, "Radiologi": 6, "Kirurgi": 6},
                  "q2": {"Almen praksis": 10, "Radiologi": 2, "Kirurgi": 6}})
    lines = [line for line in _sheet(rows, tmp_path, by=("speciale",)) if line["Temaer"]]
    radiologi = [line for line in lines if str(line["Id"]).startswith("R1-")]
    assert {line["Spørgsmål"] for line in radiologi} == {"q1", "q2"}
    assert all(line["speciale"] == "(skjult)" for line in radiologi)


def test_a_fact_sheet_leaves_out_the_groups_answers_where_it_is_suppressed(tmp_path: Path) -> None:
    rows = _rows({"q1": {"Almen praksis": 10, "Radiologi": 6}, "q2": {"Almen praksis": 10, "Radiologi": 2}})
    lines = _sheet(rows, tmp_path, by=("speciale",), group="Radiologi")
    answers = [line for line in lines if line["Temaer"]]
    assert {line["Spørgsmål"] for line in answers} == {"q1"} and len(answers) == 6
    notes = [line["Id"] for line in lines if not line["Temaer"]]
    assert "Besvarelserne fra Radiologi på q2 er udeladt: gruppen er skjult dér." in notes


def test_english_readers_read_hidden(tmp_path: Path) -> None:
    rows = _rows({"q": {"Almen praksis": 10, "Radiologi": 2, "Psykiatri": 6}})
    report = assemble(rows, CODEBOOK, ["q"], ["speciale", "region"], ReportOptions(by=("speciale",), locale="en"))
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_xlsx(report))
    ws = load_workbook(path)["Comments"]
    values = {c.value for line in ws.iter_rows(min_row=2) for c in line}
    assert "(hidden)" in values and "(skjult)" not in values
    assert any(isinstance(v, str) and v.startswith("8 answers come from respondents in a group suppressed")
               for v in values)


def test_without_suppressed_groups_the_compared_attribute_is_shown_and_no_other(tmp_path: Path) -> None:
    rows = _rows({"q": {"Almen praksis": 10, "Radiologi": 6}})
    sheet = _sheet(rows, tmp_path, by=("speciale",))
    lines = [line for line in sheet if line["Temaer"]]
    assert {line["speciale"] for line in lines} == {"Almen praksis", "Radiologi"}
    assert len(lines) == 16 and "region" not in lines[0]
    notes = [line["Id"] for line in sheet if not line["Temaer"]]
    said = "Respondenternes øvrige baggrundsoplysninger (region) står ikke i dette ark"
    assert any(n.startswith(said) for n in notes)


def test_a_report_that_compares_no_groups_names_no_respondents_group(tmp_path: Path) -> None:
    """Counting one speciale's rows in a report without --by gave back the shares that a --by speciale report
    suppresses, and a rare speciale × region pointed out single respondents."""
    rows = _rows({"q": {"Almen praksis": 10, "Radiologi": 2}})
    sheet = _sheet(rows, tmp_path)
    cells = {str(v) for line in sheet for v in line.values() if v is not None}
    assert not [c for c in cells if "Radiologi" in c or "Almen praksis" in c]
    assert "speciale" not in sheet[0] and "region" not in sheet[0]


def test_the_comments_sheet_says_it_is_a_working_sheet_and_a_small_groups_asks_for_a_read(tmp_path: Path) -> None:
    """A fact sheet's workbook listed all 7 answers of a group of 7 beside their ids with no word (walk30)."""
    rows = _rows({"kommentar": {"Radiologi": 7, "Psykiatri": 30}})
    report = assemble(rows, CODEBOOK, ["kommentar"], ["speciale", "region"],
                      ReportOptions(by=("speciale",), group="Radiologi"))
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_xlsx(report))
    cells = [str(c.value) for line in load_workbook(path)["Kommentarer"].iter_rows() for c in line if c.value]
    assert any(c.startswith("Et arbejdsark, ikke til offentliggørelse") for c in cells)
    assert any(c.startswith("Radiologi har højst 7 besvarelser") for c in cells), cells[-3:]
