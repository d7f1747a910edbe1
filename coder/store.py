"""The project database (``DIR/coder.db``): the single source of truth for comments, runs and labels.

SQLite in WAL mode. Model outputs are stored per run; reviewer decisions are an
append-only log, and a comment's current label is derived: the latest human decision
wins over any model output.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from coder.errors import ProjectError

DB_NAME = "coder.db"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codebooks (
    fingerprint TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL,
    content TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT,
    input_path TEXT NOT NULL, input_sha256 TEXT NOT NULL, model_id TEXT NOT NULL,
    codebook TEXT NOT NULL REFERENCES codebooks(fingerprint), settings TEXT NOT NULL,
    attribute_columns TEXT NOT NULL, counts TEXT);
CREATE TABLE IF NOT EXISTS comments (
    comment_id TEXT PRIMARY KEY, respondent TEXT NOT NULL, question TEXT NOT NULL,
    row INTEGER NOT NULL, text TEXT NOT NULL, attributes TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS predictions (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), comment_id TEXT NOT NULL REFERENCES comments(comment_id),
    status TEXT NOT NULL, duplicate_of TEXT, primary_theme TEXT, themes TEXT NOT NULL,
    confidence REAL, scores TEXT, PRIMARY KEY (run_id, comment_id));
CREATE TABLE IF NOT EXISTS decisions (
    decision_id INTEGER PRIMARY KEY AUTOINCREMENT, comment_id TEXT NOT NULL REFERENCES comments(comment_id),
    reviewer TEXT NOT NULL, decided_at TEXT NOT NULL, themes_before TEXT NOT NULL,
    themes_after TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS decisions_by_comment ON decisions(comment_id, decision_id);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Row:
    """One comment as the exports see it: input, model output of a run, and the current label."""

    comment_id: str
    respondent: str
    question: str
    row: int
    text: str
    attributes: dict[str, str]
    status: str
    duplicate_of: str | None
    primary: str | None
    themes: tuple[str, ...]
    confidence: float | None
    scores: dict[str, float]
    source: str  # "model", "human" or "" (not coded)


class Store:
    """Open (and create or migrate) a project database."""

    def __init__(self, path: Path, create: bool = False) -> None:
        if not path.exists() and not create:
            raise ProjectError(f"{path.parent}: not a coder project (no {DB_NAME}); run 'coder code' first")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    @classmethod
    def open_project(cls, directory: Path, create: bool = False) -> "Store":
        if not create and not (directory / DB_NAME).exists():
            raise ProjectError(f"{directory}: not a coder project (no {DB_NAME}); run 'coder code … --out {directory}' first")
        return cls(directory / DB_NAME, create=create)

    def _migrate(self) -> None:
        self.db.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
        version = self.meta("schema_version")
        if version is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif int(version) > SCHEMA_VERSION:
            raise ProjectError(f"{self.path}: made by a newer coder (schema {version}); upgrade coder")

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

    def start_run(self, input_path: str, input_sha256: str, model_id: str, codebook: str,
                  settings: dict, attribute_columns: list[str]) -> int:
        cur = self.db.execute(
            "INSERT INTO runs(started_at, input_path, input_sha256, model_id, codebook, settings, attribute_columns)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now(), input_path, input_sha256, model_id, codebook, json.dumps(settings, ensure_ascii=False),
             json.dumps(attribute_columns, ensure_ascii=False)))
        return int(cur.lastrowid)

    def put_comments(self, rows: Iterable[tuple[str, str, str, int, str, dict[str, str]]]) -> None:
        self.db.executemany(
            "INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(comment_id) DO UPDATE SET "
            "respondent = excluded.respondent, question = excluded.question, row = excluded.row, "
            "text = excluded.text, attributes = excluded.attributes",
            ((cid, resp, q, r, t, json.dumps(a, ensure_ascii=False)) for cid, resp, q, r, t, a in rows))

    def put_predictions(self, run_id: int, rows: Iterable[tuple]) -> None:
        """Rows of (comment_id, status, duplicate_of, primary, themes tuple, confidence, scores dict)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((run_id, cid, st, dup, prim, "|".join(th), conf, json.dumps(sc) if sc is not None else None)
             for cid, st, dup, prim, th, conf, sc in rows))

    def finish_run(self, run_id: int, counts: dict) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE run_id = ?",
                        (now(), json.dumps(counts), run_id))
        self.set_meta("current_run", str(run_id))

    # --- reading --------------------------------------------------------------
    def current_run(self) -> dict:
        run_id = self.meta("current_run")
        if run_id is None:
            raise ProjectError(f"{self.path.parent}: no finished run; run 'coder code' first")
        cur = self.db.execute("SELECT r.*, c.name, c.version, c.content FROM runs r JOIN codebooks c "
                              "ON r.codebook = c.fingerprint WHERE run_id = ?", (int(run_id),))
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))

    def latest_decisions(self) -> dict[str, tuple[str, ...]]:
        """The current human label of every decided comment (latest decision wins)."""
        rows = self.db.execute(
            "SELECT comment_id, themes_after FROM decisions d WHERE decision_id = "
            "(SELECT MAX(decision_id) FROM decisions WHERE comment_id = d.comment_id)").fetchall()
        return {cid: tuple(t for t in themes.split("|") if t) for cid, themes in rows}

    def rows(self, run_id: int | None = None) -> Iterator[Row]:
        """Every comment of a run (the current one by default), in input order."""
        if run_id is None:
            run_id = int(self.current_run()["run_id"])
        human = self.latest_decisions()
        cur = self.db.execute(
            "SELECT c.comment_id, c.respondent, c.question, c.row, c.text, c.attributes, p.status, p.duplicate_of,"
            " p.primary_theme, p.themes, p.confidence, p.scores FROM predictions p JOIN comments c"
            " USING (comment_id) WHERE p.run_id = ? ORDER BY c.row, p.rowid", (run_id,))
        for cid, resp, q, r, text, attrs, status, dup, prim, themes, conf, scores in cur:
            model_themes = tuple(t for t in themes.split("|") if t)
            source = "model" if model_themes else ""
            if cid in human and human[cid]:
                model_themes, source = human[cid], "human"
                prim = model_themes[0]
            yield Row(cid, resp, q, r, text, json.loads(attrs), status, dup, prim, model_themes,
                      conf, json.loads(scores) if scores else {}, source)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
