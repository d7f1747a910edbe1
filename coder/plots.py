"""PNG charts: the evaluation's learning and automation curves."""

from __future__ import annotations

import io

from coder.evaluate import Evaluation


def evaluation_png(ev: Evaluation) -> bytes:
    """Two panels: macro-F1 by labels per theme (± sd), and coverage vs precision by threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), dpi=110)
    if ev.curve:
        ks = [p.per_class for p in ev.curve]
        left.errorbar(ks, [p.macro_f1 for p in ev.curve], yerr=[p.macro_f1_sd for p in ev.curve], marker="o",
                      capsize=3, label="coder")
        left.plot(ks, [p.zero_shot_macro_f1 for p in ev.curve], ls="--", marker=".", label="codebook alone")
        left.set_xscale("log")
        left.minorticks_off()
        left.set_xticks(ks, [str(k) for k in ks])
    left.axhline(ev.zero_shot.macro_f1, color="grey", lw=0.8, ls=":", label="zero-shot, all comments")
    if ev.cross_validated is not None:
        left.axhline(ev.cross_validated.macro_f1, color="green", lw=0.8, ls=":", label=f"{ev.folds}-fold CV")
    left.set_xlabel("labels per theme")
    left.set_ylabel("macro-F1 (primary theme)")
    left.set_title("Learning curve")
    left.legend(fontsize=8)
    pts = [p for p in ev.automation if p.n > 0]
    right.plot([p.coverage for p in pts], [p.precision for p in pts], marker="o")
    for p in [p for p in pts if p.coverage < 0.99][::3]:
        right.annotate(f"{p.threshold:.2f}", (p.coverage, p.precision), fontsize=7, xytext=(3, 3),
                       textcoords="offset points")
    right.axhline(ev.target_precision, color="red", lw=0.8, ls="--", label=f"target {ev.target_precision:.0%}")
    right.set_xlabel("share auto-coded (confidence ≥ threshold)")
    right.set_ylabel("precision on auto-coded")
    right.set_title(f"Automation ({ev.automation_source})")
    right.legend(fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
