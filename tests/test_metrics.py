"""Evaluation metrics against values computed by hand on tiny data."""

from __future__ import annotations

import numpy as np
import pytest

from coder.classify.metrics import (
    automation_curve,
    cohen_kappa,
    confusion_matrix,
    multilabel_f1,
    score,
    threshold_for_precision,
)

LABELS = ("a", "b", "c")
GOLD = [("a",), ("a", "b"), ("b",), ("b",), ("c",), ("a",)]
PRED = [("a",), ("b",), ("b", "c"), ("a",), ("c",), ("a", "b")]


def test_confusion_and_accuracy() -> None:
    s = score(GOLD, PRED, LABELS)
    # gold a: a, b, a -> 2 right; gold b: b, a -> 1 right; gold c: c
    assert s.confusion.tolist() == [[2, 1, 0], [1, 1, 0], [0, 0, 1]]
    assert s.accuracy == pytest.approx(4 / 6)
    assert s.lenient_accuracy == pytest.approx(5 / 6)  # item 2's prediction b is in its gold set


def test_per_theme_and_macro_f1() -> None:
    s = score(GOLD, PRED, LABELS)
    a, b, c = s.per_theme
    assert (a.precision, a.recall) == pytest.approx((2 / 3, 2 / 3))
    assert (b.precision, b.recall) == pytest.approx((1 / 2, 1 / 2))
    assert (c.precision, c.recall, c.f1) == pytest.approx((1, 1, 1))
    assert s.macro_f1 == pytest.approx((2 / 3 + 1 / 2 + 1) / 3)


def test_cohen_kappa_by_hand() -> None:
    m = confusion_matrix([g[0] for g in GOLD], [p[0] for p in PRED], LABELS)
    po = 4 / 6
    pe = (3 * 3 + 2 * 2 + 1 * 1) / 36
    assert cohen_kappa(m) == pytest.approx((po - pe) / (1 - pe))
    assert np.isnan(cohen_kappa(np.array([[5, 0], [0, 0]])))  # one label only: no variation to measure


def test_share_error_in_points() -> None:
    s = score(GOLD, PRED, LABELS)
    # gold primary shares a 3/6, b 2/6, c 1/6; predicted a 3/6, b 2/6, c 1/6 -> no error
    assert s.share_error == pytest.approx(0.0)
    s2 = score([("a",), ("a",), ("b",), ("b",)], [("a",), ("a",), ("a",), ("b",)], ("a", "b"))
    assert s2.share_errors == pytest.approx({"a": 25.0, "b": 25.0})


def test_multilabel_f1_by_hand() -> None:
    # a: tp 3 (items 1,2? no) -> count: gold sets vs predicted sets
    # a: gold {1,2,6}, pred {1,4,6} -> tp 2, fp 1, fn 1
    # b: gold {2,3,4}, pred {2,3,6} -> tp 2, fp 1, fn 1
    # c: gold {5},     pred {3,5}   -> tp 1, fp 1, fn 0
    micro, macro = multilabel_f1(GOLD, PRED, LABELS)
    assert micro == pytest.approx(2 * 5 / (2 * 5 + 3 + 2))
    assert macro == pytest.approx((2 / 3 + 2 / 3 + 2 / 3) / 3)


def test_automation_curve_and_threshold() -> None:
    conf = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    ok = np.array([1, 1, 1, 0, 1, 0], bool)
    points = {p.threshold: p for p in automation_curve(conf, ok, [0.0, 0.65, 0.75])}
    assert (points[0.65].coverage, points[0.65].precision) == pytest.approx((0.5, 1.0))
    assert (points[0.0].coverage, points[0.0].precision) == pytest.approx((1.0, 4 / 6))
    assert threshold_for_precision(conf, ok, 1.0, min_n=1) == pytest.approx(0.7)
    assert threshold_for_precision(conf, ok, 0.8, min_n=1) == pytest.approx(0.5)  # 4 of 5 above 0.5
    assert threshold_for_precision(conf, ok, 0.99, min_n=4) is None
