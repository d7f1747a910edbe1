"""The project database (``DIR/coder.db``): the single source of truth for comments, runs and labels.

SQLite in WAL mode. Model outputs are stored per run; reviewer decisions are an
append-only log (enforced by triggers), and a comment's current label is derived: the
latest human decision that has not been undone wins over any model output.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from coder.codebook import Codebook
from coder.errors import ProjectError, ReviewError
from coder.store.records import (
    DECISION_COLUMNS,
    SET,
    UNDO,
    Decision,
    Prediction,
    Row,
    Run,
    RunSettings,
    StoredComment,
    confusion_from_json,
    decision_from_row,
    now,
    split_themes,
)
from coder.store.schema import DB_NAME, MIGRATIONS, SCHEMA_VERSION, statements


class Store:
    """Open (and create or migrate) a project database."""

    def __init__(self, path: Path, create: bool = False) -> None:
        if not path.exists() and not create:
            raise ProjectError(f"{path.parent}: not a coder project (no {DB_NAME}); run 'coder code' first")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # a committed decision survives a crash or power cut
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    @classmethod
    def open_project(cls, directory: Path, create: bool = False) -> "Store":
        if not create and not (directory / DB_NAME).exists():
            raise ProjectError(f"{directory}: not a coder project (no {DB_NAME}); run 'coder code … --out {directory}' first")
        return cls(directory / DB_NAME, create=create)

    def schema_version(self) -> int:
        """The schema version of the open database (0 for an empty file)."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return 0
        value = self.meta("schema_version")
        return int(value) if value is not None else 0

    def _migrate(self) -> None:
        if self.schema_version() > SCHEMA_VERSION:
            raise ProjectError(f"{self.path}: made by a newer coder (schema {self.schema_version()}); upgrade coder")
        while self.schema_version() < SCHEMA_VERSION:
            with self.transaction():  # re-read inside the lock: another process may have migrated meanwhile
                version = self.schema_version()
                if version >= SCHEMA_VERSION:
                    break
                for statement in statements(MIGRATIONS[version]):
                    self.db.execute(statement)
                self.set_meta("schema_version", str(version + 1))

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> "_Transaction":
        return _Transaction(self.db)

    # --- meta ---------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value))

    # --- writing a run --------------------------------------------------------
    def add_codebook(self, fingerprint: str, name: str, version: str, content: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO codebooks VALUES (?, ?, ?, ?, ?)",
                        (fingerprint, name, version, content, now()))

    def start_run(self, input_path: str, input_sha256: str, model_id: str, codebook: Codebook,
                  settings: RunSettings, attribute_columns: Iterable[str],
                  confusion: dict[str, np.ndarray] | None = None) -> int:
        """Record the codebook (once per version) and a new run; returns its id."""
        self.add_codebook(codebook.fingerprint(), codebook.name, codebook.version, codebook.model_dump_json())
        matrices = None if confusion is None else json.dumps({q: m.tolist() for q, m in confusion.items()})
        cur = self.db.execute(
            "INSERT INTO runs(started_at, input_path, input_sha256, model_id, codebook, settings, attribute_columns,"
            " confusion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now(), input_path, input_sha256, model_id, codebook.fingerprint(), settings.to_json(),
             json.dumps(list(attribute_columns), ensure_ascii=False), matrices))
        return int(cur.lastrowid)

    def put_comments(self, comments: Iterable[StoredComment]) -> None:
        self.db.executemany(
            "INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(comment_id) DO UPDATE SET "
            "respondent = excluded.respondent, question = excluded.question, row = excluded.row, "
            "text = excluded.text, attributes = excluded.attributes",
            ((c.comment_id, c.respondent, c.question, c.row, c.text, json.dumps(c.attributes, ensure_ascii=False))
             for c in comments))

    def put_predictions(self, run_id: int, predictions: Iterable[Prediction]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((run_id, p.comment_id, p.status, p.duplicate_of, p.primary, "|".join(p.themes), p.confidence,
              json.dumps(p.scores) if p.scores is not None else None) for p in predictions))

    def finish_run(self, run_id: int, counts: dict) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE run_id = ?",
                        (now(), json.dumps(counts), run_id))
        self.set_meta("current_run", str(run_id))

    # --- reading --------------------------------------------------------------
    def current_run(self) -> Run:
        """The latest finished run."""
        run_id = self.meta("current_run")
        if run_id is None:
            raise ProjectError(f"{self.path.parent}: no finished run; run 'coder code' first")
        return self.run(int(run_id))

    def run(self, run_id: int) -> Run:
        cur = self.db.execute(
            "SELECT r.run_id, r.started_at, r.finished_at, r.input_path, r.input_sha256, r.model_id, c.content,"
            " r.settings, r.attribute_columns, r.counts, r.confusion FROM runs r JOIN codebooks c"
            " ON r.codebook = c.fingerprint WHERE run_id = ?", (run_id,))
        row = cur.fetchone()
        if row is None:
            raise ProjectError(f"{self.path.parent}: no run {run_id}")
        rid, started, finished, path, sha, model, content, settings, attributes, counts, confusion = row
        return Run(int(rid), started, finished, path, sha, model, Codebook.model_validate_json(content),
                   RunSettings.from_json(settings), tuple(json.loads(attributes or "[]")),
                   json.loads(counts) if counts else {}, confusion_from_json(confusion, settings))

    def theme_ids(self) -> list[str]:
        """The theme ids of the current run's codebook, in codebook order."""
        return self.current_run().codebook.ids

    def decided_comments(self) -> list[tuple[StoredComment, tuple[str, ...]]]:
        """Every comment with a human label in force, with that label (primary first), in decision order."""
        decided = self.latest_decisions()
        comments = {c.comment_id: c for c in self.comments(decided)}
        return [(comments[cid], themes) for cid, themes in decided.items() if cid in comments]

    def comments(self, ids: Iterable[str] | None = None) -> list[StoredComment]:
        """The stored comments (those named, or all), in input order."""
        cur = self.db.execute("SELECT comment_id, respondent, question, row, text, attributes FROM comments"
                              " ORDER BY row, rowid")
        wanted = None if ids is None else set(ids)
        return [StoredComment(cid, resp, q, r, t, json.loads(a)) for cid, resp, q, r, t, a in cur
                if wanted is None or cid in wanted]

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

    def _effective(self, reviewer: str | None = None, comment_id: str | None = None) -> list[Decision]:
        """Set-decisions that have not been undone, oldest first."""
        undone = {r[0] for r in self.db.execute("SELECT undoes FROM decisions WHERE action = ?", (UNDO,))}
        return [d for d in self.decisions(comment_id, reviewer) if d.action == SET and d.decision_id not in undone]

    def human_labels(self, reviewer: str | None = None) -> dict[str, Decision]:
        """The decision that sets each human-labelled comment's label now (one reviewer's, if named)."""
        return {d.comment_id: d for d in self._effective(reviewer)}

    def latest_decisions(self) -> dict[str, tuple[str, ...]]:
        """The current human label of every decided comment (latest decision not undone wins)."""
        return {cid: d.themes_after for cid, d in self.human_labels().items()}

    def reviewer_labels(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Each reviewer's own current label per comment: reviewer -> comment_id -> themes (primary first)."""
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for d in self._effective():
            out.setdefault(d.reviewer, {})[d.comment_id] = d.themes_after
        return dict(sorted(out.items()))

    def model_labels(self, run_id: int | None = None) -> dict[str, tuple[str, ...]]:
        """The model's themes (primary first) per coded comment of a run (the current one by default)."""
        if run_id is None:
            run_id = self.current_run().run_id
        cur = self.db.execute("SELECT comment_id, themes FROM predictions WHERE run_id = ? AND themes != ''", (run_id,))
        return {cid: split_themes(themes) for cid, themes in cur}

    def rows(self, run_id: int | None = None) -> Iterator[Row]:
        """Every comment of a run (the current one by default), in input order.

        A repeated answer (``duplicate_of``) follows the human label of its first occurrence
        unless it was decided on its own.
        """
        if run_id is None:
            run_id = self.current_run().run_id
        human = self.latest_decisions()
        cur = self.db.execute(
            "SELECT c.comment_id, c.respondent, c.question, c.row, c.text, c.attributes, p.status, p.duplicate_of,"
            " p.primary_theme, p.themes, p.confidence, p.scores, f.comment_id FROM predictions p"
            " JOIN comments c USING (comment_id)"
            " LEFT JOIN comments f ON p.duplicate_of IS NOT NULL AND f.respondent = p.duplicate_of"
            " AND f.question = c.question WHERE p.run_id = ? ORDER BY c.row, p.rowid", (run_id,))
        for cid, resp, q, r, text, attrs, status, dup, prim, themes, conf, scores, first in cur:
            model_themes = split_themes(themes)
            label, source = model_themes, "model" if model_themes else ""
            decided = human.get(cid) or (human.get(first) if first else None)
            if decided:
                label, source = decided, "human"
            yield Row(cid, resp, q, r, text, json.loads(attrs), status, dup, label[0] if label else prim, label,
                      conf, json.loads(scores) if scores else {}, source, model_themes)

    # --- decisions --------------------------------------------------------------
    def _current_label(self, comment_id: str, exclude: int | None = None) -> tuple[str, ...]:
        """The comment's label now: latest human decision (not undone, not ``exclude``), else the model's."""
        human = [d for d in self._effective(comment_id=comment_id) if d.decision_id != exclude]
        if human:
            return human[-1].themes_after
        run_id = self.meta("current_run")
        row = self.db.execute("SELECT themes FROM predictions WHERE run_id = ? AND comment_id = ?",
                              (int(run_id) if run_id else -1, comment_id)).fetchone()
        return split_themes(row[0]) if row else ()

    def _append(self, comment_id: str, reviewer: str, before: tuple[str, ...], after: tuple[str, ...], note: str,
                action: str, undoes: int | None) -> Decision:
        cur = self.db.execute(
            "INSERT INTO decisions(comment_id, reviewer, decided_at, themes_before, themes_after, note, action, undoes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (comment_id, reviewer, now(precise=True), "|".join(before), "|".join(after), note, action, undoes))
        row = self.db.execute(f"SELECT {DECISION_COLUMNS} FROM decisions WHERE decision_id = ?", (cur.lastrowid,))
        return decision_from_row(row.fetchone())

    def record_decision(self, comment_id: str, reviewer: str, themes_after: Iterable[str], note: str = "") -> Decision:
        """Append a reviewer's label (primary first) for a comment and commit it at once."""
        return self.record_decisions([(comment_id, reviewer, tuple(themes_after), note)])[0]

    def record_decisions(self, items: Iterable[tuple[str, str, tuple[str, ...], str]]) -> list[Decision]:
        """Append several (comment_id, reviewer, themes, note) decisions in one transaction (all or none)."""
        known = self.theme_ids()
        checked = []
        for comment_id, reviewer, themes_after, note in items:
            after = tuple(themes_after)
            reviewer = reviewer.strip()
            if not reviewer:
                raise ReviewError("a decision needs a reviewer name")
            if not after:
                raise ReviewError(f"{comment_id}: a decision needs at least one theme")
            if len(set(after)) != len(after):
                raise ReviewError(f"{comment_id}: theme listed twice in {'|'.join(after)}")
            unknown = [t for t in after if t not in known]
            if unknown:
                raise ReviewError(f"{comment_id}: unknown theme '{unknown[0]}'; the codebook has {', '.join(known)}")
            checked.append((comment_id, reviewer, after, note))
        with self.transaction():
            out = []
            for comment_id, reviewer, after, note in checked:
                if not self.db.execute("SELECT 1 FROM comments WHERE comment_id = ?", (comment_id,)).fetchone():
                    raise ReviewError(f"{comment_id}: no such comment in {self.path}")
                out.append(self._append(comment_id, reviewer, self._current_label(comment_id), after, note, SET, None))
            return out

    def undo(self, reviewer: str, comment_id: str | None = None) -> Decision | None:
        """Take back the reviewer's latest decision still in force (on one comment, if named) by appending an undo.

        Returns the undo entry, whose ``themes_after`` is the label in force again, or None
        when there is nothing left to undo.
        """
        with self.transaction():
            mine = self._effective(reviewer=reviewer, comment_id=comment_id)
            if not mine:
                return None
            target = mine[-1]
            before = self._current_label(target.comment_id)
            after = self._current_label(target.comment_id, exclude=target.decision_id)
            return self._append(target.comment_id, reviewer, before, after, "", UNDO, target.decision_id)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
