"""A codebook that improves each round: reviewers' clearest answers become its examples.

For each theme, the human-confirmed answers that are clear cases (coded with that theme alone, and
the model agreed or at least gave the theme a fair share) and typical of the theme become examples;
answers the model put under a theme with confidence (``SURE``) but that people coded otherwise become
that theme's counter-examples (one the model was unsure of teaches a reader of the codebook nothing).
Never answers with personal data, never near-copies of what the codebook already holds, only a few
per theme. The next round's zero-shot classifier reads the examples
as prototypes, so the codebook teaches what the reviewers taught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from coder.codebook import ITEM_MAX, Codebook
from coder.text import key, redact
from coder.text.language import is_language

MIN_WORDS = 3
# New examples per theme at most. The next round's zero-shot coding gains with more of them; with 120
# and 240 random labels of one half of a set, coding the other half (bench/codebook_rounds.py, 5 seeds),
# macro-F1 changed by 3: −0.006/+0.004 (sample), −0.008/−0.002 (SIB-200); 10: +0.012/+0.003,
# +0.016/+0.010; 20: +0.024/+0.012, +0.023/+0.028; 40: +0.025/+0.027, +0.025/+0.038; 80: the same as 40
# (the clear, fresh answers run out). Counter-examples do not change zero-shot coding at all.
EXAMPLES_PER_THEME = 40
# A new example is at most this long: a reader of the codebook learns a theme from a typical answer, not from a
# 430-character monologue (walk36). With 60 / 120 / 240 labels, the change in macro-F1 over no limit was 0.000 /
# 0.000 / −0.002 on the sample and −0.001 / 0.000 / +0.001 on SIB-200 (bench/codebook_rounds.py, 5 seeds); a limit
# of 200 moved SIB-200 by −0.005 / 0.000 / +0.004.
MAX_CHARS = 300
SURE = 0.5  # a counter-example is an answer the model gave at least this share of probability for the theme


@dataclass(frozen=True)
class LabelledAnswer:
    """One answer a person coded, with what the model made of it."""

    text: str
    themes: tuple[str, ...]  # the people's label, primary first
    model_primary: str | None
    model_scores: dict[str, float]  # the model's probability per theme
    typicality: float | None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _fresh(text: str, taken: list[set[str]]) -> bool:
    """At least three words and at most ``MAX_CHARS`` characters, no personal data, and not a near-copy of a text
    already there."""
    w = _words(text)
    return (len(w) >= MIN_WORDS and len(text) <= min(MAX_CHARS, ITEM_MAX) and redact(text) == text
            and all(len(w & t) / len(w | t) < 0.6 for t in taken if w | t))


def _take(candidates: Sequence[LabelledAnswer], n: int, taken: list[set[str]]) -> list[str]:
    """The first ``n`` texts that are fresh (``_fresh``), in order; each one taken is remembered in ``taken``."""
    out: list[str] = []
    for a in candidates:
        if len(out) == n:
            break
        if _fresh(a.text, taken):
            out.append(a.text)
            taken.append(_words(a.text))
    return out


def _next_version(version: str) -> str:
    parts = version.split(".")
    if parts[-1].isdigit():
        return ".".join(parts[:-1] + [str(int(parts[-1]) + 1)])
    return version + ".1"


def learn_codebook(codebook: Codebook, answers: Sequence[LabelledAnswer], per_theme: int = EXAMPLES_PER_THEME,
                   counter_per_theme: int = 2) -> tuple[Codebook, dict[str, list[str]]]:
    """A new codebook version with up to ``per_theme`` new examples and ``counter_per_theme`` new
    counter-examples per theme; also returns what was added (theme -> texts, counter-examples marked ``¬``)."""
    added: dict[str, list[str]] = {}
    themes = []
    for theme in codebook.themes:
        taken = [_words(t) for t in (*theme.examples, *theme.counter_examples)]
        mine = [a for a in answers if a.themes and a.themes[0] == theme.id and is_language(a.text, codebook.language)]
        clear = [a for a in mine if len(a.themes) == 1  # one theme: "1) Cases 2) Socialt 3) Data" is no example
                 and (a.model_primary == theme.id or a.model_scores.get(theme.id, 0.0) >= 0.25)]
        clear.sort(key=lambda a: (-round(a.typicality or 0.0, 3), -round(a.model_scores.get(theme.id, 0.0), 3),
                                  key(a.text)))
        examples = _take(clear, per_theme, taken)
        wrong = [a for a in answers if a.model_primary == theme.id and a.themes and theme.id not in a.themes
                 and a.model_scores.get(theme.id, 0.0) >= SURE and is_language(a.text, codebook.language)]
        wrong.sort(key=lambda a: (-round(a.model_scores.get(theme.id, 0.0), 3), key(a.text)))
        counters = _take(wrong, counter_per_theme, taken)
        if examples or counters:
            added[theme.id] = examples + [f"¬ {c}" for c in counters]
        themes.append(theme.model_copy(update={"examples": theme.examples + tuple(examples),
                                               "counter_examples": theme.counter_examples + tuple(counters)}))
    learned = codebook.model_copy(update={"themes": tuple(themes), "version": _next_version(codebook.version)})
    return Codebook.model_validate(learned.model_dump()), added
