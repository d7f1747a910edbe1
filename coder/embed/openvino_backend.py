"""The e5 ONNX files run with OpenVINO instead of ONNX Runtime (measured in bench/speed.py, not the default).

OpenVINO reads the ONNX exports directly: ``fp32`` runs the fp32 export, ``int8`` the static QDQ
file (``coder.embed.quantize``'s ``static-int8``), which OpenVINO executes with int8 kernels; bf16
needs AVX-512 BF16 or AMX, which ``bench/speed.py`` reports when the CPU lacks them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coder.embed.onnx_backend import OnnxEmbedder
from coder.errors import ModelError


class _Session:
    """OpenVINO's compiled model behind ONNX Runtime's ``run(None, feeds)``."""

    def __init__(self, path: Path, threads: int, precision: str) -> None:
        try:
            import openvino as ov
        except ImportError as err:
            raise ModelError(f"the OpenVINO path needs the package 'openvino' ({err})",
                             danish=f"OpenVINO-vejen kræver pakken 'openvino' ({err})") from None
        core = ov.Core()
        self.compiled = core.compile_model(core.read_model(str(path)), "CPU",
                                           {"INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY",
                                            "INFERENCE_PRECISION_HINT": precision})
        self.request = self.compiled.create_infer_request()

    def run(self, _names: object, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        return [self.request.infer(feeds)[self.compiled.output(0)]]


OPENVINO_VARIANTS = {"fp32": ("fp32", "f32"), "int8": ("static-int8", "f32"), "bf16": ("fp32", "bf16")}


class OpenVinoEmbedder(OnnxEmbedder):
    """Like ``OnnxEmbedder`` (same tokenizer, pooling and files), run by OpenVINO on the CPU."""

    def __init__(self, model_dir: Path, model_id: str, onnx_file: Path, precision: str = "f32",
                 threads: int | None = None) -> None:
        super().__init__(model_dir, model_id, threads=threads, onnx_file=onnx_file)
        self.precision = precision

    @property
    def session(self) -> _Session:
        if self._session is None:
            self._session = _Session(self._path, self._threads, self.precision)
        return self._session
