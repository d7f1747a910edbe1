"""Discover themes: cluster each question's comments, name the clusters, set them against the codebook.

Per question, only substantive comments are clustered (status ``coded`` or ``needs_review``);
answers that are equal after normalisation (``coder.text.key``) are clustered once and
carry their count as a weight. The distinct texts are sorted before anything else, so the
result does not depend on row order, and every random step is seeded.

Clusters come from ``coder.cluster.model``; keywords from ``coder.cluster.keywords``.

A cluster is NEW when most of its comments lean to no codebook theme as clearly as three
quarters of all the question's comments do (``coder.cluster.themes``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from coder.classify import EmbedFn
from coder.cluster.keywords import class_keywords, content_lemmas
from coder.cluster.map import map_2d
from coder.cluster.model import centre, cluster_vectors
from coder.cluster.themes import ThemeScorer, fit_clusters, subcode_hints
from coder.cluster.types import (
    SUBSTANTIVE,
    Answer,
    Assignment,
    Cluster,
    Discovery,
    QuestionDiscovery,
)
from coder.codebook import Codebook
from coder.text import clean, key, redact, shorten


def discover(answers: Sequence[Answer], embed: EmbedFn, codebook: Codebook | None = None, *,
             n_clusters: int | None = None, max_clusters: int = 20, seed: int = 0, quotes: int = 3) -> Discovery:
    """Cluster each question's substantive answers, name the clusters and compare them with the codebook.

    ``embed`` maps texts to unit vectors (n, dim), e.g. a cached embedder; it is called once for
    the codebook's prototypes and once per question with that question's distinct texts.
    """
    scorer = ThemeScorer(codebook, embed) if codebook is not None else None
    questions = list(dict.fromkeys(a.question for a in answers))
    found = tuple(_question(q, [a for a in answers if a.question == q], embed, scorer, n_clusters, max_clusters,
                            seed, quotes) for q in questions)
    return Discovery(found, codebook, seed)


def _question(question: str, answers: Sequence[Answer], embed: EmbedFn, scorer: ThemeScorer | None,
              n_clusters: int | None, max_clusters: int, seed: int, n_quotes: int) -> QuestionDiscovery:
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
    clustering = cluster_vectors(X, weights, n_clusters, max_clusters, seed=seed)
    redacted = {t: redact(t) for group in groups.values() for _, t in group}
    k = len(clustering.centres)
    keywords = class_keywords(content_lemmas([redacted[t] for t in texts]), weights, clustering.labels, k)
    fits, threshold = fit_clusters(scorer, raw, weights, clustering.labels, k)
    total = int(weights.sum())
    clusters = []
    for c in range(k):
        inside = np.nonzero(clustering.labels == c)[0]
        ranked = sorted(inside, key=lambda i: (bool(clustering.weak[i]), -round(float(clustering.similarity[i]), 6), i))
        size = int(weights[inside].sum())
        clusters.append(Cluster(c + 1, size, len(inside), size / total, keywords[c],
                                tuple(shorten(redacted[texts[i]]) for i in ranked[:n_quotes]), fits[c].theme,
                                fits[c].label, fits[c].similarity, fits[c].new,
                                int(weights[inside][clustering.weak[inside]].sum())))
    assignments = sorted(
        (Assignment(a.id, question, redacted[cleaned], int(clustering.labels[i]) + 1,
                    round(float(clustering.similarity[i]), 4), bool(clustering.weak[i]))
         for i, k_ in enumerate(keys) for a, cleaned in groups[k_]),
        key=lambda a: (a.cluster, a.id))
    return QuestionDiscovery(
        question, total, len(keys), len(answers) - len(substantive), int(weights[clustering.weak].sum()),
        "fixed (--clusters)" if n_clusters is not None else ("silhouette gap" if clustering.k_scores else "too few"),
        clustering.k_scores, threshold, tuple(clusters), tuple(assignments), map_2d(X, clustering.centres),
        clustering.labels + 1, weights, clustering.weak, subcode_hints(question, clusters, fits))
