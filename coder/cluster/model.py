"""Cluster unit vectors deterministically: k from the silhouette gap of Ward trees, refined by k-means.

Vectors are centred (the mean e5 vector, which every Danish text shares, is removed) and
scaled back to unit length. k is chosen on Ward clusterings of (a seeded sample of) the
vectors, by their silhouette above that of structureless data of the same shape (a
Gaussian with the same mean and covariance), since raw silhouettes of sentence embeddings
always favour k = 2 or 3: the finest k within noise of the best gap wins. The Ward
clusters then seed k-means on all comments. Everything is assigned; a comment no closer to
its cluster's centre (computed without it) than a tenth of the other clusters' comments
are is flagged as a weak fit instead of being thrown away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class Clustering:
    """Cluster labels of n unit vectors.

    Attributes:
        labels: (n,) int array, 0 … k-1, cluster 0 the heaviest.
        centres: (k, dim) unit vectors.
        similarity: (n,) cosine of each vector to its cluster centre.
        weak: (n,) bool array.
        k_scores: (k, score) pairs when k was chosen from the data.
    """

    labels: np.ndarray
    centres: np.ndarray
    similarity: np.ndarray
    weak: np.ndarray
    k_scores: tuple[tuple[int, float], ...]


def _unit(X: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms > 0, norms, 1.0)


def centre(X: np.ndarray) -> np.ndarray:
    """Remove the mean vector and rescale rows to unit length. X: (n, dim). Returns (n, dim) float32."""
    return _unit(X - X.mean(axis=0)).astype(np.float32)


def _ward_curve(S: np.ndarray, ks: Sequence[int]) -> np.ndarray:
    """Cosine silhouette of the Ward tree of S cut at each k. S: (m, dim) unit rows. Returns (len(ks),)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    tree = linkage(S.astype(np.float64), "ward")
    D = np.clip(1.0 - S @ S.T, 0.0, None)
    np.fill_diagonal(D, 0.0)
    return np.array([silhouette_score(D, fcluster(tree, k, "maxclust"), metric="precomputed") for k in ks])


def _reference(S: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Structureless data of the same shape: Gaussian with the mean and covariance of S, on the sphere."""
    mean = S.mean(axis=0)
    _, sv, vt = np.linalg.svd(S - mean, full_matrices=False)
    Z = rng.standard_normal((len(S), len(sv))) * (sv / np.sqrt(max(len(S) - 1, 1)))
    return _unit(mean + Z @ vt)


def choose_k(S: np.ndarray, k_max: int, seed: int = 0,
             references: int = 4) -> tuple[int, tuple[tuple[int, float], ...]]:
    """The finest k in 2 … k_max whose silhouette gap is within noise of the best one.

    The gap is the Ward silhouette of S minus the mean over ``references`` structureless
    data sets, smoothed over k ± 1; the noise is the spread (SD) of the references at the
    best k. Among partitions the data cannot tell apart, the finer one shows smaller topics.

    Args:
        S: (m, dim) unit vectors (a sample of at most a few thousand).
    Returns:
        (k, ((k, gap), …)) with the unsmoothed gaps.
    """
    ks = list(range(2, k_max + 1))
    rng = np.random.default_rng(seed)
    refs = np.array([_ward_curve(_reference(S, rng), ks) for _ in range(references)])
    gap = _ward_curve(S, ks) - refs.mean(axis=0)
    smooth = np.round(np.convolve(np.pad(gap, 1, mode="edge"), np.ones(3) / 3, mode="valid"), 10)
    best = int(np.argmax(smooth))
    within = np.nonzero(smooth >= smooth[best] - refs[:, best].std(ddof=1))[0]
    return ks[int(within.max())], tuple((k, round(float(g), 5)) for k, g in zip(ks, gap))


def cluster_vectors(X: np.ndarray, weights: np.ndarray, n_clusters: int | None = None, max_clusters: int = 20,
                    min_size: int = 3, seed: int = 0, sample: int = 2000) -> Clustering:
    """Cluster unit vectors given in a canonical order (deterministic for the same order and seed).

    Args:
        X: (n, dim) unit vectors, already centred (see ``centre``).
        weights: (n,) comments behind each vector.
        n_clusters: fixed k; chosen from the data when None.
    Returns:
        The clustering; clusters lighter than ``min_size`` are dissolved into their neighbours (weak fits).
    """
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    n = len(X)
    weights = np.asarray(weights, dtype=np.float64)
    if n == 0:
        return Clustering(np.zeros(0, int), np.zeros((0, X.shape[1]), np.float32), np.zeros(0), np.zeros(0, bool), ())
    with threadpool_limits(1):  # small BLAS calls on many threads are slower, and one thread is reproducible
        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(n, sample, replace=False)) if n > sample else np.arange(n)
        S = X[idx]
        k_cap = max(1, min(max_clusters, len(S) // 5))
        scores: tuple[tuple[int, float], ...] = ()
        if n_clusters is not None:
            k = max(1, min(n_clusters, len(S)))
        elif k_cap < 3:
            k = 1
        else:
            k, scores = choose_k(S, k_cap, seed)
        if k == 1:
            labels = np.zeros(n, int)
        else:
            from scipy.cluster.hierarchy import fcluster, linkage

            cut = fcluster(linkage(S.astype(np.float64), "ward"), k, "maxclust") - 1
            init = np.vstack([S[cut == c].mean(axis=0) for c in range(cut.max() + 1)])
            km = KMeans(len(init), init=init, n_init=1, max_iter=100, random_state=seed)
            labels = km.fit(X, sample_weight=weights).labels_
        labels, centres, moved = _tidy(X, weights, labels, min_size)
        similarity = np.einsum("ij,ij->i", X, centres[labels])
        weak = moved | _weak(X, weights, labels, centres)
    return Clustering(labels, centres, similarity, weak, scores)


def _sums(X: np.ndarray, weights: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Weighted sum of each cluster's vectors. Returns (k, dim) float64."""
    return np.vstack([weights[labels == c] @ X[labels == c].astype(np.float64) for c in range(k)])


def _centres(X: np.ndarray, weights: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Weighted mean direction of each cluster. Returns (k, dim) unit vectors."""
    return _unit(_sums(X, weights, labels, k)).astype(np.float32)


def _tidy(X: np.ndarray, weights: np.ndarray, labels: np.ndarray,
          min_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dissolve clusters lighter than ``min_size`` into the nearest other, then number by weight (ties: first member).

    Returns:
        (labels (n,), centres (k, dim), moved (n,) bool: members of dissolved clusters).
    """
    k = int(labels.max()) + 1
    mass = np.bincount(labels, weights=weights, minlength=k)
    keep = mass >= min_size
    if not keep.any():
        keep[int(np.argmax(mass))] = True
    moved = ~keep[labels]
    labels = labels.copy()
    if moved.any():
        kept = np.nonzero(keep)[0]
        centres = _centres(X, weights, labels, k)
        labels[moved] = kept[np.argmax(X[moved] @ centres[kept].T, axis=1)]
    used = np.unique(labels)
    mass = np.bincount(labels, weights=weights, minlength=k)
    first = {int(c): int(np.argmax(labels == c)) for c in used}
    order = sorted((int(c) for c in used), key=lambda c: (-round(float(mass[c]), 6), first[c]))
    remap = np.zeros(k, int)
    remap[order] = np.arange(len(order))
    labels = remap[labels]
    return labels, _centres(X, weights, labels, len(order)), moved


def _weak(X: np.ndarray, weights: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Comments no closer to their cluster's centre (left out of it) than a tenth of the other clusters' comments.

    Returns:
        (n,) bool.
    """
    weak = np.zeros(len(X), bool)
    if len(centres) < 2:
        return weak
    sums = _sums(X, weights, labels, len(centres))
    own = sums[labels]  # the centre without the comment itself: sum minus its own (weighted) vector
    dot = np.einsum("ij,ij->i", X, own) - weights
    norm = np.sqrt(np.maximum(np.einsum("ij,ij->i", own, own) - 2 * weights * (dot + weights) + weights**2, 0.0))
    alone = norm < 1e-9
    loo = np.where(alone, -1.0, dot / np.where(alone, 1.0, norm))
    sims = X @ centres.T
    for c in range(len(centres)):
        inside = labels == c
        if not inside.all():
            weak[inside] = loo[inside] <= np.quantile(sims[~inside, c], 0.9)
    return weak
