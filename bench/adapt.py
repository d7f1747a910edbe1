"""Print what adapting the codebook to the batch does before anyone labels: macro-F1, κ and calibration.

    .venv/bin/python bench/adapt.py [--sets sample sib200 holdout-klynger2 holdout-indlaeggelse]
                                    [--grid] [--subsamples 8]

For each set (``bench/sets.py``) its labelled answers are coded by the codebook alone
(``coder.classify.zero_shot``) and by the codebook adapted to them (``coder.classify.adapt``), with
no label used. Printed per set: macro-F1 and Cohen's κ of the primary theme against the gold
labels, accuracy, mean confidence minus accuracy (above 0: overconfident) and the expected
calibration error (10 bins). ``--grid`` also prints macro-F1 over the settings the constants
were chosen from (share of each theme's surest answers, the codebook's weight, rounds); choose
on sample and sib200 only, and report the hold-out sets. ``--subsamples N`` repeats the comparison
on N seeded random 70 % subsets of each set (other batches from the same survey) and prints the
change in macro-F1 on each, to tell a set's luck from the method's effect. ``--stability N`` leaves
out one answer, 1 % and 10 % of the answers at random (N seeds each), adapts to the rest and
prints the share of the answers kept whose primary theme differs from the whole batch's coding:
an adapted answer's code depends on the other answers, the codebook alone's never does.
"""

from __future__ import annotations

import argparse
import itertools
import time
from unittest import mock

import numpy as np
from harness import Prepared, ece, macro_f1, prepare
from sets import names

from coder.classify import Features
from coder.classify import adapt as adapt_module
from coder.classify.adapt import adapt
from coder.classify.metrics import cohen_kappa, confusion_matrix


def pool(features: Features):
    """The batch, as one chunk, coded by ``clf``."""
    return lambda clf: [(features, clf.code(features))]


def row(label: str, p: Prepared, clf) -> str:
    coding = clf.code(p.features)
    predicted = np.array(coding.primary)
    correct = predicted == p.gold
    return (f"{label:<24}{macro_f1(p.gold, predicted):>9.3f}{cohen_kappa(confusion_matrix(p.gold, predicted, p.prior.classes_)):>8.3f}"
            f"{correct.mean():>10.3f}{coding.confidence.mean() - correct.mean():>+12.3f}"
            f"{ece(coding.confidence, correct):>8.3f}")


def grid(p: Prepared) -> None:
    print(f"\n{'share':>6}{'prior w':>9}{'rounds':>8}{'macro-F1':>10}")
    for fraction, weight, rounds in itertools.product([0.4, 0.5, 0.6, 1.0], [0.2, 0.3, 0.5], [1, 2, 3]):
        with mock.patch.object(adapt_module, "PRIOR_WEIGHT", weight):
            clf = adapt(p.prior, p.examples, pool(p.features), rounds=rounds, fraction=fraction)
            f1 = macro_f1(p.gold, np.array(clf.code(p.features).primary))
        print(f"{fraction:>6.1f}{weight:>9.1f}{rounds:>8}{f1:>10.3f}", flush=True)


def subsamples(p: Prepared, n: int) -> None:
    deltas = []
    for seed in range(n):
        idx = np.sort(np.random.default_rng(seed).permutation(p.n)[: int(0.7 * p.n)])
        f = p.features.take(idx)
        adapted = adapt(p.prior, p.examples, pool(f))
        deltas.append(macro_f1(p.gold[idx], np.array(adapted.code(f).primary))
                      - macro_f1(p.gold[idx], np.array(p.prior.code(f).primary)))
    print(f"macro-F1 adapted − codebook alone on {n} random 70 % subsets: "
          + " ".join(f"{d:+.3f}" for d in deltas) + f"; mean {np.mean(deltas):+.3f}, "
          f"{sum(d >= 0 for d in deltas)} of {n} not lower")


def stability(p: Prepared, n: int) -> None:
    whole = np.array(adapt(p.prior, p.examples, pool(p.features)).code(p.features).primary)
    for label, drop in (("one answer", 1), ("1 %", max(1, round(0.01 * p.n))), ("10 %", round(0.1 * p.n))):
        moved = []
        for seed in range(n):
            kept = np.sort(np.random.default_rng(seed).permutation(p.n)[drop:])
            f = p.features.take(kept)
            moved.append(float(np.mean(np.array(adapt(p.prior, p.examples, pool(f)).code(f).primary) != whole[kept])))
        print(f"left out {label:<11} ({drop:>3}): codes of the other answers that moved, {n} seeds: "
              + " ".join(f"{m:.1%}" for m in moved) + f"; mean {np.mean(moved):.1%}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=names(), choices=names())
    parser.add_argument("--grid", action="store_true", help="also print macro-F1 over the settings grid")
    parser.add_argument("--subsamples", type=int, default=0, help="also compare on this many random 70 %% subsets")
    parser.add_argument("--stability", type=int, default=0,
                        help="also print how many codes move when a few answers are left out (this many seeds)")
    args = parser.parse_args()
    for name in args.sets:
        p = prepare(name)
        started = time.perf_counter()
        adapted = adapt(p.prior, p.examples, pool(p.features))
        seconds = time.perf_counter() - started
        print(f"\n== {name}: {p.n} labelled answers, {len(p.prior.classes_)} themes "
              f"(adapting took {seconds:.1f} s; pseudo-labels per theme: {getattr(adapted, 'pseudo', {})})")
        print(f"{'':<24}{'macro-F1':>9}{'κ':>8}{'accuracy':>10}{'conf − acc':>12}{'ECE':>8}")
        print(row("codebook alone", p, p.prior))
        print(row("adapted to the batch", p, adapted), flush=True)
        if args.subsamples:
            subsamples(p, args.subsamples)
        if args.stability:
            stability(p, args.stability)
        if args.grid:
            grid(p)


if __name__ == "__main__":
    main()
