"""Discover themes: cluster each question's comments, name the clusters, set them against the codebook.

Per question, only substantive comments are clustered (status ``coded`` or ``needs_review``);
answers that are equal after normalisation (``coder.text.key``) are clustered once and
carry their count as a weight. The distinct texts are sorted before anything else, so the
result does not depend on row order, and every random step is seeded.

Praise and short answers that name no topic go to one "andet/ros" group first
(``coder.cluster.praise``); the rest is clustered by ``coder.cluster.model``. Keywords come
from ``coder.cluster.keywords``; nearest theme and NEW from ``coder.cluster.explain``; hints and
draft themes from ``coder.cluster.themes``. Every comment ends up in exactly one cluster.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from coder.classify import EmbedFn
from coder.cluster.explain import ThemeScorer, fit_clusters, keyword_themes, named_by
from coder.cluster.keywords import Words, class_keywords, terms, words
from coder.cluster.map import map_2d
from coder.cluster.model import Clustering, at_ceiling, centre, cluster_vectors
from coder.cluster.phrases import wording_of
from coder.cluster.praise import praise_or_short
from coder.cluster.themes import hints
from coder.cluster.types import (
    SUBSTANTIVE,
    Answer,
    Assignment,
    Cluster,
    Discovery,
    LeftOut,
    QuestionDiscovery,
)
from coder.codebook import Codebook
from coder.text import clean, key, redact, shorten
from coder.wording import Wording

MIN_SIZE = 3  # comments a cluster (and the "andet/ros" group) needs to stand on its own


def discover(answers: Sequence[Answer], embed: EmbedFn, codebook: Codebook | None = None, *,
             n_clusters: int | None = None, max_clusters: int = 20, seed: int = 0, quotes: int = 5,
             locale: str | None = None) -> Discovery:
    """Cluster each question's substantive answers, name the clusters and compare them with the codebook.

    ``embed`` maps texts to unit vectors (n, dim), e.g. a cached embedder; it is called once for
    the codebook's prototypes and once per question with that question's distinct texts.
    ``n_clusters`` fixes the number of clusters per question, the "andet/ros" group included. ``locale``
    ("da" or "en") overrides the codebook's language in every sentence of the result.
    """
    scorer = ThemeScorer(codebook, embed) if codebook is not None else None
    codebook_terms = keyword_themes(codebook) if codebook is not None else {}
    wording = wording_of(codebook, locale)
    questions = list(dict.fromkeys(a.question for a in answers))
    found = tuple(_question(q, [a for a in answers if a.question == q], embed, scorer, n_clusters, max_clusters,
                            seed, quotes, wording, codebook_terms) for q in questions)
    return Discovery(found, codebook, seed, locale)


def _split_praise(tokenised: Sequence[Words], weights: np.ndarray, n_clusters: int | None) -> np.ndarray:
    """(n,) bool: the answers of the "andet/ros" group, or none when it would be too small or all there is."""
    praise = praise_or_short(tokenised, weights)
    if weights[praise].sum() < MIN_SIZE or n_clusters == 1:
        return np.zeros(len(tokenised), bool)
    return praise


def _cluster(X: np.ndarray, weights: np.ndarray, praise: np.ndarray, n_clusters: int | None, max_clusters: int,
             seed: int) -> tuple[Clustering, int | None]:
    """Cluster the answers outside the "andet/ros" group and add the group as the last cluster.

    Returns:
        (the clustering of all n answers, the group's cluster index or None).
    """
    rest = np.nonzero(~praise)[0]
    wanted = None if n_clusters is None else max(1, n_clusters - int(praise.any()))
    inner = cluster_vectors(X[rest], weights[rest], wanted, max_clusters, MIN_SIZE, seed)
    if not praise.any():
        return inner, None
    k = len(inner.centres)
    labels = np.full(len(X), k)
    labels[rest] = inner.labels
    mean = weights[praise] @ X[praise]
    centre_ = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
    centres = np.vstack([inner.centres, centre_[None, :]]) if k else centre_[None, :]
    similarity = np.einsum("ij,ij->i", X, centres[labels])
    weak = np.zeros(len(X), bool)
    weak[rest] = inner.weak
    return Clustering(labels, centres, similarity, weak), k


def _question(question: str, answers: Sequence[Answer], embed: EmbedFn, scorer: ThemeScorer | None,
              n_clusters: int | None, max_clusters: int, seed: int, n_quotes: int,
              wording: Wording, codebook_terms: dict[str, str]) -> QuestionDiscovery:
    """Cluster one question's answers (see ``discover``)."""
    substantive = [a for a in answers if a.status in SUBSTANTIVE]
    groups: dict[str, list[tuple[Answer, str]]] = {}
    for a in substantive:
        cleaned = clean(a.text)
        groups.setdefault(key(cleaned), []).append((a, cleaned))
    keys = sorted(groups)
    texts = [min(cleaned for _, cleaned in groups[k]) for k in keys]
    weights = np.array([len(groups[k]) for k in keys], dtype=np.int64)
    raw = np.asarray(embed(texts), dtype=np.float32) if texts else np.zeros((0, 1), np.float32)
    X = centre(raw) if len(texts) > 1 else raw
    redacted = {t: redact(t, wording.locale) for group in groups.values() for _, t in group}
    tokenised = words([redacted[t] for t in texts])
    praise = _split_praise(tokenised, weights, n_clusters) if texts else np.zeros(0, bool)
    clustering, praise_label = _cluster(X, weights, praise, n_clusters, max_clusters, seed)
    k = len(clustering.centres)
    found_terms = terms(tokenised)
    keywords = class_keywords(found_terms.docs, weights, clustering.labels, k, shown=found_terms.shown)
    skip = () if praise_label is None else (praise_label,)
    fits, threshold = fit_clusters(scorer, raw, texts, weights, clustering.labels, k, skip)
    named = [named_by(keywords[c], codebook_terms) if fits[c].new else None for c in range(k)]
    total = int(weights.sum())
    clusters = []
    for c in range(k):
        inside = np.nonzero(clustering.labels == c)[0]
        ranked = sorted(inside, key=lambda i: (bool(clustering.weak[i]), -round(float(clustering.similarity[i]), 6), i))
        size = int(weights[inside].sum())
        f = fits[c]
        clusters.append(Cluster(c + 1, size, len(inside), size / total, keywords[c],
                                tuple(shorten(redacted[texts[i]]) for i in ranked[:n_quotes]), f.theme, f.label,
                                f.similarity, f.new,
                                int(weights[inside][clustering.weak[inside]].sum()), f.fit, c == praise_label, f.second,
                                named[c]))
    assignments = sorted(
        (Assignment(a.id, question, redacted[cleaned], int(clustering.labels[i]) + 1,
                    round(float(clustering.similarity[i]), 4), bool(clustering.weak[i]), a.status)
         for i, k_ in enumerate(keys) for a, cleaned in groups[k_]),
        key=lambda a: (a.cluster, a.id))
    clustered = len(keys) - int(praise.sum())
    how = ("max" if n_clusters is None and k - len(skip) > 1 and at_ceiling(clustered, max_clusters)
           else "size" if n_clusters is None and k - len(skip) > 1 else "few" if n_clusters is None
           else "fixed" if k == n_clusters else "capped")
    return QuestionDiscovery(
        question, total, len(keys), len(answers) - len(substantive), int(weights[clustering.weak].sum()), how,
        threshold, tuple(clusters), tuple(assignments), map_2d(X, clustering.centres), clustering.labels + 1,
        weights, clustering.weak, hints(question, clusters, fits, wording),
        tuple(sorted((LeftOut(a.id, redact(clean(a.text), wording.locale), a.status) for a in answers
                      if a.status not in SUBSTANTIVE), key=lambda x: x.id)))
