"""The decision log as a table: who decided what on which comment, when, and whether it still counts.

A lead reviewer asks "who coded this, and when?" and "what did anna change?"; the answers are in
``coder.db`` (every decision is appended there at once and never rewritten). This is that log, oldest
first, one row per decision, with what became of it:

- ``in_force``: it is the reviewer's own label in force on the comment (or the adjudication in force);
- ``label_source``: what the comment's label is now, as in assignments.csv: ``human`` (the reviewers agree),
  ``disputed`` (they differ and the model's label stands, so no reviewer's label applies), ``adjudicated`` (the
  adjudication applies, a reviewer's label in force is an opinion beside it) or empty (no person's label);
- ``undone``: an undo took it back (the undo is a row of its own, naming the decision it undoes);
- ``stale``: it no longer applies, because the comment's text changed, one of its themes left the codebook or the
  respondent is not in this run's input.

Texts and notes are redacted as in every export, with placeholders in the reader's language.
"""

from __future__ import annotations

from typing import Iterator

from coder.errors import ProjectError
from coder.store import ADJUDICATE, NOT_ANSWER, UNDO, Store
from coder.text import redact

LOG_COLUMNS = ("decision_id", "decided_at", "reviewer", "action", "id", "question", "themes_before", "themes",
               "blind", "in_force", "label_source", "undone", "stale", "undoes", "note", "text")


def _yes(flag: bool) -> str:
    return "true" if flag else "false"


def _themes(themes: tuple[str, ...]) -> str:
    return "non_answer" if tuple(themes) == (NOT_ANSWER,) else "|".join(themes)  # as assignments.csv's status


def decision_log(store: Store, reviewer: str | None = None, question: str | None = None,
                 locale: str = "da") -> Iterator[list[object]]:
    """The rows of ``LOG_COLUMNS`` for every decision of the project (of one reviewer, of one question); ``locale``
    is the reader's, for the placeholders of personal data."""
    run = store.current_run()
    question = run.question(question) if question is not None else None
    log = store.decisions()
    if reviewer is not None and reviewer not in {d.reviewer for d in log}:
        known = sorted({d.reviewer for d in log})
        raise ProjectError(f"--reviewer {reviewer}: no decisions by that name; the project has "
                           f"{', '.join(known) or 'none yet'}",
                           danish=f"--reviewer {reviewer}: ingen beslutninger under det navn; projektet har "
                                  f"{', '.join(known) or 'ingen endnu'}")
    states = store.label_states(run)
    gone = {d.comment_id for d in store.stale_decisions(run) if d not in states[d.comment_id].stale}  # not in input
    undone = {d.undoes for d in log if d.action == UNDO}
    for d in log:
        respondent, _, asked = d.comment_id.rpartition("::")
        if (reviewer is not None and d.reviewer != reviewer) or (question is not None and asked != question):
            continue
        state = None if d.comment_id in gone else states.get(d.comment_id)
        if d.action == UNDO:
            in_force = stale = False
        elif d.action == ADJUDICATE:
            in_force = state is not None and state.adjudication == d
            stale = state is None or d in state.stale  # no state: the comment is not in this run's input
        else:
            in_force = state is not None and state.opinions.get(d.reviewer) == d
            stale = state is None or d in state.stale
        yield [d.decision_id, d.decided_at, d.reviewer, d.action, respondent, asked, _themes(d.themes_before),
               _themes(d.themes_after), _yes(d.blind), _yes(in_force), state.source if state is not None else "",
               _yes(d.decision_id in undone), _yes(stale),
               d.undoes or "",
               redact(d.note, locale), redact(d.text, locale)]
