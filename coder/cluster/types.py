"""What discovery hands out: answers in, clusters with keywords, quotes and nearest theme out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.cluster.phrases import say, wording_of
from coder.codebook import Codebook
from coder.text import CODED, NEEDS_REVIEW
from coder.wording import Wording

SUBSTANTIVE = (CODED, NEEDS_REVIEW)
NEW = "NEW"


@dataclass(frozen=True)
class Answer:
    """One answer to one question, as read: respondent id, question, text and status (coder.text)."""

    id: str
    question: str
    text: str
    status: str


@dataclass(frozen=True)
class Cluster:
    """One group of similar comments.

    Attributes:
        number: 1 = largest (the "andet/ros" group comes last).
        size: comments in it, repeats included; ``distinct`` counts different texts.
        share: size / all clustered comments of the question (0–1).
        keywords: Danish terms that set it apart, best first.
        quotes: up to five redacted example answers, most typical first.
        theme: nearest codebook theme id (None without a codebook); ``new`` when the codebook does not
            explain it (``coder.cluster.explain``).
        similarity: mean score of its comments for that theme (the classifier's cosine scale).
        fit: how well the codebook explains it; NEW when at or below the question's ``fit_threshold``.
        praise: the "andet/ros" group of praise and short answers (never NEW).
        second: a theme that shares the cluster with the nearest one, or None.
        named: for a NEW cluster, (keyword, theme, the codebook's keyword) when one of its first keywords is, or
            holds, that theme's keyword in the codebook (``coder.cluster.explain.named_by``): the codebook may
            cover it already. Else None.
    """

    number: int
    size: int
    distinct: int
    share: float
    keywords: tuple[str, ...]
    quotes: tuple[str, ...]
    theme: str | None
    theme_label: str | None
    similarity: float | None
    new: bool
    weak: int
    fit: float | None = None
    praise: bool = False
    second: str | None = None
    named: tuple[str, str, str] | None = None

    @property
    def label(self) -> str:
        return ", ".join(self.keywords[:3]) or f"klynge {self.number}"


@dataclass(frozen=True)
class Assignment:
    """One comment's cluster; ``similarity`` is its cosine to the cluster centre (centred vectors)."""

    id: str
    question: str
    text: str
    cluster: int
    similarity: float
    weak: bool
    status: str = CODED  # as read: coded or needs_review (only substantive comments are clustered)


@dataclass(frozen=True)
class LeftOut:
    """A comment that is not clustered: empty or a non-answer (``status``), kept so every row is accounted for."""

    id: str
    text: str
    status: str


@dataclass(frozen=True)
class QuestionDiscovery:
    """The clusters of one question.

    Attributes:
        k_chosen_by: ``fixed``, ``capped`` (fewer than ``--clusters`` asked: each cluster needs ``MIN_SIZE`` texts),
            ``size`` (from the number of texts), ``max`` (from the number of texts, held at the most clusters there
            may be) or ``few`` (one cluster).
        fit_threshold: a cluster whose fit is at or below this is NEW (None without a codebook).
        points: (distinct, 2) float array, a PCA map of the distinct texts (canonical order).
        point_cluster: (distinct,) int array, cluster number of each point.
        point_weight: (distinct,) int array, comments behind each point.
        point_weak: (distinct,) bool array.
        hints: sentences on themes that share a cluster or spread over several.
        left_out: the comments not clustered (empty or non-answers), so clusters.csv accounts for every row.
    """

    question: str
    comments: int
    distinct: int
    excluded: int
    weak: int
    k_chosen_by: str
    fit_threshold: float | None
    clusters: tuple[Cluster, ...]
    assignments: tuple[Assignment, ...]
    points: np.ndarray
    point_cluster: np.ndarray
    point_weight: np.ndarray
    point_weak: np.ndarray
    hints: tuple[str, ...]
    left_out: tuple[LeftOut, ...] = ()  # the empty and non-answers, by id


@dataclass(frozen=True)
class Discovery:
    """Clusters of every question, with the codebook they were compared with (may be None).

    ``locale`` ("da" or "en") overrides the language a reader gets; None: the codebook's (Danish without one).
    """

    questions: tuple[QuestionDiscovery, ...]
    codebook: Codebook | None
    seed: int
    locale: str | None = None

    @property
    def wording(self) -> Wording:
        """The wording every file and table of this discovery is written in."""
        return wording_of(self.codebook, self.locale)


def cluster_name(c: Cluster, w: Wording) -> str:
    """Its keywords, or "ros og korte svar" (with its keywords, when it has any) for the "andet/ros" group."""
    if c.praise:
        return f"{say(w, 'praise')}: {', '.join(c.keywords[:3])}" if c.keywords else say(w, "praise")
    return c.label
