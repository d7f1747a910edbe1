"""Example quotes for a theme: representative, diverse, from different respondents, redacted and shortened."""

from __future__ import annotations

import re
from typing import Sequence

from coder.store import Row
from coder.text import CODED, NEEDS_REVIEW, redact, shorten


def words(text: str) -> frozenset[str]:
    """The set of lower-cased words of a text (for near-duplicate checks)."""
    return frozenset(re.findall(r"\w+", text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Word-set overlap |a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def pick_quotes(rows: Sequence[Row], theme: str, k: int = 3, limit: int = 160,
                max_overlap: float = 0.6) -> tuple[str, ...]:
    """Up to k redacted, shortened quotes whose primary theme is ``theme``.

    Representative: human-confirmed labels first, then by the classifier's probability for the
    theme (the store keeps no embeddings, so confidence stands in for nearness to the theme's
    centre); among near-equal probabilities, answers of about 90 characters first.
    Diverse: a quote whose word set overlaps a chosen one by Jaccard ≥ ``max_overlap`` is skipped.
    From different respondents, never a repeated answer, at least three words.
    """
    candidates = [r for r in rows if r.primary == theme and r.duplicate_of is None and r.status in (CODED, NEEDS_REVIEW)]
    candidates.sort(key=lambda r: (r.source != "human", -round(r.scores.get(theme, r.confidence or 0.0), 2),
                                   abs(len(r.text) - 90), r.row, r.comment_id))
    chosen: list[str] = []
    seen: list[frozenset[str]] = []
    respondents: set[str] = set()
    for r in candidates:
        if len(chosen) == k:
            break
        text = redact(r.text)
        w = words(text)
        if len(w) < 3 or r.respondent in respondents or any(jaccard(w, s) >= max_overlap for s in seen):
            continue
        seen.append(w)
        respondents.add(r.respondent)
        chosen.append(shorten(text, limit))
    return tuple(chosen)
