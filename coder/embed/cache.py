"""Vectors on disk by (model id, text), so a second run encodes nothing; and embedding through that cache."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
import zipfile
from pathlib import Path
from typing import Sequence

import numpy as np

from coder.embed.base import Embedder, Progress, cache_home
from coder.errors import OutputError, os_reason
from coder.text.letters import danish_letters


class EmbeddingCache:
    """Vectors on disk by (model id, text): shards of (hashes, float32 vectors) in .npz files."""

    def __init__(self, model_id: str, root: Path | None = None) -> None:
        safe = hashlib.sha256(model_id.encode()).hexdigest()[:16]
        self.dir = (root or cache_home() / "embeddings") / safe
        self.model_id = model_id
        self._index: dict[bytes, np.ndarray] | None = None

    @staticmethod
    def digest(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def _load(self) -> dict[bytes, np.ndarray]:
        if self._index is None:
            self._index = {}
            for hashes, vectors in _shards(self.dir):
                for h, v in zip(hashes, vectors):
                    self._index[bytes(h)] = v
        return self._index

    def lookup(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        index = self._load()
        return [index.get(self.digest(t)) for t in texts]

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        if not texts:
            return
        hashes = np.frombuffer(b"".join(self.digest(t) for t in texts), dtype=np.uint8).reshape(len(texts), 20)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / "model.json").write_text(json.dumps({"model_id": self.model_id}))
            _write_shard(self.dir / f"{uuid.uuid4().hex}.npz", hashes, vectors.astype(np.float32))
        except OSError as err:  # a full or read-only CODER_HOME: say which folder, and the ways on (walk39)
            raise OutputError(f"{self.dir}: the embedding cache cannot be written ({os_reason(err)}); pass --no-cache, "
                              "or set CODER_HOME to a folder with room that you may write to",
                              danish=f"{self.dir}: embedding-cachen kan ikke skrives ({os_reason(err, True)}); angiv "
                                     "--no-cache, eller sæt CODER_HOME til en mappe med plads, som du må skrive i"
                              ) from None
        index = self._load()
        for t, v in zip(texts, vectors):
            index[self.digest(t)] = v


def _write_shard(path: Path, hashes: np.ndarray, vectors: np.ndarray) -> None:
    """Write a shard whole or not at all: through a hidden temporary file, removed if the write fails (a full disk
    left a 0-byte one behind, walk39)."""
    tmp = path.parent / f".{uuid.uuid4().hex}.npz"
    try:
        with open(tmp, "wb") as fh:
            np.savez(fh, hashes=hashes, vectors=vectors)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


BROKEN = (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile)  # what reading a shard cut short raises


def shard_files(folder: Path) -> list[Path]:
    """The shards in ``folder``, oldest name first; a hidden file is a write under way, never a shard."""
    return sorted(folder.glob("[!.]*.npz")) if folder.is_dir() else []


def drop_broken(shard: Path) -> None:
    """Remove a shard that cannot be read: the cache only spares work (walk39: one failed every later run)."""
    try:
        shard.unlink()
    except OSError:
        pass


def _readable(shard: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """A shard's (hashes, vectors), or None for one that cannot be read (cut short by a killed process or a full
    disk), which is removed: the cache only spares work, and one broken shard failed every later run (walk39)."""
    try:
        with np.load(shard) as z:
            return z["hashes"], z["vectors"]
    except BROKEN:
        drop_broken(shard)
        return None


def _shards(folder: Path):
    """(hashes, vectors) of each readable shard in ``folder``; a hidden file is a write under way, never a shard."""
    for shard in shard_files(folder):
        read = _readable(shard)
        if read is not None:
            yield read


def forget_vectors(texts: Sequence[str], root: Path | None = None) -> int:
    """Remove the vectors of ``texts`` from the cache of every model (``root``: the cache's folder, default under
    ``cache_home()``), rewriting the shards that hold them; returns how many vectors went. An erased respondent's
    answers leave no vector keyed by their text's digest behind (another answer with the same text is embedded
    again when next coded)."""
    wanted = {EmbeddingCache.digest(danish_letters(t)) for t in texts}
    folder = root or cache_home() / "embeddings"
    removed = 0
    models = sorted(p for p in folder.iterdir() if p.is_dir()) if wanted and folder.is_dir() else []
    for shard in (shard for model in models for shard in shard_files(model)):
        read = _readable(shard)
        if read is None:
            continue
        hashes, vectors = read
        keep = np.array([bytes(h) not in wanted for h in hashes], dtype=bool)
        if keep.all():
            continue
        removed += int((~keep).sum())
        if keep.any():
            _write_shard(shard, hashes[keep], vectors[keep])
        else:
            shard.unlink()
    return removed


def embed_cached(embedder: Embedder, texts: Sequence[str], cache: EmbeddingCache | None = None,
                 progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Embed distinct texts once, reading and filling the cache. A text typed without æ, ø and å is embedded
    with them where its words are Danish words so (``coder.text.letters``): the model reads "moedet" as
    another word than "mødet".

    Returns:
        (vectors of shape (len(texts), dim), number of texts actually encoded).
    """
    texts = [danish_letters(t) for t in texts]
    unique = list(dict.fromkeys(texts))
    found = cache.lookup(unique) if cache else [None] * len(unique)
    todo = [t for t, v in zip(unique, found) if v is None]
    fresh = embedder.embed(sorted(todo, key=len), progress=progress) if todo else None
    by_text: dict[str, np.ndarray] = {t: v for t, v in zip(unique, found) if v is not None}
    if fresh is not None:
        ordered = sorted(todo, key=len)
        by_text.update(zip(ordered, fresh))
        if cache:
            cache.add(ordered, fresh)
    if progress and not todo:
        progress(len(unique), len(unique))
    dim = len(next(iter(by_text.values()))) if by_text else embedder.dim
    out = np.zeros((len(texts), dim), np.float32)
    for i, t in enumerate(texts):
        out[i] = by_text[t]
    return out, len(todo)


class CachedEmbed:
    """``texts -> vectors`` through an embedder and its on-disk cache (no cache: ``cache=None``).

    Counts in ``encoded`` the texts it really sent to the model, and reports progress if asked.
    """

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None = None,
                 progress: Progress | None = None) -> None:
        self.embedder = embedder
        self.cache = cache
        self.progress = progress
        self.encoded = 0

    @classmethod
    def of(cls, embedder: Embedder, use_cache: bool = True, progress: Progress | None = None) -> "CachedEmbed":
        """The embedder with its default cache (under ``cache_home()``), or none."""
        return cls(embedder, EmbeddingCache(embedder.model_id) if use_cache else None, progress)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, shape (len(texts), dim), float32."""
        vectors, encoded = embed_cached(self.embedder, list(texts), self.cache, self.progress)
        self.encoded += encoded
        return vectors
