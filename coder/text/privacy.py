"""Personal data in comments: find it and replace it with placeholders before any text leaves the store.

Numbers and addresses are found by their shape (``privacy_patterns``): CPR numbers, Danish phone
numbers, e-mail addresses (also "navn(at)firma.dk"), URLs (bare domains such as ``klinik-aarhus.dk``
too) and street addresses ("Vestergade 3, 2. th."). Person and clinic names are found with
the name lists in ``coder/data`` (``names_first_da.txt``, ``names_last_da.txt``) and the word lists of
``privacy_words_da.txt``, plus what Danish spelling gives away: only proper nouns are capitalised
inside a sentence, so a capitalised word there is a name or a place, while the first word of a
sentence may be anything. Rules:

- a listed first name or surname is a name wherever it is capitalised ("Mette", "Jensens"), and
  so is an unlisted -sen name made from a first name inside a sentence ("Gormsen"); capitalised
  words right after a name join it ("Mette Kjærgaard Holm"), and so does a capitalised word right
  before it inside a sentence, or at the start of one when the name begins with a surname
  ("Tak til Bjarke Nielsen", "Bjarke Nielsen styrer møderne"), titles and roles excepted;
- names that are also ordinary words ("Hans", "Per", "Bo", "Holm", "Lund") count only with
  support: inside a sentence (first names), followed by another name, or after a title;
- a capitalised word after a title or role ("Dr. X", "læge X", "kollega X", "Mvh X") is a name;
- clinic names: a clinic word next to a proper name ("Klinik Vestergade", "Aarhus Øjenklinik",
  "Lægehuset Solsiden"), or followed by "i" or "på" and one ("Hudklinikken i Odense");
- places and regions (``[places]``: Aarhus, Hovedstaden), organisations (``[not_names]``: PLO,
  DSAM, KiAP) and all-capital acronyms are never person names; places may be part of a clinic's.
- a name written in lower case ("tak til mette og jens", "mads nielsen") is a name when it is a listed
  first name or surname of three letters or more that is no ordinary word: not under ``[ambiguous]``,
  not under ``[lowercase_words]`` (listed names that are Danish word forms, derived from a Danish word
  list: "ellen", "møller"), not a stop word, and not a verb one or two words after "at" or a modal verb
  ("vi skal mette patienterne", "kan vi mette dem": ``[lowercase_verbs]``). Lower-case surnames right
  after a name join it: listed ones, -sen names made from a first name, -gaard names ("mette lund",
  "hanne lykkegaard"). Other lower-case words are names only after a title ("kollega jens").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coder.text.normalise import data_lines
from coder.text.privacy_patterns import (
    ADRESSE,
    CPR,
    EMAIL,
    KINDS,
    KLINIK,
    NAVN,
    TELEFON,
    URL,
    Occupied,
    Span,
    StreetWords,
    pattern_spans,
)

__all__ = ["ADRESSE", "CPR", "EMAIL", "KINDS", "KLINIK", "NAVN", "TELEFON", "URL", "Span", "WordLists", "find_pii",
           "redact", "word_lists"]

@dataclass(frozen=True)
class WordLists:
    """The data files behind name finding, lower case."""

    first: frozenset[str]
    last: frozenset[str]
    ambiguous: frozenset[str]
    places: frozenset[str]
    not_names: frozenset[str]  # organisations, systems, months … (places not included)
    lowercase_words: frozenset[str]  # listed names that are ordinary words in lower case ("ellen", "møller")
    lowercase_verbs: frozenset[str]  # … and names that are verbs after a verb cue ("skal mette")
    verb_cues: frozenset[str]  # "at" and the modal verbs
    cues: frozenset[str]
    abbreviated_cues: frozenset[str]  # cues written with a dot ("dr.", "pt.")
    clinic_endings: tuple[str, ...]
    stop: frozenset[str]
    streets: StreetWords


def _sections(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in data_lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line.casefold())
    return out


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    """Load the name lists and privacy word lists from ``coder/data`` (once)."""
    sections = _sections("privacy_words_da.txt")
    cues = sections.get("cues", [])
    stop = set(data_lines("stopwords_da.txt")) | set(data_lines("stopwords_en.txt"))
    return WordLists(
        first=frozenset(n.casefold() for n in data_lines("names_first_da.txt")),
        last=frozenset(n.casefold() for n in data_lines("names_last_da.txt")),
        ambiguous=frozenset(sections.get("ambiguous", [])),
        places=frozenset(sections.get("places", [])),
        not_names=frozenset(sections.get("not_names", [])),
        lowercase_words=frozenset(sections.get("lowercase_words", [])),
        lowercase_verbs=frozenset(sections.get("lowercase_verbs", [])),
        verb_cues=frozenset(sections.get("verb_cues", [])),
        cues=frozenset(c.rstrip(".") for c in cues),
        abbreviated_cues=frozenset(c.rstrip(".") for c in cues if c.endswith(".")),
        clinic_endings=tuple(sorted(sections.get("clinic", []), key=len, reverse=True)),
        stop=frozenset(w.casefold() for w in stop),
        streets=StreetWords(tuple(sorted(sections.get("street_endings", []), key=len, reverse=True)),
                            frozenset(sections.get("street_words", [])),
                            frozenset(sections.get("street_prefixes", []))),
    )


# --- names ------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ABBREVIATIONS = frozenset("dr kl ca bl f a eks m l s pt nr tlf jf mht evt inkl ekskl mv osv dvs fx hr frk fr prof "
                           "st vedr ift iflg mm ang sept okt nov dec jan feb aug th stud cand med".split())
_SURNAME_ENDINGS = ("sen", "søn", "sson")
_FARM_ENDINGS = ("gaard", "gård")  # "Lykkegaard", "Vestergård": surnames, also when not listed
_BOUNDARY = re.compile(r"[!?:;\n\"“«(•]")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    lower: str
    capitalised: bool  # first letter upper case, not an all-capital acronym
    sentence_start: bool
    lowercase_name: bool = False  # a listed name in lower case that is no ordinary word (``_lowercase_name``)
    lowercase_surname: bool = False  # a surname in lower case, which may end a name ("mette lund", "lykkegaard")


def _tokens(text: str, taken: Occupied, lists: WordLists) -> list[_Token]:
    """The words that can take part in a name: capitalised words, cues, the word after a cue, clinic words,
    names in lower case.

    Other words are left out; the gap between two kept words then holds them, so kept words
    count as adjacent only when nothing but spaces separates them.
    """
    out: list[_Token] = []
    prev_end, prev_lower, after_cue = 0, "", False
    before: tuple[str, str] = ("", "")  # the two words before this one, lower case (for verb cues)
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if taken.overlaps(start, end):
            prev_end, prev_lower, after_cue, before = end, "\0", False, ("", "")
            continue
        word = m.group()
        lower = word.casefold()
        shouting = len(word) > 1 and word.replace("-", "").isupper()  # "JENS HANSEN" (walk30), or an acronym
        caps = word[0].isupper() and not shouting
        gap = text[prev_end:start]
        if _BOUNDARY.search(gap) is not None or "." in gap or "," in gap:
            before = ("", "")
        lower_name = lower_surname = False
        if not caps and (word.islower() or shouting):  # in capitals, a name is read as in lower case: "JENS", not "KOL"
            verb = lower in lists.lowercase_verbs and bool(set(before) & lists.verb_cues)  # "skal (vi) mette"
            lower_name = not verb and _lowercase_name(lower, lists)
            lower_surname = not lower_name and _lowercase_surname(lower, lists)
        if caps or after_cue or lower_name or lower_surname or lower in lists.cues \
                or lower.endswith(lists.clinic_endings):
            boundary = (not prev_lower and not gap.strip(" \t\"'«“(-–*•")) or _BOUNDARY.search(gap) is not None \
                or ("." in gap and prev_lower not in _ABBREVIATIONS)
            out.append(_Token(start, end, word, lower, caps, boundary, lower_name, lower_surname))
        prev_end, prev_lower, after_cue, before = end, lower, lower in lists.cues, (before[1], lower)
    return out


def _known(lower: str, names: frozenset[str]) -> bool:
    """A listed name, also in the genitive ("Mettes") or hyphenated ("Anne-Mette")."""
    if lower in names or (lower.endswith("s") and len(lower) > 3 and lower[:-1] in names):
        return True
    if lower.endswith(("'s", "’s")) and lower[:-2] in names:
        return True
    parts = lower.split("-")
    return len(parts) > 1 and all(p in names for p in parts)


def _ambiguous(lower: str, lists: WordLists) -> bool:
    base = lower.split("-")[0]
    return base in lists.ambiguous or (base.endswith("s") and base[:-1] in lists.ambiguous)


def _lowercase_name(word: str, lists: WordLists) -> bool:
    """A listed name written in lower case that is no ordinary word ("mette", "jensens", "anne-mette"): three
    letters or more, and neither it nor a part of it ambiguous, a stop word, a place or organisation, or a name
    that is a Danish word form (``[lowercase_words]``: "ellen", "karens")."""
    if not word.islower() or len(word) < 3:
        return False
    lower = word.casefold()
    if not (_known(lower, lists.first) or _known(lower, lists.last)):
        return False
    for part in lower.split("-"):
        stem = part.removesuffix("s")
        if {part, stem} & (lists.ambiguous | lists.lowercase_words) or part in lists.stop \
                or part in lists.places or part in lists.not_names:
            return False
    return True


def _lowercase_surname(lower: str, lists: WordLists) -> bool:
    """A surname in lower case, listed ("lund", "møller") or shaped like one ("gormsen", "lykkegaard"): part of a
    name only right after one."""
    if lower in lists.stop or lower in lists.places or lower in lists.not_names:
        return False
    return _known(lower, lists.last) or _patronymic(lower, lists) or (len(lower) > 6 and lower.endswith(_FARM_ENDINGS))


def _blocked(tok: _Token, lists: WordLists, places: bool = True) -> bool:
    """Never part of a person's name: places (unless ``places`` is False), organisations, clinic
    words, stop words that are not names."""
    if tok.lower in lists.not_names or _clinic_word(tok.lower, lists) or (places and tok.lower in lists.places):
        return True
    return tok.lower in lists.stop and tok.lower not in lists.first and tok.lower not in lists.last


def _clinic_word(lower: str, lists: WordLists) -> bool:
    return lower.endswith(lists.clinic_endings)


def _adjacent(text: str, a: _Token, b: _Token) -> bool:
    """b follows a with only spaces between, or an initial ("Jens B. Hansen")."""
    gap = text[a.end:b.start]
    return bool(re.fullmatch(r" {1,2}", gap)) or (len(a.text) == 1 and re.fullmatch(r"\. ?", gap) is not None)


def _name_part(tok: _Token, lists: WordLists) -> bool:
    return tok.capitalised and not _blocked(tok, lists)


def _extend(text: str, toks: list[_Token], i: int, lists: WordLists) -> int:
    """The index of the last token of the name that starts at token i."""
    j = i
    while j + 1 < len(toks) and j - i < 4 and _adjacent(text, toks[j], toks[j + 1]) and (
            _name_part(toks[j + 1], lists) or toks[j + 1].lowercase_name or toks[j + 1].lowercase_surname
            or (len(toks[j + 1].text) == 1 and toks[j + 1].text.isupper())):
        j += 1
    while j > i and len(toks[j].text) == 1:  # a trailing single letter is not part of the name
        j -= 1
    return j


def _first_before(text: str, toks: list[_Token], i: int, lists: WordLists) -> int:
    """The index of the first token of the name that starts at token i, counting capitalised words right
    before it: "Tak til Bjarke Nielsen" (an unlisted first name), and at a sentence's start only before a
    surname ("Bjarke Nielsen styrer …", not "Tak Mette"); never a title or role ("Overlæge Mette Holm") nor a
    genitive ("New Zealands Adam Hall")."""
    k = i
    surname = not _known(toks[i].lower, lists.first)
    while k > 0 and i - k < 3 and _adjacent(text, toks[k - 1], toks[k]):
        prev = toks[k - 1]
        if not _name_part(prev, lists) or len(prev.text) < 2 or prev.lower in lists.cues \
                or (prev.sentence_start and not surname) or prev.lower.endswith("s"):  # "New Zealands Adam Hall"
            break
        k -= 1
        if prev.sentence_start:
            break
    return k


def _after_cue(text: str, toks: list[_Token], i: int, lists: WordLists) -> bool:
    if i == 0:
        return False
    prev, gap = toks[i - 1], text[toks[i - 1].end:toks[i].start]
    if prev.lower not in lists.cues:
        return False
    if prev.lower in lists.abbreviated_cues:
        return re.fullmatch(r"\.? {1,2}", gap) is not None
    return re.fullmatch(r",? {1,2}|,?\n", gap) is not None


def _starts_name(text: str, toks: list[_Token], i: int, lists: WordLists) -> bool:
    tok = toks[i]
    if _blocked(tok, lists):
        return False
    if _after_cue(text, toks, i, lists):
        return tok.capitalised or ((_known(tok.lower, lists.first) or _known(tok.lower, lists.last))
                                   and not _ambiguous(tok.lower, lists))
    if tok.lowercase_name:
        return True
    if not tok.capitalised or len(tok.text) < 2:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) and _adjacent(text, tok, toks[i + 1]) else None
    followed = nxt is not None and _name_part(nxt, lists)
    if _known(tok.lower, lists.first):
        return not _ambiguous(tok.lower, lists) or not tok.sentence_start or followed
    if _known(tok.lower, lists.last):
        return not _ambiguous(tok.lower, lists)
    return not tok.sentence_start and _patronymic(tok.lower, lists)


def _patronymic(lower: str, lists: WordLists) -> bool:
    """An unlisted surname made from a first name: "Gormsen", "Ebbesøn", "Anderssons"."""
    lower = lower.removesuffix("s") if lower.endswith(("sens", "søns", "ssons")) else lower
    for ending in _SURNAME_ENDINGS:
        stem = lower.removesuffix(ending)
        if stem != lower and len(stem) >= 3 and (stem in lists.first or stem + "s" in lists.first):
            return True
    return False


_AT_PLACE = re.compile(r" (?:i|på|I|På) (\w[\w-]*)")  # "… i Odense", "… på Strøget"


def _clinic_spans(text: str, toks: list[_Token], lists: WordLists) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if not _clinic_word(tok.lower, lists) or (tok.lower.endswith("lægerne") and not tok.capitalised):
            continue
        first = last = i
        # "Klinik Vestergade", "Lægehuset Solsiden", "Klinik for Øjensygdomme Vejle"
        while last + 1 < len(toks) and last - i < 3 and (
                _adjacent(text, toks[last], toks[last + 1])
                or last == i and tok.capitalised and text[toks[last].end:toks[last + 1].start].casefold() == " for ") \
                and toks[last + 1].capitalised and not _blocked(toks[last + 1], lists, places=False):
            last += 1
        # "Hudklinikken i Odense", "Klinikken på Strøget": a clinic named by its town or street
        end = toks[last].end
        named = tok.capitalised and not tok.sentence_start or tok.lower.endswith(("en", "et", "lægerne"))
        at = _AT_PLACE.match(text, tok.end) if last == i and named else None
        if at is not None:
            nxt = next((t for t in toks[i + 1:i + 2] if t.start == at.start(1)), None)
            if at.group(1).casefold() in lists.places or (  # a listed town in any case: "hudklinikken i odense"
                    nxt is not None and nxt.capitalised and not nxt.sentence_start
                    and not _blocked(nxt, lists, places=False)):
                end = at.end(1)
        # "Aarhus Øjenklinik", "Jensens Lægehus"
        while tok.capitalised and first > 0 and i - first < 3 and _adjacent(text, toks[first - 1], toks[first]):
            prev = toks[first - 1]
            if not prev.capitalised or prev.lower in lists.stop or _clinic_word(prev.lower, lists):
                break
            if prev.sentence_start and not (prev.lower in lists.places or prev.lower.endswith("s")
                                            or _known(prev.lower, lists.first) or _known(prev.lower, lists.last)):
                break
            first -= 1
        if (first, last) != (i, i) or end > tok.end:
            found.append((toks[first].start, max(end, toks[last].end)))
    return found


def _name_spans(text: str, taken: Occupied) -> list[Span]:
    lists = word_lists()
    toks = _tokens(text, taken, lists)
    spans = Occupied()
    for a, b in _clinic_spans(text, toks, lists):
        spans.add(a, b, KLINIK)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not (tok.capitalised or tok.lowercase_name or (i and toks[i - 1].lower in lists.cues)) \
                or spans.overlaps(tok.start, tok.end) or not _starts_name(text, toks, i, lists):
            i += 1
            continue
        j = _extend(text, toks, i, lists)
        while j > i and spans.overlaps(toks[j].start, toks[j].end):
            j -= 1
        k = _first_before(text, toks, i, lists)
        while k < i and spans.overlaps(toks[k].start, toks[i].start):
            k += 1
        spans.add(toks[k].start, toks[j].end, NAVN)
        i = j + 1
    return spans.spans


# --- the public functions -----------------------------------------------------------

def find_pii(text: str) -> list[Span]:
    """Spans of personal data (CPR, phone, e-mail, URL, address, person and clinic names), sorted, no overlaps."""
    found = pattern_spans(text, word_lists().streets)
    return sorted(found.spans + _name_spans(text, found), key=lambda s: s.start)


# What a reader of English output sees in place of each kind (a Danish reader sees the kind's own name)
PLACEHOLDERS_EN = {CPR: "CPR", TELEFON: "PHONE", EMAIL: "EMAIL", URL: "URL", ADRESSE: "ADDRESS", NAVN: "NAME",
                   KLINIK: "CLINIC"}


def redact(text: str, locale: str = "da") -> str:
    """Replace personal data with ``[CPR]``, ``[TELEFON]``, ``[EMAIL]``, ``[URL]``, ``[ADRESSE]``, ``[NAVN]`` or
    ``[KLINIK]``; for a reader of English (``locale`` "en") ``[PHONE]``, ``[ADDRESS]``, ``[NAME]``, ``[CLINIC]``."""
    names = PLACEHOLDERS_EN if locale == "en" else {}
    out, last = [], 0
    for span in find_pii(text):
        out.append(text[last:span.start])
        out.append(f"[{names.get(span.kind, span.kind)}]")
        last = span.end
    out.append(text[last:])
    return "".join(out)
