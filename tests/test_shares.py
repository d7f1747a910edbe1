"""Corrected shares: adjusted classify-and-count, worked out by hand on small confusion matrices."""

from __future__ import annotations

import numpy as np
import pytest

from coder.classify.shares import MIN_AUDIT, adjusted_shares, audit_estimate
from coder.codebook import parse_codebook
from coder.report.tables import question_tables
from coder.review.audit import AuditSample
from coder.store import Row

CODEBOOK = parse_codebook({"name": "t", "version": "1", "themes": [
    {"id": "a", "label": "A", "description": "a"}, {"id": "b", "label": "B", "description": "b"}]})


def test_adjusted_shares_solve_the_confusion_by_hand() -> None:
    # The classifier calls 80 % of true a's "a" and 10 % of true b's "a". Half the comments were coded a:
    # 0.8 p + 0.1 (1 - p) = 0.5 gives p = 4/7 true a's.
    confusion = np.array([[8, 2], [1, 9]])
    assert adjusted_shares(np.array([50.0, 50.0]), confusion) == pytest.approx([4 / 7, 3 / 7], abs=1e-9)
    # A perfect classifier changes nothing.
    assert adjusted_shares(np.array([30.0, 10.0]), np.array([[5, 0], [0, 5]])) == pytest.approx([0.75, 0.25])


def test_audit_estimate_by_hand() -> None:
    # Stratum a (60 answers the model called a): 8 of 10 audited are a. Stratum b (40): 1 of 10 is a.
    # One pseudo-answer split over the 2 themes: P(a | a) = 8.5 / 11, P(a | b) = 1.5 / 11.
    est = audit_estimate({"a": 60, "b": 40}, {"a": ["a"] * 8 + ["b"] * 2, "b": ["a"] + ["b"] * 9}, ("a", "b"),
                         minimum=20)
    expected = 0.6 * 8.5 / 11 + 0.4 * 1.5 / 11
    assert est.shares == pytest.approx([expected, 1 - expected])
    assert est.shown and est.needed == 0 and est.labelled == 20
    assert np.all(est.low <= est.shares) and np.all(est.shares <= est.high) and est.high[0] - est.low[0] > 0.1
    few = audit_estimate({"a": 60, "b": 40}, {"a": ["a"] * 3, "b": []}, ("a", "b"), minimum=20)
    assert not few.shown and few.needed == 17
    again = audit_estimate({"a": 60, "b": 40}, {"a": ["a"] * 8 + ["b"] * 2, "b": ["a"] + ["b"] * 9}, ("a", "b"),
                           minimum=20)
    assert np.array_equal(again.low, est.low)  # seeded


def _row(i: int, primary: str, source: str = "model") -> Row:
    return Row(f"R{i}::q", f"R{i}", "q", i, f"svar {i}", {}, "coded", None, primary, (primary,), 0.9,
               {primary: 0.9}, source, (primary,))


def test_theme_tables_print_the_corrected_share_only_from_enough_audit_labels() -> None:
    rows = [_row(i, "a" if i < 60 else "b") for i in range(100)]
    labels = {"a": ["a"] * 40 + ["b"] * 10, "b": ["a"] * 5 + ["b"] * 15}
    (table,) = question_tables(rows, CODEBOOK, ["q"], 0, audits={"q": AuditSample("q", {"a": 60, "b": 40}, labels, 70)})
    p_a = 0.6 * 40.5 / 51 + 0.4 * 5.5 / 21
    assert [line.corrected for line in table.lines] == pytest.approx([100 * p_a, 100 * (1 - p_a)])
    assert [line.percent for line in table.lines] == [60.0, 40.0]
    assert table.audit.labelled == 70 and table.audit.shown
    short = {"a": ["a"] * 20, "b": ["b"] * 9}
    (few,) = question_tables(rows, CODEBOOK, ["q"], 0, audits={"q": AuditSample("q", {"a": 60, "b": 40}, short, 40)})
    assert all(line.corrected is None for line in few.lines) and few.audit.needed == MIN_AUDIT - 29
    (none,) = question_tables(rows, CODEBOOK, ["q"], 0)
    assert all(line.corrected is None for line in none.lines) and none.audit is None
