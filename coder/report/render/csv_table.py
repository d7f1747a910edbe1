"""The report's numbers as one long CSV (English column names, '.' decimals, plain numbers)."""

from __future__ import annotations

from coder.files import csv_text
from coder.report.build import Report
from coder.report.groups import Group
from coder.report.tables import QuestionTable, audit_cells, csv_number
from coder.text import EMPTY, NON_ANSWER

CSV_COLUMNS = ["question", "by", "group", "denominator", "suppressed", "theme", "label", "n", "percent", "ci_low",
               "ci_high", "corrected_percent", "corrected_ci_low", "corrected_ci_high", "mentions",
               "mentions_percent", "all_percent", "diff_pp", "marker", "audit_labelled", "audit_needed",
               "non_answers", "empty"]  # the last two: all answers only (a group's would tell a hidden group's)


def _national_rows(t: QuestionTable) -> list[list[object]]:
    n = csv_number
    return [[t.question, "", "", t.denominator, 0, x.theme, x.label, x.n, n(x.percent), n(x.ci_low), n(x.ci_high),
             n(x.corrected), n(x.corrected_low), n(x.corrected_high), x.mentions, n(x.mentions_percent), n(x.percent),
             0.0, "", *audit_cells(t), t.status_counts.get(NON_ANSWER, 0), t.status_counts.get(EMPTY, 0)]
            for x in t.lines]


def _group_rows(question: str, column: str, g: Group, national: QuestionTable) -> list[list[object]]:
    n = csv_number
    if g.suppressed:
        return [[question, column, g.value, g.denominator, 1, x.theme, x.label] + [""] * 9
                + [n(x.percent), "", "", "", "", "", ""] for x in national.lines]
    return [[question, column, g.value, g.denominator, 0, x.theme, x.label, x.n, n(x.percent), n(x.ci_low),
             n(x.ci_high), "", "", "", x.mentions, n(x.mentions_percent), n(x.national), n(x.diff), x.marker,
             "", "", "", ""] for x in g.lines]


def render_csv(report: Report) -> str:
    """One line per question × (all answers or group) × theme; suppressed groups carry their n only."""
    rows: list[list[object]] = []
    for t in report.tables:
        rows += _national_rows(t)
        for c in (c for c in report.comparisons if c.question == t.question):
            for g in c.groups:
                rows += _group_rows(c.question, c.column, g, t)
        for s in (s for s in report.sheets if s.question == t.question):
            rows += _group_rows(s.question, s.column, s.group, t)
    return csv_text(CSV_COLUMNS, rows)
