"""What discovery suggests for the codebook: draft themes for NEW clusters, and merge and split hints.

A draft theme is a valid ``Theme``: an id made from its keywords, a Danish label from its two
best keywords ("Egne data og ventetider"), a description that says what was found (size,
share, nearest theme), its keywords (less the codebook's own) and 3–5 redacted example answers. ``merged`` adds the
drafts to the codebook and validates the result as ``coder codebook check`` does.
"""

from __future__ import annotations

from typing import Sequence

from coder.classify.codebook_checks import FUNCTION_WORDS_ALL
from coder.cluster.explain import ThemeFit
from coder.cluster.phrases import listing, say
from coder.cluster.types import Cluster, Discovery
from coder.codebook import Codebook, Theme, label_key, parse_codebook
from coder.text import key, shorten, slug
from coder.wording import Wording


def theme_id(words: Sequence[str]) -> str:
    """An id such as ``koersel_transport`` from a few words; ids start with a letter."""
    ident = slug(" ".join(words), "_", "tema")
    return ident if ident[0].isalpha() else f"tema_{ident}"


def hints(question: str, clusters: Sequence[Cluster], fits: Sequence[ThemeFit], w: Wording) -> tuple[str, ...]:
    """Sentences for themes that share a cluster (merge or sharpen) and themes that several clusters lean to
    clearly (split into sub-codes)."""
    out = []
    for c, fit in zip(clusters, fits):
        if fit.second is not None and not c.praise:
            out.append(say(w, "hint_share", question=question, first=fit.theme, second=fit.second, number=c.number,
                           label=c.label))
    by_theme: dict[str, list[int]] = {}
    for c, fit in zip(clusters, fits):
        if fit.theme is not None and fit.clear and not fit.new and not c.praise:
            by_theme.setdefault(fit.theme, []).append(c.number)
    for theme, numbers in by_theme.items():
        if len(numbers) > 1:
            parts = listing(w, [f"{n} ({clusters[n - 1].label})" for n in numbers])
            out.append(say(w, "hint_split", question=question, theme=theme, parts=parts))
    return tuple(out)


def _label(c: Cluster, w: Wording) -> str:
    """"Egne data og ventetider": the two best keywords, capitalised."""
    words = list(c.keywords[:2])
    if not words:
        return say(w, "cluster_n", number=c.number)
    text = words[0] if len(words) == 1 else say(w, "draft_label", first=words[0], second=words[1])
    return text[:1].upper() + text[1:]


def _own_keywords(words: Sequence[str], codebook: Codebook | None) -> list[str]:
    """The cluster's keywords less those of the codebook's themes and function words: a draft's keyword 'data' beside
    the theme 'data' pulled that theme's answers to the draft once merged (walk36; codebook check notes it)."""
    taken = {key(k) for t in codebook.themes for k in t.keywords} if codebook is not None else set()
    return [k for k in words if key(k) not in taken and key(k) not in FUNCTION_WORDS_ALL]


def draft_codebook(discovery: Discovery) -> Codebook | None:
    """The NEW clusters as draft themes (a codebook ``coder codebook check`` accepts), or None if there are none."""
    cb = discovery.codebook
    w = discovery.wording
    taken = set(cb.ids) if cb else set()
    labels = {label_key(t.label) for t in cb.themes} if cb else set()
    themes = []
    for q in discovery.questions:
        for c in q.clusters:
            if not c.new:
                continue
            base = theme_id(c.keywords[:2]) if c.keywords else f"tema_{slug(q.question, '_', 'x')}_{c.number}"
            ident, n = base, 2
            while ident in taken:
                ident, n = f"{base}_{n}", n + 1
            taken.add(ident)
            label = base_label = _label(c, w)
            if label_key(label) in labels:  # a codebook names each theme once ("Data og patient" in two questions)
                label = base_label = f"{base_label} ({shorten(q.question, 60)})"  # a header can be a paragraph
            n = 2
            while label_key(label) in labels:
                label, n = f"{base_label} {n}", n + 1
            labels.add(label_key(label))
            nearest = say(w, "draft_nearest", theme=c.theme) if c.theme else ""
            about = listing(w, list(c.keywords[:3])) or "?"
            themes.append(Theme(
                id=ident, label=label,
                description=say(w, "draft_description", keywords=about, question=q.question, number=c.number,
                                size=c.size, share=w.pct(100 * c.share), nearest=nearest),
                keywords=_own_keywords(c.keywords, cb)[:6], examples=c.quotes[:5]))
    if not themes:
        return None
    return Codebook(name=say(w, "draft_name", name=cb.name if cb else say(w, "no_name")),
                    version=say(w, "draft_version"), language=cb.language if cb else "da",
                    description=say(w, "draft_about"), themes=tuple(themes))


def merged(codebook: Codebook, draft: Codebook) -> Codebook:
    """The codebook with the draft themes added after its own, validated as ``coder codebook check`` does.

    Raises CodebookError when the result is not a valid codebook (e.g. a draft id already in use).
    """
    data = codebook.model_dump(mode="json")
    data["themes"] = data["themes"] + draft.model_dump(mode="json")["themes"]
    return parse_codebook(data, "codebook + suggestions")
