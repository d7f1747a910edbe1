"""Danish keywords for groups of comments: spaCy lookup lemmas, stop words from data files, class-based TF-IDF.

Words are found with a regular expression (fast on 100k comments) and lemmatised by the
lookup lemmatizer of ``spacy.blank("da")`` with the tables of ``spacy-lookups-data`` (offline).
A word the table does not know is tried as a compound:
its longest known ending is lemmatised and the head kept ("klyngemøderne" → "klyngemøde").
Capitalised words inside a sentence that the table does not know are taken for names and
left out, so keywords do not name people.
Stop words live in ``coder/data/stopwords_da.txt`` and ``stopwords_en.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PLACEHOLDER = re.compile(r"\[[A-ZÆØÅ]+\]")
_MIN_HEAD, _MIN_TAIL = 3, 4


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words of ``coder/data/stopwords_*.txt``, lower case."""
    words: set[str] = set()
    for name in ("stopwords_da.txt", "stopwords_en.txt"):
        text = resources.files("coder.data").joinpath(name).read_text(encoding="utf-8")
        words.update(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return frozenset(words)


@lru_cache(maxsize=1)
def _nlp():
    """A blank Danish pipeline with the lookup lemmatizer (loads ~550k forms once, offline)."""
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def _table():
    return _nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


def _lookup(word: str) -> str:
    table = _table()
    found = table[word]
    # The table maps some base forms to longer inflections ("lang" → "lange"); keep the base form then.
    return word if len(found) > len(word) and found.startswith(word) else found


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lookup lemma of a lower-case word; unknown compounds by their longest known ending."""
    table = _table()
    if word in table:
        return _lookup(word)
    for start in range(_MIN_HEAD, len(word) - _MIN_TAIL + 1):
        if word[start:] in table:
            return word[:start] + _lookup(word[start:])
    return word


def _is_name(token: str, before: str) -> bool:
    """A capitalised word inside a sentence that the Danish table does not know: a name, left out of keywords."""
    inside = bool(before.strip()) and before.rstrip()[-1] not in ".!?:;\"'(-–"
    return inside and token[:1].isupper() and token[1:].islower() and token.casefold() not in _table()


def content_lemmas(texts: Sequence[str]) -> list[list[str]]:
    """Per text, the lemmas of its words that are not stop words (surface form or lemma), in order.

    Words are runs of letters (with inner hyphens, "it-systemer"); digits, placeholders such
    as ``[CPR]``, one-letter words and names (see ``_is_name``) are skipped.
    """
    stops = stop_words()
    out = []
    for text in texts:
        text = _PLACEHOLDER.sub(" ", text)
        words = []
        for match in _WORD.finditer(text):
            word = match.group().casefold()
            if len(word) < 2 or word in stops or _is_name(match.group(), text[: match.start()]):
                continue
            lem = lemma(word)
            if lem not in stops:
                words.append(lem)
        out.append(words)
    return out


def class_keywords(docs: Sequence[Sequence[str]], weights: np.ndarray, labels: np.ndarray, n_classes: int,
                   top: int = 8, min_docs: int = 2) -> list[tuple[str, ...]]:
    """The ``top`` words that set each class apart, by class-based TF-IDF (BERTopic's c-TF-IDF).

    A word's weight in class c is tf(c) · log(1 + A / f), with tf its share of the class's
    words, A the average number of words per class and f its frequency over all classes.
    Words used by ``min_docs`` or more distinct comments of the class come first; words of a
    single comment only fill the list up to five.

    Args:
        docs: the content lemmas of each distinct comment.
        weights: (len(docs),) how many comments each distinct text stands for.
        labels: (len(docs),) class of each comment, 0 … n_classes - 1.
    Returns:
        For each class, its keywords, best first (ties by alphabet).
    """
    vocab = sorted({w for d in docs for w in d})
    index = {w: j for j, w in enumerate(vocab)}
    counts = np.zeros((n_classes, len(vocab)))
    spread = np.zeros((n_classes, len(vocab)), dtype=np.int64)
    for doc, weight, label in zip(docs, weights, labels):
        for w in doc:
            counts[label, index[w]] += weight
        for w in set(doc):
            spread[label, index[w]] += 1
    if not vocab:
        return [() for _ in range(n_classes)]
    totals = counts.sum(axis=1, keepdims=True)
    tf = counts / np.where(totals > 0, totals, 1.0)
    average = float(totals.mean())
    idf = np.log(1.0 + average / np.maximum(counts.sum(axis=0), 1e-12))
    scores = tf * idf
    out = []
    for c in range(n_classes):
        present = np.nonzero(counts[c] > 0)[0]
        ranked = sorted(present, key=lambda j: (spread[c, j] < min_docs, -round(float(scores[c, j]), 12), vocab[j]))
        shared = sum(spread[c, j] >= min_docs for j in present)
        out.append(tuple(vocab[j] for j in ranked[:max(min(top, shared), min(5, top))]))
    return out
