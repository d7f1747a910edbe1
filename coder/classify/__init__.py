"""Code comments against a codebook: one interface (``fit(labelled) -> self``, ``code(features) -> Coding``)
for the zero-shot classifier and the learning one, the labels they learn from, the review queue that
picks what teaches most, self-training, thresholds for auto-coding, share estimates and metrics."""

from coder.classify.base import Classifier, Coding, EmbedFn, Features, Labelled, concat, decide, stratified_folds
from coder.classify.labels import (
                                   GoldLabel,
                                   LeftOut,
                                   codebook_examples,
                                   from_gold,
                                   gold_labels,
                                   gold_left_out,
                                   human_labelled,
                                   labelled_from_file,
                                   merge,
)
from coder.classify.learned import ThemeClassifier
from coder.classify.thresholds import Thresholds, threshold_from_audit, thresholds_from_labels
from coder.classify.training import cross_validated, train
from coder.classify.zeroshot import Prototypes, ZeroShotClassifier, build_prototypes, keyword_hits, zero_shot

__all__ = ["Classifier", "Coding", "EmbedFn", "Features", "GoldLabel", "Labelled", "LeftOut", "Prototypes",
           "ThemeClassifier", "Thresholds", "ZeroShotClassifier", "build_prototypes", "codebook_examples", "concat",
           "cross_validated", "decide", "from_gold", "gold_labels", "gold_left_out", "human_labelled",
           "labelled_from_file", "merge", "stratified_folds", "keyword_hits", "threshold_from_audit",
           "thresholds_from_labels", "train", "zero_shot"]
