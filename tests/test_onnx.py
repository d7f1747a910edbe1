"""The fast path (ONNX Runtime) gives the reference path's vectors and codes; the cache changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coder.classify import Features, zero_shot
from coder.codebook import load_codebook

ROOT = Path(__file__).parent.parent


def _sample_texts(n: int = 120) -> list[str]:
    with open(ROOT / "data" / "klynger_2025.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    return [r["forbedringer"] for r in rows if len(r["forbedringer"].split()) > 2][:n]


@pytest.mark.slow
def test_onnx_matches_torch_vectors_and_codes(codebook_path: Path) -> None:
    from coder.embed import get_embedder

    fast, ref = get_embedder("e5", "onnx"), get_embedder("e5", "torch")
    assert type(fast).__name__ == "OnnxEmbedder" and fast.model_id != ref.model_id
    texts = _sample_texts()
    a, b = fast.embed_batch(texts), ref.embed_batch(texts)
    assert a.shape == b.shape == (len(texts), 384)
    assert (a * b).sum(axis=1).min() >= 0.9999
    cb = load_codebook(codebook_path)
    codes = [zero_shot(cb, e.embed_batch).code(Features(v, tuple(texts))).primary for e, v in ((fast, a), (ref, b))]
    assert codes[0] == codes[1]


@pytest.mark.slow
def test_cached_vectors_give_the_same_codes(tmp_path: Path, codebook_path: Path, monkeypatch) -> None:
    from coder.embed import cache_home, ensure_default_model
    from coder.io import ReadOptions
    from coder.pipeline import CodeOptions, code_file

    ensure_default_model()
    real_models = cache_home() / "models"  # share the built model, not the embedding cache
    monkeypatch.setenv("CODER_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "models").symlink_to(real_models)
    cb = load_codebook(codebook_path)
    opts = CodeOptions(ReadOptions(("forbedringer",), "id"))
    cold = code_file(ROOT / "data" / "klynger_2025.csv", cb, tmp_path / "a", opts)
    warm = code_file(ROOT / "data" / "klynger_2025.csv", cb, tmp_path / "b", opts)
    assert cold.encoded > 300 and warm.encoded == 0
    assert (tmp_path / "a" / "assignments.csv").read_bytes() == (tmp_path / "b" / "assignments.csv").read_bytes()
