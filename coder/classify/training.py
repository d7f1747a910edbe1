"""Training and cross-validating the learning classifier, and the error counts that correct shares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.classify.base import Coding, Labelled, decide, stratified_folds
from coder.classify.learned import ThemeClassifier
from coder.classify.shares import adjusted_shares
from coder.classify.zeroshot import ZeroShotClassifier


def train(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None, seed: int = 0) -> ThemeClassifier:
    """A ThemeClassifier fitted on labelled comments plus (as non-real items) the codebook's examples."""
    return ThemeClassifier(prior, examples, seed=seed).fit(data)


@dataclass(frozen=True)
class CrossValidated:
    """Out-of-fold codings, and the error-corrected shares each fold's model gives its test fold.

    Attributes:
        coding: every comment coded by a model that never saw its label.
        corrected: (k,) corrected shares, averaged over folds weighted by fold size.
    """

    coding: Coding
    corrected: np.ndarray


def cross_validated(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None, folds: int = 5,
                    seed: int = 0) -> CrossValidated:
    """k-fold cross-validation of the learning classifier and of its share correction."""
    k = len(prior.classes_)
    proba = np.zeros((len(data), k))
    corrected = np.zeros(k)
    for test in stratified_folds(data.primary, folds, seed):
        train_idx = np.setdiff1d(np.arange(len(data)), test)
        clf = train(prior, data.take(train_idx), examples, seed)
        proba[test] = clf.predict_proba(data.features.take(test))
        counts = np.bincount(proba[test].argmax(axis=1), minlength=k).astype(float)
        corrected += adjusted_shares(counts, clf.confusion_) * len(test)
    coding = decide(tuple(prior.classes_), proba, prior.codebook, prior.secondary_ratio, prior.secondary_min)
    return CrossValidated(coding, corrected / len(data))
