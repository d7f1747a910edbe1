"""Drawing charts: the one way coder draws a PNG (matplotlib's object API on Agg, no pyplot state).

Every chart (report bars, the cluster map, the evaluation curves) starts from ``figure`` and
ends in ``png``, so all share the resolution, background and byte-for-byte reproducible output.
This is the only module that imports matplotlib.
"""

from __future__ import annotations

import io

DPI = 110
BLUE, GREY, RED, INK = "#3b6ea8", "#b7bec8", "#c0392b", "#222222"
# a group above or below all answers (▲/▼): purple and orange, which say nothing of good or bad (more criticism is no
# good news in green) and which readers who cannot tell red from green tell apart
ABOVE, BELOW = "#6a3d9a", "#d66a00"


def figure(width: float, height: float, constrained: bool = False):
    """A white matplotlib ``Figure`` of ``width`` × ``height`` inches (no window, no global state)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained" if constrained else None)
    fig.patch.set_facecolor("white")
    return fig


def png(fig, decimal_comma: bool = False) -> bytes:
    """The figure as PNG bytes, without the software stamp (same chart, same bytes).

    ``decimal_comma``: the axes' tick labels read 0,95 rather than 0.95 (a Danish reader's charts).
    """
    if decimal_comma:
        fig.draw_without_rendering()  # the tick labels matplotlib chose, as text
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                labels = [t.get_text().replace(".", ",") for t in axis.get_majorticklabels()]
                if any("," in label for label in labels):
                    axis.set_ticks(axis.get_majorticklocs(), labels)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def palette(n: int = 10) -> list:
    """n distinct colours (matplotlib's tab10, repeated)."""
    import matplotlib

    cmap = matplotlib.colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]


def legend_marker(marker: str, colour: object, label: str):
    """A legend entry showing one marker in one colour."""
    from matplotlib.lines import Line2D

    return Line2D([], [], ls="", marker=marker, color=colour, markersize=5, label=label)
