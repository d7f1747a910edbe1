"""Theme tables with shares, confidence intervals and example quotes, computed from store rows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from coder.classify.shares import MIN_AUDIT, AuditCount, audit_estimate
from coder.codebook import Codebook
from coder.report.quotes import pick_quotes
from coder.review.audit import AuditSample
from coder.store import Row
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER

STATUSES = (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY)


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion k/n, as fractions (0, 0) when n == 0."""
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class ThemeLine:
    """One theme's line in a question's table."""

    theme: str
    label: str
    n: int  # comments with this primary theme
    percent: float  # n / denominator * 100
    ci_low: float  # 95 % Wilson interval of percent
    ci_high: float
    mentions: int  # comments with this theme among their themes (primary or secondary)
    mentions_percent: float
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
    human_labelled: int
    audit: AuditStatus | None = None  # None: no audit sample drawn for the question


@dataclass(frozen=True)
class AuditStatus(AuditCount):
    """How far a question's random audit sample is: corrected shares are shown from ``minimum`` labels."""

    drawn: int = 0


def audit_cells(t: QuestionTable) -> list[int]:
    """Labelled audit answers and how many more the corrected shares need (MIN_AUDIT with no sample yet)."""
    return [0, MIN_AUDIT] if t.audit is None else [t.audit.labelled, t.audit.needed]


def question_tables(rows: Sequence[Row], codebook: Codebook, questions: Sequence[str], n_quotes: int = 3,
                    audits: Mapping[str, AuditSample] | None = None,
                    choices: Mapping[str, str] | None = None) -> list[QuestionTable]:
    """One table per question, themes in codebook order.

    With an audit sample for a question (``audits``) and at least MIN_AUDIT labelled answers in it,
    each line also gets the share corrected for the classifier's errors, estimated from the audit
    labels alone, with a 95 % interval; below that the table only says how many more are needed.
    ``choices`` are the report writer's pinned and excluded quotes (comment id -> pin/exclude).
    """
    tables = []
    for q in questions:
        qrows = [r for r in rows if r.question == q]
        counts = {s: sum(r.status == s for r in qrows) for s in STATUSES}
        substantive = [r for r in qrows if r.status in (CODED, NEEDS_REVIEW)]
        denom = len(substantive)
        sample = (audits or {}).get(q)
        estimate = audit_estimate(sample.strata, sample.labels, codebook.ids) if sample is not None else None
        status = None if estimate is None else AuditStatus(estimate.labelled, estimate.minimum, sample.drawn)
        lines = []
        for j, theme in enumerate(codebook.themes):
            n = sum(r.primary == theme.id for r in substantive)
            m = sum(theme.id in r.themes for r in substantive)
            lo, hi = wilson(n, denom)
            extra = {} if estimate is None or not estimate.shown else {
                "corrected": 100 * float(estimate.shares[j]), "corrected_low": 100 * float(estimate.low[j]),
                "corrected_high": 100 * float(estimate.high[j])}
            lines.append(ThemeLine(theme.id, theme.label, n, 100 * n / denom if denom else 0.0,
                                   100 * lo, 100 * hi, m, 100 * m / denom if denom else 0.0,
                                   pick_quotes(substantive, theme.id, n_quotes, choices=choices,
                                               language=codebook.language), **extra))
        tables.append(QuestionTable(q, denom, counts, tuple(lines), sum(r.source == "human" for r in substantive),
                                    status))
    return tables
