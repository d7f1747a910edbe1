"""Example quotes for a theme: confidently coded (a reviewer-confirmed one first), sure and typical of it, in the
report's language (an answer clearly in another is never quoted unless pinned: in a small group its language
alone can point out the respondent, and a Danish report quotes Danish), diverse, one per respondent, never a
contact request or an answer with personal data; the report writer's pinned quotes first and excluded ones never."""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

from coder.cluster.keywords import stop_words
from coder.codebook import Codebook
from coder.store import ADJUDICATED, DISPUTED, EXCLUDE, HUMAN, PIN, Row
from coder.text import CODED, NEEDS_REVIEW, key, redact, shorten
from coder.text.contact import asks_contact
from coder.text.language import is_language

SHARED_OPENING = 3  # content words two quotes must open with alike to be one answer with two tails


def words(text: str) -> frozenset[str]:
    """The set of lower-cased words of a text (for near-duplicate checks)."""
    return frozenset(ordered_words(text))


def ordered_words(text: str) -> list[str]:
    """The lower-cased words of a text, in order."""
    return re.findall(r"\w+", text.casefold())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Word-set overlap |a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def near_copy(a: frozenset[str], b: frozenset[str], max_overlap: float = 0.6,
              openings: tuple[Sequence[str], Sequence[str]] | None = None) -> bool:
    """Two quotes that say the same: word sets overlapping by Jaccard ≥ ``max_overlap``, or the shorter one's
    content words (two or more, stop words aside) nearly all in the other ("god stemning, netværk godt" beside
    "god stemning, godt netværk – det er vigtigt": Jaccard 0.57, yet the one is the other said shorter), or, given
    their words in order (``openings``), the same opening of at least ``SHARED_OPENING`` content words that holds
    most of the shorter one's ("undervisning ved overlæger fra afd. og gerne snart" beside "undervisning ved
    overlæger fra afd. – det er vigtigt": one answer with two tails)."""
    if jaccard(a, b) >= max_overlap:
        return True
    stop = stop_words()
    a, b = a - stop, b - stop  # "det er vigtigt at vi …" is no shared point
    small = min(len(a), len(b))
    if small >= 2 and len(a & b) >= 0.8 * small:
        return True
    if openings is None:
        return False
    shared = 0
    for x, y in zip(*openings):
        if x != y:
            break
        shared += x not in stop
    return shared >= SHARED_OPENING and shared >= 0.6 * small


def private(text: str) -> bool:
    """A contact request, or an answer with personal data to redact: no report quotes it, even pinned."""
    return redact(text) != text or asks_contact(text)


QUOTE_FLOOR = 0.5  # the model's probability for its primary theme below which no answer of its own is quoted


def sure(row: Row) -> bool:
    """Coded by a person, or by the model at a probability of at least ``QUOTE_FLOOR`` for its primary theme.

    A quote stands for its theme in print, so it should more likely be of the theme than not: coded with the
    codebook alone, an answer the model gave its theme a probability of 0.4–0.5 had that gold theme about half the
    time (0.51 on the sample, 0.67 on SIB-200; 0.52 and 0.51 on the hold-outs), below 0.4 a third to a half of the
    time (0.35–0.47; 0.12–0.32), and from 0.5 to 0.6 0.55–0.75 (0.64, 0.65); a small group's fact sheet would
    otherwise quote whatever was left. Fewer quotes rather than wrong ones."""
    if row.source in (HUMAN, ADJUDICATED):
        return True
    return row.primary is not None and row.scores.get(row.primary, row.confidence or 0.0) >= QUOTE_FLOOR


def quotable(row: Row) -> bool:
    """Not a contact request, nothing personal to redact, at least three words, not disputed. Only the ``sure``
    among them are quoted; the median that ranks them (``rank_key``) is over them all."""
    return row.source != DISPUTED and len(words(row.text)) >= 3 and not private(row.text)


def codebook_examples(codebook: Codebook) -> frozenset[str]:
    """The codebook's examples and counter-examples (``coder.text.key``): an answer that is one is quoted only after
    the others, since the analyst chose it already (discover drafts examples from the answers, and codebook learn
    adds reviewers' answers; 21 of 41 quotes of a walk-through's report were its codebook's examples)."""
    texts = [x for t in codebook.themes for x in (*t.examples, *t.counter_examples, *(e for sub in t.subcodes
                                                                                     for e in sub.examples))]
    return frozenset(key(x) for x in texts)


def rank_key(row: Row, theme: str, median: float, examples: frozenset[str] = frozenset()) -> tuple:
    """Where a quotable answer in the report's language ranks among its theme's (smaller first): not one of the
    codebook's ``examples``, confidently
    coded (probability ≥ the theme's median), confirmed by a reviewer (human or adjudicated label), then the
    sum of its probability for the theme and its typicality (cosine to the theme's centre). A reviewer's label
    the model was unsure of is no typical answer to show first; among the confident ones, a confirmed one is
    surely of the theme.

    The sum replaced typicality alone, which put an answer at the theme's centre first however unsure the
    model was of it: the three quotes per theme and question whose gold theme is the theme they show, with
    the codebook alone, went from 31 of 36 to 34 of 36 on the sample and from 20 of 21 to 21 of 21 on
    SIB-200 (chosen there; probability alone did the same), and on the hold-outs from 35 of 42 to 38 of 42
    (indlaeggelse) and 30 of 36 to 30 of 36 (klynger2). Of all the answers coded to a theme 64–78 % are."""
    score = row.scores.get(theme, row.confidence or 0.0)
    typical = row.typicality if row.typicality is not None else 0.0
    return (bool(examples) and key(row.text) in examples, score < median,
            row.source not in (HUMAN, ADJUDICATED),
            -round(score + typical, 3), -round(score, 3), row.row, row.comment_id)


def median_score(scores: Sequence[float]) -> float:
    """The median as ranking uses it: the upper middle of the sorted scores (0 for none)."""
    probs = sorted(scores)
    return probs[len(probs) // 2] if probs else 0.0


def _rank(rows: Sequence[Row], theme: str, language: str, examples: frozenset[str] = frozenset()) -> list[Row]:
    """The ``sure`` of ``rows`` (quotable answers) in the report's language, best quotes first (``rank_key``)."""
    median = median_score([r.scores.get(theme, r.confidence or 0.0) for r in rows])
    return sorted((r for r in rows if sure(r) and is_language(r.text, language)),
                  key=lambda r: rank_key(r, theme, median, examples))


def is_candidate(row: Row, theme: str, choices: Mapping[str, str]) -> bool:
    """Whether an answer may quote ``theme``: its primary theme, first of its text, substantive, not excluded."""
    return (row.primary == theme and row.duplicate_of is None and row.status in (CODED, NEEDS_REVIEW)
            and choices.get(row.comment_id) != EXCLUDE)


def pick_quotes(rows: Sequence[Row], theme: str, k: int = 3, limit: int = 160, max_overlap: float = 0.6,
                choices: Mapping[str, str] | None = None, language: str = "da",
                examples: frozenset[str] = frozenset(), locale: str = "da") -> tuple[str, ...]:
    """Up to k redacted, shortened quotes whose primary theme is ``theme``, placeholders in the reader's ``locale``.

    Pinned answers come first (the report writer chose them), excluded ones never; the rest are
    ranked by ``rank_key`` among ``quotable`` answers. A near copy of a chosen one (``near_copy``) is skipped; one
    quote per respondent; never a repeated answer.
    """
    choices = choices or {}
    candidates = [r for r in rows if is_candidate(r, theme, choices)]
    pinned = [r for r in candidates if choices.get(r.comment_id) == PIN and not private(r.text)]  # pinned earlier
    ordered = pinned + _rank([r for r in candidates if r not in pinned and quotable(r)], theme, language, examples)
    return choose_quotes(ordered, k, limit, max_overlap, locale)


def choose_quotes(ordered: Iterable[Row], k: int = 3, limit: int = 160, max_overlap: float = 0.6,
                  locale: str = "da") -> tuple[str, ...]:
    """The first k of ``ordered`` that are not near-copies of one chosen and not by a respondent chosen, redacted
    with placeholders in ``locale`` ([NAVN] for a Danish reader, [NAME] for an English one)."""
    chosen: list[str] = []
    seen: list[tuple[frozenset[str], list[str]]] = []
    respondents: set[str] = set()
    for r in ordered:
        if len(chosen) == k:
            break
        text = redact(r.text, locale)
        sequence = ordered_words(text)
        w = frozenset(sequence)
        if r.respondent in respondents or any(near_copy(w, s, max_overlap, (sequence, q)) for s, q in seen):
            continue
        seen.append((w, sequence))
        respondents.add(r.respondent)
        chosen.append(shorten(text, limit))
    return tuple(chosen)
