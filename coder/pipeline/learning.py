"""What ``coder code`` learns from (reviewer decisions, hand-coded columns) and how it classifies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coder.classify import (
    Coding,
    Features,
    GoldLabel,
    Labelled,
    ThemeClassifier,
    Thresholds,
    codebook_examples,
    from_gold,
    gold_labels,
    human_labelled,
    labelled_from_file,
    merge,
    thresholds_from_labels,
    uncalibrated_thresholds,
    zero_shot,
)
from coder.codebook import Codebook
from coder.embed import CachedEmbed
from coder.io import Batch, ReadOptions
from coder.pipeline.options import CodeOptions, LabelSummary
from coder.store import Store


@dataclass(frozen=True)
class Labels:
    """The labels a run learns from, and the input's own hand-coded answers (which become human labels)."""

    labelled: Labelled | None
    reviewed: int
    gold: int
    own_gold: tuple[GoldLabel, ...]  # hand-coded answers of the input itself


def gather_labels(store: Store, batch: Batch, codebook: Codebook, options: CodeOptions, input_path: Path,
                  embed: CachedEmbed) -> Labels:
    """Reviewer decisions already in the project, then hand-coded labels (from the input or --labels)."""
    decided = store.training_labels(codebook.ids)
    reviewed = human_labelled([t for t, _, _ in decided], [th for _, th, _ in decided], [q for _, _, q in decided],
                              set(codebook.ids), embed)
    gold, own = None, ()
    spec = options.labels
    if spec is not None and spec.gold_columns:
        if spec.path is None or spec.path.resolve() == input_path.resolve():
            own = tuple(gold_labels(batch, codebook, spec.gold_columns))
            gold = from_gold(own, embed)
        else:
            read = ReadOptions(batch.questions, options.read.id_column, options.read.sheet, options.read.encoding,
                               options.read.delimiter)
            gold = labelled_from_file(spec.path, codebook, read, spec.gold_columns, embed)
    merged = merge(reviewed, gold)
    n_reviewed = len(reviewed) if reviewed else 0
    return Labels(merged, n_reviewed, (len(merged) - n_reviewed) if merged else 0, own)


@dataclass(frozen=True)
class Classified:
    """The coding of the distinct answers, and what the classifier learned on the way."""

    coding: Coding
    summary: LabelSummary
    thresholds: Thresholds | None
    settings: dict[str, object]


def classify(codebook: Codebook, features: Features, labels: Labels, embed: CachedEmbed,
             target_precision: float | None) -> Classified:
    """Code with the codebook alone, or, given labels, with the classifier that learns from them."""
    prior = zero_shot(codebook, embed)
    settings: dict[str, object] = {"temperature": prior.temperature, "keyword_weight": prior.keyword_weight}
    thresholds = None
    if labels.labelled is None:
        if target_precision is not None:
            thresholds = uncalibrated_thresholds(prior, target_precision)
        return Classified(prior.code(features), LabelSummary(), thresholds, settings)
    examples = codebook_examples(codebook, embed)
    learner = ThemeClassifier(prior, examples).fit(labels.labelled)
    summary = LabelSummary(labels.gold, labels.reviewed, len(examples), tuple(float(w) for w in learner.weights_))
    if target_precision is not None:
        thresholds = thresholds_from_labels(prior, labels.labelled, examples, target_precision)
    return Classified(learner.code(features), summary, thresholds, settings)
