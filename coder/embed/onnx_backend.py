"""The fast path for the default model: the same BERT exported to ONNX, run with ONNX Runtime.

Same tokenizer, mean pooling and L2 normalisation in numpy, no torch import at run time. The
fp32 export's vectors match the sentence-transformers path at cosine ≥ 0.9999 (tests/test_onnx.py);
faster copies of it (int8, fused) are built by ``coder.embed.quantize`` and run by the same
``OnnxEmbedder``.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from coder.embed.base import Embedder, load_onnxruntime, quiet_libraries
from coder.errors import ModelError

ONNX_FILE = "onnx/model.onnx"
WORD_TABLE = "word_embeddings.npy"  # beside an ONNX file whose graph takes WORD_INPUT instead of a table
WORD_INPUT = "word_vectors"


def export_onnx(model_dir: Path, target: Path | None = None, attention: str | None = None) -> Path:
    """Export the sentence-transformers folder's BERT to ``model_dir/onnx/model.onnx`` (once, ~15 s).

    ``target`` and ``attention`` (e.g. ``"eager"``, whose graph ORT's transformer optimiser can
    fuse) make another export; the default export uses transformers' default attention.
    """
    target = target or model_dir / ONNX_FILE
    if target.exists():
        return target
    quiet_libraries()
    import torch
    from transformers import AutoModel

    class _Hidden(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    extra = {"attn_implementation": attention} if attention else {}
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True, **extra).eval()
    ids = torch.tensor([[0, 1000, 2000, 2]], dtype=torch.long)
    mask = torch.ones_like(ids)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{os.getpid()}.{target.name}")
    import warnings

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Hidden(bert), (ids, mask), str(tmp), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"},
                                        "last_hidden_state": {0: "batch", 1: "tokens"}})
    os.replace(tmp, target)
    return target


class OnnxEmbedder(Embedder):
    """Embeds with ONNX Runtime from a sentence-transformers folder and an ONNX file of its BERT.

    ``onnx_file`` defaults to the fp32 export ``model_dir/onnx/model.onnx``.
    """

    def __init__(self, model_dir: Path, model_id: str, batch_size: int = 32, threads: int | None = None,
                 onnx_file: Path | None = None) -> None:
        try:
            load_onnxruntime()  # fail early if missing
            from tokenizers import Tokenizer  # noqa: F401
        except ImportError as err:
            raise ModelError(f"the ONNX path needs onnxruntime and tokenizers ({err}); pass --backend torch",
                             danish=f"ONNX-vejen kræver onnxruntime og tokenizers ({err}); angiv --backend "
                                    "torch") from None
        self.model_id = model_id
        self.batch_size = batch_size
        config = json.loads((model_dir / "config_sentence_transformers.json").read_text())
        self.prefix = (config.get("prompts") or {}).get("query", "")
        st = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self._max_tokens = int(st.get("max_seq_length", 512))
        self._tokenizer_file = model_dir / "tokenizer.json"
        self._tokenizer: Tokenizer | None = None
        self._path = onnx_file or model_dir / ONNX_FILE
        self._threads = threads or os.cpu_count() or 1
        self._session = None  # loaded on first use: a rerun served from the cache never loads it
        self._words: np.ndarray | None = None  # the word-embedding table, where the file keeps it apart
        self._dim = int(json.loads((model_dir / "config.json").read_text())["hidden_size"])

    @property
    def tokenizer(self):
        """The fast tokenizer (parsed on first use: the 250k-piece file takes ~1 s)."""
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_file(str(self._tokenizer_file))
            self._tokenizer.enable_truncation(self._max_tokens)
        return self._tokenizer

    @property
    def session(self):
        """The ONNX Runtime session (loaded on first use)."""
        if self._session is None:
            ort = load_onnxruntime()
            options = ort.SessionOptions()
            options.intra_op_num_threads = self._threads
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            session = ort.InferenceSession(str(self._path), options, providers=["CPUExecutionProvider"])
            if any(i.name == WORD_INPUT for i in session.get_inputs()):
                self._words = np.load(self._path.with_name(WORD_TABLE), mmap_mode="r")
            self._session = session
        return self._session

    def load(self) -> None:
        """Load the tokenizer and the session (at once: the session in a second thread)."""
        if self._session is None:
            loader = threading.Thread(target=lambda: self.session, daemon=True)
            loader.start()
            self.tokenizer
            loader.join()
        self.session  # raises here if the thread failed

    @property
    def dim(self) -> int:
        return self._dim

    def encode_ids(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask of the prefixed texts, padded to the longest: two (n, tokens) int64."""
        encodings = self.tokenizer.encode_batch([self.prefix + t for t in texts])
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), np.int64)
        mask = np.zeros((len(texts), width), np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        return ids, mask

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        out = np.zeros((len(texts), self._dim), np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            idx = order[start : start + self.batch_size]
            ids, mask = self.encode_ids([texts[i] for i in idx])
            feeds = {"input_ids": ids, "attention_mask": mask}
            if self._words is not None:
                feeds[WORD_INPUT] = np.asarray(self._words[ids], dtype=np.float32)
            hidden = self.session.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out
