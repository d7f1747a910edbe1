"""Evaluate coding against gold labels: zero-shot, cross-validated, learning curve, automation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

import numpy as np

from coder.charts import figure, png
from coder.classify import (
    Labelled,
    LeftOut,
    ZeroShotClassifier,
    codebook_examples,
    cross_validated,
    from_gold,
    gold_labels,
    gold_left_out,
    train,
    zero_shot,
)
from coder.classify.adapt import adapt
from coder.classify.metrics import (
    AutomationPoint,
    ReliabilityBin,
    Scores,
    automation_curve,
    calibration_error,
    reliability,
    score,
    threshold_for_precision,
)
from coder.codebook import Codebook
from coder.embed import CachedEmbed, get_embedder
from coder.errors import InputError
from coder.files import write_atomic
from coder.io import ReadOptions, make_batch, read_table
from coder.wording import Wording


@dataclass(frozen=True)
class CurvePoint:
    """Macro-F1, accuracy and share error with k training labels per theme (mean ± sd over seeds)."""

    per_class: int
    n_train: int
    macro_f1: float
    macro_f1_sd: float
    accuracy: float
    accuracy_sd: float
    share_error: float
    share_error_sd: float
    zero_shot_macro_f1: float  # the codebook alone on the same test comments, for comparison


def learning_curve(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None,
                   per_class: Sequence[int], seeds: Sequence[int] = (0, 1, 2),
                   codebook_alone: ZeroShotClassifier | None = None) -> list[CurvePoint]:
    """Train on k labels per theme (fewer where a theme has fewer), test on all the rest; ``codebook_alone``
    (default ``prior``) codes the same test comments for comparison."""
    alone = prior if codebook_alone is None else codebook_alone
    labels = tuple(prior.classes_)
    y = np.array(data.primary)
    points = []
    for k in per_class:
        runs = []
        for seed in seeds:
            rng = np.random.default_rng(seed)
            train_idx = []
            for t in labels:
                idx = np.flatnonzero(y == t)
                keep = min(k, max(len(idx) - 1, 0))  # leave at least one of each theme for testing
                train_idx.extend(rng.permutation(idx)[:keep].tolist())
            train_idx = np.array(sorted(train_idx), dtype=int)
            test_idx = np.setdiff1d(np.arange(len(y)), train_idx)
            clf = train(prior, data.take(train_idx), examples, seed)
            test = data.features.take(test_idx)
            gold = [data.gold[i] for i in test_idx]
            s = score(gold, clf.code(test).themes, labels)
            z = score(gold, alone.code(test).themes, labels)
            runs.append((s.macro_f1, s.accuracy, s.share_error, len(train_idx), z.macro_f1))
        arr = np.array(runs)
        points.append(CurvePoint(k, int(arr[:, 3].mean()), arr[:, 0].mean(), arr[:, 0].std(), arr[:, 1].mean(),
                                 arr[:, 1].std(), arr[:, 2].mean(), arr[:, 2].std(), arr[:, 4].mean()))
    return points


@dataclass(frozen=True)
class Evaluation:
    """Everything `coder evaluate` reports."""

    n: int
    zero_shot: Scores
    cross_validated: Scores | None
    folds: int
    curve: list[CurvePoint]
    automation: list[AutomationPoint]
    automation_source: str  # "cross-validated" or "zero-shot" (the codebook, adapted when ``adapted`` is set)
    target_precision: float
    threshold: float | None
    coverage_at_target: float
    precision_at_target: float
    per_question: dict[str, Scores] = field(default_factory=dict)
    corrected_share_error: float | None = None  # pp, cross-validated share correction
    reliability: list[ReliabilityBin] = field(default_factory=list)  # of the automation source's confidences
    calibration_error: float | None = None  # expected calibration error (ECE) of those confidences
    zero_shot_calibration_error: float | None = None
    adapted: Scores | None = None  # the codebook adapted to these answers (no label used), as coder code codes
    left_out: LeftOut = field(default_factory=LeftOut)  # gold-coded answers coder flags empty or non-answers: not among the n scored


def evaluate(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None, folds: int = 5,
             per_class: Sequence[int] = (), seeds: Sequence[int] = (0, 1, 2), target: float = 0.95,
             seed: int = 0, adapt_to_batch: bool = True) -> Evaluation:
    """Zero-shot scores, k-fold cross-validated scores, learning curve and automation curve.

    As ``coder code`` does, the codebook is first adapted to the answers (``coder.classify.adapt``, no
    label used) unless ``adapt_to_batch`` is False; the learning classifier starts from that.
    """
    labels = tuple(prior.classes_)
    zs = prior.code(data.features)
    zs_scores = score(data.gold, zs.themes, labels)
    start = adapt(prior, examples, lambda clf: [(data.features, clf.code(data.features))]) if adapt_to_batch else prior
    adapted = None if start is prior else start.code(data.features)
    cv_scores, coding, source, corrected_error = None, zs if adapted is None else adapted, "zero-shot", None
    codebook_alone, prior = prior, start
    if folds >= 2:
        cv = cross_validated(prior, data, examples, folds, seed)
        coding = cv.coding
        cv_scores = score(data.gold, coding.themes, labels)
        source = "cross-validated"
        gold_shares = np.array([data.primary.count(t) for t in labels]) / len(data.gold)
        corrected_error = float(np.mean(np.abs(cv.corrected - gold_shares)) * 100)
    per_q = {}
    for q in dict.fromkeys(data.questions):
        idx = [i for i, qq in enumerate(data.questions) if qq == q]
        per_q[q] = score([data.gold[i] for i in idx], [coding.themes[i] for i in idx], labels)
    correct = np.array([p == g[0] for p, g in zip(coding.primary, data.gold)])
    thr = threshold_for_precision(coding.confidence, correct, target)
    # the curve reaches the threshold the text names (a grid of 0.05 steps stopped at 0.95, below a 0.99 one)
    steps = [round(x, 2) for x in np.arange(0.0, 1.0, 0.05)] + [0.97, 0.98, 0.99]
    curve = automation_curve(coding.confidence, correct, sorted(set(steps + ([thr] if thr is not None else []))))
    bins = reliability(coding.confidence, correct)
    zs_correct = np.array([p == g[0] for p, g in zip(zs.primary, data.gold)])
    keep = coding.confidence >= thr if thr is not None else np.zeros(len(correct), bool)
    return Evaluation(
        n=len(data.gold), zero_shot=zs_scores, cross_validated=cv_scores, folds=folds,
        curve=learning_curve(prior, data, examples, per_class, seeds, codebook_alone) if per_class else [],
        automation=curve, automation_source=source, target_precision=target, threshold=thr,
        coverage_at_target=float(keep.mean()) if len(keep) else 0.0,
        precision_at_target=float(correct[keep].mean()) if keep.any() else float("nan"),
        per_question=per_q, corrected_share_error=corrected_error, reliability=bins,
        calibration_error=calibration_error(bins),
        zero_shot_calibration_error=calibration_error(reliability(zs.confidence, zs_correct)),
        adapted=None if adapted is None else score(data.gold, adapted.themes, labels),
    )


def source_key(ev: Evaluation) -> str:
    """The wording key naming what coded the answers the automation curve and calibration were measured on."""
    if ev.automation_source == "cross-validated":
        return "ev_cross_validated"
    return "ev_zero_shot" if ev.adapted is None else "ev_adapted"


def evaluation_json(ev: Evaluation) -> dict:
    """A JSON-ready dict of everything in an Evaluation."""
    import dataclasses

    def plain(obj):
        if dataclasses.is_dataclass(obj):
            return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        if isinstance(obj, dict):
            return {k: plain(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [plain(v) for v in obj]
        if isinstance(obj, (np.floating, float)):
            return None if np.isnan(obj) else round(float(obj), 6)
        if isinstance(obj, np.integer):
            return int(obj)
        return obj

    return plain(ev)


def evaluation_png(ev: Evaluation, wording: Wording = Wording("en")) -> bytes:
    """Three panels: macro-F1 by labels per theme (± sd), coverage vs precision by threshold, and the
    reliability diagram (accuracy against confidence)."""
    w = wording
    fig = figure(14, 4)
    left, right, third = fig.subplots(1, 3)
    if ev.curve:
        ks = [p.per_class for p in ev.curve]
        left.errorbar(ks, [p.macro_f1 for p in ev.curve], yerr=[p.macro_f1_sd for p in ev.curve], marker="o",
                      capsize=3, label="coder")
        left.plot(ks, [p.zero_shot_macro_f1 for p in ev.curve], ls="--", marker=".", label=w.t("ev_codebook_alone"))
        left.set_xscale("log")
        left.minorticks_off()
        left.set_xticks(ks, [str(k) for k in ks])
    else:  # the lines below still compare the codebook alone with cross-validation
        left.text(0.5, 0.5, w.t("ev_no_curve"), transform=left.transAxes, ha="center", va="center", fontsize=8,
                  color="#555555", wrap=True)
        left.set_xticks([])
    left.axhline(ev.zero_shot.macro_f1, color="grey", lw=0.8, ls=":", label=w.t("ev_zero_shot_all"))
    if ev.cross_validated is not None:
        left.axhline(ev.cross_validated.macro_f1, color="green", lw=0.8, ls=":", label=w.t("ev_cv", k=ev.folds))
    left.set_xlabel(w.t("ev_labels_per_theme"))
    left.set_ylabel(w.t("ev_macro_f1_primary"))
    left.set_title(w.t("ev_curve_title"))
    left.legend(fontsize=8)
    pts = [p for p in ev.automation if p.n > 0]
    right.plot([p.coverage for p in pts], [p.precision for p in pts], marker="o")
    for p in [p for p in pts if p.coverage < 0.99][::3]:
        right.annotate(w.num(p.threshold, 2), (p.coverage, p.precision), fontsize=7, xytext=(3, 3),
                       textcoords="offset points")
    right.axhline(ev.target_precision, color="red", lw=0.8, ls="--",
                  label=w.t("ev_target", p=w.pct(100 * ev.target_precision, 0)))
    if ev.threshold is not None and ev.coverage_at_target > 0:  # the point the text names
        right.plot([ev.coverage_at_target], [ev.precision_at_target], marker="o", color="red", ms=7, ls="none",
                   label=f"{w.num(ev.threshold, 3)} → {w.pct(100 * ev.coverage_at_target, 0)}")
    right.set_xlim(0, 1.02)
    right.set_xticks(np.linspace(0, 1, 6))
    right.set_xlabel(w.t("ev_share_auto"))
    right.set_ylabel(w.t("ev_precision_auto"))
    source = w.t(source_key(ev))
    right.set_title(w.t("ev_automation_title", source=source))
    right.legend(fontsize=8)
    filled = [b for b in ev.reliability if b.n]
    third.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
    third.bar([(b.low + b.high) / 2 for b in filled], [b.accuracy for b in filled], width=0.09, alpha=0.6)
    third.plot([b.confidence for b in filled], [b.accuracy for b in filled], marker="o", color="black", lw=0.8)
    third.set_xlim(0, 1)
    third.set_ylim(0, 1)
    third.set_xlabel(w.t("ev_confidence"))
    third.set_ylabel(w.t("ev_right_share"))
    ece = "–" if ev.calibration_error is None else w.num(ev.calibration_error, 3)
    third.set_title(w.t("ev_reliability_title", source=source, ece=ece))
    fig.tight_layout()
    return png(fig, decimal_comma=w.danish)


def evaluate_file(input_path: Path, codebook: Codebook, read: ReadOptions, gold_columns: Sequence[str], out: Path,
                  model: str | None = None, folds: int = 5, per_class: Sequence[int] = (),
                  seeds: Sequence[int] = (0, 1, 2), target: float = 0.95, seed: int = 0,
                  wording: Wording = Wording("en"), adapt_to_batch: bool = True) -> tuple[Evaluation, list[Path]]:
    """``coder evaluate``: score a labelled file and write ``evaluation.json`` and ``evaluation.png`` to ``out``."""
    embedder = get_embedder(model)
    embed = CachedEmbed.of(embedder)
    batch = make_batch(read_table(input_path, read), read.text_columns, read.id_column)
    data = from_gold(gold_labels(batch, codebook, list(gold_columns)), embed)
    if folds > len(data):
        raise InputError(f"--cv {folds}: more folds than labelled answers ({len(data)}); give at most "
                         f"{len(data)}, or 0 for no cross-validation",
                         danish=f"--cv {folds}: flere fold end guldkodede svar ({len(data)}); angiv højst {len(data)}, "
                                "eller 0 for ingen krydsvalidering")
    prior = zero_shot(codebook, embed)
    ev = evaluate(prior, data, codebook_examples(codebook, embed), folds=folds, per_class=per_class, seeds=seeds,
                  target=target, seed=seed, adapt_to_batch=adapt_to_batch)
    ev = replace(ev, left_out=gold_left_out(batch, list(gold_columns)))
    record = {"input": str(input_path), "codebook": {"name": codebook.name, "version": codebook.version},
              "model": embedder.model_id, "seed": seed, **evaluation_json(ev)}
    paths = [out / "evaluation.json", out / "evaluation.png"]
    write_atomic(paths[0], json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    write_atomic(paths[1], evaluation_png(ev, wording))
    return ev, paths
