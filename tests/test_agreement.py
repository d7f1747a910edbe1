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
    cohen_kappa,
    krippendorff_alpha,
    masi,
    percent_agreement,
)
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
    assert anna_bo.kappa == pytest.approx(1.0)
    y = anna_bo.per_theme[1]
    assert (y.theme, y.n, y.a_yes, y.b_yes, y.percent) == ("y", 2, 2, 1, 50.0)
    assert result.overall_n == 2 and result.reviewers == ("anna", "bo")


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
    assert result.output.strip().startswith(f"Error: {project}: no reviewer decisions yet")
    _decide(project)
    result = CliRunner().invoke(app, ["agreement", str(project), "--question", "nope"])
    assert result.exit_code == 2 and "--question nope: no such question" in result.output
