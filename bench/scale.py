"""Print speed and peak memory of `coder code` from 10k to a million comments (issue 16, part B: streaming).

    .venv/bin/python bench/scale.py [--sizes 10000 100000 1000000] [--pool 20000] [--chunk-size 20000]
                                    [--model e5] [--backend auto] [--cluster dask://…]

Each batch is built as bench/speed.py builds its "repeated" batches (sentences of the sample survey
recombined into comments of 1–3 sentences, about 10 % non-answers, about 8 % exact repeats, one
open-ended column plus speciale/region), except that once --pool distinct comments have been made
every further comment repeats one of them: a million answers then hold at most --pool distinct texts
(the model encodes each distinct text once, so this keeps a 1M run to minutes on 2 cores; the
table says how many distinct texts each size had). Every size runs once, cold (a fresh embedding
cache; the model folder is shared, so its one-time build is not counted), in a child process under
/usr/bin/time. Columns: distinct = distinct substantive texts; s = wall seconds of the whole process
(start-up, read, embed, classify, store, exports); c/s = comments per second; embed s = seconds in
the model (from run.json); RSS = peak resident memory; load = the 1-minute load average when the
run started (2 cores, shared: compare RSS, which load does not change, more than seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's coder
from speed import load, make_batch  # noqa: E402  (bench/ is on the path when run as a script)


def run(csv_path: Path, out: Path, env: dict[str, str], args: argparse.Namespace) -> tuple[float, float, float]:
    """`coder code` in a child process: (wall seconds, seconds in the model, peak RSS in MB)."""
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "coder.cli", "code", str(csv_path),
           "-c", str(ROOT / "codebooks" / "klynger.yaml"), "-o", str(out), "-t", "svar", "--id-col", "id",
           "--quotes", "0", "--model", args.model, "--chunk-size", str(args.chunk_size)]
    cmd += ["--backend", args.backend] if args.model == "e5" else []
    cmd += ["--cluster", args.cluster] if args.cluster else []
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"coder code failed:\n{proc.stderr}")
    rss_kb = int(proc.stderr.strip().splitlines()[-1])
    timings = json.loads((out / "run.json").read_text(encoding="utf-8"))["timings"]
    return wall, timings["embedding_seconds"], rss_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--pool", type=int, default=20_000, help="distinct comments at most per batch")
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument("--model", default="e5", help="e5 (default) or lexical (no neural model: quick)")
    parser.add_argument("--backend", default="auto", choices=["auto", "onnx", "torch"])
    parser.add_argument("--cluster", default=None, help="dask://HOST:PORT or dask://local")
    parser.add_argument("--keep", type=Path, default=None, help="keep the batches and projects in this folder")
    args = parser.parse_args()

    from coder.embed import cache_home, ensure_default_model, get_embedder

    if args.model == "e5":
        ensure_default_model()
        get_embedder("e5", args.backend)  # exports the ONNX file once, outside the timings
    print(f"model {args.model}, backend {args.backend}, chunks of {args.chunk_size} rows, "
          f"cluster {args.cluster or 'none'}, {os.cpu_count()} cores")
    head = f"{'comments':>10}{'distinct':>10}{'s':>9}{'c/s':>8}{'embed s':>9}{'RSS MB':>8}{'load':>6}"
    print(head)
    print("-" * len(head))
    for n in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
            tmp_path = Path(tmp)
            home = tmp_path / "home"
            home.mkdir()
            (home / "models").symlink_to(cache_home() / "models")
            env = {**os.environ, "CODER_HOME": str(home)}
            batch = tmp_path / "batch.csv"
            distinct = len(make_batch(n, batch, pool=args.pool))
            started = load()
            wall, embed, rss = run(batch, tmp_path / "project", env, args)
        print(f"{n:>10,}{distinct:>10,}{wall:>9.1f}{n / wall:>8.0f}{embed:>9.1f}{rss:>8.0f}{started:>6}", flush=True)


if __name__ == "__main__":
    main()
