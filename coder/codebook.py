"""The codebook: themes with descriptions, keywords and examples, loaded from YAML and validated."""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coder.codebook_yaml import DANISH_FIELDS, MISSING_EXAMPLES, odd_key, safe_yaml, yaml_problem
from coder.errors import CodebookError, os_reason
from coder.wording import shell_word

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
# Lengths far beyond any codebook's: a 60,000-character version took half a minute to print, and 2.5 MB in a
# description hung coder code's report.
NAME_MAX, TEXT_MAX, ITEM_MAX = 300, 20_000, 5_000
Item = Annotated[str, Field(pattern=r"\S", max_length=ITEM_MAX)]  # a list's item (example, note): not only spaces
# a keyword: a letter ('ø') or two ('c++' would be read as 'c')
Keyword = Annotated[str, Field(max_length=NAME_MAX, pattern=r"^\s*\w\s*$|\w.*\w")]


def label_key(label: str) -> str:
    """What makes two labels the same label: case and runs of spaces aside."""
    return " ".join(label.split()).casefold()


class Invalid(ValueError):
    """A codebook validation problem, in English and in Danish (``danish``), raised inside a pydantic validator."""

    def __init__(self, english: str, danish: str) -> None:
        super().__init__(english)
        self.danish = danish


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubCode(_Strict):
    """A finer code inside a theme."""

    id: str = Field(pattern=_ID_PATTERN, max_length=NAME_MAX)
    label: str = Field(min_length=1, max_length=NAME_MAX)
    description: str = Field("", max_length=TEXT_MAX)
    keywords: tuple[Keyword, ...] = ()
    examples: tuple[Item, ...] = ()


class Theme(_Strict):
    """One theme of the codebook."""

    id: str = Field(pattern=_ID_PATTERN, max_length=NAME_MAX)
    label: str = Field(min_length=1, max_length=NAME_MAX)
    description: str = Field(min_length=1, max_length=TEXT_MAX)
    keywords: tuple[Keyword, ...] = ()
    include: tuple[Item, ...] = ()
    exclude: tuple[Item, ...] = ()
    examples: tuple[Item, ...] = ()
    counter_examples: tuple[Item, ...] = ()
    catch_all: bool = False
    subcodes: tuple[SubCode, ...] = ()

    def prototype_texts(self) -> list[str]:
        """The texts that describe this theme for zero-shot scoring (label, description, keywords, examples)."""
        texts = [f"{self.label}. {self.description}"]
        if self.keywords:
            texts.append(", ".join(self.keywords))
        texts.extend(self.include)
        texts.extend(self.examples)
        for sub in self.subcodes:
            texts.append(f"{sub.label}. {sub.description}".strip(". "))
            texts.extend(sub.examples)
        return texts


LANGUAGE_CODE = r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?"  # da, en, da-DK


class Codebook(_Strict):
    """A named, versioned set of themes; at most one is the catch-all."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    version: str = Field(min_length=1, max_length=NAME_MAX)
    language: str = "da"
    description: str = Field("", max_length=TEXT_MAX)
    questions: dict[str, str] = {}  # the survey's wording of each open-ended question, by its column (headings)
    themes: tuple[Theme, ...] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value

    @field_validator("language")
    @classmethod
    def _language_code(cls, value: str) -> str:
        """A language code ('da', 'en', 'da-DK'): 'klingon' switched every text to English without a word."""
        if not re.fullmatch(LANGUAGE_CODE, value.strip()):
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise Invalid(f"language: '{shown}' is not a language code; write da (Danish) or en (English)",
                          f"language: '{shown}' er ikke en sprogkode; skriv da (dansk) eller en (engelsk)")
        return value.strip()

    @model_validator(mode="after")
    def _check_ids(self, info: ValidationInfo) -> "Codebook":
        seen: set[str] = set()
        for i, theme in enumerate(self.themes):
            if theme.id in seen:
                raise Invalid(f"themes[{i}].id: duplicate theme id '{theme.id}'",
                              f"themes[{i}].id: tema-id'et '{theme.id}' er allerede brugt")
            seen.add(theme.id)
        labels: dict[str, int] = {}
        # a report row, chart bar and review key name a theme by its label; a project's stored run may have been
        # coded before labels were checked, and is read as it is
        stored = bool(info.context and info.context.get("stored"))
        for i, theme in enumerate(() if stored else self.themes):
            first = labels.setdefault(label_key(theme.label), i)
            if first != i:
                raise Invalid(f"themes[{i}].label: '{theme.label}' is also the label of themes[{first}] "
                              f"({self.themes[first].id}); give each theme its own label",
                              f"themes[{i}].label: '{theme.label}' er også etiketten for themes[{first}] "
                              f"({self.themes[first].id}); giv hvert tema sin egen etiket")
        for i, theme in enumerate(self.themes):  # a subcode's id names a code too (REFI-QDA exports, reports)
            for j, sub in enumerate(theme.subcodes):
                if sub.id in seen:
                    raise Invalid(f"themes[{i}].subcodes[{j}].id: '{sub.id}' is already the id of a theme or "
                                  "subcode; give it an id of its own",
                                  f"themes[{i}].subcodes[{j}].id: '{sub.id}' er allerede id for et tema eller en "
                                  "underkode; giv den sit eget id")
                seen.add(sub.id)
        catch_alls = [t.id for t in self.themes if t.catch_all]
        if len(catch_alls) > 1:
            raise Invalid(f"themes: only one theme may have catch_all: true, found {', '.join(catch_alls)}",
                          f"themes: kun ét tema må have catch_all: true, men det har {', '.join(catch_alls)}")
        return self

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @property
    def catch_all(self) -> Theme | None:
        return next((t for t in self.themes if t.catch_all), None)

    @property
    def substantive(self) -> list[Theme]:
        """The themes that are not the catch-all."""
        return [t for t in self.themes if not t.catch_all]

    def theme(self, theme_id: str) -> Theme:
        return {t.id: t for t in self.themes}[theme_id]  # KeyError for an unknown id

    def label(self, theme_id: str) -> str:
        return self.theme(theme_id).label

    def fingerprint(self) -> str:
        """A short hash of the validated content, so runs can tell codebook versions apart."""
        # a codebook without question wordings hashes as before the field existed (its projects stay current)
        return hashlib.sha256(self.model_dump_json(exclude=set() if self.questions else {"questions"}).encode()
                              ).hexdigest()[:12]


def _location(loc: tuple[object, ...]) -> str:
    out = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).removeprefix(".")
    return out or "codebook"


def parse_codebook(data: object, source: str = "codebook") -> Codebook:
    """Validate already-parsed YAML data; errors name the field, e.g. ``themes[3].label``."""
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: expected a mapping with name, version and themes at the top level",
                            danish=f"{source}: øverst forventes felterne name, version og themes (én 'navn: værdi' "
                                   "pr. linje)")
    odd = odd_key(data)
    if odd is not None:
        where, found = odd
        raise CodebookError(f"{source}: {where}{found!r} is not a field name (YAML reads yes, no, on and off as "
                            "true/false, and digits as a number); put it in quotes or remove it",
                            danish=f"{source}: {where}{found!r} er ikke et feltnavn (YAML læser yes, no, on og off "
                                   "som sand/falsk og cifre som et tal); sæt det i anførselstegn, eller fjern det")
    try:
        return Codebook.model_validate(data)
    except ValidationError as err:
        errors = err.errors()  # "themes: at least 1 item" only follows from a theme's own error: not one more
        inner = any(e["loc"][:1] == ("themes",) and len(e["loc"]) > 1 for e in errors)
        errors = [e for e in errors if not (inner and e["type"] == "too_short" and tuple(e["loc"]) == ("themes",))]
        themes = data.get("themes") if isinstance(data.get("themes"), list) else []
        ids = [t.get("id") if isinstance(t, dict) and isinstance(t.get("id"), str) else None for t in themes]
        problems = tuple(_said(e, ids) for e in errors)
        (first, first_da), n = problems[0], len(problems) - 1
        more, more_da = ((f" (and {n} more: coder codebook check {source} lists them all)",
                          f" (og {n} fejl mere: coder codebook check {source} viser dem alle)") if n else ("", ""))
        raise CodebookError(f"{source}: {first}{more}", danish=f"{source}: {first_da}{more_da}",
                            problems=problems if n else ()) from None


def _said(error: dict, ids: list[str | None]) -> tuple[str, str]:
    """One validation error as 'where: what is wrong', in English and Danish (a validator's own words as they are);
    a theme is named by its id too, "themes[3].description: … (temaet 'kollegialt')" (walk36 counted to the fourth)."""
    invalid = error.get("ctx", {}).get("error")
    if isinstance(invalid, Invalid):
        return str(invalid), invalid.danish
    loc = tuple(error["loc"])
    where = _location(loc)
    msg, msg_da = _problem(error, where)
    if len(loc) > 2 and loc[0] == "themes" and isinstance(loc[1], int) and loc[1] < len(ids) and ids[loc[1]] and \
            loc[2] != "id":
        msg, msg_da = f"{msg} (the theme '{ids[loc[1]]}')", f"{msg_da} (temaet '{ids[loc[1]]}')"
    return f"{where}: {msg}", f"{where}: {msg_da}"


def _problem(error: dict, where: str) -> tuple[str, str]:
    """What is wrong with one field, in English and Danish (pydantic's own words for the rare kinds)."""
    kind = error["type"]
    if kind == "missing":
        example = MISSING_EXAMPLES.get(str(error["loc"][-1]) if error["loc"] else "")
        if example is None:
            return "field required", "feltet mangler"
        return (f"field required; add a line such as '{example[0]}'",
                f"feltet mangler; tilføj en linje som '{example[1]}'")
    if kind == "extra_forbidden":
        model = (SubCode if "subcodes" in error["loc"] else Theme if "themes" in error["loc"] else Codebook)
        allowed = list(model.model_fields)
        given = str(error["loc"][-1])  # a field named in Danish ("beskrivelse") is the one meant (walk36)
        close = difflib.get_close_matches(DANISH_FIELDS.get(given.casefold(), given), allowed, n=1)
        hint, hint_da = (f"did you mean '{close[0]}'? ", f"mente du '{close[0]}'? ") if close else ("", "")
        return (f"unknown field ({hint}allowed: {', '.join(allowed)})",
                f"ukendt felt ({hint_da}tilladt: {', '.join(allowed)})")
    if kind == "string_pattern_mismatch" and where.endswith("id"):
        value = str(error.get("input"))
        ascii_id = re.sub(r"[^a-z0-9_]+", "_", value.casefold().translate(_DANISH)).strip("_")
        ascii_id = ascii_id if re.match(_ID_PATTERN, ascii_id) else "fagligt_indhold"
        return ((f"'{value}' is not an id; ids are lower-case letters a–z, digits and _ and start with a letter, "
                 f"e.g. '{ascii_id}'"),
                (f"'{value}' er ikke et id; et id består af små bogstaver a–z (æ, ø og å skrives ae, oe og aa), "
                 f"cifre og _ og begynder med et bogstav, fx '{ascii_id}'"))
    if kind == "string_pattern_mismatch" and ".keywords[" in where and str(error.get("input", "")).strip():
        kw = error["input"]  # matched at the start of words: 'c++' would be 'c', every word beginning with c
        return (f"'{kw}': a keyword needs two letters or digits, or is one ('c++' would match every word with c first)",
                f"'{kw}': et nøgleord skal have to bogstaver/cifre eller være ét ('c++' ville ramme ord med c først)")
    if kind == "string_pattern_mismatch":
        return "empty; write something or remove the item", "tom; skriv noget, eller fjern punktet"
    if kind in ("tuple_type", "list_type"):
        return ("give a list, e.g. [oplæg, foredrag], or one item per line starting with '- '",
                "angiv en liste, fx [oplæg, foredrag], eller ét punkt pr. linje, der begynder med '- '")
    if kind == "too_short":
        return "give at least one item", "angiv mindst ét punkt"
    if kind == "string_type" and isinstance(error.get("input"), (bool, datetime.date)):
        value, field = error["input"], str(error["loc"][-1]) if error["loc"] else "id"
        if isinstance(value, bool):  # written yes, no, on, off, true or false: which one, YAML no longer says
            return (f"YAML reads this value (yes, no, on, off …) as true/false; put it in quotes as you wrote it, "
                    f"e.g. {field}: 'on'",
                    f"YAML læser værdien (yes, no, on, off …) som sand/falsk; sæt den i anførselstegn, som du skrev "
                    f"den, fx {field}: 'on'")
        return (f"YAML reads this value as a date; put it in quotes, e.g. {field}: '{value}'",
                f"YAML læser værdien som en dato; sæt den i anførselstegn, fx {field}: '{value}'")
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return (f"too long ({len(str(error.get('input', '')))} characters, at most {limit}); shorten it",
                f"for lang ({len(str(error.get('input', '')))} tegn, højst {limit}); gør den kortere")
    if kind == "string_unicode":
        return ("holds a character that is not text (a lone surrogate such as \\ud800); remove it",
                "indeholder et tegn, der ikke er tekst (et enligt surrogat som \\ud800); fjern det")
    if kind == "string_type" and isinstance(error.get("input"), dict) and len(error["input"]) == 1:
        (k, v), = error["input"].items()  # '- Navngivne emner: osteoporose' is a pair to YAML (walk36)
        return (f"YAML reads '{k}: {v}' as 'field: value' because of the ': '; put the text in quotes",
                f"YAML læser '{k}: {v}' som 'felt: værdi' på grund af ': '; sæt teksten i anførselstegn")
    if kind in ("string_type", "string_too_short"):
        return "give a text", "angiv en tekst"
    if kind in ("bool_type", "bool_parsing"):
        return "give true or false", "angiv true eller false"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return ("give its fields, one 'name: value' per line (see codebooks/klynger.yaml)",
                "angiv dens felter, ét 'navn: værdi' pr. linje (se codebooks/klynger.yaml)")
    return error["msg"], f"ugyldig værdi ({error['msg']})"


MAX_PEEK = 2_000_000  # bytes of a file read for its language; a codebook is far smaller
_LANGUAGE_LINE = re.compile(r"^language:[ \t]*[\"']?([A-Za-z_-]+)", re.MULTILINE)


def codebook_language(path: Path) -> str | None:
    """The ``language`` a codebook file names at its top level, read leniently (None when there is none to read).

    For speaking to its reader even when the codebook fails: any YAML mapping that parses will do, and a file
    that does not parse (or is too large to be a codebook) is searched for a ``language:`` line.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(MAX_PEEK + 1)
    except OSError:
        return None
    text = head[:MAX_PEEK].decode("utf-8", errors="replace")
    if len(head) <= MAX_PEEK:
        try:
            data = safe_yaml(text)
        except (yaml.YAMLError, CodebookError, RecursionError, ValueError):
            data = None
        if isinstance(data, dict):
            language = data.get("language")
            return language if isinstance(language, str) else None
    found = _LANGUAGE_LINE.search(text)
    return found.group(1) if found else None


_OPENS_QUOTE = re.compile(r'^\s*(-\s+)?([^\s:"#][^:"]*:\s+)?"')  # a value (or list item) that starts with "


def _unclosed_quote(path: Path, before: int | None) -> int | None:
    """The last line (1-based) up to line ``before`` (0-based) that opens a double-quoted value it does not close:
    YAML reads on to the next quote and names the line where it gave up, often far below the mistake."""
    if before is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:before + 1]
    except OSError:
        return None
    for n in range(len(lines) - 1, -1, -1):
        line = lines[n].split(" #")[0].replace('\\"', "")
        if _OPENS_QUOTE.match(line) and line.count('"') % 2 == 1:
            return n + 1
    return None


def load_codebook(path: Path | str) -> Codebook:
    """Read and validate a codebook YAML file."""
    path = Path(path)
    try:
        if not path.exists():
            raise CodebookError(f"{path}: codebook not found; pass --codebook with the path to a YAML codebook",
                                danish=f"{path}: kodebogen findes ikke; angiv --codebook med stien til en kodebog i "
                                       "YAML")
        if path.is_dir():
            raise CodebookError(f"{path}: is a directory; pass --codebook with the path to a YAML codebook file",
                                danish=f"{path}: er en mappe; angiv --codebook med stien til en kodebogsfil i YAML")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CodebookError(f"{path}: not UTF-8 text; save the codebook as UTF-8",
                            danish=f"{path}: ikke UTF-8-tekst; gem kodebogen som UTF-8") from None
    except OSError as err:
        raise CodebookError(f"{path}: cannot read the codebook ({os_reason(err)}); check the path and that you may "
                            "read it",
                            danish=f"{path}: kodebogen kan ikke læses ({os_reason(err, True)}); tjek stien, og at du "
                                   "har adgang til at læse den") from None
    if "\x00" in text:  # binary data: YAML's own message named nothing
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CodebookError(f"{path}: line {line} holds a NUL character (binary data); save the codebook again as "
                            "plain UTF-8 text",
                            danish=f"{path}: linje {line} indeholder et NUL-tegn (binære data); gem kodebogen igen som "
                                   "almindelig UTF-8-tekst")
    if text.lstrip("\ufeff \t\r\n").startswith("<"):  # XML: a REFI-QDA codebook from NVivo, ATLAS.ti, MAXQDA
        yaml_path = path.with_suffix(".yaml")  # a .qdc named .yaml: not onto itself, which import refuses (walk36)
        yaml_path = yaml_path if yaml_path != path else path.with_name(f"{path.stem}-import.yaml")
        command = f"coder codebook import {shell_word(str(path))} --out {shell_word(str(yaml_path))}"
        raise CodebookError(f"{path}: is XML (a REFI-QDA .qdc?), not a YAML codebook; convert it with: {command}",
                            danish=f"{path}: er XML (en REFI-QDA .qdc?), ikke en kodebog i YAML; konvertér den med: "
                                   f"{command}")
    try:
        data = safe_yaml(text)
    except CodebookError as err:
        raise CodebookError(f"{path}: {err}; write the codebook as plain YAML like codebooks/klynger.yaml",
                            danish=f"{path}: {err.danish}; skriv kodebogen som almindelig YAML som i "
                                   "codebooks/klynger.yaml") from None
    except RecursionError:
        raise CodebookError(f"{path}: nested too deeply; write the codebook as plain YAML like "
                            "codebooks/klynger.yaml",
                            danish=f"{path}: indlejret for dybt; skriv kodebogen som almindelig YAML som i "
                                   "codebooks/klynger.yaml") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where, where_da = (f" line {mark.line + 1}", f" linje {mark.line + 1}") if mark is not None else ("", "")
        problem = getattr(err, "problem", None)
        quote = _unclosed_quote(path, mark.line if mark is not None else None)
        hint, hint_da = ((f" (an unclosed quote on line {quote}?)", f" (et citationstegn uden slut på linje {quote}?)")
                         if quote is not None else ("", ""))
        at, at_da = (f"{path}:{where}", f"{path}:{where_da}") if where else (str(path), str(path))
        plain = yaml_problem(problem)  # a tab, a ': ' in a text, an indentation, in words (walk36)
        problem, problem_da = plain if plain is not None and not quote else (problem, problem)
        raise CodebookError(f"{at}: {problem or 'invalid YAML'}{hint}; fix the YAML syntax",
                            danish=f"{at_da}: ugyldig YAML" + (f" ({problem_da})" if problem_da else "")
                                   + f"{hint_da}; ret YAML-syntaksen") from None
    return parse_codebook(data, str(path))
