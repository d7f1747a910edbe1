"""The first pass of a chunked run: read, flag, find repeats, embed and store each chunk in its own transaction.

Repeats of an answer to the same question are found across chunks through the store (a digest of
each first answer's comparison key, ``coder.store.progress``), so memory does not grow with the
batch. Each chunk's distinct answers and their vectors go to the run's scratch folder
(``coder.pipeline.spill``); its comments, their statuses and the run's progress are committed
together, so an interrupted run starts again at the first chunk not committed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from coder.embed import CachedEmbed
from coder.io import Batch
from coder.pipeline.spill import Distinct, Spill
from coder.pipeline.steps import check_chunk
from coder.store import Prediction, Store, StoredComment, comment_id
from coder.text import CODED, clean, key, redact, status_of


@dataclass(frozen=True)
class ChunkDone:
    """What the CLI shows of a run's progress: a stage's chunks done, and input rows done."""

    stage: str  # "read" (flag, embed, store), "embed" (part of a chunk embedded), "code", "write"
    chunk: int  # chunks of this stage done
    chunks: int
    rows: int  # input rows of this stage done
    total_rows: int


OnChunk = Callable[[ChunkDone], None]


def digest(text: str) -> bytes:
    """The 16-byte digest of an answer's comparison key (what makes two answers the same answer)."""
    return hashlib.blake2b(key(text).encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True)
class Flags:
    """A chunk's comments flagged: cleaned texts, statuses, repeats, and the distinct answers among them.

    Attributes:
        distinct: positions (in ``batch.comments``) of the first occurrences, in input order.
        first_index: position -> index among all distinct answers of the run of its answer (coded ones).
        new_keys: (question, key digest, respondent id, distinct index) of the answers first seen here.
    """

    texts: list[str]
    statuses: list[str]
    duplicate_of: list[str | None]
    distinct: list[int]
    first_index: dict[int, int]
    new_keys: list[tuple[str, bytes, str, int]]


def flag_chunk(store: Store, run_id: int, batch: Batch, start: int) -> Flags:
    """Clean and flag a chunk; a repeat points at the first identical answer to its question, in any chunk.

    ``start``: distinct answers in the chunks before this one.
    """
    texts = [clean(c.text) for c in batch.comments]
    statuses = [status_of(t) for t in texts]
    duplicate_of: list[str | None] = [None] * len(texts)
    earlier: dict[int, int] = {}  # position -> distinct index of a first answer in an earlier chunk
    here: dict[int, int] = {}  # position -> position of its first answer in this chunk
    firsts: list[tuple[int, bytes]] = []
    for q in batch.questions:
        idx = [i for i, c in enumerate(batch.comments) if c.question == q and statuses[i] == CODED]
        keys = [digest(texts[i]) for i in idx]
        seen = store.first_occurrences(run_id, q, keys)
        local: dict[bytes, int] = {}
        for i, k in zip(idx, keys):
            if k in seen:
                duplicate_of[i], earlier[i] = seen[k]
            elif k in local:
                duplicate_of[i], here[i] = batch.comments[local[k]].id, local[k]
            else:
                local[k] = i
                firsts.append((i, k))
    distinct = [i for i, s in enumerate(statuses) if s == CODED and duplicate_of[i] is None]
    first_index = {i: start + n for n, i in enumerate(distinct)}
    first_index.update(earlier)
    first_index.update({i: first_index[f] for i, f in here.items()})
    new_keys = [(batch.comments[i].question, k, batch.comments[i].id, first_index[i]) for i, k in firsts]
    return Flags(texts, statuses, duplicate_of, distinct, first_index, new_keys)


def _attributes(batch: Batch, row: int, free_text: Sequence[str], locale: str = "da") -> dict[str, str]:
    """The row's background values, with personal data redacted in those that read as free text (an open question
    not coded: its e-mails and phone numbers went whole into assignments.csv and the REFI-QDA export), with
    placeholders in the reader's ``locale``."""
    values = batch.attributes(row)
    return {k: redact(v, locale) if k in free_text else v for k, v in values.items()}


EMBED_SLICE = 1000  # distinct answers embedded between two progress reports within a chunk


def _embed_in_slices(embed: CachedEmbed, texts: list[str], done: Callable[[int], None] | None) -> np.ndarray:
    """``embed(texts)`` a slice at a time, always alike (the same input embeds the same way whoever watches), with
    ``done(k)`` after each (k texts embedded): a chunk of 20,000 answers takes minutes to embed on a cold cache, and
    its progress bar stood at 0 all that time."""
    if len(texts) <= EMBED_SLICE:
        return embed(texts)
    parts = []
    for start in range(0, len(texts), EMBED_SLICE):
        parts.append(embed(texts[start:start + EMBED_SLICE]))
        if done is not None:
            done(min(start + EMBED_SLICE, len(texts)))
    return np.vstack(parts)


def ingest(store: Store, run_id: int, chunks: Iterable[Batch], n_chunks: int, total_rows: int, embed: CachedEmbed,
           spill: Spill, progress: dict, audit_ids: set[str], on_chunk: OnChunk | None = None,
           free_text: Sequence[str] = (), locale: str = "da") -> dict:
    """Flag, embed and store every chunk from ``progress["read"]`` on; returns the progress when all are read.

    ``progress`` holds ``read`` (chunks committed), ``distinct`` (distinct answers in them), ``encoded``
    (of which the model encoded, the rest coming from the cache) and
    ``audit_rows`` (audit comment id -> [distinct index of its answer, comment id of its first occurrence]).
    """
    progress = dict(progress)
    done_rows = 0
    for n, batch in enumerate(chunks):
        if n < progress["read"]:
            done_rows += batch.n_rows
            continue
        flags = flag_chunk(store, run_id, batch, progress["distinct"])
        comments = batch.comments
        cids = [comment_id(c.id, c.question) for c in comments]
        before = embed.encoded
        texts = [flags.texts[i] for i in flags.distinct]
        vectors = _embed_in_slices(embed, texts, None if on_chunk is None else lambda k, rows=done_rows, b=batch, c=n:
                                   on_chunk(ChunkDone("embed", c, n_chunks, rows + b.n_rows * k // len(texts),
                                                      total_rows)))
        spill.save_distinct(n, Distinct(progress["distinct"], vectors, tuple(flags.texts[i] for i in flags.distinct),
                                        tuple(comments[i].question for i in flags.distinct),
                                        tuple(cids[i] for i in flags.distinct)))
        audit_rows = dict(progress["audit_rows"])
        for i, k in flags.first_index.items():  # an audit draw -> its answer's index and first comment
            if cids[i] in audit_ids:
                first = cids[i] if flags.duplicate_of[i] is None else comment_id(flags.duplicate_of[i],
                                                                                 comments[i].question)
                audit_rows[cids[i]] = [k, first]
        progress.update(read=n + 1, distinct=progress["distinct"] + len(flags.distinct), audit_rows=audit_rows,
                        encoded=progress.get("encoded", 0) + embed.encoded - before)
        preds = [Prediction(cid, s, d) for cid, s, d in zip(cids, flags.statuses, flags.duplicate_of)]
        check_chunk(n + 1, batch.n_rows, len(batch.questions), len(preds))
        with store.transaction():
            store.put_comments(StoredComment(cid, c.id, c.question, c.row, t,
                                             _attributes(batch, c.row, free_text, locale))
                               for cid, c, t in zip(cids, comments, flags.texts))
            store.put_predictions(run_id, preds)
            store.add_first_occurrences(run_id, flags.new_keys)
            store.set_progress(run_id, progress)
        done_rows += batch.n_rows
        if on_chunk:
            on_chunk(ChunkDone("read", n + 1, n_chunks, done_rows, total_rows))
    return progress
