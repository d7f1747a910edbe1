"""Personal data found by its shape: CPR numbers, Danish phone numbers, e-mail addresses, URLs, street addresses.

- Phone numbers: eight digits (any first digit but 0), with or without ``+45``/``0045``, written
  plain or in groups of two and four with one kind of separator ("12 34 56 78", "1234-5678",
  "28.14.55.90"); dates ("12.03.2024"), year ranges ("2023-2024") and round ranges ("2000-3000")
  are not phone numbers unless a phone word ("tlf", "ring", "mobil") comes just before.
- E-mail addresses: also written to fool robots, "navn(at)firma.dk", "navn [at] firma dot dk",
  "navn(a)firma.dk", "navn at gmail.com" (the last only when the name or the provider gives it away).
- Street addresses: a street ("Nørregade", "H.C. Andersens Boulevard", "Gl. Kongevej") with a house
  number, and the floor and postcode that follow ("Vestergade 3, 2. th., 8000 Aarhus C"); the street
  words are the ``[street_*]`` sections of ``coder/data/privacy_words_da.txt``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

CPR, TELEFON, EMAIL, URL, NAVN, KLINIK, ADRESSE = "CPR", "TELEFON", "EMAIL", "URL", "NAVN", "KLINIK", "ADRESSE"
KINDS = (CPR, TELEFON, EMAIL, URL, NAVN, KLINIK, ADRESSE)


@dataclass(frozen=True)
class Span:
    """A piece of personal data found in a text: [start, end) and its kind (``CPR``, ``NAVN`` …)."""

    start: int
    end: int
    kind: str


@dataclass
class Occupied:
    """Spans that do not overlap, kept sorted, so a long text with many finds stays fast."""

    spans: list[Span] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start)
        return (i > 0 and self.spans[i - 1].end > start) or (i < len(self.spans) and self.spans[i].start < end)

    def add(self, start: int, end: int, kind: str) -> bool:
        """Keep [start, end) unless it overlaps a span already kept; True when kept."""
        if self.overlaps(start, end):
            return False
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self.spans.insert(i, Span(start, end, kind))
        return True


@dataclass(frozen=True)
class StreetWords:
    """The word lists behind address finding, lower case."""

    endings: tuple[str, ...]  # "gade", "vej" … ending a one-word street name
    words: frozenset[str]  # "boulevard", "plads" … standing after a name
    prefixes: frozenset[str]  # "gl.", "søndre", "sankt" … opening a street name


# --- e-mail and web addresses -------------------------------------------------------

_BRACKETED_AT = r"\s?[(\[{]\s?(?:at|a|snabel-?a)\s?[)\]}]\s?"
_BRACKETED_DOT = r"\s?[(\[{]\s?(?:dot|punktum|prik)\s?[)\]}]\s?"
_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w+-]+(?:\.[\w+-]+)*)(?P<at>@|{_BRACKETED_AT}|\s(?:at|snabel-?a)\s)"
    rf"(?P<domain>[\w-]+(?:(?:\.|{_BRACKETED_DOT}|\s(?:dot|punktum)\s)[\w-]+)*?"
    rf"(?:\.|{_BRACKETED_DOT}|\s(?:dot|punktum)\s)[a-z]{{2,6}})(?![\w-])", re.IGNORECASE)
# "navn at gmail.com" is an address only when the name looks like one or the provider is a mail service.
_MAIL_SERVICES = frozenset("gmail hotmail outlook live yahoo icloud me mail protonmail dadlnet jubii get2net "
                           "stofanet webspeed privat youmail".split())
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]]", re.IGNORECASE)
# A bare domain: labels, then a TLD that is not also a short word typed without a space after a
# full stop ("tid.Nu", "godt.De"), then an optional path.
_DOMAIN = re.compile(r"(?<![\w@.-])(?:[\w](?:[\w-]*\w)?\.)+(?:dk|com|org|net|eu|info|io|gov|edu|biz)\b"
                     r"(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]])?", re.IGNORECASE)


def _is_email(match: re.Match[str]) -> bool:
    if match.group("at") == "@" or match.group("at").strip().startswith(("(", "[", "{")):
        return True
    provider = re.split(r"[\s.(\[{]", match.group("domain"), maxsplit=1)[0].casefold()
    return re.search(r"[._\d+-]", match.group("local")) is not None or provider in _MAIL_SERVICES


# --- numbers --------------------------------------------------------------------------

# CPR: DDMMYY-NNNN or DDMMYYNNNN ("/" for "-" too), with a plausible day and month; or its date written as a date
# ("15.03.72-1234", walk30; with a four-digit year it reads as a date and a time: "01.02.2024-1300").
_CPR = re.compile(r"(?<![\d/-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-/ ]?\d{4}(?![\d/-])"
                  r"|(?<![\d./-])(?:0[1-9]|[12]\d|3[01])(?P<sep>[./-])(?:0[1-9]|1[0-2])(?P=sep)\d{2}[-/ ]\d{4}"
                  r"(?![\d/-])")
# A number its writer calls a CPR number ("mit CPR er 1234567890", "cpr-nr.: 123456 7890"), whatever its date.
_CPR_NAMED = re.compile(r"\b(?:cpr|personnummer|personnr)(?:[- ]?(?:nr|nummer))?\.?[ :]*(?:er|is|=)?[ :]*"
                        r"(\d(?:[-/. ]?\d){8,10})(?!\d)", re.IGNORECASE)
# Danish phone numbers: optional +45/0045, then eight digits, plain or in groups of two and four
# with one separator throughout.
_PHONE = re.compile(
    r"(?<!\d[.,])(?<![\d+])(?P<prefix>\(?(?:\+|00) ?45\)?[ .-]?)?(?=[1-9])"
    r"(?P<number>\d{8}"
    r"|\d{2}(?P<s1>[ .-])\d{2}(?P=s1)\d{2}(?P=s1)\d{2}"
    r"|\d{2}(?P<s2>[ .-])\d{2}(?P=s2)\d{4}"
    r"|\d{4}(?P<s3>[ .-])\d{2}(?P=s3)\d{2}"
    r"|\d{4}[ .-]\d{4})"
    r"(?![\d])(?![.,]\d)(?!\s?(?:kr\b|kroner|dkk|%|mio|mia))", re.IGNORECASE)
_PHONE_CUE = re.compile(r"(?:tlf|telefon|mobil|mob|ring\w*|sms|nummer|nr|direkte)\W{0,3}$", re.IGNORECASE)
# Other countries' numbers (an English-language survey's): +CC and 8–15 digits in groups ("+44 7700 900123",
# "+44 (0)20 7946 0958", "+1 212 555 0199"); a national number with its trunk 0 and 10–11 digits in groups
# ("07700 900123", "020 7946 0958", "0412 345 678"); North American ones ("(555) 123-4567", "555-867-5309"); a
# phone word before three groups of digits ("NHS number 943 476 5919"); and social security numbers (123-45-6789).
_PHONE_WORLD = re.compile(
    r"(?<![\w+.,])(?:\+(?!45\D)\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,6}\)?){2,5}"
    r"|0\d{2,4}[ .-]\d{3,7}(?:[ .-]\d{3,4})?"
    r"|\(\d{3}\) ?\d{3}[ .-]\d{4}"
    r"|\d{3}(?P<sep>[.-])\d{3}(?P=sep)\d{4}"
    r"|(?P<cued>\d{3} \d{3} \d{3,4}))(?![\d])(?![.,]\d)")
_WORLD_CUE = re.compile(r"(?:phone|tel|call|mobile|cell|number|no|text|ring\w*|tlf|nummer|nr)\W{0,4}(?:is\W{1,3})?$",
                        re.IGNORECASE)
_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
# A post-office box, with its postcode and town when they follow ("Postboks 123, 9000 Aalborg", walk30).
_POSTBOX = re.compile(r"\b(?:postboks|p\.? ?o\.? box|pb\.)\s?\d{1,5}(?:,? [1-9]\d{3} [^\W\d_][\w-]*(?: [A-ZÆØ]{1,2}"
                      r"(?![\w]))?)?", re.IGNORECASE)
# A handle on social media or a chat service ("@jenshansen"; an e-mail address is found before it, walk30); not a
# mention of a group ("@alle: bedre dagsorden").
_HANDLE = re.compile(r"(?<![\w.@])@[^\W\d][\w.]{4,29}(?<!\.)")
_GROUP_MENTIONS = frozenset({"@everyone", "@channel", "@teamet", "@gruppen", "@klyngen", "@kollegaer", "@kolleger"})


def _is_world_phone(text: str, match: re.Match[str]) -> bool:
    digits = sum(c.isdigit() for c in match.group())
    if match.group("cued"):
        return _WORLD_CUE.search(text[max(0, match.start() - 20):match.start()]) is not None
    if match.group().startswith("+"):
        return 8 <= digits <= 15
    if match.group().startswith("0"):
        return 10 <= digits <= 11
    return digits == 10


def _is_date(year: str, month: str, day: str) -> bool:
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return 1900 <= int(year) <= 2099


def _is_phone(text: str, match: re.Match[str]) -> bool:
    """Reject number-shaped things that are not phone numbers: year, round and time ranges, dates."""
    if match.group("prefix") or _PHONE_CUE.search(text[max(0, match.start() - 15):match.start()]):
        return True
    number = match.group("number")
    halves = re.fullmatch(r"(\d{4})([ .-])(\d{4})", number)
    if halves:
        a, sep, b = halves.groups()
        if all(1800 <= int(x) <= 2099 for x in (a, b)) or (a.endswith("00") and b.endswith("00")):
            return False  # 2023-2024, 2000-3000
        if sep == "-" and all(int(x[:2]) < 24 and int(x[2:]) < 60 for x in (a, b)):
            return False  # 1230-1530
    digits = re.sub(r"\D", "", number)
    if re.fullmatch(r"\d{8}|\d\d[ .-]\d\d[ .-]\d{4}", number) and _is_date(digits[4:], digits[2:4], digits[:2]):
        return False  # 12032024, 12.03.2024
    if re.fullmatch(r"\d{8}|\d{4}[ .-]\d\d[ .-]\d\d", number) and _is_date(digits[:4], digits[4:6], digits[6:]):
        return False  # 20240312, 2024-03-12
    return True


# --- street addresses -----------------------------------------------------------------

_STREET = re.compile(r"(?<![\w.-])(?P<street>[^\W\d_][\w'’-]*) (?P<number>[1-9]\d{0,2}(?:[A-Za-z]| [A-H])?(?![\w]))"
                     r"(?![\w]|[.,]\d|\s?(?:%|kr\b|stk|gange|timer|min))")
_BEFORE = re.compile(r"(?:(?<=\s)|^)(?P<word>(?:[^\W\d_]\.)+|[^\W\d_][\w'’-]*\.?) $")
_BEFORE_WINDOW = 40
_FLOOR = re.compile(r",? (?:st(?:uen)?\.?|\d{1,2}\.(?: ?sal\.?)?|\d{1,2}\.? ?(?:th|tv|mf)\.?)"
                    r"(?:,? (?:th|tv|mf)\.?)?(?![\w])")
_POSTCODE = re.compile(r",? [1-9]\d{3} [^\W\d_][\w-]*(?: [A-ZÆØ]{1,2}(?![\w]))?")


def _street_name(word: str, streets: StreetWords) -> str:
    """'compound' for "Nørregade", 'word' for "Boulevard", '' for anything else."""
    if not word[0].isupper():
        return ""
    lower = word.casefold()
    if any(lower.endswith(e) and len(lower) - len(e) >= 2 for e in streets.endings):
        return "compound"
    return "word" if lower in streets.words else ""


def _address_spans(text: str, streets: StreetWords) -> list[tuple[int, int]]:
    found = []
    for m in _STREET.finditer(text):
        kind = _street_name(m.group("street"), streets)
        if not kind:
            continue
        start, names = m.start(), 0
        while names < 3:  # "H.C. Andersens Boulevard", "Gl. Kongevej", "Sankt Annæ Plads"
            window = max(0, start - _BEFORE_WINDOW)
            before = _BEFORE.search(text, window, start)
            if before is None or (before.start("word") == window and window and not text[window - 1].isspace()):
                break
            word = before.group("word")
            lower = word.casefold()
            initials = re.fullmatch(r"(?:[^\W\d_]\.)+", word) is not None
            if not word[0].isupper() and lower not in streets.prefixes:
                break
            if not (lower in streets.prefixes or initials or (kind == "word" and not word.endswith("."))
                    or (lower.endswith("s") and not word.endswith("."))):
                break
            start, names = before.start("word"), names + 1
        if kind == "word" and names == 0:
            continue  # "Plads 20" alone is no address
        end = m.end()
        for tail in (_FLOOR, _POSTCODE):
            more = tail.match(text, end)
            if more:
                end = more.end()
        found.append((start, end))
    return found


def pattern_spans(text: str, streets: StreetWords) -> Occupied:
    """E-mail addresses, URLs, CPR numbers, phone numbers and street addresses in ``text``, without overlaps."""
    found = Occupied()
    add = found.add
    at = 0
    while (m := _EMAIL.search(text, at)) is not None:  # a rejected "me at j.doe" must not hide "j.doe(at)nhs.net"
        if _is_email(m):
            add(m.start(), m.end(), EMAIL)
            at = m.end()
        else:
            at = m.start() + 1
    for pattern in (_URL, _DOMAIN):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), URL)
    for m in _CPR.finditer(text):
        add(m.start(), m.end(), CPR)
    for m in _CPR_NAMED.finditer(text):
        add(m.start(1), m.end(1), CPR)
    for m in _SSN.finditer(text):
        add(m.start(), m.end(), CPR)
    for m in _PHONE_WORLD.finditer(text):  # before the Danish shape, which "020 7946 0958" ends with
        if _is_world_phone(text, m):
            add(m.start(), m.end(), TELEFON)
    for m in _PHONE.finditer(text):
        if _is_phone(text, m):
            add(m.start(), m.end(), TELEFON)
    for start, end in _address_spans(text, streets):
        add(start, end, ADRESSE)
    for m in _POSTBOX.finditer(text):
        add(m.start(), m.end(), ADRESSE)
    for m in _HANDLE.finditer(text):
        if m.group().casefold() not in _GROUP_MENTIONS:
            add(m.start(), m.end(), NAVN)
    return found
