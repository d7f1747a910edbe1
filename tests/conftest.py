"""Shared fixtures: a deterministic fake embedder so most tests need no model."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest

from coder.embed import Embedder

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


class FakeEmbedder(Embedder):
    """Bag of word vectors: each lower-cased word prefix (5 chars) maps to a fixed random vector.

    Texts sharing words get similar vectors, so classification behaves sensibly, and
    every vector depends on its own text only.
    """

    model_id = "fake-words-64"
    neural = True

    def __init__(self) -> None:
        self.calls = 0
        self.texts_seen = 0

    @property
    def dim(self) -> int:
        return 64

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_seen += len(texts)
        out = np.zeros((len(texts), 64), np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                seed = int.from_bytes(hashlib.sha1(word[:5].encode()).digest()[:4], "little")
                out[i] += np.random.default_rng(seed).standard_normal(64).astype(np.float32)
            out[i] += 0.01
            out[i] /= np.linalg.norm(out[i])
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, request) -> None:
    """Keep embedding caches of fast tests out of the user's cache; slow tests share the real model."""
    if "slow" in request.keywords:
        return
    home = tmp_path_factory.mktemp("coder-home")
    models = Path(__import__("coder.embed", fromlist=["cache_home"]).cache_home()) / "models"
    if models.exists():
        (home / "models").symlink_to(models)
    monkeypatch.setenv("CODER_HOME", str(home))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/data."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def codebook_path() -> Path:
    return ROOT / "codebooks" / "klynger.yaml"
