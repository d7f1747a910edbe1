"""The project database (``DIR/coder.db``): the single source of truth for comments, runs and labels.

SQLite in WAL mode. Model outputs are stored per run; reviewer decisions are an
append-only log (enforced by triggers), and a comment's current label is derived from it
(``coder.store.labels``). A damaged file gives one line naming the backup to restore;
a migration is preceded by a backup.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from coder.codebook import Codebook
from coder.errors import DamagedProject, ProjectError
from coder.store.audit import AuditLog
from coder.store.backup import backup, damaged, is_damage, not_a_database
from coder.store.decisions import DecisionLog
from coder.store.labels import is_not_answer, labelled_status
from coder.store.progress import RunProgress
from coder.store.records import (
    ADJUDICATED,
    DISPUTED,
    HUMAN,
    MODEL,
    Prediction,
    Row,
    Run,
    RunSettings,
    StoredComment,
    now,
    split_themes,
)
from coder.store.schema import DB_NAME, MIGRATIONS, SCHEMA_VERSION, statements


class Connection:
    """A sqlite3 connection whose errors from a damaged or unwritable file become one-line ProjectErrors."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def _guard(self, call, *args):
        try:
            return call(*args)
        except sqlite3.DatabaseError as err:
            raise _translate(err, self._path) from None

    def execute(self, sql: str, args: Iterable = ()) -> "Cursor":
        return Cursor(self._guard(self._conn.execute, sql, args), self)

    def executemany(self, sql: str, rows: Iterable) -> "Cursor":
        return Cursor(self._guard(self._conn.executemany, sql, rows), self)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


class Cursor:
    """A cursor whose fetches are guarded like its connection's statements (a damaged page shows up late)."""

    def __init__(self, cursor: sqlite3.Cursor, connection: Connection) -> None:
        self._cursor = cursor
        self._connection = connection

    def fetchone(self):
        return self._connection._guard(self._cursor.fetchone)

    def fetchall(self):
        return self._connection._guard(self._cursor.fetchall)

    def __iter__(self):
        while True:
            row = self.fetchone()
            if row is None:
                return
            yield row

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)


def _translate(err: sqlite3.DatabaseError, path: Path) -> Exception:
    text = str(err).casefold()
    if "locked" in text or "busy" in text:
        return ProjectError(f"{path}: another program is writing the project database (a coder run, a review "
                            "saving, or a program that opened coder.db); try again when it is done",
                            danish=f"{path}: et andet program skriver i projektdatabasen (en coder-kørsel, en "
                                   "gennemgang der gemmer, eller et program der har åbnet coder.db); prøv igen, når "
                                   "det er færdigt")
    if "disk i/o error" in text and _disk_full(path):  # the journal beside coder.db cannot grow: not damage
        text = "disk is full"
    elif is_damage(err) or any(s in text for s in ("no such table", "no such column", "duplicate column")):
        return damaged(path, err)
    if "disk is full" in text:
        return ProjectError(f"{path}: the disk is full; free some space and run the command again",
                            danish=f"{path}: disken er fuld; frigør noget plads, og kør kommandoen igen")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{path}: cannot write (read-only file or folder); make it writable, or copy the "
                            "project to a folder that can be written",
                            danish=f"{path}: kan ikke skrive (skrivebeskyttet fil eller mappe); gør den skrivbar, "
                                   "eller kopiér projektet til en mappe, der kan skrives i")
    if "unable to open database file" in text:  # e.g. a read-only folder: the journal beside coder.db cannot be made
        return ProjectError(f"{path}: cannot open the project database (unable to open database file); coder "
                            f"writes a journal next to it, so make {path.parent} writable or copy the project "
                            "to a writable folder",
                            danish=f"{path}: projektdatabasen kan ikke åbnes (unable to open database file); coder "
                                   f"skriver en journalfil ved siden af den, så gør {path.parent} skrivbar, eller "
                                   "kopiér projektet til en mappe, der kan skrives i")
    return err


def _project_files(folder: Path) -> bool:
    """The folder holds what a coder run leaves besides coder.db (it was a project)."""
    return any((folder / name).exists() for name in ("run.json", "assignments.csv", "backups"))


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


class Store(DecisionLog, AuditLog, RunProgress):
    """Open (and create or migrate) a project database."""

    def __init__(self, path: Path, create: bool = False) -> None:
        if not path.exists() and not create:
            raise ProjectError(f"{path.parent}: not a coder project (no {DB_NAME}); run 'coder code' first",
                               danish=f"{path.parent}: ikke et coder-projekt (ingen {DB_NAME}); kør 'coder code' "
                                      "først")
        if path.is_dir():
            raise not_a_database(path, "folder")
        if path.exists() and path.stat().st_size == 0 and (not create or _project_files(path.parent)):
            raise damaged(path, "0 bytes")  # a failed copy or sync: never taken for a new project
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # an archived or shared project (its folder or coder.db not writable): read as it is, no journal beside it
        self.read_only = not create and not (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK))
        wal = path.with_name(path.name + "-wal")
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal.exists() and wal.stat().st_size else "&immutable=1")
        try:
            conn = sqlite3.connect(uri if self.read_only else path, timeout=30, isolation_level=None,
                                   uri=self.read_only)
        except sqlite3.DatabaseError as err:
            raise _translate(err, path) from None
        self.db = Connection(conn, path)
        self.db.execute("PRAGMA busy_timeout=30000")
        if not self.read_only:
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # a committed decision survives a crash or power cut
        self.db.execute("PRAGMA foreign_keys=ON")
        if path.stat().st_size:
            problem = self.db.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                self.db.close()
                raise damaged(path, problem)
            if not create and self.schema_version() == 0:  # another program's database: never written into
                self.db.close()
                raise not_a_database(path, "foreign")
        self._migrate()

    @classmethod
    def open_project(cls, directory: Path, create: bool = False, run: bool = False) -> "Store":
        """The project's store; only ``coder code`` (``create``, ``run``) opens one whose update is half written."""
        if directory.exists() and not directory.is_dir():
            raise ProjectError(f"{directory}: is a file, not a project folder; give the folder 'coder code' wrote",
                               danish=f"{directory}: er en fil, ikke en projektmappe; angiv den mappe, 'coder code' "
                                      "skrev")
        if not create and not (directory / DB_NAME).exists():
            raise ProjectError(f"{directory}: not a coder project (no {DB_NAME}); run 'coder code … --out {directory}' "
                               "first",
                               danish=f"{directory}: ikke et coder-projekt (ingen {DB_NAME}); kør 'coder code … --out "
                                      f"{directory}' først")
        store = cls(directory / DB_NAME, create=create)
        if not (create or run):
            store.refuse_half_update()
        return store

    def schema_version(self) -> int:
        """The schema version of the open database (0 for an empty file)."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return 0
        value = self.meta("schema_version")
        if value is not None and not value.isdigit():
            raise damaged(self.path, f"schema_version '{value}'")
        return int(value) if value is not None else 0

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise ProjectError(f"{self.path}: made by a newer coder (schema {version}); upgrade coder",
                               danish=f"{self.path}: lavet af en nyere coder (skema {version}); opgradér coder")
        made = backup(self.path, f"before-schema-{version + 1}") if 0 < version < SCHEMA_VERSION else None
        try:
            while self.schema_version() < SCHEMA_VERSION:
                with self.transaction():  # re-read inside the lock: another process may have migrated meanwhile
                    version = self.schema_version()
                    if version >= SCHEMA_VERSION:
                        break
                    for statement in statements(MIGRATIONS[version]):
                        self.db.execute(statement)
                    self.set_meta("schema_version", str(version + 1))
        except DamagedProject as err:  # its schema record does not match its tables: the copy just made is as
            if made is None:  # damaged, so the message must name an earlier backup, not it
                raise
            made.unlink(missing_ok=True)
            raise damaged(self.path, err.reason) from None

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> "_Transaction":
        return _Transaction(self.db)

    # --- meta ---------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # --- writing a run --------------------------------------------------------
    def add_codebook(self, fingerprint: str, name: str, version: str, content: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO codebooks VALUES (?, ?, ?, ?, ?)",
                        (fingerprint, name, version, content, now()))

    def start_run(self, input_path: str, input_sha256: str, model_id: str, codebook: Codebook,
                  settings: RunSettings, attribute_columns: Iterable[str], resume_key: str | None = None) -> int:
        """Record the codebook (once per version) and a new run; returns its id.

        ``resume_key`` names what a rerun must match to pick up the run if it is interrupted
        (``coder.store.progress``)."""
        self.add_codebook(codebook.fingerprint(), codebook.name, codebook.version, codebook.model_dump_json())
        cur = self.db.execute(
            "INSERT INTO runs(started_at, input_path, input_sha256, model_id, codebook, settings, attribute_columns,"
            " resume_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now(), input_path, input_sha256, model_id, codebook.fingerprint(), settings.to_json(),
             json.dumps(list(attribute_columns), ensure_ascii=False), resume_key))
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
            "INSERT OR REPLACE INTO predictions(run_id, comment_id, status, duplicate_of, primary_theme, themes,"
            " confidence, scores, typicality, review_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((run_id, p.comment_id, p.status, p.duplicate_of, p.primary, "|".join(p.themes), p.confidence,
              json.dumps(p.scores) if p.scores is not None else None, p.typicality, p.review_order)
             for p in predictions))

    def finish_run(self, run_id: int, counts: dict) -> None:
        """Make ``run_id`` the current run; the predictions of finished runs before the one it replaces are
        dropped (the runs' settings and counts stay), so that coder.db does not grow by a run on every rerun."""
        before = self.meta("current_run")
        self.db.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE run_id = ?",
                        (now(), json.dumps(counts), run_id))
        self.set_meta("current_run", str(run_id))
        keep = (run_id, int(before) if before is not None else run_id)
        for table in ("predictions", "run_keys"):
            self.db.execute(f"DELETE FROM {table} WHERE run_id IN (SELECT run_id FROM runs WHERE finished_at IS NOT"
                            " NULL AND run_id NOT IN (?, ?))", keep)

    # --- reading --------------------------------------------------------------
    def has_run(self) -> bool:
        return self.meta("current_run") is not None

    def current_run(self) -> Run:
        """The latest finished run."""
        run_id = self.meta("current_run")
        if run_id is None:
            raise ProjectError(f"{self.path.parent}: no finished run; run 'coder code' first",
                               danish=f"{self.path.parent}: ingen færdig kørsel; kør 'coder code' først")
        return self.run(int(run_id))

    def run(self, run_id: int) -> Run:
        cur = self.db.execute(
            "SELECT r.run_id, r.started_at, r.finished_at, r.input_path, r.input_sha256, r.model_id, c.content,"
            " r.settings, r.attribute_columns, r.counts FROM runs r JOIN codebooks c"
            " ON r.codebook = c.fingerprint WHERE run_id = ?", (run_id,))
        row = cur.fetchone()
        if row is None:
            raise ProjectError(f"{self.path.parent}: no run {run_id}",
                               danish=f"{self.path.parent}: der er ingen kørsel {run_id}")
        rid, started, finished, path, sha, model, content, settings, attributes, counts = row
        codebook = Codebook.model_validate_json(content, context={"stored": True})
        return Run(int(rid), started, finished, path, sha, model, codebook,
                   RunSettings.from_json(settings), tuple(json.loads(attributes or "[]")),
                   json.loads(counts) if counts else {})

    def theme_ids(self) -> list[str]:
        """The theme ids of the current run's codebook, in codebook order."""
        return self.current_run().codebook.ids

    def comments(self, ids: Iterable[str] | None = None) -> list[StoredComment]:
        """The stored comments (those named, or all), in input order."""
        cur = self.db.execute("SELECT comment_id, respondent, question, row, text, attributes FROM comments"
                              " ORDER BY row, rowid")
        wanted = None if ids is None else set(ids)
        return [StoredComment(cid, resp, q, r, t, json.loads(a)) for cid, resp, q, r, t, a in cur
                if wanted is None or cid in wanted]

    def model_labels(self, run_id: int | None = None) -> dict[str, tuple[str, ...]]:
        """The model's themes (primary first) per coded comment of a run (the current one by default)."""
        if run_id is None:
            run_id = self.current_run().run_id
        cur = self.db.execute("SELECT comment_id, themes FROM predictions WHERE run_id = ? AND themes != ''", (run_id,))
        return {cid: split_themes(themes) for cid, themes in cur}

    def model_primaries(self, run_id: int) -> Iterator[tuple[str, str, str]]:
        """(comment id, its text now, the model's primary theme) for every comment the run's model coded. Read before
        a new run writes its comments, the texts are those the run coded."""
        yield from self.db.execute("SELECT c.comment_id, c.text, p.primary_theme FROM predictions p JOIN comments c "
                                   "USING (comment_id) WHERE p.run_id = ? AND p.primary_theme IS NOT NULL", (run_id,))

    def rows(self, run_id: int | None = None) -> Iterator[Row]:
        """Every comment of a run (the current one by default), in input order, with the label in force.

        A repeated answer (``duplicate_of``) follows the label of its first occurrence unless it was
        decided on its own. A disputed comment keeps the model's label. A human label in force sets the
        status too: ikke-svar makes the answer ``non_answer`` (no themes), a theme makes a flagged one ``coded``.
        """
        run = self.current_run() if run_id is None else self.run(run_id)
        states = self.label_states(run)
        audited = self.audited_ids(run)
        cur = self.db.execute(
            "SELECT c.comment_id, c.respondent, c.question, c.row, c.text, c.attributes, p.status, p.duplicate_of,"
            " p.primary_theme, p.themes, p.confidence, p.scores, p.typicality, p.review_order, f.comment_id"
            " FROM predictions p"
            " JOIN comments c USING (comment_id)"
            " LEFT JOIN comments f ON p.duplicate_of IS NOT NULL AND f.respondent = p.duplicate_of"
            " AND f.question = c.question WHERE p.run_id = ? ORDER BY c.row, p.rowid", (run.run_id,))
        for cid, resp, q, r, text, attrs, status, dup, prim, themes, conf, scores, typ, order, first in cur:
            model_themes, model_status = split_themes(themes), status
            label, source = model_themes, MODEL if model_themes else ""
            state = states.get(cid)
            if (state is None or not state.source) and first:
                state = states.get(first)
            note = state.note if state is not None else ""
            if state is not None and state.source in (HUMAN, ADJUDICATED):
                status, source = labelled_status(status, state.themes), state.source
                label, prim = ((), None) if is_not_answer(state.themes) else (state.themes, prim)
            elif state is not None and state.source == DISPUTED:
                source = DISPUTED
            yield Row(cid, resp, q, r, text, json.loads(attrs), status, dup, label[0] if label else prim, label,
                      conf, json.loads(scores) if scores else {}, source, model_themes, note, typ,
                      cid in audited and state is not None and state.audit_source in (HUMAN, ADJUDICATED), order,
                      model_status)


class _Transaction:
    def __init__(self, db: Connection) -> None:
        self.db = db

    def __enter__(self) -> Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def project_language(directory: Path) -> str | None:
    """The language of a project's codebook (its current run's, else its latest), read leniently: None when the
    folder holds no readable project. Opens coder.db read-only; creates, migrates and repairs nothing."""
    path = directory / DB_NAME
    try:
        if not path.is_file():
            return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute(
                "SELECT c.content FROM runs r JOIN codebooks c ON c.fingerprint = r.codebook ORDER BY r.run_id = "
                "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_run') DESC, r.run_id DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
        language = json.loads(row[0]).get("language") if row else None
    except (OSError, sqlite3.Error, ValueError, AttributeError):
        language = None
    if not isinstance(language, str):  # a damaged coder.db: the run record beside it still says
        try:
            language = json.loads((directory / "run.json").read_text(encoding="utf-8"))["codebook"]["language"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return language if isinstance(language, str) else None
