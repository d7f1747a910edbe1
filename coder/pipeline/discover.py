"""``coder discover``: read comments from a project (coder.db) or a survey file, cluster them, write the files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from coder.cluster import Answer, Discovery, discover, write_discovery
from coder.codebook import Codebook, load_codebook
from coder.embed import (
    DEFAULT_MODEL,
    LEXICAL_MODEL,
    CachedEmbed,
    Embedder,
    LexicalEmbedder,
    Progress,
    get_embedder,
)
from coder.errors import InputError, ProjectError
from coder.io import ReadOptions, read_batch
from coder.store import DB_NAME, Store
from coder.text import clean, status_of


@dataclass(frozen=True)
class DiscoverResult:
    """What ``coder discover`` did: the clusters, where the files went, which model embedded the comments."""

    discovery: Discovery
    out_dir: Path
    files: tuple[Path, ...]
    from_project: bool
    guessed_columns: bool
    model_id: str
    neural: bool
    warnings: tuple[str, ...] = ()  # what the reader guessed about an input file (e.g. lines read as cp1252)


def _run_model(model_id: str, project: Path) -> str:
    """The ``--model`` value that reproduces a run's embeddings."""
    if model_id == LexicalEmbedder.model_id:
        return LEXICAL_MODEL
    if model_id.startswith("multilingual-e5-small@"):
        return DEFAULT_MODEL
    raise ProjectError(f"{project}: the comments were coded with model '{model_id}'; "
                       "pass --model with that model's folder",
                       danish=f"{project}: kommentarerne blev kodet med modellen '{model_id}'; angiv --model med "
                              "den models mappe")


def _select(questions: Sequence[str], wanted: Sequence[str]) -> list[str]:
    missing = [q for q in wanted if q not in questions]
    if missing:
        raise InputError(f"question '{missing[0]}' not in the project; available: {', '.join(questions)}",
                         danish=f"spørgsmålet '{missing[0]}' findes ikke i projektet; projektets spørgsmål er: "
                                f"{', '.join(questions)}")
    return list(wanted) or list(questions)


def project_answers(project: Path, wanted: Sequence[str] = ()) -> tuple[list[Answer], Codebook, str]:
    """The answers of a project's current run, its codebook and the id of the model that embedded them."""
    store = Store.open_project(project)
    try:
        run = store.current_run()
        rows = list(store.rows(run.run_id))
    finally:
        store.close()
    questions = _select(run.questions, wanted)
    answers = [Answer(r.respondent, r.question, r.text, r.status) for r in rows if r.question in questions]
    return answers, run.codebook, run.model_id


def reader_language(source: Path, codebook: Path | None) -> str:
    """The language of the codebook a discovery of ``source`` will be compared with ("da" without one)."""
    if codebook is not None:
        return load_codebook(codebook).language
    if source.is_dir() and (source / DB_NAME).exists():
        store = Store.open_project(source)
        try:
            return store.current_run().codebook.language
        finally:
            store.close()
    return "da"


def file_answers(path: Path, options: ReadOptions) -> tuple[list[Answer], bool, tuple[str, ...]]:
    """The answers in a survey export, read as ``coder code`` reads them; True when the columns were guessed;
    the reader's warnings."""
    batch, guessed = read_batch(path, options)
    answers = [Answer(c.id, c.question, clean(c.text), status_of(clean(c.text))) for c in batch.comments]
    return answers, guessed, batch.table.warnings + batch.id_notices


def _coded_without_cache(project: Path) -> bool:
    """The project was coded with --no-cache: its answers' vectors are kept out of the cache here too (walk30)."""
    from coder.report.build import NO_CACHE_KEY

    store = Store.open_project(project)
    try:
        return store.meta(NO_CACHE_KEY) == "yes"
    finally:
        store.close()


def run_discover(source: Path, codebook: Path | None = None, out: Path | None = None,
                 options: ReadOptions = ReadOptions(), model: str | None = None, n_clusters: int | None = None,
                 embedder: Embedder | None = None, use_cache: bool = True, progress: Progress | None = None,
                 seed: int = 0, locale: str | None = None) -> DiscoverResult:
    """Discover clusters in a project directory (its current run) or a survey file and write the files.

    ``locale`` ("da" or "en") overrides the codebook's language in the files (Danish without a codebook).
    """
    from_project, warnings = source.is_dir(), ()
    if from_project:
        if not (source / DB_NAME).exists():
            raise ProjectError(f"{source}: not a coder project (no {DB_NAME}); give a survey file or run "
                               f"'coder code … --out {source}' first",
                               danish=f"{source}: ikke et coder-projekt (ingen {DB_NAME}); angiv en fil med "
                                      f"besvarelser, eller kør først 'coder code … --out {source}'")
        answers, cb, run_model = project_answers(source, options.text_columns)
        model = model or _run_model(run_model, source)
        use_cache = use_cache and not _coded_without_cache(source)
        guessed = False
        out_dir = out or source
    else:
        if out is None:
            raise InputError(f"{source}: give --out DIR for the discovery files (or give a project directory)",
                             danish=f"{source}: angiv --out MAPPE til filerne fra discover (eller angiv en "
                                    "projektmappe)")
        answers, guessed, warnings = file_answers(source, options)
        cb = None
        out_dir = out
    if codebook is not None:
        cb = load_codebook(codebook)
    embedder = embedder or get_embedder(model)
    found = discover(answers, CachedEmbed.of(embedder, use_cache, progress), cb, n_clusters=n_clusters, seed=seed,
                     locale=locale)
    files, kept = write_discovery(out_dir, found)
    return DiscoverResult(found, out_dir, tuple(files), from_project, guessed, embedder.model_id, embedder.neural,
                          tuple(warnings) + kept)
