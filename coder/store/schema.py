"""The project database's schema, as migrations applied in order (each moves it up one version)."""

from __future__ import annotations

import sqlite3

DB_NAME = "coder.db"

# Each entry moves the schema up one version; applied in order, each in its own transaction.
MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
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
    """,
    # 2: undo as an appended decision; the log can only grow; duplicates find their first answer.
    """
    ALTER TABLE decisions ADD COLUMN action TEXT NOT NULL DEFAULT 'set';
    ALTER TABLE decisions ADD COLUMN undoes INTEGER REFERENCES decisions(decision_id);
    CREATE INDEX decisions_by_reviewer ON decisions(reviewer, decision_id);
    CREATE INDEX comments_by_respondent ON comments(respondent, question);
    CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    """,
    # 3: a column for confusion counts (no longer written: only the audit sample corrects shares).
    """
    ALTER TABLE runs ADD COLUMN confusion TEXT;
    """,
    # 4: decisions remember the text and codebook they were made on, and whether they were blind;
    # the random audit sample; quotes a report writer pinned or excluded; typicality for quotes.
    """
    ALTER TABLE decisions ADD COLUMN blind INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE decisions ADD COLUMN text TEXT;
    ALTER TABLE decisions ADD COLUMN codebook TEXT;
    DROP TRIGGER decisions_no_update;
    UPDATE decisions SET text = (SELECT c.text FROM comments c WHERE c.comment_id = decisions.comment_id),
        codebook = (SELECT r.codebook FROM runs r ORDER BY r.run_id DESC LIMIT 1);
    CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    ALTER TABLE predictions ADD COLUMN typicality REAL;
    ALTER TABLE predictions ADD COLUMN review_order INTEGER;
    CREATE TABLE audit_designs (
        input_sha256 TEXT NOT NULL, question TEXT NOT NULL, seed INTEGER NOT NULL, strata TEXT NOT NULL,
        created_at TEXT NOT NULL, PRIMARY KEY (input_sha256, question));
    CREATE TABLE audit (
        input_sha256 TEXT NOT NULL, comment_id TEXT NOT NULL REFERENCES comments(comment_id),
        question TEXT NOT NULL, stratum TEXT NOT NULL, draw INTEGER NOT NULL, drawn_at TEXT NOT NULL,
        PRIMARY KEY (input_sha256, comment_id));
    CREATE INDEX audit_by_question ON audit(input_sha256, question, draw);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit sample only grows'); END;
    CREATE TABLE quote_choices (
        comment_id TEXT PRIMARY KEY REFERENCES comments(comment_id), choice TEXT NOT NULL,
        chosen_by TEXT NOT NULL, chosen_at TEXT NOT NULL);
    """,
    # 5: runs written chunk by chunk: what a rerun must match to resume, how far it got, and the
    # first occurrence of each answer (a digest of its comparison key) while the run is written.
    """
    ALTER TABLE runs ADD COLUMN resume_key TEXT;
    ALTER TABLE runs ADD COLUMN progress TEXT;
    CREATE INDEX comments_by_row ON comments(row);
    CREATE TABLE run_keys (
        run_id INTEGER NOT NULL REFERENCES runs(run_id), question TEXT NOT NULL, key BLOB NOT NULL,
        first TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (run_id, question, key)) WITHOUT ROWID;
    """,
    # 6: hand-coded labels imported from the input (reviewer 'gold:<column>') were coded without the model,
    # so they are blind: they count as audit labels (they were stored as made seeing the model).
    """
    DROP TRIGGER decisions_no_update;
    UPDATE decisions SET blind = 1 WHERE reviewer LIKE 'gold:%' AND action = 'set' AND blind = 0;
    CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    out, buf = [], ""
    for line in script.strip().splitlines():
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
