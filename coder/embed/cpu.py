"""Can this machine run the int8 encoder well? The CPU's instruction sets and the runtime's presence.

ONNX Runtime's int8 matrix kernels need AVX2 on x86-64 (AVX-VNNI, AVX-512 VNNI and AMX are used
when present) or the dot-product extension on ARM; elsewhere int8 would be slower than fp32, and
its accuracy was measured only on those kernels.
"""

from __future__ import annotations

import platform
from pathlib import Path

from coder.embed.base import load_onnxruntime
from coder.errors import Notice

INT8_FLAGS = {"x86_64": ("avx2",), "amd64": ("avx2",), "aarch64": ("asimddp",), "arm64": ("asimddp",)}


def cpu_flags() -> set[str]:
    """Lower-case instruction-set flags of this CPU (``/proc/cpuinfo``, else numpy's dispatch table)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    try:  # macOS, Windows: numpy knows what its own SIMD dispatch found
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # pragma: no cover - older numpy
        return set()
    aliases = {"asimddp": "ASIMDDP", "avx2": "AVX2", "avx512_vnni": "AVX512_VNNI"}
    return {flag for flag, name in aliases.items() if features.get(name)}


def int8_unsupported() -> Notice | None:
    """Why the int8 encoder cannot run well here (in English, and Danish in ``danish``), or None when it can."""
    try:
        load_onnxruntime()
    except ImportError as err:
        return Notice(f"onnxruntime does not load ({err})", f"onnxruntime kan ikke indlæses ({err})")
    machine = platform.machine().lower()
    needed = INT8_FLAGS.get(machine)
    if needed is None:
        return Notice(f"no int8 kernels measured on {machine or 'this CPU'}",
                      f"ingen int8-kerner er målt på {machine or 'denne CPU'}")
    missing = [flag for flag in needed if flag not in cpu_flags()]
    if missing:
        flags = ", ".join(f.upper() for f in missing)
        return Notice(f"the CPU lacks {flags}", f"CPU'en mangler {flags}")
    return None
