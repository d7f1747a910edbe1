"""The report as a JSON document (English keys, plain numbers, the rules that produced them)."""

from __future__ import annotations

import json

from coder.classify.shares import MIN_AUDIT
from coder.report.build import Report
from coder.report.groups import Group, GroupLine
from coder.report.tables import ThemeLine, audit_cells, csv_number


def _r(x: float | None) -> float | None:
    """A share or interval as the CSV writes it: two decimals, more where two would round to another figure than
    the tables show (27.346, not 27.35, which reads 27,4 beside the tables' 27,3: walk27)."""
    return None if x is None else float(csv_number(x))


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
    return {"value": g.value, "denominator": g.denominator, "suppressed": g.suppressed, "protects": g.protects,
            "themes": None if g.suppressed else [_group_theme(x, quotes) for x in g.lines]}


def _audit(t) -> dict:
    """The audit sample behind the corrected shares, and what they still need; ``labelled_seeing_model``: drawn
    answers labelled only seeing the model's suggestion (no audit label until coded blind)."""
    labelled, needed = audit_cells(t)
    return {"drawn": t.audit.drawn if t.audit else 0, "labelled": labelled, "minimum": MIN_AUDIT, "needed": needed,
            "corrected_shown": bool(t.audit and t.audit.shown),
            "labelled_seeing_model": t.audit.seen if t.audit else 0, "skipped": t.audit.skipped if t.audit else 0,
            "held_after_skipped": t.audit.held if t.audit else 0,
            "non_answers": t.audit.non_answers if t.audit else 0,  # the corrected shares' base is then smaller:
            "base_estimate": round(t.audit.substantive * t.denominator) if t.audit else t.denominator}


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
        "questions": [{"question": t.question, "wording": t.wording or None, "denominator": t.denominator,
                       "status_counts": t.status_counts, "human_labelled": t.human_labelled, "disputed": t.disputed,
                       "audit": _audit(t),
                       "themes": [_theme(x, q) for x in t.lines]}
                      for t in report.tables],
        "comparisons": [{"question": c.question, "by": c.column, "groups": [_group(g, q) for g in c.groups]}
                        for c in report.comparisons],
        "participation": [{"value": p.value, "respondents": p.respondents, "invited": p.invited,
                           "response_rate": _r(p.rate), "no_rate": p.why or None} for p in report.participation],
        "fact_sheets": [{"question": s.question, "by": s.column, "intro": s.intro, "paragraphs": list(s.paragraphs),
                         "group": _group(s.group, q)} for s in report.sheets],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
