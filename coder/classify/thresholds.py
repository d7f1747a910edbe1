"""Confidence thresholds for auto-coding at a target precision; the rest goes to review."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.classify.base import Labelled
from coder.classify.metrics import threshold_for_precision
from coder.classify.training import cross_validated
from coder.classify.zeroshot import ZeroShotClassifier


@dataclass(frozen=True)
class Thresholds:
    """Per-theme confidence thresholds for auto-coding at a target precision.

    Attributes:
        target: the precision asked for.
        by_theme: theme id → lowest confidence whose cross-validated precision reaches the target
            (None: no threshold does, so every comment with that primary theme needs review).
        precision: theme id → cross-validated precision of the comments it would auto-code.
        calibrated: False when there were no labels, so thresholds are raw confidences and the
            precision cannot be guaranteed.
    """

    target: float
    by_theme: dict[str, float | None]
    precision: dict[str, float | None]
    calibrated: bool
    cv_precision_overall: float | None = None
    cv_coverage_overall: float | None = None

    def auto(self, theme: str, confidence: float) -> bool:
        t = self.by_theme.get(theme)
        return t is not None and confidence >= t


def thresholds_from_labels(prior: ZeroShotClassifier, labelled: Labelled, examples: Labelled | None, target: float,
                           folds: int = 5, seed: int = 0) -> Thresholds:
    """Per-theme thresholds from cross-validated predictions on the labelled comments."""
    folds = max(2, min(folds, len(labelled.gold)))
    cv = cross_validated(prior, labelled, examples, folds, seed)
    coding = cv.coding
    gold = np.array(labelled.primary)
    pred = np.array(coding.primary)
    by_theme: dict[str, float | None] = {}
    precision: dict[str, float | None] = {}
    auto = np.zeros(len(gold), bool)
    for theme in prior.classes_:
        mask = pred == theme
        thr = threshold_for_precision(coding.confidence[mask], gold[mask] == theme, target, min_n=3)
        by_theme[str(theme)] = thr
        if thr is not None:
            sel = mask & (coding.confidence >= thr)
            auto |= sel
            precision[str(theme)] = float((gold[sel] == theme).mean())
        else:
            precision[str(theme)] = None
    overall = float((gold[auto] == pred[auto]).mean()) if auto.any() else None
    return Thresholds(target, by_theme, precision, True, overall, float(auto.mean()))


def uncalibrated_thresholds(prior: ZeroShotClassifier, target: float) -> Thresholds:
    """Without labels: auto-code only at confidence ≥ target, with no guarantee at all."""
    return Thresholds(target, {str(t): target for t in prior.classes_}, {str(t): None for t in prior.classes_}, False)
