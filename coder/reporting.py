"""Load a project's current run from its store and build its theme tables."""

from __future__ import annotations

import json

import numpy as np
from pathlib import Path

from coder.codebook import Codebook
from coder.report import QuestionTable, question_tables
from coder.store import Row, Store


def project_tables(project: Path, quotes: int = 3) -> tuple[list[QuestionTable], Codebook, list[Row]]:
    """Theme tables of the project's current run, with human decisions applied."""
    store = Store.open_project(project)
    try:
        run = store.current_run()
        codebook = Codebook.model_validate_json(run["content"])
        rows = list(store.rows(int(run["run_id"])))
    finally:
        store.close()
    settings = json.loads(run["settings"])
    confusion = settings.get("confusion")
    return (question_tables(rows, codebook, settings["text_columns"], quotes,
                            confusion=np.array(confusion) if confusion is not None else None), codebook, rows)
