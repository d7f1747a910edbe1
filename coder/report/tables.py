"""Theme tables with shares, confidence intervals and example quotes, computed from store rows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from coder.classify.shares import share_estimate
from coder.codebook import Codebook
from coder.report.quotes import pick_quotes
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
    corrected: float | None = None  # percent corrected for the classifier's errors (None without labels)
    corrected_low: float | None = None  # 95 % bootstrap interval: sampling and classifier error together
    corrected_high: float | None = None


@dataclass(frozen=True)
class QuestionTable:
    """The theme table of one open-ended question."""

    question: str
    denominator: int  # substantive answers (coded or needing review)
    status_counts: dict[str, int]
    lines: tuple[ThemeLine, ...]
    human_labelled: int


def corrected_percents(substantive: Sequence[Row], ids: Sequence[str], confusion: np.ndarray,
                       seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Corrected percent per theme with its 95 % interval; human-labelled comments count as they are."""
    index = {t: i for i, t in enumerate(ids)}
    model = np.array([index[r.primary] for r in substantive if r.source != "human" and r.primary in index], int)
    human = np.bincount([index[r.primary] for r in substantive if r.source == "human" and r.primary in index],
                        minlength=len(ids)).astype(float)
    est = share_estimate(model, len(ids), confusion, seed=seed)
    n = len(model) + human.sum()
    if n == 0:
        zero = np.zeros(len(ids))
        return zero, zero, zero
    return tuple(100 * (x * len(model) + human) / n for x in (est.corrected, est.low, est.high))  # type: ignore


def question_tables(rows: Sequence[Row], codebook: Codebook, questions: Sequence[str], n_quotes: int = 3,
                    confusion: np.ndarray | Mapping[str, np.ndarray] | None = None) -> list[QuestionTable]:
    """One table per question, themes in codebook order.

    With ``confusion`` (out-of-fold gold × predicted counts from labelled comments; or a mapping
    question → counts with the pooled counts under ``""``) each line also gets the share corrected
    for the classifier's own errors, with a bootstrap interval.
    """
    tables = []
    for q in questions:
        qrows = [r for r in rows if r.question == q]
        counts = {s: sum(r.status == s for r in qrows) for s in STATUSES}
        substantive = [r for r in qrows if r.status in (CODED, NEEDS_REVIEW)]
        denom = len(substantive)
        matrix = confusion.get(q, confusion.get("")) if isinstance(confusion, Mapping) else confusion
        corrected = corrected_percents(substantive, codebook.ids, matrix) if matrix is not None else None
        lines = []
        for j, theme in enumerate(codebook.themes):
            n = sum(r.primary == theme.id for r in substantive)
            m = sum(theme.id in r.themes for r in substantive)
            lo, hi = wilson(n, denom)
            extra = {} if corrected is None else {"corrected": float(corrected[0][j]),
                                                  "corrected_low": float(corrected[1][j]),
                                                  "corrected_high": float(corrected[2][j])}
            lines.append(ThemeLine(theme.id, theme.label, n, 100 * n / denom if denom else 0.0,
                                   100 * lo, 100 * hi, m, 100 * m / denom if denom else 0.0,
                                   pick_quotes(substantive, theme.id, n_quotes), **extra))
        tables.append(QuestionTable(q, denom, counts, tuple(lines), sum(r.source == "human" for r in substantive)))
    return tables
