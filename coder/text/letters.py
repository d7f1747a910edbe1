"""Danish letters put back in an answer typed without them: "paa moedet i aar" → "på mødet i år".

Survey systems that take only ASCII, and foreign keyboards, make respondents write æ, ø and å as ae, oe
and aa. The model reads "moedet" as another word than "mødet": a 20,000-row export with 15 % of its
answers so written coded 27 % of them under another theme than the same answer in Danish letters, and
``coder discover`` made a "theme" of the spelling ("moedet, aar, paa"). So before an answer is embedded
or matched to keywords, a word is rewritten only when

- its text has no æ, ø or å at all (a person who has them uses them), and no English word that is no Danish
  one ("the", "does", "of" …, ``coder/data/english_markers.txt``): English has ae, oe and aa too ("does" would
  be read "døs", "goes" "gøs"), and
- the word is not a Danish word as written, and one way of reading its ae/oe/aa as æ/ø/å is one
  (the ~550,000 word forms of spaCy's Danish lookup table, offline), or is two such words joined (a
  compound: "moedekalender" → "mødekalender").

"toer", "ekstraarbejde" and "Michael" are left alone: the first two are Danish words as written, and no
reading of the third is. The text a person is shown and quoted is never changed.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

_DANISH = frozenset("æøåÆØÅ")
_PAIRS = {"ae": "æ", "oe": "ø", "aa": "å"}
_WORD = re.compile(r"[A-Za-z]*(?:[aA][eE]|[oO][eE]|[aA][aA])[A-Za-z]*")
_PAIR = re.compile(r"ae|oe|aa")
_LETTERS = re.compile(r"[a-z']+")
MIN_PART = 3  # letters each word of a compound needs
MAX_PAIRS = 4  # a word with more ae/oe/aa is left as it is (2**4 readings at most)


@lru_cache(maxsize=1)
def _forms() -> frozenset[str]:
    """The word forms of the Danish lookup table of ``spacy-lookups-data``, read once from the package's file
    (0.8 s; through spaCy it took 5 s)."""
    import gzip
    import json
    from importlib import resources

    with resources.files("spacy_lookups_data").joinpath("data/da_lemma_lookup.json.gz").open("rb") as raw:
        with gzip.open(raw, "rt", encoding="utf-8") as text:
            return frozenset(json.load(text))


def _known(word: str) -> bool:
    forms = _forms()
    if word in forms:
        return True
    return any(word[:i] in forms and word[i:] in forms for i in range(MIN_PART, len(word) - MIN_PART + 1))


@lru_cache(maxsize=100_000)
def _reading(word: str) -> str | None:
    """The Danish reading of a lower-case word with ae/oe/aa, or None when it is a word as written or has none."""
    if word in _forms():
        return None
    spots = [m.span() for m in _PAIR.finditer(word)]
    if not spots or len(spots) > MAX_PAIRS:
        return None
    for chosen in sorted(itertools.product((True, False), repeat=len(spots)), key=lambda c: -sum(c)):
        if not any(chosen):
            break
        out, last = [], 0
        for (a, b), swap in zip(spots, chosen):
            out.append(word[last:a] + (_PAIRS[word[a:b]] if swap else word[a:b]))
            last = b
        candidate = "".join(out) + word[last:]
        if _known(candidate):
            return candidate
    return None


def _restore(match: re.Match) -> str:
    word = match.group(0)
    found = _reading(word.lower())
    if found is None:
        return word
    if word.isupper() and len(word) > 1:
        return found.upper()
    return found[0].upper() + found[1:] if word[0].isupper() else found


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """Words that make a text English (``coder/data/english_markers.txt``)."""
    from coder.text.normalise import data_lines

    return frozenset(w.lower() for w in data_lines("english_markers.txt"))


def danish_letters(text: str) -> str:
    """``text`` with its words written without æ, ø and å read with them (see the module docstring)."""
    low = text.lower()
    if ("ae" not in low and "oe" not in low and "aa" not in low) or any(c in _DANISH for c in text):
        return text
    if any(w in _english() for w in _LETTERS.findall(low)):
        return text
    return _WORD.sub(_restore, text)
