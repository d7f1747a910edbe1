"""Agreement between reviewers, and between the model and each reviewer: %, Cohen's κ, Krippendorff's α.

Primary theme: percent agreement, Cohen's κ and Krippendorff's α (nominal distance), each with a
95 % interval from a seeded bootstrap over comments (percentiles of 1,000 resamples). Theme sets
(primary + secondary): share of identical sets and Krippendorff's α with the MASI distance
(Passonneau 2006). Per theme: each theme as a binary "present or not" label, with percent
agreement, κ, nominal α and the disagreements (the theme given by one coder only). And the
disagreements on the primary theme, pair by pair of themes, with the comments.
A statistic with no variation to measure (e.g. both coders always used one theme) is undefined
and given as NaN (``null`` in JSON). So are κ, α and every interval when fewer than ``MIN_COMMON``
comments were coded by both: on a handful of comments κ swings from −1 to 1 with one answer, and a
bootstrap of them gives a narrow interval that means nothing (one comment: every resample the same).
Percent agreement and the counts are given at any n.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Callable, Hashable, Mapping, Sequence

import numpy as np

from coder.classify.metrics import cohen_kappa as kappa_of_matrix
from coder.classify.metrics import confusion_matrix

MODEL = "model"
Labels = Mapping[str, tuple[str, ...]]  # comment_id -> themes, primary first


def nominal(a: Hashable, b: Hashable) -> float:
    """Nominal distance: 0 for equal values, else 1."""
    return 0.0 if a == b else 1.0


def masi(a: frozenset, b: frozenset) -> float:
    """MASI distance between two label sets: 1 - Jaccard × monotonicity (1, 2/3, 1/3, 0)."""
    if a == b:
        return 0.0
    union = len(a | b)
    jaccard = len(a & b) / union if union else 1.0
    monotonicity = 2 / 3 if (a <= b or b <= a) else (1 / 3 if a & b else 0.0)
    return 1.0 - jaccard * monotonicity


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Share of items (in %) on which two coders gave the same value; NaN for no items."""
    return 100.0 * float(np.mean([x == y for x, y in zip(a, b)])) if len(a) else float("nan")


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's κ of two coders over the same items; NaN when there are none or chance agreement is 1."""
    if len(a) != len(b):
        raise ValueError("both coders must code the same items")
    values = sorted(set(a) | set(b), key=repr)
    return kappa_of_matrix(confusion_matrix(a, b, values))


def krippendorff_alpha(units: Sequence[Sequence[Hashable]],
                       distance: Callable[[Hashable, Hashable], float] = nominal) -> float:
    """Krippendorff's α over units, each the list of values its coders gave (any number, missing left out).

    Computed from the coincidence matrix: α = 1 − (n − 1) Σ o_vw δ_vw / Σ n_v n_w δ_vw,
    over units with at least two values; NaN when there is no variation to measure.
    """
    pairable = [list(u) for u in units if len(u) >= 2]
    values = sorted({v for u in pairable for v in u}, key=repr)
    if len(values) == 0:
        return float("nan")
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))  # (k, k) coincidences
    for u in pairable:
        for i, j in combinations(range(len(u)), 2):
            o[index[u[i]], index[u[j]]] += 1 / (len(u) - 1)
            o[index[u[j]], index[u[i]]] += 1 / (len(u) - 1)
    delta = np.array([[distance(v, w) for w in values] for v in values])  # (k, k)
    return alpha_of_coincidences(o, delta)


def alpha_of_coincidences(o: np.ndarray, delta: np.ndarray) -> float:
    """Krippendorff's α from a (k, k) coincidence matrix and a (k, k) distance matrix; NaN without variation."""
    n_v = o.sum(axis=1)
    n = n_v.sum()
    expected = float(n_v @ delta @ n_v)
    if n <= 1 or expected == 0:
        return float("nan")
    return float(1 - (n - 1) * float((o * delta).sum()) / expected)


Interval = tuple[float, float]  # 95 % bootstrap interval (NaN, NaN when undefined)
RESAMPLES = 1000
MIN_COMMON = 10  # comments coded by both, below which κ, α and intervals are not given


def bootstrap_primary(a: Sequence[Hashable], b: Sequence[Hashable], resamples: int = RESAMPLES,
                      seed: int = 0) -> tuple[Interval, Interval, Interval]:
    """95 % percentile intervals of (percent agreement, Cohen's κ, nominal α) over comments resampled with
    replacement; resamples where a statistic is undefined are left out of its interval."""
    nan = (float("nan"), float("nan"))
    if len(a) < 2:
        return nan, nan, nan
    values = sorted(set(a) | set(b), key=repr)
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    ia = np.array([index[x] for x in a])
    ib = np.array([index[x] for x in b])
    delta = 1.0 - np.eye(k)
    rng = np.random.default_rng(seed)
    out = np.full((resamples, 3), np.nan)
    for r in range(resamples):
        pick = rng.integers(0, len(ia), len(ia))
        m = np.bincount(ia[pick] * k + ib[pick], minlength=k * k).reshape(k, k)  # (k, k): rows a, columns b
        out[r] = (100.0 * np.trace(m) / m.sum(), kappa_of_matrix(m), alpha_of_coincidences(m + m.T, delta))

    def interval(column: np.ndarray) -> Interval:
        ok = column[~np.isnan(column)]
        return (float(np.percentile(ok, 2.5)), float(np.percentile(ok, 97.5))) if len(ok) else nan

    return interval(out[:, 0]), interval(out[:, 1]), interval(out[:, 2])


@dataclass(frozen=True)
class ThemeAgreement:
    """Two coders on one theme as a binary label (present or not) over the n comments both coded;
    ``a_only`` and ``b_only`` are the disagreements (the theme given by one coder and not the other)."""

    theme: str
    n: int
    a_yes: int
    b_yes: int
    percent: float
    kappa: float
    alpha: float
    a_only: int = 0
    b_only: int = 0


@dataclass(frozen=True)
class Disagreement:
    """Comments where coder a's primary theme was ``a_theme`` and coder b's was ``b_theme`` (they differ)."""

    a_theme: str
    b_theme: str
    n: int
    comments: tuple[str, ...]


@dataclass(frozen=True)
class PairAgreement:
    """Two coders (a reviewer or ``model``) over the n comments both coded."""

    a: str
    b: str
    n: int
    percent: float  # same primary theme, %
    kappa: float  # Cohen's κ, primary theme
    alpha: float  # Krippendorff's α, nominal, primary theme
    same_set: float  # identical theme sets, %
    alpha_masi: float  # Krippendorff's α, MASI distance on theme sets
    per_theme: tuple[ThemeAgreement, ...]
    percent_ci: Interval = (float("nan"), float("nan"))
    kappa_ci: Interval = (float("nan"), float("nan"))
    alpha_ci: Interval = (float("nan"), float("nan"))
    disagreements: tuple[Disagreement, ...] = ()  # on the primary theme, most frequent first


@dataclass(frozen=True)
class Agreement:
    """Every reviewer pair and model-vs-reviewer pair, and α over all reviewers together.

    ``scope`` says which comments it was measured on (``all``, ``audit``: the random audit sample,
    ``queue``: comments reviewed from the queue, outside the audit sample); ``reviewed`` is how many
    comments in scope have a reviewer's label and ``audited`` how many of those are in the audit sample.
    """

    question: str | None
    themes: tuple[str, ...]
    reviewers: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    overall_n: int  # comments coded by two or more reviewers
    overall_alpha: float  # nominal, primary theme, all reviewers (missing values allowed)
    overall_alpha_masi: float
    scope: str = "all"
    reviewed: int = 0
    audited: int = 0
    resamples: int = RESAMPLES
    seed: int = 0
    language: str = "da"  # the codebook's, for the wording of whoever prints it
    learned: int = 0  # reviewed comments left out of the model's pairs: the run's model was trained on their labels


def disagreements(common: Sequence[str], pa: Sequence[str], pb: Sequence[str]) -> tuple[Disagreement, ...]:
    """The primary-theme disagreements of two coders, grouped by (a's theme, b's theme), most frequent first."""
    groups: dict[tuple[str, str], list[str]] = {}
    for c, x, y in zip(common, pa, pb):
        if x != y:
            groups.setdefault((x, y), []).append(c)
    return tuple(Disagreement(x, y, len(ids), tuple(ids))
                 for (x, y), ids in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])))


def compare(a: str, labels_a: Labels, b: str, labels_b: Labels, themes: Sequence[str], seed: int = 0,
            resamples: int = RESAMPLES) -> PairAgreement:
    """Agreement of two coders on the comments both coded, with bootstrap intervals on the primary theme."""
    common = sorted(c for c in labels_a if c in labels_b and labels_a[c] and labels_b[c])
    pa, pb = [labels_a[c][0] for c in common], [labels_b[c][0] for c in common]
    sa, sb = [frozenset(labels_a[c]) for c in common], [frozenset(labels_b[c]) for c in common]
    per_theme = []
    for t in themes:
        ya, yb = [t in s for s in sa], [t in s for s in sb]
        per_theme.append(ThemeAgreement(t, len(common), sum(ya), sum(yb), percent_agreement(ya, yb),
                                        cohen_kappa(ya, yb), krippendorff_alpha(list(zip(ya, yb))),
                                        sum(x and not y for x, y in zip(ya, yb)),
                                        sum(y and not x for x, y in zip(ya, yb))))
    nan = float("nan")
    if len(common) < MIN_COMMON:  # too few to measure beyond chance: counts and percentages only
        per_theme = [dataclasses.replace(t, kappa=nan, alpha=nan) for t in per_theme]
        return PairAgreement(a, b, len(common), percent_agreement(pa, pb), nan, nan, percent_agreement(sa, sb), nan,
                             tuple(per_theme), disagreements=disagreements(common, pa, pb))
    ci = bootstrap_primary(pa, pb, resamples, seed)
    return PairAgreement(a, b, len(common), percent_agreement(pa, pb), cohen_kappa(pa, pb),
                         krippendorff_alpha(list(zip(pa, pb))), percent_agreement(sa, sb),
                         krippendorff_alpha(list(zip(sa, sb)), masi), tuple(per_theme), *ci,
                         disagreements(common, pa, pb))


def agreement(model: Labels, reviewers: Mapping[str, Labels], themes: Sequence[str],
              question: str | None = None, seed: int = 0, resamples: int = RESAMPLES) -> Agreement:
    """All reviewer pairs, then the model against each reviewer, then α over all reviewers."""
    names = sorted(reviewers)
    pairs = [compare(a, reviewers[a], b, reviewers[b], themes, seed, resamples) for a, b in combinations(names, 2)]
    pairs += [compare(MODEL, model, r, reviewers[r], themes, seed, resamples) for r in names]
    comments = sorted({c for r in names for c in reviewers[r]})
    units = [[reviewers[r][c] for r in names if reviewers[r].get(c)] for c in comments]
    units = [u for u in units if len(u) >= 2]
    enough = len(units) >= MIN_COMMON
    return Agreement(question, tuple(themes), tuple(names), tuple(pairs), len(units),
                     krippendorff_alpha([[u[0] for u in unit] for unit in units]) if enough else float("nan"),
                     krippendorff_alpha([[frozenset(u) for u in unit] for unit in units], masi) if enough
                     else float("nan"),
                     resamples=resamples, seed=seed)


def _clean(value: object) -> object:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def to_json(result: Agreement) -> str:
    """The agreement as JSON (NaN becomes null), with the statistics named."""
    data = {"statistics": {"primary": "percent agreement, Cohen's kappa, Krippendorff's alpha (nominal), each with "
                                      f"a 95 % percentile bootstrap interval over comments ({result.resamples} "
                                      f"resamples, seed {result.seed})",
                           "sets": "identical sets %, Krippendorff's alpha with MASI distance",
                           "per_theme": "binary present/absent: percent agreement, Cohen's kappa, "
                                        "Krippendorff's alpha (nominal); a_only/b_only: the theme given by one "
                                        "coder only",
                           "disagreements": "comments whose primary themes differ, by (a's theme, b's theme)",
                           "minimum": f"kappa, alpha and intervals are null below {MIN_COMMON} comments coded by both",
                           "scope": "all: every reviewed comment; audit: the random audit sample; queue: comments "
                                    "reviewed from the queue (outside the audit sample)"},
            **asdict(result)}
    return json.dumps(_clean(data), ensure_ascii=False, indent=2) + "\n"
