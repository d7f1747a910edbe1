"""Simulated review rounds: are the corrected shares and the confidences honest?

    .venv/bin/python bench/honest.py [--sets sample sib200 holdout-klynger2] [--sizes 10 25 50 100 200] [--seeds 20]

For each labelled set and question, a fresh project's model codes every answer (the codebook
alone). Then labels arrive in two ways, n at a time:
- queue: the n least confident answers (the old review queue), whose out-of-fold confusion
  corrected the shares before (adjusted classify-and-count);
- audit: a seeded stratified random sample (coder.review.audit), whose labels give the corrected
  shares now (coder.classify.shares.audit_estimate), over several seeds.
Printed per round: mean and worst |corrected − gold share| over themes (percentage points), the
share of rounds whose every theme is within 5 pp (≤5pp), how often the 95 % interval covers the gold share, and whether the shares would be shown
(MIN_AUDIT). For the queue rounds also the calibration of the learned classifier on the
answers it did not learn from: mean confidence − accuracy and the expected calibration error.
Tune on sample and sib200; the hold-out sets are only reported.
"""

from __future__ import annotations

import argparse
import hashlib
import time

import numpy as np
from harness import Prepared, ece, least_confident, prepare
from sets import names

from coder.classify import ThemeClassifier
from coder.classify.shares import MIN_AUDIT, audit_estimate, share_estimate
from coder.review.audit import draw_sequence
from coder.store import AuditDesign


def audit_round(p: Prepared, idx: np.ndarray, predicted: np.ndarray, n: int, seed: int):
    """Corrected shares of one question's answers ``idx`` from an audit sample of n, against the gold shares."""
    strata: dict[str, list[str]] = {}
    for i in idx:
        strata.setdefault(predicted[i], []).append(str(i))
    order = {s: sorted(ids, key=lambda c: hashlib.sha256(f"{seed}:{c}".encode()).hexdigest())
             for s, ids in sorted(strata.items())}
    design = AuditDesign("sim", "q", seed, order)
    labels: dict[str, list[str]] = {s: [] for s in order}
    for item in draw_sequence(design, n):
        labels[item.stratum].append(p.gold[int(item.comment_id)])
    est = audit_estimate({s: len(v) for s, v in order.items()}, labels, p.prior.codebook.ids)
    return est


def gold_shares(p: Prepared, idx: np.ndarray) -> np.ndarray:
    return np.array([np.mean(p.gold[idx] == t) for t in p.prior.codebook.ids])


def run_set(name: str, sizes: list[int], seeds: int) -> None:
    p = prepare(name)
    coding = p.prior.code(p.features)
    predicted = np.array(coding.primary)
    k = len(p.prior.codebook.ids)
    for q in dict.fromkeys(p.questions):
        idx = np.flatnonzero(p.questions == q)
        truth = gold_shares(p, idx)
        raw = np.array([np.mean(predicted[idx] == t) for t in p.prior.codebook.ids])
        print(f"\n== {name} / {q}: {len(idx)} answers; raw share error (zero-shot, classify and count): "
              f"mean {100 * np.mean(np.abs(raw - truth)):.1f} pp, worst {100 * np.max(np.abs(raw - truth)):.1f} pp")
        print(f"{'labels':>7} {'how':<6} {'mean err':>9} {'worst':>7} {'≤5pp':>6} {'covered':>8} {'shown':>6} "
              f"{'conf−acc':>9} {'ECE':>6}")
        for n in sizes:
            if n >= len(idx):
                continue
            errs, covers, shown = [], [], []
            for seed in range(seeds):
                est = audit_round(p, idx, predicted, n, seed)
                errs.append(np.abs(est.shares - truth))
                covers.append((est.low <= truth + 1e-12) & (truth <= est.high + 1e-12))
                shown.append(est.shown)
            e = np.array(errs)
            print(f"{n:>7} {'audit':<6} {100 * e.mean():>8.1f} {100 * e.max(axis=1).mean():>7.1f} "
                  f"{np.mean(e.max(axis=1) <= 0.05):>6.0%} {np.mean(covers):>8.0%} {np.mean(shown):>6.0%}")
            queue = idx[least_confident(p.prior.code(p.features.take(idx)), n)]
            clf = ThemeClassifier(p.prior, p.examples).fit(p.labelled(queue))
            rest = np.setdiff1d(idx, queue)
            coded = clf.code(p.features.take(rest))
            correct = np.array(coded.primary) == p.gold[rest]
            pred_idx = np.array([p.prior.codebook.ids.index(t) for t in clf.code(p.features.take(idx)).primary])
            corr = share_estimate(pred_idx, k, clf.confusion_)
            qe = np.abs(corr.corrected - truth)
            qc = (corr.low <= truth) & (truth <= corr.high)
            print(f"{n:>7} {'queue':<6} {100 * qe.mean():>8.1f} {100 * qe.max():>7.1f} {float(qe.max() <= 0.05):>6.0%} "
                  f"{np.mean(qc):>8.0%} {'(old)':>6} {coded.confidence.mean() - correct.mean():>+9.3f} "
                  f"{ece(coded.confidence, correct):>6.3f}")
    zs_correct = predicted == p.gold
    print(f"zero-shot calibration on all of {name}: mean confidence − accuracy "
          f"{coding.confidence.mean() - zs_correct.mean():+.3f}, ECE {ece(coding.confidence, zs_correct):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["sample", "sib200"], choices=names())
    parser.add_argument("--sizes", nargs="+", type=int, default=[10, 25, 40, 60, 100, 150, 200])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    t0 = time.perf_counter()
    print(f"MIN_AUDIT = {MIN_AUDIT} labelled audit answers per question before corrected shares are shown")
    for name in args.sets:
        run_set(name, args.sizes, args.seeds)
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
