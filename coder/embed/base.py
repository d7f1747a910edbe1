"""The Embedder interface, where models and caches live, and quieting the model libraries.

All embedders return ``np.ndarray`` of shape ``(len(texts), dim)``, float32, rows of unit length.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

Progress = Callable[[int, int], None]


# ONNX Runtime (1.32) sends usage events to Microsoft and keeps a device id and an event queue in
# ~/.cache/Microsoft/DeveloperTools/.onnxruntime unless told not to, before coder's first model call (walk39): coder is
# offline and writes nothing outside the project and its own cache. Set before any onnxruntime import; a user's own
# setting stands.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


def load_onnxruntime():
    """``onnxruntime``, imported with its telemetry off (``ORT_DISABLE_TELEMETRY``, set above, and its own switch)."""
    import onnxruntime

    off = getattr(onnxruntime, "disable_telemetry_events", None)
    if off is not None:
        off()
    return onnxruntime


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
    """Maps texts to unit vectors; ``model_id`` names the model for caches and run records.

    ``notice`` is None, or says why this embedder is not the one that was asked for (a fallback
    chosen by the registry), for the caller to show.
    """

    model_id: str
    neural: bool = True
    notice: str | None = None

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
