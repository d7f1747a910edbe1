"""A PNG map of the discovered clusters: each question's comments in 2-D, coloured (and shaped) by cluster."""

from __future__ import annotations

import math

import numpy as np

from coder.charts import figure, legend_marker, palette, png
from coder.cluster.phrases import say
from coder.cluster.types import Discovery, QuestionDiscovery, cluster_name
from coder.wording import Wording

MARKERS = ("o", "s", "^", "D", "v", "P")



def map_2d(X: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Project onto the plane that spreads the cluster centres most (PCA of the centres; of X when k < 3).

    Args:
        X: (n, dim) vectors; centres: (k, dim).
    Returns:
        (n, 2) float32 coordinates (zeros when n < 3).
    """
    if len(X) < 3:
        return np.zeros((len(X), 2), np.float32)
    basis = centres if len(centres) >= 3 else X
    mean = basis.mean(axis=0)
    _, _, vt = np.linalg.svd((basis - mean).astype(np.float64), full_matrices=False)
    axes = vt[:2] * np.where(vt[:2].sum(axis=1, keepdims=True) < 0, -1.0, 1.0)  # fixed signs
    return ((X - mean) @ axes.T).astype(np.float32)


def _panel(ax, q: QuestionDiscovery, colours: list, w: Wording) -> None:
    pts, labels, weights, weak = q.points, q.point_cluster, q.point_weight, q.point_weak
    ax.set_title(say(w, "map_panel", question=q.question, comments=q.comments, k=len(q.clusters)), fontsize=11,
                 loc="left")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(pts) == 0:
        ax.text(0.5, 0.5, say(w, "map_empty"), ha="center", va="center", transform=ax.transAxes)
        return
    sizes = 14 + 10 * np.sqrt(weights - 1)
    handles = []
    for c in q.clusters:
        inside = labels == c.number
        colour = colours[(c.number - 1) % len(colours)]
        marker = MARKERS[(c.number - 1) // len(colours) % len(MARKERS)]
        strong, loose = inside & ~weak, inside & weak
        name = f"{c.number} {say(w, 'new_tag') + ' ' if c.new else ''}{cluster_name(c, w)}"
        ax.scatter(pts[strong, 0], pts[strong, 1], s=sizes[strong], color=colour, alpha=0.75, linewidths=0,
                   marker=marker)
        handles.append(legend_marker(marker, colour, name[:42]))
        ax.scatter(pts[loose, 0], pts[loose, 1], s=sizes[loose], facecolors="none", edgecolors=colour,
                   marker=marker, linewidths=0.9)
        if inside.any():
            x, y = np.median(pts[inside, 0]), np.median(pts[inside, 1])
            ax.annotate(str(c.number), (x, y), fontsize=9, fontweight="bold", ha="center", va="center",
                        bbox=dict(boxstyle="circle,pad=0.2", fc="white", ec=colour, lw=1.2, alpha=0.9))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, frameon=False,
              title=say(w, "map_legend"), title_fontsize=7.5, alignment="left")


def render_map(discovery: Discovery) -> bytes:
    """One panel per question, side by side in rows of two; returns PNG bytes."""
    n = max(1, len(discovery.questions))
    cols = min(2, n)
    rows = math.ceil(n / cols)
    fig = figure(9.5 * cols, 6.2 * rows, constrained=True)
    colours = palette(10)
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, q in zip(axes.flat, discovery.questions):
        _panel(ax, q, colours, discovery.wording)
    for ax in list(axes.flat)[len(discovery.questions):]:
        ax.set_visible(False)
    fig.suptitle(say(discovery.wording, "map_title"), fontsize=10, x=0.01, ha="left")
    return png(fig)
