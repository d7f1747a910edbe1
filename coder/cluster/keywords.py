"""Danish keywords for groups of comments: lemmas and two-word terms, class-based TF-IDF, distinct picks.

Words are found with a regular expression (fast on 100k comments) and lemmatised by the
lookup lemmatizer of ``spacy.blank("da")`` with the tables of ``spacy-lookups-data`` (offline).
A word the table does not know is tried as a compound:
its longest known ending is lemmatised and the head kept ("klyngemøderne" → "klyngemøde").
Capitalised words inside a sentence that the table does not know are taken for names and
left out, so keywords do not name people.
Stop words live in ``coder/data/stopwords_da.txt`` and ``stopwords_en.txt``; forms the table gets wrong
("talte" → "tælle") are put right by ``lemma_fixes_da.txt``.

Terms are the content lemmas plus two-word terms: two neighbouring words (no punctuation
between them) of which the second is a content word and the first a content word or one of
the few stop words in ``coder/data/bigram_heads_da.txt`` ("egne data", "faglige oplæg"); a
two-word term is shown in its most common spelling. Each group's terms are weighed by
class-based TF-IDF (BERTopic's c-TF-IDF). A term that names no group is dropped: one among
the ten best of at least half of the groups, or used by at least 5 % of the comments of at least
half of the groups ("klynge", "møde" in a survey about cluster meetings).
The keywords are then picked by maximal marginal relevance: each next term is the one whose
weight (relative to the group's best) minus its overlap with the terms already picked (the
Jaccard overlap of the comments using them) is largest; a word inside a picked two-word term,
or the reverse, is never picked, and a word is left out when a two-word term holding it is used
by at least half of its comments — so "faglige oplæg", "faglig" and "oplæg" do not fill three
places.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from coder.text.letters import danish_letters

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PLACEHOLDER = re.compile(r"\[[A-ZÆØÅ]+\]")
_MIN_HEAD, _MIN_TAIL = 3, 4
EVERYWHERE_TOP = 10
EVERYWHERE_SHARE = 0.05
MMR_LAMBDA = 0.7
CANDIDATES = 40  # terms per class that MMR considers


def word_list(name: str) -> frozenset[str]:
    """The words of ``coder/data/<name>``, lower case, without comments."""
    text = resources.files("coder.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words of ``coder/data/stopwords_*.txt``, lower case."""
    return word_list("stopwords_da.txt") | word_list("stopwords_en.txt")


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
    """The lookup lemma of a lower-case word; unknown compounds by their longest known ending.

    The table sometimes stops half-way ("klyngerne" → "klynger"); a result the table knows is
    looked up again ("klynger" → "klynge"), at most twice.
    """
    if word in lemma_fixes():  # a fixed form's lemma is final (the table would read "tage" on as "tag")
        return lemma_fixes()[word]
    found = _lemma_once(word)
    for _ in range(2):
        if found == word or found not in _table():
            break
        word, found = found, _lookup(found)
    return found


@lru_cache(maxsize=1)
def lemma_fixes() -> dict[str, str]:
    """Forms the lookup table lemmatises wrongly (``coder/data/lemma_fixes_da.txt``): form -> lemma."""
    return dict(line.split() for line in word_list("lemma_fixes_da.txt") if len(line.split()) == 2)


def _lemma_once(word: str) -> str:
    if word in lemma_fixes():
        return lemma_fixes()[word]
    table = _table()
    if word in table:
        return _lookup(word)
    for start in range(_MIN_HEAD, len(word) - _MIN_TAIL + 1):
        if word[start:] in table:
            return word[:start] + lemma(word[start:])
    return word


def _is_name(token: str, before: str) -> bool:
    """A capitalised word inside a sentence that the Danish table does not know: a name, left out of keywords."""
    inside = bool(before.strip()) and before.rstrip()[-1] not in ".!?:;\"'(-–"
    return inside and token[:1].isupper() and token[1:].islower() and token.casefold() not in _table()


@dataclass(frozen=True)
class Terms:
    """The terms of n texts: per text its content lemmas and two-word terms (``"egen data"``), in order.

    ``shown`` maps a two-word term to its most common spelling ("egne data").
    """

    docs: tuple[tuple[str, ...], ...]
    shown: dict[str, str]


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(surface, lemma, content?) per word; None-like entries ("", "", False) mark a break (punctuation, names)."""
    stops = stop_words()
    text = _PLACEHOLDER.sub(" . ", text)
    out: list[tuple[str, str, bool]] = []
    end = 0
    for match in _WORD.finditer(text):
        if re.search(r"[^\s]", text[end:match.start()]):
            out.append(("", "", False))  # punctuation between words breaks a two-word term
        end = match.end()
        word = match.group().casefold()
        if len(word) < 2 or _is_name(match.group(), text[: match.start()]):
            out.append(("", "", False))
            continue
        lem = lemma(word) if word not in stops else word
        out.append((word, lem, word not in stops and lem not in stops))
    return out


Words = list[tuple[str, str, bool]]  # (surface form, lemma, content word?) per word; ("", "", False) marks a break


def words(texts: Sequence[str]) -> list[Words]:
    """Per text, (surface form, lemma, content word?) of each word, stop words included, with breaks where
    punctuation or a name stands between two words. Tokenise once and pass the result to ``terms`` and
    ``coder.cluster.praise.praise_or_short``."""
    return [_tokens(danish_letters(text)) for text in texts]  # "moedet" is the word "mødet"


def content_lemmas(texts: Sequence[str]) -> list[list[str]]:
    """Per text, the lemmas of its words that are not stop words (surface form or lemma), in order.

    Words are runs of letters (with inner hyphens, "it-systemer"); digits, placeholders such
    as ``[CPR]``, one-letter words and names (see ``_is_name``) are skipped.
    """
    return [[lem for _, lem, content in _tokens(danish_letters(text)) if content] for text in texts]


def terms(tokenised: Sequence[Words]) -> Terms:
    """Content lemmas and two-word terms of each text, from ``words(texts)`` (see the module docstring)."""
    heads = word_list("bigram_heads_da.txt")
    spellings: dict[str, Counter] = {}
    docs = []
    for tokens in tokenised:
        doc = [lem for _, lem, content in tokens if content]
        for (w1, l1, c1), (w2, l2, c2) in zip(tokens, tokens[1:]):
            if w1 and c2 and (c1 or w1 in heads) and l1 != l2:
                term = f"{l1} {l2}"
                doc.append(term)
                spellings.setdefault(term, Counter())[f"{w1} {w2}"] += 1
        docs.append(tuple(doc))
    shown = {t: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for t, c in spellings.items()}
    return Terms(tuple(docs), shown)


def _ctfidf(docs: Sequence[Sequence[str]], weights: np.ndarray, labels: np.ndarray,
            n_classes: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(vocabulary, c-TF-IDF scores (classes, terms), distinct comments per class and term)."""
    vocab = sorted({w for d in docs for w in d})
    index = {w: j for j, w in enumerate(vocab)}
    counts = np.zeros((n_classes, len(vocab)))
    spread = np.zeros((n_classes, len(vocab)), dtype=np.int64)
    for doc, weight, label in zip(docs, weights, labels):
        for w in doc:
            counts[label, index[w]] += weight
        for w in set(doc):
            spread[label, index[w]] += 1
    totals = counts.sum(axis=1, keepdims=True)
    tf = counts / np.where(totals > 0, totals, 1.0)
    idf = np.log(1.0 + float(totals.mean()) / np.maximum(counts.sum(axis=0), 1e-12))
    return vocab, tf * idf, spread


def _inside(a: str, b: str) -> bool:
    """One term is part of the other ("oplæg" in "faglig oplæg")."""
    return set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split())


def _overlap(a: str, b: str, users_a: frozenset[int], users_b: frozenset[int]) -> float:
    """1 when one term is part of the other, else the Jaccard overlap of the comments using them."""
    if _inside(a, b):
        return 1.0
    union = len(users_a | users_b)
    return len(users_a & users_b) / union if union else 0.0


def class_keywords(docs: Sequence[Sequence[str]], weights: np.ndarray, labels: np.ndarray, n_classes: int,
                   top: int = 8, min_docs: int = 2, shown: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """The ``top`` terms that set each class apart: c-TF-IDF, no everywhere-terms, picked by MMR.

    A term's weight in class c is tf(c) · log(1 + A / f), with tf its share of the class's
    terms, A the average number of terms per class and f its frequency over all classes.
    Terms used by ``min_docs`` or more distinct comments of the class come first; terms of a
    single comment only fill the list up to five.

    Args:
        docs: the terms of each distinct comment (``terms(...).docs`` or ``content_lemmas``).
        weights: (len(docs),) how many comments each distinct text stands for.
        labels: (len(docs),) class of each comment, 0 … n_classes - 1.
        shown: how to write a two-word term (``Terms.shown``); terms are shown as they are otherwise.
    Returns:
        For each class, its keywords, best first (ties by alphabet).
    """
    if not any(docs):
        return [() for _ in range(n_classes)]
    weights = np.asarray(weights, dtype=np.float64)
    labels = np.asarray(labels)
    vocab, scores, spread = _ctfidf(docs, weights, labels, n_classes)
    ranked = [sorted(np.nonzero(scores[c] > 0)[0], key=lambda j: (-scores[c, j], vocab[j])) for c in range(n_classes)]
    everywhere: set[int] = set()
    if n_classes >= 3:
        tops = Counter(j for c in range(n_classes) for j in ranked[c][:EVERYWHERE_TOP])
        sizes = np.bincount(labels, minlength=n_classes).astype(np.float64)
        common = (spread / np.maximum(sizes, 1.0)[:, None] >= EVERYWHERE_SHARE).sum(axis=0)
        everywhere = {j for j, n in tops.items() if n >= n_classes / 2}
        everywhere |= {int(j) for j in np.nonzero(common >= n_classes / 2)[0]}
    shown = shown or {}
    out = []
    for c in range(n_classes):
        present = [j for j in ranked[c] if j not in everywhere]
        shared = [j for j in present if spread[c, j] >= min_docs][:CANDIDATES]
        single = [j for j in present if spread[c, j] < min_docs][:CANDIDATES]
        users = _users(docs, labels == c, [vocab[j] for j in shared + single])
        shared = _prefer_pairs(shared, vocab, users)
        picked = _mmr(shared, scores[c], vocab, users, top)
        for j in single:  # words of one comment only fill the list up to five
            if len(picked) >= min(5, top):
                break
            if not any(_inside(vocab[j], vocab[p]) for p in picked):
                picked.append(j)
        out.append(tuple(shown.get(vocab[j], vocab[j]) for j in picked))
    return out


def _users(docs: Sequence[Sequence[str]], inside: np.ndarray, wanted: Sequence[str]) -> dict[str, frozenset[int]]:
    """The comments (indices) of one class that use each wanted term."""
    found: dict[str, set[int]] = {w: set() for w in wanted}
    for i in np.nonzero(inside)[0]:
        for w in docs[i]:
            if w in found:
                found[w].add(int(i))
    return {w: frozenset(s) for w, s in found.items()}


def _prefer_pairs(candidates: list[int], vocab: Sequence[str], users: dict[str, frozenset[int]]) -> list[int]:
    """Leave out a word when a two-word term holding it is used by at least half of the comments that use the word."""
    pairs = [vocab[j] for j in candidates if " " in vocab[j]]
    covered = {w for pair in pairs for w in pair.split()
               if w in users and 2 * len(users[pair]) >= len(users[w])}
    return [j for j in candidates if vocab[j] not in covered]


def _mmr(candidates: Sequence[int], score: np.ndarray, vocab: Sequence[str], users: dict[str, frozenset[int]],
         top: int) -> list[int]:
    """Maximal marginal relevance: best relative weight minus overlap with the terms already picked."""
    if not candidates:
        return []
    best = max(float(score[j]) for j in candidates)
    left = list(candidates)  # best first
    picked: list[int] = []
    while left and len(picked) < top:
        overlaps = [max((_overlap(vocab[j], vocab[p], users[vocab[j]], users[vocab[p]]) for p in picked), default=0.0)
                    for j in left]
        keep = [not any(_inside(vocab[j], vocab[p]) for p in picked) for j in left]
        left, overlaps = [j for j, k in zip(left, keep) if k], [o for o, k in zip(overlaps, keep) if k]
        if not left:
            break
        gains = [MMR_LAMBDA * float(score[j]) / best - (1 - MMR_LAMBDA) * o for j, o in zip(left, overlaps)]
        choice = left[int(np.argmax(np.round(gains, 12)))]  # ties: the better-ranked term
        picked.append(choice)
        left.remove(choice)
    return picked
