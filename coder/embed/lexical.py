"""The no-model fallback: hashed character n-grams."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from coder.embed.base import Embedder


class LexicalEmbedder(Embedder):
    """Hashed character 2–4-gram counts (sublinear tf), L2-normalised: the no-model fallback.

    Stateless, so a text's vector never depends on the other texts in the batch.
    """

    neural = False
    model_id = "lexical-char-2-4-hash-4096"

    def __init__(self, n_features: int = 4096) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=n_features,
                                             alternate_sign=False, norm=None, lowercase=True)
        self._dim = n_features

    @property
    def dim(self) -> int:
        return self._dim

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        counts = self._vectorizer.transform(list(texts))
        counts.data = 1.0 + np.log(counts.data)
        dense = counts.toarray().astype(np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        return dense / np.where(norms > 0, norms, 1.0)
