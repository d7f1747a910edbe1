"""Print coding quality on the sample's gold labels, coder against two simple baselines.

    .venv/bin/python bench/quality.py [--input data/klynger_2025.csv] [--model e5] [--folds 5]

Gold labels are the `<question>_tema` columns (`|`-joined, primary first). Every method is
scored on the same stratified folds (seeded): the primary theme's accuracy, macro-F1 and
Cohen's κ, lenient accuracy, multi-label micro-F1, share error (mean |predicted − gold share|
over themes, percentage points), and the share of comments auto-coded at 95 % precision.

Methods:
  zero-shot         codebook only (no labels)
  coder k=5/10/20   coder's learning classifier trained on k labels per theme (+ codebook examples)
  coder 5-fold      coder's learning classifier, 5-fold cross-validation
  corrected shares  the same, shares corrected for each fold model's own out-of-fold confusion
  tfidf+LR          baseline: word 1–2-gram TF-IDF + logistic regression, 5-fold
  emb+LR            baseline: e5 embeddings + logistic regression, 5-fold
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from coder.classify import (
    codebook_examples,
    cross_validated,
    decide,
    labelled_from_file,
    stratified_folds,
    zero_shot,
)
from coder.classify.metrics import score, threshold_for_precision
from coder.codebook import load_codebook
from coder.embed import CachedEmbed, get_embedder
from coder.evaluate import learning_curve
from coder.io import ReadOptions

ROOT = Path(__file__).resolve().parent.parent


def baseline_cv(X, y: list[str], labels: tuple[str, ...], folds: list[np.ndarray], codebook) -> object:
    """Out-of-fold probabilities of a balanced logistic regression on features X."""
    from sklearn.linear_model import LogisticRegression

    proba = np.zeros((len(y), len(labels)))
    y_arr = np.array(y)
    for test in folds:
        train = np.setdiff1d(np.arange(len(y)), test)
        lr = LogisticRegression(max_iter=2000, class_weight="balanced", random_state=0).fit(X[train], y_arr[train])
        cols = [labels.index(c) for c in lr.classes_]
        proba[np.ix_(test, cols)] = lr.predict_proba(X[test])
    return decide(labels, proba, codebook)


def automation_at(coding, gold, target: float = 0.95) -> float:
    correct = np.array([p == g[0] for p, g in zip(coding.primary, gold)])
    thr = threshold_for_precision(coding.confidence, correct, target)
    return float((coding.confidence >= thr).mean()) if thr is not None else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=ROOT / "data" / "klynger_2025.csv")
    parser.add_argument("--codebook", type=Path, default=ROOT / "codebooks" / "klynger.yaml")
    parser.add_argument("--questions", nargs="+", default=["forbedringer", "kommentar"])
    parser.add_argument("--model", default="e5")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    cb = load_codebook(args.codebook)
    labels = tuple(cb.ids)
    embedder = get_embedder(args.model)
    embed = CachedEmbed.of(embedder)

    t0 = time.perf_counter()
    data = labelled_from_file(args.input, cb, ReadOptions(tuple(args.questions), "id"),
                              [f"{q}_tema" for q in args.questions], embed)
    texts, gold, qs, X = list(data.features.texts), list(data.gold), list(data.questions), data.features.embeddings
    prior = zero_shot(cb, embed)
    examples = codebook_examples(cb, embed)
    folds = stratified_folds(data.primary, args.folds, seed=0)

    rows = []

    gold_shares = np.array([data.primary.count(t) for t in labels]) / len(gold)

    def add(name: str, coding, n_train: str, shares: np.ndarray | None = None) -> None:
        s = score(gold, coding.themes, labels)
        err = s.share_error if shares is None else float(np.mean(np.abs(shares - gold_shares)) * 100)
        rows.append((name, n_train, s.accuracy, s.macro_f1, s.kappa, s.lenient_accuracy, s.multi_micro_f1,
                     err, automation_at(coding, gold)))

    add("zero-shot", prior.code(data.features), "0")
    curve = learning_curve(prior, data, examples, [5, 10, 20], seeds=(0, 1, 2))
    for point in curve:
        rows.append((f"coder k={point.per_class}", f"~{point.n_train}", point.accuracy, point.macro_f1,
                     float("nan"), float("nan"), float("nan"), point.share_error, float("nan")))
    cv = cross_validated(prior, data, examples, args.folds, seed=0)
    n_train = f"~{len(texts) * (args.folds - 1) // args.folds}"
    add(f"coder {args.folds}-fold", cv.coding, n_train)
    add("  corrected shares", cv.coding, n_train, cv.corrected)

    from sklearn.feature_extraction.text import TfidfVectorizer

    tf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1).fit_transform(texts)
    add(f"tfidf+LR {args.folds}-fold", baseline_cv(tf, data.primary, labels, folds, cb), "")
    add(f"emb+LR {args.folds}-fold", baseline_cv(X, data.primary, labels, folds, cb), "")
    seconds = time.perf_counter() - t0

    print(f"model: {embedder.model_id}   codebook: {cb.name} v{cb.version}")
    print(f"{len(texts)} gold-labelled substantive answers ({', '.join(f'{q} {qs.count(q)}' for q in args.questions)})")
    print()
    head = f"{'method':<18}{'train':>7}{'acc':>7}{'macroF1':>9}{'kappa':>7}{'lenient':>9}{'mlF1':>7}{'shareErr':>10}{'auto@95':>9}"
    print(head)
    print("-" * len(head))
    for name, n_train, acc, f1, kappa, lenient, ml, share, auto in rows:
        def fmt(x: float, w: int, d: int = 3) -> str:
            return f"{'–':>{w}}" if np.isnan(x) else f"{x:>{w}.{d}f}"
        print(f"{name:<18}{n_train:>7}{fmt(acc, 7)}{fmt(f1, 9)}{fmt(kappa, 7)}{fmt(lenient, 9)}{fmt(ml, 7)}"
              f"{fmt(share, 10, 2)}{fmt(auto, 9)}")
    coder_cv = next(r for r in rows if r[0].startswith("coder") and "fold" in r[0])
    corrected = next(r for r in rows if "corrected" in r[0])
    for base in (r for r in rows if "+LR" in r[0]):
        print(f"coder {args.folds}-fold vs {base[0]}: macro-F1 ×{coder_cv[3] / base[3]:.3f}, share error "
              f"×{coder_cv[7] / base[7]:.3f} raw, ×{corrected[7] / base[7]:.3f} corrected (lower is better)")
    print("\nk=… rows: mean over 3 seeds, tested on all comments not used for training; on the same test comments")
    print("the codebook alone (zero-shot) scores macro-F1 " + ", ".join(
        f"{p.zero_shot_macro_f1:.3f} (k={p.per_class}: sd of coder {p.macro_f1_sd:.3f})" for p in curve) + ".")
    print(f"{seconds:.0f}s in all.")


if __name__ == "__main__":
    main()
