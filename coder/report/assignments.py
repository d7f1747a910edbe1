"""One line per input row and question: what ``assignments.csv`` and the comments sheet show."""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from coder.files import csv_text
from coder.store import ADJUDICATED, HUMAN, Row
from coder.text import EMPTY, redact
from coder.text.contact import asks_contact

ASSIGNMENT_COLUMNS = ["id", "question", "text", "status", "duplicate_of", "primary", "themes", "confidence",
                      "label_source", "note", "review_order", "contact"]


def model_confidence(r: Row) -> float | None:
    """The model's confidence, shown only where its label stands: beside a reviewer's label it would be the model's
    confidence in another theme (or the same one, which the reviewer's word makes moot)."""
    return None if r.confidence is None or r.source in (HUMAN, ADJUDICATED) else r.confidence


def assignment_values(r: Row, locale: str = "da") -> dict[str, object]:
    """One comment's values for the assignment columns (text and reviewers' notes redacted, placeholders in the
    reader's ``locale``)."""
    confidence = model_confidence(r)
    return {"id": r.respondent, "question": r.question, "text": redact(r.text, locale), "status": r.status,
            "duplicate_of": r.duplicate_of or "", "primary": r.primary or "", "themes": "|".join(r.themes),
            "confidence": None if confidence is None else round(confidence, 3), "label_source": r.source,
            "note": redact(r.note, locale), "review_order": review_place(r),
            "contact": "yes" if r.status != EMPTY and asks_contact(r.text) else ""}


def review_place(r: Row) -> int | None:
    """The answer's place in the run's review queue (1 = review first: what teaches the model most, with the audit
    draws mixed in); None where no review is needed: not in the queue, or a reviewer's label already stands."""
    return None if r.source in (HUMAN, ADJUDICATED) else r.review_order


def input_columns(attribute_columns: Sequence[str]) -> list[tuple[str, str]]:
    """(header, input column) of the input's other columns. One named like a column of coder's own (an ``id`` column
    the run did not use as ids, say) keeps its values under ``<name>_input``: it used to be left out."""
    return [(f"{c}_input" if c in ASSIGNMENT_COLUMNS else c, c) for c in attribute_columns]


def assignment_lines(rows: Iterable[Row], attribute_columns: Sequence[str],
                     locale: str = "da") -> tuple[list[str], Iterator[list[object]]]:
    """The header and, lazily, one line per input row and question, text redacted, then the input's other columns."""
    extra = input_columns(attribute_columns)
    header = ASSIGNMENT_COLUMNS + [h for h, _ in extra]

    def lines() -> Iterator[list[object]]:
        for r in rows:
            values = assignment_values(r, locale)
            values["confidence"] = "" if values["confidence"] is None else f"{values['confidence']:.3f}"
            yield [values[c] for c in ASSIGNMENT_COLUMNS] + [r.attributes.get(c, "") for _, c in extra]

    return header, lines()


def assignments_csv(rows: Sequence[Row], attribute_columns: Sequence[str], locale: str = "da") -> str:
    """One line per input row and question, text redacted, then the input's other columns."""
    header, lines = assignment_lines(rows, attribute_columns, locale)
    return csv_text(header, list(lines))
