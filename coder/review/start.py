"""Opening a review session: the review queue, the audit sample or the disputes, checked before anything is shown."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from coder.errors import Notice, ReviewError
from coder.review.audit import audit_queue, draw_audit
from coder.review.logic import QUEUE, QueueFilter, check_filter
from coder.review.reasons import Reasoner, cached_vectors
from coder.review.session import ADJUDICATE, AUDIT, REVIEW, ReviewSession
from coder.store import ADJUDICATED, DISPUTED, HUMAN, UNDO, LabelState, Row, Run, Store


@dataclass(frozen=True)
class ReviewRequest:
    """What ``coder review`` was asked: whose session, which comments, blind or not.

    ``blind`` None means seeing, except in an audit, which is always blind (False is refused there);
    ``audit`` grows the audit sample to that many answers per question and reviews it; ``adjudicate``
    walks the disputes.
    """

    reviewer: str
    flt: QueueFilter = QueueFilter()
    blind: bool | None = None
    order: str = QUEUE
    audit: int | None = None
    adjudicate: bool = False

    @property
    def mode(self) -> str:
        return ADJUDICATE if self.adjudicate else AUDIT if self.audit is not None else REVIEW


def _check_reviewer(reviewer: str, store: Store | None = None) -> str:
    """The reviewer's name, trimmed; one that differs from a name in the project only in case ('Anna', 'anna') is
    refused: it would be a second reviewer whose decisions stand beside, and dispute, the first's."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise ReviewError("--reviewer: give your name or initials, e.g. --reviewer ab",
                          danish="--reviewer: angiv dit navn eller dine initialer, fx --reviewer ab")
    if reviewer == "model":
        raise ReviewError("--reviewer model: 'model' is reserved for the model's labels; use your own name",
                          danish="--reviewer model: 'model' er forbeholdt modellens koder; brug dit eget navn")
    if store is not None:
        known = {d.reviewer for d in store.decisions()}
        alike = sorted(r for r in known if r != reviewer and r.casefold() == reviewer.casefold())
        if alike:
            raise ReviewError(f"--reviewer {reviewer}: the project has a reviewer '{alike[0]}'; names differ by case, "
                              f"so give it as '{alike[0]}' if that is you",
                              danish=f"--reviewer {reviewer}: projektet har en reviewer '{alike[0]}'; navne skelner "
                                     f"mellem store og små bogstaver, så skriv '{alike[0]}', hvis det er dig")
    return reviewer


def _reasoner(run: Run, rows: Sequence[Row], explain: bool) -> Reasoner | None:
    if not explain:
        return None
    labelled = [(r.text, r.themes) for r in rows if r.source in (HUMAN, ADJUDICATED) and r.themes]
    return Reasoner(run.codebook, cached_vectors(run.model_id), labelled)


def open_session(store: Store, reviewer: str, flt: QueueFilter = QueueFilter(), blind: bool = False,
                 order: str = QUEUE, explain: bool = True) -> ReviewSession:
    """Check the filter, build the review queue of the project's current run and start a session."""
    reviewer = _check_reviewer(reviewer, store)
    run = store.current_run()
    if flt.question is not None:
        flt = replace(flt, question=run.question(flt.question))
    check_filter(flt, run.questions, run.codebook)
    rows = list(store.rows(run.run_id))
    todo = frozenset(audit_queue(store, run))  # the queue's audit draws are shown blind until audited
    return ReviewSession(store, run, reviewer, rows, flt, blind, REVIEW, order, None, _reasoner(run, rows, explain),
                         todo)


def open_audit(store: Store, reviewer: str, per_question: int, question: str | None = None,
               explain: bool = True) -> ReviewSession:
    """Grow the audit sample to ``per_question`` answers per question and review it blind, in draw order.

    Always blind: the audit measures how often the model is right, and a reviewer who sees the model's
    suggestion tends to accept it (anchoring), which would make the model look better than it is; such
    a label would not count as an audit label.
    """
    reviewer = _check_reviewer(reviewer, store)
    run = store.current_run()
    question = run.question(question) if question is not None else None
    check_filter(QueueFilter(question), run.questions, run.codebook)
    draw_audit(store, per_question, questions=(question,) if question else ())
    drawn = [i.comment_id for i in store.audit_items(run.input_sha256) if question in (None, i.question)]
    rows = list(store.rows(run.run_id))
    return ReviewSession(store, run, reviewer, rows, QueueFilter(), True, AUDIT, QUEUE, drawn,
                         _reasoner(run, rows, explain))


def open_adjudication(store: Store, reviewer: str, question: str | None = None,
                      explain: bool = True) -> ReviewSession:
    """The disputed comments (and those already adjudicated, to revisit), in input order."""
    reviewer = _check_reviewer(reviewer, store)
    run = store.current_run()
    question = run.question(question) if question is not None else None
    check_filter(QueueFilter(question), run.questions, run.codebook)
    rows = list(store.rows(run.run_id))
    states = store.label_states(run)
    ids = [r.comment_id for r in rows if question in (None, r.question)
           and states.get(r.comment_id, LabelState()).source in (DISPUTED, ADJUDICATED)]
    own = [c for c in ids if reviewer in states[c].opinions]  # a party to a dispute does not settle it
    ids = [c for c in ids if c not in own]
    if not ids and any(states[c].source == DISPUTED for c in own):
        n = sum(states[c].source == DISPUTED for c in own)
        where = store.path.parent
        raise ReviewError(f"{reviewer} coded every open dispute ({n}) themselves; a reviewer who did not code them "
                          f"settles them: coder review {where} --reviewer NAME --adjudicate",
                          danish=f"{reviewer} har selv kodet alle de åbne uenigheder ({n}); en reviewer, der ikke har "
                                 f"kodet dem, afgør dem: coder review {where} --reviewer NAVN --adjudicate")
    if not any(states[c].source == DISPUTED for c in ids):
        raise ReviewError("no disputed comments to adjudicate: wherever two reviewers coded the same comment, "
                          "they agree (or it was settled already)",
                          danish="ingen uenige kommentarer at afgøre: hvor to reviewere har kodet den samme "
                                 "kommentar, er de enige (eller også er den allerede afgjort)")
    return ReviewSession(store, run, reviewer, rows, QueueFilter(), False, ADJUDICATE, QUEUE, ids,
                         _reasoner(run, rows, explain))


def own_disputes(store: Store, reviewer: str, question: str | None = None) -> tuple[Notice, ...]:
    """The open disputes the reviewer coded themselves, which their adjudication leaves out, said; else nothing."""
    run = store.current_run()
    question = run.question(question) if question is not None else None
    states = store.label_states(run)
    reviewer = reviewer.strip()
    n = sum(1 for r in store.rows(run.run_id) if question in (None, r.question) and r.source == DISPUTED
            and reviewer in states.get(r.comment_id, LabelState()).opinions)
    if not n:
        return ()
    some, some_da = ("1 open dispute is", "1 åben uenighed er") if n == 1 else (f"{n} open disputes are",
                                                                            f"{n} åbne uenigheder er")
    return (Notice(f"{some} left out: {reviewer} coded {'it' if n == 1 else 'them'}; a reviewer who did not settles "
                   f"{'it' if n == 1 else 'them'}",
                   f"{some_da} udeladt: {reviewer} har selv kodet {'den' if n == 1 else 'dem'}; en reviewer, der ikke "
                   f"har, afgør {'den' if n == 1 else 'dem'}"),)


def session_counts(store: Store, session: ReviewSession, changed: int) -> tuple[int, int]:
    """(decisions the session kept, undos it wrote), from its ``changed`` rows of the log (decisions and undos): a
    decision of the session that an undo took back is no decision it kept."""
    made = set(session.made)
    taken_back = sum(1 for d in store.decisions(reviewer=session.reviewer) if d.action == UNDO and d.undoes in made)
    return len(made) - taken_back, changed - len(made)


def open_review(store: Store, request: ReviewRequest) -> ReviewSession:
    """The session a request asks for, after checking that its options go together."""
    if request.adjudicate and (request.audit is not None or request.blind):
        raise ReviewError("--adjudicate shows every reviewer's decision; leave out --audit and --blind",
                          danish="--adjudicate viser alle revieweres beslutninger; udelad --audit og --blind")
    if request.audit is not None and request.blind is False:
        raise ReviewError("--audit --no-blind: the audit is always blind (a label made seeing the model's "
                          "suggestion is no audit label); leave out --no-blind",
                          danish="--audit --no-blind: auditten er altid blind (en kode sat med modellens forslag "
                                 "synligt er ingen auditkode); udelad --no-blind")
    flt = request.flt
    if request.mode != REVIEW and (flt.theme or flt.status or flt.search or flt.reviewer):
        raise ReviewError("--theme, --status and --search filter the review queue; with --audit or --adjudicate "
                          "only --question applies",
                          danish="--theme, --status og --search filtrerer review-køen; med --audit eller "
                                 "--adjudicate gælder kun --question")
    if request.adjudicate:
        return open_adjudication(store, request.reviewer, flt.question)
    if request.audit is not None:
        return open_audit(store, request.reviewer, request.audit, flt.question)
    return open_session(store, request.reviewer, flt, bool(request.blind), request.order)
