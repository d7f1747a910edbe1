"""One reviewer at work: the queue, the cursor, the label being edited, decisions written at once. No Textual.

Three kinds of session share it:
- ``review``: the queue (most uncertain first, or random), with filters, search and jumps; an answer of the
  random audit sample that still lacks an audit label is shown blind there too (``audit_todo``), so the queue's
  audit draws give audit labels (a label made seeing the model would not count);
- ``audit``: the random audit sample in draw order, always blind (see ``open_audit``); an answer is
  done once it has an audit label (``coder.store.labels``), which no label made seeing the model gives;
- ``adjudicate``: the disputed comments, each reviewer's decision and note beside them; the
  adjudicator's label settles the comment (``adjudicated``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Sequence

from coder.errors import ReviewError
from coder.review.logic import (
    DIRECT_KEYS,
    ORDERS,
    QUEUE,
    Progress,
    QueueFilter,
    ReviewItem,
    apply_decision,
    apply_not_answer,
    build_queue,
    check_filter,
    find_item,
    make_primary,
    no_theme_chosen,
    only,
    ordered,
    split_ident,
    toggle,
)
from coder.review.reasons import Reasoner, ThemeReason
from coder.store import (
    ADJUDICATED,
    HUMAN,
    Decision,
    LabelState,
    Row,
    Run,
    Store,
    is_not_answer,
    labelled_status,
    met_by,
    resolve,
)
from coder.text import redact, shorten

REVIEW, AUDIT, ADJUDICATE = "review", "audit", "adjudicate"
FOUND, FILTERED, UNKNOWN = "found", "filtered", "unknown"  # what a jump to an id found
EDITS = {"toggle": toggle, "primary": make_primary, "only": only}


CONTEXT_CHARS = 240  # of each of the respondent's other answers shown beside the comment


class ReviewSession:
    """One reviewer going through a queue: cursor, the label being edited, decisions written to the store.

    Args:
        rows: every comment of the run (the queue is built, and rebuilt on a new filter, from them).
        fixed: comment ids that make up the queue, in this order (the audit sample, the disputes);
            None for the review queue.
    """

    def __init__(self, store: Store, run: Run, reviewer: str, rows: Sequence[Row], flt: QueueFilter = QueueFilter(),
                 blind: bool = False, mode: str = REVIEW, order: str = QUEUE,
                 fixed: Sequence[str] | None = None, reasoner: Reasoner | None = None,
                 audit_todo: frozenset[str] = frozenset()) -> None:
        self.store, self.run, self.codebook = store, run, run.codebook
        self.reviewer, self.blind_session, self.mode = reviewer, blind, mode
        self.audit_todo = audit_todo  # drawn for the audit, no audit label yet when the session opened
        self._drawn = store.audited_ids(run) if mode == REVIEW else set()  # the audit sample when it opened
        self.flt, self.order, self.fixed = flt, order, list(fixed) if fixed is not None else None
        self.reasoner = reasoner
        self.keys = self.codebook.ids[:DIRECT_KEYS]
        self._themes = set(self.codebook.ids)
        self._states: dict[str, LabelState] = dict(store.label_states(run))
        self._answers: dict[str, list[tuple[str, str]]] = {}  # respondent -> (question, text) of every answer
        for r in rows:
            if r.text.strip():
                self._answers.setdefault(r.respondent, []).append((r.question, r.text))
        self.own: dict[str, tuple[str, ...]] = self._own_ids()
        self.items: list[ReviewItem] = self._build(rows, flt, order)
        if not self.items:
            raise ReviewError("no comments match these filters; loosen --question/--theme/--status/--search",
                              danish="ingen kommentarer passer til disse filtre; løsn "
                                     "--question/--theme/--status/--search")
        self.written = 0  # decisions (and undos) written in this session
        self.made: list[int] = []  # the decision ids written in this session, oldest first (what u takes back first)
        self.opened_after = store.last_decision_id()  # decisions up to this one were made before the session
        self.index = 0
        self.selection: tuple[str, ...] = ()
        self.focus: str = self.codebook.ids[0]
        self.note = ""
        self._reasons: dict[str, tuple[ThemeReason, ...]] = {}
        self.go(self._next_todo(-1, wrap=True))

    # --- the queue -----------------------------------------------------------------
    def _own_ids(self) -> dict[str, tuple[str, ...]]:
        """Comments this reviewer has settled: their decision in force (adjudicating: the adjudicated ones;
        auditing: their blind decisions, as one made seeing the model is no audit label)."""
        if self.mode == ADJUDICATE:
            return {c: s.themes for c, s in self._states.items() if s.source == ADJUDICATED}
        if self.mode == AUDIT:
            return {c: s.blind_opinions[self.reviewer].themes_after for c, s in self._states.items()
                    if self.reviewer in s.blind_opinions}
        return {c: s.opinions[self.reviewer].themes_after for c, s in self._states.items()
                if self.reviewer in s.opinions}

    def _build(self, rows: Sequence[Row], flt: QueueFilter, order: str) -> list[ReviewItem]:
        opinions: dict[str, set[str]] = {}
        for cid, state in self._states.items():
            for r in state.opinions:
                opinions.setdefault(r, set()).add(cid)
        return build_queue(rows, flt, self.own, opinions, order, self.fixed)

    def refilter(self, flt: QueueFilter) -> int:
        """Rebuild the queue with other filters (from the store's labels now); returns its length.

        Nothing matching leaves the queue as it was (and returns 0). The current comment stays in view
        when it is still in the queue.
        """
        check_filter(flt, self.run.questions, self.codebook)
        self._states = dict(self.store.label_states(self.run))  # others may have decided meanwhile
        self.own = self._own_ids()
        items = self._build(list(self.store.rows(self.run.run_id)), flt, self.order)
        if not items:
            return 0
        self._replace(items)
        self.flt = flt
        return len(items)

    def set_order(self, order: str) -> None:
        """Sort the queue by uncertainty or at random (the review queue only; the others have their own order)."""
        if order not in ORDERS:
            raise ReviewError(f"unknown order {order}; use {', '.join(ORDERS[:-1])} or {ORDERS[-1]}",
                              danish=f"ukendt rækkefølge {order}; brug {', '.join(ORDERS[:-1])} eller {ORDERS[-1]}")
        if self.fixed is not None or order == self.order:
            return
        self.order = order
        self._replace(ordered(self.items, order))

    def _replace(self, items: list[ReviewItem]) -> None:
        here = self.current.comment_id if self.current else None
        self.items = items
        where = next((k for k, i in enumerate(items) if i.comment_id == here), None)
        if where is None:
            self.go(self._next_todo(-1, wrap=True))
        else:
            self.index = where

    def jump(self, ident: str) -> str:
        """Go to the comment of a respondent (or comment id): FOUND, FILTERED (in the project but not in
        this queue) or UNKNOWN."""
        where = find_item(self.items, ident, self.current.question if self.current else None, self.run.questions)
        if where is not None:
            self.go(where)
            return FOUND
        wanted = split_ident(ident, self.run.questions)[0]  # 'R0092 forbedringer' is R0092's, not unknown (walk32)
        rows = self.store.rows(self.run.run_id)
        known = any(wanted in (r.respondent.casefold(), r.comment_id.casefold()) for r in rows)
        return FILTERED if known else UNKNOWN

    # --- where we are ------------------------------------------------------------
    @property
    def blind(self) -> bool:
        """The current comment is reviewed blind: the session is, or it is an audit draw still to be audited."""
        item = self.current
        return self.blind_session or (item is not None and item.comment_id in self.audit_todo)

    @property
    def audit_draw(self) -> bool:
        """The current comment is shown blind because it is an audit draw (not because the session is blind)."""
        return not self.blind_session and self.blind

    @property
    def current(self) -> ReviewItem | None:
        return self.items[self.index] if self.items else None

    def state(self, comment_id: str) -> LabelState:
        return self._states.get(comment_id, LabelState())

    def context(self, locale: str = "da") -> list[tuple[str, str]]:
        """The same respondent's answers to the other questions, (question, text redacted), for context
        ("Flere af dem" means little without the answer before it)."""
        item = self.current
        if item is None:
            return []
        return [(q, shorten(redact(text, locale), CONTEXT_CHARS)) for q, text in self._answers.get(item.respondent, [])
                if q != item.question]

    def others(self) -> dict[str, Decision]:
        """Other reviewers' decisions in force on the current comment, and its adjudication (under the adjudicator's
        name, its ``action`` telling it apart: it is the label in force); none when blind."""
        if self.blind or self.current is None:
            return {}
        state = self.state(self.current.comment_id)
        shown = {r: d for r, d in state.opinions.items() if r != self.reviewer}
        if state.adjudication is not None:
            shown[state.adjudication.reviewer] = state.adjudication
        return shown

    def saved_against(self, decision: Decision) -> tuple[str, str, tuple[str, ...]]:
        """What a saved decision met (``coder.store.met_by``), told to a reviewer who saw the others; blind or
        adjudicating, nothing: ``("", "", ())``."""
        if self.blind or self.mode == ADJUDICATE:
            return "", "", ()
        return met_by(self.state(decision.comment_id), decision)

    def earlier(self) -> dict[str, Decision]:
        """Reviewers' decisions on the current comment that no longer apply (an earlier text of it, a theme the
        codebook no longer has: "stale"), the latest per reviewer, for a new wave's reviewer; none when blind."""
        if self.blind or self.current is None:
            return {}
        return {d.reviewer: d for d in self.state(self.current.comment_id).stale}

    def reasons(self) -> tuple[ThemeReason, ...]:
        """Why the model suggests its top themes for the current comment (nothing when blind)."""
        item = self.current
        if item is None or self.blind or self.reasoner is None:
            return ()
        if item.comment_id not in self._reasons:
            self._reasons[item.comment_id] = self.reasoner.explain(item.raw, item.scores, item.model_themes)
        return self._reasons[item.comment_id]

    def progress(self) -> Progress:
        """Settled comments of this queue and their primary themes: decided by this reviewer (review), with an audit
        label by anyone (audit), adjudicated (adjudicate); a blind session counts its reviewer's own labels only."""
        own = self.own
        if self.mode == AUDIT:
            done = {i.comment_id: self.state(i.comment_id).audit_themes for i in self.items
                    if self.state(i.comment_id).audit_source in (HUMAN, ADJUDICATED)}
        else:
            done = {i.comment_id: own[i.comment_id] for i in self.items if i.comment_id in own}
        # a blind coder sees the themes of their own labels only (others' counts told them what others coded)
        counted = [own[c] for c in done if c in own] if self.blind else list(done.values())
        per = Counter(t[0] for t in counted if t)
        return Progress(len(done), len(self.items), {t: per.get(t, 0) for t in self.codebook.ids})

    @property
    def finished(self) -> bool:
        return self.progress().done == len(self.items)

    def _is_done(self, item: ReviewItem) -> bool:
        if self.mode == AUDIT:
            return self.state(item.comment_id).audit_source in (HUMAN, ADJUDICATED) or item.comment_id in self.own
        return item.comment_id in self.own

    def go(self, index: int) -> None:
        """Move to an item and start editing its label: the reviewer's own, else (seeing) the one in force."""
        if not self.items:
            return
        self.index = index % len(self.items)
        item = self.items[self.index]
        if self.mode == REVIEW and item.comment_id not in self._drawn | self.audit_todo:  # drawn by a colleague's
            self.audit_todo |= {item.comment_id} & self.store.audited_ids(self.run)  # --audit since: blind (walk32)
        mine = self.own.get(item.comment_id)
        if mine:
            self.selection = mine
        elif self.blind or self.mode == ADJUDICATE:
            self.selection = ()
        else:
            state = self.state(item.comment_id)
            self.selection = state.themes if state.source in (HUMAN, ADJUDICATED) else item.model_themes
        if is_not_answer(self.selection):  # ikke-svar: no theme to edit (``not_answer`` says it)
            self.selection = ()
        seen = self.selection or (() if self.blind else item.model_themes)
        self.focus = seen[0] if seen else self.codebook.ids[0]
        self.note = ""

    def _next_todo(self, start: int, wrap: bool) -> int:
        """The next item after ``start`` not yet settled here (else simply the next one)."""
        n = len(self.items)
        for step in range(1, n + 1):
            j = start + step
            if j >= n and not wrap:
                break
            if not self._is_done(self.items[j % n]):
                return j % n
        return min(start + 1, n - 1) if n else 0

    # --- editing -------------------------------------------------------------------
    def theme_for_key(self, digit: int) -> str | None:
        """The theme a digit key stands for (codebook order), if any."""
        return self.keys[digit - 1] if 1 <= digit <= len(self.keys) else None

    def edit(self, action: str, theme: str) -> None:
        """Change the label being edited: ``toggle``, ``primary`` or ``only`` a theme; the theme gets the focus."""
        if theme in self._themes:
            self.selection = EDITS[action](self.selection, theme)
            self.focus = theme

    def toggle(self, digit: int) -> None:
        """Add or remove the theme of a digit key in the label being edited."""
        if theme := self.theme_for_key(digit):
            self.edit("toggle", theme)

    def set_primary(self, digit: int) -> None:
        """Make the theme of a digit key the primary theme of the label being edited."""
        if theme := self.theme_for_key(digit):
            self.edit("primary", theme)

    def set_only(self, digit: int) -> None:
        """Make the theme of a digit key the only theme (it replaces the primary and the secondary ones)."""
        if theme := self.theme_for_key(digit):
            self.edit("only", theme)

    def move_focus(self, step: int) -> None:
        """Focus the next (or previous) theme of the codebook, e.g. to read it in the codebook panel."""
        ids = self.codebook.ids
        self.focus = ids[(ids.index(self.focus) + step) % len(ids)]

    # --- decisions -------------------------------------------------------------------
    def _refresh(self, comment_id: str) -> None:
        """Resolve one comment's log again after a decision or an undo."""
        item = next((i for i in self.items if i.comment_id == comment_id), None)
        text = item.raw if item is not None else next(
            (c.text for c in self.store.comments([comment_id])), "")
        self._states[comment_id] = resolve(self.store.decisions(comment_id), text, self._themes)
        self._reasons.pop(comment_id, None)
        self.own = self._own_ids()
        state = self._states[comment_id]
        if item is not None:
            k = self.items.index(item)
            model_status = item.model_status or item.status
            label, status = item.model_themes, model_status
            if state.source in (HUMAN, ADJUDICATED):
                label, status = state.themes, labelled_status(model_status, state.themes)
            self.items[k] = replace(item, label=label, status=status, source=state.source or item.source)

    @property
    def not_answer(self) -> bool:
        """True when the current comment is ikke-svar: by this reviewer's own decision, else (seeing) by the
        label in force."""
        item = self.current
        if item is None:
            return False
        if item.comment_id in self.own:
            return is_not_answer(self.own[item.comment_id])
        state = self.state(item.comment_id)
        return not self.blind and self.mode != ADJUDICATE and state.source in (HUMAN, ADJUDICATED) \
            and is_not_answer(state.themes)

    def accept(self) -> Decision:
        """Write the label being edited for the current comment and move to the next one still to do."""
        item = self.current
        if item is None:
            raise ReviewError("nothing to review", danish="der er intet at reviewe")
        if self.mode == ADJUDICATE:
            if not self.selection:
                raise no_theme_chosen()
            decision = self.store.adjudicate(item.comment_id, self.reviewer, self.selection, self.note.strip())
        else:
            decision = apply_decision(self.store, item.comment_id, self.reviewer, self.selection, self.note,
                                      self.blind)
        self._refresh(item.comment_id)
        self.written += 1
        self.made.append(decision.decision_id)
        self.go(self._next_todo(self.index, wrap=True))
        return decision

    def mark_not_answer(self) -> Decision:
        """Write "no substantive answer" (ikke-svar) for the current comment at once and move to the next one
        still to do (adjudicating: it settles the dispute)."""
        item = self.current
        if item is None:
            raise ReviewError("nothing to review", danish="der er intet at reviewe")
        decision = apply_not_answer(self.store, item.comment_id, self.reviewer, self.note, self.blind,
                                    adjudicate=self.mode == ADJUDICATE)
        self._refresh(item.comment_id)
        self.written += 1
        self.made.append(decision.decision_id)
        self.go(self._next_todo(self.index, wrap=True))
        return decision

    def skip(self) -> None:
        """Leave the current comment undecided and move to the next one still to do."""
        self.go(self._next_todo(self.index, wrap=True))

    def undo(self) -> Decision | None:
        """Take back this reviewer's latest decision and go back to that comment: the latest made in this session
        while there is one in force (the same reviewer may have the project open in another screen too), else
        their latest from before it opened (never one made meanwhile in another screen)."""
        decision = (self.store.undo(self.reviewer, among=self.made) if self.made else None) \
            or self.store.undo(self.reviewer, upto=self.opened_after)
        if decision is None:
            return None
        self._refresh(decision.comment_id)
        self.written += 1
        where = next((k for k, i in enumerate(self.items) if i.comment_id == decision.comment_id), None)
        if where is not None:
            self.go(where)
        return decision
