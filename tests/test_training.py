"""`coder code` learning from labels: hand-coded columns, reviewer decisions, target precision, corrected shares."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbedder
from test_evaluate import write_gold

from coder.classify.thresholds import lower_bound, needed_for, threshold_from_audit
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


def test_a_hand_coded_non_answer_is_named_not_dropped_silently(tmp_path: Path, codebook_path: Path) -> None:
    """'Intet.' coded kritik by hand stayed a non-answer with no theme, and coder code said nothing."""
    _half_labelled(tmp_path / "in.csv")
    with open(tmp_path / "in.csv", "a", encoding="utf-8") as fh:
        fh.write("R99;Radiologi;Intet.;kritik\nR98;Radiologi;Ved ikke;\n")
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p",
                       CodeOptions(READ, labels=LabelOptions(("tema",))), embedder=FakeEmbedder())
    (said,) = [w for w in result.warnings if "hand-coded" in w]
    assert said.startswith("1 hand-coded answer is flagged") and "R99 'Intet.' (kritik)" in said and "R98" not in said
    assert "filtrér på status ikke-svar" in said.danish
    assert _assignments(tmp_path / "p")["R99"]["status"] == "non_answer"


def test_a_labels_files_hand_coded_non_answers_are_named_too(tmp_path: Path, codebook_path: Path) -> None:
    """Last year's file (--labels) with 'Intet.' and 'nada' coded kritik: 2 of its labels taught nothing, unsaid."""
    _half_labelled(tmp_path / "labels.csv")
    with open(tmp_path / "labels.csv", "a", encoding="utf-8") as fh:
        fh.write("R99;Radiologi;Intet.;kritik\nR98;Radiologi;nada;kritik\nR97;Radiologi;;kritik\n"
                 "R96;Radiologi;Ved ikke;\n")
    write_gold(tmp_path / "in.csv")
    options = CodeOptions(READ, labels=LabelOptions(("tema",), tmp_path / "labels.csv"))
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p", options,
                       embedder=FakeEmbedder())
    (said,) = [w for w in result.warnings if "labels.csv" in w]
    assert said.startswith("--labels labels.csv: 3 hand-coded answers teach nothing") and "'Intet.', 'nada', 1 empty" \
        in said and "Ved ikke" not in said
    assert "3 håndkodede svar lærer ikke fra sig" in said.danish and "1 tomt)" in said.danish


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


def test_target_precision_is_a_lower_bound_from_random_labels(tmp_path: Path, codebook_path: Path) -> None:
    _half_labelled(tmp_path / "in.csv")  # 24 of 48 hand-coded, declared a random sample
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p",
                       CodeOptions(READ, labels=LabelOptions(("tema",), random=True), target_precision=0.85),
                       embedder=FakeEmbedder())
    th = result.thresholds
    assert th is not None and th.audited == 24 and th.threshold is not None
    assert th.bound == pytest.approx(lower_bound(th.right, th.above)) and th.bound >= 0.85 and th.above >= 19
    store = Store.open_project(tmp_path / "p")
    rows = [r for r in store.rows() if r.primary]
    store.close()
    model_rows = [r for r in rows if r.source == "model"]
    assert model_rows
    for r in model_rows:
        assert r.status == ("coded" if r.confidence >= th.threshold else "needs_review")
    assert all(r.status == "coded" for r in rows if r.source == "human")
    run = json.loads((tmp_path / "p" / "run.json").read_text(encoding="utf-8"))
    auto = run["target_precision"]["automation"]["all"]
    assert auto["auto"] + auto["review"] == len(model_rows) and auto["auto"] > 0
    assert run["target_precision"]["lower_bound"] == th.bound


def test_target_precision_without_random_labels_promises_nothing(tmp_path: Path, codebook_path: Path) -> None:
    _noisy_half_labelled(tmp_path / "in.csv")
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p",
                       CodeOptions(READ, labels=LabelOptions(("tema",)), target_precision=0.9), embedder=FakeEmbedder())
    th = result.thresholds
    assert th is not None and th.threshold is None and th.audited == 0  # queue or hand-coded labels prove nothing
    assert "cannot show 90% precision" in th.reason and "at least 29 audited answers" in th.reason
    assert result.counts["svar"]["needs_review"] == 60 and result.counts["svar"]["coded"] == 60  # the gold stays


def test_an_earlier_waves_project_teaches_the_next_wave(tmp_path: Path, codebook_path: Path) -> None:
    """--labels DIR: the reviewers' labels of last year's project, learned without reshaping assignments.csv."""
    from typer.testing import CliRunner

    from coder.cli import app

    write_gold(tmp_path / "2025.csv", copies=1)
    cb = load_codebook(codebook_path)
    code_file(tmp_path / "2025.csv", cb, tmp_path / "p2025", OPTIONS, embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p2025")
    decided = [("R1", "indhold"), ("R5", "struktur"), ("R9", "data"), ("R13", "kritik"), ("R2", "indhold"),
               ("R6", "struktur"), ("R10", "data")]
    for rid, theme in decided:
        store.record_decision(f"{rid}::svar", "anna", (theme,))
    store.record_decision("R14::svar", "anna", ("kritik",))
    store.undo("anna", "R14::svar")  # undone: teaches nothing
    store.close()
    write_gold(tmp_path / "2026.csv", copies=2)
    options = CodeOptions(READ, labels=LabelOptions((), tmp_path / "p2025"))
    result = code_file(tmp_path / "2026.csv", cb, tmp_path / "p2026", options, embedder=FakeEmbedder())
    assert (result.labels.gold, result.labels.reviewed) == (0, len(decided))  # reviewed in 2025, not hand-coded
    assert json.loads((tmp_path / "p2026" / "run.json").read_text(encoding="utf-8"))["settings"]["classifier"] == \
        "learned"
    runner = CliRunner()
    for args, said in ((["--labels", str(tmp_path / "p2025" / "assignments.csv"), "-g", "themes"],
                        f"angiv projektets mappe i stedet (--labels {tmp_path / 'p2025'})"),
                       (["--labels", str(tmp_path / "p2025"), "-g", "tema"], "er et projekt"),
                       (["--labels", str(tmp_path / "2025.csv"), "-g", "tema"], None)):
        out = runner.invoke(app, ["code", str(tmp_path / "2026.csv"), "-c", str(codebook_path), "-o",
                                  str(tmp_path / "p_cli"), "-m", "lexical", "-t", "svar", *args])
        if said is None:
            assert out.exit_code == 0, out.output
        else:
            assert out.exit_code == 2 and said in out.output and "Traceback" not in out.output, out.output


def test_labels_of_an_earlier_wave_that_the_codebook_cannot_take_are_named(tmp_path: Path,
                                                                            codebook_path: Path) -> None:
    """walk25: --labels DIR dropped 7 of 8 labels, whose theme the new codebook lacked, without a word, and matched
    another codebook's themes by id in silence."""
    write_gold(tmp_path / "2025.csv", copies=1)
    cb = load_codebook(codebook_path)
    code_file(tmp_path / "2025.csv", cb, tmp_path / "p2025", OPTIONS, embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p2025")
    for rid, theme in [("R1", "indhold"), ("R5", "struktur"), ("R9", "data"), ("R10", "data"), ("R2", "indhold")]:
        store.record_decision(f"{rid}::svar", "anna", (theme,))
    store.close()
    write_gold(tmp_path / "2026.csv", copies=2)
    options = CodeOptions(READ, labels=LabelOptions((), tmp_path / "p2025"))
    same = code_file(tmp_path / "2026.csv", cb, tmp_path / "same", options, embedder=FakeEmbedder())
    assert not [w for w in same.warnings if "--labels" in w]
    other = cb.model_copy(update={"name": "Klynger 2026", "themes": tuple(t for t in cb.themes if t.id != "data")})
    result = code_file(tmp_path / "2026.csv", other, tmp_path / "p2026", options, embedder=FakeEmbedder())
    assert result.labels.reviewed == 3
    said = [w.danish for w in result.warnings if "--labels" in w]
    assert any("2 af dets 5 reviewerkoder har et tema, som denne kodebog ikke har (data)" in w for w in said), said
    assert any("kodet med kodebogen 'Kvalitetsklynger" in w and "ikke 'Klynger 2026'" in w for w in said), said


def test_a_rerun_that_leaves_out_the_labels_file_says_so(tmp_path: Path, codebook_path: Path) -> None:
    write_gold(tmp_path / "labels.csv", copies=1)
    write_gold(tmp_path / "in.csv", copies=2)
    cb = load_codebook(codebook_path)
    with_file = CodeOptions(READ, labels=LabelOptions(("tema",), tmp_path / "labels.csv"))
    first = code_file(tmp_path / "in.csv", cb, tmp_path / "p", with_file, embedder=FakeEmbedder())
    assert first.labels.gold == 16 and not [w for w in first.warnings if "last run learned" in w]
    again = code_file(tmp_path / "in.csv", cb, tmp_path / "p", OPTIONS, embedder=FakeEmbedder())
    (said,) = [w for w in again.warnings if "last run learned" in w]
    assert "from 16 hand-coded answers" in said and "angiv -g og --labels igen" in said.danish
    # the input's own hand-coded answers stay in the project as decisions: a rerun without -g still learns them
    own = CodeOptions(READ, labels=LabelOptions(("tema",)))
    code_file(tmp_path / "labels.csv", cb, tmp_path / "q", own, embedder=FakeEmbedder())
    rerun = code_file(tmp_path / "labels.csv", cb, tmp_path / "q", OPTIONS, embedder=FakeEmbedder())
    assert rerun.labels.reviewed == 16 and not [w for w in rerun.warnings if "last run learned" in w]


def test_clopper_pearson_lower_bound_by_hand() -> None:
    assert lower_bound(29, 29) == pytest.approx(0.05 ** (1 / 29))  # all right: the bound solves p^n = 0.05
    assert lower_bound(0, 10) == 0.0 and needed_for(0.9) == 29 and needed_for(0.95) == 59
    confidence = np.array([0.9] * 40 + [0.5] * 20)
    correct = np.array([True] * 40 + [False] * 10 + [True] * 10)
    th = threshold_from_audit(confidence, correct, 0.9)
    assert th.threshold == 0.9 and (th.above, th.right) == (40, 40)
    assert threshold_from_audit(confidence, correct, 0.99).threshold is None


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


def test_a_labels_file_that_codes_one_answer_two_ways_is_said(tmp_path: Path, codebook_path: Path) -> None:
    """A labels file repeated a row with a conflicting label; the model learned both, unsaid (walk31)."""
    _half_labelled(tmp_path / "labels.csv")
    with open(tmp_path / "labels.csv", "a", encoding="utf-8") as fh:
        fh.write("R99;Radiologi;Mere tid til cases;indhold\nR98;Radiologi;Mere tid til cases!;kritik\n")
    write_gold(tmp_path / "in.csv")
    options = CodeOptions(READ, labels=LabelOptions(("tema",), tmp_path / "labels.csv"))
    result = code_file(tmp_path / "in.csv", load_codebook(codebook_path), tmp_path / "p", options,
                       embedder=FakeEmbedder())
    (said,) = [w for w in result.warnings if "more than once" in w]
    assert said.startswith("--labels labels.csv: 1 answer is hand-coded more than once with different themes")
    assert "'Mere tid til cases': indhold / kritik" in said and "afgør dem i filen" in said.danish
