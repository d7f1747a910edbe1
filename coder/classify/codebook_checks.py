"""What a valid codebook holds that moves the model's codes in ways its author did not mean.

``coder codebook check`` and ``coder code`` say these as notes; none of them refuses the codebook.
walk36 (a methodologist writing a codebook) found each passing as "OK" while it moved codes: on the
sample's first half, "og" and "at" among a theme's keywords moved 24 of 193 primary codes, one example
under two themes 13, a keyword under two themes 6. The notes:

- a keyword that is a common word ("og", "at", "ikke"): keywords match as word beginnings
  (``coder.classify.zeroshot.keyword_hits``) and each match adds 1.5 logits, so it adds to its theme in
  nearly every answer;
- a keyword given to two themes, or twice to one (up to case): in two, it pulls both ways and tells them
  apart in nothing;
- one example text under two themes, or as both an example and a counter-example of one theme (an example
  of one theme that is a counter-example of another is what a counter-example is for, and is fine);
- an exclude note that points to a theme the codebook does not have ("… (se dat)");
- a description still the draft that ``coder discover`` wrote ("UDKAST – beskriv temaet …"): it reaches
  the published report as the theme's description.
"""

from __future__ import annotations

import re
from typing import Sequence

from coder.codebook import Codebook, Theme
from coder.errors import Notice
from coder.text import key

DRAFT_MARKS = ("UDKAST –", "DRAFT –")  # how coder discover's draft descriptions begin (coder.cluster.phrases)
# Words in nearly every answer, that name no topic (not discover's stop words, which hold "godt", "fint", "bedre":
# a catch-all's praise keywords), in the codebook's language
FUNCTION_WORDS = {"da": frozenset("""
af alle alt at bare blive bliver da de dem den denne der deres det dette dig din disse du efter eller en end er et
for fordi fra få får gør gøre har have hos hvad hvis hvor i ikke ind jeg jer jo kan komme kommer kunne lige man med
meget men mere mig min mit måske ned noget nogle nok nu når og også om op os over på se ser sig sin sit skal skulle
som så synes til tror ud under var ved vel vi vil ville vores være været
""".split()), "en": frozenset("""
a about all also an and are as at be been but by can do for from get has have i if in is it its more not of on or so
some that the there they this to was we were what when which will with would you
""".split())}
FUNCTION_WORDS_ALL = FUNCTION_WORDS["da"] | FUNCTION_WORDS["en"]


def _name(theme: Theme) -> str:
    return f"'{theme.id}'"


def codebook_notices(codebook: Codebook) -> tuple[Notice, ...]:
    """The notes on ``codebook``, each in English and Danish (no full stop: the reader's sentence adds it): first on
    the whole, then theme by theme."""
    out = _whole(codebook) + _keyword_notices(codebook)
    out += _example_notices(codebook)
    for theme in codebook.themes:
        for note in theme.exclude:  # "… (se data)": the theme the answer belongs to instead
            named = [m for m in re.findall(r"\((?:se|see) ([a-z][a-z0-9_]*)\)", note) if m not in codebook.ids]
            if named:
                out.append(Notice(f"{_name(theme)}: the exclude note “{note}” points to '{named[0]}', which is no "
                                  f"theme of the codebook ({', '.join(codebook.ids)})",
                                  f"{_name(theme)}: udelad-noten “{note}” henviser til '{named[0]}', som ikke er et "
                                  f"tema i kodebogen ({', '.join(codebook.ids)})"))
    for theme in codebook.themes:
        if theme.description.lstrip().startswith(DRAFT_MARKS):
            out.append(Notice(f"{_name(theme)}: the description is still coder discover's draft; write what the "
                              "theme is about (reports print it as the theme's description)",
                              f"{_name(theme)}: beskrivelsen er stadig udkastet fra coder discover; skriv, hvad "
                              "temaet handler om (rapporterne viser den som temaets beskrivelse)"))
    return tuple(out)


def _keyword_notices(codebook: Codebook) -> list[Notice]:
    """A keyword that is a common word or the beginning of common words ("og"; "me" begins "med", "meget"), given
    twice, or given to two themes; a keyword in capitals ("IT") is an abbreviation, never a common word. (One
    theme's keyword that begins another's, "medicin" and "medicinliste", is not noted: it is how compounds are
    written, and only the compound's answers get both.)"""
    words = FUNCTION_WORDS["en" if codebook.language.casefold().startswith("en") else "da"]
    out: list[Notice] = []
    owner: dict[str, Theme] = {}
    for theme in codebook.themes:
        seen: set[str] = set()
        for word in theme.keywords:
            k, name = " ".join(key(word).split()), _name(theme)
            begun = sorted(w for w in words if w.startswith(k) and w != k)[:3]
            if word.strip().isupper() and len(word.strip()) > 1:
                pass  # an abbreviation
            elif all(part in words for part in k.split()):
                out.append(Notice(f"{name}: the keyword '{word}' is a common word, and a keyword matches as the "
                                  "beginning of any word, so it adds to the theme in nearly every answer; remove it",
                                  f"{name}: nøgleordet '{word}' er et almindeligt ord, og et nøgleord gælder som "
                                  "begyndelsen af ethvert ord, så det trækker mod temaet i næsten alle svar; fjern "
                                  "det"))
                continue
            elif begun:
                shown = ", ".join(f"'{w}'" for w in begun)
                out.append(Notice(f"{name}: the keyword '{word}' matches as the beginning of any word, so also of "
                                  f"common words such as {shown}; write more of it",
                                  f"{name}: nøgleordet '{word}' gælder som begyndelsen af ethvert ord, så også af "
                                  f"almindelige ord som {shown}; skriv mere af det"))
            if k in seen:
                out.append(Notice(f"{name}: the keyword '{word}' is given twice; once is enough",
                                  f"{name}: nøgleordet '{word}' står to gange; én gang er nok"))
            elif k in owner and owner[k] is not theme:
                other = _name(owner[k])
                out.append(Notice(f"{name}: the keyword '{word}' is also a keyword of {other}, so it pulls toward "
                                  "both and tells them apart in nothing; keep it in one",
                                  f"{name}: nøgleordet '{word}' er også nøgleord for {other}, så det trækker mod "
                                  "begge og skiller dem ikke ad; behold det i ét af dem"))
            seen.add(k)
            owner.setdefault(k, theme)
    return out


def _whole(codebook: Codebook) -> list[Notice]:
    """One theme (every answer gets it), no catch-all theme (an answer about nothing in the codebook gets the nearest
    theme), a language that gives English output."""
    out = []
    if len(codebook.themes) == 1:
        out.append(Notice(f"the codebook has one theme, '{codebook.themes[0].id}', so every answer is coded to it; "
                          "add the others, and a catch-all such as 'andet'",
                          f"kodebogen har ét tema, '{codebook.themes[0].id}', så alle svar kodes til det; tilføj de "
                          "andre og en opsamlingskategori, fx 'andet'"))
    elif codebook.catch_all is None:
        out.append(Notice("no catch-all theme (catch_all: true), so an answer about nothing in the codebook gets the "
                          "nearest theme; add one such as 'andet' to keep them apart",
                          "ingen opsamlingskategori (catch_all: true), så et svar om noget kodebogen ikke dækker får "
                          "det nærmeste tema; tilføj en, fx 'andet', for at holde dem adskilt"))
    if not codebook.language.casefold().startswith(("da", "en")):
        out.append(Notice(f"language '{codebook.language}' is neither da nor en; output is in English (language: da "
                          "gives Danish)",
                          f"sproget '{codebook.language}' er hverken da eller en; output er på engelsk (language: da "
                          "giver dansk)"))
    return out


def _example_notices(codebook: Codebook) -> list[Notice]:
    out: list[Notice] = []
    first: dict[str, Theme] = {}
    for theme in codebook.themes:
        counters = {key(t) for t in theme.counter_examples}
        for text in dict.fromkeys(theme.examples):
            k = key(text)
            shown = text if len(text) <= 60 else text[:60] + "…"
            if k in counters:
                out.append(Notice(f"{_name(theme)}: “{shown}” is both an example and a counter-example of it; keep "
                                  "it as one of them",
                                  f"{_name(theme)}: “{shown}” er både eksempel og modeksempel på temaet; behold det "
                                  "som det ene"))
            elif k in first and first[k] is not theme:
                other = first[k]
                out.append(Notice(f"{_name(theme)}: the example “{shown}” is also an example of {_name(other)}, so "
                                  "answers like it are pulled toward both; keep it under the theme it belongs to",
                                  f"{_name(theme)}: eksemplet “{shown}” er også eksempel på {_name(other)}, så svar "
                                  "som det trækkes mod begge; behold det under det tema, det hører til"))
            first.setdefault(k, theme)
    return out


def question_notices(codebook: Codebook, questions: Sequence[str]) -> tuple[Notice, ...]:
    """Where the codebook words its questions (``questions:``): each wording whose column this run does not code (a
    typo keeps the heading a column name without a word), and each question coded that it does not word (walk37: a
    second question, about something else, was coded with the first one's themes without a word)."""
    coded = ", ".join(questions)
    out = [Notice(f"codebook: questions: '{q}' is not a question of this run ({coded}); its wording is not used",
                  f"kodebog: questions: '{q}' er ikke et spørgsmål i denne kørsel ({coded}); formuleringen bruges "
                  "ikke")
           for q in codebook.questions if q not in questions]
    worded = ", ".join(f"'{q}'" for q in codebook.questions)
    out += [Notice(f"'{q}' is coded with the codebook '{codebook.name}', which words its questions ({worded}) and "
                   "not this one; if it asks about something else, code it with a codebook of its own into a project "
                   "of its own",
                   f"'{q}' kodes med kodebogen '{codebook.name}', som formulerer sine spørgsmål ({worded}), men ikke "
                   "dette; spørger det om noget andet, så kod det med sin egen kodebog i sit eget projekt")
            for q in questions if codebook.questions and q not in codebook.questions]
    return tuple(out)
