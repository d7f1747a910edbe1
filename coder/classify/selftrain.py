"""Self-training: the batch's own confidently coded answers as extra (pseudo) labels.

After learning from the people's labels, the classifier codes the rest of the batch; the answers
it is surest of, at most ``per_theme`` per theme and never more than ``ratio`` times the people's
labels of that theme, join the training set as pseudo-labels, and it learns again (``rounds``
times). Pseudo-labels train only: they never calibrate and never count as real answers, and
without enough random (audit) labels to fit its temperature the self-trained model may not be
surer of the batch, on average, than the model that learned from the people's labels alone
(learning from its own guesses made it overconfident: on the hold-out workflow its mean confidence
rose 0.12–0.17 above its accuracy after 25 queue labels, bench/workflow.py).
"""

from __future__ import annotations

import numpy as np

from coder.classify.base import Features, Labelled, concat
from coder.classify.learned import ThemeClassifier


def self_train(make: callable, labelled: Labelled, unlabelled: Features, rounds: int = 2, per_theme: int = 30,
               ratio: float = 2.0, min_confidence: float = 0.5) -> ThemeClassifier:
    """Fit ``make()`` (a fresh ThemeClassifier) on the labels, then on labels plus confident pseudo-labels.

    Args:
        make: returns an unfitted ThemeClassifier with the wanted settings.
        labelled: the people's labels.
        unlabelled: (n,) features of the answers nobody labelled.
    """
    clf = base = make().fit(labelled)
    if len(unlabelled) == 0 or not (clf.weights_[1] or clf.weights_[2]):
        return clf  # it learned nothing from the labels (too few): its own guesses would teach it nothing either
    own = {t: labelled.primary.count(t) for t in clf.classes_}
    for _ in range(rounds):
        coding = clf.code(unlabelled)
        picked: list[int] = []
        for t in clf.classes_:
            room = min(per_theme, int(ratio * own.get(t, 0)))
            idx = [i for i in np.argsort(-coding.confidence, kind="stable")
                   if coding.primary[i] == t and coding.confidence[i] >= min_confidence][:room]
            picked.extend(idx)
        if not picked:
            break
        picked = sorted(picked)
        pseudo = Labelled(unlabelled.take(picked), tuple((coding.primary[i],) for i in picked),
                          tuple("pseudo" for _ in picked))
        clf = make().fit(concat(labelled, pseudo))
    if labelled.is_random().sum() < clf.min_calibration:
        _no_surer_than(clf, base.code(unlabelled).confidence.mean(), unlabelled)
    return clf


def _no_surer_than(clf: ThemeClassifier, mean_confidence: float, features: Features) -> None:
    """Raise the classifier's temperature (never lower it) until its mean confidence on ``features`` is at
    most ``mean_confidence``."""
    for _ in range(60):
        if clf.code(features).confidence.mean() <= mean_confidence + 1e-9:
            return
        clf.temperature_ *= 1.1
