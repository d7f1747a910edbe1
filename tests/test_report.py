"""coder report: intervals, group suppression and differences, fact sheets, quotes, formats, spreadsheet safety."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA, ROOT, FakeEmbedder
from openpyxl import load_workbook
from typer.testing import CliRunner

from coder.cli import app
from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.report import ReportOptions, assemble
from coder.report.groups import DOWN, UNKNOWN, UP, mark, protected_values, shown_difference
from coder.report.quotes import jaccard, pick_quotes, words
from coder.report.render import render, write_report
from coder.report.render.csv_table import render_csv
from coder.report.render.json_doc import render_json
from coder.report.render.md import render_md
from coder.report.render.xlsx import put, render_xlsx
from coder.report.tables import wilson
from coder.store import Row
from coder.text import CODED, EMPTY, NON_ANSWER
from coder.wording import Wording

CODEBOOK = load_codebook(ROOT / "codebooks" / "klynger.yaml")
_counter = iter(range(1, 100_000))


def row(group: str | None, primary: str | None, text: str = "et svar med nogle ord", *, status: str = CODED,
        themes: tuple[str, ...] | None = None, conf: float = 0.8, source: str = "model", question: str = "q",
        respondent: str | None = None, typicality: float | None = None) -> Row:
    i = next(_counter)
    attributes = {} if group is None else {"speciale": group}
    label = themes if themes is not None else ((primary,) if primary else ())
    return Row(f"c{i}", respondent or f"R{i}", question, i, text, attributes, status, None, primary, label,
               conf if primary else None, {primary: conf} if primary else {}, source if primary else "", label,
               typicality=typicality)


def report_of(rows: list[Row], **options):
    return assemble(rows, CODEBOOK, ["q"], ["speciale"], ReportOptions(**options))


# --- arithmetic -------------------------------------------------------------------

def test_wilson_interval_matches_hand_computed_values() -> None:
    # 8/14: centre (p + z²/2n)/(1 + z²/n) = 0.5560, half-width 0.2301 (z = 1.96)
    assert wilson(8, 14) == pytest.approx((0.3259, 0.7862), abs=1e-4)
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)  # the "rule of three"-like upper bound
    assert wilson(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    assert wilson(0, 0) == (0.0, 0.0)


def test_difference_is_marked_only_when_the_groups_interval_excludes_the_national_share() -> None:
    assert mark(8, 14, 65.7) == ""  # 57.1 % (32.6–78.6) against 65.7 %: no mark
    assert mark(1, 20, 50.0) == DOWN  # 5 % (0.9–23.6)
    assert mark(19, 20, 50.0) == UP
    assert mark(0, 0, 50.0) == ""


def _grouped_rows() -> list[Row]:
    rows = [row("A", "indhold") for _ in range(4)] + [row("A", "struktur") for _ in range(6)]
    rows += [row("A", None, "ved ikke", status=NON_ANSWER)]  # not in any denominator
    rows += [row("B", "indhold", f"B svar nummer {k} om indhold") for k in range(4)]
    rows += [row(None, "data"), row("", "data")]
    return rows


def test_a_groups_difference_subtracts_as_its_shares_are_shown() -> None:
    # shares with many digits: the difference shown must be the difference of the two shares shown
    rows = []
    for g, (k, n) in {"A": (3, 11), "B": (4, 13), "C": (5, 17), "D": (2, 9), "E": (7, 19)}.items():
        rows += [row(g, "indhold") for _ in range(k)] + [row(g, "struktur") for _ in range(n - k)]
    (comparison,) = report_of(rows, by=("speciale",)).comparisons
    da = Wording("da")
    shown = lambda x: float(da.num(x).replace(",", ".").replace("\u2212", "-"))  # noqa: E731
    lines = [x for g in comparison.groups for x in g.lines]
    assert len(lines) == 5 * len(comparison.national.lines)
    assert all(x.diff == pytest.approx(shown(x.percent) - shown(x.national)) for x in lines)
    # the case that made this rule: the unrounded difference rounds to another digit than the one shown
    assert any(shown(x.percent - x.national) != shown(x.diff) for x in lines)
    assert shown_difference(27.349, 25.149) == pytest.approx(2.2)  # 27,3 − 25,1, not 2,1 from 2.200 − 0.000…


def test_groups_differences_and_suppression() -> None:
    report = report_of(_grouped_rows(), by=("speciale",))
    (comparison,) = report.comparisons
    national = {x.theme: x for x in comparison.national.lines}
    assert comparison.national.denominator == 16
    assert national["indhold"].percent == pytest.approx(50.0)  # 8 of 16
    a, b, unknown = comparison.groups
    assert (a.value, a.denominator, a.suppressed) == ("A", 10, False)
    lines = {x.theme: x for x in a.lines}
    assert lines["indhold"].percent == pytest.approx(40.0)
    assert lines["indhold"].diff == pytest.approx(-10.0)
    assert lines["struktur"].diff == pytest.approx(60.0 - 37.5)
    assert lines["struktur"].marker == ""  # 60 % (31.3–83.2) contains 37.5 %
    assert (b.value, b.denominator, b.suppressed, b.lines) == ("B", 4, True, ())
    assert (unknown.value, unknown.denominator, unknown.suppressed) == (UNKNOWN, 2, True)
    md = render_md(report)
    assert "| B | 4 | – | – | – | – | – | – |" in md
    assert f"| {UNKNOWN} | 2 | – |" in md
    doc = json.loads(render_json(report))
    assert doc["comparisons"][0]["groups"][1] == {"value": "B", "denominator": 4, "suppressed": True, "protects": False,
                                                  "themes": None}
    assert "100.0" not in md.split("| B |")[1].splitlines()[0]
    # walk23: tables of 60–78 lines had 2–3 markers by chance alone; the report says how many chance can give
    marked, shown = comparison.marks
    assert shown == len(a.lines) and marked == sum(bool(x.marker) for x in a.lines)
    assert f"{marked} af de {shown} gruppelinjer er markeret ▲/▼" in md and "ikke som et fund" in md


def test_a_group_value_is_read_as_a_person_reads_it() -> None:
    """'Almen  medicin', ' Almen medicin' and one with a control character from a broken export are one group."""
    rows = [row(g, "indhold") for g in ("Almen medicin", "Almen  medicin ", "Almen\x0bmedicin", "Psykiatri", "")]
    report = report_of(rows, by=("speciale",), min_group=1)
    assert [(g.value, g.denominator) for g in report.comparisons[0].groups] == [
        ("Almen medicin", 3), ("Psykiatri", 1), (UNKNOWN, 1)]


def test_the_group_of_empty_values_is_named_in_the_reports_language() -> None:
    rows = [row(g, "indhold") for g in ("A", "A", "")]
    english = report_of(rows, by=("speciale",), min_group=1, locale="en")
    assert [g.value for g in english.comparisons[0].groups] == ["A", "(unknown)"]
    assert "(ukendt)" not in render_md(english) and "Empty values are grouped as (unknown)" in render_md(english)
    assert [g.value for g in report_of(rows, by=("speciale",), min_group=1).comparisons[0].groups] == ["A", UNKNOWN]
    # walk29: '--group "(unknown)"', as the English tables name the group, was refused
    (sheet,) = report_of(rows, by=("speciale",), group="(unknown)", min_group=1, locale="en").sheets
    assert sheet.group.denominator == 1


def test_groups_are_suppressed_until_the_hidden_answers_cannot_be_worked_out() -> None:
    # one small group: the total minus the groups shown would give its counts, so the smallest shown joins it
    assert protected_values({"A": 10, "B": 20, "C": 3}) == {"A"}
    assert protected_values({"A": 6, "B": 6, "C": 1}) == {"A"}  # a tie: the first in the column's order
    assert protected_values({"A": 10, "B": 2, "C": 2, "D": 30}) == {"A"}  # 4 hidden answers are still too few
    assert protected_values({"A": 10, "B": 3, "C": 4}) == set()  # 7 hidden answers together: enough
    assert protected_values({"A": 10, "B": 0}) == set()  # a group without answers gives nothing away
    assert protected_values({"A": 3}) == set() and protected_values({}) == set()
    assert protected_values({"A": 10, "B": 3}, min_group=3) == set()


def test_a_lone_small_group_takes_the_next_smallest_group_with_it() -> None:
    rows = [row("Almen", "indhold") for _ in range(12)] + [row("Almen", "data") for _ in range(8)]
    rows += [row("Kirurgi", "struktur") for _ in range(6)] + [row("Kirurgi", "indhold") for _ in range(4)]
    rows += [row("Øjne", "data", f"svar {k} om data fra øjenlæger") for k in range(2)]
    report = report_of(rows, by=("speciale",), locale="da")
    almen, kirurgi, ojne = report.comparisons[0].groups
    assert not almen.suppressed and almen.lines
    assert (kirurgi.suppressed, kirurgi.protects, kirurgi.lines) == (True, True, ())
    assert (ojne.suppressed, ojne.protects) == (True, False)
    # what a reader can subtract (all answers minus the groups shown) now mixes 12 answers of two groups
    assert sum(g.denominator for g in report.comparisons[0].groups if g.suppressed) >= 5
    md = render_md(report)
    assert "| Kirurgi | 10 | – |" in md and "skjules også de mindste af de viste grupper" in md
    # walk27: which groups are hidden, and why, was said only inside the chart image
    text = " ".join(md.split())  # as written: walk37 read "n &lt; 5" in report.md
    assert "Skjult (n < 5): Øjne (n = 2). Skjult for at beskytte en mindre gruppe: Kirurgi (n = 10)." in text
    # and a fact sheet said nowhere that no person had checked the model's codes
    (sheet,) = report_of(rows, by=("speciale",), group="Almen", locale="da").sheets
    sheet_md = " ".join(render_md(report_of(rows, by=("speciale",), group="Almen", locale="da")).split())
    assert "Ingen person har kontrolleret kodningen" in sheet_md and sheet.national.model_confidence is not None
    assert "Blandt alle besvarelser: Ingen person" in sheet_md  # walk40: it read as the group's own count
    doc = json.loads(render_json(report))
    assert doc["comparisons"][0]["groups"][1] == {"value": "Kirurgi", "denominator": 10, "suppressed": True,
                                                  "protects": True, "themes": None}
    rows_csv = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert {r["suppressed"] for r in rows_csv if r["group"] == "Kirurgi"} == {"1"}
    assert {r["n"] for r in rows_csv if r["group"] == "Kirurgi"} == {""}
    # the fact sheet of the protecting group says why it shows nothing, and gives no quotes
    (sheet,) = report_of(rows, by=("speciale",), group="Kirurgi").sheets
    assert sheet.group.protects and sheet.paragraphs == ()
    assert "en mindre gruppe under mindstegrænsen på 5 kunne ellers regnes ud" in sheet.intro
    (big,) = report_of(rows, by=("speciale",), group="Almen").sheets
    assert not big.group.suppressed and big.paragraphs


def test_a_group_table_too_wide_for_the_terminal_puts_theme_ids_over_its_columns() -> None:
    from rich.console import Console

    from coder.report.render.terminal import print_report

    rows = [row("Børne- og ungdomspsykiatri", t) for t in ("indhold", "struktur", "social", "data", "kritik")
            for _ in range(3)] + [row("Almen", "andet") for _ in range(6)]
    report = report_of(rows, by=("speciale",), locale="da")

    def screen(width: int) -> str:
        console = Console(width=width, record=True, file=io.StringIO())
        print_report(console, report, quotes=0)
        return console.export_text()

    narrow, wide = screen(80), screen(400)
    table = narrow[narrow.index("fordelt på"):]
    assert all(len(line) <= 80 for line in narrow.splitlines())
    grids = [part[part.index("┏"):part.index("└")] for part in table.split("┏")[1:] for part in ["┏" + part]]
    grid = "".join(grids)
    assert "indhold" in grid and "struktur" in grid and "Fagligt" not in grid
    # no word of a group cut ('ungdomspsyki/atri', walk24): the table comes in parts where it would be
    assert all("ungdomspsykiatri" in g for g in grids)
    legend = " ".join(table.split())  # below the table: what each id stands for
    assert "indhold = Fagligt indhold og cases" in legend and "struktur = Struktur, mødeledelse og opfølgning" in legend
    middle = screen(100)
    # the group's longest word kept whole where there is room
    assert "ungdomspsykiatri" in middle[middle.index("fordelt på"):].split("└")[0]
    assert "Fagligt indhold og cases" in wide[wide.index("fordelt på"):] and "indhold = Fagligt" not in wide

    # a fact sheet's nine columns at 80: every share and interval whole (they were folded into "11,8–4" / "8,8")
    sheet = report_of(rows, by=("speciale",), group="Almen", locale="da")
    console = Console(width=80, record=True, file=io.StringIO())
    print_report(console, sheet, quotes=0)
    shown = console.export_text()
    numbers = set(re.findall(r"\d+,\d–\d+,\d|\d+,\d", render_md(sheet)))
    assert numbers and all(n in shown for n in numbers)
    # its headers whole: the two mentions columns (in the paragraphs too) give way, and a line says so
    grid = shown[shown.index("┏"):shown.index("└")]
    assert "Forskel" in grid and "Nævnt" not in grid
    assert "Udeladt i denne skærmbredde: Nævnt % (Almen), Nævnt % (Alle)" in " ".join(shown.split())
    console = Console(width=200, record=True, file=io.StringIO())
    print_report(console, sheet, quotes=0)
    assert "Nævnt % (Almen)" in console.export_text() and "Udeladt" not in console.export_text()


def test_a_group_table_whose_numbers_fill_the_screen_is_shown_in_parts() -> None:
    """Eight themes of signed differences at 80 columns left the group column one letter wide: every department's
    name ran down the screen a letter a line (walk11). The table now comes in parts, each with group and n."""
    from rich.console import Console

    from coder.report.render.terminal import print_report

    themes = ("indhold", "struktur", "social", "data", "kritik")
    groups = ("Gynækologisk-obstetrisk afdeling", "Mave- og tarmkirurgisk afdeling", "Urologisk afdeling")
    rows = [row(g, t, f"svar om {t} fra {g} nr {i}") for g in groups for i, t in enumerate(themes * 3)]
    rows += [row("Medicinsk afdeling", "andet", f"andet svar {i}") for i in range(12)]
    report = report_of(rows, by=("speciale",), locale="da")
    console = Console(width=66, record=True, file=io.StringIO())  # six themes at 66 as eight at 80
    print_report(console, report, quotes=0)
    table = console.export_text()
    table = table[table.index("fordelt på"):]
    assert all(len(line) <= 66 for line in table.splitlines())
    assert table.count("┏") >= 2 and table.count("│ Urologisk") == table.count("┏")  # each part, each group
    assert not re.search(r"^│ \S │", table, re.MULTILINE)  # no cell of the group column is one letter wide
    for theme in themes:
        assert theme in table


def test_at_40_columns_no_number_or_interval_is_cut() -> None:
    """walk24: '23,1–32,' over '1' read as an interval to 32."""
    from rich.console import Console

    from coder.report.layout import theme_table
    from coder.report.render.terminal import print_blocks

    w = Wording("da")
    (table,) = report_of([row(None, t) for t in ("indhold", "struktur", "social", "data", "kritik")] * 110).tables
    console = Console(width=40, record=True, file=io.StringIO())
    print_blocks(console, [theme_table(table, w, False)], w)
    shown = console.export_text()
    assert all(len(line) <= 40 for line in shown.splitlines())
    for line in table.lines:
        assert w.ci(line.ci_low, line.ci_high) in shown and w.num(line.percent) in shown


def test_a_theme_table_with_corrected_shares_at_80_columns_cuts_no_theme_word() -> None:
    """With the corrected columns, 'Struktur, mødeledelse og opfølgning' ran down the screen as 'mødeledel', 'se og',
    'opfølgnin', 'g' (walk16). The table comes in parts instead, each share beside its interval."""
    from rich.console import Console

    from coder.report.layout import theme_table
    from coder.report.render.terminal import print_blocks

    w = Wording("da")
    (table,) = report_of([row(None, t) for t in ("indhold", "struktur", "social", "data", "kritik")]).tables
    lines = tuple(replace(x, corrected=12.3, corrected_low=5.0, corrected_high=22.0) for x in table.lines)
    console = Console(width=80, record=True, file=io.StringIO())
    print_blocks(console, [theme_table(replace(table, lines=lines), w, True)], w)
    shown = console.export_text()
    words = {word.strip(",") for line in table.lines for word in line.label.split()}
    cells = {c.strip(",") for line in shown.splitlines() for c in re.split(r"[│┃ ]+", line) if c}
    assert words <= cells  # every word of every theme whole
    parts = shown.split("┏")[1:]
    assert len(parts) == 2 and all(len(line) <= 80 for line in shown.splitlines())
    assert "Korrigeret" in parts[0] and "Nævnt n" in parts[1] and "Nævnt %" in parts[1]


def test_a_report_says_how_many_codes_the_model_itself_expects_right() -> None:
    """With no audit, nothing told a reader that a third of the codes may be wrong (walk12): the report says whether
    a person checked any, and the model's own expectation from its confidence, as an estimate."""
    rows = [row(None, "data", f"data svar {i}", conf=0.8) for i in range(3)] + [row(None, "social", "social svar",
                                                                                    conf=0.4)]
    md = render(report_of(rows, locale="da"), "md")["report.md"]
    said = "Ingen person har kontrolleret kodningen: efter modellens egen sikkerhed har den ramt det primære tema "
    assert said + "for ca. 70 % af besvarelserne (et skøn, ikke en måling)." in md
    rows.append(row(None, "kritik", "kritik svar", conf=0.1, source="human"))
    md = render(report_of(rows, locale="da"), "md")["report.md"]
    assert "1 besvarelse er kodet af en person; for resten har modellen efter egen sikkerhed ramt det primære tema " \
           "for ca. 70 %" in md


def test_a_question_nobody_answered_has_no_shares_not_zero_percent() -> None:
    from coder.report.render.charts import report_charts

    rows = [row("A", None, "", status=EMPTY) for _ in range(4)] + [row("B", None, "ved ikke", status=NON_ANSWER)]
    report = report_of(rows, by=("speciale",), locale="da")
    (table,) = report.tables
    assert table.denominator == 0
    assert all(x.percent is None and x.ci_low is None and x.mentions_percent is None for x in table.lines)
    md = render_md(report)
    assert "Ingen besvarelser med indhold på dette spørgsmål (1 ikke-svar og 4 tomme), så ingen andele" in md
    assert "| Fagligt indhold og cases | 0 | – | – | 0 | – |" in md and "0,0" not in md
    doc = json.loads(render_json(report))
    first = doc["questions"][0]["themes"][0]
    assert first["percent"] is None and first["ci"] == [None, None]
    lines = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert {r["percent"] for r in lines if not r["group"]} == {""}
    assert report_charts(report) == {}  # nothing to draw, and no comparison of groups that have no answers


def test_the_csvs_count_the_answers_left_out_of_the_denominator() -> None:
    from coder.report.exports import themes_csv

    rows = [row("A", "indhold", "Mere faglighed"), row("B", None, "", status=EMPTY),
            row("C", None, "ved ikke", status=NON_ANSWER), row("D", None, "nej", status=NON_ANSWER)]
    report = report_of(rows, by=("speciale",), locale="da")
    lines = list(csv.DictReader(io.StringIO(themes_csv(report.tables))))
    assert {(r["denominator"], r["non_answers"], r["empty"]) for r in lines} == {("1", "2", "1")}
    long = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert {(r["non_answers"], r["empty"]) for r in long if not r["group"]} == {("2", "1")}
    assert {(r["non_answers"], r["empty"]) for r in long if r["group"]} == {("", "")}  # no group's counts


def test_themes_csv_and_report_csv_write_a_share_the_same_way() -> None:
    from coder.report.exports import themes_csv

    rows = [row(str(i), "indhold" if i < 5 else "struktur", f"svar {i}") for i in range(51)]  # 5 of 51: 9.80…%
    report = report_of(rows, locale="da")
    short = {r["theme"]: r for r in csv.DictReader(io.StringIO(themes_csv(report.tables)))}
    long = {r["theme"]: r for r in csv.DictReader(io.StringIO(render_csv(report))) if not r["group"]}
    assert short["indhold"]["percent"] == "9.8"  # two decimals at most, no trailing zero
    for theme, line in short.items():
        assert [line[c] for c in ("percent", "ci_low", "ci_high", "mentions_percent")] == \
               [long[theme][c] for c in ("percent", "ci_low", "ci_high", "mentions_percent")]


def test_one_empty_answer_is_tom_not_tomme() -> None:
    rows = [row("A", "indhold", "Mere faglighed"), row("B", None, "", status=EMPTY)]
    md = render_md(report_of(rows, locale="da"))
    assert "desuden 0 ikke-svar og 1 tom." in md and "1 tomme" not in md
    rows.append(row("C", None, "", status=EMPTY))
    assert "desuden 0 ikke-svar og 2 tomme." in render_md(report_of(rows, locale="da"))


def test_the_codebooks_question_wording_heads_the_tables_and_fact_sheets() -> None:
    from coder.report.render.charts import report_charts

    worded = CODEBOOK.model_copy(update={"questions": {"q": "Hvad kunne gøre klyngemøderne bedre?"}})
    assert CODEBOOK.fingerprint() == load_codebook(ROOT / "codebooks" / "klynger.yaml").fingerprint()
    assert worded.fingerprint() != CODEBOOK.fingerprint()  # a wording is part of the version
    rows = [row("A", "indhold") for _ in range(6)] + [row("B", "data") for _ in range(6)]
    report = assemble(rows, worded, ["q"], ["speciale"], ReportOptions(by=("speciale",), locale="da"))
    md = render_md(report)
    assert "## Hvad kunne gøre klyngemøderne bedre?" in md and "\n## q\n" not in md
    assert "### Hvad kunne gøre klyngemøderne bedre? fordelt på speciale" in md
    assert set(report_charts(report)) == {"chart-q.png", "chart-q-speciale.png"}  # file names keep the column
    sheet = assemble(rows, worded, ["q"], ["speciale"], ReportOptions(by=("speciale",), group="A", locale="da"))
    assert "»Hvad kunne gøre klyngemøderne bedre?«" in sheet.sheets[0].intro
    plain = render_md(report_of(rows, by=("speciale",), locale="da"))
    assert "\n## q\n" in plain  # without a wording the column names the question


def test_min_group_sets_the_threshold() -> None:
    (comparison,) = report_of(_grouped_rows(), by=("speciale",), min_group=2).comparisons
    b = comparison.groups[1]
    assert not b.suppressed and b.lines[0].percent == pytest.approx(100.0)
    assert b.lines[0].diff == pytest.approx(50.0) and b.lines[0].marker == UP  # 100 % (51.0–100) excludes 50 %


def test_fact_sheet_in_the_seeds_style() -> None:
    rows = [row("Radiologi", "indhold") for _ in range(4)] + [row("Radiologi", "struktur") for _ in range(3)]
    rows += [row("Andre", "indhold") for _ in range(19)] + [row("Andre", "struktur") for _ in range(9)]
    rows += [row("Radiologi", None, "ved ikke", status=NON_ANSWER)]  # in the data, not in the denominator
    report = report_of(rows, by=("speciale",), group="radiologi", locale="da")
    (sheet,) = report.sheets
    assert sheet.group.value == "Radiologi"
    paragraph = sheet.paragraphs[0]
    assert paragraph.startswith("57,1 % af besvarelserne fra Radiologi (4 af 7) har »Fagligt indhold og cases«")
    assert "under andelen blandt alle besvarelser på 65,7 %" in paragraph and "8,6 procentpoint" in paragraph
    md = render_md(report)
    assert "| Fagligt indhold og cases | 4 | 57,1 | 25,0–84,2 | 65,7 | 49,2–79,2 | −8,6 | 57,1 | 65,7 |" in md
    # like the seeds' "14 ud af 23 besvaret": how many of the group are in the data and how many answered
    assert sheet.intro.startswith("8 respondenter fra Radiologi har besvaret spørgeskemaet; 7 af dem har svaret med "
                                  "indhold")
    assert "(1 ikke-svar, 0 tomme), ud af 35 besvarelser med indhold i alt" in sheet.intro
    # before any audit the reader is told what the intervals do not cover
    assert "intervallet dækker usikkerheden ved udvalget af besvarelser, ikke modellens fejlkodninger" in md
    # the shares count the codes in force, reviewers' too (it said 'modellens kodning' while n counted both)
    assert "tæller de gældende koder (modellens og reviewernes, hvor de har kodet)" in md


def test_fact_sheet_in_english_on_request() -> None:
    """With --locale en the paragraphs were Danish, with decimal commas, under an English heading."""
    rows = [row("Radiologi", "indhold") for _ in range(4)] + [row("Radiologi", "struktur") for _ in range(3)]
    rows += [row("Andre", "indhold") for _ in range(19)] + [row("Andre", "struktur") for _ in range(9)]
    (sheet,) = report_of(rows, by=("speciale",), group="Radiologi", locale="en").sheets
    assert sheet.paragraphs[0].startswith("57.1 % of the answers from Radiologi (4 of 7) have “Fagligt indhold og "
                                          "cases” as their primary theme. That is below the share among all answers, "
                                          "65.7 %")
    assert sheet.intro.startswith("7 respondents from Radiologi answered the survey; 7 of them answered")
    assert not [p for p in (sheet.intro, *sheet.paragraphs) if "besvarelser" in p or "," in p.split("(")[0]]


def test_fact_sheet_of_a_small_group_shows_no_shares() -> None:
    rows = [row("Lille", "indhold", "et lille svar om indhold") for _ in range(3)] + [row("Stor", "data")
                                                                                      for _ in range(9)]
    report = report_of(rows, by=("speciale",), group="Lille")
    (sheet,) = report.sheets
    assert sheet.group.suppressed and sheet.paragraphs == () and report.comments == ()
    assert "færre end mindstegrænsen på 5" in sheet.intro and "3 besvarelser" in sheet.intro
    md = render_md(report)
    # the group's n is in the intro; a theme row showing it (3 in every row) read as a count per theme
    assert "et lille svar" not in md and "| Fagligt indhold og cases | – | – | – |" in md and "| 3 |" not in md


# --- quotes -------------------------------------------------------------------------

def test_quotes_are_typical_confident_diverse_and_never_personal() -> None:
    rows = [row("A", "indhold", "Flere eksterne oplæg om glaukom tak", conf=0.3, source="human", respondent="R1",
                typicality=0.99),  # a reviewer's label, but the model was unsure: not a typical answer to show
            row("A", "indhold", "Flere eksterne oplæg om nye behandlinger", conf=0.9, typicality=0.95),
            # a near-duplicate of the one above
            row("A", "indhold", "Flere eksterne oplæg om nye behandlinger, tak!", conf=0.9, typicality=0.94),
            row("A", "indhold", "Noget helt andet om faglige emner", conf=0.85, respondent="R1", typicality=0.9),
            row("A", "indhold", "Ring til mig på 28 14 55 90 om patientcases", conf=0.95, typicality=0.99),
            row("A", "indhold", "Kontakt mig gerne om de faglige oplæg", conf=0.95, typicality=0.99),
            row("A", "indhold", "Ja tak", conf=0.95),  # too short
            row("A", "indhold", "Mere om retningslinjer. " * 12, conf=0.8, typicality=0.5),
            row("A", "data", "Data om egne patienter er vigtigst", conf=0.99)]
    quotes = pick_quotes(rows, "indhold", k=3)
    assert quotes[0] == "Flere eksterne oplæg om nye behandlinger"  # confident and most typical
    assert quotes[1] == "Noget helt andet om faglige emner"  # R1's other answer: one quote per respondent
    assert quotes[2].startswith("Mere om retningslinjer.") and quotes[2].endswith("…") and len(quotes[2]) <= 162
    assert not any("Ring" in q or "Kontakt" in q or "TELEFON" in q for q in quotes)
    assert jaccard(words("a b c"), words("a b d")) == pytest.approx(0.5)


def test_a_sure_answer_is_quoted_before_a_more_typical_unsure_one() -> None:
    rows = [row("A", "indhold", "Flere oplæg fra hospitalets speciallæger", conf=0.95, typicality=0.85),
            row("A", "indhold", "Det faglige er vel fint nok egentlig", conf=0.60, typicality=0.93),
            row("A", "indhold", "Jeg ved ikke helt hvad jeg skal sige", conf=0.30, typicality=0.99),
            row("A", "indhold", "Lidt af hvert fra gang til gang", conf=0.20, typicality=0.50)]
    # both first two are at or above the theme's median probability (0.60); the first is far surer of the
    # theme, the second only a little nearer its centre
    assert pick_quotes(rows, "indhold", k=2) == ("Flere oplæg fra hospitalets speciallæger",
                                                 "Det faglige er vel fint nok egentlig")


def test_an_answer_in_another_language_is_no_quote_of_a_danish_report() -> None:
    rows = [row("A", "indhold", "More clinical cases and invited speakers please", conf=0.99, typicality=0.99),
            row("A", "indhold", "Mer fokus på kliniska fall och föreläsare, tack", conf=0.98, typicality=0.98),
            row("A", "indhold", "Flere eksterne oplæg og patientcases tak", conf=0.7, typicality=0.7)]
    assert pick_quotes(rows, "indhold", k=3, language="da") == ("Flere eksterne oplæg og patientcases tak",)
    assert pick_quotes(rows, "indhold", k=1, language="en") == ("More clinical cases and invited speakers please",)


def test_pinned_quotes_come_first_and_excluded_never() -> None:
    rows = [row("A", "indhold", "Flere eksterne oplæg om nye behandlinger", conf=0.9, typicality=0.9),
            row("A", "indhold", "Bedre faglige oplæg fra klinikere", conf=0.8, typicality=0.8),
            row("A", "indhold", "Oplæg om noget helt tredje", conf=0.4, typicality=0.1)]
    choices = {rows[2].comment_id: "pin", rows[0].comment_id: "exclude"}
    assert pick_quotes(rows, "indhold", k=3, choices=choices) == ("Oplæg om noget helt tredje",
                                                                  "Bedre faglige oplæg fra klinikere")
    # a pin from before 'coder quote' refused personal data is not followed
    rows.append(row("A", "indhold", "Oplæg om diabetes, ring til mig på 28 14 55 90", conf=0.9, typicality=0.9))
    choices[rows[3].comment_id] = "pin"
    assert not any("TELEFON" in q or "28 14" in q for q in pick_quotes(rows, "indhold", k=3, choices=choices))


# --- spreadsheet safety ----------------------------------------------------------------

RISKY = ['=HYPERLINK("http://x","klik")', "+45 er et tal", "-minus svar her", "@SUM(A1:A2) svar", "\tfane svar her"]


def test_formula_like_cells_stay_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [row("=cmd|' /C calc'!A0", "indhold", text, conf=0.9 - k / 100) for k, text in enumerate(RISKY)]
    rows += [row("=cmd|' /C calc'!A0", "indhold", "et helt almindeligt svar om oplæg")]
    report = report_of(rows, by=("speciale",), min_group=1)
    lines = list(csv.reader(io.StringIO(render_csv(report).lstrip("\ufeff"))))
    groups = {line[2] for line in lines[1:]}
    assert "'=cmd|' /C calc'!A0" in groups and not any(g.startswith("=") for g in groups)
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_xlsx(report))
    wb = load_workbook(path)
    seen = set()
    for ws in wb:
        for cells in ws.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t":
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert "=cmd|' /C calc'!A0" in seen and '=HYPERLINK("[URL]","klik")' in seen and "+45 er et tal" in seen


def test_put_writes_text_cells() -> None:
    from openpyxl import Workbook

    ws = Workbook().active
    for i, value in enumerate(["=1+1", "#N/A", "-", "plain"], start=1):
        put(ws, i, 1, value)
        assert ws.cell(i, 1).data_type == "s" and ws.cell(i, 1).value == value
    assert ws.cell(1, 1).quotePrefix and not ws.cell(4, 1).quotePrefix


# --- locale -------------------------------------------------------------------------

def test_danish_number_formatting() -> None:
    da, en = Wording("da"), Wording("en")
    assert da.pct(400 / 7) == "57,1 %" and en.pct(400 / 7) == "57.1 %"
    assert da.diff(-3.26) == "−3,3" and da.diff(2) == "+2,0" and da.diff(-0.01) == "0,0"
    assert da.ci(25.04, 84.18) == "25,0–84,2"
    assert da.t("theme") == "Tema" and en.t("theme") == "Theme"


# --- formats and the command line ---------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    out = tmp_path / "p"
    code_file(DATA / "survey_semicolon_cp1252.csv", CODEBOOK, out,
              CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id")),
              embedder=FakeEmbedder())
    return out


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def test_every_format_is_written(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run("report", str(project), "--by", "speciale", "--min-group", "1", "--format", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["chart-andre-kommentarer-speciale.png", "chart-andre-kommentarer.png",
                     "chart-kommentar-speciale.png", "chart-kommentar.png", "report.csv", "report.html",
                     "report.json", "report.md", "report.xlsx"]
    for name in names:
        if name.endswith(".png"):
            assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4
    assert 'src="http' not in html and "<link" not in html and "<script" not in html and "@import" not in html
    assert "28 14 55 90" not in html
    assert "&nbsp;%" in html and not re.search(r"<p[^>]*>[^<]*\d %", html)  # a share's % never on the next line
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [c["by"] for c in doc["comparisons"]] == ["speciale", "speciale"]
    assert "kommentar fordelt på speciale" in (out / "report.md").read_text(encoding="utf-8")  # Danish codebook
    wb = load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["kommentar", "andre_kommentarer", "kommentar × speciale", "andre_kommentarer × speciale",
                             "Citater", "Kommentarer"]
    assert all(ws.freeze_panes == "B2" for ws in wb)
    assert wb["kommentar"]["C2"].number_format == "0.0%"


def test_single_formats_go_to_a_file_or_the_screen(project: Path, tmp_path: Path) -> None:
    result = run("report", str(project), "--format", "html", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = run("report", str(project), "--format", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("question,by,group,denominator")
    result = run("report", str(project), "--format", "png", "--out", str(tmp_path / "charts"))
    assert result.exit_code == 0 and len(list((tmp_path / "charts").glob("*.png"))) == 2
    result = run("report", str(project), "--format", "xlsx")
    assert result.exit_code == 0 and (project / "report" / "report.xlsx").is_file()



def test_a_png_file_name_gets_the_chart_or_a_clear_error(project: Path, tmp_path: Path) -> None:
    # two questions, two charts: a file name cannot hold them (it used to become a folder named x.png)
    for fmt, name in (("png", "x.png"), ("all", "x.html")):
        result = run("report", str(project), "--format", fmt, "--out", str(tmp_path / name), "--locale", "en")
        assert result.exit_code == 2 and not (tmp_path / name).exists()
        assert "give a folder, e.g. --out report" in result.stderr.splitlines()[-1]
    assert "(one chart per table)" in run("report", str(project), "--format", "png", "--out",
                                          str(tmp_path / "x.png"), "--locale", "en").stderr
    one = tmp_path / "one"  # one question: its chart goes to the file named
    code_file(DATA / "survey_semicolon_cp1252.csv", CODEBOOK, one, CodeOptions(ReadOptions(("kommentar",), "id")),
              embedder=FakeEmbedder())
    result = run("report", str(one), "--format", "png", "--out", str(tmp_path / "chart.png"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_danish_locale_on_the_command_line(project: Path) -> None:
    result = run("report", str(project), "--format", "md", "--locale", "da", "--by", "speciale", "--min-group", "1")
    assert result.exit_code == 0, result.output
    assert "| Tema | n | Andel % | 95 %-KI | Nævnt n | Nævnt % |" in result.stdout
    assert "# Temaer – " in result.stdout and " %" in result.stdout and "Alle" in result.stdout
    # walk23: groups of one answer were shown without a word
    assert "--min-group 1: grupper med færre end 5 svar vises" in " ".join(result.stderr.split())
    plain = run("report", str(project), "--format", "md", "--by", "speciale")
    assert "--min-group" not in plain.stderr


def test_no_quotes_leaves_every_text_out(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run("report", str(project), "--by", "speciale", "--min-group", "1", "--no-quotes", "--format", "all",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    for name in ("report.md", "report.html", "report.json", "report.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert "glaukom" not in text and "Hyggeligt" not in text, name
    wb = load_workbook(out / "report.xlsx")
    assert "Citater" not in wb.sheetnames and "text" not in [c.value for c in wb["Kommentarer"][1]]


def test_same_project_same_bytes(project: Path, tmp_path: Path) -> None:
    report = assemble([row("A", "indhold")] * 6, CODEBOOK, ["q"], ["speciale"], ReportOptions(by=("speciale",)))
    assert render_xlsx(report) == render_xlsx(report)
    written = {p.name: p.read_bytes() for p in write_report(report, "all", tmp_path / "a")}
    again = render(report, "png")
    assert set(again) == {"chart-q.png", "chart-q-speciale.png"}
    assert all(written[name] == content for name, content in again.items())


@pytest.mark.parametrize("args,english,danish", [
    (["--group", "Radiologi"], "--group needs exactly one --by column, e.g. --by speciale --group Radiologi",
     "--group kræver præcis én --by-kolonne, fx --by speciale --group Radiologi"),
    (["--by", "Specialer"], "--by Specialer: column not found; available: speciale, region",
     "--by Specialer: kolonnen findes ikke; kolonnerne er: speciale, region"),
    (["--by", "speciale", "--group", "Kirurgi"], "--group Kirurgi: no such value in column 'speciale'; available: "
                                                 "Børne- og ungdomspsykiatri, Psykiatri, Radiologi, Øjenlæger",
     ("--group Kirurgi: værdien findes ikke i kolonnen 'speciale'; værdierne er: Børne- og ungdomspsykiatri, "
      "Psykiatri, Radiologi, Øjenlæger")),
    (["--locale", "fr"], None, "--locale fr: ukendt sprog; brug en eller da"),  # said in the codebook's language
    (["--format", "terminal", "--out", "x.txt"], "--format terminal prints to the screen; drop --out or choose md, "
                                                 "html, xlsx, csv, json, png or all",
     "--format terminal skriver til skærmen; udelad --out, eller vælg md, html, xlsx, csv, json, png eller all"),
])
def test_report_usage_errors(project: Path, args: list[str], english: str | None, danish: str) -> None:
    """One line in the codebook's language (Danish), and in English with --locale en."""
    for extra, label, message in (([], "Fejl", danish), (["--locale", "en"], "Error", english)):
        if message is None:
            continue
        result = run("report", str(project), *args, *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[-1] == f"{label}: {message}"
        assert "Traceback" not in result.output


def test_a_by_column_is_named_whatever_its_case(project: Path) -> None:
    """--group matched its value whatever its case, but --by Speciale was refused with 'did you mean speciale'."""
    result = run("report", str(project), "--by", "Speciale", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "fordelt på speciale" in result.output and "Speciale" not in result.output.split("fordelt på")[1][:20]


def test_a_fact_sheets_finding_says_when_it_rests_on_codes_the_model_was_unsure_of() -> None:
    """Radiologi's only ▲ rested on two wrong codes at 0.33 and 0.74, and one review decision took it away
    (walk12): the paragraph says how many of its answers the model coded under 0.5 with no person checking."""
    rows = [row("Radiologi", "kritik", f"Kritik af møderne nr {i}", conf=c) for i, c in enumerate((0.33, 0.45, 0.9))]
    rows += [row("Radiologi", "indhold", f"Indhold svar {i}") for i in range(7)]
    rows += [row("Psykiatri", "indhold", f"Andet indhold svar {i}") for i in range(40)]
    sheet = report_of(rows, by=("speciale",), group="Radiologi")
    (kritik,) = [p for p in sheet.sheets[0].paragraphs if "»Kritik og skepsis«" in p]
    assert "Forskellen bygger på 3 besvarelser, hvoraf modellen har kodet 2 med en sikkerhed under 0,5" in kritik
    (indhold,) = [p for p in sheet.sheets[0].paragraphs if "»Fagligt indhold og cases«" in p]
    assert "bygger på" not in indhold  # sure codes, and below all answers besides


def test_the_writer_titles_the_report(project: Path) -> None:
    """Every fact sheet was titled '<group> – <codebook name>'; seed 000's is 'Klyngearbejdet i Radiologi: …'."""
    result = run("report", str(project), "--by", "speciale", "--group", "Radiologi", "--format", "md", "--title",
                 "Klyngearbejdet i {group}: resultater")
    assert result.exit_code == 0 and result.stdout.startswith("# Klyngearbejdet i Radiologi: resultater\n")
    plain = run("report", str(project), "--format", "md", "--title", "Klyngemøderne 2026")
    assert plain.stdout.startswith("# Klyngemøderne 2026\n")
    bad = run("report", str(project), "--format", "md", "--title", "Klyngearbejdet i {group}")  # no fact sheet
    assert bad.exit_code == 2 and "{group} kræver et faktaark" in bad.output


def test_fact_sheets_of_several_groups_share_a_folder(project: Path, tmp_path: Path) -> None:
    """The second group's report.md, .html, .xlsx, .csv and .json replaced the first's in silence (walk12)."""
    out = tmp_path / "ark"
    for group in ("Radiologi", "Øjenlæger"):
        result = run("report", str(project), "--by", "speciale", "--group", group, "--format", "all", "--out", str(out))
        assert result.exit_code == 0, result.output
    assert run("report", str(project), "--format", "md", "--out", str(out)).exit_code == 0
    names = {p.name for p in out.iterdir()}
    for tag in ("radiologi", "oejenlaeger"):
        assert {f"report-{tag}{suffix}" for suffix in (".md", ".html", ".xlsx", ".csv", ".json")} <= names
    assert (out / "report-radiologi.md").read_text(encoding="utf-8").startswith("# Radiologi – ")
    assert (out / "report-oejenlaeger.md").read_text(encoding="utf-8").startswith("# Øjenlæger – ")
    assert not (out / "report.md").read_text(encoding="utf-8").startswith(("# Radiologi", "# Øjenlæger"))
    single = tmp_path / "radiologi.md"  # a file named with --out is the file asked for
    assert run("report", str(project), "--by", "speciale", "--group", "Radiologi", "--format", "md", "--out",
               str(single)).exit_code == 0 and single.is_file()


def test_groups_whose_names_make_one_file_name_get_fact_sheet_files_of_their_own(tmp_path: Path) -> None:
    """'Øre' and 'Oere' are two groups of the column; both fact sheets were report-oere.* ('Radiologi' and
    'radiologi', and 'Almen medicin' and 'Almen-medicin', are one group since walk37 and walk40)."""
    from coder.report.render import write_report

    rows = [row(g, "indhold") for g in ("Øre", "Oere", "Kirurgi") for _ in range(8)]
    written = set()
    for group in ("Øre", "Oere", "Kirurgi"):
        paths = write_report(report_of(rows, by=("speciale",), group=group, min_group=1), "all", tmp_path)
        written |= {p.name for p in paths}
    md = sorted(n for n in written if n.startswith("report-") and n.endswith(".md"))
    assert len(md) == 3 and "report-kirurgi.md" in md  # a name no other group shares stays plain
    charts = [n for n in written if n.startswith("chart-")]
    assert len(charts) == len(set(charts)) == 3
    heads = {(tmp_path / n).read_text(encoding="utf-8").splitlines()[0] for n in md}
    assert {h.split(" – ")[0] for h in heads} == {"# Øre", "# Oere", "# Kirurgi"}


@pytest.mark.filterwarnings("error")  # its charts warned 'Tight layout not applied' with internal paths
def test_a_group_whose_name_is_too_long_for_a_file_name_gets_a_short_one(tmp_path: Path) -> None:
    """A 300-letter group value failed with 'the name is too long; free some space' (walk15)."""
    from coder.report.render import write_report

    long = "Afdeling for " + "meget " * 60 + "lange navne"
    rows = [row(g, "indhold") for g in (long, "Kirurgi") for _ in range(6)]
    paths = write_report(report_of(rows, by=("speciale",), group=long, min_group=1), "all", tmp_path)
    assert paths and all(len(p.name.encode()) < 120 for p in paths)
    md = next(p for p in paths if p.suffix == ".md")
    assert md.read_text(encoding="utf-8").startswith(f"# {long} – ")


def test_markdown_links_images_and_html_in_comments_are_neutralised() -> None:
    hostile = ["[klik](javascript:alert(1)) her", "![billede](javascript:alert(2)) og mere tekst",
               "<img src=x onerror=alert(3)> fint nok", "[ref]: javascript:alert(4) som tekst"]
    rows = [row(g, "indhold", text) for g in ("A", "[gruppe](javascript:alert(5))") for text in hostile]
    md = render_md(report_of(rows, by=("speciale",), min_group=1, quotes=4))
    assert "klik" in md and "billede" in md  # the comments are quoted …
    assert re.search(r"(?<!\\)\]\(", md) is None  # … but never as a link or image (every "](" is escaped) …
    assert re.search(r"(?<!\\)<img", md) is None and "\n[ref]:" not in md  # … or HTML, or a link reference
    assert r"\[klik\](javascript:alert(1))" in md and r"\<img src=x onerror=alert(3)> fint nok" in md
    assert r"\[gruppe\](javascript:alert(5))" in md


# --- notes and sheet names ----------------------------------------------------------

def test_notes_reach_assignments_csv_and_the_xlsx_comments_sheet(tmp_path: Path) -> None:
    from coder.report import refresh_exports
    from coder.store import Store

    project = tmp_path / "p"
    code_file(DATA / "survey_semicolon_cp1252.csv", CODEBOOK, project,
              CodeOptions(ReadOptions(("kommentar",), "id")), embedder=FakeEmbedder())
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("data",), note="ring til mette.jensen@example.dk")
    store.close()
    refresh_exports(project)
    lines = list(csv.DictReader(io.StringIO((project / "assignments.csv").read_text(encoding="utf-8-sig"))))
    a1 = next(line for line in lines if line["id"] == "A1")
    assert list(lines[0])[8:10] == ["label_source", "note"]
    assert a1["note"] == "ring til [EMAIL]" and a1["label_source"] == "human"  # notes are redacted like texts
    assert a1["confidence"] == ""  # the model's confidence is for its own label, not the reviewer's
    assert all(line["note"] == "" for line in lines if line["id"] != "A1")
    store = Store.open_project(project)
    rows = list(store.rows())
    store.close()
    write_report(assemble(rows, CODEBOOK, ["kommentar"], ["speciale"]), "xlsx", tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["Kommentarer"]
    header = [c.value for c in ws[1]]
    assert "Note" in header and "Kilde" in header
    notes = [ws.cell(row=r, column=header.index("Note") + 1).value for r in range(2, ws.max_row + 1)]
    assert "ring til [EMAIL]" in notes
    # the statuses and sources a person reads are Danish in the sheet (they were coded, human, model)
    sources = {ws.cell(row=r, column=header.index("Kilde") + 1).value for r in range(2, ws.max_row + 1)}
    statuses = {ws.cell(row=r, column=header.index("Status") + 1).value for r in range(2, ws.max_row + 1)}
    assert "reviewer" in sources and "human" not in sources and "kodet" in statuses and "coded" not in statuses
    # and the themes by their labels, as the tables name them (assignments.csv keeps the ids)
    labels = {t.label for t in CODEBOOK.themes}
    primaries = {ws.cell(row=r, column=header.index("Primært tema") + 1).value for r in range(2, ws.max_row + 1)}
    themes = {ws.cell(row=r, column=header.index("Temaer") + 1).value for r in range(2, ws.max_row + 1)}
    assert primaries - {None} and primaries - {None} <= labels
    assert all(part in labels for cell in themes - {None} for part in cell.split("; "))


def test_the_workbook_quotes_no_group_it_hides_for_another_question(tmp_path: Path) -> None:
    """walk27: a group shown for one question and hidden for the other was quoted by group in 'Citater'; the quote's
    text found its row in 'Kommentarer', and the Id there the respondent's answer to the question that hid the
    group."""
    from openpyxl import load_workbook

    rows = []
    for k in range(6):  # Plastik: 6 answers to q1 (shown), 3 to q2 (hidden)
        rows.append(row("Plastik", "indhold", f"plastik svar nummer {k} om flere faglige oplæg", question="q1",
                        respondent=f"P{k}", conf=0.9))
        if k < 3:
            rows.append(row("Plastik", "kritik", f"plastik kritik {k} af møderne", question="q2", respondent=f"P{k}"))
    for k in range(20):
        for q in ("q1", "q2"):
            rows.append(row("Almen", "struktur", f"almen svar {k} om dagsorden og {q}", question=q, respondent=f"A{k}",
                            conf=0.9))
    report = assemble(rows, CODEBOOK, ["q1", "q2"], ["speciale"], ReportOptions(by=("speciale",), locale="da"))
    assert any(g.suppressed for c in report.comparisons for g in c.groups if g.value == "Plastik")
    assert any(x.quotes for c in report.comparisons for g in c.groups if g.value == "Plastik" for x in g.lines)
    write_report(report, "xlsx", tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["Citater"]
    cells = [[c.value for c in line] for line in ws.iter_rows()]
    assert not [line for line in cells if line[2] == "Plastik"]
    assert any("Ingen citater fra" in str(line[0]) and "Plastik" in str(line[0]) for line in cells)


@pytest.mark.parametrize("titles, expected", [
    (["Hvad kunne gøre klyngearbejdet bedre?"], ["Hvad kunne gøre klyngearbejdet…"]),
    (["Hvad kunne gøre klyngearbejdet bedre?"] * 2, ["Hvad kunne gøre klyngearbejdet…", "Hvad kunne gøre… (2)"]),
    (["kommentar", "Kommentar"], ["kommentar", "Kommentar (2)"]),
    (["a/b:c*d[e]"], ["a b c d e"]),
])
def test_sheet_names_are_unique_readable_and_cut_between_words(titles: list[str], expected: list[str]) -> None:
    from coder.report.render.xlsx import sheet_name

    used: set[str] = set()
    assert [sheet_name(t, used) for t in titles] == expected


def test_sheet_names_keep_their_suffix_whole() -> None:
    from coder.report.render.xlsx import sheet_name

    name = sheet_name("Hvad kunne gøre klyngearbejdet bedre?", set(), "× speciale")
    assert name == "Hvad kunne gøre… × speciale" and len(name) <= 31
    for title in ("Hvad kunne gøre klyngearbejdet bedre for os alle sammen?", "Hvad kunne gøre klyngearbejdet bedre"):
        for keep in ("", "× region", "– Børne- og ungdomspsykiatri"):
            shown = sheet_name(title, set(), keep).split("…")[0]
            assert len(sheet_name(title, set(), keep)) <= 31
            assert all(w in title.rstrip("?").split() for w in shown.split())  # whole words only


def test_pinned_and_excluded_quotes_survive_a_rerun(tmp_path: Path) -> None:
    out = tmp_path / "p"
    survey = DATA / "survey_semicolon_cp1252.csv"
    options = CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id"))
    code_file(survey, CODEBOOK, out, options, embedder=FakeEmbedder())

    def quotes() -> list[str]:
        report = (out / "report.md").read_text(encoding="utf-8")
        return [line for line in report.splitlines() if line.startswith("- “")]

    before = quotes()
    assert any("Hyggeligt at møde kollegerne" in q for q in before)  # A6's answer is a quote on its own merits
    assert not any("“Godt initiativ”" in q for q in before)  # A1's is too short to be chosen
    assert run("report", str(out), "--format", "all").exit_code == 0  # report/: md, html, xlsx, csv, json, charts
    excluded = run("quote", str(out), "A6", "-q", "andre_kommentarer", "--exclude")
    assert excluded.exit_code == 0
    said = " ".join(excluded.output.split())
    assert "report/report.md" in said and "report/report.xlsx" in said and "viser de gamle citater" in said
    assert "chart" not in said and "report.csv" not in said  # no quote in a chart or in report.csv
    pinned = run("quote", str(out), "A1", "-q", "andre", "--pin")  # the start of its name, as everywhere
    assert pinned.exit_code == 0 and pinned.stdout.startswith("A1 · andre_kommentarer:")  # it said 'A1 · andre'
    code_file(survey, CODEBOOK, out, options, embedder=FakeEmbedder())  # a rerun keeps the choices (in coder.db)
    after = quotes()
    assert not any("Hyggeligt at møde kollegerne" in q for q in after)
    assert any("“Godt initiativ”" in q for q in after)
    bad = run("quote", str(out), "ZZ", "-q", "andre_kommentarer", "--pin")
    assert bad.exit_code == 2 and "respondenten findes ikke" in bad.output
    empty = run("quote", str(out), "A3", "-q", "kommentar", "--pin")  # no report quotes an empty answer
    assert empty.exit_code == 2 and "A3 · kommentar: svaret er tomt" in empty.output
    non_answer = run("quote", str(out), "A2", "-q", "kommentar", "--pin", "--locale", "en")
    assert non_answer.exit_code == 2 and "a non-answer ('Ved ikke')" in non_answer.output
    assert run("quote", str(out), "A2", "-q", "kommentar", "--exclude").exit_code == 0  # harmless, allowed
    phone = run("quote", str(out), "A6", "-q", "kommentar", "--pin")  # 'ring evt. på 28 14 55 90': never quoted
    assert phone.exit_code == 2 and "A6 · kommentar: svaret indeholder personoplysninger" in phone.output
    assert not any("28 14" in q or "[TELEFON]" in q for q in quotes())
    from coder.store import NOT_ANSWER, Store, comment_id

    store = Store.open_project(out)  # a reviewer says A4's answer is no answer: it cannot be pinned either (walk13)
    store.record_decision(comment_id("A4", "kommentar"), "anna", (NOT_ANSWER,))
    store.close()
    said = run("quote", str(out), "A4", "-q", "kommentar", "--pin")
    assert said.exit_code == 2 and "svaret er et ikke-svar" in said.output


def test_an_input_id_column_not_used_as_ids_stays_in_the_exports() -> None:
    """Without --id-col the ids are row numbers; the input's own 'id' column was dropped from every export."""
    from coder.report.assignments import assignment_lines
    from coder.store.records import Row

    r = Row("1::q", "1", "q", 0, "et svar", {"id": "R0001", "speciale": "Psykiatri"}, "coded", None, "data",
            ("data",), 0.5, "model", "")
    header, lines = assignment_lines([r], ["id", "speciale"])
    line = dict(zip(header, next(lines)))
    assert line["id"] == "1" and line["id_input"] == "R0001" and line["speciale"] == "Psykiatri"


def test_a_confident_answer_a_reviewer_confirmed_is_quoted_before_the_models_own() -> None:
    rows = [row("A", "indhold", "Flere eksterne oplæg om nye behandlinger", conf=0.9, typicality=0.95,
                respondent="R1"),
            row("A", "indhold", "Oplæg fra sygehuset om de nye retningslinjer", conf=0.8, typicality=0.7,
                source="human", respondent="R2"),
            row("A", "indhold", "Noget om faglige emner og cases", conf=0.2, typicality=0.9, respondent="R3")]
    assert pick_quotes(rows, "indhold", k=3)[0] == "Oplæg fra sygehuset om de nye retningslinjer"


def test_the_codebooks_own_examples_are_quoted_only_after_other_answers() -> None:
    """An analyst who took the codebook's examples from discover's drafts saw them back as the report's quotes (21 of
    41 in walk11): an answer that is an example comes after the others."""
    example = CODEBOOK.theme("data").examples[0]
    rows = [row("A", "data", example, conf=0.95, typicality=0.95, respondent="R1"),
            row("A", "data", "Vi vil gerne se egne tal for henvisninger", conf=0.7, typicality=0.6, respondent="R2")]
    assert pick_quotes(rows, "data", k=1) == (example,)
    from coder.report.quotes import codebook_examples

    assert pick_quotes(rows, "data", k=1, examples=codebook_examples(CODEBOOK)) == (
        "Vi vil gerne se egne tal for henvisninger",)
    national = report_of(rows)  # the report passes the codebook's examples
    assert national.tables[0].lines[CODEBOOK.ids.index("data")].quotes[0] == "Vi vil gerne se egne tal for henvisninger"


def test_an_answer_the_model_is_unsure_of_is_never_quoted(tmp_path: Path) -> None:
    """A small group's fact sheet quoted whatever was left, down to a probability of 0.22 for the theme (walk12)."""
    unsure = row("Radiologi", "kritik", "Mere tid til snak med kollegerne", conf=0.33, respondent="R1")
    reviewed = row("Radiologi", "kritik", "Drop oplæggene og brug tiden på snak", conf=0.3, source="human",
                   respondent="R2")
    assert pick_quotes([unsure], "kritik") == ()
    assert pick_quotes([unsure, reviewed], "kritik") == ("Drop oplæggene og brug tiden på snak",)
    sure_one = row("Radiologi", "kritik", "Møderne er spild af tid for mig", conf=0.5, respondent="R3")
    assert pick_quotes([unsure, sure_one], "kritik") == ("Møderne er spild af tid for mig",)
    report = report_of([unsure, reviewed, sure_one] + [row("Psykiatri", "data", f"Mere data om patienter {i}")
                                                         for i in range(6)], by=("speciale",))
    md = render(report, "md")["report.md"]
    assert "Mere tid til snak" not in md and "Citater er besvarelser, som en person har kodet" in md
    assert "mindst 0,5" in md


def test_exports_asked_for_earlier_are_named_when_a_change_leaves_them_behind(tmp_path: Path) -> None:
    """report/report.html said 'Kørsel 1' beside report.md's 'Kørsel 3', with other numbers, and nothing said so."""
    out = tmp_path / "p"
    survey = DATA / "survey_semicolon_cp1252.csv"
    options = CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id"))
    first = code_file(survey, CODEBOOK, out, options, embedder=FakeEmbedder())
    assert not [w for w in first.warnings if "report/" in w]  # nothing asked for yet
    assert run("report", str(out), "--format", "html").exit_code == 0
    (out / "clusters.md").write_text("# earlier discovery\n", encoding="utf-8")
    again = code_file(survey, CODEBOOK, out, options, embedder=FakeEmbedder())
    (said,) = [w for w in again.warnings if "report/report.html" in w]
    assert "clusters.md" not in said  # same input and codebook: the clusters are the same
    assert f"'coder report {out}' again with the options you gave it (--by" in said
    assert "er fra før denne ændring" in said.danish
    quoted = run("quote", str(out), "A1", "-q", "kommentar", "--exclude")
    assert quoted.exit_code == 0 and "report/report.html" in " ".join(quoted.output.split())
    wave = code_file(DATA / "survey_comma_utf8bom.csv", CODEBOOK, out,
                     CodeOptions(options.read, on_change="update"), embedder=FakeEmbedder())  # another input
    assert [w for w in wave.warnings if "clusters.md" in w and f"'coder discover {out}'" in w]


def test_a_half_is_rounded_up_everywhere_a_person_reads_a_number() -> None:
    """1/16 = 6.25 %: the md said 6,2 (Python rounds to the even digit) where the xlsx showed 6,3 (Excel rounds up)."""
    import numpy as np

    from coder.wording import Wording

    da, en = Wording("da"), Wording("en")
    assert (da.num(6.25), en.num(6.25), da.num(-6.25), da.num(2.675, 2)) == ("6,3", "6.3", "−6,3", "2,68")
    assert da.num(np.float64(0.125), 2) == "0,13" and da.diff(0.0279) == "0,0" and da.diff(-0.019) == "0,0"
    rows = [row(str(i), "indhold" if i == 0 else "struktur", f"svar {i}") for i in range(16)]  # 1 of 16
    assert "| Fagligt indhold og cases | 1 | 6,3 |" in render_md(report_of(rows, locale="da"))


def test_the_xlsx_stores_a_difference_as_the_other_formats_show_it() -> None:
    """A difference of +0.03 pp read '+0,0' in the xlsx and '0,0' in the md, and the xlsx wrote '-' for '−'."""
    from coder.report.render.xlsx import PP, points

    assert (points(0.0279), points(-0.019), points(7.25), points(-7.25)) == (0.0, 0.0, 7.3, -7.3)
    assert str(points(-0.019)) == "0.0" and '"−"' in PP


def test_a_chart_title_after_a_question_mark_has_no_colon() -> None:
    from coder.report.render.charts import _lead

    assert _lead("Hvad kan gøres bedre?") + "Andel" == "Hvad kan gøres bedre? Andel"
    assert _lead("forbedringer") + "Andel" == "forbedringer: Andel"


def test_a_theme_with_every_answer_has_its_interval_end_at_100_and_a_chart() -> None:
    """4 of 4: the Wilson bound came out a hair under 1 and the chart failed on a negative error bar."""
    from coder.report.render.charts import report_charts

    assert all(wilson(n, n)[1] == 1.0 and wilson(0, n)[0] == 0.0 for n in range(1, 1001))
    rows = [row("A", "indhold", f"Flere faglige oplæg nummer {i}") for i in range(4)]
    report = report_of(rows)
    assert report.tables[0].lines[0].ci_high == 100.0
    assert dict(report_charts(report))  # drawn, no error


def test_charts_whose_names_fall_together_get_a_file_each() -> None:
    """'Forbedringer' and 'forbedringer?' both became chart-forbedringer.png: one chart overwrote the other."""
    from coder.report.layout import Chart, layout
    from coder.report.render.charts import report_charts

    rows = [row("A", "indhold", f"Flere oplæg nummer {i}", question=q) for q in ("Forbedringer", "forbedringer?")
            for i in range(6)]
    report = assemble(rows, CODEBOOK, ["Forbedringer", "forbedringer?"], ["speciale"], ReportOptions(by=("speciale",)))
    drawn = report_charts(report)
    assert len(drawn) == 4 and "chart-forbedringer.png" in drawn and "chart-forbedringer-2.png" in drawn
    assert sorted(b.name for b in layout(report) if isinstance(b, Chart)) == sorted(drawn)  # the md/html refer to them


def test_a_column_where_no_group_is_shown_says_so_in_one_line() -> None:
    """--by on a column of ids printed a table of dashes per question, thousands of lines that said nothing."""
    from coder.report.render.charts import report_charts

    rows = [row(f"R{i}", "indhold", f"Flere oplæg nummer {i}") for i in range(12)]  # every value its own group
    report = report_of(rows, by=("speciale",))
    md = render_md(report)
    assert "Ingen af de 12 grupper i speciale har mindst 5 besvarelser med indhold, så ingen vises" in md
    assert "| R1 |" not in md and len(report_charts(report)) == 1  # the theme chart only


def test_adjudicated_answers_count_as_coded_by_a_person_and_open_disputes_are_said() -> None:
    """'33 besvarelser er kodet af en person' where 35 had a person's code (two adjudicated), and a dispute still
    open was nowhere in the report (walk16)."""
    rows = ([row("A", "indhold", source="human") for _ in range(3)]
            + [row("A", "data", source="adjudicated") for _ in range(2)]
            + [row("A", "social", source="disputed")] + [row("A", "indhold", conf=0.6) for _ in range(4)])
    (table,) = report_of(rows).tables
    assert table.human_labelled == 5 and table.disputed == 1 and table.model_coded == 5  # disputed: the model's
    md = render_md(report_of(rows))
    assert "5 besvarelser er kodet af en person; for resten" in md
    assert "1 besvarelse er kodet forskelligt af to reviewere og venter på en afgørelse" in md
    assert json.loads(render_json(report_of(rows)))["questions"][0]["disputed"] == 1
    assert "venter på en afgørelse" not in render_md(report_of(rows[:5] + rows[6:]))


def test_an_answer_in_another_language_is_never_quoted_in_a_danish_report() -> None:
    """A Danish report quoted "I trained abroad …" in a group of 18 answers: the language alone points the
    respondent out, so only answers in the report's language are quoted (or pinned ones)."""
    english = "More time for informal exchange between colleagues, I trained abroad and the meetings help me"
    norwegian = "Har bare vært med på to møter, men opplevde et godt og trygt miljø"
    danish = "Mere tid til uformel snak mellem kollegerne, det er det vigtigste ved møderne"
    rows = [row("A", "social", english, conf=0.95), row("A", "social", norwegian, conf=0.9),
            row("A", "social", danish, conf=0.6)]
    social = next(x for x in report_of(rows, min_group=1).tables[0].lines if x.theme == "social")
    assert social.quotes == (danish,)
    sheet = report_of(rows, min_group=1, by=("speciale",), group="A")
    assert english not in render_md(sheet) and norwegian not in render_md(sheet) and danish in render_md(sheet)


def test_every_xlsx_header_names_its_column_once() -> None:
    """'KI nedre, KI øvre' stood twice on a sheet: pivots, Power Query and pandas could not tell them apart."""
    import io

    from openpyxl import load_workbook

    from coder.report.render.xlsx import render_xlsx

    rows = [row("A" if i % 2 else "B", ("indhold", "kritik")[i % 3 == 0], f"Flere oplæg nummer {i}") for i in range(40)]
    book = load_workbook(io.BytesIO(render_xlsx(report_of(rows, min_group=1, by=("speciale",), group="A"))))
    for ws in book.worksheets:
        header = [c.value for c in next(ws.iter_rows(max_row=1)) if c.value is not None]
        assert len(header) == len(set(header)), (ws.title, header)
    assert any("A KI nedre" in [c.value for c in next(ws.iter_rows(max_row=1))] for ws in book.worksheets)
    # walk37: a table sheet said nowhere which question it was; now its first note and its printed pages do
    for by in ((), ("speciale",)):
        data = render_xlsx(report_of(rows, min_group=1, by=by))
        for ws in [ws for ws in load_workbook(io.BytesIO(data)).worksheets if ws.title.startswith("q")]:
            notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Spørgsmål: ")]
            assert notes == ["Spørgsmål: q"] and ws.oddHeader.center.text == "q", ws.title


def test_a_quote_that_is_another_said_shorter_is_no_second_quote() -> None:
    """'god stemning, netværk godt' stood beside 'god stemning, godt netværk – det er vigtigt' (walk20): Jaccard 0.57
    let it through."""
    rows = [row("A", "social", "god stemning, godt netværk – det er vigtigt", conf=0.9, typicality=0.9),
            row("A", "social", "god stemning, netværk godt", conf=0.85, typicality=0.85),
            row("A", "social", "Hyggeligt at se kollegerne fra de andre klinikker", conf=0.8, typicality=0.8)]
    assert pick_quotes(rows, "social", k=3) == ("god stemning, godt netværk – det er vigtigt",
                                               "Hyggeligt at se kollegerne fra de andre klinikker")


def test_one_answer_with_two_tails_is_one_quote_but_a_shared_phrase_is_not() -> None:
    """'undervisning ved overlæger fra afd. og gerne snart' stood beside '… – det er vigtigt' (walk22): 3 of 5
    content words shared, yet one answer. Two answers that only open alike ('Det ville være godt med mere …') stay
    two quotes."""
    rows = [row("A", "indhold", "undervisning ved overlæger fra afd. – det er vigtigt", conf=0.9, typicality=0.9),
            row("B", "indhold", "undervisning ved overlæger fra afd. og gerne snart", conf=0.85, typicality=0.85),
            row("C", "indhold", "Gennemgang af egne patientforløb med kollegerne", conf=0.8, typicality=0.8)]
    assert pick_quotes(rows, "indhold", k=3) == ("undervisning ved overlæger fra afd. – det er vigtigt",
                                                "Gennemgang af egne patientforløb med kollegerne")
    rows = [row("A", "indhold", "Det ville være godt med mere undervisning i EKG", conf=0.9, typicality=0.9),
            row("B", "indhold", "Det ville være godt med mere tid til cases", conf=0.85, typicality=0.85)]
    assert len(pick_quotes(rows, "indhold", k=3)) == 2


def test_every_sheet_of_the_workbook_prints_landscape_as_wide_as_the_page() -> None:
    """walk27: no print setup, so a 14-column group sheet printed over many pages."""
    from openpyxl import load_workbook

    rows = [row("Almen", t) for t in ("indhold", "struktur") for _ in range(12)]
    (data,) = render(report_of(rows, by=("speciale",), locale="da"), "xlsx").values()
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$1:$1"


def test_the_html_is_navigable_with_a_screen_reader_and_prints() -> None:
    """walk27: no table had row headers or a caption, ▲/▼ was a bare glyph whose orange failed contrast, headings
    jumped from h2 to h4, a fact sheet's theme paragraph stood above its heading (and a theme without quotes had
    none), and nothing was said for print."""
    rows = [row("Almen", t) for t in ("indhold", "struktur") for _ in range(12)] + [row("Almen", "data")] * 2
    rows += [row("Kirurgi", "data", f"svar {k} om egne data og tal") for k in range(12)]
    html = render(report_of(rows, by=("speciale",), locale="da"), "html")["report.html"]
    assert '<th scope="row">Almen</th>' in html and '<caption class="sr">' in html and 'tabindex="0"' in html
    assert '<span class="sr"> (over alle svar)</span>' in html or '<span class="sr"> (under alle svar)</span>' in html
    assert ".down { color: #a35200" in html and "@media print" in html
    levels = [int(x) for x in re.findall(r"<h([1-6])>", html)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no level skipped on the way down
    (sheet,) = render(report_of(rows, by=("speciale",), group="Almen", locale="da"), "html").values()
    body = sheet[sheet.index("<body>"):]
    for label in ("Fagligt indhold og cases", "Data og kvalitetsarbejde", "Andet"):  # with or without quotes
        heading = body.index(f"<h3>{label}</h3>")
        assert body.index("»" + label + "«", heading) > heading  # its paragraph comes after its heading
    assert "95 %-KI (Almen)" in sheet and "95 %-KI (Alle)" in sheet
    # walk27: a small group's quote can point out a person by role or tenure, which redaction does not remove
    said = " ".join(sheet.split())
    assert "Almen har højst 26 besvarelser pr. spørgsmål: læs citaterne igennem, før de offentliggøres" in said


def test_a_quote_in_markdown_shows_its_stars_and_underscores_as_typed() -> None:
    """walk27: "*mindre*" rendered italic and "__slides__" bold, which changed the respondent's words; an
    underscore inside a word ("andre_kommentarer") is no emphasis and stays as it is."""
    from coder.files import markdown_text

    assert markdown_text("*mindre* __slides__ ~x~") == "\\*mindre\\* \\_\\_slides\\_\\_ \\~x\\~"
    assert markdown_text("andre_kommentarer") == "andre_kommentarer"


def test_json_and_the_workbook_never_round_to_another_figure_than_the_tables_show() -> None:
    """walk27: JSON rounded 27.346 to 27.35 (read 27,4 beside the tables' 27,3); the workbook stored 0.1315 for
    13.14998 %, which Excel shows as 13,2 %."""
    from decimal import ROUND_HALF_UP, Decimal

    from coder.report.render.json_doc import _r
    from coder.report.render.xlsx import fraction
    from coder.wording import half_up

    def excel(fraction_: float) -> str:  # a 0.0% format: half away from zero on the value stored
        return str(Decimal(repr(fraction_ * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    for x in (27.346, 13.14998, 12.948, 9.75, 0.0, 100.0):
        assert half_up(_r(x), 1) == half_up(x, 1)
        assert excel(fraction(x)) == half_up(x, 1), x


def test_a_csv_share_never_rounds_to_another_figure_than_the_tables_show() -> None:
    """themes.csv had 12.95 where report.md has 12,9 (of 12.948…): a writer rounding the CSV got 13,0 (walk19)."""
    from coder.report.tables import csv_number
    from coder.wording import half_up

    assert (csv_number(12.948), csv_number(22.55), csv_number(9.8), csv_number(None)) == (12.948, 22.55, 9.8, "")
    for k in range(1, 2000):
        x = 100 * k / 1999
        assert half_up(csv_number(x), 1) == half_up(x, 1), x


def test_a_qdpx_export_in_the_project_is_named_when_a_change_leaves_it_behind(tmp_path: Path) -> None:
    """After a respondent left the input, the project's own .qdpx still held their answers and nothing named it
    (walk30)."""
    out = tmp_path / "p"
    options = CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id"))
    code_file(DATA / "survey_semicolon_cp1252.csv", CODEBOOK, out, options, embedder=FakeEmbedder())
    assert run("export", str(out)).exit_code == 0
    wave = code_file(DATA / "survey_comma_utf8bom.csv", CODEBOOK, out,
                     CodeOptions(options.read, on_change="update"), embedder=FakeEmbedder())
    (said,) = [w for w in wave.warnings if "p.qdpx" in w]
    assert f"'coder export {out}'" in said and "er fra før denne ændring" in said.danish
