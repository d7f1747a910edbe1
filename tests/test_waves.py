"""coder compare: two waves of a survey side by side, with the change and its interval."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, FakeEmbedder
from typer.testing import CliRunner

from coder.cli import app
from coder.codebook import load_codebook
from coder.errors import CoderError
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.report.groups import DOWN, UP, shown_difference
from coder.report.tables import csv_number, wilson
from coder.report.waves import Share, change_interval, compare_waves
from coder.store import Store

DATA_ANSWER = "Mere data om egne patienter og klyngedata"
SOCIAL_ANSWER = "Mere socialt samvær med kolleger og netværk"


def _share(k: int, n: int) -> Share:
    low, high = wilson(k, n)
    return Share(100 * k / n, 100 * low, 100 * high, k, n)


def test_change_interval_matches_newcombes_worked_examples() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, table II, method 10 (hybrid score): 56/70 − 48/80 and 9/10 − 3/10
    assert change_interval(_share(56, 70), _share(48, 80)) == pytest.approx((5.24, 33.39), abs=0.01)
    assert change_interval(_share(9, 10), _share(3, 10)) == pytest.approx((17.05, 80.90), abs=0.01)


def _wave(tmp_path: Path, name: str, answers: list[str], column: str = "forbedringer",
          codebook: Path = ROOT / "codebooks" / "klynger.yaml") -> Path:
    path = tmp_path / f"{name}.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", column])
        w.writerows([f"{name}-{i}", a] for i, a in enumerate(answers))
    out = tmp_path / name
    code_file(path, load_codebook(codebook), out, CodeOptions(ReadOptions((column,), "id")), embedder=FakeEmbedder())
    return out


def _themes_csv(project: Path) -> dict[str, dict[str, str]]:
    with open(project / "themes.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["theme"]: r for r in csv.DictReader(fh)}


@pytest.fixture
def waves(tmp_path: Path) -> tuple[Path, Path]:
    before = _wave(tmp_path, "2025", [DATA_ANSWER + f" nr {i}" for i in range(24)] + [SOCIAL_ANSWER] * 6)
    now = _wave(tmp_path, "2026", [DATA_ANSWER + f" nr {i}" for i in range(6)] + [SOCIAL_ANSWER + f" {i}" for i in
                                                                                range(24)])
    return before, now


def test_each_waves_shares_are_its_own_projects_and_the_change_subtracts_them(waves) -> None:
    before, now = waves
    c = compare_waves(now, before)
    (q,) = c.questions
    assert (c.before.name, c.now.name, q.corrected, q.denominators) == ("2025", "2026", False, (30, 30))
    published = {"before": _themes_csv(before), "now": _themes_csv(now)}
    for x in q.lines:
        for side in ("before", "now"):
            share = getattr(x, side)
            row = published[side][x.theme]
            assert (share.n, csv_number(share.percent)) == (int(row["n"]), float(row["percent"]))
            assert (csv_number(share.low), csv_number(share.high)) == (float(row["ci_low"]), float(row["ci_high"]))
        assert x.change == pytest.approx(shown_difference(x.now.percent, x.before.percent))
        assert x.low < x.now.percent - x.before.percent < x.high
        assert x.marker == (UP if x.low > 0 else DOWN if x.high < 0 else "")
    lines = {x.theme: x for x in q.lines}
    assert lines["data"].marker == DOWN and lines["social"].marker == UP  # 24 of 30 → 6 of 30 and back
    assert lines["indhold"].marker == ""
    assert not c.notices  # same codebook, model and way of coding: like for like


def test_two_codebooks_with_the_same_name_and_version_are_told_apart(tmp_path: Path) -> None:
    """'forskellige kodebøger (2025: Kvalitetsklynger v1.0; 2026: Kvalitetsklynger v1.0)' told a reader nothing
    (walk15): the content's fingerprint does."""
    from coder.codebook import load_codebook

    text = (ROOT / "codebooks" / "klynger.yaml").read_text(encoding="utf-8").replace("keywords: [", "keywords: [møde, ",
                                                                                      1)
    (tmp_path / "edited.yaml").write_text(text, encoding="utf-8")
    before = _wave(tmp_path, "2025", [DATA_ANSWER, SOCIAL_ANSWER] * 4)
    now = _wave(tmp_path, "2026", [DATA_ANSWER, SOCIAL_ANSWER] * 4, codebook=tmp_path / "edited.yaml")
    notices = " ".join(compare_waves(now, before).notices)
    print_ = load_codebook(tmp_path / "edited.yaml").fingerprint()
    assert "forskellige kodebøger" in notices and f"v1.0 ({print_})" in notices


def test_another_codebook_a_renamed_question_and_a_theme_in_one_wave_only_are_said(tmp_path: Path) -> None:
    text = (ROOT / "codebooks" / "klynger.yaml").read_text(encoding="utf-8").replace('version: "1.0"', 'version: "2.0"')
    text = text.replace("  - id: andet", "  - id: ledelse\n    label: Ledelse\n    description: Om ledelsen af klyngen."
                                          "\n    keywords: [ledelse, leder]\n  - id: andet")
    (tmp_path / "v2.yaml").write_text(text, encoding="utf-8")
    before = _wave(tmp_path, "2025", [DATA_ANSWER, SOCIAL_ANSWER, "Bedre ledelse af klyngen tak"] * 4)
    now = _wave(tmp_path, "2026", [DATA_ANSWER, SOCIAL_ANSWER, "Bedre ledelse af klyngen tak"] * 4, column="forslag",
                codebook=tmp_path / "v2.yaml")
    with pytest.raises(CoderError, match="share no question .*--question NOW=BEFORE"):
        compare_waves(now, before)
    c = compare_waves(now, before, {"forslag": "forbedringer"})
    (q,) = c.questions
    assert (q.question, q.before_question) == ("forslag", "forbedringer")
    notices = " ".join(c.notices)
    assert "forskellige kodebøger" in notices and "v1.0" in notices and "v2.0" in notices
    assert "»Ledelse« findes kun i kodebogen for 2026" in notices
    ledelse = next(x for x in q.lines if x.theme == "ledelse")
    assert ledelse.before is None and ledelse.now is not None and ledelse.change is None and ledelse.marker == ""
    with pytest.raises(CoderError, match="'nope' is no question of the later project"):
        compare_waves(now, before, {"nope": "forbedringer"})
    prefixed = compare_waves(now, before, {"Forsl": "forbed"})  # the start of each name, as --question takes it
    assert [(x.question, x.before_question) for x in prefixed.questions] == [("forslag", "forbedringer")]


def test_waves_adapted_to_different_questions_are_not_like_for_like(tmp_path: Path) -> None:
    """Adapting learns from all of a run's questions together: coding a second question moved 52 of 399 codes of
    the first, and compare said nothing (walk14)."""
    path = tmp_path / "both.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "forbedringer", "kommentar"])
        w.writerows([f"R{i}", f"{DATA_ANSWER} nr {i}" if i % 2 else f"{SOCIAL_ANSWER} nr {i}", f"Godt initiativ {i}"]
                    for i in range(40))
    projects = {}
    for name, columns in (("2025", ("forbedringer",)), ("2026", ("forbedringer", "kommentar"))):
        projects[name] = tmp_path / name
        code_file(path, load_codebook(ROOT / "codebooks" / "klynger.yaml"), projects[name],
                  CodeOptions(ReadOptions(columns, "id")), embedder=FakeEmbedder())
    said = " ".join(compare_waves(projects["2026"], projects["2025"]).notices)
    assert "tilpassede kodebogen til forskellige sæt spørgsmål (2025: forbedringer; 2026: forbedringer, kommentar)" \
        in said


def test_compare_on_the_command_line(waves, tmp_path: Path) -> None:
    before, now = waves
    runner = CliRunner()
    result = runner.invoke(app, ["compare", str(now), str(before), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["theme"] for r in rows} == set(load_codebook(ROOT / "codebooks" / "klynger.yaml").ids)
    assert all(r["basis"] == "coded" and r["before_denominator"] == "30" for r in rows)
    md = runner.invoke(app, ["compare", str(now), str(before), "-f", "md", "--before-name", "Før", "--now-name", "Nu"])
    assert md.exit_code == 0 and "| Tema | Før: Andel % |" in md.output and "****" not in md.output
    assert "Ændring (pct.-point)" in md.output and " til " in md.output  # a negative interval reads "−x til −y"
    doc = json.loads(runner.invoke(app, ["compare", str(now), str(before), "-f", "json"]).output)
    assert doc["before"]["name"] == "2025" and doc["questions"][0]["basis"] == "coded"
    for args, said in ((["compare", str(now), str(now)], "det samme projekt to gange"),
                       (["compare", str(now), str(before), "-q", "forbedringer"], "angiv spørgsmålets navn i hvert "
                                                                                  "projekt som NU=FØR"),
                       (["compare", str(now), str(before), "-f", "pdf"], "ukendt format"),
                       (["compare", str(now), str(before), "-f", "xlsx"], "angiv filen med --out"),
                       (["compare", str(now), str(tmp_path / "nowhere")], "nowhere")):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2 and said in bad.output and "Traceback" not in bad.output, bad.output


def test_compare_as_a_workbook_holds_the_same_numbers(waves, tmp_path: Path) -> None:
    """--format xlsx: shares as fractions and changes as points, the numbers of the csv, Danish headers, and the
    notices; the same comparison gives the same bytes."""
    from openpyxl import load_workbook

    before, now = waves
    runner = CliRunner()
    out = tmp_path / "compare.xlsx"
    result = runner.invoke(app, ["compare", str(now), str(before), "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = out.read_bytes()
    assert runner.invoke(app, ["compare", str(now), str(before), "-f", "xlsx", "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == first
    wb = load_workbook(out)
    assert wb.sheetnames == ["Om sammenligningen", "forbedringer"]
    assert [c.value for c in wb["Om sammenligningen"][4]][:2] == ["2025", "Kvalitetsklynger – hvad gør klyngemøderne "
                                                                          "bedre v1.0"]
    ws = wb["forbedringer"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Tema", "2025: n", "2025: Andel %"] and header[9] == "Ændring (pct.-point)"
    rows = {r["label"]: r for r in csv.DictReader(io.StringIO(runner.invoke(
        app, ["compare", str(now), str(before), "-f", "csv"]).output))}
    cells = {r[0].value: r for r in ws.iter_rows(min_row=3) if r[0].value in rows}
    assert len(cells) == len(rows)
    for label, r in rows.items():
        row = cells[label]
        assert row[1].value == int(r["before_n"]) and row[5].value == int(r["now_n"])
        assert row[2].value == pytest.approx(float(r["before_percent"]) / 100, abs=1e-4)
        assert row[9].value == pytest.approx(float(r["change_pp"]), abs=0.05)
        assert row[10].value == pytest.approx(float(r["change_ci_low"]), abs=0.01)
        assert ("▼" in row[9].number_format) == (r["marker"] == DOWN)


def test_corrected_shares_are_compared_only_where_both_waves_have_them() -> None:
    from coder.report.tables import QuestionTable, ThemeLine
    from coder.report.waves import compare_question

    def table(corrected: bool) -> QuestionTable:
        lines = (ThemeLine("data", "Data", 20, 40.0, 27.6, 53.8, 20, 40.0, (),
                           *((35.0, 20.0, 50.0) if corrected else (None, None, None))),
                 ThemeLine("andet", "Andet", 30, 60.0, 46.2, 72.4, 30, 60.0, (),
                           *((65.0, 50.0, 80.0) if corrected else (None, None, None))))
        return QuestionTable("q", 50, {}, lines, 0)

    both = compare_question(table(True), table(True))
    data = both.lines[0]
    assert both.corrected and (data.now.percent, data.now.low, data.now.high) == (35.0, 20.0, 50.0)
    assert data.change == 0.0 and data.low == pytest.approx(-(15 ** 2 + 15 ** 2) ** 0.5)
    one = compare_question(table(True), table(False))
    assert not one.corrected and one.lines[0].now.percent == 40.0  # the codes as they stand, in both waves


def test_groups_are_compared_where_both_waves_show_them(tmp_path: Path) -> None:
    """--by: each group's change per theme; a group hidden (too few answers) in either wave shows none."""
    def wave(name: str, data_share: dict[str, int], adapt: bool = False) -> Path:
        path = tmp_path / f"{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(["id", "speciale", "forbedringer"])
            n = 0
            for group, (k, size) in data_share.items():
                for i in range(size):
                    n += 1
                    w.writerow([f"{name}-{n}", group, (DATA_ANSWER if i < k else SOCIAL_ANSWER) + f" {n}"])
        out = tmp_path / (name + ("-adapted" if adapt else ""))
        code_file(path, load_codebook(ROOT / "codebooks" / "klynger.yaml"), out,
                  CodeOptions(ReadOptions(("forbedringer",), "id"), adapt=adapt), embedder=FakeEmbedder())
        return out

    before = wave("2025", {"Radiologi": (18, 20), "Psykiatri": (10, 20), "Kirurgi": (1, 3)})
    now = wave("2026", {"Radiologi": (4, 20), "Psykiatri": (10, 20), "Kirurgi": (2, 8)})
    # walk23: waves coded adapted to their own answers showed ▲/▼ on 11.5 % of lines where nothing changed
    adapted = compare_waves(wave("2026", {"Radiologi": (4, 20), "Psykiatri": (10, 20)}, adapt=True), before,
                            by="speciale")
    assert not [x for q in adapted.questions for x in (*q.lines, *(y for g in q.groups for y in g.lines))
                if x.marker]
    assert [x for q in adapted.questions for x in q.lines if x.change]  # the changes themselves stay
    # walk40: an interval of the change that excludes 0 was read as significant where the markers were withheld
    assert all(x.low is None and x.high is None for q in adapted.questions
               for x in (*q.lines, *(y for g in q.groups for y in g.lines)))
    (said,) = [n for n in adapted.notices if "Ingen ▲/▼" in n]
    assert "2026-adapted er kodet tilpasset egne svar" in said and "--no-adapt" in said
    from coder.report.render.waves import waves_md

    md = " ".join(waves_md(adapted).split())  # walk26: the tables still explained markers that cannot show
    assert ("Ingen ▲/▼ og intet interval for ændringen her (runden er kodet tilpasset egne svar, hvilket selv flytter "
            "koder): se bemærkningerne om sammenligningen.") in md  # walk41: on a sheet alone too
    assert "(ingen ▲/▼ og intet interval for ændringen her: se bemærkningerne om sammenligningen)" in md
    assert "▲/▼: ændringens 95 %-interval udelukker 0" not in md and "▲/▼ hvor dens 95 %-interval" not in md
    plain = " ".join(waves_md(compare_waves(now, before, by="speciale")).split())
    assert "▲/▼: ændringens 95 %-interval udelukker 0" in plain and "Ingen ▲/▼ og intet interval" not in plain
    without = _wave(tmp_path, "uden", [DATA_ANSWER, SOCIAL_ANSWER] * 4)  # no speciale column: say which wave
    with pytest.raises(CoderError, match=f"^{re.escape(str(without))}: --by speciale: column not found"):
        compare_waves(now, without, by="speciale")
    c = compare_waves(now, before, by="speciale")
    groups = {g.value: g for g in c.questions[0].groups}
    radiologi = {x.theme: x for x in groups["Radiologi"].lines}
    assert groups["Radiologi"].denominators == (20, 20) and radiologi["data"].marker == DOWN
    assert radiologi["data"].change == pytest.approx(shown_difference(radiologi["data"].now.percent,
                                                                      radiologi["data"].before.percent))
    assert groups["Kirurgi"].lines == () and groups["Kirurgi"].denominators == (3, 8)  # 3 answers in 2025: hidden
    rows = list(csv.DictReader(io.StringIO(__import__("coder.report.render.waves", fromlist=["waves_csv"])
                                           .waves_csv(c))))
    # 2025 hides Psykiatri too: Kirurgi's 3 answers alone could be worked out from all answers less the rest
    assert groups["Psykiatri"].lines == () and {r["group"] for r in rows if r["by"] == "speciale"} == {"Radiologi"}
    md = __import__("coder.report.render.waves", fromlist=["waves_md"]).waves_md(c)
    assert "| Kirurgi | 3 | 8 | – |" in md
    low = compare_waves(now, before, by="speciale", min_group=3)  # --min-group 3: Kirurgi's 3 answers are enough
    assert {g.value for g in low.questions[0].groups if g.lines} == {"Radiologi", "Psykiatri", "Kirurgi"}
    assert "fewer than 3" in __import__("coder.report.render.waves", fromlist=["waves_md"]).waves_md(low).replace(
        "færre end 3", "fewer than 3")
    # walk38: a wave that spells a group in capitals names it so; it is the same group, compared
    shouting = wave("2026b", {"RADIOLOGI": (4, 20), "Psykiatri": (10, 20), "Kirurgi": (2, 8)})
    spelled = {g.value: g for g in compare_waves(shouting, before, by="speciale").questions[0].groups}
    assert "Radiologi" not in spelled and spelled["RADIOLOGI"].denominators == (20, 20) and spelled["RADIOLOGI"].lines
    (said,) = [n for n in compare_waves(shouting, before, by="speciale").notices if "stavet anderledes" in n]
    assert said.endswith("med navnet fra 2026b: »Radiologi« (2025) som »RADIOLOGI« (2026b).")  # walk41: said now


def test_reviewer_codes_in_one_wave_only_are_said(waves) -> None:
    """The earlier wave's shares held 35 reviewer codes and the later's none, and compare called both the codebook
    alone (walk20): a change can be the reviewers'."""
    before, now = waves
    store = Store.open_project(before)
    store.record_decisions([(f"2025-{i}::forbedringer", "anna", ("kritik",), "") for i in range(3)])
    store.close()
    notices = " ".join(compare_waves(now, before).notices)
    assert "»forbedringer«: en persons kode står for 0 svar i 2026 og 3 i 2025, modellens for resten" in notices


def test_respondents_in_both_waves_are_counted(tmp_path: Path, waves) -> None:
    """walk40: 120 of 400 respondents of 2026 were 2025's, and compare took the waves as independent without a word."""
    before, now = waves
    assert not [n for n in compare_waves(now, before).notices if "respondenter (efter deres id)" in n]
    path = tmp_path / "again.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "forbedringer"])
        w.writerows([f"2025-{i}", DATA_ANSWER + f" igen {i}"] for i in range(7))  # seven of 2025's ids again
        w.writerows([f"ny-{i}", SOCIAL_ANSWER + f" {i}"] for i in range(20))
    again = tmp_path / "again"
    code_file(path, load_codebook(ROOT / "codebooks" / "klynger.yaml"), again,
              CodeOptions(ReadOptions(("forbedringer",), "id")), embedder=FakeEmbedder())
    (said,) = [n for n in compare_waves(again, before).notices if "respondenter (efter deres id)" in n]
    assert said.startswith("7 respondenter (efter deres id) er med i både 2025 og again")
