"""Code comments against a codebook: one interface (``fit(labelled) -> self``, ``code(features) -> Coding``)
for the zero-shot classifier and the learning one, the labels they learn from, thresholds for
auto-coding, share correction, and the metrics they are judged by."""

from coder.classify.base import (
                                   Classifier,
                                   Coding,
                                   EmbedFn,
                                   Features,
                                   Labelled,
                                   concat,
                                   decide,
                                   stratified_folds,
)
from coder.classify.labels import (
                                   GoldLabel,
                                   codebook_examples,
                                   from_gold,
                                   gold_labels,
                                   human_labelled,
                                   labelled_from_file,
                                   merge,
)
from coder.classify.learned import ThemeClassifier
from coder.classify.thresholds import (
                                   Thresholds,
                                   thresholds_from_labels,
                                   uncalibrated_thresholds,
)
from coder.classify.training import cross_validated, train
from coder.classify.zeroshot import (
                                   Prototypes,
                                   ZeroShotClassifier,
                                   build_prototypes,
                                   keyword_hits,
                                   zero_shot,
)

__all__ = ["Classifier", "Coding", "EmbedFn", "Features", "GoldLabel", "Labelled", "Prototypes", "ThemeClassifier",
           "Thresholds", "ZeroShotClassifier", "build_prototypes", "codebook_examples", "concat",
           "cross_validated", "decide", "from_gold", "gold_labels", "human_labelled", "keyword_hits",
           "labelled_from_file", "merge", "stratified_folds", "thresholds_from_labels", "train",
           "uncalibrated_thresholds", "zero_shot"]
