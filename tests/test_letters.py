"""Answers typed without æ, ø and å are read with them before they are embedded, matched to keywords or made
keywords; the text a person is shown is never changed."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, FakeEmbedder

from coder.classify.zeroshot import keyword_hits
from coder.codebook import load_codebook
from coder.embed.cache import embed_cached
from coder.text.letters import danish_letters


@pytest.mark.parametrize("typed,read", [
    ("paa moedet i aar", "på mødet i år"),
    ("Gaelder ogsaa foer moedet", "Gælder også før mødet"),
    ("moedekalender sendt ud isaer i januar", "mødekalender sendt ud især i januar"),  # a compound of two words
    ("MERE STYR PAA TIDEN", "MERE STYR PÅ TIDEN"),
    # left alone: a Danish word as written ('toer', 'ekstraarbejde'), a name, and any text that has æ, ø or å
    ("en ordstyrer der toer gribe ind", "en ordstyrer der toer gribe ind"),
    ("Michael synes ekstraarbejde er fint", "Michael synes ekstraarbejde er fint"),
    ("Det var godt på mødet, men paa", "Det var godt på mødet, men paa"),
    ("Kaffe og kage", "Kaffe og kage"),
    # English has ae, oe and aa too: "does" is not "døs", "goes" not "gøs"
    ("The doctor goes home early and does nothing", "The doctor goes home early and does nothing"),
    ("My toe hurts", "My toe hurts"),
    ("to gange om aaret", "to gange om året"),  # Danish 'to' (two) is no English marker
])
def test_a_word_is_read_with_danish_letters_only_where_it_is_a_danish_word_so(typed: str, read: str) -> None:
    assert danish_letters(typed) == read


def test_an_answer_without_danish_letters_embeds_and_matches_keywords_as_written_with_them() -> None:
    """A 20,000-row export with 15 % of its answers so typed coded 27 % of them under another theme."""
    vectors, _ = embed_cached(FakeEmbedder(), ["Flere moeder med faerre deltagere", "Flere møder med færre deltagere"])
    assert np.allclose(vectors[0], vectors[1])
    codebook = load_codebook(ROOT / "codebooks" / "klynger.yaml")
    typed = keyword_hits(codebook, ["Bedre moedeledelse tak", "Flere faglige oplaeg", "Mere faellesskab"])
    assert (typed == keyword_hits(codebook, ["Bedre mødeledelse tak", "Flere faglige oplæg", "Mere fællesskab"])).all()
    assert typed.min(axis=1).tolist() == [0, 0, 0] and (typed.sum(axis=1) >= 1).all()  # mødeledelse, oplæg, fællesskab


def test_keywords_of_a_cluster_are_words_not_spellings() -> None:
    from coder.cluster.keywords import content_lemmas

    assert content_lemmas(["Moedet skal vaere kortere"]) == content_lemmas(["Mødet skal være kortere"])


def test_the_review_finds_an_ascii_typed_answers_vector_as_it_was_embedded(tmp_path, monkeypatch) -> None:
    """The cache holds it under its Danish reading; looked up as typed, the model's reasons had no vector for it."""
    from coder.embed.cache import EmbeddingCache
    from coder.review.reasons import cached_vectors

    monkeypatch.setenv("CODER_HOME", str(tmp_path))
    embedder = FakeEmbedder()
    vectors, _ = embed_cached(embedder, ["Flere moeder med faerre deltagere"], EmbeddingCache(embedder.model_id))
    (found,) = cached_vectors(embedder.model_id)(["Flere moeder med faerre deltagere"])
    assert found is not None and np.allclose(found, vectors[0])
