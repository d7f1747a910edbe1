"""Which language a short answer is in (Danish, Norwegian, Swedish or English): word lists, no model.

Each language has a list of common words (``coder/data/lang_*.txt``); a word found in several
lists counts for each in proportion (1/number of lists), so "og", shared by Danish and Norwegian,
tells them apart from Swedish and English but not from each other. Letters decide what words
cannot: ä and ö are Swedish, æ Danish or Norwegian. An answer with no clear evidence is
``None`` (unknown), which callers treat as the codebook's own language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

LANGUAGES = ("da", "no", "sv", "en")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    out = {}
    for lang in LANGUAGES:
        text = resources.files("coder.data").joinpath(f"lang_{lang}.txt").read_text(encoding="utf-8")
        out[lang] = frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return out


def scores(text: str) -> dict[str, float]:
    """Evidence for each language: shared words split their weight, letters add weight."""
    lists = _lists()
    score = dict.fromkeys(LANGUAGES, 0.0)
    for word in _WORD.findall(text.casefold()):
        owners = [lang for lang in LANGUAGES if word in lists[lang]]
        for lang in owners:
            score[lang] += 1.0 / len(owners)
    folded = text.casefold()
    if "ä" in folded or "ö" in folded:
        score["sv"] += 2.0
    if "æ" in folded or "ø" in folded:
        score["da"] += 0.5
        score["no"] += 0.5
    return score


def detect(text: str) -> str | None:
    """``da``, ``no``, ``sv`` or ``en``, or None when the answer gives no clear evidence."""
    score = scores(text)
    ranked = sorted(score.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 1.5 or top - second < 1.0:
        return None
    return best


def is_language(text: str, language: str) -> bool:
    """True unless the answer is clearly in another language than ``language`` (unknown counts as yes)."""
    found = detect(text)
    return found is None or found == language.casefold()[:2]
