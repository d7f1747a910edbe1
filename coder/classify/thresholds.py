"""Auto-coding to a target precision, promised only where the random audit sample backs it.

The promise is a lower bound: among the audited answers (a random sample, coded by a model that
never learned from them: out-of-fold) whose confidence reaches the threshold, the one-sided 95 %
Clopper–Pearson lower bound of the share coded right must reach the target. Answers below the
threshold go to review. With too few audited answers nothing can be promised, so everything
goes to review, and the reason says how many audited answers a promise would take.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from coder.classify.base import Labelled
from coder.classify.training import cross_validated
from coder.classify.zeroshot import ZeroShotClassifier

LEVEL = 0.95  # one-sided confidence of the lower bound


def lower_bound(correct: int, n: int, level: float = LEVEL) -> float:
    """One-sided Clopper–Pearson lower bound of a proportion correct/n (0 when n == 0)."""
    if n == 0 or correct == 0:
        return 0.0
    from scipy.stats import beta

    return float(beta.ppf(1 - level, correct, n - correct + 1))


def needed_for(target: float, level: float = LEVEL) -> int:
    """Audited answers needed, all coded right, for the lower bound to reach ``target``."""
    return math.ceil(math.log(1 - level) / math.log(target))


@dataclass(frozen=True)
class Thresholds:
    """The confidence from which answers are auto-coded, and what the audit sample says of them.

    Attributes:
        target: the precision asked for.
        threshold: the lowest confidence at which the promise holds (None: nothing is auto-coded).
        bound: the lower bound of precision above the threshold (None without a threshold).
        audited: audited answers the promise was judged on; ``above``/``right`` of them at or above
            the threshold, and coded right.
        reason: one sentence for the user when nothing can be promised.
    """

    target: float
    threshold: float | None
    bound: float | None
    audited: int
    above: int = 0
    right: int = 0
    reason: str = ""

    def auto(self, theme: str, confidence: float) -> bool:
        return self.threshold is not None and confidence >= self.threshold


def threshold_from_audit(confidence: np.ndarray, correct: np.ndarray, target: float) -> Thresholds:
    """The lowest confidence whose audited answers at or above it have a lower bound ≥ ``target``.

    Args:
        confidence: (n,) out-of-fold confidence of each audited answer.
        correct: (n,) bool, whether its primary theme was right.
    """
    n = len(confidence)
    best: tuple[float, float, int, int] | None = None
    for t in sorted(set(np.round(confidence, 6)), reverse=True):
        keep = confidence >= t
        right, above = int(correct[keep].sum()), int(keep.sum())
        bound = lower_bound(right, above)
        if bound >= target:
            best = (float(t), bound, above, right)
    if best is None:
        need = needed_for(target)
        reason = (f"{n} audited answers cannot show {target:.0%} precision at 95 % confidence (that takes at least "
                  f"{need} audited answers coded right at the chosen confidence); every answer goes to review")
        return Thresholds(target, None, None, n, reason=reason)
    t, bound, above, right = best
    return Thresholds(target, t, bound, n, above, right)


def thresholds_from_labels(prior: ZeroShotClassifier, labelled: Labelled | None, examples: Labelled | None,
                           target: float, folds: int = 5, seed: int = 0) -> Thresholds:
    """The threshold judged on the random (audit) labels, coded out of fold; queue labels train only."""
    random = labelled.is_random() if labelled is not None else np.zeros(0, bool)
    if labelled is None or random.sum() < 2:
        return threshold_from_audit(np.zeros(0), np.zeros(0, bool), target)
    folds = max(2, min(folds, len(labelled)))
    cv = cross_validated(prior, labelled, examples, folds, seed).coding
    gold = np.array(labelled.primary)
    correct = np.array(cv.primary) == gold
    return threshold_from_audit(cv.confidence[random], correct[random], target)
