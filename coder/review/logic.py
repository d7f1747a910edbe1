"""The review queue and label editing: which comments, in which order, and how keys change a label. No Textual.

A queue item carries the comment's text redacted exactly as the exports redact it; the raw text
stays in ``coder.db`` and never reaches the screen.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Collection, Mapping, Sequence

from coder.codebook import Codebook
from coder.errors import ReviewError
from coder.store import DISPUTED, NOT_ANSWER, Decision, Row, Store
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER, key, redact
from coder.wording import Wording

TODO, DONE, ALL = "todo", "done", "all"
STATUSES = (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY, TODO, DONE, DISPUTED, ALL)
QUEUE, CONFIDENCE, RANDOM = "queue", "confidence", "random"  # queue orders
ORDERS = (QUEUE, CONFIDENCE, RANDOM)
DIRECT_KEYS = 9  # themes 1..9 have a digit key of their own; every theme can be picked by number or name


@dataclass(frozen=True)
class QueueFilter:
    """Which comments to review; ``status`` None means coded and needs_review answers.

    ``reviewer`` keeps the comments that reviewer has a decision in force on (e.g. to double-code them).
    """

    question: str | None = None
    theme: str | None = None
    status: str | None = None
    search: str | None = None
    reviewer: str | None = None

    @property
    def active(self) -> dict[str, str]:
        """The filters that are set, by name (for the screen)."""
        return {k: v for k, v in (("question", self.question), ("theme", self.theme), ("status", self.status),
                                  ("search", self.search), ("reviewer", self.reviewer)) if v}


@dataclass(frozen=True)
class ReviewItem:
    """One comment in the queue, with the model's output and the label in force when the queue was built.

    ``raw`` is the stored text; ``text`` is what a person may see: redacted as in every export.
    """

    comment_id: str
    respondent: str
    question: str
    row: int
    raw: str = field(repr=False)
    attributes: dict[str, str]
    status: str
    model_themes: tuple[str, ...]
    confidence: float | None
    scores: dict[str, float]
    label: tuple[str, ...]
    source: str
    repeats: int  # later answers identical to this one, which follow its label
    review_order: int | None = None  # the run's review queue (coder.classify.active): 1 = teaches most
    model_status: str = ""  # the run's own status ("": ``status``); ``status`` follows a human label in force

    @cached_property
    def text(self) -> str:
        """The comment as shown: personal data replaced by [CPR], [TELEFON], [EMAIL], [NAVN] …"""
        return redact(self.raw)

    def shown(self, locale: str = "da") -> str:
        """The comment as a reader of ``locale`` sees it: [NAVN] for a Danish reader, [NAME] for an English one."""
        return redact(self.raw, locale) if locale == "en" else self.text


@dataclass(frozen=True)
class Progress:
    """How far one reviewer is through a queue, and their primary themes so far."""

    done: int
    total: int
    per_theme: dict[str, int]


def no_theme_chosen() -> ReviewError:
    return ReviewError("choose at least one theme before accepting",
                       danish="vælg mindst ét tema, før du godkender")


def check_filter(flt: QueueFilter, questions: Sequence[str], codebook: Codebook) -> None:
    """Raise ReviewError naming the fix when a filter names an unknown question, theme or status."""
    if flt.question is not None and flt.question not in questions:
        raise ReviewError(f"--question {flt.question}: no such question; the project has {', '.join(questions)}",
                          danish=f"--question {flt.question}: spørgsmålet findes ikke; projektet har "
                                 f"{', '.join(questions)}")
    if flt.theme is not None and flt.theme not in codebook.ids:
        raise ReviewError(f"--theme {flt.theme}: no such theme; the codebook has {', '.join(codebook.ids)}",
                          danish=f"--theme {flt.theme}: temaet findes ikke; kodebogen har {', '.join(codebook.ids)}")
    if flt.search is not None and flt.search.strip() and not key(flt.search):  # it found every comment
        raise ReviewError(f"--search {flt.search}: nothing to search for (no letter or digit); type a word of the "
                          "answer", danish=f"--search {flt.search}: intet at søge efter (intet bogstav eller ciffer); "
                                           "skriv et ord fra svaret")
    if flt.status is not None and flt.status not in STATUSES:
        danish = ", ".join(Wording("da").t(f"status_{s}") for s in STATUSES)
        raise ReviewError(f"--status {flt.status}: unknown status; use one of {', '.join(STATUSES)}",
                          danish=f"--status {flt.status}: ukendt status; brug en af {danish}")


def status_code(typed: str | None) -> str | None:
    """A status as a person types it: its code ('non_answer') or its name in either language ('ikke-svar');
    anything else stays as typed (``check_filter`` names the choices)."""
    if typed is None or typed in STATUSES:
        return typed
    names = {Wording(lang).t(f"status_{s}").casefold(): s for s in STATUSES for lang in ("en", "da")}
    return names.get(typed.strip().casefold(), typed)


def queue_order(item: ReviewItem) -> tuple:
    """The run's review queue first (``review_order``: what teaches most, with audit draws mixed in), then
    needs_review, then lowest confidence (the sort is stable: input order breaks ties)."""
    return (item.review_order is None, item.review_order or 0, item.status != NEEDS_REVIEW, item.confidence is None,
            item.confidence or 0.0)


def random_order(items: Sequence[ReviewItem], seed: int = 0) -> list[ReviewItem]:
    """A fixed pseudo-random order (a seeded hash of each comment id: the same for every reviewer and run)."""
    return sorted(items, key=lambda i: hashlib.sha256(f"{seed}:{i.comment_id}".encode()).hexdigest())


def ordered(items: Sequence[ReviewItem], order: str = QUEUE) -> list[ReviewItem]:
    """The items in the queue's order (what teaches most first), least confident first, or a random order."""
    if order not in ORDERS:
        raise ReviewError(f"--order {order}: unknown order; use {', '.join(ORDERS[:-1])} or {ORDERS[-1]}",
                          danish=f"--order {order}: ukendt rækkefølge; brug {', '.join(ORDERS[:-1])} eller "
                                 f"{ORDERS[-1]}")
    if order == RANDOM:
        return random_order(items)
    if order == CONFIDENCE:
        return sorted(items, key=lambda i: queue_order(i)[2:])  # least confident first, whatever the queue says
    return sorted(items, key=queue_order)


def item_of(r: Row, prefixes: tuple[str, ...] = (), repeats: int = 0, hidden: Collection[str] = ()) -> ReviewItem:
    """A row as a queue item; attribute columns named after a question (``<question>_…``) and the ``hidden`` ones
    are left out."""
    attributes = {k: v for k, v in r.attributes.items()
                  if not (prefixes and k.startswith(prefixes)) and k not in hidden}
    return ReviewItem(r.comment_id, r.respondent, r.question, r.row, r.text, attributes, r.status, r.model_themes,
                      r.confidence, r.scores, r.themes, r.source, repeats, r.review_order, r.model_status or r.status)


def build_queue(rows: Sequence[Row], flt: QueueFilter, own: Mapping[str, object],
                opinions: Mapping[str, Collection[str]] | None = None,
                order: str = QUEUE, fixed: Sequence[str] | None = None) -> list[ReviewItem]:
    """The comments to review in ``order``; repeats of an answer are left out.

    Args:
        own: the comments this reviewer has decided (for ``todo`` and ``done``).
        opinions: reviewer -> comments with that reviewer's decision in force (for ``flt.reviewer``).
        fixed: the queue is exactly these comments in this order (the audit sample, repeats included,
            or the disputes), narrowed by the filters; ``order`` is then ignored.
    Columns named after a question (``<question>_…``, e.g. an earlier coding ``kommentar_tema``)
    describe an answer, not the respondent, and are not shown as attributes. A search looks at the
    text as shown (redacted), so it never finds what the screen would hide.
    """
    repeats = Counter((r.question, r.duplicate_of) for r in rows if r.duplicate_of)
    prefixes = tuple(f"{q}_" for q in {r.question for r in rows})
    # columns of hand-coded labels imported with -g (reviewer "gold:<column>"): a reviewer, and above all a blind
    # auditor, never sees them (one named gold_meetings was shown beside every answer)
    hidden = {name.partition(":")[2] for name in (opinions or {}) if name.startswith("gold:")}
    needle = key(flt.search) if flt.search else ""
    by_reviewer = (opinions or {}).get(flt.reviewer or "", {})
    if fixed is not None:
        by_id = {r.comment_id: r for r in rows}
        rows = [by_id[c] for c in dict.fromkeys(fixed) if c in by_id]
    items = []
    for r in rows:
        if (r.duplicate_of and fixed is None) or (flt.question and r.question != flt.question):
            continue
        status = r.model_status or r.status  # the queue keeps an answer a reviewer called ikke-svar, and vice versa
        if flt.status in (None, TODO, DONE, DISPUTED) and status not in (CODED, NEEDS_REVIEW) and fixed is None:
            continue
        if flt.status in (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY) and flt.status not in (r.status, status):
            continue
        if (flt.status == TODO and r.comment_id in own) or (flt.status == DONE and r.comment_id not in own):
            continue
        if flt.status == DISPUTED and r.source != DISPUTED:
            continue
        if flt.theme and flt.theme not in r.themes:
            continue
        if flt.reviewer and r.comment_id not in by_reviewer:
            continue
        item = item_of(r, prefixes, repeats[(r.question, r.respondent)], hidden)
        if needle and needle not in key(item.text):
            continue
        items.append(item)
    return items if fixed is not None else ordered(items, order)


def split_ident(ident: str, questions: Sequence[str]) -> tuple[str, str | None]:
    """A go-to's respondent (or comment) id, case-folded, and the question named after it ('R0013 kommentar'), if
    one of ``questions`` is."""
    wanted = ident.strip().casefold()
    head, _, asked = wanted.rpartition(" ")
    named = next((q for q in questions if q.casefold() == asked), None) if head else None
    return (head.strip(), named) if named is not None else (wanted, None)


def find_item(items: Sequence[ReviewItem], ident: str, question: str | None = None,
              questions: Sequence[str] = ()) -> int | None:
    """The position of the comment named by a respondent id or a comment id (case ignored); the current
    question's answer first when the respondent answered several, or the question named after the id
    ('R0013 kommentar'; one of ``questions``, or of the items')."""
    wanted, named = split_ident(ident, list(questions) or sorted({i.question for i in items}))
    question = named or question
    hits = [k for k, i in enumerate(items) if wanted in (i.respondent.casefold(), i.comment_id.casefold())]
    if not hits:
        return None
    return next((k for k in hits if items[k].question == question), hits[0])


def with_label(item: ReviewItem, label: tuple[str, ...], source: str) -> ReviewItem:
    """The item with another label in force (after a decision)."""
    return replace(item, label=label, source=source)


# --- editing a label (primary first) ------------------------------------------------------
def toggle(themes: tuple[str, ...], theme: str) -> tuple[str, ...]:
    """Add a theme (last) or remove it; removing the primary makes the next one primary."""
    return tuple(t for t in themes if t != theme) if theme in themes else themes + (theme,)


def make_primary(themes: tuple[str, ...], theme: str) -> tuple[str, ...]:
    """Put a theme first, adding it if it was not chosen."""
    return (theme,) + tuple(t for t in themes if t != theme)


def only(themes: tuple[str, ...], theme: str) -> tuple[str, ...]:
    """The theme alone: it replaces the primary and every secondary theme."""
    return (theme,)


def theme_matches(codebook: Codebook, query: str) -> list[str]:
    """Themes a picker query names: its number (1 = first theme), else ids and labels containing it."""
    q = query.strip().casefold()
    if not q:
        return list(codebook.ids)
    if q.isdigit():
        n = int(q)
        return [codebook.ids[n - 1]] if 1 <= n <= len(codebook.ids) else []
    starts = [t.id for t in codebook.themes if t.id.startswith(q) or t.label.casefold().startswith(q)]
    inside = [t.id for t in codebook.themes if t.id not in starts and (q in t.id or q in t.label.casefold())]
    return starts + inside


def apply_not_answer(store: Store, comment_id: str, reviewer: str, note: str = "", blind: bool = False,
                     adjudicate: bool = False) -> Decision:
    """Write a reviewer's (or adjudicator's) label "no substantive answer" (ikke-svar); committed when this returns."""
    if adjudicate:
        return store.adjudicate(comment_id, reviewer, (NOT_ANSWER,), note.strip())
    return store.record_decision(comment_id, reviewer, (NOT_ANSWER,), note.strip(), blind=blind)


def apply_decision(store: Store, comment_id: str, reviewer: str, themes: Sequence[str], note: str = "",
                   blind: bool = False) -> Decision:
    """Write a reviewer's label (primary first) for a comment; committed when this returns.

    ``blind``: made without seeing the model or other reviewers, so it stands beside their labels.
    """
    if not themes:
        raise no_theme_chosen()
    return store.record_decision(comment_id, reviewer, tuple(themes), note.strip(), blind=blind)
