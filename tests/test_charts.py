"""coder.charts: the one way coder draws a PNG — same chart, same bytes; a Danish reader's axes read 0,5."""

from __future__ import annotations

from coder.charts import figure, png


def _chart():
    fig = figure(3, 2)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0.25, 0.75])
    return fig, ax


def test_the_same_chart_gives_the_same_bytes() -> None:
    assert png(_chart()[0]) == png(_chart()[0])


def test_decimal_commas_on_the_axes_of_a_danish_chart() -> None:
    fig, ax = _chart()
    png(fig, decimal_comma=True)
    x = [t.get_text() for t in ax.xaxis.get_majorticklabels()]
    y = [t.get_text() for t in ax.yaxis.get_majorticklabels()]
    assert "0,50" in x and "0,4" in y and not any("." in label for label in x + y)
    fig, ax = _chart()
    png(fig)
    assert "0.50" in [t.get_text() for t in ax.xaxis.get_majorticklabels()]
