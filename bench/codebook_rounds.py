"""Does the next round's zero-shot coding gain from a codebook that learned from this round's reviewers?

    .venv/bin/python bench/codebook_rounds.py [--sets sample sib200 …] [--sizes 60 120 240] [--seeds 5]
                                              [--across sample:holdout-klynger2 …]

Within a set: its answers are split at random in two halves, round 1 and round 2. A reviewer labels
``size`` answers of round 1 (at random, with their gold labels); ``coder codebook learn``'s rule
(``coder.classify.codebook_learning.learn_codebook``, EXAMPLES_PER_THEME examples and 2 counter-examples
per theme at most by default, model scores and typicality as the pipeline stores them) writes the next codebook version;
round 2 is coded zero-shot with the old and with the new codebook. Printed: macro-F1 on round 2,
mean over seeds, and the change.

Across surveys (``--across A:B``, two sets with the same codebook): every labelled answer of A
teaches the codebook, and all of B is coded zero-shot with the old and the new version: the
next year's survey, coded from the codebook last year's reviewers improved; once by the codebook
alone and once adapted to B first (coder.classify.adapt), as ``coder code`` codes it.

EXAMPLES_PER_THEME was chosen with this bench on sample and SIB-200 (within); the hold-out sets and
the across-survey pairs are for reporting.
"""

from __future__ import annotations

import argparse

import numpy as np
from harness import Prepared, macro_f1, prepare
from sets import names

from coder.classify import zero_shot
from coder.classify.codebook_learning import EXAMPLES_PER_THEME, LabelledAnswer, learn_codebook


def typicality(p: Prepared, primary: np.ndarray) -> np.ndarray:
    """Cosine of each answer to the centre of its (question, model primary theme) group, as stored per prediction."""
    x = p.features.embeddings.astype(np.float64)
    out = np.zeros(p.n)
    for q in np.unique(p.questions):
        for t in np.unique(primary):
            idx = np.flatnonzero((p.questions == q) & (primary == t))
            if len(idx):
                centre = x[idx].mean(axis=0)
                centre /= max(np.linalg.norm(centre), 1e-12)
                out[idx] = x[idx] @ centre
    return out


def answers_of(p: Prepared, idx: np.ndarray) -> list[LabelledAnswer]:
    """The answers at ``idx`` as ``coder codebook learn`` sees reviewed answers: people's label, model's view."""
    coding = p.prior.code(p.features)
    primary = np.array(coding.primary)
    typ = typicality(p, primary)
    texts, gold = p.set.texts, p.set.gold
    return [LabelledAnswer(texts[i], tuple(gold[i]), coding.primary[i],
                           dict(zip(coding.theme_ids, map(float, coding.proba[i]))), float(typ[i])) for i in idx]


RULE = {"per_theme": EXAMPLES_PER_THEME, "counter_per_theme": 2}  # coder codebook learn's defaults


def new_prior(p: Prepared, idx: np.ndarray):
    learned, added = learn_codebook(p.set.codebook, answers_of(p, idx), **RULE)
    return zero_shot(learned, p.embed), sum(len(v) for v in added.values())


def within(name: str, sizes: list[int], seeds: int) -> None:
    p = prepare(name)
    print(f"\n== {name}: {p.n} labelled answers; round 2 = a random half, coded zero-shot")
    print(f"{'labels':>7} {'old F1':>8} {'new F1':>8} {'change':>8} {'added':>6}  per seed")
    for size in sizes:
        old, new, added = [], [], []
        for seed in range(seeds):
            perm = np.random.default_rng(seed).permutation(p.n)
            first, second = perm[: p.n // 2], perm[p.n // 2:]
            prior, n_added = new_prior(p, first[:size])
            test = p.features.take(second)
            old.append(macro_f1(p.gold[second], p.prior.code(test).primary))
            new.append(macro_f1(p.gold[second], prior.code(test).primary))
            added.append(n_added)
        diffs = " ".join(f"{b - a:+.3f}" for a, b in zip(old, new))
        print(f"{size:>7} {np.mean(old):>8.3f} {np.mean(new):>8.3f} {np.mean(new) - np.mean(old):>+8.3f} "
              f"{np.mean(added):>6.1f}  {diffs}")


def across(pair: str) -> None:
    a_name, b_name = pair.split(":")
    a, b = prepare(a_name), prepare(b_name)
    if a.set.codebook.model_dump() != b.set.codebook.model_dump():
        raise SystemExit(f"{a_name} and {b_name} have different codebooks")
    prior, n_added = new_prior(a, np.arange(a.n))
    old = macro_f1(b.gold, b.prior.code(b.features).primary)
    new = macro_f1(b.gold, prior.code(b.features).primary)
    print(f"\n== {a_name} → {b_name}: {a.n} reviewed answers of {a_name} teach the codebook ({n_added} texts added); "
          f"all {b.n} answers of {b_name} coded zero-shot")
    print(f"old F1 {old:.3f}   new F1 {new:.3f}   change {new - old:+.3f}")
    from coder.classify import codebook_examples
    from coder.classify.adapt import adapt

    pool = lambda clf: [(b.features, clf.code(b.features))]  # noqa: E731 - the batch, as one chunk
    old = macro_f1(b.gold, adapt(b.prior, b.examples, pool).code(b.features).primary)
    new = macro_f1(b.gold, adapt(prior, codebook_examples(prior.codebook, b.embed), pool).code(b.features).primary)
    print(f"as coder code codes it (adapted to the batch): old F1 {old:.3f}   new F1 {new:.3f}   "
          f"change {new - old:+.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", default=["sample", "sib200"], choices=names())
    parser.add_argument("--sizes", nargs="+", type=int, default=[60, 120, 240])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--across", nargs="*", default=[], help="A:B pairs of sets that share a codebook")
    parser.add_argument("--per-theme", type=int, default=RULE["per_theme"], help="examples added per theme at most")
    parser.add_argument("--counter", type=int, default=RULE["counter_per_theme"],
                        help="counter-examples added per theme at most")
    args = parser.parse_args()
    RULE.update(per_theme=args.per_theme, counter_per_theme=args.counter)
    for name in args.sets:
        within(name, args.sizes, args.seeds)
    for pair in args.across:
        across(pair)


if __name__ == "__main__":
    main()
