"""Answers that ask to be contacted: a contact phrase ("ring til mig", "kontakt mig"), or a phone number or e-mail
address given in the answer. They are never quoted (``coder.report.quotes``), and ``coder code`` names them, so
that someone can answer the respondent (their contact details are redacted from every file coder writes)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from coder.text.privacy import EMAIL, TELEFON, word_lists
from coder.text.privacy_patterns import pattern_spans


@lru_cache(maxsize=1)
def contact_phrases() -> tuple[str, ...]:
    text = resources.files("coder.data").joinpath("contact_phrases_da.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _phrases() -> re.Pattern[str]:
    """The phrases as whole words: 'ring på' is no request inside 'forklaring på'."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in contact_phrases()) + r")(?!\w)")


def asks_contact(text: str) -> bool:
    """A contact phrase, or a phone number or e-mail address (patterns only: a name alone is no request)."""
    folded = text.casefold()
    if _phrases().search(folded):
        return True
    if not any(c.isdigit() or c == "@" for c in text) and "(at)" not in folded:  # no number, no address: quick out
        return False
    return any(s.kind in (TELEFON, EMAIL) for s in pattern_spans(text, word_lists().streets).spans)
