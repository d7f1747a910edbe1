"""The files beside ``coder.db`` (assignments.csv, themes.csv, report.md, run.json), rewritten from the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from coder.files import csv_text, write_atomic
from coder.report.assignments import assignments_csv
from coder.report.build import Report, report_of_run
from coder.report.render.md import render_md
from coder.report.tables import QuestionTable, audit_cells
from coder.store import Row, Store


def themes_csv(tables: Sequence[QuestionTable]) -> str:
    """Per question and theme: counts, shares and intervals (plain numbers, '.' decimals)."""
    header = ["question", "theme", "label", "n", "percent", "ci_low", "ci_high", "denominator",
              "corrected_percent", "corrected_ci_low", "corrected_ci_high", "mentions", "mentions_percent",
              "audit_labelled", "audit_needed"]

    def opt(x: float | None) -> str:
        return "" if x is None else f"{x:.2f}"

    body = [[t.question, line.theme, line.label, line.n, f"{line.percent:.2f}", f"{line.ci_low:.2f}",
             f"{line.ci_high:.2f}", t.denominator, opt(line.corrected), opt(line.corrected_low),
             opt(line.corrected_high), line.mentions, f"{line.mentions_percent:.2f}", *audit_cells(t)]
            for t in tables for line in t.lines]
    return csv_text(header, body)


def write_exports(out_dir: Path, report: Report, rows: Sequence[Row], run_record: dict | None = None) -> list[Path]:
    """Write assignments.csv, themes.csv, report.md and (given a record) run.json; return their paths."""
    files = {
        "assignments.csv": assignments_csv(rows, report.attribute_columns),
        "themes.csv": themes_csv(report.tables),
        "report.md": render_md(report),
    }
    if run_record is not None:
        files["run.json"] = json.dumps(run_record, ensure_ascii=False, indent=2) + "\n"
    paths = []
    for name, content in files.items():
        write_atomic(out_dir / name, content)
        paths.append(out_dir / name)
    return paths


def refresh_exports(project: Path) -> list[Path]:
    """Rewrite assignments.csv, themes.csv and report.md from coder.db (e.g. after a review session).

    run.json stays as the run wrote it: the run has not changed, only the labels in force.
    """
    store = Store.open_project(project)
    try:
        run = store.current_run()
        rows = list(store.rows(run.run_id))
        report = report_of_run(store, run, rows)
    finally:
        store.close()
    return write_exports(project, report, rows)
