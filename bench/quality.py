"""Print zero-shot quality of the primary theme on the sample's gold labels.

    .venv/bin/python bench/quality.py [--input data/klynger_2025.csv] [--model e5]

For each question with a gold column (`<question>_tema`, `|`-joined, primary first) it
prints accuracy and macro-F1 of the primary theme, lenient accuracy (predicted primary is
any gold theme) and the share error per theme, for the zero-shot classifier.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from coder.classify import ZeroShotClassifier, build_prototypes, keyword_hits
from coder.codebook import load_codebook
from coder.embed import EmbeddingCache, embed_cached, get_embedder
from coder.io import make_batch, read_table
from coder.text import CODED, clean, status_of

ROOT = Path(__file__).resolve().parent.parent


def gold_items(input_path: Path, questions: list[str]) -> tuple[list[str], list[tuple[str, ...]], list[str]]:
    """Texts with gold labels: (cleaned texts, gold theme tuples, question of each)."""
    table = read_table(input_path)
    batch = make_batch(table, questions, "id")
    texts, gold, qs = [], [], []
    for q in questions:
        golds = table.column(f"{q}_tema")
        for c in batch.for_question(q):
            g = tuple(t for t in golds[c.row].split("|") if t)
            if status_of(c.text) == CODED and g:
                texts.append(clean(c.text))
                gold.append(g)
                qs.append(q)
    return texts, gold, qs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=ROOT / "data" / "klynger_2025.csv")
    parser.add_argument("--codebook", type=Path, default=ROOT / "codebooks" / "klynger.yaml")
    parser.add_argument("--questions", nargs="+", default=["forbedringer", "kommentar"])
    parser.add_argument("--model", default="e5")
    args = parser.parse_args()

    cb = load_codebook(args.codebook)
    texts, gold, qs = gold_items(args.input, args.questions)
    embedder = get_embedder(args.model)
    cache = EmbeddingCache(embedder.model_id)
    t0 = time.perf_counter()
    X, encoded = embed_cached(embedder, texts, cache)
    t_embed = time.perf_counter() - t0
    clf = ZeroShotClassifier(cb).fit(build_prototypes(cb, lambda t: embed_cached(embedder, list(t), cache)[0]))
    coding = clf.code(X, keyword_hits(cb, texts))

    print(f"model: {embedder.model_id}   codebook: {cb.name} v{cb.version}")
    print(f"gold-labelled substantive answers: {len(texts)} ({encoded} encoded in {t_embed:.1f}s, rest cached)")
    print()
    header = f"{'question':<14}{'n':>5}{'accuracy':>10}{'macro-F1':>10}{'lenient':>9}{'share err pp':>14}"
    print(header)
    print("-" * len(header))
    for q in [*args.questions, "all"]:
        idx = [i for i, qq in enumerate(qs) if q == "all" or qq == q]
        y = [gold[i][0] for i in idx]
        p = [coding.primary[i] for i in idx]
        acc = accuracy_score(y, p)
        f1 = f1_score(y, p, labels=cb.ids, average="macro", zero_division=0)
        lenient = np.mean([coding.primary[i] in gold[i] for i in idx])
        share_err = np.mean([abs(y.count(t) - p.count(t)) / len(idx) * 100 for t in cb.ids])
        print(f"{q:<14}{len(idx):>5}{acc:>10.3f}{f1:>10.3f}{lenient:>9.3f}{share_err:>14.2f}")
    print()
    y_all = [g[0] for g in gold]
    per = f1_score(y_all, list(coding.primary), labels=cb.ids, average=None, zero_division=0)
    print("per-theme F1 (all questions): " + ", ".join(f"{t} {f:.2f}" for t, f in zip(cb.ids, per)))
    print("gold shares %:      " + ", ".join(f"{t} {100 * y_all.count(t) / len(y_all):.1f}" for t in cb.ids))
    print("predicted shares %: " + ", ".join(
        f"{t} {100 * list(coding.primary).count(t) / len(y_all):.1f}" for t in cb.ids))


if __name__ == "__main__":
    main()
