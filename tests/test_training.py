"""`coder code` learning from labels: hand-coded columns, reviewer decisions, target precision, corrected shares."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from conftest import FakeEmbedder
from test_evaluate import write_gold

from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, LabelOptions, code_file
from coder.store import Store

READ = ReadOptions(("svar",), "id")
OPTIONS = CodeOptions(READ)


def _half_labelled(path: Path) -> None:
    write_gold(path, copies=3)
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]] + [line if n % 2 == 0 else line.rsplit(";", 1)[0] + ";" for n, line in enumerate(lines[1:])]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _noisy_half_labelled(path: Path) -> None:
    """120 answers of 4 themes that share words with other themes (so the classifier is unsure of many);
    every second one hand-coded."""
    words = {"indhold": ["oplæg", "cases", "undervisning", "faglig", "viden"],
             "struktur": ["dagsorden", "referat", "planlægning", "mødeledelse", "tidspunkt"],
             "data": ["data", "tal", "udtræk", "benchmark", "kvalitetsdata"],
             "kritik": ["spild", "meningsløst", "bureaukrati", "tvang", "tid"]}
    common = ["møder", "klynge", "mere", "bedre", "godt", "gerne", "vi", "kunne"]
    rng = np.random.default_rng(0)
    rows, n = [], 0
    for theme, own in words.items():
        others = [w for t, ws in words.items() if t != theme for w in ws]
        for _ in range(30):
            n += 1
            picked = [*rng.choice(own, int(rng.integers(1, 3))), *rng.choice(others, int(rng.integers(0, 3))),
                      *rng.choice(common, 2)]
            rng.shuffle(picked)
            rows.append([f"R{n}", " ".join(picked), theme if n % 2 else ""])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["id", "svar", "tema"])
        writer.writerows(rows)


def _assignments(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "assignments.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_gold_column_trains_and_keeps_hand_codes(tmp_path: Path, codebook_path: Path) -> None:
    _half_labelled(tmp_path / "in.csv")
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p", CodeOptions(READ, labels=LabelOptions(("tema",))),
                       embedder=FakeEmbedder())
    assert result.labels.gold == 24 and result.labels.reviewed == 0
    rows = _assignments(tmp_path / "p")
    assert len(rows) == 49  # 48 answers + 1 non-answer: every row out
    assert (rows["R1"]["primary"], rows["R1"]["label_source"]) == ("indhold", "human")  # hand-coded kept
    assert rows["R2"]["label_source"] == "model"
    run = json.loads((tmp_path / "p" / "run.json").read_text(encoding="utf-8"))
    assert run["settings"]["classifier"] == "learned" and run["settings"]["labels"]["gold"] == 24
    with open(tmp_path / "p" / "themes.csv", encoding="utf-8-sig") as fh:
        themes = list(csv.DictReader(fh))
    # Hand-coded labels are not known to be a random sample: they train, but correct no share.
    assert all(t["corrected_percent"] == "" and t["audit_needed"] == "50" for t in themes)


def test_target_precision_sends_uncertain_answers_to_review(tmp_path: Path, codebook_path: Path) -> None:
    _noisy_half_labelled(tmp_path / "in.csv")
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p",
                       CodeOptions(READ, labels=LabelOptions(("tema",)), target_precision=0.9), embedder=FakeEmbedder())
    th = result.thresholds
    assert th is not None and th.calibrated
    assert th.cv_precision_overall is not None and th.cv_precision_overall >= 0.9  # on cross-validated predictions
    found = [t for t in th.by_theme.values() if t is not None]
    assert found and min(found) < 0.9 and len(set(found)) > 1  # thresholds differ by theme
    assert th.by_theme["social"] is None  # no labels for it: nothing can be promised
    store = Store.open_project(tmp_path / "p")
    rows = [r for r in store.rows() if r.primary]
    store.close()
    model_rows = [r for r in rows if r.source == "model"]
    assert model_rows
    for r in model_rows:
        t = th.by_theme[r.primary]
        assert r.status == ("coded" if t is not None and r.confidence >= t else "needs_review")
    assert all(r.status == "coded" for r in rows if r.source == "human")
    run = json.loads((tmp_path / "p" / "run.json").read_text(encoding="utf-8"))
    auto = run["target_precision"]["automation"]["all"]
    assert auto["auto"] + auto["review"] == len(model_rows) and auto["auto"] > 0 and auto["review"] > 0


def test_target_precision_without_labels_says_it_is_not_guaranteed(tmp_path: Path, codebook_path: Path) -> None:
    write_gold(tmp_path / "in.csv", copies=1)
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p", CodeOptions(READ, target_precision=0.9),
                       embedder=FakeEmbedder())
    assert result.thresholds is not None and not result.thresholds.calibrated
    assert result.counts["svar"].get("needs_review", 0) + result.counts["svar"]["coded"] == 16


def test_reviewer_decisions_are_learned_on_the_next_run(tmp_path: Path, codebook_path: Path) -> None:
    write_gold(tmp_path / "in.csv", copies=1)
    cb = load_codebook(codebook_path)
    code_file(tmp_path / "in.csv", cb, tmp_path / "p", OPTIONS, embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p")
    for rid, theme in [("R1", "indhold"), ("R5", "struktur"), ("R9", "data"), ("R13", "kritik"), ("R2", "indhold"),
                       ("R6", "struktur"), ("R10", "data"), ("R14", "kritik")]:
        store.record_decision(f"{rid}::svar", "anna", (theme,))
    store.close()
    result = code_file(tmp_path / "in.csv", cb, tmp_path / "p", OPTIONS, embedder=FakeEmbedder())
    assert result.labels.reviewed == 8 and result.labels.gold == 0
    assert _assignments(tmp_path / "p")["R5"]["label_source"] == "human"
