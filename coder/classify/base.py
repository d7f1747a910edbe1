"""What every classifier shares: the features it sees, the coding it gives, and the interface.

Every classifier follows scikit-learn's conventions: ``__init__`` only stores settings,
``fit(labelled) -> self`` learns (state in attributes ending in ``_``), and
``code(features) -> Coding`` gives primary and secondary themes with a confidence.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from coder.codebook import Codebook

EmbedFn = Callable[[Sequence[str]], np.ndarray]  # texts -> (n, dim) unit vectors


def products(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """(n, k) float64 dot products of the rows of X (n, d) with the rows of W (k, d), row by row.

    BLAS products differ in their last bits with the number of rows multiplied at once; these do
    not (``einsum`` sums each row on its own), so a batch coded in chunks of any size is coded as it
    is whole.
    """
    W = np.asarray(W, dtype=np.float64)
    out = np.empty((len(X), len(W)))
    for start in range(0, len(X), 4096):
        out[start:start + 4096] = np.einsum("ij,kj->ik", np.asarray(X[start:start + 4096], dtype=np.float64), W)
    return out


@dataclass(frozen=True)
class Features:
    """What a classifier sees of n comments: embeddings (n, dim) and the cleaned texts."""

    embeddings: np.ndarray
    texts: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, idx: Sequence[int] | np.ndarray) -> "Features":
        idx = np.asarray(idx, dtype=int)
        return Features(self.embeddings[idx], tuple(self.texts[i] for i in idx))


@dataclass(frozen=True)
class Labelled:
    """Comments with labels: features, label tuples (primary first), and the question of each.

    ``questions`` holds ``"codebook"`` for the codebook's own examples, which train but never
    count as real answers in error estimates.
    """

    features: Features
    gold: tuple[tuple[str, ...], ...]
    questions: tuple[str, ...]
    random: tuple[bool, ...] = ()  # per item: drawn at random (audit sample), so fit to calibrate on; () = none

    def __len__(self) -> int:
        return len(self.gold)

    def is_random(self) -> np.ndarray:
        """(n,) bool: which items are a random sample of the answers."""
        return np.array(self.random, bool) if self.random else np.zeros(len(self.gold), bool)

    @property
    def primary(self) -> list[str]:
        return [g[0] for g in self.gold]

    def take(self, idx: Sequence[int] | np.ndarray) -> "Labelled":
        idx = np.asarray(idx, dtype=int)
        return Labelled(self.features.take(idx), tuple(self.gold[i] for i in idx),
                        tuple(self.questions[i] for i in idx), tuple(bool(x) for x in self.is_random()[idx]))



def concat(*sets: Labelled | None) -> Labelled | None:
    """The non-empty sets one after another (None when there are none)."""
    parts = [s for s in sets if s is not None and len(s)]
    if not parts:
        return None
    return Labelled(Features(np.vstack([p.features.embeddings for p in parts]),
                             tuple(t for p in parts for t in p.features.texts)),
                    tuple(g for p in parts for g in p.gold), tuple(q for p in parts for q in p.questions),
                    tuple(bool(x) for p in parts for x in p.is_random()))


@dataclass(frozen=True)
class Coding:
    """Classifier output for n comments over k themes.

    Attributes:
        theme_ids: k theme ids, in codebook order.
        proba: (n, k) float array, rows sum to 1.
        primary: n primary theme ids.
        themes: n tuples of theme ids, primary first, then secondary themes by probability.
        confidence: (n,) probability of the primary theme.
    """

    theme_ids: tuple[str, ...]
    proba: np.ndarray
    primary: tuple[str, ...]
    themes: tuple[tuple[str, ...], ...]
    confidence: np.ndarray


def decide(theme_ids: tuple[str, ...], proba: np.ndarray, codebook: Codebook,
           secondary_ratio: float = 0.5, secondary_min: float = 0.2) -> Coding:
    """Turn probabilities into primary + secondary themes; the catch-all is never a secondary theme.

    A further theme is secondary when its probability is at least ``secondary_ratio`` of the
    primary's and at least ``secondary_min``.
    """
    catch = codebook.catch_all.id if codebook.catch_all else None
    primary, themes = [], []
    for row in proba:
        order = np.argsort(-row, kind="stable")
        top = order[0]
        chosen = [theme_ids[top]]
        if theme_ids[top] != catch:
            for j in order[1:]:
                if theme_ids[j] == catch:
                    continue
                if row[j] >= secondary_min and row[j] >= secondary_ratio * row[top]:
                    chosen.append(theme_ids[j])
        primary.append(chosen[0])
        themes.append(tuple(chosen))
    confidence = proba.max(axis=1) if len(proba) else np.zeros(0)
    return Coding(theme_ids, proba, tuple(primary), tuple(themes), confidence)


class Classifier(ABC):
    """Codes comments against a codebook; learns from labelled comments where it can."""

    codebook: Codebook
    secondary_ratio: float = 0.5
    secondary_min: float = 0.2

    @abstractmethod
    def fit(self, labelled: Labelled | None = None) -> "Classifier":
        """Learn from labelled comments (a classifier that cannot learn ignores them); returns self."""

    @abstractmethod
    def predict_proba(self, features: Features) -> np.ndarray:
        """Theme probabilities, shape (n, k) in codebook order, rows summing to 1."""

    def code(self, features: Features) -> Coding:
        """Primary and secondary themes with confidence for each comment."""
        return decide(tuple(self.codebook.ids), self.predict_proba(features), self.codebook,
                      self.secondary_ratio, self.secondary_min)


class OnPrior(Classifier):
    """A classifier built on a codebook classifier (``self.prior``): its codebook and secondary-theme rule."""

    prior: Classifier

    @property
    def codebook(self) -> Codebook:  # type: ignore[override]
        return self.prior.codebook

    @property
    def secondary_ratio(self) -> float:  # type: ignore[override]
        return self.prior.secondary_ratio

    @property
    def secondary_min(self) -> float:  # type: ignore[override]
        return self.prior.secondary_min


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax of logits (n, k)."""
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def stratified_folds(y: Sequence[object], folds: int, seed: int) -> list[np.ndarray]:
    """Test-index arrays of a shuffled k-fold split, stratified by ``y`` unless a label has fewer than
    ``folds`` items (then plain k-fold). The one fold chooser of coder: evaluation and inner CV alike."""
    from sklearn.model_selection import KFold, StratifiedKFold

    y = np.asarray(y)
    _, counts = np.unique(y, return_counts=True)
    splitter = (StratifiedKFold(folds, shuffle=True, random_state=seed) if counts.min() >= folds
                else KFold(folds, shuffle=True, random_state=seed))
    return [test for _, test in splitter.split(np.zeros(len(y)), y)]
