"""The report's numbers for machines: one long CSV and a JSON document (English keys, '.' decimals)."""

from __future__ import annotations

import json

from coder.exports import csv_text
from coder.grouping import Group, GroupLine
from coder.report import QuestionTable, ThemeLine
from coder.reporting import Report

CSV_COLUMNS = ["question", "by", "group", "denominator", "suppressed", "theme", "label", "n", "percent", "ci_low",
               "ci_high", "corrected_percent", "corrected_ci_low", "corrected_ci_high", "mentions",
               "mentions_percent", "all_percent", "diff_pp", "marker"]


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _blank(x: float | None) -> float | str:
    return "" if x is None else round(x, 2)


def _national_rows(t: QuestionTable) -> list[list[object]]:
    return [[t.question, "", "", t.denominator, 0, x.theme, x.label, x.n, _blank(x.percent), _blank(x.ci_low),
             _blank(x.ci_high), _blank(x.corrected), _blank(x.corrected_low), _blank(x.corrected_high), x.mentions,
             _blank(x.mentions_percent), _blank(x.percent), 0.0, ""] for x in t.lines]


def _group_rows(question: str, column: str, g: Group, national: QuestionTable) -> list[list[object]]:
    if g.suppressed:
        return [[question, column, g.value, g.denominator, 1, x.theme, x.label] + [""] * 9 + [_blank(x.percent), "", ""]
                for x in national.lines]
    return [[question, column, g.value, g.denominator, 0, x.theme, x.label, x.n, _blank(x.percent), _blank(x.ci_low),
             _blank(x.ci_high), "", "", "", x.mentions, _blank(x.mentions_percent), _blank(x.national),
             _blank(x.diff), x.marker] for x in g.lines]


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


def _theme(x: ThemeLine, quotes: bool) -> dict:
    out = {"theme": x.theme, "label": x.label, "n": x.n, "percent": _r(x.percent), "ci": [_r(x.ci_low), _r(x.ci_high)],
           "corrected_percent": _r(x.corrected),
           "corrected_ci": None if x.corrected is None else [_r(x.corrected_low), _r(x.corrected_high)],
           "mentions": x.mentions, "mentions_percent": _r(x.mentions_percent)}
    return out | ({"quotes": list(x.quotes)} if quotes else {})


def _group_theme(x: GroupLine, quotes: bool) -> dict:
    out = {"theme": x.theme, "label": x.label, "n": x.n, "percent": _r(x.percent), "ci": [_r(x.ci_low), _r(x.ci_high)],
           "mentions": x.mentions, "mentions_percent": _r(x.mentions_percent), "all_percent": _r(x.national),
           "diff_pp": _r(x.diff), "marker": x.marker}
    return out | ({"quotes": list(x.quotes)} if quotes else {})


def _group(g: Group, quotes: bool) -> dict:
    return {"value": g.value, "denominator": g.denominator, "suppressed": g.suppressed,
            "themes": None if g.suppressed else [_group_theme(x, quotes) for x in g.lines]}


def render_json(report: Report) -> str:
    """The whole report as JSON: tables, comparisons and fact sheets, with the rules that produced them."""
    w, q = report.wording, report.with_text
    doc = {
        "title": report.title,
        "note": report.note,
        "locale": w.locale,
        "explanation": {"shares": w.t("explain"), "corrected": w.t("explain_corrected"),
                        "groups": w.t("explain_groups", min=report.options.min_group)},
        "options": {"by": list(report.options.by), "group": report.options.group,
                    "min_group": report.options.min_group, "quotes": report.options.quotes},
        "questions": [{"question": t.question, "denominator": t.denominator, "status_counts": t.status_counts,
                       "human_labelled": t.human_labelled, "themes": [_theme(x, q) for x in t.lines]}
                      for t in report.tables],
        "comparisons": [{"question": c.question, "by": c.column, "groups": [_group(g, q) for g in c.groups]}
                        for c in report.comparisons],
        "fact_sheets": [{"question": s.question, "by": s.column, "intro": s.intro, "paragraphs": list(s.paragraphs),
                         "group": _group(s.group, q)} for s in report.sheets],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
