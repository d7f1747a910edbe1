"""Two waves side by side (``coder.report.waves``) as blocks (terminal, Markdown), CSV and JSON.

The blocks are those of the report (``coder.report.layout``): a title, what makes the waves not like for like,
then per question a table: each theme's share in the earlier and the later wave with their intervals, and the
change with its interval and marker.
"""

from __future__ import annotations

import json

from coder.files import csv_text
from coder.report.layout import Block, Heading, Paragraph, Table
from coder.report.render.md import blocks_md
from coder.report.tables import csv_number
from coder.report.waves import Share, WaveComparison, WaveLine, WaveQuestion
from coder.wording import Wording

WAVE_FORMATS = ("terminal", "md", "csv", "json", "xlsx")
CSV_COLUMNS = ["question", "before_question", "basis", "by", "group", "theme", "label", "before_n",
               "before_denominator", "before_percent", "before_ci_low", "before_ci_high", "now_n", "now_denominator",
               "now_percent", "now_ci_low", "now_ci_high", "change_pp", "change_ci_low", "change_ci_high", "marker"]


def _table(q: WaveQuestion, c: WaveComparison) -> Table:
    w = c.wording
    share = w.t("corrected") if q.corrected else w.t("share")
    header = (w.t("theme"), f"{c.before.name}: {share}", w.t("ci"), f"{c.now.name}: {share}", w.t("ci"),
              w.t("waves_change"), w.t("waves_change_ci"))
    rows = [(w.t("waves_answers"), str(q.denominators[0]), "", str(q.denominators[1]), "", "", "")]
    for x in q.lines:
        rows.append((x.label, *_cells(x.before, w), *_cells(x.now, w),
                     "–" if x.change is None else w.diff(x.change) + (f" {x.marker}" if x.marker else ""),
                     _change_ci(x.low, x.high, w)))
    return Table(header, tuple(rows), (False, True, True, True, True, True, True), first_row_total=True)


def _change_ci(low: float | None, high: float | None, w: Wording) -> str:
    """A change's interval: 1,2–8,3, or −8,3 til −1,2 where a dash would stand beside a minus sign."""
    if low is None or high is None:
        return "–"
    return w.ci(low, high) if w.num(low)[0] != "−" else f"{w.num(low)} {w.t('waves_to')} {w.num(high)}"


def _cells(s: Share | None, w: Wording) -> tuple[str, str]:
    return ("–", "–") if s is None else (w.num(s.percent), w.ci(s.low, s.high))


def _groups_table(q: WaveQuestion, c: WaveComparison) -> Table:
    """Per group its answers in each wave and each theme's change (– where the group is hidden in either wave)."""
    w = c.wording
    labels = [x.label for x in q.lines]
    header = (c.by or "", f"{c.before.name}: {w.t('n')}", f"{c.now.name}: {w.t('n')}", *labels)
    rows = []
    for g in q.groups:
        changes = {x.theme: x for x in g.lines}
        cells = ["–" if (x := changes.get(line.theme)) is None or x.change is None
                 else w.diff(x.change) + (f" {x.marker}" if x.marker else "") for line in q.lines]
        rows.append((g.value, str(g.denominators[0]), str(g.denominators[1]), *cells))
    return Table(header, tuple(rows), (False,) + (True,) * (len(header) - 1),
                 short=(c.by or "", header[1], header[2], *(x.theme for x in q.lines)))


def basis_note(q: WaveQuestion, c: WaveComparison) -> str:
    """What a question's shares are, and what ▲/▼ mean (or that there are none, and why above)."""
    w = c.wording
    basis = "waves_basis_corrected" if q.corrected else "waves_basis_raw"
    return (w.t(basis, before=c.before.name, now=c.now.name, da=q.denominators[0], dn=q.denominators[1])
            + w.t("waves_marks" if q.marked else "waves_no_marks"))


def groups_note(q: WaveQuestion, c: WaveComparison) -> str:
    w = c.wording
    return w.t("waves_groups_note", before=c.before.name, now=c.now.name, min=c.min_group,
               marks=w.t("waves_group_marks" if q.groups_marked else "waves_group_no_marks"))


def wave_blocks(c: WaveComparison) -> list[Block]:
    """The comparison as report blocks."""
    w = c.wording
    out: list[Block] = [Heading(1, c.title)]
    out += [Paragraph(n) for n in c.notices]
    for q in c.questions:
        out.append(Heading(2, q.title))
        out.append(Paragraph(basis_note(q, c), note=True))
        out.append(_table(q, c))
        if q.groups:
            out += [Heading(3, w.t("by_title", question=q.title, column=c.by)), Paragraph(groups_note(q, c), note=True),
                    _groups_table(q, c)]
    return out


def waves_md(c: WaveComparison) -> str:
    return blocks_md(wave_blocks(c))


def _share_cells(s: Share | None) -> list[object]:
    return ["", "", "", "", ""] if s is None else [s.n, s.denominator, csv_number(s.percent), csv_number(s.low),
                                                   csv_number(s.high)]


def waves_csv(c: WaveComparison) -> str:
    """One line per question and theme (English column names, '.' decimals, plain numbers)."""
    def line(q: WaveQuestion, basis: str, group: str, x: WaveLine) -> list[object]:
        return [q.question, q.before_question, basis, c.by or "" if group else "", group, x.theme, x.label,
                *_share_cells(x.before), *_share_cells(x.now), csv_number(x.change), csv_number(x.low),
                csv_number(x.high), x.marker]

    rows = []
    for q in c.questions:
        rows += [line(q, "corrected" if q.corrected else "coded", "", x) for x in q.lines]
        rows += [line(q, "coded", g.value, x) for g in q.groups for x in g.lines]  # hidden groups: no lines
    return csv_text(CSV_COLUMNS, rows)


def _wave_doc(name: str, wave) -> dict:
    run = wave.run
    return {"name": name, "codebook": {"name": run.codebook.name, "version": run.codebook.version,
                                       "fingerprint": run.codebook.fingerprint()},
            "model": run.model_id, "input": run.input_path, "run_started": str(run.started_at)[:19] + "Z",
            "classifier": run.settings.classifier, "labels": dict(run.settings.labels),
            "adapted": run.settings.adapted}


def waves_json(c: WaveComparison) -> str:
    """The comparison's numbers (plain numbers, 2 decimals), the two runs and the notices."""
    def share(s: Share | None) -> dict | None:
        return None if s is None else {"n": s.n, "denominator": s.denominator, "percent": csv_number(s.percent),
                                       "ci_low": csv_number(s.low), "ci_high": csv_number(s.high)}

    doc = {"before": _wave_doc(c.before.name, c.before), "now": _wave_doc(c.now.name, c.now),
           "notices": list(c.notices),
           "questions": [{"question": q.question, "before_question": q.before_question,
                          "basis": "corrected" if q.corrected else "coded",
                          "themes": [{"theme": x.theme, "label": x.label, "before": share(x.before),
                                      "now": share(x.now), "change_pp": csv_number(x.change) if x.change is not None
                                      else None, "change_ci_low": None if x.low is None else csv_number(x.low),
                                      "change_ci_high": None if x.high is None else csv_number(x.high),
                                      "marker": x.marker} for x in q.lines],
                          "groups": [{"by": c.by, "value": g.value, "denominators": list(g.denominators),
                                      "shown": bool(g.lines),
                                      "themes": [{"theme": x.theme, "change_pp": csv_number(x.change),
                                                  "change_ci_low": csv_number(x.low),
                                                  "change_ci_high": csv_number(x.high), "marker": x.marker,
                                                  "before": share(x.before), "now": share(x.now)}
                                                 for x in g.lines]} for g in q.groups]}
                         for q in c.questions]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
