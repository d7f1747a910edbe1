"""Load a project's current run from its store and build its theme tables and the full report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from coder.codebook import Codebook
from coder.factsheet import FactSheet, fact_sheet
from coder.grouping import MIN_GROUP, Comparison, check_column, compare, find_value, split_rows
from coder.report import QuestionTable, question_tables
from coder.store import Row, Store
from coder.errors import CoderError
from coder.text import CODED, NEEDS_REVIEW
from coder.wording import Wording


def _open(project: Path) -> tuple[dict, Codebook, list[Row], np.ndarray | None]:
    """The current run's record, codebook, rows (human decisions applied) and confusion matrix, if any."""
    store = Store.open_project(project)
    try:
        run = store.current_run()
        codebook = Codebook.model_validate_json(run["content"])
        rows = list(store.rows(int(run["run_id"])))
    finally:
        store.close()
    settings = json.loads(run["settings"])
    if settings.get("confusion") is None:
        return run, codebook, rows, None
    by_question = {q: np.array(m) for q, m in (settings.get("confusion_by_question") or {}).items()}
    return run, codebook, rows, {"": np.array(settings["confusion"]), **by_question}


def project_tables(project: Path, quotes: int = 3) -> tuple[list[QuestionTable], Codebook, list[Row]]:
    """Theme tables of the project's current run, with human decisions applied."""
    run, codebook, rows, confusion = _open(project)
    questions = json.loads(run["settings"])["text_columns"]
    return question_tables(rows, codebook, questions, quotes, confusion=confusion), codebook, rows


@dataclass(frozen=True)
class ReportOptions:
    """What ``coder report`` was asked for."""

    by: tuple[str, ...] = ()
    group: str | None = None
    min_group: int = MIN_GROUP
    quotes: int = 3  # per theme; 0 leaves every text out (--no-quotes)
    locale: str = "en"


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; renderers only format, they compute nothing."""

    title: str
    note: str
    wording: Wording
    options: ReportOptions
    tables: tuple[QuestionTable, ...]  # all answers, one per question
    comparisons: tuple[Comparison, ...]  # per question and --by column
    sheets: tuple[FactSheet, ...]  # per question, with --group
    comments: tuple[Row, ...]  # substantive answers in scope (the group's with --group), for the comments sheet
    attribute_columns: tuple[str, ...]
    created: str = "1980-01-01T00:00:00Z"  # the run's start (UTC), stamped into files for reproducible bytes

    @property
    def has_corrected(self) -> bool:
        return any(line.corrected is not None for t in self.tables for line in t.lines)

    @property
    def with_text(self) -> bool:
        return self.options.quotes > 0


def build_report(project: Path, options: ReportOptions = ReportOptions()) -> Report:
    """The report of the project's current run: tables, comparisons per group, and fact sheets."""
    wording = Wording(options.locale)  # an unknown locale fails before the store is read
    run, codebook, rows, confusion = _open(project)
    note = (f"Codebook: {codebook.name} v{codebook.version}. Model: {run['model_id']}. "
            f"Input: {Path(run['input_path']).name}. Run {run['run_id']} of {run['started_at']}.")
    if wording.danish:
        note = (f"Kodebog: {codebook.name} v{codebook.version}. Model: {run['model_id']}. "
                f"Input: {Path(run['input_path']).name}. Kørsel {run['run_id']} fra {run['started_at']}.")
    return assemble(rows, codebook, json.loads(run["settings"])["text_columns"],
                    json.loads(run["attribute_columns"] or "[]"), options, confusion, note,
                    str(run["started_at"])[:19] + "Z")


def assemble(rows: Sequence[Row], codebook: Codebook, questions: Sequence[str], attributes: Sequence[str],
             options: ReportOptions = ReportOptions(), confusion: np.ndarray | dict[str, np.ndarray] | None = None, note: str = "",
             created: str = "1980-01-01T00:00:00Z") -> Report:
    """The report of these rows (a run's, with human decisions applied)."""
    wording = Wording(options.locale)
    if options.min_group < 1:
        raise CoderError(f"--min-group {options.min_group}: give a whole number of at least 1")
    if options.group is not None and len(options.by) != 1:
        raise CoderError("--group needs exactly one --by column, e.g. --by speciale --group Radiologi")
    for column in options.by:
        check_column(column, attributes)
    tables = question_tables(rows, codebook, questions, options.quotes, confusion=confusion)
    in_scope = [r for r in rows if r.status in (CODED, NEEDS_REVIEW)]
    comparisons: list[Comparison] = []
    sheets: list[FactSheet] = []
    if options.group is not None:
        column = options.by[0]
        value = find_value(rows, column, options.group)
        sheets = [fact_sheet(rows, t, codebook, column, value, options.min_group, options.quotes) for t in tables]
        in_scope = [] if all(s.group.suppressed for s in sheets) else split_rows(in_scope, column).get(value, [])
        title = f"{value} – {codebook.name}"
    else:
        comparisons = [compare(rows, t, codebook, column, options.min_group, options.quotes)
                       for t in tables for column in options.by]
        title = wording.t("title", name=codebook.name)
    return Report(title, note, wording, options, tuple(tables), tuple(comparisons), tuple(sheets), tuple(in_scope),
                  tuple(attributes), created)


def refresh_exports(project: Path) -> list[Path]:
    """Rewrite assignments.csv, themes.csv and report.md from coder.db (e.g. after a review session).

    run.json stays as the run wrote it: the run has not changed, only the labels in force.
    """
    from coder.exports import write_exports

    run, codebook, rows, confusion = _open(project)
    questions = json.loads(run["settings"])["text_columns"]
    tables = question_tables(rows, codebook, questions, confusion=confusion)
    record_path = project / "run.json"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {
        "model": {"id": run["model_id"]}, "input": {"path": run["input_path"]},
        "counts": {"rows_in": len({r.respondent for r in rows})}}
    paths = write_exports(project, rows, tables, codebook, json.loads(run["attribute_columns"] or "[]"), record)
    return [p for p in paths if p.name != "run.json"]
