"""The typed records the store hands out: runs, their settings, predictions, comments, rows and decisions."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone

from coder.codebook import Codebook
from coder.errors import ProjectError

SET, UNDO, ADJUDICATE = "set", "undo", "adjudicate"
MODEL, HUMAN, DISPUTED, ADJUDICATED = "model", "human", "disputed", "adjudicated"  # label sources
# A reviewer's label "not a substantive answer" (ikke-svar), stored as the decision's only theme. A codebook id is
# lower-case letters, digits and _ starting with a letter (coder.codebook), so it can never be one.
NOT_ANSWER = "!non_answer"


def now(precise: bool = False) -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds" if precise else "seconds")


def split_themes(value: str | None) -> tuple[str, ...]:
    """Themes stored as ``a|b`` back to a tuple (primary first)."""
    return tuple(t for t in (value or "").split("|") if t)


def comment_id(respondent: str, question: str) -> str:
    """The key of one answer: respondent id and question."""
    return f"{respondent}::{question}"


@dataclass(frozen=True)
class RunSettings:
    """How a run read its input and coded it."""

    text_columns: tuple[str, ...]
    id_column: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    classifier: str = "zero-shot"  # or "learned"
    temperature: float | None = None
    keyword_weight: float | None = None
    labels: dict[str, int] = field(default_factory=dict)  # gold / reviewed labels learned from
    blend_weights: tuple[float, ...] = (1.0, 0.0, 0.0)
    target_precision: float | None = None
    adapted: int = 0  # the batch's surest answers the codebook was adapted with (0: the codebook as written)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "RunSettings":
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["text_columns"] = tuple(values.get("text_columns") or ())
        values["blend_weights"] = tuple(values.get("blend_weights") or (1.0, 0.0, 0.0))
        return cls(**values)


@dataclass(frozen=True)
class Run:
    """One ``coder code`` run: its input, model, codebook and settings."""

    run_id: int
    started_at: str
    finished_at: str | None
    input_path: str
    input_sha256: str
    model_id: str
    codebook: Codebook
    settings: RunSettings
    attribute_columns: tuple[str, ...]
    counts: dict[str, dict[str, int]]

    @property
    def questions(self) -> tuple[str, ...]:
        return self.settings.text_columns

    def question(self, given: str) -> str:
        """The run's question ``given`` names: its exact name, else the one question whose name starts so (case
        ignored: "Hvad kan" for a survey system's whole question as header). Raises ProjectError naming them."""
        if given in self.questions:
            return given
        prefix = given.strip().casefold()
        starts = [q for q in self.questions if q.casefold().startswith(prefix)] if prefix else []
        if len(starts) == 1:
            return starts[0]
        named = ", ".join(starts or self.questions)
        if len(starts) > 1:
            raise ProjectError(f"--question {given}: more than one question starts so: {named}; give more of it",
                               danish=f"--question {given}: flere spørgsmål begynder sådan: {named}; angiv mere af det")
        raise ProjectError(f"--question {given}: no such question; the project has {named}",
                           danish=f"--question {given}: spørgsmålet findes ikke; projektet har {named}")


@dataclass(frozen=True)
class Prediction:
    """The model's output for one comment in one run (``primary`` None and ``themes`` empty when not coded)."""

    comment_id: str
    status: str
    duplicate_of: str | None = None
    primary: str | None = None
    themes: tuple[str, ...] = ()
    confidence: float | None = None
    scores: dict[str, float] | None = None
    typicality: float | None = None  # cosine to the centre of the answers with the same primary theme
    review_order: int | None = None  # place in the review queue (1 = review first); None: no review needed


@dataclass(frozen=True)
class StoredComment:
    """One comment as the store keeps it."""

    comment_id: str
    respondent: str
    question: str
    row: int
    text: str
    attributes: dict[str, str]


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
    source: str  # "model", "human", "disputed", "adjudicated" or "" (not coded)
    model_themes: tuple[str, ...] = ()  # the run's own output, primary first, whatever a human decided
    note: str = ""  # the reviewers' notes on the label in force
    typicality: float | None = None  # cosine to the centre of its primary theme's answers (quotes)
    audited: bool = False  # in the random audit sample, with an audit label (blind or adjudicated)
    review_order: int | None = None  # place in the review queue (1 = first); None: no review needed
    model_status: str = ""  # the run's own status, whatever a human decided ("": the same as ``status``)


@dataclass(frozen=True)
class Decision:
    """One entry of the decision log; an undo entry names the decision it takes back."""

    decision_id: int
    comment_id: str
    reviewer: str
    decided_at: str
    themes_before: tuple[str, ...]
    themes_after: tuple[str, ...]
    note: str
    action: str  # "set", "undo" or "adjudicate"
    undoes: int | None
    blind: bool = False  # made without seeing the model's or other reviewers' labels
    text: str = ""  # the comment's text when it was made (a decision never moves to another text)
    codebook: str = ""  # fingerprint of the codebook in force then


DECISION_COLUMNS = ("decision_id, comment_id, reviewer, decided_at, themes_before, themes_after, note, "
                    "action, undoes, blind, text, codebook")


def decision_from_row(r: tuple) -> Decision:
    return Decision(r[0], r[1], r[2], r[3], split_themes(r[4]), split_themes(r[5]), r[6], r[7], r[8], bool(r[9]),
                    r[10] or "", r[11] or "")
