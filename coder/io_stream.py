"""Reading a large export piece by piece (placeholder)."""

from __future__ import annotations

from pathlib import Path

from coder.io import ReadOptions


def can_stream(path: Path, options: ReadOptions) -> bool:
    return False


def scan_export(path: Path, options: ReadOptions):
    raise NotImplementedError
