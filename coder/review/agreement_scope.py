"""Agreement in a project, on the comments it is asked about: all reviewed comments, the random audit
sample, or those reviewed from the queue (which picks uncertain answers, so the model looks worse there
than on the batch as a whole)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from coder.errors import ProjectError
from coder.review.agreement import RESAMPLES, Agreement, agreement
from coder.store import Row, Run, Store, comment_id

ALL, AUDIT, QUEUE = "all", "audit", "queue"
SCOPES = (ALL, AUDIT, QUEUE)


def project_agreement(project: Path, question: str | None = None, on: str = ALL, seed: int = 0,
                      resamples: int = RESAMPLES) -> Agreement:
    """Agreement in a project's current run, from its decision log (optionally for one question), on the
    comments ``on`` names."""
    if on not in SCOPES:
        raise ProjectError(f"--on {on}: unknown; use all (every reviewed comment), audit (the random audit "
                           "sample) or queue (reviewed from the queue)",
                           danish=f"--on {on}: ukendt; brug all (alle bedømte kommentarer), audit (den tilfældige "
                                  "auditstikprøve) eller queue (bedømt fra køen)")
    store = Store.open_project(project)
    try:
        run = store.current_run()
        question = run.question(question) if question is not None else None
        audited = {i.comment_id for i in store.audit_items(run.input_sha256)}
        rows = list(store.rows(run.run_id))
        keep = {r.comment_id for r in rows if question in (None, r.question)
                and (on == ALL or (r.comment_id in audited) == (on == AUDIT))}
        taught = learned_from(store, run, rows) & keep
        model = {c: t for c, t in store.model_labels(run.run_id).items() if c in keep and c not in taught}
        everyone = store.reviewer_labels()
        # on the audit sample only blind labels measure the model: one made seeing its suggestion leans to it
        counted = store.reviewer_labels(blind=True) if on == AUDIT else everyone
        reviewers = {r: {c: t for c, t in labels.items() if c in keep} for r, labels in counted.items()}
        seen = sum(c in keep for labels in everyone.values() for c in labels) if on == AUDIT else 0
        themes, language = run.codebook.ids, run.codebook.language
    finally:
        store.close()
    if not any(everyone.values()):
        raise ProjectError(f"{project}: no reviewer decisions yet; run 'coder review {project} --reviewer NAME' first",
                           danish=f"{project}: ingen reviewer-beslutninger endnu; kør 'coder review {project} "
                                  "--reviewer NAVN' først")
    if not any(reviewers.values()) and on == AUDIT and seen:
        raise ProjectError(f"{project}: no blind reviewer decisions in the audit sample; the decisions there "
                           f"({seen}) were made seeing the model's suggestion and do not measure it; 'coder review "
                           "DIR --audit N' asks for them blind",
                           danish=f"{project}: ingen blinde reviewer-beslutninger i auditstikprøven; beslutningerne "
                                  f"dér ({seen}) blev truffet med modellens forslag synligt og måler den ikke; "
                                  "'coder review DIR --audit N' beder om dem blindt")
    if not any(reviewers.values()):
        where, where_da = {AUDIT: ("in the audit sample ('coder review DIR --audit N' draws and reviews it)",
                                   "i auditstikprøven ('coder review DIR --audit N' trækker og reviewer den)"),
                           QUEUE: ("outside the audit sample", "uden for auditstikprøven")}.get(
                               on, ("for this question", "for dette spørgsmål"))
        raise ProjectError(f"{project}: no reviewer decisions {where}",
                           danish=f"{project}: ingen reviewer-beslutninger {where_da}")
    result = agreement(model, {r: labels for r, labels in reviewers.items() if labels}, themes, question, seed,
                       resamples)
    reviewed = {c for labels in reviewers.values() for c in labels}
    return replace(result, scope=on, reviewed=len(reviewed), audited=len(reviewed & audited), language=language,
                   learned=len(taught & reviewed))


def learned_from(store: Store, run: Run, rows: list[Row]) -> set[str]:
    """The comments whose reviewer label the run's model was trained on (a decision made before the run started,
    on the comment or on the first of its repeats): its codes for them measure nothing — it learned them."""
    if run.settings.classifier != "learned":
        return set()
    started = _moment(run.started_at)
    before = {d.comment_id for d in store.decisions() if _moment(d.decided_at) <= started}
    first = {r.comment_id: comment_id(r.duplicate_of, r.question) for r in rows if r.duplicate_of}
    return {r.comment_id for r in rows if r.comment_id in before or first.get(r.comment_id) in before}


def _moment(stamp: str) -> datetime:
    """A stored time ('2026-12-07T06:01:02+00:00', decisions with milliseconds) as a comparable moment."""
    return datetime.fromisoformat(stamp)
