"""Set clusters against the codebook: nearest theme, NEW when none fits, sub-code hints, draft themes.

Comments are scored against every substantive theme exactly as the classifier scores them
(``coder.classify``: best prototype and theme centroid, cosine scale). e5 puts every Danish
text at cosine 0.8–0.9 to everything, and short or very specific texts lower all their
cosines at once, so no cosine constant is used. Each comment's scores are centred on its
own mean over the themes: what is left says how much it leans to each theme. A cluster's
nearest theme is the one its comments lean to most on average; the cluster is NEW when the
(weighted) median of its comments' strongest lean is below the lower quartile of the
strongest leans of all the question's comments — most of them lean to no theme as clearly
as three quarters of all comments do. A theme is a candidate for sub-codes when several
clusters lean to it clearly: their median comment leans to it more than three quarters of
the comments in clusters nearest to other themes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from coder.classify import EmbedFn, zero_shot
from coder.cluster.types import Cluster, Discovery
from coder.codebook import Codebook, Theme
from coder.text import slug

NEW_QUANTILE = 0.25


@dataclass(frozen=True)
class ThemeFit:
    """A cluster's nearest substantive theme and whether the codebook misses it."""

    theme: str | None
    label: str | None
    similarity: float | None
    new: bool
    clear: bool = False  # its median comment leans to the theme more than 3/4 of the other themes' clusters' comments


class ThemeScorer:
    """Scores raw (uncentred) unit vectors against a codebook's substantive themes."""

    def __init__(self, codebook: Codebook, embed: EmbedFn) -> None:
        self.codebook = codebook
        self.classifier = zero_shot(codebook, embed)
        self.columns = [j for j, t in enumerate(codebook.themes) if not t.catch_all]
        self.theme_ids = tuple(codebook.ids[j] for j in self.columns)

    def scores(self, X: np.ndarray) -> np.ndarray:
        """X: (n, dim) unit vectors. Returns (n, themes) scores on the cosine scale (no keyword bonus)."""
        return self.classifier.raw_scores(X)[:, self.columns]


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of values where each counts ``weights`` times. values, weights: (n,)."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, q * cum[-1], side="left")])


def fit_clusters(scorer: ThemeScorer | None, X: np.ndarray, weights: np.ndarray, labels: np.ndarray,
                 k: int) -> tuple[tuple[ThemeFit, ...], float | None]:
    """Nearest theme of each cluster and whether it is NEW.

    Args:
        X: (n, dim) raw unit vectors of the distinct comments.
        weights: (n,) comments behind each vector.
        labels: (n,) cluster index 0 … k-1.
    Returns:
        (one ThemeFit per cluster with the mean score of its comments for the nearest theme,
        the NEW threshold on the lean) — all NEW and no threshold without themes.
    """
    if scorer is None or not scorer.theme_ids or len(X) == 0:
        return tuple(ThemeFit(None, None, None, True) for _ in range(k)), None
    scores = scorer.scores(X)
    lean = scores - scores.mean(axis=1, keepdims=True)
    strongest = lean.max(axis=1)
    threshold = weighted_quantile(strongest, weights, NEW_QUANTILE)
    nearest = []
    for c in range(k):
        inside = labels == c
        nearest.append(int(np.argmax((lean[inside] * weights[inside, None]).sum(axis=0))))
    fits = []
    for c, j in enumerate(nearest):
        inside, w = labels == c, weights[labels == c]
        others = np.isin(labels, [d for d in range(k) if nearest[d] != j])
        clear = bool(others.any()) and (weighted_quantile(lean[inside, j], w, 0.5)
                                        >= weighted_quantile(lean[others, j], weights[others], 1 - NEW_QUANTILE))
        theme = scorer.theme_ids[j]
        similarity = round(float((scores[inside, j] * w).sum() / w.sum()), 4)
        new = weighted_quantile(strongest[inside], w, 0.5) < threshold
        fits.append(ThemeFit(theme, scorer.codebook.label(theme), similarity, new, clear))
    return tuple(fits), round(threshold, 5)


def subcode_hints(question: str, clusters: Sequence[Cluster], fits: Sequence[ThemeFit]) -> tuple[str, ...]:
    """A line for each theme that several clusters clearly lean to (``ThemeFit.clear``): a candidate for sub-codes."""
    by_theme: dict[str, list[int]] = {}
    for c, fit in zip(clusters, fits):
        if fit.theme is not None and fit.clear and not fit.new:
            by_theme.setdefault(fit.theme, []).append(c.number)
    hints = []
    for theme, numbers in by_theme.items():
        if len(numbers) > 1:
            parts = "; ".join(f"{n} ({clusters[n - 1].label})" for n in numbers)
            hints.append(f"{question}: theme '{theme}' spans clusters {parts} — a candidate for sub-codes")
    return tuple(hints)


def theme_id(words: Sequence[str]) -> str:
    """An id such as ``koersel_transport`` from a few words; ids start with a letter."""
    ident = slug(" ".join(words), "_", "tema")
    return ident if ident[0].isalpha() else f"tema_{ident}"


def draft_codebook(discovery: Discovery) -> Codebook | None:
    """The NEW clusters as draft themes (a codebook ``coder codebook check`` accepts), or None if there are none."""
    taken = set(discovery.codebook.ids) if discovery.codebook else set()
    themes = []
    for q in discovery.questions:
        for c in q.clusters:
            if not c.new:
                continue
            base = theme_id(c.keywords[:2]) if c.keywords else f"tema_{slug(q.question, '_', 'x')}_{c.number}"
            ident, n = base, 2
            while ident in taken:
                ident, n = f"{base}_{n}", n + 1
            taken.add(ident)
            nearest = f"; nærmeste tema {c.theme} ({c.similarity:.3f})" if c.theme else ""
            themes.append(Theme(
                id=ident, label=(c.label[:1].upper() + c.label[1:]) if c.keywords else f"Klynge {c.number}",
                description=(f"UDKAST – beskriv temaet. Fundet af coder discover: klynge {c.number} i "
                             f"'{q.question}', {c.size} kommentarer ({c.share:.0%}){nearest}."),
                keywords=c.keywords[:6], examples=c.quotes))
    if not themes:
        return None
    base_name = discovery.codebook.name if discovery.codebook else "ingen kodebog"
    return Codebook(name=f"Forslag til nye temaer ({base_name})", version="udkast",
                    language=discovery.codebook.language if discovery.codebook else "da",
                    description="Klynger som kodebogen ikke dækker godt. Ret label og beskrivelse, "
                                "og kopier de temaer der giver mening ind i kodebogen.",
                    themes=tuple(themes))
