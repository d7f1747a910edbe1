"""Cluster unit vectors deterministically: k-means with a k that keeps clusters about one thing.

Vectors are centred (the mean e5 vector, which every Danish text shares, is removed) and
scaled back to unit length. k is the number of distinct texts over ``TARGET_SIZE`` (at least
2, at most ``max_clusters``). Raw silhouettes of sentence embeddings always favour k = 2 or 3,
and the silhouette gap against structureless data used before chose 6 clusters for the
sample's 373 answers to 'forbedringer', each a mix of three or four gold themes, and 20 for the
200 answers to 'kommentar'. Finer k-means clusters are purer, but a cluster of a dozen comments
is too small to tell whether the codebook explains it. Tuned with ``bench/discover.py`` on the
sample, over three seeds (SIB-200's 1,004 sentences hit the cap of 20 clusters at every size
tried): with one theme removed at a time, 30, 35, 40, 45, 50 and 60 texts per cluster found 3,
3, 3, 4, 4 and 2 of 15 removed themes, with 7, 7, 7, 4, 6 and 6 NEW clusters for the full
codebook — all within noise of each other on this sample; 45 it is. Two
clusters whose centres are as close as the centres of two random halves of the smaller one are
one topic cut in two and are merged (``merge_duplicates``); at these sizes k-means clusters are
far apart (centre cosines up to 0.15 on the sample and 0.57 on SIB-200, against 0.61–0.88
between random halves), so this only acts when the data has fewer topics than k. Agglomerative
(Ward, average cosine) and spectral clustering were no purer than k-means at any k on either set
(majority-theme share 0.48–0.57 on the sample, 0.69–0.80 on SIB-200), and HDBSCAN left 76–100 %
of the sample's comments as noise. k-means runs on all comments, weighted by repeats, with
``N_INIT`` seeded k-means++ starts (the best kept; with 4 the removed themes found moved by up to 2
between seeds). Clustering the answers the codebook explains worst (the bottom 30, 40 or 50 % by
``coder.cluster.explain``'s per-comment score) apart from the rest made the removed themes' clusters
purer (found 2, 4 and 3 of 5 on the sample, 7 of 7 on SIB-200) but flagged every cluster of that
remainder NEW with the full codebook too (false alarms 4, 5, 6 on the sample; 7, 9, 11 on SIB-200). No
measure of such a cluster told a missing theme's well from a complete codebook's on both sets (at 40 %,
AUC of size 0.64 and 0.51, split-half cohesion 0.71 and 0.72, distance to the other clusters 0.67 and
0.21; its mean fit separates them only because removing a theme lowers every answer's fit, which one
run cannot see: set against the run's own answers, 0.47–0.67 on the sample and 0.23–0.25 on SIB-200),
and dropping the NEW flag where a codebook keyword names the cluster found 0–1 of 5 with 2 false
alarms on the sample. Not kept.
The clustering, not the NEW test, is what misses themes: on clusters that are the gold themes
(``bench/discover.py --gold-clusters``) the test finds 5 of 5 removed themes on the sample and 7 of 7 on
SIB-200 with no false alarm. Two ways to steer k-means toward the codebook's themes were tried and made
it worse: clustering e5 joined with the standardised zero-shot theme scores (weight 0.5, 1, 2: found 1, 0,
0 of 5 on the sample, false alarms 3, 3, 1), and k-means started from one centre per theme (the
probability-weighted mean of its comments) plus free k-means++ centres (found 0 of 5 on the sample, 6 of 7
on SIB-200, false alarms 2 and 3–4). Not kept. Adding to each centred vector W times the centred e5 vector of
its content lemmas alone ("ortopæd hurtig sag kort møde fokus") made k-means purer on 'forbedringer' and
SIB-200 (majority share 0.49 → 0.55, 0.71 → 0.76) but not on the long answers to 'kommentar' (0.38 → 0.31);
over k-means seeds 0–2, W 0, 0.3, 0.5, 0.75, 1 found 4, 5, 6, 5, 3 of 15 removed themes on the sample and
18, 19, 18, 19, 21 of 21 on SIB-200, with 10, 12, 8, 9, 9 false alarms on the two together: within the
seeds' noise, for a second pass of the model over every distinct answer. Not kept.
Projecting the codebook's themes out of the vectors before k-means (their centroids' span, or the top 10 or 20
directions of all their prototypes, fully or half), so that clusters follow what the themes leave unexplained,
found 0–2 of 5 on the sample (false alarms 1–3) and 6 of 7 on SIB-200 (1–6). Not kept.
Clustering within each theme's bucket (the comments whose most probable theme it is), so that a missing theme's
comments might stand apart inside the buckets they fall into, with round(n / 45) (at least 1), n / 45 (at least 2)
or round(n / 30) clusters per bucket, found 0 of 5 on the sample (false alarms 0, 1, 0) and 5, 5, 4 of 7 on SIB-200
(1, 2, 0), against 2 of 5 and 6 of 7 for k-means over all: the missing theme's comments are spread over several
buckets, and inside one the NEW test rarely flags them (coverage 0–0.17 on the sample). Not kept.
Everything is assigned; a comment no closer to its cluster's centre (computed without it) than a
tenth of the other clusters' comments are is flagged as a weak fit instead of being thrown away.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TARGET_SIZE = 45  # distinct texts per cluster when k is chosen from the data
N_INIT = 10
SPLITS = 20  # random halves per cluster when testing near-duplicates


@dataclass(frozen=True)
class Clustering:
    """Cluster labels of n unit vectors.

    Attributes:
        labels: (n,) int array, 0 … k-1, cluster 0 the heaviest.
        centres: (k, dim) unit vectors.
        similarity: (n,) cosine of each vector to its cluster centre.
        weak: (n,) bool array.
    """

    labels: np.ndarray
    centres: np.ndarray
    similarity: np.ndarray
    weak: np.ndarray


def _unit(X: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms > 0, norms, 1.0)


def centre(X: np.ndarray) -> np.ndarray:
    """Remove the mean vector and rescale rows to unit length. X: (n, dim). Returns (n, dim) float32."""
    return _unit(X - X.mean(axis=0)).astype(np.float32)


def choose_k(n: int, max_clusters: int = 20) -> int:
    """The number of clusters for n distinct texts: n / ``TARGET_SIZE``, at least 2 (1 under 2 · min size), at most
    ``max_clusters``."""
    if n < 6:
        return 1
    return int(min(max_clusters, max(2, _by_size(n))))


def at_ceiling(n: int, max_clusters: int = 20) -> bool:
    """Whether ``choose_k`` holds n distinct texts to ``max_clusters``, fewer clusters than their number asks for."""
    return n >= 6 and _by_size(n) > max_clusters


def _by_size(n: int) -> int:
    return round(n / TARGET_SIZE)


def cluster_vectors(X: np.ndarray, weights: np.ndarray, n_clusters: int | None = None, max_clusters: int = 20,
                    min_size: int = 3, seed: int = 0) -> Clustering:
    """Cluster unit vectors given in a canonical order (deterministic for the same order and seed).

    Args:
        X: (n, dim) unit vectors, already centred (see ``centre``).
        weights: (n,) comments behind each vector.
        n_clusters: fixed k; ``choose_k`` when None.
    Returns:
        The clustering; clusters lighter than ``min_size`` are dissolved into their neighbours (weak fits).
    """
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    n = len(X)
    weights = np.asarray(weights, dtype=np.float64)
    if n == 0:
        return Clustering(np.zeros(0, int), np.zeros((0, X.shape[1]), np.float32), np.zeros(0), np.zeros(0, bool))
    # a fixed k never asks for clusters lighter than min_size: they would all be dissolved into one
    k = max(1, min(n_clusters, n, n // max(min_size, 1))) if n_clusters is not None else choose_k(n, max_clusters)
    with threadpool_limits(1):  # small BLAS calls on many threads are slower, and one thread is reproducible
        if k == 1:
            labels = np.zeros(n, int)
        else:
            km = KMeans(k, n_init=N_INIT, max_iter=100, random_state=seed)
            labels = km.fit(X.astype(np.float64), sample_weight=weights).labels_
            if n_clusters is None:
                labels = merge_duplicates(X, weights, labels, seed)
        labels, centres, moved = _tidy(X, weights, labels, min_size)
        similarity = np.einsum("ij,ij->i", X, centres[labels])
        weak = moved | _weak(X, weights, labels, centres)
    return Clustering(labels, centres, similarity, weak)


def _split_half(X: np.ndarray, weights: np.ndarray, rng: np.random.Generator, splits: int = SPLITS) -> float:
    """Median cosine between the mean directions of two random halves of one cluster (1.0 under 4 members)."""
    n = len(X)
    if n < 4:
        return 1.0
    found = []
    for _ in range(splits):
        order = rng.permutation(n)
        a, b = order[: n // 2], order[n // 2:]
        ca, cb = weights[a] @ X[a], weights[b] @ X[b]
        found.append(float(ca @ cb / max(np.linalg.norm(ca) * np.linalg.norm(cb), 1e-12)))
    return float(np.median(found))


def merge_duplicates(X: np.ndarray, weights: np.ndarray, labels: np.ndarray, seed: int = 0) -> np.ndarray:
    """Merge clusters whose centres are as close as the centres of two random halves of the smaller one.

    Such clusters are one topic cut in two. The closest such pair is merged first, then the
    test is repeated on the merged clustering. Seeded, so the same input gives the same merges.

    Args:
        X: (n, dim) unit vectors; weights: (n,); labels: (n,) 0 … k-1.
    Returns:
        (n,) labels 0 … k'-1 with k' <= k.
    """
    labels = np.unique(labels, return_inverse=True)[1]
    while labels.max() > 0:
        k = int(labels.max()) + 1
        rng = np.random.default_rng(seed)
        halves = np.array([_split_half(X[labels == c], weights[labels == c], rng) for c in range(k)])
        centres = _centres(X, weights, labels, k)
        sims = centres @ centres.T
        mass = np.bincount(labels, weights=weights, minlength=k)
        pairs = [(float(sims[a, b]), a, b) for a in range(k) for b in range(a + 1, k)
                 if sims[a, b] >= halves[a if mass[a] <= mass[b] else b]]
        if not pairs:
            break
        _, a, b = max(pairs)
        labels = np.unique(np.where(labels == b, a, labels), return_inverse=True)[1]
    return labels


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
