"""Labels for `coder code`: gather them (gold column, reviewer decisions), train, pick review thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from coder.classify import ZeroShotClassifier
from coder.evaluate import EmbedFn, Labelled, codebook_examples, concat, cross_validated, train
from coder.learn import Features, ThemeClassifier
from coder.metrics import threshold_for_precision
from coder.text import key


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


def human_labelled(texts: Sequence[str], themes: Sequence[tuple[str, ...]], embed: EmbedFn,
                   known: set[str], questions: Sequence[str] | None = None) -> Labelled | None:
    """Reviewer decisions as labelled data (themes outside the codebook are skipped)."""
    qs = list(questions) if questions is not None else ["review"] * len(texts)
    keep = [(t, th, q) for t, th, q in zip(texts, themes, qs) if th and all(x in known for x in th) and t.strip()]
    if not keep:
        return None
    return Labelled(Features(embed([t for t, _, _ in keep]), tuple(t for t, _, _ in keep)),
                    tuple(th for _, th, _ in keep), tuple(q for _, _, q in keep))


MIN_LABELS_PER_QUESTION = 50


def confusions(learner: ThemeClassifier, labelled: Labelled) -> dict[str, np.ndarray]:
    """Out-of-fold confusion per question (where it has ≥ 50 labelled answers) and pooled under ``""``.

    A question's own confusion corrects its shares better, since how often the classifier
    mistakes one theme for another differs between questions; with few labels the pooled one is steadier.
    """
    k = len(learner.classes_)
    pairs = learner.oof_pairs_
    out = {"": learner.confusion_}
    for q in dict.fromkeys(labelled.questions):
        idx = [i for i, qq in enumerate(labelled.questions) if qq == q and i < len(pairs)]
        if len(idx) >= MIN_LABELS_PER_QUESTION:
            m = np.zeros((k, k), dtype=np.int64)
            np.add.at(m, (pairs[idx, 0], pairs[idx, 1]), 1)
            out[q] = m
    return out


def merge(first: Labelled | None, second: Labelled | None) -> Labelled | None:
    """Both sets; where the same text (after normalisation) is in both, the first wins."""
    if first is None or second is None:
        return first or second
    seen = {key(t) for t in first.features.texts}
    idx = [i for i, t in enumerate(second.features.texts) if key(t) not in seen]
    return concat(first, second.take(idx)) if idx else first


def fit_classifier(prior: ZeroShotClassifier, labelled: Labelled, embed: EmbedFn, seed: int = 0) -> ThemeClassifier:
    """Train on the labels plus the codebook's own examples."""
    return train(prior, labelled, codebook_examples(prior.codebook, embed), seed)


def thresholds_from_labels(prior: ZeroShotClassifier, labelled: Labelled, embed: EmbedFn, target: float,
                           folds: int = 5, seed: int = 0) -> Thresholds:
    """Per-theme thresholds from cross-validated predictions on the labelled comments."""
    folds = max(2, min(folds, len(labelled.gold)))
    cv = cross_validated(prior, labelled, codebook_examples(prior.codebook, embed), folds, seed)
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
