"""Evaluate coding against gold labels: zero-shot, cross-validated, learning curve, automation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from coder.classify import Coding, ZeroShotClassifier, decide, keyword_hits
from coder.codebook import Codebook
from coder.learn import Features, ThemeClassifier
from coder.metrics import AutomationPoint, Scores, automation_curve, score, threshold_for_precision

EmbedFn = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Labelled:
    """Comments with gold labels: features, gold label tuples (primary first), question of each."""

    features: Features
    gold: tuple[tuple[str, ...], ...]
    questions: tuple[str, ...]

    @property
    def primary(self) -> list[str]:
        return [g[0] for g in self.gold]

    def take(self, idx: Sequence[int] | np.ndarray) -> "Labelled":
        idx = np.asarray(idx, dtype=int)
        return Labelled(self.features.take(idx), tuple(self.gold[i] for i in idx),
                        tuple(self.questions[i] for i in idx))


def codebook_examples(codebook: Codebook, embed: EmbedFn) -> Labelled:
    """The codebook's own examples as labelled training data."""
    texts, gold = [], []
    for theme in codebook.themes:
        for ex in theme.examples:
            texts.append(ex)
            gold.append((theme.id,))
    return Labelled(Features(embed(texts), tuple(texts)), tuple(gold), tuple("codebook" for _ in texts))


def concat(a: Labelled, b: Labelled) -> Labelled:
    return Labelled(Features(np.vstack([a.features.embeddings, b.features.embeddings]),
                             a.features.texts + b.features.texts), a.gold + b.gold, a.questions + b.questions)


def zero_shot_coding(prior: ZeroShotClassifier, features: Features) -> Coding:
    return prior.code(features.embeddings, keyword_hits(prior.codebook, features.texts))


def train(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None, seed: int = 0) -> ThemeClassifier:
    """Fit a ThemeClassifier on labelled comments plus (optionally) the codebook's examples.

    Only the comments, not the codebook examples, enter the classifier's error estimate.
    """
    full = concat(data, examples) if examples is not None else data
    real = [True] * len(data.gold) + [False] * (len(full.gold) - len(data.gold))
    return ThemeClassifier(prior, seed=seed).fit(full.features, full.primary, calibrate=real)


def stratified_folds(y: Sequence[str], folds: int, seed: int) -> list[np.ndarray]:
    """Test-index arrays of a stratified k-fold split (plain k-fold when a theme is too rare)."""
    from sklearn.model_selection import KFold, StratifiedKFold

    y = np.asarray(y)
    _, counts = np.unique(y, return_counts=True)
    splitter = (StratifiedKFold(folds, shuffle=True, random_state=seed) if counts.min() >= folds
                else KFold(folds, shuffle=True, random_state=seed))
    return [test for _, test in splitter.split(np.zeros(len(y)), y)]


@dataclass(frozen=True)
class CrossValidated:
    """Out-of-fold codings, and the error-corrected shares each fold's model gives its test fold.

    Attributes:
        coding: every comment coded by a model that never saw its label.
        corrected: (k,) corrected shares, averaged over folds weighted by fold size.
    """

    coding: Coding
    corrected: np.ndarray


def cross_validated(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None, folds: int = 5,
                    seed: int = 0) -> CrossValidated:
    """k-fold cross-validation of the learning classifier and of its share correction."""
    from coder.shares import adjusted_shares

    k = len(prior.classes_)
    proba = np.zeros((len(data.gold), k))
    corrected = np.zeros(k)
    for test in stratified_folds(data.primary, folds, seed):
        train_idx = np.setdiff1d(np.arange(len(data.gold)), test)
        clf = train(prior, data.take(train_idx), examples, seed)
        proba[test] = clf.predict_proba(data.features.take(test))
        counts = np.bincount(proba[test].argmax(axis=1), minlength=k).astype(float)
        corrected += adjusted_shares(counts, clf.confusion_) * len(test)
    coding = decide(tuple(prior.classes_), proba, prior.codebook, prior.secondary_ratio, prior.secondary_min)
    return CrossValidated(coding, corrected / len(data.gold))


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
                   per_class: Sequence[int], seeds: Sequence[int] = (0, 1, 2)) -> list[CurvePoint]:
    """Train on k labels per theme (fewer where a theme has fewer), test on all the rest."""
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
            z = score(gold, zero_shot_coding(prior, test).themes, labels)
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
    automation_source: str  # "cross-validated" or "zero-shot"
    target_precision: float
    threshold: float | None
    coverage_at_target: float
    precision_at_target: float
    per_question: dict[str, Scores] = field(default_factory=dict)
    corrected_share_error: float | None = None  # pp, cross-validated share correction


def evaluate(prior: ZeroShotClassifier, data: Labelled, examples: Labelled | None, folds: int = 5,
             per_class: Sequence[int] = (), seeds: Sequence[int] = (0, 1, 2), target: float = 0.95,
             seed: int = 0) -> Evaluation:
    """Zero-shot scores, k-fold cross-validated scores, learning curve and automation curve."""
    labels = tuple(prior.classes_)
    zs = zero_shot_coding(prior, data.features)
    zs_scores = score(data.gold, zs.themes, labels)
    cv_scores, coding, source, corrected_error = None, zs, "zero-shot", None
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
    curve = automation_curve(coding.confidence, correct)
    thr = threshold_for_precision(coding.confidence, correct, target)
    keep = coding.confidence >= thr if thr is not None else np.zeros(len(correct), bool)
    return Evaluation(
        n=len(data.gold), zero_shot=zs_scores, cross_validated=cv_scores, folds=folds,
        curve=learning_curve(prior, data, examples, per_class, seeds) if per_class else [],
        automation=curve, automation_source=source, target_precision=target, threshold=thr,
        coverage_at_target=float(keep.mean()) if len(keep) else 0.0,
        precision_at_target=float(correct[keep].mean()) if keep.any() else float("nan"),
        per_question=per_q, corrected_share_error=corrected_error,
    )


def labelled_from_file(input_path, codebook: Codebook, text_columns: Sequence[str], gold_columns: Sequence[str],
                       id_column: str | None, embed: EmbedFn, read_options: dict | None = None) -> Labelled:
    """Substantive answers with gold labels from a survey export (one gold column per text column)."""
    from coder.errors import InputError
    from coder.io import make_batch, read_table
    from coder.text import CODED, clean, status_of

    if len(gold_columns) != len(text_columns):
        raise InputError(f"give one --gold-col per --text-col ({len(text_columns)} text, {len(gold_columns)} gold)")
    table = read_table(input_path, **(read_options or {}))
    for g in gold_columns:
        if g not in table.columns:
            raise InputError(f"column '{g}' not found; available: {', '.join(table.columns)} (set it with --gold-col)")
    batch = make_batch(table, list(text_columns), id_column)
    known = set(codebook.ids)
    texts, gold, qs = [], [], []
    for q, g in zip(text_columns, gold_columns):
        labels = table.column(g)
        for c in batch.for_question(q):
            themes = tuple(t.strip() for t in labels[c.row].split("|") if t.strip())
            bad = [t for t in themes if t not in known]
            if bad:
                raise InputError(f"{g} of id {c.id}: unknown theme '{bad[0]}'; use the codebook's ids: "
                                 f"{', '.join(codebook.ids)}")
            if themes and status_of(c.text) == CODED:
                texts.append(clean(c.text))
                gold.append(themes)
                qs.append(q)
    if not texts:
        raise InputError(f"no answer has a gold label in {', '.join(gold_columns)}; fill in theme ids ('|' between)")
    return Labelled(Features(embed(texts), tuple(texts)), tuple(gold), tuple(qs))


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
