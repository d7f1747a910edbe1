"""Simulated review rounds: how much each way of choosing labels teaches the classifier.

    .venv/bin/python bench/learning.py [--sets sample sib200 holdout-klynger2 holdout-indlaeggelse]
                                       [--sizes 0 30 60 120 240] [--step 30] [--seeds 3]

A fresh project's model codes every answer; a simulated reviewer labels answers (with their
gold labels) 60 at a time (one review round), chosen by one strategy; the classifier learns from all labels so far
and picks again. Printed: macro-F1 of the primary theme on the answers not yet reviewed.
Strategies: random; least confident first (the old queue); coder's queue (coder.classify.active:
uncertainty × density, themes in turn, no near-duplicates, every 5th an audit draw); each with
and without self-training (coder.classify.selftrain). The prior is the codebook adapted to the batch
(coder.classify.adapt), as ``coder code`` uses it; --no-adapt gives the codebook as written. Tune on
sample and sib200; hold-out sets
are reported, never tuned on. --learned-prior measures a rejected variant: the classifier's prior
built from a codebook that first took the round's labels as examples (it lost on both tuning sets); --C 10
measures another: a weaker-regularised learned classifier (it lost with coder's queue on the sample).
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np
from harness import Prepared, macro_f1, prepare
from sets import names

from coder.classify import ThemeClassifier
from coder.classify.active import review_order
from coder.classify.adapt import adapt
from coder.classify.selftrain import self_train

AUDIT = 50  # answers in the simulated audit sample (its draws fill every 5th place of coder's queue)
LEARNED = {}  # extra ThemeClassifier settings (--C: a rejected variant)


def fit(p: Prepared, idx: np.ndarray, selftrain: bool, learned_prior: bool = False) -> ThemeClassifier:
    labelled = p.labelled(idx)
    prior = p.prior
    if learned_prior:  # rejected variant: the prior's codebook first takes the round's labels as examples
        from codebook_rounds import new_prior

        prior = new_prior(p, np.asarray(idx))[0]
    if not selftrain:
        return ThemeClassifier(prior, p.examples, **LEARNED).fit(labelled)
    rest = np.setdiff1d(np.arange(p.n), idx)
    return self_train(lambda: ThemeClassifier(prior, p.examples, **LEARNED), labelled, p.features.take(rest))


def choose(p: Prepared, strategy: str, clf, have: np.ndarray, step: int, rng: np.random.Generator,
           audit: list[int]) -> np.ndarray:
    """The next ``step`` answers to label."""
    rest = np.setdiff1d(np.arange(p.n), have)
    if strategy == "random":
        return rng.permutation(rest)[:step]
    coding = clf.code(p.features) if clf is not None else p.prior.code(p.features)
    if strategy == "least-confident":
        return rest[np.argsort(coding.confidence[rest], kind="stable")][:step]
    todo = [i for i in audit if i not in set(have)]
    return np.array(review_order(p.features.embeddings, coding.proba, coding.primary, list(rest), todo,
                                 limit=step), dtype=int)


def simulate(p: Prepared, strategy: str, selftrain: bool, sizes: list[int], step: int, seed: int,
             learned_prior: bool = False) -> list[float]:
    rng = np.random.default_rng(seed)
    audit = list(np.random.default_rng(1000 + seed).permutation(p.n)[:AUDIT])  # the audit sample, drawn up front
    have = np.zeros(0, dtype=int)
    clf = None
    out = []
    for target in sizes:
        while len(have) < target:
            have = np.concatenate([have, choose(p, strategy, clf, have, min(step, target - len(have)), rng, audit)])
            clf = fit(p, have, selftrain, learned_prior) if len(have) else None
        rest = np.setdiff1d(np.arange(p.n), have)
        model = clf if clf is not None else p.prior
        out.append(macro_f1(p.gold[rest], model.code(p.features.take(rest)).primary))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["sample", "sib200"], choices=names())
    parser.add_argument("--sizes", nargs="+", type=int, default=[0, 30, 60, 120, 240])
    parser.add_argument("--step", type=int, default=60, help="labels per review round (the queue is rebuilt after each)")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--strategies", nargs="+", default=["random", "least-confident", "queue"])
    parser.add_argument("--selftrain", choices=["no", "yes", "both"], default="both")
    parser.add_argument("--no-adapt", action="store_true",
                        help="the codebook as written, not adapted to the batch first (coder code --no-adapt)")
    parser.add_argument("--learned-prior", action="store_true",
                        help="rejected variant: the prior's codebook learns each round's labels as examples first")
    parser.add_argument("--C", type=float, default=None,
                        help="rejected variant: the learned classifier's regularisation (default that of coder code, 1)")
    args = parser.parse_args()
    if args.C is not None:
        LEARNED["C"] = args.C
    t0 = time.perf_counter()
    modes = {"no": [False], "yes": [True], "both": [False, True]}[args.selftrain]
    for name in args.sets:
        p = prepare(name)
        if not args.no_adapt:  # as coder code does: the codebook adapted to the whole batch, before any label
            p = dataclasses.replace(p, prior=adapt(p.prior, p.examples, lambda clf: [(p.features, clf.code(p.features))]))
        print(f"\n== {name}: {p.n} labelled answers, {len(p.prior.codebook.ids)} themes; macro-F1 on the unreviewed")
        print(f"{'strategy':<28}" + "".join(f"{n:>8}" for n in args.sizes))
        for strategy in args.strategies:
            for st in modes:
                seeds = range(args.seeds) if strategy == "random" else range(1)
                runs = np.array([simulate(p, strategy, st, args.sizes, args.step, s, args.learned_prior)
                                 for s in seeds])
                label = strategy + (" + self-training" if st else "")
                print(f"{label:<28}" + "".join(f"{v:>8.3f}" for v in runs.mean(axis=0)), flush=True)
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
