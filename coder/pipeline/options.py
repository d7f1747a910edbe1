"""What ``coder code`` can be asked, and what it reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.classify import Thresholds
from coder.io import ReadOptions
from coder.pipeline.project import REFUSE
from coder.report import Report
from coder.store import Decision


@dataclass(frozen=True)
class LabelOptions:
    """Labelled comments to learn from: gold columns (one per text column) in a file (default: the input)."""

    gold_columns: tuple[str, ...] = ()
    path: Path | None = None
    random: bool = False  # the user says the hand-coded answers are a random sample (they then correct shares)

    @property
    def project(self) -> bool:
        """The labels are another project's reviewer labels (``--labels DIR``), not hand-coded answers."""
        return self.path is not None and self.path.is_dir()


CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class CodeOptions:
    """Everything ``coder code`` can be asked besides the input, codebook and project."""

    read: ReadOptions = ReadOptions()
    model: str | None = None  # "e5" (default), "lexical" or a local model folder
    backend: str | None = None  # how the default model runs: auto, onnx or torch
    use_cache: bool = True
    labels: LabelOptions | None = None
    target_precision: float | None = None
    on_change: str = REFUSE  # another input or codebook than the project's: refuse, update or replace
    force: bool = False  # write the project into a folder that holds other files
    chunk_rows: int = CHUNK_ROWS  # input rows read, embedded, coded and stored at a time
    cluster: str | None = None  # None: this process; "dask://HOST:PORT" (or dask://local): a Dask cluster
    adapt: bool = True  # adapt the codebook to the batch's surest answers before learning (coder.classify.adapt)
    locale: str | None = None  # the exports' language (da, en); None: the codebook's. Kept for later exports


@dataclass(frozen=True)
class LabelSummary:
    """How many labels the classifier learned from, and from where."""

    gold: int = 0
    reviewed: int = 0
    examples: int = 0
    weights: tuple[float, ...] = (1.0, 0.0, 0.0)  # prior, embeddings, character n-grams
    adapted: int = 0  # the batch's surest answers the codebook was adapted with (0: the codebook as written)

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
    changed: str | None = None  # "input", "codebook" or both, when --update or --replace took a new one
    stale: tuple[Decision, ...] = ()  # earlier decisions whose text or theme is gone: not applied
    labels: LabelSummary = LabelSummary()
    thresholds: Thresholds | None = None
    automation: dict[str, dict[str, float]] = field(default_factory=dict)  # theme -> auto, review, rate
    warnings: tuple[str, ...] = ()  # what the reader guessed about the input (e.g. lines read as cp1252)
    chunks: int = 1  # chunks the input was read in
    rows_per_chunk: int = CHUNK_ROWS
    resumed: Resumed | None = None  # an interrupted run this one picked up, and how far it had got
    cluster: str = "local"  # where chunks were encoded and coded


@dataclass(frozen=True)
class Resumed:
    """An interrupted run picked up again: its id and the chunks it had read, coded and written of ``chunks``."""

    run_id: int
    read: int
    coded: int
    written: int
    chunks: int
