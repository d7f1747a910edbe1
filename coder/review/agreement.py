"""Agreement between reviewers, and between the model and each reviewer: %, Cohen's κ, Krippendorff's α.

Primary theme: percent agreement, Cohen's κ and Krippendorff's α (nominal distance).
Theme sets (primary + secondary): share of identical sets and Krippendorff's α with the
MASI distance (Passonneau 2006). Per theme: each theme as a binary "present or not" label,
with percent agreement, κ and nominal α. A statistic with no variation to measure
(e.g. both coders always used one theme) is undefined and given as NaN (``null`` in JSON).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Callable, Hashable, Mapping, Sequence

import numpy as np

from coder.classify.metrics import cohen_kappa as kappa_of_matrix
from coder.classify.metrics import confusion_matrix
from coder.errors import ProjectError
from coder.store import Store

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
    n_v = o.sum(axis=1)
    n = n_v.sum()
    expected = float(n_v @ delta @ n_v)
    if n <= 1 or expected == 0:
        return float("nan")
    return float(1 - (n - 1) * float((o * delta).sum()) / expected)


@dataclass(frozen=True)
class ThemeAgreement:
    """Two coders on one theme as a binary label (present or not) over the n comments both coded."""

    theme: str
    n: int
    a_yes: int
    b_yes: int
    percent: float
    kappa: float
    alpha: float


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


@dataclass(frozen=True)
class Agreement:
    """Every reviewer pair and model-vs-reviewer pair, and α over all reviewers together."""

    question: str | None
    themes: tuple[str, ...]
    reviewers: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    overall_n: int  # comments coded by two or more reviewers
    overall_alpha: float  # nominal, primary theme, all reviewers (missing values allowed)
    overall_alpha_masi: float


def compare(a: str, labels_a: Labels, b: str, labels_b: Labels, themes: Sequence[str]) -> PairAgreement:
    """Agreement of two coders on the comments both coded."""
    common = sorted(c for c in labels_a if c in labels_b and labels_a[c] and labels_b[c])
    pa, pb = [labels_a[c][0] for c in common], [labels_b[c][0] for c in common]
    sa, sb = [frozenset(labels_a[c]) for c in common], [frozenset(labels_b[c]) for c in common]
    per_theme = []
    for t in themes:
        ya, yb = [t in s for s in sa], [t in s for s in sb]
        per_theme.append(ThemeAgreement(t, len(common), sum(ya), sum(yb), percent_agreement(ya, yb),
                                        cohen_kappa(ya, yb), krippendorff_alpha(list(zip(ya, yb)))))
    return PairAgreement(a, b, len(common), percent_agreement(pa, pb), cohen_kappa(pa, pb),
                         krippendorff_alpha(list(zip(pa, pb))), percent_agreement(sa, sb),
                         krippendorff_alpha(list(zip(sa, sb)), masi), tuple(per_theme))


def agreement(model: Labels, reviewers: Mapping[str, Labels], themes: Sequence[str],
              question: str | None = None) -> Agreement:
    """All reviewer pairs, then the model against each reviewer, then α over all reviewers."""
    names = sorted(reviewers)
    pairs = [compare(a, reviewers[a], b, reviewers[b], themes) for a, b in combinations(names, 2)]
    pairs += [compare(MODEL, model, r, reviewers[r], themes) for r in names]
    comments = sorted({c for r in names for c in reviewers[r]})
    units = [[reviewers[r][c] for r in names if reviewers[r].get(c)] for c in comments]
    units = [u for u in units if len(u) >= 2]
    return Agreement(question, tuple(themes), tuple(names), tuple(pairs), len(units),
                     krippendorff_alpha([[u[0] for u in unit] for unit in units]),
                     krippendorff_alpha([[frozenset(u) for u in unit] for unit in units], masi))


def project_agreement(project: Path, question: str | None = None) -> Agreement:
    """Agreement in a project's current run, from its decision log (optionally for one question)."""
    store = Store.open_project(project)
    try:
        run = store.current_run()
        if question is not None and question not in run.questions:
            raise ProjectError(f"--question {question}: no such question; the project has {', '.join(run.questions)}")
        keep = {r.comment_id for r in store.rows(run.run_id) if question in (None, r.question)}
        model = {c: t for c, t in store.model_labels(run.run_id).items() if c in keep}
        reviewers = {r: {c: t for c, t in labels.items() if c in keep}
                     for r, labels in store.reviewer_labels().items()}
        themes = run.codebook.ids
    finally:
        store.close()
    if not any(reviewers.values()):
        raise ProjectError(f"{project}: no reviewer decisions yet; run 'coder review {project} --reviewer NAME' first")
    return agreement(model, {r: labels for r, labels in reviewers.items() if labels}, themes, question)


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
    data = {"statistics": {"primary": "percent agreement, Cohen's kappa, Krippendorff's alpha (nominal)",
                           "sets": "identical sets %, Krippendorff's alpha with MASI distance",
                           "per_theme": "binary present/absent: percent agreement, Cohen's kappa, "
                                        "Krippendorff's alpha (nominal)"},
            **asdict(result)}
    return json.dumps(_clean(data), ensure_ascii=False, indent=2) + "\n"
