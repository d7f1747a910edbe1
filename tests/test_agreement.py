"""Agreement statistics against hand-computed values, and ``coder agreement`` on a small project."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from review_support import make_project
from typer.testing import CliRunner

from coder.cli import app
from coder.review.agreement import (
    agreement,
    bootstrap_primary,
    cohen_kappa,
    krippendorff_alpha,
    masi,
    percent_agreement,
)
from coder.review.agreement_scope import project_agreement
from coder.review.audit import draw_audit
from coder.store import Store

A, AB, B, BC = frozenset("a"), frozenset("ab"), frozenset("b"), frozenset("bc")


def test_cohen_kappa_by_hand() -> None:
    # po = 3/4; pe = (2·1 + 2·3)/16 = 1/2; κ = (3/4 − 1/2)/(1/2)
    assert cohen_kappa([1, 1, 2, 2], [1, 2, 2, 2]) == pytest.approx(0.5)
    # po = 4/6; pe = (3·2 + 2·2 + 1·2)/36 = 1/3; κ = (2/3 − 1/3)/(2/3)
    assert cohen_kappa(list("xxxyyz"), list("xxyyzz")) == pytest.approx(0.5)
    assert cohen_kappa(list("xy"), list("yx")) == pytest.approx(-1.0)
    assert math.isnan(cohen_kappa(list("aa"), list("aa")))  # no variation: undefined
    assert math.isnan(cohen_kappa([], []))


def test_krippendorff_alpha_nominal_by_hand() -> None:
    # coincidences o11 = 2, o12 = o21 = 1, o22 = 4; n = 8, n1 = 3, n2 = 5: α = 1 − 7·2 / (2·3·5) = 16/30
    assert krippendorff_alpha([[1, 1], [1, 2], [2, 2], [2, 2]]) == pytest.approx(16 / 30)
    # n = 12, n_x = 5, n_y = 4, n_z = 3; disagreements 4; expected 144 − 50 = 94: α = 1 − 11·4/94
    assert krippendorff_alpha(list(zip("xxxyyz", "xxyyzz"))) == pytest.approx(50 / 94)
    assert math.isnan(krippendorff_alpha([["a", "a"], ["a", "a"]]))
    assert math.isnan(krippendorff_alpha([["a"], ["b"]]))  # no unit has two values


def test_krippendorff_alpha_published_example() -> None:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability': 4 coders, 12 units, missing values."""
    rows = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    units = [[v for v in unit if v is not None] for unit in zip(*rows)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


def test_masi_distance_and_alpha_by_hand() -> None:
    assert masi(A, A) == 0.0
    assert masi(A, AB) == pytest.approx(1 - 0.5 * 2 / 3)  # subset: Jaccard 1/2, monotonicity 2/3
    assert masi(AB, BC) == pytest.approx(1 - (1 / 3) * (1 / 3))  # overlap: Jaccard 1/3, monotonicity 1/3
    assert masi(A, B) == 1.0
    # n = 6, n_{a} = 3, n_{ab} = 1, n_{b} = 2; observed Σoδ = 2·(2/3); expected Σ n_v n_w δ = 2·(2 + 6 + 2/3)
    # α = 1 − 5·(4/3)/(56/3) = 36/56
    assert krippendorff_alpha([[A, AB], [B, B], [A, A]], masi) == pytest.approx(36 / 56)


def test_percent_agreement() -> None:
    assert percent_agreement(list("abca"), list("abcb")) == 75.0
    assert math.isnan(percent_agreement([], []))


def test_pairs_per_theme_and_overall() -> None:
    model = {"c1": ("x",), "c2": ("y", "x"), "c3": ("x",)}
    reviewers = {"bo": {"c1": ("x",), "c2": ("y",)}, "anna": {"c1": ("x", "y"), "c2": ("y",), "c4": ("y",)}}
    result = agreement(model, reviewers, ["x", "y"])
    assert [(p.a, p.b, p.n) for p in result.pairs] == [("anna", "bo", 2), ("model", "anna", 2), ("model", "bo", 2)]
    anna_bo = result.pairs[0]
    assert (anna_bo.percent, anna_bo.same_set) == (100.0, 50.0)
    y = anna_bo.per_theme[1]
    assert (y.theme, y.n, y.a_yes, y.b_yes, y.percent) == ("y", 2, 2, 1, 50.0)
    assert result.overall_n == 2 and result.reviewers == ("anna", "bo")
    # two comments in common: too few for κ, α or an interval, which are left out rather than shown
    assert all(math.isnan(x) for x in (anna_bo.kappa, anna_bo.alpha, anna_bo.alpha_masi, *anna_bo.kappa_ci,
                                       y.kappa, y.alpha, result.overall_alpha))


def test_kappa_alpha_and_intervals_are_given_from_the_minimum_of_comments_in_common() -> None:
    from coder.review.agreement import MIN_COMMON

    ids = [f"c{i}" for i in range(MIN_COMMON)]
    a = {c: ("x" if i % 2 else "y",) for i, c in enumerate(ids)}
    b = {c: ("x" if i % 2 or i == 0 else "y",) for i, c in enumerate(ids)}  # one disagreement
    full = agreement({}, {"anna": a, "bo": b}, ["x", "y"], resamples=50)
    pair = full.pairs[0]
    assert pair.n == MIN_COMMON and pair.kappa == pytest.approx(cohen_kappa([a[c][0] for c in ids],
                                                                             [b[c][0] for c in ids]))
    assert pair.kappa_ci[0] <= pair.kappa <= pair.kappa_ci[1] and not math.isnan(full.overall_alpha)
    short = agreement({}, {"anna": a, "bo": {c: b[c] for c in ids[1:]}}, ["x", "y"], resamples=50).pairs[0]
    assert short.n == MIN_COMMON - 1 and math.isnan(short.kappa) and short.percent == 100.0


def _decide(project: Path) -> None:
    store = Store.open_project(project)
    for cid, reviewer, themes in [("A1::kommentar", "anna", ("indhold",)), ("A4::kommentar", "anna", ("data",)),
                                  ("A6::kommentar", "anna", ("social",)), ("A1::kommentar", "bo", ("indhold",)),
                                  ("A4::kommentar", "bo", ("kritik",)), ("A7::andre_kommentarer", "bo", ("andet",))]:
        store.record_decision(cid, reviewer, themes)
    store.close()


def test_agreement_command(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    _decide(project)
    result = CliRunner().invoke(app, ["agreement", str(project), "--json", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    assert "anna – bo" in result.output and "model – anna" in result.output
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    assert (pairs["anna", "bo"]["n"], pairs["anna", "bo"]["percent"]) == (2, 50.0)
    store = Store.open_project(project)
    model = store.model_labels()
    store.close()
    for reviewer, decided in (("anna", {"A1::kommentar": "indhold", "A4::kommentar": "data", "A6::kommentar": "social"}),
                              ("bo", {"A1::kommentar": "indhold", "A4::kommentar": "kritik",
                                      "A7::andre_kommentarer": "andet"})):
        same = sum(model[c][0] == t for c, t in decided.items())  # worked out from the model's own labels
        assert (pairs["model", reviewer]["n"], pairs["model", reviewer]["percent"]) == (3, round(100 * same / 3, 4))
    assert [t["theme"] for t in pairs["anna", "bo"]["per_theme"]] == ["indhold", "struktur", "social", "data",
                                                                       "kritik", "andet"]
    assert pairs["anna", "bo"]["per_theme"][1]["kappa"] is None  # nobody used 'struktur': undefined
    result = CliRunner().invoke(app, ["agreement", str(project), "--question", "andre_kommentarer"])
    assert result.exit_code == 0 and "anna – bo" not in result.output and "model – bo" in result.output


def test_agreement_command_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["agreement", str(project)])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"Fejl: {project}: ingen reviewer-beslutninger endnu")  # Danish codebook
    _decide(project)
    result = CliRunner().invoke(app, ["agreement", str(project), "--question", "nope"])
    assert result.exit_code == 2 and "--question nope: spørgsmålet findes ikke" in result.output
    result = CliRunner().invoke(app, ["agreement", str(project), "--question", "nope", "--locale", "en"])
    assert result.exit_code == 2 and "Error: --question nope: no such question" in result.output


# --- intervals, disagreements and what it was measured on -----------------------------------------------
def test_bootstrap_intervals_are_seeded_and_bracket_the_estimate() -> None:
    a = list("xxxxyyyyzzzzxxyy") * 2
    b = list("xxxyyyyzzzzxxxyy") * 2
    first = bootstrap_primary(a, b, resamples=300, seed=3)
    assert first == bootstrap_primary(a, b, resamples=300, seed=3)  # deterministic
    assert first != bootstrap_primary(a, b, resamples=300, seed=4)
    (p_lo, p_hi), (k_lo, k_hi), (a_lo, a_hi) = first
    assert p_lo <= percent_agreement(a, b) <= p_hi and k_lo <= cohen_kappa(a, b) <= k_hi
    assert a_lo <= krippendorff_alpha(list(zip(a, b))) <= a_hi and k_hi - k_lo > 0.05
    same = bootstrap_primary(list("xyxyxy"), list("xyxyxy"), resamples=200)
    assert same[0] == (100.0, 100.0) and same[1] == pytest.approx((1.0, 1.0))  # resamples with one value left out
    assert all(math.isnan(x) for ci in bootstrap_primary(["x"], ["y"]) for x in ci)  # one comment: no interval


def test_pairs_count_the_disagreements() -> None:
    model = {"c1": ("x",), "c2": ("y",), "c3": ("x",), "c4": ("x", "y")}
    reviewers = {"anna": {"c1": ("x",), "c2": ("x",), "c3": ("y",), "c4": ("x",)},
                 "bo": {"c1": ("y",), "c2": ("x",), "c3": ("x",), "c4": ("x", "y")}}
    result = agreement(model, reviewers, ["x", "y"], resamples=50)
    anna_bo = result.pairs[0]
    assert [(d.a_theme, d.b_theme, d.n, d.comments) for d in anna_bo.disagreements] == [
        ("x", "y", 1, ("c1",)), ("y", "x", 1, ("c3",))]
    y = anna_bo.per_theme[1]
    assert (y.a_yes, y.b_yes, y.a_only, y.b_only) == (1, 2, 1, 2)
    model_anna = result.pairs[1]
    assert (model_anna.a, model_anna.b) == ("model", "anna")
    assert [(d.a_theme, d.b_theme, d.comments) for d in model_anna.disagreements] == [
        ("x", "y", ("c3",)), ("y", "x", ("c2",))]


def test_agreement_on_the_audit_sample_or_the_queue(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    draw_audit(store, 1, questions=("kommentar",))
    audited = store.audit_items(store.current_run().input_sha256)[0].comment_id
    queued = next(c for c in ("A1::kommentar", "A4::kommentar", "A6::kommentar") if c != audited)
    for cid, themes in ((audited, ("data",)), (queued, ("kritik",))):
        store.record_decision(cid, "anna", themes)
        store.record_decision(cid, "bo", ("social",), blind=True)
    store.close()
    on_audit = project_agreement(project, on="audit", resamples=20)
    on_queue = project_agreement(project, on="queue", resamples=20)
    on_all = project_agreement(project, resamples=20)
    assert (on_audit.scope, on_audit.reviewed, on_audit.audited, on_audit.pairs[0].n) == ("audit", 1, 1, 1)
    # on the audit sample only blind labels count: anna labelled seeing the model's suggestion
    assert [(p.a, p.b) for p in on_audit.pairs] == [("model", "bo")]
    assert {(p.a, p.b) for p in on_queue.pairs} == {("anna", "bo"), ("model", "anna"), ("model", "bo")}
    assert (on_queue.scope, on_queue.reviewed, on_queue.audited, on_queue.pairs[0].n) == ("queue", 1, 0, 1)
    assert (on_all.reviewed, on_all.audited, on_all.pairs[0].n) == (2, 1, 2)
    assert on_all.pairs[0].disagreements[0].n == 1 and on_all.pairs[0].percent == 0.0
    result = CliRunner().invoke(app, ["agreement", str(project), "--on", "audit"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Målt på den tilfældige auditstikprøve: 1 kommentar med" in out and "Uenigheder om det primære tema" in out
    assert "køen vælger" not in out  # the audit sample needs no warning
    out = " ".join(CliRunner().invoke(app, ["agreement", str(project)]).output.split())
    assert "Målt på alle kommentarer med en reviewers kode: 2 kommentarer, heraf 1 fra den tilfældige" in out
    assert "køen vælger de svar, modellen er mindst sikker på" in out
    result = CliRunner().invoke(app, ["agreement", str(project), "--on", "nope"])
    assert result.exit_code == 2 and "--on nope: ukendt" in result.output
    store = Store.open_project(project)
    store.undo("bo", audited)  # the sample's only blind label taken back: anna's, seen, does not measure the model
    store.close()
    result = CliRunner().invoke(app, ["agreement", str(project), "--on", "audit"])
    out = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "ingen blinde reviewer-beslutninger i auditstikprøven; beslutningerne dér (1) blev" in out


def test_at_80_columns_no_interval_or_number_is_cut() -> None:
    """'(15,4–61,…' and 'macro-…': the pair table cut its intervals at 80 columns."""
    import io
    import re

    from rich.console import Console

    from coder.console import print_agreement
    from coder.wording import Wording

    model = {f"c{i}": ("x" if i % 3 else "y",) for i in range(13)}
    reviewers = {"anna": {f"c{i}": ("x" if i % 2 else "y",) for i in range(13)},
                 "bo": {f"c{i}": ("y",) for i in range(3)}}
    result = agreement(model, reviewers, ["x", "y"], resamples=200)
    console = Console(width=80, record=True, file=io.StringIO())
    print_agreement(console, result, Wording("da"))
    shown = console.export_text()
    intervals = re.findall(r"\(-?\d+,\d+–\d+,\d+\)", shown)
    assert intervals and "…" not in shown
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_the_model_is_not_measured_on_labels_its_run_learned(tmp_path: Path) -> None:
    """After a rerun learned the audit labels, 'model – BO' showed 97 % on them (60 % before): in-sample."""
    from dataclasses import replace

    from coder.review.agreement_scope import learned_from

    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    run = store.current_run()
    rows = list(store.rows(run.run_id))
    store.record_decision("A1::kommentar", "anna", ("data",))
    assert learned_from(store, run, rows) == set()  # a zero-shot run learned nothing
    learning = replace(run, settings=replace(run.settings, classifier="learned"))
    assert learned_from(store, learning, rows) == set()  # the label came after the run started
    later = replace(learning, started_at="2999-01-01T00:00:00+00:00")
    repeats = {r.comment_id for r in rows if r.duplicate_of == "A1" and r.question == "kommentar"}
    assert learned_from(store, later, rows) == {"A1::kommentar"} | repeats
    store.close()


def test_agreement_leaves_out_of_the_models_pairs_what_it_learned(tmp_path: Path, monkeypatch) -> None:
    import coder.review.agreement_scope as scope

    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("data",))
    store.record_decision("A4::kommentar", "anna", ("kritik",))
    store.close()
    before = project_agreement(project, resamples=20)
    monkeypatch.setattr(scope, "learned_from", lambda store, run, rows: {"A1::kommentar"})
    after = project_agreement(project, resamples=20)
    n = {(p.a, p.b): p.n for p in before.pairs}, {(p.a, p.b): p.n for p in after.pairs}
    assert n[0][("model", "anna")] == 2 and n[1][("model", "anna")] == 1 and after.learned == 1
    out = " ".join(CliRunner().invoke(app, ["agreement", str(project)]).output.split())
    assert "Modellens par udelader 1 af disse kommentarer" in out
