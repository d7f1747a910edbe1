"""Helpers for the review tests: a small coded project and a run with chosen statuses and confidences."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, ROOT, FakeEmbedder

from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.store import Prediction, RunSettings, Store

CODEBOOK = ROOT / "codebooks" / "klynger.yaml"


def make_project(out: Path) -> Path:
    """Code tests/data/survey_semicolon_cp1252.csv (7 rows, 2 questions) with the fake embedder."""
    code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(CODEBOOK), out,
              CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id")), embedder=FakeEmbedder())
    return out


def coded_ids(store: Store) -> list[str]:
    """Comment ids of the answers the model coded (no repeats), in input order."""
    return [r.comment_id for r in store.rows() if r.status == "coded" and not r.duplicate_of]


def add_run(store: Store, labels: dict[str, tuple[str, str, float | None]]) -> int:
    """A new current run giving chosen comments (status, primary theme, confidence); the rest as before."""
    before = list(store.rows())
    with store.transaction():
        run = store.current_run()
        run_id = store.start_run("synthetic", "0" * 64, "test", run.codebook, RunSettings(("kommentar",
                                                                                           "andre_kommentarer")), [])
        preds = []
        for r in before:
            status, primary, conf = labels.get(r.comment_id, (r.status, r.model_themes[0] if r.model_themes else None,
                                                                r.confidence))
            themes = (primary,) if primary else ()
            scores = {primary: conf} if primary and conf is not None else None
            preds.append(Prediction(r.comment_id, status, r.duplicate_of, primary, themes, conf, scores))
        store.put_predictions(run_id, preds)
        store.finish_run(run_id, {})
    return run_id
