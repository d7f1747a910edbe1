"""Print end-to-end speed and peak memory of `coder code`, and compare every encoder variant.

    .venv/bin/python bench/speed.py [--sizes 2000 10000 100000] [--distinct 2000] [--backend auto] [--repeat 2]
    .venv/bin/python bench/speed.py --variants [NAME ...]   # cosine, codes and raw speed of each variant
    .venv/bin/python bench/speed.py --calibrate             # rewrite coder/embed/e5_calibration.npz

End to end. Each "repeated" batch is built from the sample survey's answers: sentences recombined
into new comments (1–3 sentences, so lengths follow the sample), about 10 % non-answers and about
8 % exact repeats, one open-ended column plus speciale/region. Each "distinct" batch (--distinct N)
has N distinct comments of two or three sentences, no repeats and no non-answers. Each batch runs
in a fresh child process, cold (empty embedding cache; the model folder and its built ONNX files are
shared, so one-time builds are not counted) and then warm (same batch again), --repeat times.
Columns: c/s = input comments per second over the whole process (start-up, read, embed, classify,
store, exports); embed s = seconds in the embedding stage (model load + encoding, from run.json);
RSS = peak resident memory; st c/s = plain sentence-transformers fp32 encoding the batch's distinct
texts (the first --reference of them), in this run, just before; speed-up = c/s ÷ st c/s, the
issue's ratio. Every line prints the 1-minute load average when it started (2 cores, shared).

Variants (--variants). Every way to run e5 that was tried, kept measurable: vectors against
sentence-transformers fp32 on 2,000 distinct Danish texts (the sample's answers, SIB-200's test
split, then this script's synthetic comments), cosine min and mean; zero-shot codes of the sample
(forbedringer + kommentar, codebooks/klynger.yaml) against fp32's, agreement and macro-F1 change;
raw texts/s on 400 of those texts (model loaded, no I/O) and the ratio to torch measured in the same
round, best of --repeat rounds. Calibration texts (--calibrate, static-int8) are SIB-200's train
split and the codebook's texts, never the texts checked here.
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
sys.path.insert(0, str(ROOT))  # this checkout's coder, also where another one is installed
SIB200 = ROOT.parent / "shared" / "data" / "sib200_dan" / "sib200_dan.csv"
NON_ANSWERS = ["Ved ikke", "-", "nej", "Ingen kommentarer", "intet at tilføje", ""]
ALL_VARIANTS = ["torch", "onnx", "onnx:fused", "onnx:dyn-int8", "onnx:dyn-int8-rr", "onnx:smooth-s8", "onnx:smooth-u8",
                "onnx:static-int8", "onnx:q4-int8", "openvino:fp32", "openvino:int8", "openvino:bf16"]


def load() -> str:
    return open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?"


def sample_sentences() -> list[str]:
    with open(ROOT / "data" / "klynger_2025.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    sentences = []
    for r in rows:
        for col in ("forbedringer", "kommentar"):
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", r[col]) if len(s.strip().split()) >= 2]
    return sentences


def make_batch(n: int, path: Path, seed: int = 7, distinct: bool = False, pool: int | None = None) -> list[str]:
    """Write a batch of n rows; return its distinct substantive texts.

    ``distinct``: every row a new comment of two or three sentences (no repeats, no non-answers).
    ``pool``: once this many distinct comments are made, every further comment repeats one (bench/scale.py).
    """
    rng = random.Random(seed)
    sentences = sample_sentences()
    made: list[str] = []
    seen: set[str] = set()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "speciale", "region", "svar"])
        for i in range(n):
            u = rng.random()
            if distinct:
                text = ""
                while not text or text in seen:
                    text = " ".join(rng.choice(sentences) for _ in range(rng.choice([2, 3])))
                seen.add(text)
                made.append(text)
            elif u < 0.10:
                text = rng.choice(NON_ANSWERS)
            elif made and (u < 0.18 or (pool is not None and len(seen) >= pool)):
                text = rng.choice(made)
            else:
                text = " ".join(rng.choice(sentences) for _ in range(rng.choice([1, 1, 2, 2, 3])))
                if pool is None or text not in seen:  # with a pool, repeats are drawn from distinct comments
                    seen.add(text)
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


def raw_rate(embedder, texts: list[str]) -> float:
    """Texts/s of one embedder on texts, model loaded and warmed up, no cache."""
    embedder.embed_batch(texts[:32])
    t0 = time.perf_counter()
    embedder.embed_batch(texts)
    return len(texts) / (time.perf_counter() - t0)


def end_to_end(args: argparse.Namespace) -> None:
    from coder.embed import cache_home, get_embedder

    torch = get_embedder("e5", "torch")
    embedder = get_embedder("e5", args.backend)  # builds the chosen ONNX file once, outside the timings
    print(f"backend {args.backend} -> {embedder.model_id}, {os.cpu_count()} cores"
          + (f"; NOTE {embedder.notice}" if embedder.notice else ""))
    head = (f"{'batch':>9}{'comments':>9}{'distinct':>9}{'load':>6}{'cold s':>8}{'c/s':>6}{'embed s':>8}"
            f"{'RSS MB':>8}{'warm s':>7}{'warm c/s':>9}{'st c/s':>7}{'speed-up':>9}")
    print(head)
    print("-" * len(head), flush=True)
    jobs = [("repeated", n) for n in args.sizes] + [("distinct", n) for n in args.distinct]
    for kind, n in jobs:
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                tmp_path = Path(tmp)
                home = tmp_path / "home"
                home.mkdir()
                (home / "models").symlink_to(cache_home() / "models")
                env = {**os.environ, "CODER_HOME": str(home)}
                batch = tmp_path / "batch.csv"
                distinct = make_batch(n, batch, distinct=kind == "distinct")
                before = load()
                st = raw_rate(torch, distinct[: args.reference]) if args.reference else float("nan")
                cold, cold_embed, cold_rss = run(batch, tmp_path / "cold", env, args.backend)
                warm, _, _ = run(batch, tmp_path / "warm", env, args.backend)
            rate = n / cold
            print(f"{kind:>9}{n:>9}{len(distinct):>9}{before:>6}{cold:>8.1f}{rate:>6.0f}{cold_embed:>8.1f}"
                  f"{cold_rss:>8.0f}{warm:>7.1f}{n / warm:>9.0f}{st:>7.0f}{rate / st:>9.2f}", flush=True)


def check_texts(n: int = 2000) -> list[str]:
    """Distinct Danish texts for the equivalence check: sample answers, SIB-200 test, synthetic comments."""
    sys.path.insert(0, str(ROOT / "bench"))
    from sets import load as load_set

    texts = list(load_set("sample").texts)
    with open(SIB200, encoding="utf-8", newline="") as fh:
        texts += [r["text"] for r in csv.DictReader(fh) if r["split"] == "test"]
    with tempfile.TemporaryDirectory() as tmp:
        texts += make_batch(3 * n, Path(tmp) / "b.csv")
    return list(dict.fromkeys(t for t in texts if t.strip()))[:n]


def calibration_texts() -> list[str]:
    """SIB-200's train split and the klynger codebook's texts (never the texts the check uses)."""
    from coder.codebook import load_codebook

    with open(SIB200, encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh) if r["split"] == "train"]
    for theme in load_codebook(ROOT / "codebooks" / "klynger.yaml").themes:
        texts += list(theme.prototype_texts())
    return texts


def variant_embedder(name: str):
    """The embedder for a variant name, building its file first (with calibration texts if it needs them)."""
    from coder.embed import ensure_default_model, get_embedder
    from coder.embed.quantize import VARIANTS, build_variant

    file = {"openvino:int8": "static-int8"}.get(name, name.removeprefix("onnx:"))
    if file in VARIANTS and file != "fp32":
        build_variant(ensure_default_model(), file,
                      calibration_texts() if VARIANTS[file].needs_calibration_texts else None)
    return get_embedder("e5", name)


def variants(args: argparse.Namespace) -> None:
    import numpy as np

    sys.path.insert(0, str(ROOT / "bench"))
    from sets import load as load_set

    from coder.classify import Features, zero_shot
    from coder.classify.metrics import macro_f1
    from coder.embed import CachedEmbed
    from coder.embed.cpu import cpu_flags

    flags = cpu_flags()
    simd = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_int8", "amx_bf16")
            if f in flags]
    print(f"CPU: {os.cpu_count()} cores, {', '.join(simd) or 'no AVX2'}; load {load()}")
    texts = check_texts()
    sample = load_set("sample")
    gold = [g[0] for g in sample.gold]
    speed_texts = texts[::5]
    names = args.variants or ALL_VARIANTS
    if "torch" not in names:
        names = ["torch", *names]
    rows, built = {}, {}
    for name in names:
        t0 = time.perf_counter()
        try:
            embedder = variant_embedder(name)
            # the reference's vectors are deterministic: kept in the embedding cache between runs
            vectors = CachedEmbed.of(embedder)(texts) if name == "torch" else embedder.embed(texts)
        except Exception as err:  # a variant that cannot run here is reported, not fatal
            print(f"{name}: not run ({err.__class__.__name__}: {str(err)[:160]})", flush=True)
            continue
        built[name] = time.perf_counter() - t0
        embed = CachedEmbed.of(embedder) if name == "torch" else embedder.embed_batch
        codes = zero_shot(sample.codebook, embed).code(Features(embed(sample.texts), tuple(sample.texts))).primary
        rows[name] = {"embedder": embedder, "vectors": vectors, "codes": codes, "f1": macro_f1(gold, codes)}
        print(f"{name}: built/loaded and embedded {len(texts)} texts in {built[name]:.0f} s", flush=True)
    ref = rows["torch"]
    rates: dict[str, list[float]] = {name: [] for name in rows}
    loads = []
    for _ in range(args.repeat):
        loads.append(load())
        torch_rate = raw_rate(ref["embedder"], speed_texts)
        for name, row in rows.items():
            rate = torch_rate if name == "torch" else raw_rate(row["embedder"], speed_texts)
            rates[name].append(rate / torch_rate)
            row.setdefault("rate", []).append(rate)
    print(f"\n{len(texts)} texts for cosine; {len(sample.texts)} sample answers for codes; raw speed on "
          f"{len(speed_texts)} texts, {args.repeat} rounds at load {', '.join(loads)}")
    head = f"{'variant':<18}{'cos min':>8}{'cos mean':>9}{'codes':>7}{'ΔF1':>7}{'texts/s':>8}{'× torch':>8}"
    print(head)
    print("-" * len(head))
    for name, row in rows.items():
        cos = (row["vectors"] * ref["vectors"]).sum(axis=1)
        agree = float(np.mean([a == b for a, b in zip(row["codes"], ref["codes"])]))
        print(f"{name:<18}{cos.min():>8.4f}{cos.mean():>9.4f}{agree:>7.1%}{row['f1'] - ref['f1']:>+7.3f}"
              f"{max(row['rate']):>8.0f}{sorted(rates[name])[len(rates[name]) // 2]:>8.2f}")
    print(f"(torch fp32 macro-F1 {ref['f1']:.3f}; × torch is the median over rounds of the ratio in each round)")


def calibrate() -> None:
    import numpy as np

    from coder.embed import ensure_default_model
    from coder.embed.quantize import CALIBRATION, ffn_input_maxima

    texts = calibration_texts()
    np.savez_compressed(CALIBRATION, **ffn_input_maxima(ensure_default_model(), texts))
    print(f"{CALIBRATION}: feed-forward input maxima from {len(texts)} calibration texts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000, 100000],
                        help="partly repeated batches (1000000 works too)")
    parser.add_argument("--distinct", type=int, nargs="*", default=[2000], help="batches of distinct 2–3 sentence "
                                                                                "comments")
    parser.add_argument("--backend", default="auto", help="auto, int8, onnx, torch, onnx:VARIANT, openvino:NAME")
    parser.add_argument("--reference", type=int, default=2000, help="texts for the raw-encoder reference (0: skip)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each batch (variants: speed rounds)")
    parser.add_argument("--variants", nargs="*", default=None, help=f"compare variants: {' '.join(ALL_VARIANTS)}")
    parser.add_argument("--calibrate", action="store_true", help="rewrite the smoothing scales from the "
                                                                 "calibration texts")
    args = parser.parse_args()
    from coder.embed import ensure_default_model

    ensure_default_model()
    if args.calibrate:
        calibrate()
    elif args.variants is not None:
        args.repeat = max(args.repeat, 3)
        variants(args)
    else:
        end_to_end(args)


if __name__ == "__main__":
    main()
