"""A chunked run's scratch files: each chunk's distinct answers (vectors, texts, questions, ids) and their coding.

They live in ``DIR/.coder-run-<run id>/`` while the run is written, so that later passes (fitting,
coding, the review queue, typicality) read one chunk at a time instead of holding the batch, and so
that an interrupted run resumes without embedding again. Each file is written atomically; the
folder goes when the run finishes.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coder.classify import Features

PREFIX = ".coder-run-"


@dataclass(frozen=True)
class Distinct:
    """A chunk's distinct substantive answers (first occurrences), in input order.

    Attributes:
        start: index of the first of them among all distinct answers of the run.
        vectors: (m, dim) float32 unit embeddings.
        texts, questions, comment_ids: m each.
    """

    start: int
    vectors: np.ndarray
    texts: tuple[str, ...]
    questions: tuple[str, ...]
    comment_ids: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def features(self) -> Features:
        return Features(self.vectors, self.texts)

    @property
    def indices(self) -> np.ndarray:
        """(m,) their indices among all distinct answers of the run."""
        return np.arange(self.start, self.start + len(self))


def _strings(values: tuple[str, ...]) -> np.ndarray:
    return np.frombuffer(json.dumps(list(values), ensure_ascii=False).encode("utf-8"), np.uint8)


def _unstrings(data: np.ndarray) -> tuple[str, ...]:
    return tuple(json.loads(data.tobytes().decode("utf-8")))


class Spill:
    """The scratch folder of one run."""

    def __init__(self, project: Path, run_id: int) -> None:
        self.dir = project / f"{PREFIX}{run_id}"

    def _write(self, name: str, **arrays: np.ndarray) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".{name}.tmp"
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / f"{name}.npz")

    def save_distinct(self, chunk: int, d: Distinct) -> None:
        self._write(f"distinct-{chunk:06d}", start=np.array(d.start), vectors=d.vectors.astype(np.float32),
                    texts=_strings(d.texts), questions=_strings(d.questions), ids=_strings(d.comment_ids))

    def load_distinct(self, chunk: int) -> Distinct:
        with np.load(self.dir / f"distinct-{chunk:06d}.npz") as z:
            return Distinct(int(z["start"]), z["vectors"], _unstrings(z["texts"]), _unstrings(z["questions"]),
                            _unstrings(z["ids"]))

    def has_distinct(self, chunk: int) -> bool:
        return (self.dir / f"distinct-{chunk:06d}.npz").exists()

    def save_coding(self, chunk: int, proba: np.ndarray) -> None:
        self._write(f"coding-{chunk:06d}", proba=proba)

    def load_coding(self, chunk: int) -> np.ndarray | None:
        path = self.dir / f"coding-{chunk:06d}.npz"
        if not path.exists():
            return None
        with np.load(path) as z:
            return z["proba"]

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def remove_spills(project: Path, keep: int | None = None) -> None:
    """Remove the scratch folders of runs other than ``keep`` (abandoned or finished ones)."""
    if not project.is_dir():
        return
    for folder in project.glob(f"{PREFIX}*"):
        if folder.name != f"{PREFIX}{keep}":
            shutil.rmtree(folder, ignore_errors=True)
