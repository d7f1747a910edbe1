"""A local sentence-transformers folder run with sentence-transformers (torch): the reference path."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from coder.embed.base import Embedder, quiet_libraries
from coder.errors import ModelError


class SentenceTransformerEmbedder(Embedder):
    """A local sentence-transformers folder, loaded offline, with its ``query`` prompt if it has one.

    The model is loaded on first use, so a rerun served wholly from the cache never loads it.
    """

    def __init__(self, path: Path, model_id: str | None = None) -> None:
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise ModelError(f"{path}: not a sentence-transformers folder (no modules.json or config.json)",
                             danish=f"{path}: ikke en sentence-transformers-mappe (ingen modules.json eller "
                                    "config.json)")
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
                                 "pass --model lexical to use the lexical fallback",
                                 danish=f"{self.path}: modellen kan ikke indlæses ({err.__class__.__name__}: {err}); "
                                        "angiv --model lexical for at bruge den leksikale reserve") from None
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


def _folder_fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(path.rglob("*")):
        if f.is_file():
            h.update(f"{f.relative_to(path)}:{f.stat().st_size}".encode())
    return h.hexdigest()[:12]
