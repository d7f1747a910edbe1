"""Why the model suggests a theme: the theme's keywords found in the comment, and the nearest codebook
example or human-labelled answer, for the model's top themes. Plain functions, no Textual.

Vectors come from the embedding cache that ``coder code`` filled (comments and codebook texts are all
embedded there), so explaining never loads a model; a text with no cached vector is simply not
compared, and with no vectors at all the reasons are the keywords alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from coder.classify.zeroshot import keyword_hits
from coder.codebook import Codebook, Theme
from coder.embed import EmbeddingCache
from coder.text import redact
from coder.text.letters import danish_letters
from coder.wording import wording_for

VectorLookup = Callable[[Sequence[str]], list]  # texts -> a unit vector (dim,) or None per text
EXAMPLE, LABELLED = "example", "labelled"
TOP = 3


@dataclass(frozen=True)
class Nearest:
    """The codebook example or labelled answer closest to the comment (cosine ``similarity``); text redacted."""

    text: str
    kind: str  # EXAMPLE or LABELLED
    similarity: float


@dataclass(frozen=True)
class ThemeReason:
    """One of the model's top themes for a comment: its score, keywords found, nearest evidence."""

    theme: str
    score: float | None
    keywords: tuple[str, ...]
    nearest: Nearest | None


def cached_vectors(model_id: str) -> VectorLookup:
    """Look texts up in the on-disk embedding cache of ``model_id`` (None for a text never embedded), as they were
    embedded: a text typed without æ, ø and å with them (``coder.text.letters``)."""
    cache = EmbeddingCache(model_id)
    return lambda texts: cache.lookup([danish_letters(t) for t in texts])


def _keyword_codebook(codebook: Codebook) -> tuple[Codebook, list[tuple[str, str]]]:
    """A codebook with one theme per (theme, keyword), so ``keyword_hits`` says which keyword matched."""
    pairs = [(t.id, k) for t in codebook.themes for k in t.keywords]
    themes = [Theme(id=f"k{i}", label=f"k{i}", description=k, keywords=(k,)) for i, (_, k) in enumerate(pairs)]
    if not themes:
        return codebook, []
    return Codebook(name="keywords", version="1", themes=tuple(themes)), pairs


class Reasoner:
    """Explains the model's top themes for comments of one project.

    Args:
        codebook: the run's codebook.
        vectors: cached vector lookup, or None (keywords only).
        labelled: (stored text, themes primary first) of human-labelled answers to compare with.
        locale: the reader's, for the placeholders of personal data in the answers shown (default: the codebook's
            language); set before the first ``explain``.
    """

    def __init__(self, codebook: Codebook, vectors: VectorLookup | None = None,
                 labelled: Sequence[tuple[str, tuple[str, ...]]] = (), locale: str | None = None) -> None:
        self.codebook = codebook
        self.locale = locale or wording_for(codebook.language).locale
        self.vectors = vectors
        self._keywords, self._pairs = _keyword_codebook(codebook)
        self._evidence: dict[str, list[tuple[str, str, np.ndarray]]] | None = None
        self._labelled = list(labelled)

    def matched_keywords(self, text: str) -> dict[str, tuple[str, ...]]:
        """Theme id -> the theme's keywords that occur in the text (the zero-shot classifier's own rule)."""
        if not self._pairs:
            return {}
        hits = keyword_hits(self._keywords, [text])[0]
        out: dict[str, list[str]] = {}
        for (theme, word), hit in zip(self._pairs, hits):
            if hit:
                out.setdefault(theme, []).append(word)
        return {t: tuple(w) for t, w in out.items()}

    def _load_evidence(self) -> dict[str, list[tuple[str, str, np.ndarray]]]:
        """Per theme, (shown text, kind, vector) of its examples and of the answers labelled with it."""
        if self._evidence is not None:
            return self._evidence
        self._evidence = {t: [] for t in self.codebook.ids}
        if self.vectors is None:
            return self._evidence
        wanted = [(t.id, e, EXAMPLE) for t in self.codebook.themes for e in t.examples]
        wanted += [(theme, text, LABELLED) for text, themes in self._labelled for theme in themes[:1]]
        found = self.vectors([text for _, text, _ in wanted]) if wanted else []
        for (theme, text, kind), v in zip(wanted, found):
            if v is not None and theme in self._evidence:
                shown = redact(text, self.locale) if kind == LABELLED else text
                self._evidence[theme].append((shown, kind, np.asarray(v)))
        return self._evidence

    def nearest(self, text: str, theme: str) -> Nearest | None:
        """The example or labelled answer of ``theme`` nearest to ``text``; None without vectors."""
        if self.vectors is None:
            return None
        (v,) = self.vectors([text])
        if v is None:
            return None
        v, itself = np.asarray(v), redact(text, self.locale)
        best: Nearest | None = None
        for shown, kind, w in self._load_evidence().get(theme, []):
            if shown == itself:
                continue  # the comment itself, labelled earlier
            sim = float(v @ w)
            if best is None or sim > best.similarity:
                best = Nearest(shown, kind, sim)
        return best

    def explain(self, text: str, scores: Mapping[str, float], model_themes: Sequence[str] = (),
                top: int = TOP) -> tuple[ThemeReason, ...]:
        """The model's ``top`` themes (highest score first; its own themes when it stored no scores)."""
        ranked = sorted(scores, key=lambda t: -scores[t])[:top] if scores else list(model_themes)[:top]
        words = self.matched_keywords(text)
        return tuple(ThemeReason(t, scores.get(t), words.get(t, ()), self.nearest(text, t))
                     for t in ranked if t in self.codebook.ids)
