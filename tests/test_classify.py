from __future__ import annotations

import numpy as np
from conftest import FakeEmbedder

from coder.classify import Features, decide, keyword_hits, zero_shot
from coder.codebook import load_codebook


def test_probabilities_and_ranked_themes(codebook_path) -> None:
    cb = load_codebook(codebook_path)
    emb = FakeEmbedder()
    clf = zero_shot(cb, emb.embed_batch)
    texts = ["Flere eksterne oplæg og patientcases", "Vi vil gerne se vores egne data og klyngepakker",
             "Spild af tid og bureaukratisk"]
    coding = clf.code(Features(emb.embed_batch(texts), tuple(texts)))
    assert coding.proba.shape == (3, 6)
    assert np.allclose(coding.proba.sum(axis=1), 1)
    assert coding.primary == ("indhold", "data", "kritik")
    assert all(t[0] == p for t, p in zip(coding.themes, coding.primary))
    assert np.allclose(coding.confidence, coding.proba.max(axis=1))


def test_keyword_hits_use_word_starts(codebook_path) -> None:
    cb = load_codebook(codebook_path)
    hits = keyword_hits(cb, ["Mere DATA tak", "opdateringer", "metadata"])
    data = cb.ids.index("data")
    assert hits[0, data] == 1 and hits[2, data] == 0
    assert hits[1, cb.ids.index("indhold")] == 1  # "opdatering" is a prefix of "opdateringer"


def test_decide_secondary_rules_and_catch_all(codebook_path) -> None:
    cb = load_codebook(codebook_path)
    ids = tuple(cb.ids)
    proba = np.array([
        [0.45, 0.30, 0.05, 0.10, 0.05, 0.05],  # struktur is secondary (>= 0.2 and >= half of 0.45)
        [0.70, 0.15, 0.05, 0.05, 0.03, 0.02],  # nothing else qualifies
        [0.30, 0.05, 0.05, 0.05, 0.05, 0.50],  # catch-all primary: never with secondary themes
        [0.40, 0.05, 0.05, 0.05, 0.05, 0.40],  # tie: the first in codebook order wins; andet never secondary
    ])
    coding = decide(ids, proba, cb)
    assert coding.themes == (("indhold", "struktur"), ("indhold",), ("andet",), ("indhold",))
