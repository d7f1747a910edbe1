"""The audit sample: a seeded random sample of substantive answers per question, the only labels that
estimate error rates and correct published shares.

The sample is stratified by the model's primary theme when it is first drawn, and it only grows:
each question's answers are put in one fixed, seeded order per stratum, and draws are dealt to
the strata by the Sainte-Laguë divisor rule (the next draw goes to the stratum with the largest
N_h / (2 n_h + 1)). That keeps the allocation proportional to the strata's sizes at every size,
and a larger sample always contains the smaller one, so asking for more never redraws.
Repeated answers are part of the population (each respondent's answer counts once).

Only audit labels count (``coder.store.labels``): a drawn answer's adjudicated label, else the label
of its blind decisions. Within a stratum they count in draw order up to the first drawn answer without one
(nobody has coded it, or only seeing the model's suggestion): a reviewer who skips the hard answers and codes
the rest would otherwise make the sample theirs, not chance's (``AuditSample.held``; the report says so and
asks for the skipped ones). A drawn answer whose audit label is ikke-svar (no substantive answer: the model
coded a non-answer) is audited too; it is counted apart per stratum (``AuditSample.non_answers``) and the
corrected shares are estimated over substantive answers only (``coder.classify.shares``). A label made
seeing the model's suggestion leaves the answer in the audit queue and is counted apart
(``AuditSample.seen``), so a report can say why the sample is short.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from coder.errors import ReviewError
from coder.store import (
    ADJUDICATED,
    DISPUTED,
    HUMAN,
    AuditDesign,
    AuditItem,
    LabelState,
    Row,
    Run,
    Store,
    comment_id,
    is_not_answer,
)
from coder.text import CODED, NEEDS_REVIEW

SUBSTANTIVE = (CODED, NEEDS_REVIEW)


@dataclass(frozen=True)
class AuditSample:
    """One question's audit sample as an estimator needs it.

    Attributes:
        strata: stratum (the model's primary theme at the first draw) -> answers in it (population).
        labels: stratum -> true primary themes of the drawn answers that have an audit label (blind or
            adjudicated) naming themes.
        non_answers: stratum -> drawn answers whose audit label is ikke-svar (no substantive answer).
        drawn: answers drawn so far; ``labelled`` of them have an audit label (ikke-svar included).
    """

    question: str
    strata: dict[str, int]
    labels: dict[str, list[str]]
    drawn: int
    disputed: int = 0  # drawn answers whose blind reviewers differ: only adjudication gives them a label
    lapsed: bool = False  # no sample for this input, but one was drawn on an earlier input (it does not apply)
    seen: int = 0  # drawn answers labelled only seeing the model's suggestion: no audit label until coded blind
    non_answers: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # drawn answers nobody has coded, with a later draw of their stratum coded
    held: int = 0  # audit labels drawn after a skipped answer of their stratum: not counted until it is coded

    @property
    def labelled(self) -> int:
        return sum(len(v) for v in self.labels.values()) + sum(self.non_answers.values())


def _order(seed: int, comment_ids: list[str]) -> list[str]:
    """A fixed pseudo-random order of comment ids (a seeded hash, so it never depends on input order)."""
    return sorted(comment_ids, key=lambda c: hashlib.sha256(f"{seed}:{c}".encode()).hexdigest())


def draw_sequence(design: AuditDesign, n: int) -> list[AuditItem]:
    """The first ``n`` draws of a design (the same prefix for every n)."""
    taken = {s: 0 for s in design.strata}
    out: list[AuditItem] = []
    total = sum(len(v) for v in design.strata.values())
    while len(out) < min(n, total):
        open_ = [s for s in sorted(design.strata) if taken[s] < len(design.strata[s])]
        stratum = max(open_, key=lambda s: len(design.strata[s]) / (2 * taken[s] + 1))
        out.append(AuditItem(design.strata[stratum][taken[stratum]], design.question, stratum, len(out) + 1))
        taken[stratum] += 1
    return out


def _design(run: Run, rows: list[Row], question: str, seed: int) -> AuditDesign:
    strata: dict[str, list[str]] = {}
    for r in rows:
        if r.question == question and r.status in SUBSTANTIVE and r.model_themes:
            strata.setdefault(r.model_themes[0], []).append(r.comment_id)
    return AuditDesign(run.input_sha256, question, seed, {s: _order(seed, ids) for s, ids in sorted(strata.items())})


def draw_audit(store: Store, per_question: int, seed: int = 0, questions: tuple[str, ...] = ()) -> dict[str, int]:
    """Grow each question's audit sample to at least ``per_question`` answers; returns how many were added.

    The first draw fixes the strata and the seed; later calls only add (the seed of a later call
    is ignored once a design exists, so the sample never changes under anyone's feet).
    """
    if per_question < 1:
        raise ReviewError(f"--audit {per_question}: give the number of answers to audit per question, e.g. --audit 100",
                          danish=f"--audit {per_question}: angiv antallet af svar, der skal auditeres pr. spørgsmål, "
                                 "fx --audit 100")
    run = store.current_run()
    rows = list(store.rows(run.run_id))
    added: dict[str, int] = {}
    for q in [run.question(q) for q in questions] or run.questions:
        design = store.audit_design(run.input_sha256, q)
        with store.transaction():
            if design is None:
                design = _design(run, rows, q, seed)
                store.save_audit_design(design)
            drawn = store.audit_items(run.input_sha256, q)
            have, last = {i.comment_id for i in drawn}, max((i.draw for i in drawn), default=0)
            # the design's next answers not drawn yet (after an erasure the sequence shifts: 'coder forget')
            whole = draw_sequence(design, sum(map(len, design.strata.values())))
            fresh = [i for i in whole if i.comment_id not in have]
            new = [replace(i, draw=last + k) for k, i in enumerate(fresh[:max(0, per_question - len(have))], start=1)]
            store.add_audit(run.input_sha256, new)
        added[q] = len(new)
    return added


AUDIT_LABELLED = (HUMAN, ADJUDICATED)  # audit sources that give a drawn answer its audit label


def audit_queue(store: Store, run: Run | None = None) -> list[str]:
    """Comment ids of drawn answers that still lack an audit label (blind or adjudicated), in draw order;
    a label made seeing the model does not take an answer out."""
    run = run or store.current_run()
    labelled = {cid for cid, s in store.label_states(run).items() if s.audit_source in AUDIT_LABELLED}
    return [i.comment_id for i in store.audit_items(run.input_sha256) if i.comment_id not in labelled]


def _audit_state(states: dict[str, LabelState], row: Row | None) -> LabelState:
    """The decisions a drawn answer's audit label comes from: its own, or, for a repeated answer decided
    nowhere but at its first occurrence, those of the first occurrence (the same text)."""
    if row is None:
        return LabelState()
    own = states.get(row.comment_id, LabelState())
    if not own.opinions and own.adjudication is None and row.duplicate_of:
        return states.get(comment_id(row.duplicate_of, row.question), own)
    return own


def _in_draw_order(items: list[AuditItem], state_of: Callable[[AuditItem], LabelState]
                   ) -> Iterator[tuple[AuditItem, LabelState, bool]]:
    """(draw, its label state, whether a draw of its question and stratum before it lacks an audit label — a
    disputed one aside), in draw order: the audit labels after such a draw do not count (module docstring)."""
    blocked: set[tuple[str, str]] = set()
    for item in items:
        state = state_of(item)
        yield item, state, (item.question, item.stratum) in blocked
        if state.audit_source not in AUDIT_LABELLED and state.audit_source != DISPUTED:
            blocked.add((item.question, item.stratum))


def counted_draws(items: list[AuditItem], states: dict[str, LabelState]) -> set[str]:
    """The drawn answers whose audit label counts (``_in_draw_order``); the labels after a skipped draw are the
    reviewer's choice, not chance's, so they calibrate nothing either."""
    return {item.comment_id for item, state, blocked in
            _in_draw_order(items, lambda i: states.get(i.comment_id, LabelState()))
            if state.audit_source in AUDIT_LABELLED and not blocked}


def audit_samples(store: Store, run: Run, rows: list[Row]) -> dict[str, AuditSample]:
    """Per question with an audit design for the run's input: the strata and the audit labels drawn so far."""
    states = store.label_states(run)
    by_id = {r.comment_id: r for r in rows}
    out = {}
    for q in run.questions:
        design = store.audit_design(run.input_sha256, q)
        if design is None:
            if store.audited_elsewhere(run.input_sha256, q):
                out[q] = AuditSample(q, {}, {}, 0, 0, True)
            continue
        items = store.audit_items(run.input_sha256, q)
        labels: dict[str, list[str]] = {s: [] for s in design.strata}
        non_answers: dict[str, int] = {}
        disputed = seen = held = skipped = 0
        open_: dict[str, int] = {}  # stratum -> draws without an audit label, with no coded draw after them yet
        for item, state, blocked in _in_draw_order(items, lambda i: _audit_state(states, by_id.get(i.comment_id))):
            if state.audit_source in AUDIT_LABELLED and blocked:
                held += 1  # a skipped draw before it: counting it would keep what the reviewer chose to code
                skipped += open_.pop(item.stratum, 0)
            elif state.audit_source in AUDIT_LABELLED and is_not_answer(state.audit_themes):
                non_answers[item.stratum] = non_answers.get(item.stratum, 0) + 1
            elif state.audit_source in AUDIT_LABELLED:
                labels[item.stratum].append(state.audit_themes[0])
            elif state.audit_source == DISPUTED:
                disputed += 1
            else:  # no audit label: not coded, or coded only seeing the model, then skipped in the audit
                seen += bool(state.opinions)
                open_[item.stratum] = open_.get(item.stratum, 0) + 1
        out[q] = AuditSample(q, {s: len(ids) for s, ids in design.strata.items()}, labels, len(items), disputed,
                             seen=seen, non_answers=non_answers, skipped=skipped, held=held)
    return out


def register_random_labels(store: Store, run: Run, comment_ids: list[str]) -> dict[str, int]:
    """Make hand-coded answers that the user declares a random sample (or that cover every answer) the
    audit sample of their questions: one stratum, drawn in input order. A question that already has
    an audit design keeps it. Returns the answers registered per question."""
    labelled = set(comment_ids)
    rows = [r for r in store.rows(run.run_id) if r.status in SUBSTANTIVE]
    added: dict[str, int] = {}
    for q in run.questions:
        if store.audit_design(run.input_sha256, q) is not None:
            continue
        ids = [r.comment_id for r in rows if r.question == q]
        drawn = [c for c in ids if c in labelled]
        if not drawn:
            continue
        order = drawn + _order(0, [c for c in ids if c not in labelled])
        with store.transaction():
            store.save_audit_design(AuditDesign(run.input_sha256, q, 0, {"random": order}))
            store.add_audit(run.input_sha256, [AuditItem(c, q, "random", n) for n, c in enumerate(drawn, start=1)])
        added[q] = len(drawn)
    return added
