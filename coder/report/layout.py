"""The report as a list of blocks (headings, paragraphs, tables of strings, quotes, charts).

Markdown, HTML and the terminal each render these blocks, so every format says the same thing in the
same order; the spreadsheet and data formats (XLSX, CSV, JSON) work from the numbers instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from coder.classify.shares import MIN_AUDIT
from coder.report.build import Report
from coder.report.factsheet import FactSheet
from coder.report.groups import UNKNOWN, Comparison
from coder.report.population import NOT_NAMED, TOO_MANY, Participation, lacking, total
from coder.report.quotes import QUOTE_FLOOR
from coder.report.tables import QuestionTable
from coder.text import EMPTY, NEEDS_REVIEW, NON_ANSWER, fingerprinted, slug
from coder.wording import Wording


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # small print: explanations and run details


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-align these columns
    first_row_total: bool = False  # the first row is the all-answers row
    short: tuple[str, ...] = ()  # shorter headers (theme ids) for a screen too narrow for the labels
    optional: tuple[int, ...] = ()  # columns a screen too narrow for the table leaves out (said below it)
    band: int = 1  # after the first two, columns go together in runs of this many (a share and its interval)

    def without(self, columns: tuple[int, ...]) -> "Table":
        """The table less these columns."""
        keep = [j for j in range(len(self.header)) if j not in columns]
        return Table(tuple(self.header[j] for j in keep), tuple(tuple(r[j] for j in keep) for r in self.rows),
                     tuple(self.numeric[j] for j in keep), self.first_row_total,
                     tuple(self.short[j] for j in keep) if self.short else (), band=self.band)


@dataclass(frozen=True)
class Quotes:
    label: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    name: str  # file name of the PNG, as written by coder.report.render.charts
    alt: str


Block = Union[Heading, Paragraph, Table, Quotes, Chart]


def chart_name(question: str, column: str | None = None, group: str | None = None) -> str:
    name = "-".join(p for p in (question, column, group) if p)
    tag = slug(name)
    if len(tag) > 120:  # a file name has room for 255 bytes: cut, with a fingerprint of the whole
        tag = fingerprinted(tag, name, 100)
    return "chart-" + tag + ".png"


ChartKey = tuple[str, "str | None", "str | None"]  # question, --by column, group


def chart_names(report: Report) -> dict[ChartKey, str]:
    """Every chart's file name, unique within the report: names whose slugs fall together ('Forbedringer' and
    'forbedringer?') get -2, -3 … in report order (they overwrote each other)."""
    keys: list[ChartKey] = ([(s.question, s.column, s.group.value) for s in report.sheets] if report.sheets else
                            [(t.question, None, None) for t in report.tables]
                            + [(c.question, c.column, None) for c in report.comparisons])
    out: dict[ChartKey, str] = {}
    used: set[str] = set()
    tags = {(s.question, s.column, s.group.value): s.tag for s in report.sheets if s.tag}
    for k in keys:
        base = chart_name(k[0], k[1], tags.get(k, k[2])).removesuffix(".png")
        name, n = f"{base}.png", 2
        while name in used:
            name, n = f"{base}-{n}.png", n + 1
        used.add(name)
        out[k] = name
    return out


def denominator_line(t: QuestionTable, w: Wording) -> str:
    c = t.status_counts
    text = w.plural(t.denominator, "denominator", non=c[NON_ANSWER], empty=c[EMPTY], empty_word=w.empties(c[EMPTY]),
                    non_word=w.non_answers(c[NON_ANSWER]))
    return (text + (w.t("review", n=c[NEEDS_REVIEW]) if c[NEEDS_REVIEW] else "") + "."
            + (w.plural(t.disputed, "disputed_open") if t.disputed else ""))


def audit_line(t: QuestionTable, w: Wording) -> str:
    """Whether the corrected shares are shown, and if not, how many more audited answers they need; drawn
    answers labelled only seeing the model are named with the command that asks for them blind."""
    a = t.audit
    if a is None:
        return expected_line(t, w) + w.t("audit_lapsed" if t.audit_lapsed else "audit_none", min=MIN_AUDIT)
    seen = w.plural(a.seen, "audit_seen", size=max(a.drawn, a.minimum)) if a.seen else ""
    if a.held:
        seen += w.plural(a.skipped, "audit_skipped", held=a.held, size=max(a.drawn, a.minimum))
    if not a.shown:
        short = w.t("audit_short", n=a.labelled, min=a.minimum, needed=a.needed, size=max(a.drawn, a.minimum))
        return expected_line(t, w) + short + (w.plural(a.disputed, "audit_disputed") if a.disputed else "") + seen
    base = (w.plural(a.non_answers, "audit_base", base=round(a.substantive * t.denominator), n_all=t.denominator)
            if a.non_answers else "")
    unseen = w.plural(t.flagged, "audit_flagged_unseen") if t.flagged else ""  # never drawn: "Intet" (walk23)
    return w.t("audit_shown", n=a.labelled) + base + unseen + seen + apart_line(t, w)


def apart_line(t: QuestionTable, w: Wording, key: str = "audit_apart") -> str:
    """The themes whose model share lies outside their corrected share's interval (reviewers' labels the model
    learned from, or its own errors, moved it), named so that nobody publishes the model's share beside it."""
    apart = [w.t("audit_apart_theme", label=x.label, share=w.pct(x.percent), low=w.num(x.corrected_low),
                 high=w.num(x.corrected_high)) for x in t.lines
             if None not in (x.percent, x.corrected_low, x.corrected_high)
             and not round(x.corrected_low, 1) <= round(x.percent, 1) <= round(x.corrected_high, 1)]  # as shown
    return w.t(key, themes=", ".join(apart)) if apart else ""


def expected_line(t: QuestionTable, w: Wording, sheet: bool = False) -> str:
    """Without corrected shares: how many answers a person coded, and how many of the model's codes it expects to
    be right by its own confidence (said to be an estimate; on the four labelled sets the measured accuracy was at
    or above it: 0.68 against 0.64 on the sample, 0.78 against 0.67 on SIB-200, 0.64 against 0.63 and 0.70
    against 0.66 on the hold-outs, codebook alone). ``sheet``: said to be of all answers, beside a group's."""
    if t.model_confidence is None:
        return ""
    expected = w.num(100 * t.model_confidence, 0)
    among = w.t("among_all") if sheet else ""  # a fact sheet's counts are its group's: these are all answers' (walk40)
    if t.human_labelled:
        return among + w.plural(t.human_labelled, "expected_some_checked", pct=expected) + " "
    return among + w.t("expected_none_checked", pct=expected) + " "


def theme_table(t: QuestionTable, w: Wording, corrected: bool) -> Table:
    header = [w.t("theme"), w.t("n"), w.t("share"), w.t("ci")]
    if corrected:
        header += [w.t("corrected"), w.t("ci")]
    header += [w.t("mentions_n"), w.t("mentions")]
    rows = []
    for line in t.lines:
        cells = [line.label, str(line.n), w.num_or_dash(line.percent), w.ci(line.ci_low, line.ci_high)]
        if corrected:
            cells += ["–" if line.corrected is None else w.num(line.corrected),
                      w.ci(line.corrected_low, line.corrected_high)]
        cells += [str(line.mentions), w.num_or_dash(line.mentions_percent)]
        rows.append(tuple(cells))
    return Table(tuple(header), tuple(rows), (False,) + (True,) * (len(header) - 1), band=2)


def comparison_table(c: Comparison, w: Wording) -> Table:
    header = [c.column, w.t("n")] + [line.label for line in c.national.lines]
    rows = [tuple([w.t("all"), str(c.national.denominator)]
                  + [w.num_or_dash(line.percent) for line in c.national.lines])]
    for g in c.groups:
        if g.suppressed:
            rows.append(tuple([g.value, str(g.denominator)] + ["–"] * len(c.national.lines)))
        else:
            rows.append(tuple([g.value, str(g.denominator)]
                              + [f"{w.num(x.percent)} ({w.diff(x.diff)}){' ' + x.marker if x.marker else ''}"
                                 for x in g.lines]))
    return Table(tuple(header), tuple(rows), (False,) + (True,) * (len(header) - 1), first_row_total=True,
                 short=tuple([c.column, w.t("n")] + [line.theme for line in c.national.lines]))


def sheet_table(s: FactSheet, w: Wording) -> Table:
    g, nat = s.group.value, w.t("all")
    # each count and interval says whose it is: a screen reader heard "95 %-KI" twice, and a table split on a narrow
    # screen put the group's n beside the share of all (walk26, walk27)
    header = (w.t("theme"), f"{w.t('n')} ({g})", f"{g} %", f"{w.t('ci')} ({g})", f"{nat} %", f"{w.t('ci')} ({nat})",
              w.t("diff"), f"{w.t('mentions')} ({g})", f"{w.t('mentions')} ({nat})")
    rows = []
    for i, line in enumerate(s.national.lines):
        national = [w.num_or_dash(line.percent), w.ci(line.ci_low, line.ci_high)]
        if s.group.suppressed:  # the group's n stands in the intro; per theme its counts are not shown
            rows.append((line.label, "–", "–", "–", *national, "–", "–", w.num_or_dash(line.mentions_percent)))
            continue
        x = s.group.lines[i]
        rows.append((line.label, str(x.n), w.num(x.percent), w.ci(x.ci_low, x.ci_high), *national,
                     w.diff(x.diff) + (f" {x.marker}" if x.marker else ""), w.num(x.mentions_percent),
                     w.num_or_dash(line.mentions_percent)))
    # the mentions are in the paragraph under the table too: a narrow screen may leave their columns out
    short = (header[0], w.t("n"), header[2], w.t("ci"), header[4], w.t("ci"), *header[6:])  # a narrow terminal's
    return Table(header, tuple(rows), (False,) + (True,) * 8, optional=(7, 8), band=2, short=short)


def participation_table(report: Report) -> Table:
    """Each group's respondents, invited and response rate, all respondents first."""
    w = report.wording
    shown = report.participation
    everyone = total(shown)
    header = (report.options.by[0], w.t("part_respondents"), w.t("part_invited"), w.t("part_rate"))
    rows = [(w.t("all"), *_rate_cells(everyone, w, lacking(shown)))]
    rows += [(_group_name(p.value, w), *_rate_cells(p, w)) for p in shown]
    return Table(header, tuple(rows), (False, True, True, True), first_row_total=True)


def _group_name(value: str, w: Wording) -> str:
    return w.t("unknown_group") if value == UNKNOWN and not w.danish else value


def _rate_cells(p: Participation, w: Wording, without: int = 0) -> tuple[str, str, str]:
    """Respondents, invited and rate (or why there is none); ``without``: for all respondents, the groups whose
    lacking rate leaves them without one."""
    invited = "–" if p.invited is None else str(p.invited)
    if without and p.why:
        return str(p.respondents), invited, w.plural(without, "part_some_without")
    rate = (w.t("part_not_named") if p.why == NOT_NAMED else w.t("part_too_many") if p.why == TOO_MANY
            else w.num_or_dash(p.rate))
    return str(p.respondents), invited, rate


def sheet_rate(report: Report, value: str) -> Paragraph | None:
    """The fact sheet's opening line: how many of the group's invited answered the survey, or why it cannot say."""
    p = next((p for p in report.participation if p.value == value), None)
    if p is None:
        return None
    w = report.wording
    if p.rate is None:  # said, not left out in silence (walk37)
        why = w.t("part_not_named") if p.why == NOT_NAMED else w.t("part_too_many")
        return Paragraph(w.t("sheet_no_rate", value=value, why=why), note=True)
    return Paragraph(w.t("sheet_rate", value=value, n=p.respondents, invited=p.invited, rate=w.pct(p.rate)))


def _quotes(labels_quotes: list[tuple[str, tuple[str, ...]]]) -> list[Block]:
    return [Quotes(label, q) for label, q in labels_quotes if q]


def _themes(report: Report) -> list[Block]:
    """What each theme covers, as the codebook describes it (the seeds' national report explains its themes)."""
    if not report.themes:
        return []
    return [Heading(2, report.wording.t("themes_title"))] + [Paragraph(f"{label}: {description.strip()}")
                                                              for label, description in report.themes]


def layout(report: Report) -> list[Block]:
    """The report's blocks, in reading order."""
    w = report.wording
    names = chart_names(report)
    blocks: list[Block] = [Heading(1, report.title)] + ([Paragraph(report.note, note=True)] if report.note else [])
    blocks.append(Paragraph(w.t("explain"), note=True))
    if report.has_corrected and not report.sheets:
        blocks.append(Paragraph(w.t("explain_corrected"), note=True))
    if report.comparisons or report.sheets:
        blocks.append(Paragraph(w.t("explain_groups", min=report.options.min_group), note=True))
        if report.has_corrected:  # the audit corrects all answers only: groups are compared uncorrected
            blocks.append(Paragraph(w.t("explain_groups_raw"), note=True))
    if not report.with_text:
        blocks.append(Paragraph(w.t("no_quotes"), note=True))
    elif any(line.quotes for t in report.tables for line in t.lines) or report.sheets:
        blocks.append(Paragraph(w.t("quotes_note", floor=w.num(QUOTE_FLOOR, 1)), note=True))
    if report.participation and not report.sheets:
        merged = next((merged_line(c, w) for c in report.comparisons if c.column == report.options.by[0]), "")
        blocks += [Heading(2, w.t("part_title", column=report.options.by[0])), participation_table(report),
                   Paragraph((w.t("part_note", file=report.options.population_file) + f" {merged}").strip(),
                             note=True)]
    if report.sheets:
        rate = sheet_rate(report, report.sheets[0].group.value)
        blocks += [rate] if rate is not None else []
        small = small_group_line(report)
        blocks += [Paragraph(small, note=True)] if small else []
        for s in report.sheets:
            blocks += [Heading(2, w.t("sheet_title", group=s.group.value, question=s.national.title)),
                       Paragraph(s.intro)]
            checked = expected_line(s.national, w, sheet=True).strip()  # walk27: it was in the national report only
            blocks += [Paragraph(checked, note=True)] if checked else []
            blocks.append(sheet_table(s, w))
            apart = apart_line(s.national, w, "audit_apart_sheet")  # its yardstick is not what all answers publish
            blocks += [Paragraph(apart.strip(), note=True)] if apart else []
            if not s.group.suppressed:
                blocks.append(Chart(names[(s.question, s.column, s.group.value)],
                                    f"{s.group.value} / {w.t('all')}: {s.national.title}"))
            for paragraph, x in zip(s.paragraphs, s.group.lines):  # each theme under its own heading (walk27)
                blocks += [Heading(3, x.label), Paragraph(paragraph)] + ([Quotes("", x.quotes)] if x.quotes else [])
        return blocks + _themes(report)
    for t in report.tables:
        if not t.denominator:  # nobody answered it: no shares, no chart, no audit to ask for
            blocks += [Heading(2, t.title), Paragraph(denominator_line(t, w)), theme_table(t, w, False)]
            continue
        blocks += [Heading(2, t.title), Paragraph(denominator_line(t, w)), Paragraph(audit_line(t, w), note=True),
                   theme_table(t, w, report.has_corrected),
                   Chart(names[(t.question, None, None)], f"{w.t('chart_share')}: {t.title}")]
        blocks += _quotes([(line.label, line.quotes) for line in t.lines])
        for c in (c for c in report.comparisons if c.question == t.question):
            blocks.append(Heading(3, w.t("by_title", question=t.title, column=c.column)))
            if not c.any_shown:  # a table of dashes per question said nothing
                blocks.append(Paragraph(w.t("by_none_shown", n=len(c.groups), column=c.column,
                                            min=report.options.min_group)))
                continue
            blocks += [comparison_table(c, w), chance_line(c, w),
                       Chart(names[(t.question, c.column, None)], f"{t.title} / {c.column}")]
    return blocks + _themes(report)


SMALL_GROUP = 30  # answers under which a fact sheet asks for its quotes to be read for what points out a person


def small_group_line(report: Report) -> str:
    """For a fact sheet's group of fewer than ``SMALL_GROUP`` answers to every question, with quotes: read them for
    roles and tenure, which redaction leaves (walk27: "Jeg har været koordinator i 2 år" pointed out one of a
    cluster's two former coordinators); "" otherwise."""
    most = max((s.group.denominator for s in report.sheets), default=SMALL_GROUP)  # the group's largest count
    if most >= SMALL_GROUP or not any(x.quotes for s in report.sheets for x in s.group.lines):
        return ""
    return report.wording.t("small_group_quotes", group=report.sheets[0].group.value, n=most)


def hidden_line(c: Comparison, w: Wording) -> str:
    """Which groups the table hides, and why: too few answers, or to protect a smaller group (a group of 5 shown as
    '–' beside "under 5 are hidden" read as an error; the reason was only in the chart, walk27), and which
    spellings it read as one group."""
    hidden = [f"{g.value} (n = {g.denominator})" for g in c.groups if g.suppressed and not g.protects]
    guards = [f"{g.value} (n = {g.denominator})" for g in c.groups if g.protects]
    return ((f"{w.t('suppressed', min=c.min_group).capitalize()}: {', '.join(hidden)}." if hidden else "")
            + (f" {w.t('suppressed_protects').capitalize()}: {', '.join(guards)}." if guards else "")
            + f" {merged_line(c, w)}").strip()


def merged_line(c: Comparison, w: Wording) -> str:
    """Which spellings of a group the table read as one (``coder.report.groups.spellings``), "" when none."""
    merged = "; ".join(w.t("merged_as", others=", ".join(w.quote(v) for v in others), name=w.quote(name))
                       for name, others in c.merged)
    return w.t("merged_spellings", items=merged) if merged else ""


def chance_line(c: Comparison, w: Wording) -> Paragraph:
    """How many of a group table's lines are marked, and how many chance alone could mark (walk23: 2–3 a table of
    60–78 lines with no group differing)."""
    marked, lines = c.marks
    hidden = hidden_line(c, w)
    return Paragraph(w.t("chance_marks", marked=marked, lines=lines, chance=round(lines / 20))
                     + (f" {hidden}" if hidden else ""), note=True)
