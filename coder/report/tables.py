"""Theme tables with shares, confidence intervals and example quotes, computed from store rows.

``Tally`` gathers them row by row, so a run of any size is reported without holding its rows: two
passes over the same rows in the same order. ``add`` counts statuses, themes and mentions and keeps
the scores of each theme's quotable answers (their median ranks the quotes); ``rank`` keeps each
theme's best ``POOL`` quote candidates by ``rank_key``. Quotes are then chosen from those as
``pick_quotes`` chooses from all; a theme whose pool ran out before it had its quotes is ranked
again with a larger pool, so the result is always that of the whole list.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from coder.classify.shares import MIN_AUDIT, AuditCount, audit_estimate
from coder.codebook import Codebook
from coder.report.quotes import (
    choose_quotes,
    codebook_examples,
    is_candidate,
    median_score,
    quotable,
    rank_key,
    sure,
)
from coder.review.audit import AuditSample
from coder.store import ADJUDICATED, DISPUTED, HUMAN, PIN, Row
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER
from coder.text.language import is_language
from coder.wording import half_up

STATUSES = (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY)


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion k/n, as fractions (0, 0) when n == 0."""
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # at k = 0 or k = n a bound is exactly 0 or 1 (floating point left it a hair inside: 0.9999999 for 4 of 4)
    return (0.0 if k == 0 else max(0.0, centre - half), 1.0 if k == n else min(1.0, centre + half))


@dataclass(frozen=True)
class ThemeLine:
    """One theme's line in a question's table."""

    theme: str
    label: str
    n: int  # comments with this primary theme
    percent: float | None  # n / denominator * 100; None when the question has no substantive answers
    ci_low: float | None  # 95 % Wilson interval of percent (sampling only, not coding error)
    ci_high: float | None
    mentions: int  # comments with this theme among their themes (primary or secondary)
    mentions_percent: float | None
    quotes: tuple[str, ...]
    corrected: float | None = None  # percent corrected for the classifier's errors (None: too few audit labels)
    corrected_low: float | None = None  # 95 % interval: the audit's and the batch's sampling together
    corrected_high: float | None = None


@dataclass(frozen=True)
class QuestionTable:
    """The theme table of one open-ended question."""

    question: str
    denominator: int  # substantive answers (coded or needing review)
    status_counts: dict[str, int]
    lines: tuple[ThemeLine, ...]
    human_labelled: int  # answers whose code in force is a person's (a reviewer's, or an adjudication)
    audit: AuditStatus | None = None  # None: no audit sample drawn for the question
    audit_lapsed: bool = False  # the only audit sample was drawn on an earlier input and does not apply
    wording: str = ""  # the survey's question as the codebook words it ("" when it does not)
    model_confidence: float | None = None  # mean confidence of the answers coded by the model alone (None: none are)
    model_coded: int = 0  # those answers
    disputed: int = 0  # answers two reviewers coded differently, not yet adjudicated (the model's code stands)
    flagged: int = 0  # non-answers coder flagged, no person's label on them (the audit never draws them)

    @property
    def title(self) -> str:
        """The question's wording for headings, else its column name."""
        return self.wording or self.question


@dataclass(frozen=True)
class AuditStatus(AuditCount):
    """How far a question's random audit sample is: corrected shares are shown from ``minimum`` labels."""

    drawn: int = 0
    disputed: int = 0  # drawn answers whose reviewers differ (settled only by adjudication)
    seen: int = 0  # drawn answers labelled only seeing the model's suggestion (no audit label until coded blind)
    skipped: int = 0  # drawn answers nobody coded, with later draws of their theme coded
    held: int = 0  # audit labels not counted until the skipped answers before them are coded
    non_answers: int = 0  # audit labels that say ikke-svar: the corrected shares are of a smaller base
    substantive: float = 1.0  # the estimated part of the denominator that has content (``AuditEstimate``)


def _share(k: float | None, n: int) -> float | None:
    """k / n in percent; None without a denominator (a question nobody answered has no shares, not 0 %)."""
    return None if k is None or not n else 100 * k / n


def csv_number(x: float | None) -> float | str:
    """A share, interval or difference as a CSV cell: a plain number to two decimals ('9.8', not '9.80'), or empty
    where there is none. themes.csv and report.csv write the same cell for the same number. Where two decimals
    would round to another first decimal than the tables show (12.948: '12.95', which a writer rounds to 13.0,
    beside the tables' 12,9), the cell carries as many more as it takes (12.948)."""
    if x is None:
        return ""
    shown = half_up(x, 1)
    for digits in range(2, 7):
        cell = round(x, digits)
        if half_up(cell, 1) == shown:
            return cell
    return cell


def audit_cells(t: QuestionTable) -> list[int]:
    """Labelled audit answers and how many more the corrected shares need (MIN_AUDIT with no sample yet)."""
    return [0, MIN_AUDIT] if t.audit is None else [t.audit.labelled, t.audit.needed]


def question_tables(rows: Sequence[Row], codebook: Codebook, questions: Sequence[str], n_quotes: int = 3,
                    audits: Mapping[str, AuditSample] | None = None,
                    choices: Mapping[str, str] | None = None, locale: str = "da") -> list[QuestionTable]:
    """One table per question, themes in codebook order.

    With an audit sample for a question (``audits``) and at least MIN_AUDIT labelled answers in it,
    each line also gets the share corrected for the classifier's errors, estimated from the audit
    labels alone, with a 95 % interval; below that the table only says how many more are needed.
    ``choices`` are the report writer's pinned and excluded quotes (comment id -> pin/exclude); ``locale`` is the
    reader's, for the placeholders of personal data in quotes.
    The same ``Tally`` writes the exports of a run too large to hold (``coder.report.exports``).
    """
    tally = Tally(codebook, questions, n_quotes, choices, locale)
    for r in rows:
        tally.add(r)
    tally.rank_all(lambda: rows)
    return tally.tables(audits)


POOL = 100  # quote candidates kept per theme and question in the first ranking pass


class Tally:
    """Counts, quote candidates and human labels of a run's rows, per question and theme."""

    def __init__(self, codebook: Codebook, questions: Sequence[str], n_quotes: int = 3,
                 choices: Mapping[str, str] | None = None, locale: str = "da") -> None:
        self.codebook, self.questions, self.n_quotes, self.locale = codebook, tuple(questions), n_quotes, locale
        self.choices = dict(choices or {})
        self.rows: dict[str, int] = {}  # question -> rows seen (the row-count guard)
        self.counts = {q: {s: 0 for s in STATUSES} for q in self.questions}
        self.n = {q: {t: 0 for t in codebook.ids} for q in self.questions}
        self.mentions = {q: {t: 0 for t in codebook.ids} for q in self.questions}
        self.human = {q: 0 for q in self.questions}
        self.disputed = {q: 0 for q in self.questions}  # reviewers differ, no adjudication yet: the model's code stands
        self.flagged = {q: 0 for q in self.questions}  # non-answers coder flagged (not a reviewer's ikke-svar)
        self.model_confidence = {q: [0.0, 0] for q in self.questions}  # sum and count over the model's own codes
        self.scores: dict[tuple[str, str], array] = {}  # quotable, unpinned candidates' scores for their theme
        self.pinned: dict[tuple[str, str], list[Row]] = {}
        self.quotable = bytearray()  # per row position: 1 = a quotable, unpinned candidate of its primary theme
        # rows with a reviewer's label in force or in dispute (the audit sample is read from them: a drawn answer
        # whose blind label is its audit label may be disputed in force, by a label made seeing the model)
        self.labelled: list[Row] = []
        self.pool: dict[tuple[str, str], list[tuple[tuple, Row]]] = {}
        self.seen: dict[tuple[str, str], int] = {}  # ranked candidates seen per group in the ranking pass
        self.size = POOL

    def add(self, r: Row) -> None:
        """First pass: one row, in store order."""
        self.rows[r.question] = self.rows.get(r.question, 0) + 1
        flag = 0
        if r.source in (HUMAN, ADJUDICATED, DISPUTED) or r.audited:
            self.labelled.append(r)
        if r.question in self.counts:
            if r.status in self.counts[r.question]:
                self.counts[r.question][r.status] += 1
            self.flagged[r.question] += r.status == NON_ANSWER and r.source not in (HUMAN, ADJUDICATED)
            if r.status in (CODED, NEEDS_REVIEW):
                if r.primary in self.n[r.question]:
                    self.n[r.question][r.primary] += 1
                for t in set(r.themes):
                    if t in self.mentions[r.question]:
                        self.mentions[r.question][t] += 1
                self.human[r.question] += r.source in (HUMAN, ADJUDICATED)
                self.disputed[r.question] += r.source == DISPUTED
                if r.source not in (HUMAN, ADJUDICATED) and r.confidence is not None:
                    self.model_confidence[r.question][0] += r.confidence
                    self.model_confidence[r.question][1] += 1
            if r.primary is not None and self.n_quotes and is_candidate(r, r.primary, self.choices):
                group = (r.question, r.primary)
                if self.choices.get(r.comment_id) == PIN:
                    self.pinned.setdefault(group, []).append(r)
                elif quotable(r):  # the median is over every quotable answer; only the sure ones are ranked
                    self.scores.setdefault(group, array("d")).append(r.scores.get(r.primary, r.confidence or 0.0))
                    flag = int(sure(r) and is_language(r.text, self.codebook.language))
        self.quotable.append(flag)

    def medians(self) -> dict[tuple[str, str], float]:
        return {g: median_score(s) for g, s in self.scores.items()}

    def rank(self, rows: Iterable[Row], groups: set[tuple[str, str]] | None = None) -> Iterable[Row]:
        """Second pass: keep each group's best candidates while passing the rows on (e.g. to the CSV writer)."""
        medians = self.medians()
        examples = codebook_examples(self.codebook)
        for position, r in enumerate(rows):
            if position < len(self.quotable) and self.quotable[position]:
                group = (r.question, r.primary)
                if groups is None or group in groups:
                    self.seen[group] = self.seen.get(group, 0) + 1
                    pool = self.pool.setdefault(group, [])
                    pool.append((rank_key(r, r.primary, medians[group], examples), r))
                    if len(pool) >= 2 * self.size:
                        pool.sort(key=lambda x: x[0])
                        del pool[self.size:]
            yield r

    def quotes(self, group: tuple[str, str]) -> tuple[str, ...] | None:
        """The group's quotes, or None when its pool ran out before it had them (rank again, larger)."""
        ranked = sorted(self.pool.get(group, []), key=lambda x: x[0])[:self.size]
        chosen = choose_quotes(self.pinned.get(group, []) + [r for _, r in ranked], self.n_quotes,
                               locale=self.locale)
        if len(chosen) < self.n_quotes and self.seen.get(group, 0) > self.size:
            return None
        return chosen

    def rank_all(self, rows: Callable[[], Iterable[Row]]) -> None:
        """The ranking pass over ``rows()`` (after ``add`` saw them all), again for groups that ran short."""
        groups = None
        while True:
            for _ in self.rank(rows(), groups):
                pass
            groups = self.short()
            if not groups:
                return

    def short(self) -> set[tuple[str, str]]:
        """Groups whose quotes need a larger pool; their pools are emptied and the pool size grows."""
        groups = {g for g in self.seen if self.quotes(g) is None}
        if groups:
            self.size *= 8
            for g in groups:
                self.pool.pop(g, None)
                self.seen.pop(g, None)
        return groups

    def tables(self, audits: Mapping[str, AuditSample] | None = None) -> list[QuestionTable]:
        """One QuestionTable per question, themes in codebook order."""
        out = []
        for q in self.questions:
            denom = self.counts[q][CODED] + self.counts[q][NEEDS_REVIEW]
            sample = (audits or {}).get(q)
            lapsed = sample is not None and sample.lapsed
            estimate = (audit_estimate(sample.strata, sample.labels, self.codebook.ids,
                                       non_answers=sample.non_answers)
                        if sample is not None and not lapsed else None)
            status = (None if estimate is None
                      else AuditStatus(estimate.labelled, estimate.minimum, sample.drawn, sample.disputed,
                                       sample.seen, sample.skipped, sample.held, estimate.non_answers,
                                       estimate.substantive))
            lines = []
            for j, theme in enumerate(self.codebook.themes):
                n, m = self.n[q][theme.id], self.mentions[q][theme.id]
                lo, hi = wilson(n, denom) if denom else (None, None)
                extra = {} if estimate is None or not estimate.shown else {
                    "corrected": 100 * float(estimate.shares[j]), "corrected_low": 100 * float(estimate.low[j]),
                    "corrected_high": 100 * float(estimate.high[j])}
                quotes = (self.quotes((q, theme.id)) or ()) if self.n_quotes else ()
                lines.append(ThemeLine(theme.id, theme.label, n, _share(n, denom), _share(lo, 1), _share(hi, 1), m,
                                       _share(m, denom), quotes, **extra))
            total, coded = self.model_confidence[q]
            out.append(QuestionTable(q, denom, dict(self.counts[q]), tuple(lines), self.human[q], status, lapsed,
                                     self.codebook.questions.get(q, ""), total / coded if coded else None, coded,
                                     self.disputed[q], self.flagged[q]))
        return out
