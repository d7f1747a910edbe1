"""The random audit sample (it only grows) and the quotes a report writer pinned or excluded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from coder.store.records import Run, now

PIN, EXCLUDE = "pin", "exclude"


@dataclass(frozen=True)
class AuditDesign:
    """How one question's audit sample is drawn: its seed and the population of each stratum at the first draw.

    The strata are the model's primary themes when the sample was first drawn; later draws keep them,
    so every answer's chance of being drawn stays known.
    """

    input_sha256: str
    question: str
    seed: int
    strata: dict[str, list[str]]  # stratum -> comment ids of the population, in draw order


@dataclass(frozen=True)
class AuditItem:
    comment_id: str
    question: str
    stratum: str
    draw: int  # 1 = drawn first


class AuditLog:
    """The audit and quote-choice methods of ``Store``."""

    def audit_design(self, input_sha256: str, question: str) -> AuditDesign | None:
        row = self.db.execute("SELECT seed, strata FROM audit_designs WHERE input_sha256 = ? AND question = ?",
                              (input_sha256, question)).fetchone()
        return None if row is None else AuditDesign(input_sha256, question, int(row[0]), json.loads(row[1]))

    def audited_elsewhere(self, input_sha256: str, question: str) -> bool:
        """Whether an audit sample of ``question`` was drawn on another input (an earlier wave or file)."""
        return self.db.execute("SELECT 1 FROM audit_designs WHERE question = ? AND input_sha256 != ? LIMIT 1",
                               (question, input_sha256)).fetchone() is not None

    def save_audit_design(self, design: AuditDesign) -> None:
        self.db.execute("INSERT OR IGNORE INTO audit_designs VALUES (?, ?, ?, ?, ?)",
                        (design.input_sha256, design.question, design.seed, json.dumps(design.strata), now()))

    def add_audit(self, input_sha256: str, items: Iterable[AuditItem]) -> None:
        self.db.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?)",
                            ((input_sha256, i.comment_id, i.question, i.stratum, i.draw, now()) for i in items))

    def audit_items(self, input_sha256: str, question: str | None = None) -> list[AuditItem]:
        """The drawn answers of an input (one question's, if named), in draw order."""
        sql = "SELECT comment_id, question, stratum, draw FROM audit WHERE input_sha256 = ?"
        args: list[object] = [input_sha256]
        if question is not None:
            sql += " AND question = ?"
            args.append(question)
        return [AuditItem(c, q, s, int(d)) for c, q, s, d in self.db.execute(sql + " ORDER BY question, draw", args)]

    def audited_ids(self, run: Run) -> set[str]:
        """Comment ids in the audit sample of the run's input."""
        return {i.comment_id for i in self.audit_items(run.input_sha256)}

    def set_quote_choice(self, comment_id: str, choice: str | None, by: str) -> None:
        """Pin a comment as a quote, exclude it from quotes, or (None) leave the choice to coder again."""
        with self.transaction():
            self.db.execute("DELETE FROM quote_choices WHERE comment_id = ?", (comment_id,))
            if choice is not None:
                self.db.execute("INSERT INTO quote_choices VALUES (?, ?, ?, ?)", (comment_id, choice, by, now()))

    def quote_choices(self) -> dict[str, str]:
        """comment_id -> ``pin`` or ``exclude``."""
        return dict(self.db.execute("SELECT comment_id, choice FROM quote_choices"))
