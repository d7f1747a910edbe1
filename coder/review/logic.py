"""The review queue, label editing and decisions: plain Python over the store, no Textual."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from coder.codebook import Codebook
from coder.errors import ReviewError
from coder.store import Decision, Row, Store
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER, key

TODO, DONE, ALL = "todo", "done", "all"
STATUSES = (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY, TODO, DONE, ALL)
MAX_KEYS = 9  # themes reachable with the digit keys 1..9


@dataclass(frozen=True)
class QueueFilter:
    """Which comments to review; ``status`` None means coded and needs_review answers."""

    question: str | None = None
    theme: str | None = None
    status: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class ReviewItem:
    """One comment in the queue, with the model's output and the label in force when the queue was built."""

    comment_id: str
    respondent: str
    question: str
    row: int
    text: str
    attributes: dict[str, str]
    status: str
    model_themes: tuple[str, ...]
    confidence: float | None
    scores: dict[str, float]
    label: tuple[str, ...]
    source: str
    repeats: int  # later answers identical to this one, which follow its label


@dataclass(frozen=True)
class Progress:
    """How far one reviewer is through a queue, and their primary themes so far."""

    done: int
    total: int
    per_theme: dict[str, int]


def check_filter(flt: QueueFilter, questions: Sequence[str], codebook: Codebook) -> None:
    """Raise ReviewError naming the fix when a filter names an unknown question, theme or status."""
    if flt.question is not None and flt.question not in questions:
        raise ReviewError(f"--question {flt.question}: no such question; the project has {', '.join(questions)}")
    if flt.theme is not None and flt.theme not in codebook.ids:
        raise ReviewError(f"--theme {flt.theme}: no such theme; the codebook has {', '.join(codebook.ids)}")
    if flt.status is not None and flt.status not in STATUSES:
        raise ReviewError(f"--status {flt.status}: unknown status; use one of {', '.join(STATUSES)}")


def queue_order(item: ReviewItem) -> tuple:
    """needs_review first, then lowest confidence, then the rest (the sort is stable: input order breaks ties)."""
    return (item.status != NEEDS_REVIEW, item.confidence is None, item.confidence or 0.0)


def build_queue(rows: Sequence[Row], flt: QueueFilter, own: Mapping[str, object]) -> list[ReviewItem]:
    """The comments to review, most in need of a human first; repeats of an answer are left out.

    Columns named after a question (``<question>_…``, e.g. an earlier coding ``kommentar_tema``)
    describe an answer, not the respondent, and are not shown as attributes.
    """
    repeats = Counter((r.question, r.duplicate_of) for r in rows if r.duplicate_of)
    prefixes = tuple(f"{q}_" for q in {r.question for r in rows})
    needle = key(flt.search) if flt.search else ""
    items = []
    for r in rows:
        if r.duplicate_of or (flt.question and r.question != flt.question):
            continue
        if flt.status in (None, TODO, DONE) and r.status not in (CODED, NEEDS_REVIEW):
            continue
        if flt.status in (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY) and r.status != flt.status:
            continue
        if (flt.status == TODO and r.comment_id in own) or (flt.status == DONE and r.comment_id not in own):
            continue
        if flt.theme and flt.theme not in r.themes:
            continue
        if needle and needle not in key(r.text):
            continue
        attributes = {k: v for k, v in r.attributes.items() if not k.startswith(prefixes)}
        items.append(ReviewItem(r.comment_id, r.respondent, r.question, r.row, r.text, attributes, r.status,
                                r.model_themes, r.confidence, r.scores, r.themes, r.source,
                                repeats[(r.question, r.respondent)]))
    return sorted(items, key=queue_order)


def toggle(themes: tuple[str, ...], theme: str) -> tuple[str, ...]:
    """Add a theme (last) or remove it; removing the primary makes the next one primary."""
    return tuple(t for t in themes if t != theme) if theme in themes else themes + (theme,)


def make_primary(themes: tuple[str, ...], theme: str) -> tuple[str, ...]:
    """Put a theme first, adding it if it was not chosen."""
    return (theme,) + tuple(t for t in themes if t != theme)


def apply_decision(store: Store, comment_id: str, reviewer: str, themes: Sequence[str], note: str = "") -> Decision:
    """Write a reviewer's label (primary first) for a comment; committed when this returns."""
    if not themes:
        raise ReviewError("choose at least one theme (digits 1-9) before accepting")
    return store.record_decision(comment_id, reviewer, tuple(themes), note.strip())


class ReviewSession:
    """One reviewer going through a queue: cursor, the label being edited, decisions written to the store."""

    def __init__(self, store: Store, codebook: Codebook, reviewer: str, items: Sequence[ReviewItem],
                 blind: bool = False) -> None:
        self.store = store
        self.codebook = codebook
        self.reviewer = reviewer
        self.items = list(items)
        self.blind = blind
        self.keys = codebook.ids[:MAX_KEYS]
        self.labels = {i.comment_id: i.label for i in self.items}
        self.own = {cid: d.themes_after for cid, d in store.human_labels(reviewer).items()}
        self.written = 0  # decisions (and undos) written in this session
        self.index = 0
        self.selection: tuple[str, ...] = ()
        self.note = ""
        self.go(self._next_todo(-1, wrap=True))

    # --- where we are ------------------------------------------------------------
    @property
    def current(self) -> ReviewItem | None:
        return self.items[self.index] if self.items else None

    def others(self) -> dict[str, tuple[str, ...]]:
        """Other reviewers' labels for the current comment (empty in blind mode)."""
        if self.blind or self.current is None:
            return {}
        return {r: labels[self.current.comment_id] for r, labels in self.store.reviewer_labels().items()
                if r != self.reviewer and self.current.comment_id in labels}

    def progress(self) -> Progress:
        """Decided comments of this queue by this reviewer, and their primary themes."""
        ids = {i.comment_id for i in self.items}
        mine = [self.own[c] for c in ids if c in self.own]
        per = Counter(t[0] for t in mine)
        return Progress(len(mine), len(self.items), {t: per.get(t, 0) for t in self.codebook.ids})

    @property
    def finished(self) -> bool:
        return self.progress().done == len(self.items)

    def go(self, index: int) -> None:
        """Move to an item and start editing its label: the reviewer's own, else (not blind) the one in force."""
        if not self.items:
            return
        self.index = index % len(self.items)
        cid = self.items[self.index].comment_id
        self.selection = self.own.get(cid) or (() if self.blind else self.labels[cid])
        self.note = ""

    def _next_todo(self, start: int, wrap: bool) -> int:
        """The next item after ``start`` this reviewer has not decided (else simply the next one)."""
        n = len(self.items)
        for step in range(1, n + 1):
            j = start + step
            if j >= n and not wrap:
                break
            if self.items[j % n].comment_id not in self.own:
                return j % n
        return min(start + 1, n - 1) if n else 0

    # --- editing -------------------------------------------------------------------
    def theme_for_key(self, digit: int) -> str | None:
        """The theme a digit key stands for (codebook order), if any."""
        return self.keys[digit - 1] if 1 <= digit <= len(self.keys) else None

    def toggle(self, digit: int) -> None:
        """Add or remove the theme of a digit key in the label being edited."""
        theme = self.theme_for_key(digit)
        if theme:
            self.selection = toggle(self.selection, theme)

    def set_primary(self, digit: int) -> None:
        """Make the theme of a digit key the primary theme of the label being edited."""
        theme = self.theme_for_key(digit)
        if theme:
            self.selection = make_primary(self.selection, theme)

    # --- decisions -------------------------------------------------------------------
    def accept(self) -> Decision:
        """Write the label being edited for the current comment and move to the next one still to do."""
        item = self.current
        if item is None:
            raise ReviewError("nothing to review")
        decision = apply_decision(self.store, item.comment_id, self.reviewer, self.selection, self.note)
        self.own[item.comment_id] = self.labels[item.comment_id] = decision.themes_after
        self.written += 1
        self.go(self._next_todo(self.index, wrap=True))
        return decision

    def skip(self) -> None:
        """Leave the current comment undecided and move to the next one still to do."""
        self.go(self._next_todo(self.index, wrap=True))

    def undo(self) -> Decision | None:
        """Take back this reviewer's latest decision and go back to that comment."""
        decision = self.store.undo(self.reviewer)
        if decision is None:
            return None
        cid = decision.comment_id
        self.labels[cid] = decision.themes_after
        own = self.store.human_labels(self.reviewer).get(cid)
        if own:
            self.own[cid] = own.themes_after
        else:
            self.own.pop(cid, None)
        self.written += 1
        where = next((k for k, i in enumerate(self.items) if i.comment_id == cid), None)
        if where is not None:
            self.go(where)
        return decision


def open_session(store: Store, reviewer: str, flt: QueueFilter = QueueFilter(), blind: bool = False) -> ReviewSession:
    """Check the filter, build the queue of the project's current run and start a session."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise ReviewError("--reviewer: give your name or initials, e.g. --reviewer ab")
    if reviewer == "model":
        raise ReviewError("--reviewer model: 'model' is reserved for the model's labels; use your own name")
    run = store.current_run()
    check_filter(flt, run.questions, run.codebook)
    own = store.human_labels(reviewer)
    items = build_queue(list(store.rows(run.run_id)), flt, own)
    if not items:
        raise ReviewError("no comments match these filters; loosen --question/--theme/--status/--search")
    return ReviewSession(store, run.codebook, reviewer, items, blind)
