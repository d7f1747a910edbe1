"""Erase respondents from a project's database (a respondent withdraws consent: GDPR art. 17).

Their answers, the model's codes of them, every reviewer decision on them (the decision log is append-only
for everything else, so its guard is lifted for this alone), their audit draws, their places in the audit
designs (whose strata sizes then count the answers left, and from which later draws continue), quote choices,
first occurrences and a run's progress record of them are deleted, in one transaction; the file is then
vacuumed, so the deleted pages are not left in it or in its write-ahead log. Another answer that repeated one
of theirs gets a first occurrence of its own: the earliest of them. What stays is a tombstone per respondent: a
salted digest of the id (the project's own salt), when and how many answers, so a later input that holds them
again can be said to, without keeping the id itself (whoever holds coder.db can still test whether a given id
was erased). Where the ids are row numbers, a row removed from the input renumbers the rows after it, so the
digest is of the respondent's answers instead.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

MIN_KNOWN = 20  # characters of a respondent's answers that tell them apart where ids are row numbers
ERASED_KEY = "erased"  # meta: the tombstones, a JSON list of {"digest", "erased_at", "answers"}
_GUARD = ("CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
          "BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END")


@dataclass(frozen=True)
class Erased:
    """What erasing found and deleted in one database."""

    answers: int
    decisions: int
    audit_draws: int
    texts: tuple[str, ...]  # the answers' texts and the decisions' copies of them (for the embedding cache)


def salt(db: sqlite3.Connection) -> str:
    """The project's salt: when and on what its first run started (the same in the project's backups)."""
    row = db.execute("SELECT started_at, input_sha256 FROM runs ORDER BY run_id LIMIT 1").fetchone()
    return "" if row is None else f"{row[0]}\x1e{row[1]}"


def digest(project_salt: str, respondent: str) -> str:
    return hashlib.sha256(f"{project_salt}\x1e{respondent}".encode("utf-8")).hexdigest()


def tombstones(db: sqlite3.Connection) -> list[dict]:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (ERASED_KEY,)).fetchone()
    return json.loads(row[0]) if row else []


def erased(db: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str], str]:
    """The tombstones as digest -> when erased, of ids and of answers (row-number projects), and the salt."""
    stones = tombstones(db)
    by_id = {s["digest"]: s["erased_at"] for s in stones if s.get("by") != "answers"}
    by_answers = {s["digest"]: s["erased_at"] for s in stones if s.get("by") == "answers"}
    return by_id, by_answers, salt(db) if stones else ""


def find(db: sqlite3.Connection, respondents: Sequence[str]) -> Erased:
    """What erasing ``respondents`` would delete, deleting nothing."""
    return _found(db, _comment_ids(db, respondents))


def _found(db: sqlite3.Connection, ids: list[str]) -> Erased:
    marks = ",".join("?" * len(ids))
    if not ids:
        return Erased(0, 0, 0, ())
    decisions = db.execute(f"SELECT COUNT(*) FROM decisions WHERE comment_id IN ({marks})", ids).fetchone()[0]
    draws = db.execute(f"SELECT COUNT(*) FROM audit WHERE comment_id IN ({marks})", ids).fetchone()[0]
    texts = {t for (t,) in db.execute(f"SELECT text FROM comments WHERE comment_id IN ({marks})", ids) if t}
    texts |= {t for (t,) in db.execute(f"SELECT text FROM decisions WHERE comment_id IN ({marks})", ids) if t}
    return Erased(len(ids), decisions, draws, tuple(sorted(texts)))


def erase(db: sqlite3.Connection, respondents: Sequence[str]) -> Erased:
    """Delete the respondents from the database ``db`` (a project's, or a backup of it) and vacuum it; returns what
    it deleted."""
    ids = _comment_ids(db, respondents)
    found = _found(db, ids)
    project_salt = salt(db)
    db.execute("PRAGMA secure_delete=ON")
    db.execute("BEGIN IMMEDIATE")
    try:
        marks, who = ",".join("?" * len(ids)), ",".join("?" * len(respondents))
        if ids:
            db.execute("DROP TRIGGER IF EXISTS decisions_no_delete")
            db.execute(f"DELETE FROM decisions WHERE comment_id IN ({marks})", ids)
            db.execute(_GUARD)
            for table in ("audit", "quote_choices", "predictions"):
                db.execute(f"DELETE FROM {table} WHERE comment_id IN ({marks})", ids)
            _new_firsts(db, respondents)
            _out_of_designs(db, set(ids))
            db.execute(f"DELETE FROM run_keys WHERE first IN ({who})", list(respondents))
            answers = _answers_of(db, respondents)
            db.execute(f"DELETE FROM comments WHERE comment_id IN ({marks})", ids)
        else:
            answers = {r: "" for r in respondents}
        when = datetime.now(timezone.utc).isoformat(timespec="seconds")
        numbered = _row_numbers(db)  # by answers only where they are long enough to tell a respondent apart
        stones = tombstones(db) + [{"digest": digest(project_salt, answers[r] if numbered else r), "erased_at": when,
                                    "answers": sum(1 for c in ids if c.startswith(f"{r}::")),
                                    **({"by": "answers"} if numbered else {})} for r in respondents
                                   if not numbered or len(answers[r]) >= MIN_KNOWN]
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (ERASED_KEY, json.dumps(stones)))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("VACUUM")
    if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return found


def erase_file(path, respondents: Sequence[str]) -> Erased:
    """``erase`` in the database file at ``path`` (a backup)."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        return erase(db, respondents)
    finally:
        db.close()


def _comment_ids(db: sqlite3.Connection, respondents: Sequence[str]) -> list[str]:
    if not respondents:
        return []
    who = ",".join("?" * len(respondents))
    return [c for (c,) in db.execute(f"SELECT comment_id FROM comments WHERE respondent IN ({who}) "
                                     "ORDER BY comment_id", list(respondents))]


def answers_key(texts: Sequence[tuple[str, str]]) -> str:
    """A respondent's answers, (question, text) in question order, as one string (what a row-number tombstone
    digests: the same answers are the same respondent, whatever row they moved to)."""
    return "\x1f".join(f"{q}\x1e{t}" for q, t in sorted(texts) if t.strip())


def _answers_of(db: sqlite3.Connection, respondents: Sequence[str]) -> dict[str, str]:
    who = ",".join("?" * len(respondents))
    texts: dict[str, list[tuple[str, str]]] = {r: [] for r in respondents}
    for r, q, t in db.execute(f"SELECT respondent, question, text FROM comments WHERE respondent IN ({who})",
                              list(respondents)):
        texts[r].append((q, t))
    return {r: answers_key(v) for r, v in texts.items()}


def _row_numbers(db: sqlite3.Connection) -> bool:
    """Whether the project's current run numbers its respondents by row (no id column)."""
    row = db.execute("SELECT settings FROM runs WHERE finished_at IS NOT NULL ORDER BY run_id DESC LIMIT 1").fetchone()
    return row is not None and json.loads(row[0]).get("id_column") is None


def _out_of_designs(db: sqlite3.Connection, erased: set[str]) -> None:
    """Their answers out of every audit design (the strata's sizes count the answers there are) and out of a run's
    progress record (which answers were drawn, as the run went)."""
    for sha, question, strata in db.execute("SELECT input_sha256, question, strata FROM audit_designs").fetchall():
        design = json.loads(strata)
        kept = {s: [c for c in ids if c not in erased] for s, ids in design.items()}
        if kept != design:
            db.execute("UPDATE audit_designs SET strata = ? WHERE input_sha256 = ? AND question = ?",
                       (json.dumps(kept), sha, question))
    for run_id, progress in db.execute("SELECT run_id, progress FROM runs WHERE progress IS NOT NULL").fetchall():
        record = json.loads(progress)
        rows = record.get("audit_rows")
        if isinstance(rows, dict) and erased & set(rows):
            record["audit_rows"] = {c: v for c, v in rows.items() if c not in erased}
            db.execute("UPDATE runs SET progress = ? WHERE run_id = ?", (json.dumps(record), run_id))


def _new_firsts(db: sqlite3.Connection, respondents: Sequence[str]) -> None:
    """Answers that repeated an erased respondent's: per run and question, the earliest becomes the first
    occurrence and the others repeat it."""
    who = ",".join("?" * len(respondents))
    rows = db.execute("SELECT p.run_id, c.question, p.duplicate_of, c.respondent, p.comment_id FROM predictions p "
                      f"JOIN comments c ON c.comment_id = p.comment_id WHERE p.duplicate_of IN ({who}) "
                      "ORDER BY p.run_id, c.question, p.duplicate_of, c.row", list(respondents)).fetchall()
    first: dict[tuple[int, str, str], str] = {}
    for run_id, question, old, respondent, comment_id in rows:
        new = first.setdefault((run_id, question, old), respondent)
        db.execute("UPDATE predictions SET duplicate_of = ? WHERE run_id = ? AND comment_id = ?",
                   (None if new == respondent else new, run_id, comment_id))
