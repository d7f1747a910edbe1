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
    zero_shot,
)
from coder.classify.selftrain import self_train
from coder.codebook import Codebook
from coder.embed import CachedEmbed
from coder.io import Batch, ReadOptions
from coder.pipeline.options import CodeOptions, LabelSummary
from coder.store import Store
from coder.text import key


@dataclass(frozen=True)
class Labels:
    """The labels a run learns from, and the input's own hand-coded answers (which become human labels)."""

    labelled: Labelled | None
    reviewed: int
    gold: int
    own_gold: tuple[GoldLabel, ...]  # hand-coded answers of the input itself


Gold = tuple[Labelled | None, tuple[GoldLabel, ...]]


def read_gold(batch: Batch, codebook: Codebook, options: CodeOptions, input_path: Path, embed: CachedEmbed) -> Gold:
    """Hand-coded labels (from the input or --labels) and the input's own; read before the project is touched."""
    spec = options.labels
    if spec is None or not spec.gold_columns:
        return None, ()
    if spec.path is None or spec.path.resolve() == input_path.resolve():
        own = tuple(gold_labels(batch, codebook, spec.gold_columns))
        return from_gold(own, embed, random=spec.random), own
    read = ReadOptions(batch.questions, options.read.id_column, options.read.sheet, options.read.encoding,
                       options.read.delimiter)
    return labelled_from_file(spec.path, codebook, read, spec.gold_columns, embed, spec.random), ()


def gather_labels(store: Store, batch: Batch, codebook: Codebook, gold: Gold, embed: CachedEmbed) -> Labels:
    """Reviewer decisions already in the project (audit ones marked random), then the hand-coded labels."""
    decided = store.training_labels(codebook.ids)
    audited = {i.comment_id for i in store.audit_items(batch.table.sha256)}
    reviewed = human_labelled([d[1] for d in decided], [d[2] for d in decided], [d[3] for d in decided],
                              set(codebook.ids), embed, [d[0] in audited for d in decided])
    merged = merge(reviewed, gold[0])
    n_reviewed = len(reviewed) if reviewed else 0
    return Labels(merged, n_reviewed, (len(merged) - n_reviewed) if merged else 0, gold[1])


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
    examples = codebook_examples(codebook, embed)
    thresholds = (None if target_precision is None else
                  thresholds_from_labels(prior, labels.labelled, examples, target_precision))
    if labels.labelled is None:
        return Classified(prior.code(features), LabelSummary(), thresholds, settings)
    seen = {key(t) for t in labels.labelled.features.texts}
    rest = features.take([i for i, t in enumerate(features.texts) if key(t) not in seen])
    learner = self_train(lambda: ThemeClassifier(prior, examples), labels.labelled, rest)
    summary = LabelSummary(labels.gold, labels.reviewed, len(examples), tuple(float(w) for w in learner.weights_))
    return Classified(learner.code(features), summary, thresholds, settings)
