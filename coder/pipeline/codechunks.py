"""The later passes of a chunked run: code each chunk, then write its predictions, in bounded memory.

Coding a chunk needs only the fitted classifier. What needs the whole batch is gathered as it
passes: the mean of all answers and a seeded reference sample (the review queue's density), each
(question × theme) centre (typicality: running float32 sums in input order, so they equal the mean
of the whole group), and the worthiest review candidates of each theme. Then every chunk's
predictions are written in their own transaction. The arithmetic is the single-pass path's, so a
batch coded in chunks of any size gets the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from coder.classify import Classifier, Coding, Thresholds, decide
from coder.classify.active import (
    MAX_QUEUE,
    QueueCandidates,
    QueueSettings,
    centre,
    density_of,
    margins,
    pick_order,
    reference_rows,
)
from coder.codebook import Codebook
from coder.errors import CoderError
from coder.pipeline.cluster import Dask, Local, code_chunk
from coder.pipeline.ingest import ChunkDone, OnChunk
from coder.pipeline.spill import Spill
from coder.pipeline.steps import check_chunk
from coder.store import Prediction, Store, comment_id
from coder.text import CODED, NEEDS_REVIEW


@dataclass
class Gathered:
    """What the coding pass gathers for the writing pass."""

    centres: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)  # (question, theme) -> unit centre
    places: dict[int, int] = field(default_factory=dict)  # distinct index -> place in the review queue


def coding_of(codebook: Codebook, classifier: Classifier, proba: np.ndarray) -> Coding:
    """The coding of stored probabilities, decided as the classifier decides."""
    return decide(tuple(codebook.ids), proba, codebook, classifier.secondary_ratio, classifier.secondary_min)


def batch_mean(spill: Spill, n_chunks: int, dim: int) -> np.ndarray:
    """(dim,) float32 mean of all distinct answers, summed in input order as ``X.mean(axis=0)`` sums."""
    acc, n = np.zeros(dim, np.float32), 0
    for c in range(n_chunks):
        d = spill.load_distinct(c)
        if len(d):
            acc = np.add.reduce(np.vstack([acc[None, :], d.vectors]), axis=0)
            n += len(d)
    return acc / n if n else acc


def gather_vectors(spill: Spill, n_chunks: int, idx: list[int]) -> dict[int, np.ndarray]:
    """Distinct index -> vector, for a few answers (read chunk by chunk)."""
    wanted = set(idx)
    out: dict[int, np.ndarray] = {}
    for c in range(n_chunks):
        d = spill.load_distinct(c)
        for k in wanted.intersection(range(d.start, d.start + len(d))):
            out[k] = d.vectors[k - d.start].copy()
    return out


def code_pass(store: Store, run_id: int, spill: Spill, cluster: Local | Dask, codebook: Codebook,
              classifier: Classifier, progress: dict, decided: set[str], draws: list[int],
              on_chunk: OnChunk | None = None, settings: QueueSettings = QueueSettings()) -> tuple[Gathered, dict]:
    """Code every chunk (or read the coding of chunks coded before an interruption), gathering centres and
    the review queue. Returns what the writing pass needs and the progress."""
    progress = dict(progress)
    n_chunks, n = progress["chunks"], progress["distinct"]
    dim = next((spill.load_distinct(c).vectors.shape[1] for c in range(n_chunks)
                if len(spill.load_distinct(c))), 0)
    mean = batch_mean(spill, n_chunks, dim)
    ref = reference_rows(n)
    found = gather_vectors(spill, n_chunks, ref.tolist())
    ref_vectors = centre(np.array([found[int(k)] for k in ref], np.float32).reshape(len(found), dim), mean)
    sums: dict[tuple[str, str], tuple[np.ndarray, int]] = {}
    queue = QueueCandidates(MAX_QUEUE)
    drawn = set(draws)
    for c in range(n_chunks):
        d = spill.load_distinct(c)
        proba = spill.load_coding(c) if c < progress["coded"] else None
        if proba is None:
            proba = code_chunk(cluster, classifier, d.features).proba
            spill.save_coding(c, proba)
            progress["coded"] = c + 1
            with store.transaction():
                store.set_progress(run_id, progress)
        coding = coding_of(codebook, classifier, proba)
        for key in dict.fromkeys(zip(d.questions, coding.primary)):
            rows = [i for i, g in enumerate(zip(d.questions, coding.primary)) if g == key]
            acc, count = sums.get(key, (np.zeros(dim, np.float32), 0))
            sums[key] = (np.add.reduce(np.vstack([acc[None, :], d.vectors[rows]]), axis=0), count + len(rows))
        if len(d):
            centred = centre(d.vectors, mean)
            dens = density_of(centred, d.indices, ref_vectors, ref, settings.neighbours) if n >= 2 else np.ones(len(d))
            worth = margins(coding.proba) * dens ** settings.density_power
            pool = [i for i in range(len(d)) if d.comment_ids[i] not in decided and d.start + i not in drawn]
            queue.add([d.start + i for i in pool], worth[pool], [coding.primary[i] for i in pool])
        if on_chunk:
            on_chunk(ChunkDone("code", c + 1, n_chunks, 0, 0))
    gathered = Gathered()
    for key, (acc, count) in sums.items():
        mid = acc / count
        gathered.centres[key] = (mid / max(float(np.linalg.norm(mid)), 1e-12)).astype(np.float64)

    def vectors(idx: list[int]) -> np.ndarray:
        got = gather_vectors(spill, n_chunks, idx)
        return centre(np.array([got[k] for k in idx], np.float32), mean)

    order = pick_order(vectors, queue, draws, None, settings) if n else []
    gathered.places = {k: place for place, k in enumerate(order, start=1)}
    return gathered, progress


def _first_prediction(cid: str, k: int, coding: Coding, typicality: float, place: int | None) -> Prediction:
    scores = {t: round(float(p), 4) for t, p in zip(coding.theme_ids, coding.proba[k])}
    return Prediction(cid, CODED, None, coding.primary[k], coding.themes[k], float(coding.confidence[k]), scores,
                      round(typicality, 4), place)


def write_pass(store: Store, run_id: int, spill: Spill, codebook: Codebook, classifier: Classifier,
               gathered: Gathered, progress: dict, decided: set[str], thresholds: Thresholds | None,
               chunk_rows: int, n_questions: int, total_rows: int, on_chunk: OnChunk | None = None) -> dict:
    """Write each chunk's final predictions (statuses, themes, typicality, queue places) in its own transaction."""
    progress = dict(progress)
    n_chunks = progress["chunks"]

    def status(cid: str, primary: str, confidence: float) -> str:
        if thresholds is not None and cid not in decided and not thresholds.auto(primary, confidence):
            return NEEDS_REVIEW
        return CODED

    for c in range(progress["written"], n_chunks):
        start, stop = c * chunk_rows, min((c + 1) * chunk_rows, total_rows)
        items = store.chunk_predictions(run_id, start, stop)
        d = spill.load_distinct(c)
        proba = spill.load_coding(c)
        coding = coding_of(codebook, classifier, proba if proba is not None else np.zeros((0, len(codebook.ids))))
        typical = np.array([float(np.dot(d.vectors[i].astype(np.float64), gathered.centres[(q, t)]))
                            for i, (q, t) in enumerate(zip(d.questions, coding.primary))])
        firsts = iter(range(len(d)))
        own: dict[str, Prediction] = {}
        repeats = [comment_id(dup, q) for _, s, dup, q in items if s == CODED and dup is not None]
        earlier = store.predictions_of(run_id, [r for r in repeats if r not in set(d.comment_ids)])
        out: list[Prediction] = []
        for cid, s, dup, q in items:
            if s != CODED:
                out.append(Prediction(cid, s))
            elif dup is None:
                k = next(firsts)
                p = _first_prediction(cid, k, coding, float(typical[k]), gathered.places.get(d.start + k))
                own[cid] = p
                out.append(Prediction(cid, status(cid, p.primary, p.confidence), None, p.primary, p.themes,
                                      p.confidence, p.scores, p.typicality, p.review_order))
            else:
                f = own.get(comment_id(dup, q)) or earlier[comment_id(dup, q)]
                out.append(Prediction(cid, status(cid, f.primary, f.confidence), dup, f.primary, f.themes,
                                      f.confidence, f.scores, f.typicality, None))
        check_chunk(c + 1, stop - start, n_questions, len(out))
        if next(firsts, None) is not None:
            raise CoderError(f"internal error: chunk {c + 1} has coded answers that were not written; "
                             "nothing was exported",
                             danish=f"intern fejl: blok {c + 1} har kodede svar, der ikke blev skrevet; intet blev "
                                    "eksporteret")
        progress["written"] = c + 1
        with store.transaction():
            store.put_predictions(run_id, out)
            store.set_progress(run_id, progress)
        if on_chunk:
            on_chunk(ChunkDone("write", c + 1, n_chunks, stop, total_rows))
    return progress

