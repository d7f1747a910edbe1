"""Self-training: the batch's own confidently coded answers as extra (pseudo) labels; and the confidence guard.

``coder code`` does not self-train (``bench/learning.py`` measures it): after an audit sample, the
self-trained model coded the sample's 'kommentar' with a --target-precision 0.9 promise that only
81 % of its auto-coded answers kept, 95 % without it, and it was no more accurate on the tuning sets
(bench/workflow.py --sets sample). Pseudo-labels come from a model that saw every label, so the
out-of-fold predictions its temperature and thresholds are fitted on are not out of fold.

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

from typing import Callable, Iterable

import numpy as np

from coder.classify.base import Coding, Features, Labelled, concat
from coder.classify.learned import ThemeClassifier


def self_train(make: Callable[[], ThemeClassifier], labelled: Labelled, unlabelled: Features, rounds: int = 2,
               per_theme: int = 30, ratio: float = 2.0, min_confidence: float = 0.5) -> ThemeClassifier:
    """Fit ``make()`` (a fresh ThemeClassifier) on the labels, then on labels plus confident pseudo-labels.

    Args:
        make: returns an unfitted ThemeClassifier with the wanted settings.
        labelled: the people's labels.
        unlabelled: (n,) features of the answers nobody labelled.
    """
    return self_train_chunks(make, labelled, lambda clf: [(unlabelled, clf.code(unlabelled))], rounds, per_theme,
                             ratio, min_confidence)


SAMPLE = 20_000  # unlabelled answers kept (every k-th) to hold the self-trained model's mean confidence down


def self_train_chunks(make: Callable[[], ThemeClassifier], labelled: Labelled,
                      code_all: Callable[[ThemeClassifier], Iterable[tuple[Features, Coding]]], rounds: int = 2,
                      per_theme: int = 30, ratio: float = 2.0, min_confidence: float = 0.5) -> ThemeClassifier:
    """``self_train`` over unlabelled answers that come in chunks: the same picks, in bounded memory.

    ``code_all(clf)`` yields each chunk of the unlabelled answers with ``clf``'s coding of it, in the
    same order every time. Per theme only the ``room`` surest answers so far are kept (ties to the
    earlier answer, as a stable sort of the whole batch would give). The mean-confidence guard is
    measured on every k-th unlabelled answer (all of them up to 2 × ``SAMPLE``).
    """
    clf = base = make().fit(labelled)
    if not (clf.weights_[1] or clf.weights_[2]):
        return clf  # it learned nothing from the labels (too few): its own guesses would teach it nothing either
    own = {t: labelled.primary.count(t) for t in clf.classes_}
    sample, base_confidence = Thinned(), 0.0
    for round_ in range(rounds):
        best: dict[str, list[tuple[float, int, str, np.ndarray, str]]] = {}  # (-confidence, index, text, vector, theme)
        offset = 0
        for features, coding in code_all(clf):
            if round_ == 0:
                sample.add(features)
                base_confidence += float(coding.confidence.sum())
            for t in clf.classes_:
                room = min(per_theme, int(ratio * own.get(t, 0)))
                if room <= 0:
                    continue
                idx = [i for i in np.argsort(-coding.confidence, kind="stable")
                       if coding.primary[i] == t and coding.confidence[i] >= min_confidence][:room]
                fresh = [(-float(coding.confidence[i]), offset + int(i), features.texts[i],
                          features.embeddings[i].copy(), str(t)) for i in idx]
                best[t] = sorted(best.get(t, []) + fresh, key=lambda x: (x[0], x[1]))[:room]
            offset += len(features)
        if offset == 0:
            return clf
        if round_ == 0:
            base_confidence /= offset
        picked = sorted((x for items in best.values() for x in items), key=lambda x: x[1])
        if not picked:
            break
        pseudo = Labelled(Features(np.vstack([x[3] for x in picked]), tuple(x[2] for x in picked)),
                          tuple((x[4],) for x in picked), tuple("pseudo" for _ in picked))
        clf = make().fit(concat(labelled, pseudo))
    if labelled.is_random().sum() < clf.min_calibration and clf is not base:
        _no_surer_than(clf, base_confidence, sample.features())
    return clf


def no_surer_than_the_codebook(clf: ThemeClassifier, labelled: Labelled,
                               code_all: Callable[[ThemeClassifier], Iterable[tuple[Features, Coding]]]
                               ) -> ThemeClassifier:
    """Without enough random labels to fit its temperature, the learned classifier may not be surer of the batch,
    on average, than the codebook's classifier it starts from (which is calibrated on its own).

    The temperature then rests on a rule of thumb (``ThemeClassifier._choose_blend``), which left it surer than
    right on a hold-out survey after 25 queue labels (mean confidence 0.13 above accuracy, bench/workflow.py).
    ``code_all`` yields the batch's unlabelled answers in chunks, as for ``self_train_chunks``.
    """
    if labelled.is_random().sum() >= clf.min_calibration or not (clf.weights_[1] or clf.weights_[2]):
        return clf
    sample = Thinned()
    for features, _ in code_all(clf):
        sample.add(features)
    if sample.seen:
        features = sample.features()
        _no_surer_than(clf, float(clf.prior.code(features).confidence.mean()), features)
    return clf


class Thinned:
    """Every k-th row of the chunks added (copied), k doubling whenever more than 2 × SAMPLE rows are held."""

    def __init__(self) -> None:
        self.stride, self.seen = 1, 0
        self.vectors: np.ndarray | None = None
        self.texts: list[str] = []

    def add(self, features: Features) -> None:
        keep = np.flatnonzero((np.arange(len(features)) + self.seen) % self.stride == 0)
        self.seen += len(features)
        rows = features.embeddings[keep]  # a copy: the chunk itself is not held
        self.vectors = rows if self.vectors is None else np.concatenate([self.vectors, rows])
        self.texts.extend(features.texts[i] for i in keep)
        while len(self.texts) > 2 * SAMPLE:
            self.vectors, self.texts, self.stride = self.vectors[::2].copy(), self.texts[::2], 2 * self.stride

    def features(self) -> Features:
        return Features(self.vectors, tuple(self.texts))


def _no_surer_than(clf: ThemeClassifier, mean_confidence: float, features: Features) -> None:
    """Raise the classifier's temperature (never lower it) until its mean confidence on ``features`` is at
    most ``mean_confidence``."""
    for _ in range(60):
        if clf.code(features).confidence.mean() <= mean_confidence + 1e-9:
            return
        clf.temperature_ *= 1.1
