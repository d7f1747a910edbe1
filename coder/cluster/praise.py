"""The "andet/ros" group: praise and short answers that name no topic ("Fint som det er", "Godt initiativ").

Such answers are near each other in every embedding (they share their tone) but about
nothing the analyst can act on, so they are set apart before clustering and shown as one
group that is never NEW. An answer belongs there when, after leaving out stop words, words
of praise (``coder/data/praise_da.txt``, with their companions in
``praise_companions_da.txt``) and the question's everywhere-words, no content word is left,
and it praises something or has no content word at all. Everywhere-words are lemmas used by
at least ``EVERYWHERE_SHARE`` of the question's answers ("klynge", "møde" in a survey about
cluster meetings): "Vi har en god klynge" is praise, "God mad" and "Dagsorden i god tid" are not.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Sequence

import numpy as np

from coder.cluster.keywords import Words, word_list

EVERYWHERE_SHARE = 0.08  # set on the sample: "møde", "tid", "klynge" (8–12 % of answers), not "data" (5 %)


@lru_cache(maxsize=1)
def _praise() -> tuple[frozenset[str], frozenset[str]]:
    return word_list("praise_da.txt"), word_list("praise_companions_da.txt")


def everywhere_words(docs: Sequence[Sequence[str]], weights: np.ndarray) -> frozenset[str]:
    """Lemmas used by at least ``EVERYWHERE_SHARE`` of the answers (weighted by repeats)."""
    total = float(np.sum(weights))
    used: Counter = Counter()
    for doc, w in zip(docs, weights):
        for lem in set(doc):
            used[lem] += float(w)
    return frozenset(lem for lem, n in used.items() if total and n / total >= EVERYWHERE_SHARE)


def praise_or_short(tokenised: Sequence[Words], weights: np.ndarray) -> np.ndarray:
    """Which answers go to the "andet/ros" group.

    Args:
        tokenised: the words of each distinct answer (``coder.cluster.keywords.words``).
        weights: (len(tokenised),) answers behind each distinct text.
    Returns:
        (len(tokenised),) bool.
    """
    praise, companions = _praise()
    docs = [[lem for _, lem, content in ws if content] for ws in tokenised]
    common = everywhere_words(docs, weights)
    out = np.zeros(len(tokenised), bool)
    for i, (ws, doc) in enumerate(zip(tokenised, docs)):
        praising = any(w in praise or lem in praise for w, lem, _ in ws if w)
        left = [lem for w, lem, content in ws if content and w not in praise and lem not in praise
                and lem not in common and not (praising and (w in companions or lem in companions))]
        out[i] = not left and (praising or not doc)
    return out
