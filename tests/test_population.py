"""Response rates per group from a population file (coder report --by COL --population FILE)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_report import report_of, row

from coder.errors import CoderError, InputError
from coder.report.layout import layout
from coder.report.population import NOT_NAMED, TOO_MANY, read_population
from coder.report.render.json_doc import render_json
from coder.report.render.md import render_md
from coder.text import EMPTY


def _rows() -> list:
    rows = [row("Radiologi", "indhold", respondent=f"R{i}") for i in range(9)]
    rows += [row("Radiologi", None, "", status=EMPTY, respondent="R9")]  # a respondent who left the question empty
    rows += [row("Psykiatri", "data", respondent=f"P{i}") for i in range(12)]
    rows += [row("Kirurgi", "data", respondent=f"K{i}") for i in range(6)]
    return rows


def test_the_population_file_is_read_with_its_thousands_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_text("speciale;region;inviterede\nRadiologi;Syd;23\nPsykiatri ;Nord;1.031\n", encoding="utf-8")
    assert read_population(path) == (("Radiologi", 23), ("Psykiatri", 1031))  # the count column, values cleaned
    for text, said in (("speciale\nRadiologi\n", "needs two columns"),
                       ("speciale;inviterede\nRadiologi;mange\n",
                        "line 2: 'mange' in 'inviterede' is not a whole number"),  # the value named (walk15)
                       ("speciale;region;inviterede\nRadiologi;Syd;mange\n",
                        "no column of whole numbers beside 'speciale'"),
                       ("speciale;inviterede\n", "no data rows below the header; give a CSV or XLSX of the groups"),
                       ("speciale;inviterede\nRadiologi;3\nRadiologi;4\n", "'Radiologi' is named twice"),
                       ("speciale;inviterede\nRadiologi;3\nRADIOLOGI;4\n",  # walk38: the second was ignored
                        "'RADIOLOGI' is named twice \\(as 'Radiologi': groups that differ only in capitals")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=said):
            read_population(path)


def test_each_group_gets_its_response_rate_and_says_why_where_it_has_none() -> None:
    population = (("Radiologi", 23), ("psykiatri", 10), ("Neurologi", 7))  # a case typo; Kirurgi missing
    report = report_of(_rows(), by=("speciale",), population=population, population_file="pop.csv")
    rates = {p.value: p for p in report.participation}
    assert (rates["Radiologi"].respondents, rates["Radiologi"].invited) == (10, 23)  # the empty answer is a respondent
    assert rates["Radiologi"].rate == pytest.approx(100 * 10 / 23)
    assert rates["Psykiatri"].why == TOO_MANY and rates["Psykiatri"].rate is None  # 12 respondents of 10 invited
    assert rates["Kirurgi"].why == NOT_NAMED and rates["Neurologi"].respondents == 0
    md = render_md(report)
    assert "## Svarprocent efter speciale" in md and "| Radiologi | 10 | 23 | 43,5 |" in md
    assert "| Kirurgi | 6 | – | ikke i populationsfilen |" in md and "flere respondenter end inviterede" in md
    assert "| **Alle** | **28** |" in md and "(2 grupper har ingen)" in md  # no rate for all where groups lack one
    doc = json.loads(render_json(report))
    assert {"value": "Radiologi", "respondents": 10, "invited": 23, "response_rate": 43.48, "no_rate": None} in \
        doc["participation"]
    from openpyxl import load_workbook

    from coder.report.render.xlsx import render_xlsx

    ws = load_workbook(io.BytesIO(render_xlsx(report)))["Svarprocent"]  # fact sheets are put together in Excel
    cells = {r[0]: r[1:] for r in ws.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert cells["Radiologi"][:2] == (10, 23) and cells["Radiologi"][2] == pytest.approx(10 / 23, abs=1e-4)
    assert cells["Kirurgi"] == (6, "–", "ikke i populationsfilen") and cells["Alle"][2] == "– (2 grupper har ingen)"


def test_all_respondents_get_a_rate_when_every_group_has_one_and_a_fact_sheet_opens_with_its_own() -> None:
    population = (("Radiologi", 23), ("Psykiatri", 20), ("Kirurgi", 7))
    report = report_of(_rows(), by=("speciale",), population=population)
    assert "| **Alle** | **28** | **50** | **56,0** |" in render_md(report)
    sheet = report_of(_rows(), by=("speciale",), group="Radiologi", population=population)
    texts = [b.text for b in layout(sheet) if hasattr(b, "text")]
    assert ("Inden for Radiologi har 10 ud af 23 besvaret spørgeskemaet, hvilket svarer til en svarprocent på "
            "43,5 %.") in texts
    population = (("Radiologi", 23), ("Psykiatri", 10))  # walk37: a group without a rate opened with nothing
    for group, why in (("Kirurgi", "ikke i populationsfilen"), ("Psykiatri", "flere respondenter end inviterede")):
        sheet = report_of(_rows(), by=("speciale",), group=group, population=population)
        texts = [b.text for b in layout(sheet) if hasattr(b, "text")]
        assert f"Ingen svarprocent for {group}: {why}" in " ".join(texts)
    with pytest.raises(CoderError, match="--population needs exactly one --by column"):
        report_of(_rows(), population=population)


def test_a_file_of_another_columns_groups_is_refused() -> None:
    """A region;n file given with --by speciale showed every group 'not in the population file' and a made-up group
    at 0,0 % (walk31)."""
    population = (("Hovedstaden", 40), ("Sjælland", 30))
    with pytest.raises(InputError, match=r"none of its groups \(Hovedstaden, Sjælland …\) is a value of 'speciale'"):
        report_of(_rows(), by=("speciale",), population=population, population_file="pop.csv")


def test_values_that_differ_only_in_capitals_are_one_group_and_the_report_says_so() -> None:
    """walk37: one 'Øre-Næse-Hals' beside 79 'Øre-næse-hals' was a group of its own, and the population file
    (matched ignoring case) gave both all 118 invited: a response rate of 0,8 %, the specialty's own nowhere."""
    rows = [row("Øre-næse-hals", "indhold", respondent=f"O{i}") for i in range(7)]
    rows += [row("Øre-Næse-Hals", "data", respondent="O7"), row("ØRE-NÆSE-HALS", "data", respondent="O8")]
    rows += [row("Psykiatri", "data", respondent=f"P{i}") for i in range(6)]
    population = (("Øre-næse-hals", 12), ("Psykiatri", 10))
    report = report_of(rows, by=("speciale",), population=population, min_group=5)
    assert [(g.value, g.denominator) for g in report.comparisons[0].groups] == [("Psykiatri", 6), ("Øre-næse-hals", 9)]
    rates = {p.value: (p.respondents, p.invited) for p in report.participation}
    assert rates == {"Psykiatri": (6, 10), "Øre-næse-hals": (9, 12)}
    md = " ".join(render_md(report).split())
    said = ("Læst som én gruppe, da de kun adskiller sig ved store og små bogstaver, mellemrum eller bindestreger: "
            "»ØRE-NÆSE-HALS«, »Øre-Næse-Hals« som »Øre-næse-hals«.")
    assert md.count(said) == 2  # under the group table and under the response rates (walk38)
    sheet = report_of(rows, by=("speciale",), group="øre-næse-hals", population=population)
    assert sheet.sheets[0].group.denominator == 9  # a fact sheet of the group holds all its spellings


def test_a_tie_between_spellings_is_not_named_in_capitals() -> None:
    from coder.report.groups import spellings

    assert spellings(["ANÆSTESIOLOGI", "Anæstesiologi"])["ANÆSTESIOLOGI"] == "Anæstesiologi"  # walk38
    assert spellings(["radiologi", "Radiologi", "Radiologi"])["radiologi"] == "Radiologi"


def test_values_that_differ_in_spaces_or_punctuation_are_one_group_too() -> None:
    """walk40: 'Dermatovenerologi' one year and 'Dermato-venerologi' the other were two half-empty rows."""
    from coder.report.groups import spellings

    names = spellings(["Dermato-venerologi", "Dermatovenerologi", "Dermatovenerologi", "Almen medicin",
                       "Almen-medicin", "Øre", "Oere"])
    assert names["Dermato-venerologi"] == "Dermatovenerologi" and names["Almen-medicin"] == "Almen medicin"
    assert names["Øre"] != names["Oere"]  # other letters are another group


def test_values_that_differ_in_a_sign_stay_apart() -> None:
    """walk41: with every sign dropped, '<10 år' and '>10 år' were one group of 373, and '1' was merged into '-1'."""
    from coder.report.groups import spellings

    values = ["<10 år", ">10 år", ">10 år", "-1", "1", "-2", "2", "2"]
    assert spellings(values) == {v: v for v in values}


def test_dashes_spaces_around_a_hyphen_or_slash_and_a_full_stop_make_no_other_group() -> None:
    """walk42: '50–59 år' (Excel's en dash) beside '50-59 år', 'Gynækologi / obstetrik' beside 'Gynækologi/obstetrik'
    and 'Radiologi.' were groups of their own; a tie is named by a spelling with a capital first."""
    from coder.report.groups import group_key, spellings

    for a, b in (("50-59 år", "50–59 år"), ("50-59 år", "50 - 59 år"), ("Gynækologi/obstetrik",
                                                                      "Gynækologi / obstetrik"),
                 ("Radiologi", "Radiologi.")):
        assert group_key(a) == group_key(b), (a, b)
    assert group_key("-1") != group_key("1") and group_key("<10 år") != group_key(">10 år")
    assert spellings(["plastik-kirurgi", "Plastikkirurgi"])["plastik-kirurgi"] == "Plastikkirurgi"
