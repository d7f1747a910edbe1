"""Offline means nothing leaves the machine and nothing is written outside the project and coder's cache.

walk39 found ONNX Runtime 1.32 looking up Microsoft's telemetry host on every run and keeping a device id and an
event queue in ~/.cache/Microsoft/DeveloperTools/.onnxruntime.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = """
import sys
from onnx import TensorProto, helper
import numpy as np
if sys.argv[1] == "coder":
    from coder.embed.base import load_onnxruntime
    ort = load_onnxruntime()
else:
    import onnxruntime as ort
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
model = helper.make_model(helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", [x], [y]),
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
assert session.run(None, {"x": np.ones(1, np.float32)})[0][0] == 1.0
"""


def _home_after(tmp_path: Path, how: str) -> list[str]:
    home = tmp_path / how
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"} | {"HOME": str(home)}
    subprocess.run([sys.executable, "-c", RUN, how], check=True, env=env, timeout=120)
    return [str(p.relative_to(home)) for p in home.rglob("*")]


def test_onnx_runtime_keeps_no_telemetry_when_coder_loads_it(tmp_path: Path) -> None:
    plain = _home_after(tmp_path, "plain")
    if not plain:
        pytest.skip("this onnxruntime writes no telemetry files even when left alone: nothing to turn off")
    assert _home_after(tmp_path, "coder") == []


def test_the_switch_is_set_before_any_import_of_onnxruntime() -> None:
    done = subprocess.run([sys.executable, "-c", "import os, coder.embed; print(os.environ['ORT_DISABLE_TELEMETRY'])"],
                          capture_output=True, text=True, check=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"})
    assert done.stdout.strip() == "1"
