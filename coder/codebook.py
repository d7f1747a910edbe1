"""The codebook: themes with descriptions, keywords and examples, loaded from YAML and validated."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from coder.errors import CodebookError

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubCode(_Strict):
    """A finer code inside a theme."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class Theme(_Strict):
    """One theme of the codebook."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    keywords: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
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


class Codebook(_Strict):
    """A named, versioned set of themes; at most one is the catch-all."""

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    language: str = "da"
    description: str = ""
    themes: tuple[Theme, ...] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value

    @model_validator(mode="after")
    def _check_ids(self) -> "Codebook":
        seen: set[str] = set()
        for i, theme in enumerate(self.themes):
            if theme.id in seen:
                raise ValueError(f"themes[{i}].id: duplicate theme id '{theme.id}'")
            seen.add(theme.id)
        catch_alls = [t.id for t in self.themes if t.catch_all]
        if len(catch_alls) > 1:
            raise ValueError(f"themes: only one theme may have catch_all: true, found {', '.join(catch_alls)}")
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
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def label(self, theme_id: str) -> str:
        return self.theme(theme_id).label

    def fingerprint(self) -> str:
        """A short hash of the validated content, so runs can tell codebook versions apart."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]


def _location(loc: tuple[object, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "codebook"


def parse_codebook(data: object, source: str = "codebook") -> Codebook:
    """Validate already-parsed YAML data; errors name the field, e.g. ``themes[3].label``."""
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: expected a mapping with name, version and themes at the top level")
    try:
        return Codebook.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = _location(tuple(first["loc"]))
        msg = first["msg"]
        if first["type"] == "missing":
            msg = "field required"
        elif first["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling; allowed fields are in codebooks/klynger.yaml)"
        elif msg.startswith("Value error, "):
            raise CodebookError(f"{source}: {msg.removeprefix('Value error, ')}") from None
        more = f" (and {len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
        raise CodebookError(f"{source}: {where}: {msg}{more}") from None


def load_codebook(path: Path | str) -> Codebook:
    """Read and validate a codebook YAML file."""
    path = Path(path)
    if not path.exists():
        raise CodebookError(f"{path}: codebook not found; pass --codebook with the path to a YAML codebook")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CodebookError(f"{path}: not UTF-8 text; save the codebook as UTF-8") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise CodebookError(f"{path}:{where}: {problem}; fix the YAML syntax") from None
    return parse_codebook(data, str(path))
