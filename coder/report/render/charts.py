"""PNG bar charts of theme shares with 95 % interval whiskers (drawn through coder.charts)."""

from __future__ import annotations

import math

from coder.charts import ABOVE, BELOW, BLUE, GREY, INK, RED, figure, png
from coder.report.build import Report
from coder.report.factsheet import FactSheet
from coder.report.groups import DOWN, UP, Comparison
from coder.report.layout import audit_line, chart_names, expected_line, hidden_line
from coder.report.tables import QuestionTable
from coder.text import shorten
from coder.wording import Wording

# characters per line of a chart's title: it starts at the bars, right of the theme labels, and at 9 points 95 ran
# past the 7.5-inch figure ("… Andel med temaet som primært te")
TITLE_WIDTH = 72
GROUP_WIDTH = 40  # characters of a group's name beside its bars (the table and the text give it whole)


def _bars(values: list[tuple[float, float, float]]) -> list[list[float]]:
    """Error bars (below, above) of (share, low, high): never negative, though a Wilson bound at 100 % is a hair
    below it in floating point (the chart of a theme with every answer failed on it)."""
    return [[max(p - low, 0.0) for p, low, _ in values], [max(high - p, 0.0) for p, _, high in values]]


def _name(value: str) -> str:
    """A group's name as a chart shows it: a long one is cut at a word, so it leaves room for the bars."""
    return shorten(value, GROUP_WIDTH)


def _lead(title: str) -> str:
    """A question's title before what a chart shows of it: 'Hvad kan gøres bedre? Andel …', not '…?: Andel'."""
    end = title.rstrip()[-1:]
    return f"{title} " if end and end in "?!.:" else f"{title}: "


def _style(ax, xmax: float) -> None:
    ax.set_xlim(0, xmax)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)


def _xmax(values: list[float]) -> float:
    return min(100.0, max(10.0, 10 * math.ceil((max(values, default=0) + 8) / 10)))


def _wrap(label: str, width: int = 22) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


def theme_chart(t: QuestionTable, w: Wording) -> bytes:
    """Horizontal bars: each theme's share of primary themes with its 95 % Wilson interval (and corrected share)."""
    lines = t.lines
    fig = figure(7.5, 0.55 * len(lines) + 1.3)
    ax = fig.add_subplot()
    y = list(range(len(lines)))[::-1]
    err = _bars([(x.percent, x.ci_low, x.ci_high) for x in lines])
    ax.barh(y, [x.percent for x in lines], color=BLUE, height=0.6, xerr=err, capsize=3,
            error_kw={"ecolor": INK, "lw": 0.9})
    corrected = [x for x in lines if x.corrected is not None]
    if corrected:
        yc = [yy for yy, x in zip(y, lines) if x.corrected is not None]
        ax.errorbar([x.corrected for x in corrected], [v - 0.32 for v in yc], fmt="D", ms=4, color=RED, lw=0.8,
                    xerr=_bars([(x.corrected, x.corrected_low, x.corrected_high) for x in corrected]), capsize=2,
                    label=w.t("corrected"))
        ax.legend(fontsize=7, loc="lower right", frameon=False)
    for yy, x in zip(y, lines):
        ax.text(x.ci_high + 1, yy, w.pct(x.percent), va="center", fontsize=8, color=INK)
    ax.set_yticks(y, [_wrap(x.label) for x in lines])
    _style(ax, _xmax([x.ci_high + 8 for x in lines]))
    # the chart goes into publications: how sure the codes are, without the command that makes them surer
    sure = audit_line(t, w) if t.audit is not None and t.audit.shown else expected_line(t, w)
    ax.set_xlabel(_wrap(f"% (n = {t.denominator}). {sure}".strip(), 95), fontsize=7)  # fits the 7.5-inch figure
    ax.set_title(_wrap(f"{_lead(t.title)}{w.t('chart_share')}", TITLE_WIDTH), fontsize=9, loc="left")
    fig.tight_layout()
    return png(fig)


def comparison_chart(c: Comparison, w: Wording) -> bytes:
    """One panel per theme: each group's share (95 % interval) against a dashed line at the share of all."""
    shown = [g for g in c.groups if not g.suppressed]
    themes = c.national.lines
    cols = 2 if len(themes) > 1 else 1
    rows = math.ceil(len(themes) / cols)
    fig = figure(11, rows * (0.26 * len(shown) + 1.1) + 0.6)
    xmax = _xmax([x.ci_high for g in shown for x in g.lines] + [x.percent for x in themes])
    y = list(range(len(shown)))[::-1]
    for i, nat in enumerate(themes):
        ax = fig.add_subplot(rows, cols, i + 1)
        if shown:
            lines = [g.lines[i] for g in shown]
            colors = [ABOVE if x.marker == UP else BELOW if x.marker == DOWN else GREY for x in lines]
            ax.barh(y, [x.percent for x in lines], color=colors, height=0.7,
                    xerr=_bars([(x.percent, x.ci_low, x.ci_high) for x in lines]),
                    error_kw={"ecolor": INK, "lw": 0.7, "capsize": 1.5})
            for yi, x in zip(y, lines):  # ▲/▼ beside a marked bar: its colour alone is lost in grey print (walk27)
                if x.marker:
                    ax.text(x.ci_high + 0.5, yi, x.marker, va="center", fontsize=7, color=INK)
        ax.axvline(nat.percent, color=BLUE, ls="--", lw=1.2)
        ax.set_yticks(y, [f"{_name(g.value)} ({g.denominator})" for g in shown] if i % cols == 0 else
                      [""] * len(shown))
        _style(ax, xmax)
        if i >= len(themes) - cols:  # the bottom panels: the unit of the shares
            ax.set_xlabel("%", fontsize=7)
        ax.set_title(f"{nat.label} — {w.t('all')}: {w.pct(nat.percent)}", fontsize=9, loc="left")
    note = f"{c.national.title.rstrip('.')} / {c.column}. " + w.t("chart_groups_note") + hidden_line(c, w)
    height = fig.get_figheight()
    fig.text(0.01, 0.1 / height, _wrap(note, 150), fontsize=8, ha="left", va="bottom", color="#444444")
    fig.tight_layout(rect=(0, 0.45 / height, 1, 1))
    return png(fig)


def sheet_chart(s: FactSheet, w: Wording) -> bytes:
    """Per theme two bars, the group and all answers, each with its 95 % interval."""
    lines = s.group.lines
    fig = figure(7.5, 0.8 * len(lines) + 1.4)
    ax = fig.add_subplot()
    y = [2 * i for i in range(len(lines))][::-1]
    group = _name(s.group.value)
    for offset, label, color, data in ((0.35, group, BLUE, [(x.percent, x.ci_low, x.ci_high) for x in lines]),
                                       (-0.35, w.t("all"), GREY, [(x.percent, x.ci_low, x.ci_high)
                                                                    for x in s.national.lines])):
        ax.barh([v + offset for v in y], [d[0] for d in data], height=0.7, color=color, label=label,
                xerr=_bars(data), capsize=2,
                error_kw={"ecolor": INK, "lw": 0.8})
        marks = [x.marker for x in lines] if label == group else [""] * len(lines)
        for yy, d, mark in zip(y, data, marks):  # the group's ▲/▼, as in the table beside the chart
            ax.text(d[2] + 1, yy + offset, f"{w.pct(d[0])} {mark}".rstrip(), va="center", fontsize=7,
                    color=ABOVE if mark == UP else BELOW if mark == DOWN else INK, weight="bold" if mark else "normal")
    ax.set_yticks(y, [_wrap(x.label) for x in lines])
    _style(ax, _xmax([x.ci_high + 10 for x in lines] + [x.ci_high + 10 for x in s.national.lines]))
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    marked = f". {w.t('chart_marker')}" if any(x.marker for x in lines) else ""
    sure = expected_line(s.national, w, sheet=True).strip()  # a fact sheet goes out alone: its chart says it (walk28)
    ax.set_xlabel(_wrap(f"% ({group}: n = {s.group.denominator}; {w.t('all')}: n = {s.national.denominator})"
                        f"{marked}. {sure}".rstrip(". "), 95), fontsize=8)
    ax.set_title(_wrap(f"{_lead(s.national.title)}{group} / {w.t('all')}", TITLE_WIDTH), fontsize=9,
                 loc="left")
    fig.tight_layout()
    return png(fig)


def report_charts(report: Report) -> dict[str, bytes]:
    """Every chart of the report by file name (the names the layout refers to)."""
    w = report.wording
    names = chart_names(report)
    if report.sheets:
        return {names[(s.question, s.column, s.group.value)]: sheet_chart(s, w)
                for s in report.sheets if not s.group.suppressed}
    out = {names[(t.question, None, None)]: theme_chart(t, w) for t in report.tables if t.denominator}
    for c in report.comparisons:
        if c.national.denominator and c.any_shown:  # else there are no shares to draw
            out[names[(c.question, c.column, None)]] = comparison_chart(c, w)
    return out
