"""The steps of ``coder code`` between reading and writing: flag, predict, count and check."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.classify import Coding, Features
from coder.classify.active import review_order
from coder.errors import CoderError
from coder.io import Batch
from coder.pipeline.learning import Classified
from coder.store import Prediction, Row, comment_id
from coder.text import CODED, NEEDS_REVIEW, clean, duplicate_groups, key, status_of


@dataclass
class Flagged:
    """Every comment of a batch cleaned and flagged, and the distinct substantive answers to code.

    Attributes:
        texts: cleaned text of each comment (``batch.comments`` order).
        statuses: coded, empty or non_answer (needs_review is set later).
        duplicate_of: respondent id of the first identical answer to the same question, or None.
        distinct: indices of the comments to embed and classify (substantive, first of their text).
        coding_row: comment index → row of the coding that holds its themes (repeats share their first's).
    """

    texts: list[str]
    statuses: list[str]
    duplicate_of: list[str | None]
    distinct: list[int]
    coding_row: dict[int, int]


def flag(batch: Batch) -> Flagged:
    """Clean every answer, give it a status, and find repeats of an answer within a question."""
    texts = [clean(c.text) for c in batch.comments]
    statuses = [status_of(t) for t in texts]
    duplicate_of: list[str | None] = [None] * len(texts)
    first_index: dict[int, int] = {}
    for q in batch.questions:
        idx = [i for i, c in enumerate(batch.comments) if c.question == q and statuses[i] == CODED]
        for i, first in zip(idx, duplicate_groups([key(texts[i]) for i in idx])):
            if first is not None:
                duplicate_of[i] = batch.comments[idx[first]].id
                first_index[i] = idx[first]
    distinct = [i for i, s in enumerate(statuses) if s == CODED and duplicate_of[i] is None]
    coding_row = {i: k for k, i in enumerate(distinct)}
    coding_row.update({i: coding_row[first] for i, first in first_index.items()})
    return Flagged(texts, statuses, duplicate_of, distinct, coding_row)


def typicality(features: Features, coding: Coding, questions: list[str]) -> np.ndarray:
    """(n,) cosine of each answer to the mean direction of the answers to the same question with the same
    primary theme: how typical it is of its theme (quotes prefer typical answers)."""
    out = np.zeros(len(features))
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (q, t) in enumerate(zip(questions, coding.primary)):
        groups.setdefault((q, t), []).append(i)
    for idx in groups.values():
        vectors = features.embeddings[idx]
        centre = vectors.mean(axis=0)
        out[idx] = vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-12))
    return out


def queue_places(batch: Batch, flagged: Flagged, features: Features, coding: Coding, decided: set[str],
                 audit: list[str]) -> dict[int, int]:
    """Row of the coding (a distinct answer) -> its place in the review queue (1 = first).

    Answers a person already labelled get no place; the audit sample's unlabelled draws are mixed in
    (coder.classify.active).
    """
    cid = {k: comment_id(batch.comments[i].id, batch.comments[i].question) for k, i in enumerate(flagged.distinct)}
    candidates = [k for k in cid if cid[k] not in decided]
    where = {comment_id(c.id, c.question): i for i, c in enumerate(batch.comments)}
    draws = [flagged.coding_row[where[c]] for c in audit if c in where and where[c] in flagged.coding_row]
    draws = [k for k in dict.fromkeys(draws) if cid[k] not in decided]
    order = review_order(features.embeddings, coding.proba, coding.primary, candidates, draws)
    return {k: place for place, k in enumerate(order, start=1)}


def predictions(batch: Batch, flagged: Flagged, classified: Classified, decided: set[str],
                typical: np.ndarray, places: dict[int, int]) -> list[Prediction]:
    """One prediction per comment; below a target-precision threshold (and not human-decided): needs_review."""
    coding, thresholds = classified.coding, classified.thresholds
    out = []
    for i, c in enumerate(batch.comments):
        cid = comment_id(c.id, c.question)
        k = flagged.coding_row.get(i)
        if k is None:
            out.append(Prediction(cid, flagged.statuses[i]))
            continue
        status = flagged.statuses[i]
        if thresholds is not None and cid not in decided and not thresholds.auto(coding.primary[k],
                                                                                float(coding.confidence[k])):
            status = NEEDS_REVIEW
        scores = {t: round(float(p), 4) for t, p in zip(coding.theme_ids, coding.proba[k])}
        first = flagged.duplicate_of[i] is None
        out.append(Prediction(cid, status, flagged.duplicate_of[i], coding.primary[k], coding.themes[k],
                              float(coding.confidence[k]), scores, round(float(typical[k]), 4),
                              places.get(k) if first else None))
    return out


def status_counts(batch: Batch, preds: list[Prediction]) -> dict[str, dict[str, int]]:
    """question → status → comments."""
    counts: dict[str, dict[str, int]] = {q: {} for q in batch.questions}
    for c, p in zip(batch.comments, preds):
        counts[c.question][p.status] = counts[c.question].get(p.status, 0) + 1
    return counts


def check_rows(batch: Batch, rows: list[Row], counts: dict[str, dict[str, int]]) -> None:
    """The row-count guard: every input row comes out once per question, or nothing is exported."""
    expected = batch.n_rows * len(batch.questions)
    if len(rows) != expected:
        raise CoderError(f"internal error: {expected} comments in, {len(rows)} out; nothing was exported")
    for q in batch.questions:
        out = sum(r.question == q for r in rows)
        if out != batch.n_rows or sum(counts[q].values()) != batch.n_rows:
            raise CoderError(f"internal error: question '{q}' accounts for {out} of {batch.n_rows} rows; "
                             "nothing was exported")
