"""Whose label is in force: the decision log of one comment resolved to a label and its source.

Rules (docs/architecture.md, "Labels and who said what"):
- an undone decision does not count;
- a decision is *stale* when the comment's text is no longer the text it was made on, or one of its
  themes is not in the current codebook: it is never applied, only listed and offered again;
- a reviewer's latest decision replaces their own earlier ones, never another reviewer's: each reviewer's
  label stands beside the others, blind or not, and when two reviewers' labels differ (primary theme or
  theme set) the comment is ``disputed`` and the model's label stays in force until an adjudicator settles
  it (``adjudicated``). A decision made seeing a colleague's label used to replace it: a second reviewer
  who changed four of the first's labels left no trace of the disagreement (``agreement`` counted four,
  ``--adjudicate`` found none), and of two screens open on one comment the later save replaced the earlier
  without either reviewer seeing the other's label;
- the adjudication is final: it stays in force until it is undone or a later adjudication replaces it, and a
  reviewer's later label stands beside it as that reviewer's opinion (``agreement`` counts it);
- reviewers who agree give a ``human`` label.

A reviewer may say an answer is no substantive answer (ikke-svar): a decision whose only theme is
``NOT_ANSWER``, which no codebook id can be. It resolves like any label (so a reviewer saying ikke-svar
and another giving a theme are a dispute) and is never stale for want of a theme; in force, it makes
the answer ``non_answer``, and a theme in force makes an answer flagged ``non_answer`` or ``empty``
a coded one (``labelled_status``).

The audit label (what the random audit sample measures the model against) is stricter: the
adjudicated label if a dispute was settled, else the label of the blind decisions alone (they agree:
``human``; they differ: ``disputed``). A decision made seeing the model never makes or replaces it
(anchoring pulls it toward the model, which would flatter the model), though it counts for the label
in force.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from coder.store.records import (
    ADJUDICATE,
    ADJUDICATED,
    DISPUTED,
    HUMAN,
    NOT_ANSWER,
    SET,
    UNDO,
    Decision,
)
from coder.text import CODED, NON_ANSWER, words_key


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
        blind_opinions: each reviewer's own latest blind decision in force (a later decision made seeing
            the model does not take it back).
        audit_source: ``adjudicated``, ``human``, ``disputed`` or ``""``: the audit label's source (module docstring).
        audit_themes: the audit label (empty when disputed or none).
    """

    source: str = ""
    themes: tuple[str, ...] = ()
    opinions: dict[str, Decision] = field(default_factory=dict)
    adjudication: Decision | None = None
    stale: tuple[Decision, ...] = ()
    note: str = ""
    blind_opinions: dict[str, Decision] = field(default_factory=dict)
    audit_source: str = ""
    audit_themes: tuple[str, ...] = ()


def is_not_answer(themes: Sequence[str]) -> bool:
    """True for the label "not a substantive answer" (ikke-svar)."""
    return tuple(themes) == (NOT_ANSWER,)


def labelled_status(status: str, themes: Sequence[str]) -> str:
    """An answer's status once a human or adjudicated label ``themes`` is in force: ikke-svar makes it
    ``non_answer``; a theme makes it ``coded`` — one flagged ``non_answer`` or ``empty``, and one that waited
    for review (``needs_review``: a person has now coded it; ``Row.model_status`` keeps the run's own)."""
    if is_not_answer(themes):
        return NON_ANSWER
    return CODED if themes else status


def is_stale(d: Decision, text_key: str, themes: set[str] | None) -> bool:
    """True when the decision was made on another text (other words: ``words_key``) or names a theme the
    codebook no longer has (``themes`` None: no codebook to judge by; ikke-svar is in every codebook)."""
    return words_key(d.text) != text_key or (themes is not None and not is_not_answer(d.themes_after)
                                             and any(t not in themes for t in d.themes_after))


def _same(a: Sequence[str], b: Sequence[str]) -> bool:
    return a[0] == b[0] and set(a) == set(b)


def _agreed(voices: dict[str, Decision]) -> tuple[str, tuple[str, ...], str]:
    """Source, label and notes of reviewers' voices: ``human`` if they agree, ``disputed`` if not, ``""`` if none."""
    if not voices:
        return "", (), ""
    notes = "; ".join(dict.fromkeys(v.note for v in voices.values() if v.note))
    ordered = sorted(voices.values(), key=lambda d: d.decision_id)
    if all(_same(v.themes_after, ordered[-1].themes_after) for v in ordered):
        return HUMAN, ordered[-1].themes_after, notes
    return DISPUTED, (), notes


def resolve(log: Iterable[Decision], text: str, themes: set[str] | None) -> LabelState:
    """The label state of a comment from its decisions (oldest first), its current text and the codebook's ids."""
    log = list(log)
    undone = {d.undoes for d in log if d.action == UNDO}
    live = [d for d in log if d.action in (SET, ADJUDICATE) and d.decision_id not in undone]
    text_key = words_key(text)
    stale = tuple(d for d in live if is_stale(d, text_key, themes))
    opinions: dict[str, Decision] = {}
    blind: dict[str, Decision] = {}
    adjudication: Decision | None = None
    settled: Decision | None = None  # the latest adjudication, whatever came after it (the audit label's)
    for d in live:
        if d in stale:
            continue
        if d.action == ADJUDICATE:
            adjudication = settled = d
            continue
        opinions[d.reviewer] = d
        if d.blind:
            blind[d.reviewer] = d
    if adjudication is not None:  # the adjudicator's note first; the reviewers' notes stay beside it
        source, label = ADJUDICATED, adjudication.themes_after
        notes = "; ".join(dict.fromkeys(n for n in (adjudication.note, *(v.note for v in opinions.values())) if n))
    else:
        source, label, notes = _agreed(opinions)
    audit_source, audit_themes, _ = (ADJUDICATED, settled.themes_after, "") if settled else _agreed(blind)
    return LabelState(source, label, opinions, adjudication, stale, notes, blind, audit_source, audit_themes)


def met_by(state: LabelState, decision: Decision) -> tuple[str, str, tuple[str, ...]]:
    """What a reviewer's saved decision met in its comment's label state: ``(DISPUTED, the reviewers it differs
    from, ())``; ``(ADJUDICATED, the adjudicator, the label in force)`` when it differs from an adjudication,
    which stays in force; else ``("", "", ())``."""
    if state.source == ADJUDICATED and state.adjudication is not None \
            and tuple(state.themes) != tuple(decision.themes_after):
        return ADJUDICATED, state.adjudication.reviewer, tuple(state.themes)
    if state.source == DISPUTED:
        differ = [r for r, d in state.opinions.items()
                  if r != decision.reviewer and tuple(d.themes_after) != tuple(decision.themes_after)]
        return DISPUTED, ", ".join(sorted(differ)), ()
    return "", "", ()
