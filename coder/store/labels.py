"""Whose label is in force: the decision log of one comment resolved to a label and its source.

Rules (docs/architecture.md, "Labels and who said what"):
- an undone decision does not count;
- a decision is *stale* when the comment's text is no longer the text it was made on, or one of its
  themes is not in the current codebook: it is never applied, only listed and offered again;
- a decision made seeing the others (not blind) settles the label: it replaces earlier ones;
- a blind decision never overwrites: it stands beside the others, and when two reviewers' labels
  differ (primary theme or theme set) the comment is ``disputed`` and the model's label stays in
  force until an adjudicator settles it (``adjudicated``);
- reviewers who agree give a ``human`` label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from coder.store.records import (
    ADJUDICATE,
    ADJUDICATED,
    DISPUTED,
    HUMAN,
    SET,
    UNDO,
    Decision,
)
from coder.text import key


@dataclass(frozen=True)
class LabelState:
    """The human side of one comment's label.

    Attributes:
        source: ``human``, ``disputed``, ``adjudicated`` or ``""`` (no human label in force).
        themes: the label in force (empty when disputed or none).
        opinions: each reviewer's own latest label in force (for agreement and "done").
        adjudication: the adjudicator's decision, if the dispute was settled.
        stale: decisions that no longer apply (text changed or theme gone).
        note: the notes behind the label in force.
    """

    source: str = ""
    themes: tuple[str, ...] = ()
    opinions: dict[str, Decision] = field(default_factory=dict)
    adjudication: Decision | None = None
    stale: tuple[Decision, ...] = ()
    note: str = ""


def is_stale(d: Decision, text_key: str, themes: set[str] | None) -> bool:
    """True when the decision was made on another text or names a theme the codebook no longer has
    (``themes`` None: no codebook to judge by)."""
    return key(d.text) != text_key or (themes is not None and any(t not in themes for t in d.themes_after))


def _same(a: Sequence[str], b: Sequence[str]) -> bool:
    return a[0] == b[0] and set(a) == set(b)


def resolve(log: Iterable[Decision], text: str, themes: set[str] | None) -> LabelState:
    """The label state of a comment from its decisions (oldest first), its current text and the codebook's ids."""
    log = list(log)
    undone = {d.undoes for d in log if d.action == UNDO}
    live = [d for d in log if d.action in (SET, ADJUDICATE) and d.decision_id not in undone]
    text_key = key(text)
    stale = tuple(d for d in live if is_stale(d, text_key, themes))
    opinions: dict[str, Decision] = {}
    voices: dict[str, Decision] = {}
    adjudication: Decision | None = None
    for d in live:
        if d in stale:
            continue
        if d.action == ADJUDICATE:
            adjudication = d
            continue
        opinions[d.reviewer] = d
        if d.blind:
            voices[d.reviewer] = d
        else:  # made seeing the others: it settles the label
            voices, adjudication = {d.reviewer: d}, None
    if adjudication is not None:
        return LabelState(ADJUDICATED, adjudication.themes_after, opinions, adjudication, stale, adjudication.note)
    if not voices:
        return LabelState(opinions=opinions, stale=stale)
    notes = "; ".join(dict.fromkeys(v.note for v in voices.values() if v.note))
    ordered = sorted(voices.values(), key=lambda d: d.decision_id)
    if all(_same(v.themes_after, ordered[-1].themes_after) for v in ordered):
        return LabelState(HUMAN, ordered[-1].themes_after, opinions, None, stale, notes)
    return LabelState(DISPUTED, (), opinions, None, stale, notes)
