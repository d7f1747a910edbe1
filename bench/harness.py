"""What the simulation benches share: a labelled set embedded once, its zero-shot coding, and metrics.

    from harness import prepare
    p = prepare("sample")          # p.features, p.gold (primary ids), p.prior, p.examples, p.questions
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sets import LabelledSet, load

from coder.classify import Coding, Features, Labelled, ZeroShotClassifier, codebook_examples, zero_shot
from coder.embed import CachedEmbed, get_embedder


@dataclass(frozen=True)
class Prepared:
    """A labelled set ready for simulation: n answers, their features and gold labels, the codebook prior."""

    name: str
    set: LabelledSet
    features: Features
    gold: np.ndarray  # (n,) primary theme ids
    questions: np.ndarray  # (n,)
    prior: ZeroShotClassifier
    examples: Labelled
    embed: CachedEmbed

    @property
    def n(self) -> int:
        return len(self.gold)

    def labelled(self, idx) -> Labelled:
        idx = np.asarray(idx, dtype=int)
        return Labelled(self.features.take(idx), tuple(self.set.gold[i] for i in idx),
                        tuple(self.questions[i] for i in idx))


@lru_cache(maxsize=8)
def prepare(name: str, model: str = "e5") -> Prepared:
    s = load(name)
    embed = CachedEmbed.of(get_embedder(model))
    features = Features(embed(s.texts), tuple(s.texts))
    prior = zero_shot(s.codebook, embed)
    return Prepared(name, s, features, np.array([g[0] for g in s.gold]), np.array(s.questions), prior,
                    codebook_examples(s.codebook, embed), embed)


def macro_f1(gold, pred) -> float:
    from coder.classify.metrics import macro_f1 as f1

    return f1(list(gold), list(pred))


def ece(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error (coder.classify.metrics), as `coder evaluate` reports it."""
    from coder.classify.metrics import calibration_error, reliability

    return calibration_error(reliability(confidence, correct, bins))


def least_confident(coding: Coding, n: int, exclude=()) -> np.ndarray:
    """Indices of the n least confident answers (the old review queue)."""
    order = [i for i in np.argsort(coding.confidence, kind="stable") if i not in set(exclude)]
    return np.array(order[:n], dtype=int)
