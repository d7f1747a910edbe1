"""Score comments against a codebook's themes: primary and secondary themes with a confidence.

Zero-shot: every theme is described by prototype texts (label + description, keywords,
include notes, examples). A comment's score for a theme blends its best match and its
match with the theme centroid, plus a bonus when one of the theme's keywords occurs.
e5 puts unrelated Danish texts at cosine ~0.86 and related ones at ~0.89, so cosines are
never compared with fixed constants: a comment's scores are compared with each other
through a softmax with a small temperature (0.01 cosine = one logit; a keyword adds 1.5 logits,
0.015 cosine). Both were chosen on two sets together, the sample and SIB-200, over a grid of
keyword bonus 0–3 and temperature 0.008–0.02: the pair with the best macro-F1 summed over the
two sets whose confidence was also within 0.05 of accuracy on both (sample macro-F1 0.640,
SIB-200 0.709; the earlier sample-only choice, bonus 2 at 0.015, gave 0.649 and 0.670).

Measured on the sample's gold labels (bench/quality.py): centring each theme by its
similarity to the other themes' examples lowered macro-F1 (0.62 vs 0.65), so it is not done.
Also tried and not kept (macro-F1 of the codebook alone, sample / SIB-200, against 0.640 / 0.709):
scoring each sentence of a longer answer too and blending the best or mean sentence into the answer's
logits (weight 0.25–2: 0.617–0.637 / 0.701–0.711); embedding the prototypes as e5 "passage: " texts
(0.629 / 0.697); keywords also matched at the end of a compound word (0.641 / 0.709 at bonus 1.5; within
0.003 of word-prefix matching at bonus 1 and 2 too); an exclude note that names another theme ("… (se data)")
as a prototype of that theme (sample 0.641, adapted 0.670 against 0.665; SIB-200's codebook has none).
Two ways of letting the batch set the themes' priors were tried too (codebook alone / adapted, against the same
0.641 / 0.662 and 0.709 / 0.770): the batch's theme mix estimated by EM (Saerens et al.), at full strength or damped
to 0.25–0.5, gave 0.631–0.640 / 0.669–0.673 on the sample and 0.592–0.703 / 0.664–0.763 on SIB-200; each theme's
scores centred on their batch mean (weight 0.25–1) 0.622–0.639 and 0.678–0.711. A blend of best prototype and
centroid other than half and half (0.25 or 0.75 on the best) gave 0.624 / 0.619 and 0.715 / 0.695. Not kept.
More prototypes from the keywords (adapted macro-F1 against 0.662 / 0.770; over 8 seeded 70 % subsets the mean change
and its range): each keyword a prototype of its own 0.689 / 0.760 (+0.023, +0.003 to +0.039 on the sample; −0.005,
−0.011 to +0.003 on SIB-200); each in an answer's frame ("Mere {k}.") 0.701 / 0.769 (+0.025; −0.004, −0.017 to
+0.008); in three frames 0.698 / 0.749 (+0.016; −0.016). A gain on the sample's one kind of question ("what would make
the meetings better", which "Mere …" answers) and none on SIB-200: not kept. The comments embedded as e5 "passage: "
texts against "query: " prototypes (e5's retrieval direction; the codebook alone / adapted): sample 0.605 / 0.615,
SIB-200 0.717 / 0.770, against 0.640 / 0.665 and 0.709 / 0.770; not kept.
A theme's counter-examples and exclude notes as texts an answer must not resemble (an answer nearer one of them than
the theme's best prototype loses the margin times W from that theme's score; W 0.5, 1, 2): counter-examples gave
0.632 / 0.655–0.657 at W 0.5–1 on the sample against 0.641 / 0.662, exclude notes 0.640 / 0.657–0.660, both
0.630 / 0.657–0.662 (SIB-200's codebook has neither). With the counter-examples ``coder codebook learn`` adds,
``bench/codebook_rounds.py`` moved by 0.000 to +0.005 on both sets at 60–240 labels (W 1), within the seeds' spread.
Not kept: the model does not read them (walk36 found that it did not, and the README now says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from coder.classify.base import Classifier, EmbedFn, Features, Labelled, products
from coder.codebook import Codebook
from coder.text import key
from coder.text.letters import danish_letters


@dataclass(frozen=True)
class Prototypes:
    """Embedded theme descriptions.

    Attributes:
        theme_ids: the codebook's theme ids, in codebook order (k themes).
        vectors: one (m_t, dim) array of prototype vectors per theme.
    """

    theme_ids: tuple[str, ...]
    vectors: tuple[np.ndarray, ...]


def build_prototypes(codebook: Codebook, embed: EmbedFn) -> Prototypes:
    """Embed every theme's prototype texts (label, keywords, notes, examples) with one call to ``embed``."""
    per_theme = [theme.prototype_texts() for theme in codebook.themes]
    vectors = embed([t for texts in per_theme for t in texts])
    bounds = np.cumsum([0] + [len(texts) for texts in per_theme])
    return Prototypes(tuple(codebook.ids), tuple(vectors[a:b] for a, b in zip(bounds[:-1], bounds[1:])))


def keyword_hits(codebook: Codebook, texts: Sequence[str]) -> np.ndarray:
    """Whether each text mentions any of a theme's keywords (word-prefix match, case-folded; a text typed without
    æ, ø and å is read with them, ``coder.text.letters``).

    Returns:
        float32 array (len(texts), k): 1.0 where a keyword of theme j occurs in text i.
    """
    patterns = []
    for theme in codebook.themes:
        words = [re.escape(key(w)) for w in theme.keywords if key(w)]
        patterns.append(re.compile(r"\b(?:" + "|".join(words) + r")", re.IGNORECASE) if words else None)
    out = np.zeros((len(texts), len(patterns)), np.float32)
    for i, text in enumerate(texts):
        folded = danish_letters(text).casefold()  # "moedet" finds the keyword "møde"
        for j, pattern in enumerate(patterns):
            if pattern is not None and pattern.search(folded):
                out[i, j] = 1.0
    return out


class ZeroShotClassifier(Classifier):
    """Codebook-only classifier on embeddings (scikit-learn conventions: settings in ``__init__``).

    Args:
        codebook: the validated codebook.
        prototypes: its embedded theme descriptions (``build_prototypes``).
        temperature: softmax temperature on centred cosine scores.
        keyword_weight: logit bonus when a theme keyword occurs in the comment.
        secondary_ratio: a further theme is secondary when its probability is at least
            this share of the primary's.
        secondary_min: ... and at least this probability.
    """

    def __init__(self, codebook: Codebook, prototypes: Prototypes, temperature: float = 0.01,
                 keyword_weight: float = 1.5, secondary_ratio: float = 0.5, secondary_min: float = 0.2) -> None:
        self.codebook = codebook
        self.prototypes = prototypes
        self.temperature = temperature
        self.keyword_weight = keyword_weight
        self.secondary_ratio = secondary_ratio
        self.secondary_min = secondary_min

    def fit(self, labelled: Labelled | None = None) -> "ZeroShotClassifier":
        """Prepare the theme centroids; labels are not used (the codebook alone decides)."""
        if self.prototypes.theme_ids != tuple(self.codebook.ids):
            raise ValueError("prototypes do not match the codebook's themes")
        self.classes_ = np.array(self.prototypes.theme_ids)
        centroids = np.vstack([v.mean(axis=0) for v in self.prototypes.vectors])
        self.centroids_ = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
        return self

    def raw_scores(self, X: np.ndarray) -> np.ndarray:
        """Scores on the cosine scale, no keyword bonus. X: (n, dim) unit vectors. Returns (n, k).

        The products are ``products``'s (float64, row by row): a batch coded in chunks codes as it does whole.
        """
        best = np.column_stack([products(X, v).max(axis=1) if len(X) else np.zeros(0)
                                for v in self.prototypes.vectors])
        central = products(X, self.centroids_)
        return 0.5 * best + 0.5 * central

    def decision_function(self, features: Features) -> np.ndarray:
        """Logits (n, k): scores over the temperature plus the keyword bonus."""
        hits = keyword_hits(self.codebook, features.texts)
        return self.raw_scores(features.embeddings) / self.temperature + self.keyword_weight * hits

    def predict_proba(self, features: Features) -> np.ndarray:
        """Theme probabilities, shape (n, k), rows summing to 1."""
        if len(features) == 0:
            return np.zeros((0, len(self.classes_)), np.float64)
        logits = self.decision_function(features).astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


def zero_shot(codebook: Codebook, embed: EmbedFn) -> ZeroShotClassifier:
    """The fitted codebook-only classifier, its prototypes embedded with ``embed``."""
    return ZeroShotClassifier(codebook, build_prototypes(codebook, embed)).fit()

