"""The learning classifier: prior alone with few labels, learning with many, determinism."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbedder

from coder.classify import (
    Features,
    Labelled,
    ThemeClassifier,
    ZeroShotClassifier,
    zero_shot,
)
from coder.codebook import load_codebook

# A private vocabulary per theme that the codebook never mentions: only labels can teach it.
WORDS = {"indhold": "quasar nebula", "struktur": "walrus narwhal", "social": "tulip orchid",
         "data": "granite basalt", "kritik": "tuba oboe", "andet": "kiwi mango"}


def _data(n_per: int, seed: int) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for theme, words in WORDS.items():
        for i in range(n_per):
            filler = " ".join(rng.choice(["og", "det", "er", "vi", "med", "til"], size=3))
            texts.append(f"{words.split()[i % 2]} {filler} {i}")
            labels.append(theme)
    return texts, labels


@pytest.fixture
def prior(codebook_path: Path) -> tuple[ZeroShotClassifier, FakeEmbedder]:
    cb = load_codebook(codebook_path)
    emb = FakeEmbedder()
    return zero_shot(cb, emb.embed_batch), emb


def _features(emb: FakeEmbedder, texts: list[str]) -> Features:
    return Features(emb.embed_batch(texts), tuple(texts))


def _labelled(emb: FakeEmbedder, texts: list[str], labels: list[str]) -> Labelled:
    return Labelled(_features(emb, texts), tuple((t,) for t in labels), ("svar",) * len(texts))


def test_no_labels_means_the_prior_alone(prior) -> None:
    clf, emb = prior
    texts, labels = _data(1, 0)
    model = ThemeClassifier(clf).fit(_labelled(emb, texts, labels))
    assert model.weights_.tolist() == [1.0, 0.0, 0.0] and model.state_ == {}
    f = _features(emb, ["Flere eksterne oplæg", "mere data"])
    assert np.allclose(model.predict_proba(f), clf.predict_proba(f))


def test_labels_teach_what_the_codebook_cannot(prior) -> None:
    clf, emb = prior
    texts, labels = _data(12, 0)
    model = ThemeClassifier(clf).fit(_labelled(emb, texts, labels))
    assert model.weights_[0] < 1.0  # the learned views are used
    test_texts, test_labels = _data(4, 1)
    coding = model.code(_features(emb, test_texts))
    acc = np.mean([p == y for p, y in zip(coding.primary, test_labels)])
    acc_zero = np.mean([p == y for p, y in zip(clf.code(_features(emb, test_texts)).primary, test_labels)])
    assert acc >= 0.9 and acc > acc_zero
    assert np.allclose(model.predict_proba(_features(emb, test_texts)).sum(axis=1), 1)


def test_determinism(prior) -> None:
    clf, emb = prior
    texts, labels = _data(10, 0)
    data = _labelled(emb, texts, labels)
    a = ThemeClassifier(clf, seed=3).fit(data)
    b = ThemeClassifier(clf, seed=3).fit(data)
    test = _features(emb, _data(3, 5)[0])
    assert np.array_equal(a.predict_proba(test), b.predict_proba(test))


def test_unknown_label_is_refused(prior) -> None:
    clf, emb = prior
    with pytest.raises(ValueError, match="labels not in the codebook: okonomi"):
        ThemeClassifier(clf).fit(_labelled(emb, ["x", "y"], ["indhold", "okonomi"]))
