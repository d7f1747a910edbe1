"""Print how long discovering clusters takes for 10k and 100k comments, from cached embeddings.

    .venv/bin/python bench/cluster_speed.py [--sizes 10000 100000]

Texts are built from the sample survey's sentences (1–3 per comment, so lengths follow the
sample; about 10 % non-answers, and repeats happen as they do in real exports). The
"cached embeddings" are synthetic unit vectors of dim 384: 40 topic directions plus noise,
fixed per text, looked up from a dict as a warm embedding cache would serve them, so no
model runs. Each size runs in its own process, so peak memory is its own. Columns:
cluster = choosing k and clustering (``cluster_vectors``), all = the whole ``discover``
(dedupe, clustering, keywords, codebook fit, quotes, map).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
DIM, TOPICS = 384, 40
NON_ANSWERS = ["Ved ikke", "-", "nej", "Ingen kommentarer", ""]


def make_texts(n: int, seed: int = 7) -> list[str]:
    from speed import sample_sentences

    rng = random.Random(seed)
    sentences = sample_sentences()
    out = []
    for _ in range(n):
        if rng.random() < 0.10:
            out.append(rng.choice(NON_ANSWERS))
        else:
            out.append(" ".join(rng.choice(sentences) for _ in range(rng.choice([1, 1, 2, 2, 3]))))
    return out


class SyntheticCache:
    """A text's vector: its topic's direction plus noise, both fixed by the text's hash; unit length."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.topics = rng.standard_normal((TOPICS, DIM)) + 4 * rng.standard_normal(DIM)  # a shared direction, as e5 has
        self.vectors: dict[str, np.ndarray] = {}

    def _vector(self, text: str) -> np.ndarray:
        h = int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "little")
        v = self.topics[h % TOPICS] + 1.5 * np.random.default_rng(h).standard_normal(DIM)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def fill(self, texts: list[str]) -> None:
        for t in texts:
            if t not in self.vectors:
                self.vectors[t] = self._vector(t)

    def embed(self, texts) -> np.ndarray:
        return np.vstack([self.vectors.get(t) if t in self.vectors else self._vector(t) for t in texts])


def one(n: int) -> None:
    from coder.cluster import Answer, centre, cluster_vectors, discover
    from coder.cluster.keywords import content_lemmas
    from coder.codebook import load_codebook
    from coder.text import clean, key, status_of

    texts = make_texts(n)
    cache = SyntheticCache()
    cache.fill(texts)
    content_lemmas(["opvarmning"])  # load spaCy's tables once, outside the timings (~5 s per process)
    import scipy.cluster.hierarchy  # noqa: F401 - imports outside the timings too
    import sklearn.cluster  # noqa: F401
    import sklearn.metrics  # noqa: F401
    answers = [Answer(f"R{i:07d}", "svar", t, status_of(clean(t))) for i, t in enumerate(texts)]
    distinct = sorted({key(a.text): clean(a.text) for a in answers if a.status == "coded"}.items())
    X = centre(cache.embed([t for _, t in distinct]))
    t0 = time.perf_counter()
    clustering = cluster_vectors(X, np.ones(len(X)))
    cluster_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = discover(answers, cache.embed, load_codebook(ROOT / "codebooks" / "klynger.yaml"))
    all_s = time.perf_counter() - t0
    q = found.questions[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} {q.distinct} {len(clustering.centres)} {len(q.clusters)} {cluster_s:.2f} {all_s:.2f} {peak:.0f} "
          f"{q.weak} {len(q.assignments) - q.comments}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one)
        return
    print(f"{'comments':>9}{'distinct':>10}{'k':>4}{'cluster s':>11}{'all s':>8}{'peak RSS MB':>13}"
          f"{'weak':>7}{'unassigned':>12}")
    for n in args.sizes:
        line = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True,
                              text=True).stdout.split()
        size, distinct, k, _, cluster_s, all_s, peak, weak, unassigned = line
        print(f"{size:>9}{distinct:>10}{k:>4}{cluster_s:>11}{all_s:>8}{peak:>13}{weak:>7}{unassigned:>12}")
    print("\nOne process per size, single-threaded BLAS; embeddings come from a warm cache (no model).")


if __name__ == "__main__":
    main()
