"""The decision log: reviewers' labels, undo and adjudication, appended and never changed.

Every decision keeps the text and codebook it was made on; ``coder.store.labels`` resolves
a comment's log to the label in force (human, disputed, adjudicated) and its stale decisions.
"""

from __future__ import annotations

from typing import Collection, Iterable, Sequence

from coder.errors import ReviewError
from coder.store.labels import LabelState, is_not_answer, resolve
from coder.store.records import (
    ADJUDICATE,
    ADJUDICATED,
    DECISION_COLUMNS,
    HUMAN,
    NOT_ANSWER,
    SET,
    UNDO,
    Decision,
    Run,
    decision_from_row,
    now,
    split_themes,
)
from coder.text import key


class DecisionLog:
    """The decision methods of ``Store`` (they use its connection ``db`` and its runs)."""

    # --- reading ----------------------------------------------------------------
    def decisions(self, comment_id: str | None = None, reviewer: str | None = None) -> list[Decision]:
        """The decision log (oldest first), optionally for one comment and/or one reviewer."""
        where, args = [], []
        if comment_id is not None:
            where.append("comment_id = ?")
            args.append(comment_id)
        if reviewer is not None:
            where.append("reviewer = ?")
            args.append(reviewer)
        sql = f"SELECT {DECISION_COLUMNS} FROM decisions" + (" WHERE " + " AND ".join(where) if where else "")
        return [decision_from_row(r) for r in self.db.execute(sql + " ORDER BY decision_id", args)]

    def label_states(self, run: Run | None = None, comment_id: str | None = None) -> dict[str, LabelState]:
        """The resolved label of every decided comment (or one), judged against its current text and the
        run's codebook (the current run by default)."""
        if run is None and self.has_run():
            run = self.current_run()
        themes = set(run.codebook.ids) if run is not None else None
        logs: dict[str, list[Decision]] = {}
        for d in self.decisions(comment_id):
            logs.setdefault(d.comment_id, []).append(d)
        if not logs:
            return {}
        texts = dict(self.db.execute("SELECT comment_id, text FROM comments"))
        return {cid: resolve(log, texts.get(cid, ""), themes) for cid, log in logs.items()}

    def human_labels(self, reviewer: str | None = None) -> dict[str, Decision]:
        """Per comment, the decision in force: one reviewer's own latest (if named), else the one behind
        the human or adjudicated label. Stale and undone decisions are left out."""
        out: dict[str, Decision] = {}
        for cid, state in self.label_states().items():
            if reviewer is not None:
                if reviewer in state.opinions:
                    out[cid] = state.opinions[reviewer]
            elif state.source == ADJUDICATED:
                out[cid] = state.adjudication
            elif state.source == HUMAN:
                out[cid] = max(state.opinions.values(), key=lambda d: d.decision_id)
        return out

    def latest_decisions(self) -> dict[str, tuple[str, ...]]:
        """The human or adjudicated label in force of every decided comment (disputed ones are left out)."""
        return {cid: s.themes for cid, s in self.label_states().items() if s.source in (HUMAN, ADJUDICATED)}

    def reviewer_labels(self, blind: bool = False) -> dict[str, dict[str, tuple[str, ...]]]:
        """Each reviewer's own label in force per comment: reviewer -> comment_id -> themes (primary first). With
        ``blind``, only labels made without seeing the model's suggestion (and hand-coded imports)."""
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for cid, state in self.label_states().items():
            for reviewer, d in (state.blind_opinions if blind else state.opinions).items():
                out.setdefault(reviewer, {})[cid] = d.themes_after
        return {r: dict(sorted(v.items())) for r, v in sorted(out.items())}

    def stale_decisions(self, run: Run | None = None) -> list[Decision]:
        """Decisions that no longer apply (oldest first): their text changed, a theme left the codebook, or their
        comment is not in the run's input (a respondent gone from this wave, or an id that changed)."""
        if run is None and self.has_run():
            run = self.current_run()
        states = self.label_states(run)
        found = [d for s in states.values() for d in s.stale]
        coded = run is not None and self.db.execute("SELECT 1 FROM predictions WHERE run_id = ? LIMIT 1",
                                                    (run.run_id,)).fetchone() is not None
        if coded:  # a run without predictions yet judges nothing gone
            present = {cid for (cid,) in self.db.execute(
                "SELECT DISTINCT d.comment_id FROM decisions d JOIN predictions p ON p.comment_id = d.comment_id "
                "AND p.run_id = ?", (run.run_id,))}  # the decided comments in this run, not all of its comments
            found += [d for cid, s in states.items() if cid not in present
                      for d in [*s.opinions.values(), *([s.adjudication] if s.adjudication else [])]]
        return sorted({d.decision_id: d for d in found}.values(), key=lambda d: d.decision_id)

    def training_labels(self, theme_ids: Sequence[str]) -> list[tuple[str, str, tuple[str, ...], str]]:
        """(comment_id, text, themes, question) of every human or adjudicated label, on the text it was made on.

        Decisions made on an earlier text of a comment (an earlier wave) still teach: they are resolved
        per text. Disputed labels, ikke-svar and labels with a theme outside ``theme_ids`` teach nothing.
        """
        themes = set(theme_ids)
        logs: dict[tuple[str, str], list[Decision]] = {}
        by_id: dict[int, tuple[str, str]] = {}
        for d in self.decisions():
            group = by_id.get(d.undoes) if d.action == UNDO else (d.comment_id, key(d.text))
            if group is None:
                continue
            by_id[d.decision_id] = group
            logs.setdefault(group, []).append(d)
        out = []
        for (cid, _), log in logs.items():
            text = next(d.text for d in log if d.action != UNDO)
            state = resolve(log, text, themes)
            if state.source in (HUMAN, ADJUDICATED) and text.strip() and not is_not_answer(state.themes):
                out.append((cid, text, state.themes, cid.split("::", 1)[-1]))
        return out

    # --- writing -----------------------------------------------------------------
    def _current_label(self, comment_id: str, exclude: int | None = None) -> tuple[str, ...]:
        """The comment's label now (or without decision ``exclude``): the human or adjudicated one, else the
        model's in the current run."""
        log = [d for d in self.decisions(comment_id) if d.decision_id != exclude]
        text = self.db.execute("SELECT text FROM comments WHERE comment_id = ?", (comment_id,)).fetchone()
        themes = set(self.theme_ids()) if self.has_run() else None
        state = resolve(log, text[0] if text else "", themes) if log else None
        if state is not None and state.source in (HUMAN, ADJUDICATED):
            return state.themes
        run_id = self.meta("current_run")
        row = self.db.execute("SELECT themes FROM predictions WHERE run_id = ? AND comment_id = ?",
                              (int(run_id) if run_id else -1, comment_id)).fetchone()
        return split_themes(row[0]) if row else ()

    def _append(self, comment_id: str, reviewer: str, after: tuple[str, ...], note: str, action: str,
                undoes: int | None, blind: bool) -> Decision:
        before = self._current_label(comment_id)
        if action == UNDO:
            after = self._current_label(comment_id, exclude=undoes)
        found = self.db.execute("SELECT text FROM comments WHERE comment_id = ?", (comment_id,)).fetchone()
        if found is None:
            raise ReviewError(f"{comment_id}: no such comment in {self.path}",
                              danish=f"{comment_id}: kommentaren findes ikke i {self.path}")
        run_id = self.meta("current_run")
        codebook = self.db.execute("SELECT codebook FROM runs WHERE run_id = ?", (int(run_id or -1),)).fetchone()
        cur = self.db.execute(
            "INSERT INTO decisions(comment_id, reviewer, decided_at, themes_before, themes_after, note, action, undoes,"
            " blind, text, codebook) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (comment_id, reviewer, now(precise=True), "|".join(before), "|".join(after), note, action, undoes,
             int(blind), found[0], codebook[0] if codebook else ""))
        row = self.db.execute(f"SELECT {DECISION_COLUMNS} FROM decisions WHERE decision_id = ?", (cur.lastrowid,))
        return decision_from_row(row.fetchone())

    def _check(self, comment_id: str, reviewer: str, themes: Iterable[str], known: list[str]) -> tuple[str, ...]:
        after = tuple(themes)
        if not reviewer.strip():
            raise ReviewError("a decision needs a reviewer name", danish="en beslutning skal have en reviewers navn")
        if not after:
            raise ReviewError(f"{comment_id}: a decision needs at least one theme",
                              danish=f"{comment_id}: en beslutning skal have mindst ét tema")
        if NOT_ANSWER in after and len(after) > 1:
            raise ReviewError(f"{comment_id}: an answer is either no answer (ikke-svar) or has themes, not both",
                              danish=f"{comment_id}: et svar er enten et ikke-svar eller har temaer, ikke begge dele")
        if len(set(after)) != len(after):
            raise ReviewError(f"{comment_id}: theme listed twice in {'|'.join(after)}",
                              danish=f"{comment_id}: et tema står to gange i {'|'.join(after)}")
        unknown = [t for t in after if t not in known and t != NOT_ANSWER]
        if unknown:
            raise ReviewError(f"{comment_id}: unknown theme '{unknown[0]}'; the codebook has {', '.join(known)}",
                              danish=f"{comment_id}: ukendt tema '{unknown[0]}'; kodebogen har {', '.join(known)}")
        return after

    def record_decision(self, comment_id: str, reviewer: str, themes_after: Iterable[str], note: str = "",
                        blind: bool = False) -> Decision:
        """Append a reviewer's label (primary first, or ``(NOT_ANSWER,)``: ikke-svar) for a comment and commit it
        at once.

        It replaces the reviewer's own earlier label and stands beside other reviewers' (disagreeing ones make
        the comment disputed, until an adjudication settles it: ``coder.store.labels``).
        """
        return self.record_decisions([(comment_id, reviewer, tuple(themes_after), note)], blind)[0]

    def record_decisions(self, items: Iterable[tuple[str, str, tuple[str, ...], str]],
                         blind: bool = False) -> list[Decision]:
        """Append several (comment_id, reviewer, themes, note) decisions in one transaction (all or none)."""
        known = self.theme_ids()
        checked = [(cid, r.strip(), self._check(cid, r, t, known), n) for cid, r, t, n in items]
        with self.transaction():
            return [self._append(cid, r, after, n, SET, None, blind) for cid, r, after, n in checked]

    def adjudicate(self, comment_id: str, reviewer: str, themes: Iterable[str], note: str = "") -> Decision:
        """Settle a disputed comment: the adjudicator's label is in force from now on (``adjudicated``)."""
        after = self._check(comment_id, reviewer, themes, self.theme_ids())
        with self.transaction():
            return self._append(comment_id, reviewer.strip(), after, note, ADJUDICATE, None, False)

    def last_decision_id(self) -> int:
        """The id of the latest decision written by anyone (0 when there is none)."""
        return int(self.db.execute("SELECT COALESCE(MAX(decision_id), 0) FROM decisions").fetchone()[0])

    def undo(self, reviewer: str, comment_id: str | None = None, among: Collection[int] | None = None,
             upto: int | None = None) -> Decision | None:
        """Take back the reviewer's latest decision still in force (on one comment, if named; one of the decision
        ids ``among``, if given; none after decision id ``upto``, if given) by appending an undo.

        Returns the undo entry, whose ``themes_after`` is the label in force again, or None
        when there is nothing left to undo.
        """
        with self.transaction():
            log = self.decisions(comment_id, reviewer)
            undone = {d.undoes for d in self.decisions() if d.action == UNDO}
            mine = [d for d in log if d.action in (SET, ADJUDICATE) and d.decision_id not in undone
                    and (among is None or d.decision_id in among)
                    and (upto is None or d.decision_id <= upto)]
            if not mine:
                return None
            target = mine[-1]
            return self._append(target.comment_id, reviewer, (), "", UNDO, target.decision_id, target.blind)
