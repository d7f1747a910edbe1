"""Normalise comments, flag empty answers and non-answers, group duplicates, shorten quotes, make slugs."""

from __future__ import annotations

import re
import unicodedata
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
    text = str(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # rare: control or format characters (or odd spaces) present
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
    k = _EDGE_PUNCT.sub("", cleaned.casefold())
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


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def slug(text: str, sep: str = "-", fallback: str = "x") -> str:
    """An ASCII name for files and ids: 'Øjenlæger i Nord' → 'oejenlaeger-i-nord' (æ→ae, ø→oe, å→aa)."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_DANISH_LETTERS))
    folded = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, folded).strip(sep) or fallback
