"""Normalise comments, flag empty answers and non-answers, group duplicates, redact personal data."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

CODED = "coded"
EMPTY = "empty"
NON_ANSWER = "non_answer"
NEEDS_REVIEW = "needs_review"

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def clean(text: str | None) -> str:
    """The text as it will be shown and embedded: NFC, control characters gone, spaces collapsed."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACE.sub(" ", text).strip()


def key(text: str) -> str:
    """The comparison key: clean, lower case, punctuation trimmed from both ends."""
    return _EDGE_PUNCT.sub("", clean(text).casefold())


@lru_cache(maxsize=1)
def non_answers() -> frozenset[str]:
    """The non-answer phrases from ``coder/data/non_answers.txt``, as comparison keys."""
    lines = resources.files("coder.data").joinpath("non_answers.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(key(line) for line in lines if line.strip() and not line.startswith("#"))


def status_of(text: str) -> str:
    """``empty`` for nothing at all, ``non_answer`` for a phrase that says nothing, else ``coded``."""
    cleaned = clean(text)
    if not cleaned:
        return EMPTY
    k = key(cleaned)
    if not k or k in non_answers():
        return NON_ANSWER
    return CODED


def duplicate_groups(keys: Sequence[str]) -> list[int | None]:
    """For each key, the index of its first occurrence when it is a repeat, else None."""
    first: dict[str, int] = {}
    out: list[int | None] = []
    for i, k in enumerate(keys):
        if k in first:
            out.append(first[k])
        else:
            first[k] = i
            out.append(None)
    return out


# --- personal data -------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    """A piece of personal data found in a text: [start, end) and its kind."""

    start: int
    end: int
    kind: str


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    ("URL", re.compile(r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]", re.IGNORECASE)),
    # CPR: DDMMYY-NNNN or DDMMYYNNNN, with a plausible day and month.
    ("CPR", re.compile(r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\d-])")),
    # Danish phone numbers: optional +45/0045, then 8 digits, grouped by 2 or 4 or not at all.
    ("TELEFON", re.compile(
        r"(?<![\d+])(?:(?:\+|00)45[ -]?)?(?:\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}|\d{4}[ -]\d{4})(?![\d])")),
]


def find_pii(text: str) -> list[Span]:
    """Spans of e-mail addresses, URLs, CPR numbers and phone numbers, without overlaps."""
    spans: list[Span] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not any(s.start < m.end() and m.start() < s.end for s in spans):
                spans.append(Span(m.start(), m.end(), kind))
    return sorted(spans, key=lambda s: s.start)


def redact(text: str) -> str:
    """Replace personal data with placeholders such as ``[CPR]`` and ``[TELEFON]``."""
    out, last = [], 0
    for span in find_pii(text):
        out.append(text[last : span.start])
        out.append(f"[{span.kind}]")
        last = span.end
    out.append(text[last:])
    return "".join(out)


def shorten(text: str, limit: int = 160) -> str:
    """Cut a quote at a sentence (or word) boundary within ``limit`` characters, adding '…'."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if cut >= limit // 3:
        return head[: cut + 1] + " …"
    space = head.rfind(" ")
    return (head[:space] if space > 0 else head).rstrip(",;:- ") + " …"
