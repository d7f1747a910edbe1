"""Which answers teach the classifier most: the review queue's order.

An answer is worth reviewing when the model is unsure of it (a small margin between its two
likeliest themes) and when it stands for many others (it lies in a dense part of the batch, so
its label carries over to its neighbours). Answers are picked greedily: the next one is the
best of the theme whose turn it is (the themes the model chose take turns, so rare themes get
labels early too), and an answer close to one already picked loses its worth in proportion
(a near-duplicate of a picked answer is never picked). Every ``audit_every``-th place goes to
the next draw of the random audit sample instead, so a reviewer working down the queue also
labels the random sample that honest shares need (a label counts for them only when made blind,
``coder review --blind``; one made seeing the model leaves the draw to ``coder review --audit``).

Tried and not kept (the bench/learning.py simulation, rounds of 60 and of 30, two audit seeds;
macro-F1 on the rest at 120 / 240 labels, against 0.730 / 0.817 on the sample and 0.836 / 0.877
on SIB-200): once the model has learned from labels, dropping density and the themes' turns
(0.736 / 0.834 and 0.845 / 0.891 in rounds of 60; 0.727–0.750 / 0.826–0.840 and 0.829–0.850 /
0.890–0.898 in rounds of 30), or worth as 1 − confidence (0.742 / 0.831 and 0.848 / 0.885). The
gains were within what the audit seed moves, and without audit draws the first of them lost
(0.745 / 0.841 against 0.757 / 0.855 on the sample). Least confident first scores higher from
120 labels on mostly because a fifth of this queue is the random audit draw: without it the queue
reaches 0.757 / 0.855 on the sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

NEAR_DUPLICATE = 0.95  # cosine (centred vectors) at which two answers count as the same one
MAX_QUEUE = 1000  # places in the queue (nobody reviews more in one round); the rest get no review_order
REFERENCE = 2000  # answers (a seeded sample) against which density is measured in large batches


@dataclass(frozen=True)
class QueueSettings:
    neighbours: int = 10  # answers whose mean similarity measures an answer's density
    density_power: float = 1.0
    audit_every: int = 5  # every 5th place is an audit draw (0: none)
    themes_in_turn: bool = True  # the model's themes take turns (else the worthiest answer, whatever its theme)


def margins(proba: np.ndarray) -> np.ndarray:
    """(n,) 1 − (p1 − p2): 1 when the two likeliest themes tie, 0 when one has all the probability."""
    top = np.sort(proba, axis=1)[:, ::-1]
    return 1.0 - (top[:, 0] - top[:, 1]) if proba.shape[1] > 1 else np.zeros(len(proba))


def centre(X: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """(n, dim) rows of X minus the batch mean, scaled to unit length."""
    centred = X - mean
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    return centred


def reference_rows(n: int, reference: int = REFERENCE, seed: int = 0) -> np.ndarray:
    """Indices of the answers (of n) against which density is measured: all, or a seeded sample of ``reference``."""
    return np.arange(n) if n <= reference else np.sort(np.random.default_rng(seed).choice(n, reference, replace=False))


def density_of(block: np.ndarray, rows: np.ndarray, ref_vectors: np.ndarray, ref: np.ndarray,
               neighbours: int) -> np.ndarray:
    """(len(block),) mean cosine of each row to its nearest neighbours among the reference answers.

    block: (m, dim) centred unit rows whose indices among all answers are ``rows``; ref_vectors:
    (r, dim) the reference answers (indices ``ref``), centred the same way. An answer is never its
    own neighbour.
    """
    k = min(neighbours, len(ref) - 1)
    out = np.empty(len(block))
    for start in range(0, len(block), 2048):  # blocks keep memory bounded for large batches
        part = slice(start, min(start + 2048, len(block)))
        sims = block[part] @ ref_vectors.T
        sims[rows[part][:, None] == ref[None, :]] = -np.inf  # not its own neighbour
        out[part] = np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)
    return np.clip(out, 0.0, None)


def density(X: np.ndarray, neighbours: int, reference: int = REFERENCE, seed: int = 0) -> np.ndarray:
    """(n,) mean cosine of each vector to its nearest neighbours among (a seeded sample of) the others.

    X: (n, dim) unit rows, centred. With more than ``reference`` answers the neighbours are looked
    for in a sample of that size, which keeps large batches fast.
    """
    n = len(X)
    if n < 2:
        return np.ones(n)
    ref = reference_rows(n, reference, seed)
    return density_of(X, np.arange(n), X[ref], ref, neighbours)


class QueueCandidates:
    """The worthiest candidates of each theme (at most ``cap`` each), gathered chunk by chunk.

    Keeps what ``pick_order`` needs of a batch too large to hold: per theme, the ``cap`` best
    answers by worth (ties to the earlier answer), and their worth.
    """

    def __init__(self, cap: int = MAX_QUEUE) -> None:
        self.cap = cap
        self.best: dict[str, list[tuple[float, int]]] = {}
        self.worth: dict[int, float] = {}

    def add(self, indices: Sequence[int], worth: np.ndarray, predicted: Sequence[str]) -> None:
        """Answers ``indices`` (among all answers), their worth and the model's primary theme of each."""
        fresh: dict[str, list[tuple[float, int]]] = {}
        for i, w, t in zip(indices, worth, predicted):
            fresh.setdefault(t, []).append((-round(float(w), 9), int(i)))
            self.worth[int(i)] = float(w)
        for t, items in fresh.items():
            self.best[t] = sorted(self.best.get(t, []) + items)[:self.cap]
        kept = {i for items in self.best.values() for _, i in items}
        self.worth = {i: w for i, w in self.worth.items() if i in kept}

    def by_theme(self) -> dict[str, list[int]]:
        """Theme -> its best answers, best first; themes in the order their best answer ranks."""
        order = sorted(self.best, key=lambda t: self.best[t][0])
        return {t: [i for _, i in self.best[t]] for t in order if self.best[t]}


def pick_order(vectors: Callable[[list[int]], np.ndarray], candidates: QueueCandidates, audit: Sequence[int] = (),
               limit: int | None = None, settings: QueueSettings = QueueSettings()) -> list[int]:
    """The review queue from the gathered candidates: indices among all answers, best first.

    vectors: gives the centred unit vectors (len(idx), dim) of the answers ``idx``; only the
    candidates kept and the audit draws are asked for.
    """
    by_theme = candidates.by_theme()
    worth = candidates.worth
    subset = list(dict.fromkeys([i for v in by_theme.values() for i in v] + [int(a) for a in audit]))
    if not subset:
        return []
    place = {i: p for p, i in enumerate(subset)}
    centred = vectors(subset)
    cap = limit or candidates.cap
    by_theme = {t: v[:cap] for t, v in by_theme.items()}
    themes = sorted(by_theme, key=lambda t: -len(by_theme[t]))
    nearest = np.full(len(subset), -1.0)  # each answer's highest cosine to an answer already picked
    remaining = {t: list(v) for t, v in by_theme.items()}
    audit_left = [int(a) for a in audit]
    total = min(cap, sum(len(v) for v in by_theme.values()) + len(audit_left))
    order: list[int] = []
    turn = 0
    while len(order) < total and (audit_left or any(remaining.values())):
        if audit_left and settings.audit_every and (len(order) + 1) % settings.audit_every == 0 or (
                audit_left and not any(remaining.values())):
            pick = audit_left.pop(0)
        else:
            if settings.themes_in_turn:
                theme = next(t for t in themes[turn:] + themes[:turn] if remaining[t])
                turn = (themes.index(theme) + 1) % len(themes)
            else:
                theme = max((t for t in themes if remaining[t]), key=lambda t: worth[remaining[t][0]] *
                            (1.0 - max(nearest[place[remaining[t][0]]], 0.0)))
            live = [i for i in remaining[theme] if nearest[place[i]] < NEAR_DUPLICATE]
            if not live:  # only near-duplicates of picked answers are left for this theme
                remaining[theme] = []
                continue
            scores = np.array([worth[i] * (1.0 - max(nearest[place[i]], 0.0)) for i in live])
            pick = live[int(np.argmax(scores))]
            remaining[theme].remove(pick)
        order.append(pick)
        nearest = np.maximum(nearest, centred @ centred[place[pick]])
    return order


def review_order(X: np.ndarray, proba: np.ndarray, predicted: Sequence[str], candidates: Sequence[int],
                 audit: Sequence[int] = (), limit: int | None = None,
                 settings: QueueSettings = QueueSettings()) -> list[int]:
    """The order in which to review: indices into X (answers), best first.

    Args:
        X: (n, dim) unit embeddings of the answers (one per distinct answer).
        proba: (n, k) the classifier's theme probabilities.
        predicted: (n,) the model's primary theme of each answer.
        candidates: answers that may be picked (not yet labelled by a person).
        audit: the audit sample's next draws, in order (interleaved at every ``audit_every``-th place).
        limit: stop after this many (default MAX_QUEUE).
    """
    if len(X) == 0:
        return []
    centred = centre(X, X.mean(axis=0))
    worth = margins(proba) * density(centred, settings.neighbours) ** settings.density_power
    drawn = set(audit)
    pool = [i for i in candidates if i not in drawn]
    gathered = QueueCandidates(limit or MAX_QUEUE)
    gathered.add(pool, worth[pool], [predicted[i] for i in pool])
    return pick_order(lambda idx: centred[idx], gathered, audit, limit, settings)
