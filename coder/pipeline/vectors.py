"""The embedding cache as a chunked run reads it: only the vectors a chunk asks for are held.

``coder.embed.EmbeddingCache`` loads every cached vector into memory on first use, which grows with
everything ever embedded (1.5 GB for a million e5 vectors). ``ChunkCache`` reads and writes the
same shards (``coder.embed.cache``'s format, so either finds the other's vectors) but looks a
chunk's texts up shard by shard: each shard's hashes are read, and its vectors only when one of
them is asked for.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from coder.embed import EmbeddingCache
from coder.embed.cache import BROKEN, drop_broken, shard_files


class ChunkCache(EmbeddingCache):
    """An embedding cache whose memory is bounded by the texts of one lookup."""

    def lookup(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        wanted = {self.digest(t) for t in texts}
        prefixes = np.array(sorted({int.from_bytes(d[:8], "little") for d in wanted}), dtype=np.uint64)
        found: dict[bytes, np.ndarray] = {}
        for shard in shard_files(self.dir) if wanted else []:
            try:
                with np.load(shard) as z:
                    hashes = z["hashes"]
                    first = np.ascontiguousarray(hashes[:, :8]).view("<u8").ravel()
                    rows = [n for n in np.flatnonzero(np.isin(first, prefixes))
                            if bytes(hashes[n]) in wanted and bytes(hashes[n]) not in found]
                    if rows:
                        vectors = z["vectors"]
                        found.update((bytes(hashes[n]), vectors[n].copy()) for n in rows)
            except BROKEN:  # cut short by a killed process or a full disk: passed over (walk41)
                drop_broken(shard)
        return [found.get(self.digest(t)) for t in texts]

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self._index = {}  # the parent keeps what it adds in memory: keep nothing
        super().add(texts, vectors)
        self._index = None
