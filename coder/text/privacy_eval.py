"""Measure redaction on a planted test set: recall of identifiers and false redactions of clean text.

The set is a TSV with columns ``set`` (``pii`` or ``clean``) and ``text``; identifiers in the
``pii`` rows are marked ``[[KIND:text]]`` (see ``tests/data/pii_planted.tsv``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from coder.errors import InputError
from coder.text.privacy import KINDS, Span, find_pii

_MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PlantedCase:
    """One sentence of the test set, with the identifiers planted in it (none for a clean one)."""

    text: str
    planted: tuple[Span, ...]
    clean: bool


@dataclass(frozen=True)
class RedactionScore:
    """Recall on the planted identifiers and false redactions on clean text."""

    identifiers: int
    removed: int  # identifiers whose every character is inside a redaction
    right_kind: int  # removed identifiers whose placeholder has the planted kind
    clean_sentences: int
    clean_tokens: int
    false_tokens: int  # words of the clean sentences touched by a redaction
    clean_chars: int
    false_chars: int
    other_tokens: int  # words of the pii sentences outside the planted identifiers
    over_tokens: int  # … of which redacted anyway
    missed: tuple[str, ...]
    false: tuple[str, ...]
    by_kind: tuple[tuple[str, int, int], ...] = ()  # (kind, identifiers, removed)

    @property
    def recall(self) -> float:
        return self.removed / self.identifiers if self.identifiers else 1.0

    @property
    def false_rate(self) -> float:
        """Share of the clean set's words that were redacted."""
        return self.false_tokens / self.clean_tokens if self.clean_tokens else 0.0

    @property
    def false_char_rate(self) -> float:
        return self.false_chars / self.clean_chars if self.clean_chars else 0.0

    @property
    def over_rate(self) -> float:
        """Share of the words around the planted identifiers that were redacted too."""
        return self.over_tokens / self.other_tokens if self.other_tokens else 0.0


def parse_marked(marked: str) -> tuple[str, tuple[Span, ...]]:
    """``"ring [[TELEFON:28 14 55 90]]"`` → the plain text and the planted spans."""
    out, spans, last = [], [], 0
    for m in _MARK.finditer(marked):
        out.append(marked[last:m.start()])
        start = sum(len(p) for p in out)
        out.append(m.group(2))
        if m.group(1) not in KINDS:
            raise InputError(f"unknown kind {m.group(1)!r} in {marked!r}; use one of {', '.join(KINDS)}",
                             danish=f"ukendt slags {m.group(1)!r} i {marked!r}; brug en af {', '.join(KINDS)}")
        spans.append(Span(start, start + len(m.group(2)), m.group(1)))
        last = m.end()
    out.append(marked[last:])
    return "".join(out), tuple(spans)


def load_planted(path: Path) -> list[PlantedCase]:
    """Read the planted test set."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        text, planted = parse_marked(row["text"])
        if row["set"] not in ("pii", "clean") or (row["set"] == "pii") != bool(planted):
            raise InputError(f"{path}: bad row {row!r}: a 'pii' row needs [[KIND:text]] marks, a 'clean' row none",
                             danish=f"{path}: ugyldig række {row!r}: en 'pii'-række skal have [[KIND:tekst]]-"
                                    "markeringer, en 'clean'-række ingen")
        cases.append(PlantedCase(text, planted, row["set"] == "clean"))
    return cases


def _covered(found: Sequence[Span], start: int, end: int, text: str) -> bool:
    return all(text[i].isspace() or any(s.start <= i < s.end for s in found) for i in range(start, end))


def score(cases: Sequence[PlantedCase], finder: Callable[[str], list[Span]] = find_pii) -> RedactionScore:
    """Run ``finder`` on every case and count what it removed and what it wrongly removed."""
    identifiers = removed = right = 0
    clean_n = clean_tokens = false_tokens = clean_chars = false_chars = other = over = 0
    missed: list[str] = []
    false: list[str] = []
    planted_by_kind = {k: [0, 0] for k in KINDS}
    for case in cases:
        found = finder(case.text)
        hit = {w.span() for w in _WORD.finditer(case.text)  # spans, not Match objects: those are never equal
               if any(s.start < w.end() and w.start() < s.end for s in found)}
        if case.clean:
            clean_n += 1
            clean_tokens += len(_WORD.findall(case.text))
            false_tokens += len(hit)
            clean_chars += sum(not c.isspace() for c in case.text)
            false_chars += sum(1 for i, c in enumerate(case.text)
                               if not c.isspace() and any(s.start <= i < s.end for s in found))
            false.extend(f"{case.text!r}: {', '.join(case.text[s.start:s.end] for s in found)}" for _ in found[:1])
            continue
        for p in case.planted:
            identifiers += 1
            planted_by_kind[p.kind][0] += 1
            if _covered(found, p.start, p.end, case.text):
                removed += 1
                planted_by_kind[p.kind][1] += 1
                right += all(s.kind == p.kind for s in found if s.start < p.end and p.start < s.end)
            else:
                missed.append(f"{p.kind} {case.text[p.start:p.end]!r} in {case.text!r}")
        outside = [w for w in _WORD.finditer(case.text)
                   if not any(p.start < w.end() and w.start() < p.end for p in case.planted)]
        other += len(outside)
        over += sum(1 for w in outside if w.span() in hit)
    return RedactionScore(identifiers, removed, right, clean_n, clean_tokens, false_tokens, clean_chars,
                          false_chars, other, over, tuple(missed), tuple(false),
                          tuple((k, n, r) for k, (n, r) in planted_by_kind.items() if n))
