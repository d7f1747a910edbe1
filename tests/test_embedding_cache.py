"""The embedding cache only spares work: a shard a killed process or a full disk cut short never fails a run."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from coder.embed.cache import EmbeddingCache


def _cache(root: Path, kind: type = EmbeddingCache) -> EmbeddingCache:
    return kind("test-model", root)


@pytest.mark.parametrize("kind", ["whole", "chunked"])
def test_a_shard_cut_short_or_a_write_left_behind_is_passed_over(tmp_path: Path, kind: str) -> None:
    """walk39: a 0-byte '.<uuid>.npz' left by a full disk made every later run fail with 'aborted'; walk41: so it
    still did through the cache a chunked run reads (coder.pipeline.vectors.ChunkCache)."""
    from coder.pipeline.vectors import ChunkCache

    first = _cache(tmp_path)
    first.add(["mere tid", "færre møder"], np.eye(2, 4, dtype=np.float32))
    (first.dir / ".0123abcd.npz").write_bytes(b"")  # a write under way, or one a full disk stopped
    (first.dir / "cut.npz").write_bytes(b"PK\x03\x04 cut short")  # a shard a killed process left half written
    again = _cache(tmp_path, EmbeddingCache if kind == "whole" else ChunkCache)
    found = again.lookup(["mere tid", "færre møder", "noget nyt"])
    assert found[2] is None and np.array_equal(found[0], np.eye(2, 4, dtype=np.float32)[0])
    assert not (first.dir / "cut.npz").exists()  # removed: it holds nothing readable


def test_a_failed_write_leaves_no_file_behind_and_says_where_and_what_to_do(tmp_path: Path) -> None:
    """walk39: a full disk said 'der er ikke mere plads på disken' and named no folder."""
    from coder.errors import OutputError

    cache = _cache(tmp_path)
    with mock.patch("numpy.savez", side_effect=OSError(28, "No space left on device")):
        with pytest.raises(OutputError) as caught:
            cache.add(["mere tid"], np.ones((1, 4), np.float32))
    assert str(cache.dir) in caught.value.danish and "--no-cache" in caught.value.danish
    assert "CODER_HOME" in caught.value.danish
    assert not list(cache.dir.glob("*.npz"))  # hidden ones included (pathlib's * matches them)
    assert _cache(tmp_path).lookup(["mere tid"]) == [None]


def test_a_model_that_cannot_be_built_names_the_folder_and_coder_home(tmp_path: Path, monkeypatch) -> None:
    import coder.embed.registry as registry
    from coder.errors import ModelError

    monkeypatch.setenv("CODER_HOME", str(tmp_path))
    monkeypatch.setattr(registry, "build_sentence_transformer",
                        mock.Mock(side_effect=OSError(30, "Read-only file system")))
    with pytest.raises(ModelError) as caught:
        registry.ensure_default_model()
    assert f"i {tmp_path / 'models'} (ca. 1 GB)" in caught.value.danish and "CODER_HOME" in caught.value.danish
