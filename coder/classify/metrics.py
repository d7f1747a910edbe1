"""Agreement between predicted and gold theme labels: the numbers an evaluation reports.

Labels are theme ids; a multi-label item is a tuple of ids, primary first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class ThemeScore:
    """Precision, recall and F1 of one theme as primary label, with its gold support."""

    theme: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scores:
    """Scores of predicted against gold labels for n items over the themes ``labels``."""

    n: int
    accuracy: float
    macro_f1: float
    kappa: float
    lenient_accuracy: float  # predicted primary is any of the gold themes
    multi_micro_f1: float  # on the full label sets
    multi_macro_f1: float
    share_error: float  # mean over themes of |predicted - gold primary share|, percentage points
    share_errors: dict[str, float]
    per_theme: tuple[ThemeScore, ...]
    labels: tuple[str, ...]
    confusion: np.ndarray  # (k, k) counts, rows = gold, columns = predicted


def confusion_matrix(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Counts (k, k): rows gold, columns predicted."""
    index = {t: i for i, t in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for g, p in zip(gold, pred):
        m[index[g], index[p]] += 1
    return m


def cohen_kappa(m: np.ndarray) -> float:
    """Cohen's κ from a (k, k) agreement matrix; NaN when there are no items or chance agreement is 1
    (both raters used one and the same label, so there is no variation to measure)."""
    n = m.sum()
    if n == 0:
        return float("nan")
    po = np.trace(m) / n
    pe = float((m.sum(axis=1) * m.sum(axis=0)).sum()) / (n * n)
    return float("nan") if math.isclose(pe, 1.0) else float((po - pe) / (1 - pe))


def macro_f1(gold: Sequence[object], pred: Sequence[object]) -> float:
    """Mean F1 of the primary label over the labels that occur in gold or predictions (scikit-learn's
    convention without ``labels``), so a theme nobody used does not count as F1 = 0."""
    gold, pred = np.asarray(gold), np.asarray(pred)
    f = []
    for c in np.union1d(gold, pred):
        tp = float(np.sum((pred == c) & (gold == c)))
        f.append(_prf(tp, float(np.sum(pred == c)) - tp, float(np.sum(gold == c)) - tp)[2])
    return float(np.mean(f)) if f else 0.0


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def multilabel_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]],
                  labels: Sequence[str]) -> tuple[float, float]:
    """(micro-F1, macro-F1) over label sets; macro averages the themes present in gold or predictions."""
    tp = {t: 0 for t in labels}
    fp = dict(tp)
    fn = dict(tp)
    for g, p in zip(gold, pred):
        gs, ps = set(g), set(p)
        for t in labels:
            tp[t] += t in gs and t in ps
            fp[t] += t not in gs and t in ps
            fn[t] += t in gs and t not in ps
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))[2]
    used = [t for t in labels if tp[t] + fp[t] + fn[t]]
    macro = float(np.mean([_prf(tp[t], fp[t], fn[t])[2] for t in used])) if used else 0.0
    return micro, macro


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], labels: Sequence[str]) -> Scores:
    """All scores; ``gold`` and ``pred`` are label tuples, primary first.

    Macro-F1 averages over the themes that occur in gold or predictions (scikit-learn's
    convention when ``labels`` is not given), so an unused theme does not count as F1 = 0.
    """
    labels = tuple(labels)
    g1 = [g[0] for g in gold]
    p1 = [p[0] for p in pred]
    m = confusion_matrix(g1, p1, labels)
    n = int(m.sum())
    per = []
    for i, t in enumerate(labels):
        p, r, f = _prf(m[i, i], m[:, i].sum() - m[i, i], m[i, :].sum() - m[i, i])
        per.append(ThemeScore(t, p, r, f, int(m[i, :].sum())))
    shares = {t: abs(m[:, i].sum() - m[i, :].sum()) / n * 100 if n else 0.0 for i, t in enumerate(labels)}
    micro, multi_macro = multilabel_f1(gold, pred, labels)
    return Scores(
        n=n,
        accuracy=float(np.trace(m) / n) if n else float("nan"),
        macro_f1=macro_f1(g1, p1),
        kappa=cohen_kappa(m),
        lenient_accuracy=float(np.mean([p[0] in g for g, p in zip(gold, pred)])) if n else float("nan"),
        multi_micro_f1=micro,
        multi_macro_f1=multi_macro,
        share_error=float(np.mean(list(shares.values()))) if shares else 0.0,
        share_errors=shares,
        per_theme=tuple(per),
        labels=labels,
        confusion=m,
    )


@dataclass(frozen=True)
class AutomationPoint:
    """At confidence ≥ threshold: the share of items auto-coded and the precision on them."""

    threshold: float
    coverage: float
    precision: float
    n: int


def automation_curve(confidence: np.ndarray, correct: np.ndarray,
                     thresholds: Sequence[float] | None = None) -> list[AutomationPoint]:
    """Coverage and precision of the items at or above each confidence threshold.

    Args:
        confidence: (n,) confidence of each prediction.
        correct: (n,) bool, whether each prediction is right.
    """
    if thresholds is None:
        thresholds = [round(x, 2) for x in np.arange(0.0, 1.0, 0.05)]
    points = []
    for t in thresholds:
        keep = confidence >= t
        k = int(keep.sum())
        points.append(AutomationPoint(float(t), k / len(confidence) if len(confidence) else 0.0,
                                      float(correct[keep].mean()) if k else float("nan"), k))
    return points


def threshold_for_precision(confidence: np.ndarray, correct: np.ndarray, target: float,
                            min_n: int = 5) -> float | None:
    """The lowest confidence threshold whose auto-coded items reach ``target`` precision.

    Scans the distinct confidences from high to low and keeps the lowest threshold at
    which the precision of everything above it is still ≥ target (with at least
    ``min_n`` items). None when no threshold reaches the target.
    """
    order = np.argsort(-confidence, kind="stable")
    conf, ok = confidence[order], correct[order].astype(float)
    hits = np.cumsum(ok)
    best = None
    for i in range(len(conf)):
        if i + 1 < len(conf) and conf[i + 1] == conf[i]:
            continue  # only cut between distinct confidences
        if i + 1 >= min_n and hits[i] / (i + 1) >= target:
            best = float(conf[i])
    return best


@dataclass(frozen=True)
class ReliabilityBin:
    """Items whose confidence falls in [low, high): how many, their mean confidence, and how many were right."""

    low: float
    high: float
    n: int
    confidence: float
    accuracy: float


def reliability(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> list[ReliabilityBin]:
    """The reliability diagram's bins (equal width over 0–1; the last includes 1). confidence, correct: (n,)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    out = []
    for low, high in zip(edges[:-1], edges[1:]):
        m = (confidence >= low) & ((confidence < high) | (high == 1.0))
        n = int(m.sum())
        out.append(ReliabilityBin(float(low), float(high), n, float(confidence[m].mean()) if n else float("nan"),
                                  float(correct[m].mean()) if n else float("nan")))
    return out


def calibration_error(bins: Sequence[ReliabilityBin]) -> float:
    """Expected calibration error: |accuracy − confidence| per bin, weighted by the bin's share of items."""
    total = sum(b.n for b in bins)
    return float(sum(b.n * abs(b.accuracy - b.confidence) for b in bins if b.n) / total) if total else float("nan")
