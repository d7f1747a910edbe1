"""Two waves of a survey side by side: each theme's share in the earlier and the later project, the change in
percentage points with its 95 % interval, and what makes the two not like for like.

Rules, stated once:
- the waves are two projects (``coder code`` into one folder per wave), so the earlier wave's published
  numbers never change when the later one is coded;
- questions are matched by name (``--question NOW=BEFORE`` for one renamed between the waves), themes by id
  (a theme in one codebook only is shown for that wave, with no change);
- a question's shares are the corrected ones (``coder.classify.shares``) when every theme of both waves has
  one, else the shares of the codes as they stand, whose intervals cover sampling alone, not coding error;
- the change is the later share minus the earlier one, as the two are shown (one decimal), and its interval
  combines the two shares' intervals (the MOVER method, Newcombe's hybrid score interval for two Wilson
  intervals): the waves are taken to be independent samples. ▲/▼ mark a change whose interval excludes 0,
  except where a wave was coded adapted to its own answers and the codes as they stand are compared (groups
  always are): adapting moves codes by itself, which the interval leaves out (on two random halves of the
  hold-out klynger2 survey, walk23 saw ▲/▼ on 11.5 % of lines, 5.6 % with --no-adapt), so none is shown and
  a notice says why and how to have them;
- a different codebook, model or way of coding (labels learned from) is said above the tables: part of any
  change can be the method's, not the respondents'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

from coder.errors import CoderError
from coder.report.build import Report, ReportOptions, report_of_run
from coder.report.groups import (
    DOWN,
    MIN_GROUP,
    UP,
    Comparison,
    GroupLine,
    check_column,
    group_key,
    shown_difference,
)
from coder.report.tables import QuestionTable, ThemeLine
from coder.store import Run, Store
from coder.wording import Wording, wording_for


@dataclass(frozen=True)
class Wave:
    """One project as a wave: its name (for headers), its run and its theme tables."""

    name: str
    run: Run
    report: Report
    respondents: frozenset[str] = frozenset()  # their ids, where the input gave ids (not row numbers)

    def table(self, question: str) -> QuestionTable:
        return next(t for t in self.report.tables if t.question == question)

    def comparison(self, question: str) -> Comparison:
        return next(c for c in self.report.comparisons if c.question == question)


@dataclass(frozen=True)
class Share:
    """A theme's share in one wave (percent, its 95 % interval) and the count it is of."""

    percent: float
    low: float
    high: float
    n: int
    denominator: int


@dataclass(frozen=True)
class WaveLine:
    theme: str
    label: str
    before: Share | None  # None: the theme is not in this wave's codebook, or the question had no answers
    now: Share | None
    change: float | None  # now − before in percentage points, as the two are shown
    low: float | None  # 95 % interval of the change
    high: float | None
    marker: str  # UP, DOWN or ""


@dataclass(frozen=True)
class WaveGroup:
    """One group of the ``--by`` column in both waves; no lines where it is suppressed in either (or absent)."""

    value: str
    denominators: tuple[int, int]  # its substantive answers: earlier, later (0 where absent)
    lines: tuple[WaveLine, ...]


@dataclass(frozen=True)
class WaveQuestion:
    question: str  # its name in the later wave
    before_question: str
    title: str
    corrected: bool  # corrected shares compared (else the codes as they stand)
    denominators: tuple[int, int]  # substantive answers: earlier, later
    lines: tuple[WaveLine, ...]
    groups: tuple[WaveGroup, ...] = ()  # with --by: each group's shares in both waves (as coded, never corrected)
    marked: bool = True  # ▲/▼ can show on its lines (not where adapting moved the codes as they stand)
    groups_marked: bool = True  # and on its groups' lines


@dataclass(frozen=True)
class WaveComparison:
    before: Wave
    now: Wave
    wording: Wording
    questions: tuple[WaveQuestion, ...]
    notices: tuple[str, ...]  # what makes the waves not like for like, in the reader's language
    by: str | None = None  # the respondent column whose groups are compared too
    min_group: int = MIN_GROUP  # fewer substantive answers than this hide a group (in either wave)

    @property
    def title(self) -> str:
        return self.wording.t("waves_title", name=self.now.run.codebook.name, before=self.before.name,
                              now=self.now.name)


def change_interval(now: Share, before: Share) -> tuple[float, float]:
    """95 % interval of ``now.percent − before.percent`` from the two shares' own intervals (MOVER)."""
    d = now.percent - before.percent
    low = d - math.sqrt((now.percent - now.low) ** 2 + (before.high - before.percent) ** 2)
    high = d + math.sqrt((now.high - now.percent) ** 2 + (before.percent - before.low) ** 2)
    return low, high


def _share(t: QuestionTable, line: ThemeLine | None, corrected: bool) -> Share | None:
    if line is None or line.percent is None:
        return None
    if corrected:
        return Share(line.corrected, line.corrected_low, line.corrected_high, line.n, t.denominator)
    return Share(line.percent, line.ci_low, line.ci_high, line.n, t.denominator)


def _has_corrected(t: QuestionTable) -> bool:
    return bool(t.lines) and all(x.corrected is not None for x in t.lines)


def compare_question(now: QuestionTable, before: QuestionTable) -> WaveQuestion:
    """The two tables of one question, theme by theme (the later codebook's order, then the earlier's own)."""
    corrected = _has_corrected(now) and _has_corrected(before)
    lines_now = {x.theme: x for x in now.lines}
    lines_before = {x.theme: x for x in before.lines}
    order = list(lines_now) + [t for t in lines_before if t not in lines_now]
    out = [_line(theme, (lines_now.get(theme) or lines_before[theme]).label,
                 _share(before, lines_before.get(theme), corrected), _share(now, lines_now.get(theme), corrected))
           for theme in order]
    return WaveQuestion(now.question, before.question, now.title, corrected, (before.denominator, now.denominator),
                        tuple(out))


def _line(theme: str, label: str, a: Share | None, b: Share | None) -> WaveLine:
    """The change from ``a`` (earlier) to ``b`` (later), with its interval and marker."""
    if a is None or b is None:
        return WaveLine(theme, label, a, b, None, None, None, "")
    low, high = change_interval(b, a)
    return WaveLine(theme, label, a, b, shown_difference(b.percent, a.percent), low, high,
                    UP if low > 0 else DOWN if high < 0 else "")


def compare_groups(now: Comparison, before: Comparison) -> tuple[WaveGroup, ...]:
    """Each group of both waves (the later wave's order, then the earlier's own), theme by theme; a group suppressed
    in either wave shows no shares, so the change cannot give a hidden group's shares away."""
    groups_now = {group_key(g.value): g for g in now.groups}  # each wave names a group by its own commonest
    groups_before = {group_key(g.value): g for g in before.groups}  # spelling: matched as a report matches them
    out = []
    for folded in list(groups_now) + [v for v in groups_before if v not in groups_now]:
        a, b = groups_before.get(folded), groups_now.get(folded)
        value = (b or a).value  # the later wave's name
        sizes = (a.denominator if a else 0, b.denominator if b else 0)
        if a is None or b is None or a.suppressed or b.suppressed:
            out.append(WaveGroup(value, sizes, ()))
            continue
        lines_before = {x.theme: x for x in a.lines}
        out.append(WaveGroup(value, sizes, tuple(
            _line(x.theme, x.label, _group_share(lines_before.get(x.theme), sizes[0]), _group_share(x, sizes[1]))
            for x in b.lines)))
    return tuple(out)


def _group_share(x: GroupLine | None, denominator: int) -> Share | None:
    return None if x is None else Share(x.percent, x.ci_low, x.ci_high, x.n, denominator)


def _method(run: Run) -> tuple:
    s = run.settings
    return (s.classifier, s.labels.get("gold", 0), s.labels.get("reviewed", 0), s.adapted > 0)


def _notices(before: Wave, now: Wave, pairs: Sequence[tuple[str, str]], questions: Sequence[WaveQuestion],
             w: Wording) -> list[str]:
    """What makes the two waves not like for like."""
    out = []
    a, b = before.run, now.run
    if a.codebook.fingerprint() != b.codebook.fingerprint():
        named = [f"{c.name} v{c.version}" for c in (a.codebook, b.codebook)]
        if named[0] == named[1]:  # edited without a new version: the content's fingerprint tells them apart
            named = [f"{n} ({c.fingerprint()})" for n, c in zip(named, (a.codebook, b.codebook))]
        out.append(w.t("waves_codebook", before=before.name, now=now.name, a=named[0], b=named[1]))
    if a.model_id != b.model_id:
        out.append(w.t("waves_model", before=before.name, now=now.name, a=a.model_id, b=b.model_id))
    shared = len(before.respondents & now.respondents)
    if shared:  # the same people twice: not the independent samples the changes' intervals take (walk40)
        out.append(w.t("waves_shared", n=shared, before=before.name, now=now.name))
    if _method(a) != _method(b):
        out.append(w.t("waves_method", before=before.name, now=now.name, a=_method_text(a, w), b=_method_text(b, w)))
    matched_now, matched_before = {q for q, _ in pairs}, {q for _, q in pairs}
    for wave, matched in ((now, matched_now), (before, matched_before)):
        for q in wave.run.questions:
            if q not in matched:
                out.append(w.t("waves_unmatched", question=q, name=wave.name))
    unpaired = len(a.questions) != len(pairs) or len(b.questions) != len(pairs)
    if (a.settings.adapted or b.settings.adapted) and unpaired:
        # adapting learns from all of a run's questions together: a shared question's codes move with the others
        out.append(w.t("waves_pooled", before=before.name, now=now.name, a=", ".join(a.questions),
                       b=", ".join(b.questions)))
    for wave, other in ((before, now), (now, before)):
        for theme in wave.run.codebook.themes:
            if theme.id not in other.run.codebook.ids:
                out.append(w.t("waves_theme_only", label=theme.label, name=wave.name))
    people = [(q, now.table(q.question).human_labelled, before.table(q.before_question).human_labelled)
              for q in questions]
    for q, n_now, n_before in people:
        if n_now != n_before and not q.corrected:  # a person's code stands in for the model's in one wave more
            out.append(w.t("waves_people", question=w.quote(q.title), now=now.name, before=before.name, a=n_now,
                           b=n_before))
    uneven = [q.title for q in questions if not q.corrected and (_has_corrected(now.table(q.question))
                                                                or _has_corrected(before.table(q.before_question)))]
    if uneven:
        out.append(w.t("waves_one_corrected", questions=", ".join(w.quote(t) for t in uneven)))
    return out


def _method_text(run: Run, w: Wording) -> str:
    s = run.settings
    learned = s.labels.get("gold", 0) + s.labels.get("reviewed", 0)
    text = w.t("waves_learned", n=learned) if s.classifier == "learned" else w.t("waves_codebook_only")
    return text + (w.t("waves_adapted") if s.adapted > 0 else "")


def _named(run: Run, given: str) -> str:
    """The run's question that ``given`` names or begins (``Run.question``), else ``given`` as it is."""
    try:
        return run.question(given)
    except CoderError:
        return given


def _pairs(now: Run, before: Run, mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    """(later question, earlier question) pairs: the mapping's (each side its question's name or the start of it,
    as everywhere --question is given), then those of the same name."""
    mapping = {_named(now, a): _named(before, b) for a, b in mapping.items()}
    for q_now, q_before in mapping.items():
        if q_now not in now.questions:
            raise CoderError(f"--question {q_now}={q_before}: '{q_now}' is no question of the later project; it has "
                             f"{', '.join(now.questions)}",
                             danish=f"--question {q_now}={q_before}: '{q_now}' er ikke et spørgsmål i det seneste "
                                    f"projekt; det har {', '.join(now.questions)}")
        if q_before not in before.questions:
            raise CoderError(f"--question {q_now}={q_before}: '{q_before}' is no question of the earlier project; it "
                             f"has {', '.join(before.questions)}",
                             danish=f"--question {q_now}={q_before}: '{q_before}' er ikke et spørgsmål i det tidligere "
                                    f"projekt; det har {', '.join(before.questions)}")
    taken = set(mapping.values())
    return [(q, mapping[q]) if q in mapping else (q, q) for q in now.questions
            if q in mapping or (q in before.questions and q not in taken)]


def _wave(project: Path, name: str | None, locale: str | None, by: str | None = None,
          min_group: int = MIN_GROUP) -> Wave:
    store = Store.open_project(project)
    try:
        run = store.current_run()
        if by:
            try:
                check_column(by, run.attribute_columns)
            except CoderError as err:  # say which wave lacks it: the other may have it
                raise CoderError(f"{project}: {err}", danish=f"{project}: {err.danish}") from None
        options = ReportOptions(by=(by,) if by else (), min_group=min_group, quotes=0, locale=locale)
        rows = list(store.rows(run.run_id))
        report = report_of_run(store, run, rows, options)
    finally:
        store.close()
    ids = frozenset(r.respondent for r in rows) if run.settings.id_column is not None else frozenset()
    return Wave(name or project.resolve().name, run, report, ids)


def compare_waves(now: Path, before: Path, mapping: Mapping[str, str] | None = None,
                  names: tuple[str | None, str | None] = (None, None), locale: str | None = None,
                  by: str | None = None, min_group: int = MIN_GROUP) -> WaveComparison:
    """The later project ``now`` against the earlier ``before``; ``names`` (earlier, later) head the columns
    (default: the folders' names); ``mapping``: later question -> earlier question, for renamed ones; ``by``: a
    respondent column of both, whose groups are compared too, each hidden where it has fewer than ``min_group``
    substantive answers in either wave (or hides a smaller group there)."""
    if locale is not None:
        Wording(locale)  # an unknown locale fails before the stores are read
    if now.resolve() == before.resolve():
        raise CoderError(f"{now}: the same project twice; give the later wave's project and then the earlier one's",
                         danish=f"{now}: det samme projekt to gange; angiv det seneste års projekt og så det "
                                "tidligeres")
    a, b = _wave(before, names[0], locale, by, min_group), _wave(now, names[1], locale, by, min_group)
    if a.name == b.name:
        raise CoderError(f"both waves are called '{a.name}'; name them with --before-name and --now-name",
                         danish=f"begge runder hedder '{a.name}'; navngiv dem med --before-name og --now-name")
    pairs = _pairs(b.run, a.run, mapping or {})
    if not pairs:
        raise CoderError(f"the projects share no question ({', '.join(b.run.questions)} against "
                         f"{', '.join(a.run.questions)}); pair them with --question NOW=BEFORE",
                         danish=f"projekterne har intet spørgsmål fælles ({', '.join(b.run.questions)} mod "
                                f"{', '.join(a.run.questions)}); par dem med --question NU=FØR")
    w = wording_for(b.run.codebook.language, locale)
    questions = tuple(replace(compare_question(b.table(q_now), a.table(q_before)),
                              groups=compare_groups(b.comparison(q_now), a.comparison(q_before)) if by else ())
                      for q_now, q_before in pairs)
    notices = _notices(a, b, pairs, questions, w)
    if by:  # one group spelled otherwise in the other wave (walk41: merged without the note a report gives)
        apart = {(g.value, h.value) for q_now, q_before in pairs for g in a.comparison(q_before).groups
                 for h in b.comparison(q_now).groups if g.value != h.value and group_key(g.value) == group_key(h.value)}
        if apart:
            notices.append(w.t("waves_spellings", before=a.name, now=b.name, items="; ".join(
                f"{w.quote(x)} ({a.name}) {w.t('waves_as')} {w.quote(y)} ({b.name})" for x, y in sorted(apart))))
    adapted = [wave.name for wave in (a, b) if wave.run.settings.adapted]
    if adapted:
        names = w.t("waves_adapted_names_1", name=adapted[0]) if len(adapted) == 1 else w.t("waves_adapted_names_2")
        lines = [w.quote(q.title) for q in questions if not q.corrected]
        groups_only = [w.quote(q.title) for q in questions if q.corrected and any(g.lines for g in q.groups)]
        questions = tuple(_unmarked(q) for q in questions)
        if lines:
            notices.append(w.t("waves_adapted_unmarked", names=names, questions=", ".join(lines)))
        if groups_only:  # their own lines are corrected and keep their markers; an audit cannot mark groups
            notices.append(w.t("waves_adapted_groups", names=names, questions=", ".join(groups_only)))
    column = b.report.options.by[0] if by else None  # as the project names it ("--by Speciale" for speciale)
    return WaveComparison(a, b, w, questions, tuple(dict.fromkeys(notices)), column, min_group)


def _unmarked(q: WaveQuestion) -> WaveQuestion:
    """The question without ▲/▼, and without the change's interval, where the codes as they stand are compared: its
    lines unless corrected, and its groups' lines."""
    def plain(lines: tuple[WaveLine, ...]) -> tuple[WaveLine, ...]:  # nor the change's interval, the markers' ground
        return tuple(replace(x, marker="", low=None, high=None) for x in lines)  # (walk40: read as significant)

    return replace(q, lines=q.lines if q.corrected else plain(q.lines),
                   groups=tuple(replace(g, lines=plain(g.lines)) for g in q.groups), marked=q.corrected,
                   groups_marked=False)
