"""Score comments against a codebook's themes: primary and secondary themes with a confidence.

Zero-shot: every theme is described by prototype texts (label + description, keywords,
include notes, examples). A comment's score for a theme blends its best match and its
match with the theme centroid, plus a bonus when one of the theme's keywords occurs.
e5 puts unrelated Danish texts at cosine ~0.86 and related ones at ~0.89, so cosines are
never compared with fixed constants: a comment's scores are compared with each other
through a softmax with a small temperature (0.015 cosine = one logit; the keyword bonus is
worth 0.03 cosine). The temperature is the one that minimised the log-loss of the primary
theme on the sample's gold labels (0.015 of 0.005–0.03 tried); it changes confidences, never
the ranking of themes.

Measured on the sample's gold labels (bench/quality.py): centring each theme by its
similarity to the other themes' examples lowered macro-F1 (0.62 vs 0.65), so it is not done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from coder.codebook import Codebook
from coder.text import key

EmbedFn = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Prototypes:
    """Embedded theme descriptions.

    Attributes:
        theme_ids: the codebook's theme ids, in codebook order (k themes).
        vectors: one (m_t, dim) array of prototype vectors per theme.
    """

    theme_ids: tuple[str, ...]
    vectors: tuple[np.ndarray, ...]


def build_prototypes(codebook: Codebook, embed: EmbedFn) -> Prototypes:
    """Embed every theme's prototype texts (label, keywords, notes, examples) with one call to ``embed``."""
    per_theme = [theme.prototype_texts() for theme in codebook.themes]
    vectors = embed([t for texts in per_theme for t in texts])
    bounds = np.cumsum([0] + [len(texts) for texts in per_theme])
    return Prototypes(tuple(codebook.ids), tuple(vectors[a:b] for a, b in zip(bounds[:-1], bounds[1:])))


def keyword_hits(codebook: Codebook, texts: Sequence[str]) -> np.ndarray:
    """Whether each text mentions any of a theme's keywords (word-prefix match, case-folded).

    Returns:
        float32 array (len(texts), k): 1.0 where a keyword of theme j occurs in text i.
    """
    patterns = []
    for theme in codebook.themes:
        words = [re.escape(key(w)) for w in theme.keywords if key(w)]
        patterns.append(re.compile(r"\b(?:" + "|".join(words) + r")", re.IGNORECASE) if words else None)
    out = np.zeros((len(texts), len(patterns)), np.float32)
    for i, text in enumerate(texts):
        folded = text.casefold()
        for j, pattern in enumerate(patterns):
            if pattern is not None and pattern.search(folded):
                out[i, j] = 1.0
    return out


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


class ZeroShotClassifier:
    """Codebook-only classifier on embeddings (scikit-learn conventions: settings in ``__init__``).

    Args:
        codebook: the validated codebook.
        temperature: softmax temperature on centred cosine scores.
        keyword_weight: logit bonus when a theme keyword occurs in the comment.
        secondary_ratio: a further theme is secondary when its probability is at least
            this share of the primary's.
        secondary_min: ... and at least this probability.
    """

    def __init__(self, codebook: Codebook, temperature: float = 0.015, keyword_weight: float = 2.0,
                 secondary_ratio: float = 0.5, secondary_min: float = 0.2) -> None:
        self.codebook = codebook
        self.temperature = temperature
        self.keyword_weight = keyword_weight
        self.secondary_ratio = secondary_ratio
        self.secondary_min = secondary_min

    def fit(self, prototypes: Prototypes) -> "ZeroShotClassifier":
        """Take the embedded theme descriptions (the zero-shot model has nothing else to learn)."""
        if prototypes.theme_ids != tuple(self.codebook.ids):
            raise ValueError("prototypes do not match the codebook's themes")
        self.prototypes_ = prototypes
        self.classes_ = np.array(prototypes.theme_ids)
        centroids = np.vstack([v.mean(axis=0) for v in prototypes.vectors])
        self.centroids_ = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
        return self

    def _raw_scores(self, X: np.ndarray) -> np.ndarray:
        best = np.column_stack([(X @ v.T).max(axis=1) for v in self.prototypes_.vectors])
        central = X @ self.centroids_.T
        return 0.5 * best + 0.5 * central

    def decision_function(self, X: np.ndarray, hits: np.ndarray | None = None) -> np.ndarray:
        """Logits. X: (n, dim) unit vectors; hits: (n, k) keyword indicators. Returns (n, k)."""
        logits = self._raw_scores(X) / self.temperature
        if hits is not None:
            logits = logits + self.keyword_weight * hits
        return logits

    def predict_proba(self, X: np.ndarray, hits: np.ndarray | None = None) -> np.ndarray:
        """Theme probabilities, shape (n, k), rows summing to 1."""
        if len(X) == 0:
            return np.zeros((0, len(self.classes_)), np.float64)
        logits = self.decision_function(X, hits).astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def code(self, X: np.ndarray, hits: np.ndarray | None = None) -> Coding:
        """Primary and secondary themes with confidence for each row of X."""
        return decide(tuple(self.classes_), self.predict_proba(X, hits), self.codebook,
                      self.secondary_ratio, self.secondary_min)


def decide(theme_ids: tuple[str, ...], proba: np.ndarray, codebook: Codebook,
           secondary_ratio: float = 0.5, secondary_min: float = 0.2) -> Coding:
    """Turn probabilities into primary + secondary themes; the catch-all is never a secondary theme."""
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
