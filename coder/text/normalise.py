"""Normalise comments, flag empty answers and non-answers, group duplicates, shorten quotes, make slugs."""

from __future__ import annotations

import hashlib
import html
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
# what a spreadsheet, database or script writes where there is no value: the cell is empty, not an answer
MISSING_MARKERS = frozenset({"nan", "-nan", "null", "nat", "undefined", "inf", "-inf", "infinity", "-infinity", "<na>",
                             "#value!", "#div/0!", "#ref!", "#name?", "#num!", "#null!", "#getting_data", "#spill!",
                             "#calc!", "#n/a",
                             # Danish Excel's names of its error values (a typed "N/A" without "#" stays a non-answer)
                             "#i/t", "#værdi!", "#division/0!", "#reference!", "#navn?", "#nul!"})
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
# what a web survey's export leaves of its HTML: entities (&aring; &#248; &amp;) and line or paragraph tags
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# a tag's attributes are name=value pairs ('<p class="x">', '<font color=red>'): "a<b og c>d" is a respondent's text
# (walk38: "og c" was read as a <b> tag's attributes and left out)
_TAG = re.compile(r"</?(?:br|p|div|span|b|i|u|em|strong|font|li|ul|ol)"
                  r"(?:\s+[A-Za-z-]{1,30}\s*=\s*(?:\"[^\"<>]{0,200}\"|'[^'<>]{0,200}'|[^\s\"'<>]{1,200})){0,10}\s*/?>",
                  re.IGNORECASE)


# format characters that join what is around them: the joiners inside emoji (👨‍👩‍👧, 🏳️‍🌈) and the tags of a
# subdivision flag stay after a symbol (between two letters a joiner only splits a word invisibly, so it goes); a
# soft hyphen (from Word or a PDF: "klynge\u00admøde"), a word joiner, a byte-order mark and direction marks go
# without a trace, so a compound stays one word
_KEEP = frozenset("\u200c\u200d") | frozenset(map(chr, range(0xE0020, 0xE0080)))
_DROP = frozenset("\u00ad\u2060\ufeff\u200e\u200f\u061c")
_INVISIBLE = _KEEP | frozenset("\ufe0e\ufe0f")  # an answer of nothing but these is empty
_INVISIBLE_TEXT = " " + "".join(sorted(_INVISIBLE))


def _controls(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _KEEP:
            out.append(ch if out and out[-1] and not out[-1][-1].isalnum() and not out[-1].isspace() else "")
        elif ch not in _DROP:
            out.append(" " if unicodedata.category(ch)[0] == "C" else ch)
    return "".join(out)


def clean(text: str | None) -> str:
    """The text as it will be shown and embedded: HTML entities and line tags a web survey left decoded, NFC,
    control characters spaces (a soft hyphen, word joiner, byte-order or direction mark dropped; the joiners of
    emoji kept), spaces collapsed."""
    if text is None:
        return ""
    text = str(text)
    if "&" in text or "<" in text:
        text = _unhtml(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # rare: control or format characters (or odd spaces) present
        text = _controls(text)
    text = _SPACE.sub(" ", text).strip()
    if text[:1] not in _INVISIBLE:  # what nearly every answer starts with: a visible character
        return text
    return text if text.strip(_INVISIBLE_TEXT) else ""


def _unhtml(text: str) -> str:
    """Entities decoded (again, while any is left: an export may escape twice) and line tags made spaces; text
    that only looks like HTML ('R&D', '<3', 'a < b') is kept."""
    for _ in range(10):
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    return _TAG.sub(" ", text)


def key(text: str) -> str:
    """The comparison key: clean, lower case, punctuation trimmed from both ends."""
    return _EDGE_PUNCT.sub("", clean(text).casefold())


def data_lines(name: str) -> list[str]:
    """The lines of a word list in ``coder/data/``, stripped, less blank lines and # comments."""
    text = resources.files("coder.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def non_answers() -> frozenset[str]:
    """The non-answer phrases from ``coder/data/non_answers.txt``, as comparison keys."""
    return frozenset(key(line) for line in data_lines("non_answers.txt"))


_WORD = re.compile(r"\w+")


def words_key(text: str) -> str:
    """The words of a text, lower case, without punctuation: 'Online-møder, tak' and 'online møder tak' are one
    answer to a reviewer (a new wave's added comma or hyphen left a decision stale)."""
    return " ".join(_WORD.findall(key(text)))


_LONGEST_NON_ANSWER = 16  # words; a longer answer always says something


def _words(folded: str) -> tuple[str, ...]:
    """The words of a cleaned, case-folded text, punctuation dropped: 'nej, ikke p.t.' → ('nej', 'ikke', 'p', 't')."""
    return tuple(_WORD.findall(folded)) if folded.count(" ") < _LONGEST_NON_ANSWER else ()


@lru_cache(maxsize=1)
def _non_answer_phrases() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]],
                                   frozenset[tuple[str, ...]], int]:
    """Non-answers, openers and tails as word tuples, and the longest phrase's length in words."""
    cores, openers, tails = (frozenset(w for w in (_words(key(line)) for line in data_lines(f"{name}.txt")) if w)
                             for name in ("non_answers", "non_answer_openers", "non_answer_tails"))
    return cores, openers, tails, max(len(p) for p in cores | openers | tails)


def says_nothing(text: str) -> bool:
    """True when the text is made only of non-answer phrases (``non_answers.txt``), with opening words
    (``non_answer_openers.txt``) before the first and tail words (``non_answer_tails.txt``) after one.

    "Jeg har ingen kommentarer", "Ved ikke rigtig", "Ingen forslag, tak" and "Nej, ikke lige nu" say
    nothing; "Nej tak til mødepligt", "Ingen mødepligt" and "Ved ikke om data hjælper" say something.
    """
    return _made_of_non_answers(_words(clean(text).casefold()))


def _made_of_non_answers(ws: tuple[str, ...]) -> bool:
    if not ws or len(ws) > _LONGEST_NON_ANSWER:
        return False
    cores, openers, tails, longest = _non_answer_phrases()
    # reach[i]: the first i words split into phrases; 0 = openers only so far, 1 = a non-answer seen
    reach: list[set[int]] = [set() for _ in range(len(ws) + 1)]
    reach[0].add(0)
    for i in range(len(ws)):
        for seen in reach[i]:
            for j in range(i + 1, min(len(ws), i + longest) + 1):
                piece = ws[i:j]
                if piece in cores:
                    reach[j].add(1)
                elif (seen and piece in tails) or (not seen and piece in openers):
                    reach[j].add(seen)
    return 1 in reach[-1]


def status_of(text: str) -> str:
    """``empty`` for nothing at all (or a marker of a missing value: ``MISSING_MARKERS``), ``non_answer`` for a
    phrase that says nothing or a text without a single letter (a number, a date or a time from a spreadsheet
    cell: '42', '2025-03-01 00:00:00'), else ``coded``."""
    cleaned = clean(text)
    folded = cleaned.casefold()
    if not cleaned or folded in MISSING_MARKERS:  # 'NaN', 'NULL', '#VALUE!': a missing value, written out
        return EMPTY
    k = _EDGE_PUNCT.sub("", folded)
    if not k or not any(ch.isalpha() for ch in k) or k in non_answers() or _made_of_non_answers(_words(folded)):
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


def fingerprinted(tag: str, source: str, limit: int) -> str:
    """``tag`` cut to ``limit`` characters and marked with a short fingerprint of ``source``, the exact text it was
    made from: two texts with the same slug, or a slug too long for a file name, get names of their own."""
    return tag[:limit].rstrip("-") + "-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:6]


def slug(text: str, sep: str = "-", fallback: str = "x") -> str:
    """An ASCII name for files and ids: 'Øjenlæger i Nord' → 'oejenlaeger-i-nord' (æ→ae, ø→oe, å→aa)."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_DANISH_LETTERS))
    folded = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, folded).strip(sep) or fallback
