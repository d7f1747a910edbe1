"""The codebook adapted to the batch: its surest codes in this batch teach it the batch's own wording.

Zero-shot coding compares each answer with the codebook's texts, which are worded unlike the
answers. The answers the codebook is surest of are mostly right, and they are worded like the
rest of the batch. So, before any label exists, each theme's surest half (``FRACTION``) of the
answers coded to it, with the codebook's examples, train a logistic regression on the
embeddings; its log-probabilities are blended with the codebook's (``PRIOR_WEIGHT`` on the
codebook), the batch is coded again and the step repeated (``ROUNDS``). Nobody's label is used:
this is self-training from the codebook alone, and the learning classifier later starts from it.

Chosen on the sample and SIB-200 together (``bench/adapt.py --grid``), macro-F1 of the primary theme
over all answers, against 0.640 and 0.709 for the codebook alone: a surest 0.4, 0.5 or 0.6 of each
theme, 0.2 or 0.3 on the codebook, 1 to 3 rounds, all gave 0.650–0.672 on the sample and
0.757–0.780 on SIB-200; 0.5 on the codebook 0.648–0.671 and 0.751–0.759; every answer coded to a
theme (1.0) 0.636–0.648 and 0.726–0.742 (and C 1 gained less than C 10). The middle of that plateau
is kept: half, 0.3, two rounds (0.665 and 0.770). An answer's code depends on the batch: with one
answer left out, 1.2 % of the other codes moved on the sample and 0.6 % on SIB-200 (``bench/adapt.py
--stability 6``); C 3 halved that (0.4 %, 0.1 %) at 0.654 and 0.764, C 1 (0.6 %, 0.1 %) at 0.640 and
0.753, so C 10 stays. Averaging 3, 5 or 10 regressions, each fitted without one share of the pseudo-labels
(chosen by a hash of the answer's vector, so a batch change moves few of them), moved 0.3 %, 0.6 % and 1.1 %
on the sample (0.2 % each on SIB-200) at 0.659–0.665 and 0.768–0.772: less churn, no trend with the number
of fits, and that many times the fitting; not kept.

Its confidence is held to the codebook's: a temperature is fitted so that its mean confidence over
the batch is the codebook's own (which was calibrated), so it is never surer than the codebook was,
though it codes better. Themes the batch gives too few sure answers keep the codebook's
probability (see ``AdaptedZeroShot``). Small batches (under ``MIN_PSEUDO`` pseudo-labels, or fewer
than two themes with ``MIN_PER_THEME``) are coded by the codebook alone.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

import numpy as np

from coder.classify.base import Classifier, Coding, Features, Labelled, OnPrior, log_softmax, products
from coder.classify.learned import _fit_lr
from coder.classify.selftrain import Thinned
from coder.classify.zeroshot import ZeroShotClassifier

FRACTION = 0.5  # of the answers coded to a theme, the surest this share become its pseudo-labels
PRIOR_WEIGHT = 0.3  # the codebook's weight in the blend of log-probabilities
ROUNDS = 2
C = 10.0  # inverse regularisation of the logistic regression
MAX_PER_THEME = 2000  # pseudo-labels a theme keeps at most (bounded memory on a million answers)
MIN_PER_THEME = 3  # pseudo-labels (with examples) a theme needs to be learned at all
MIN_PSEUDO = 20  # pseudo-labels in all, below which the codebook codes alone


class AdaptedZeroShot(OnPrior):
    """The codebook's classifier blended with a logistic regression its surest codes in the batch trained.

    Used where a ``ZeroShotClassifier`` is (also as the learning classifier's prior): ``decision_function``
    gives logits, ``predict_proba`` their softmax. The regression knows only the themes it had
    pseudo-labels or examples for; it shares out among them the probability the codebook gives them
    together, and the other themes keep the codebook's probability.

    Attributes:
        prior: the codebook's classifier.
        coef, intercept: (m, dim) and (m,) of the regression over the themes ``known`` (indices, m ≥ 2).
        temperature: divides the blended log-probabilities.
        pseudo: pseudo-labels each theme had in the last round, by theme id.
    """

    def __init__(self, prior: ZeroShotClassifier, coef: np.ndarray, intercept: np.ndarray, known: np.ndarray,
                 temperature: float = 1.0, pseudo: dict[str, int] | None = None) -> None:
        self.prior = prior
        self.coef = np.asarray(coef, np.float64)
        self.intercept = np.asarray(intercept, np.float64)
        self.known = np.asarray(known, int)
        self.temperature = temperature
        self.pseudo = dict(pseudo or {})

    @property
    def classes_(self) -> np.ndarray:
        return self.prior.classes_

    def fit(self, labelled: Labelled | None = None) -> "AdaptedZeroShot":
        """Already fitted by ``adapt``: labels are not used here."""
        return self

    def blended(self, features: Features) -> np.ndarray:
        """(n, k) blended log-probabilities, before the temperature."""
        prior = log_softmax(self.prior.decision_function(features).astype(np.float64))
        learned = prior.copy()
        if len(features):
            z = products(features.embeddings, self.coef) + self.intercept
            mass = np.logaddexp.reduce(prior[:, self.known], axis=1, keepdims=True)
            learned[:, self.known] = log_softmax(z) + mass
        return PRIOR_WEIGHT * prior + (1 - PRIOR_WEIGHT) * learned

    def decision_function(self, features: Features) -> np.ndarray:
        """Logits (n, k): the blend over the temperature."""
        return self.blended(features) / self.temperature

    def predict_proba(self, features: Features) -> np.ndarray:
        if len(features) == 0:
            return np.zeros((0, len(self.classes_)), np.float64)
        return np.exp(log_softmax(self.decision_function(features)))


Pool = Callable[[Classifier], Iterable[tuple[Features, Coding]]]


def adapt(prior: ZeroShotClassifier, examples: Labelled | None, code_all: Pool,
          rounds: int = ROUNDS, fraction: float = FRACTION) -> Classifier:
    """The codebook's classifier adapted to the batch, or ``prior`` itself when the batch is too small.

    Args:
        prior: the fitted zero-shot classifier.
        examples: the codebook's own examples (they train every round), or None.
        code_all: ``code_all(clf)`` yields each chunk of the batch's distinct answers with ``clf``'s coding
            of it, in the same order every time.
    """
    ids = list(prior.classes_)
    index = {t: j for j, t in enumerate(ids)}
    clf: Classifier = prior
    sample = Thinned()
    prior_confidence = 0.0
    for round_ in range(rounds):
        picked = _Surest(len(ids))
        for features, coding in code_all(clf):
            picked.add(features, np.array([index[t] for t in coding.primary], int), coding.confidence)
            if round_ == 0:
                sample.add(features)
                prior_confidence += float(coding.confidence.sum())
        if round_ == 0:
            if picked.seen == 0:
                return prior
            prior_confidence /= picked.seen
        X, y, counts = picked.take(fraction)
        if examples is not None and len(examples):
            X = np.vstack([X, examples.features.embeddings]) if len(X) else examples.features.embeddings
            y = np.concatenate([y, [index[t] for t in examples.primary]])
        have = np.bincount(y, minlength=len(ids)) if len(y) else np.zeros(len(ids), int)
        known = np.flatnonzero(have >= MIN_PER_THEME)
        if counts.sum() < MIN_PSEUDO or len(known) < 2:
            if round_ == 0:
                return prior
            break
        keep = np.isin(y, known)
        coef, intercept = _fit(X[keep], np.searchsorted(known, y[keep]))
        clf = AdaptedZeroShot(prior, coef, intercept, known, 1.0,
                              {str(ids[j]): int(counts[j]) for j in range(len(ids))})
    if isinstance(clf, AdaptedZeroShot):
        clf.temperature = _matching_temperature(clf, sample.features(), prior_confidence)
    return clf


def _fit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Balanced multinomial logistic regression (lbfgs, deterministic). Returns (coef (m, dim), intercept (m,))."""
    coef, intercept, _ = _fit_lr(np.asarray(X, np.float64), y, C, 0)
    if coef.shape[0] == 1:  # two classes: sklearn keeps one row, P(second) = sigmoid(z)
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return coef, intercept


def _matching_temperature(clf: AdaptedZeroShot, features: Features, target: float) -> float:
    """The temperature (0.05–20) at which the classifier's mean confidence on ``features`` is ``target``."""
    logits = clf.blended(features)

    def mean_confidence(t: float) -> float:
        return float(np.exp(log_softmax(logits / t)).max(axis=1).mean())

    lo, hi = math.log(0.05), math.log(20.0)
    for _ in range(50):  # confidence falls as the temperature rises
        mid = (lo + hi) / 2
        if mean_confidence(math.exp(mid)) > target:
            lo = mid
        else:
            hi = mid
    return round(math.exp(hi), 6)


class _Surest:
    """Per theme: how many answers were coded to it, and its surest ``MAX_PER_THEME`` (ties to the earlier answer)."""

    def __init__(self, k: int) -> None:
        self.counts = np.zeros(k, int)
        self.best: list[list[tuple[float, int, np.ndarray]]] = [[] for _ in range(k)]
        self.seen = 0

    def add(self, features: Features, primary: np.ndarray, confidence: np.ndarray) -> None:
        for j in np.unique(primary):
            rows = np.flatnonzero(primary == j)
            self.counts[j] += len(rows)
            rows = rows[np.argsort(-confidence[rows], kind="stable")][:MAX_PER_THEME]
            fresh = [(-float(confidence[i]), self.seen + int(i), features.embeddings[i].copy()) for i in rows]
            self.best[j] = sorted(self.best[j] + fresh, key=lambda x: (x[0], x[1]))[:MAX_PER_THEME]
        self.seen += len(features)

    def take(self, fraction: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, y, pseudo-labels per theme): each theme's surest ``fraction`` of its answers, in answer order."""
        chosen = []
        counts = np.zeros(len(self.counts), int)
        for j, items in enumerate(self.best):
            n = min(len(items), math.ceil(fraction * self.counts[j]))
            counts[j] = n
            chosen.extend((i, j, v) for _, i, v in items[:n])
        chosen.sort(key=lambda x: x[0])
        if not chosen:
            return np.zeros((0, 0)), np.zeros(0, int), counts
        return np.vstack([v for _, _, v in chosen]), np.array([j for _, j, _ in chosen], int), counts
