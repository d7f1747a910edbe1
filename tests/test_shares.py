"""Corrected shares: adjusted classify-and-count, worked out by hand on small confusion matrices."""

from __future__ import annotations

import numpy as np
import pytest

from coder.classify.shares import adjusted_shares, share_estimate
from coder.codebook import parse_codebook
from coder.report.tables import question_tables
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


def test_share_estimate_interval_holds_the_correction() -> None:
    predicted = np.array([0] * 50 + [1] * 50)
    est = share_estimate(predicted, 2, np.array([[8, 2], [1, 9]]))
    assert est.raw == pytest.approx([0.5, 0.5]) and est.corrected == pytest.approx([4 / 7, 3 / 7])
    assert np.all(est.low <= est.corrected) and np.all(est.corrected <= est.high) and est.n_labelled == 20
    plain = share_estimate(predicted, 2, None)
    assert plain.corrected == pytest.approx([0.5, 0.5]) and plain.n_labelled == 0


def _row(i: int, primary: str, source: str = "model") -> Row:
    return Row(f"R{i}::q", f"R{i}", "q", i, f"svar {i}", {}, "coded", None, primary, (primary,), 0.9,
               {primary: 0.9}, source, (primary,))


def test_theme_tables_print_the_corrected_share() -> None:
    rows = [_row(i, "a" if i < 50 else "b") for i in range(100)]
    (table,) = question_tables(rows, CODEBOOK, ["q"], 0, confusion={"": np.array([[8, 2], [1, 9]])})
    assert [line.corrected for line in table.lines] == pytest.approx([100 * 4 / 7, 100 * 3 / 7])
    assert [line.percent for line in table.lines] == [50.0, 50.0]
    (plain,) = question_tables(rows, CODEBOOK, ["q"], 0)
    assert all(line.corrected is None for line in plain.lines)
