"""REFI-QDA codebooks (``.qdc``, ``urn:QDA-XML:codebook:1.0``): the codebook out to NVivo, ATLAS.ti or MAXQDA, and back.

Each theme becomes a ``Code`` (guid, name = label, ``isCodable``) with its subcodes nested inside.
The ``Description`` of a code holds the theme's description as plain text, then a block
``--- coder ---`` in YAML with the id, keywords, include/exclude notes and examples, so a round
trip restores the codebook exactly while the QDA tools show readable text. The codebook's own
name, version, language, description and question wordings travel in a ``Set`` of all top-level
codes. GUIDs are uuid5 of the codebook name and theme id, so exporting the same codebook twice gives the
same file.
A ``.qdc`` written by another tool imports too: code names become labels and ids.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import yaml

from coder.codebook import Codebook, parse_codebook
from coder.codebook_yaml import safe_yaml, yaml_text
from coder.errors import CodebookError, os_reason
from coder.text import slug

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
MARKER = "--- coder ---"
_GUID_NAMESPACE = uuid.UUID("6f1c4a52-3f7e-5b8e-9a0d-2c7e4b1d9f30")
_COLOURS = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
            "#BCBD22", "#17BECF")
_THEME_EXTRAS = ("keywords", "include", "exclude", "examples", "counter_examples")
_SUB_EXTRAS = ("keywords", "examples")


def guid(*parts: str) -> str:
    """A stable GUID (upper case, as the QDA tools write them) for the joined parts."""
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join(parts))).upper()


def code_guid(codebook: Codebook, theme_id: str, sub_id: str | None = None) -> str:
    """The GUID of a theme (or of one of its subcodes) of this codebook."""
    return guid("code", codebook.name, theme_id, *((sub_id,) if sub_id else ()))


def _description(text: str, meta: dict[str, object]) -> str:
    block = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")
    return f"{text}\n\n{MARKER}\n{block}\n"


def _split_description(text: str, name: str = "") -> tuple[str, dict]:
    """The free text and the coder metadata of a Description (empty metadata when there is none).

    A ``--- coder ---`` block that is no YAML mapping is refused in one line naming the code (``name``): read as
    plain text, the theme lost its id, keywords, notes and examples without a word."""
    head, sep, tail = text.rpartition(f"\n\n{MARKER}\n")
    if not sep:
        if text.startswith(f"{MARKER}\n"):
            head, tail = "", text[len(MARKER) + 1:]
        else:
            return text.strip(), {}
    try:
        meta = safe_yaml(tail)
    except (yaml.YAMLError, CodebookError, RecursionError) as err:
        reason = " ".join(str(err).split())[:160]
        raise CodebookError(f"code '{name}': its '{MARKER}' block is not valid YAML ({reason}); export the codebook "
                            "from coder again, or remove the block to import the code as plain text",
                            danish=f"koden '{name}': dens '{MARKER}'-blok er ikke gyldig YAML ({reason}); eksportér "
                                   "kodebogen fra coder igen, eller fjern blokken for at importere koden som ren "
                                   "tekst") from None
    if not isinstance(meta, dict):
        raise CodebookError(f"code '{name}': its '{MARKER}' block holds no fields; export the codebook from coder "
                            "again, or remove the block",
                            danish=f"koden '{name}': dens '{MARKER}'-blok har ingen felter; eksportér kodebogen fra "
                                   "coder igen, eller fjern blokken")
    return head, meta


def sub_element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append a child element (with optional text) and return it."""
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def code_elements(parent: ET.Element, codebook: Codebook) -> list[str]:
    """Append ``Codes`` (one ``Code`` per theme, subcodes nested) to ``parent``; return the theme GUIDs."""
    codes = sub_element(parent, "Codes")
    guids = []
    for i, theme in enumerate(codebook.themes):
        g = code_guid(codebook, theme.id)
        guids.append(g)
        el = sub_element(codes, "Code", guid=g, name=theme.label, isCodable="true", color=_COLOURS[i % len(_COLOURS)])
        meta: dict[str, object] = {"id": theme.id}
        if theme.catch_all:
            meta["catch_all"] = True
        meta.update({k: list(getattr(theme, k)) for k in _THEME_EXTRAS if getattr(theme, k)})
        sub_element(el, "Description", _description(theme.description, meta))
        for sub in theme.subcodes:
            sub_el = sub_element(el, "Code", guid=code_guid(codebook, theme.id, sub.id), name=sub.label,
                                  isCodable="true")
            sub_meta: dict[str, object] = {"id": sub.id}
            sub_meta.update({k: list(getattr(sub, k)) for k in _SUB_EXTRAS if getattr(sub, k)})
            sub_element(sub_el, "Description", _description(sub.description, sub_meta))
    return guids


# Characters XML 1.0 forbids: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` with every character XML 1.0 forbids replaced: controls by a space ("Almen\\x0bpraksis"
    from an Excel cell becomes "Almen praksis"), the others by U+FFFD."""
    return _NOT_XML.sub(lambda m: " " if m.group() < "\x20" else "\ufffd", value)


def xml_datetime(value: str) -> str:
    """An ISO timestamp in UTC written with ``Z`` ("2025-05-01T10:00:00Z"), as QDA importers expect."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def xml_bytes(root: ET.Element) -> bytes:
    """Indented UTF-8 XML with a declaration; characters XML 1.0 forbids are replaced everywhere."""
    for el in root.iter():
        el.text = xml_text(el.text) if el.text else el.text
        el.tail = xml_text(el.tail) if el.tail else el.tail
        for key, value in el.attrib.items():
            el.attrib[key] = xml_text(value)
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def codebook_qdc(codebook: Codebook, origin: str = "coder") -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document (UTF-8 XML)."""
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": origin})
    guids = code_elements(root, codebook)
    codebook_set(sub_element(root, "Sets"), codebook, guids)
    return xml_bytes(root)


def codebook_set(sets: ET.Element, codebook: Codebook, guids: list[str]) -> None:
    """The ``Set`` of all top-level codes that carries the codebook's name, version, language, description and
    question wordings (a ``.qdc``'s, and a ``.qdpx`` project's, so that its codebook comes back whole: walk36)."""
    book = sub_element(sets, "Set", guid=guid("codebook", codebook.name), name=codebook.name)
    meta: dict[str, object] = {"version": codebook.version, "language": codebook.language}
    if codebook.questions:
        meta["questions"] = dict(codebook.questions)
    sub_element(book, "Description", _description(codebook.description, meta))
    for g in guids:
        sub_element(book, "MemberCode", guid=g)


# --- import -------------------------------------------------------------------------

def _slug(name: str, taken: set[str]) -> str:
    base = slug(name, "_", "kode")
    if not base[0].isalpha():
        base = f"kode_{base}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    taken.add(ident)
    return ident


def _children(el: ET.Element, tag: str, ns: str) -> list[ET.Element]:
    return el.findall(f"{{{ns}}}{tag}")


def _text_of(el: ET.Element, ns: str) -> str:
    d = el.find(f"{{{ns}}}Description")
    return d.text or "" if d is not None else ""


def _descendants(code: ET.Element, ns: str) -> list[ET.Element]:
    out = []
    for child in _children(code, "Code", ns):
        out.append(child)
        out.extend(_descendants(child, ns))
    return out


def _theme(code: ET.Element, ns: str, taken: set[str]) -> dict:
    name = code.get("name") or "Kode"
    text, meta = _split_description(_text_of(code, ns), name)
    theme: dict[str, object] = {"id": meta.get("id") or _slug(name, taken), "label": name,
                                "description": text or name}
    taken.add(str(theme["id"]))
    if meta.get("catch_all"):
        theme["catch_all"] = True
    theme.update({k: meta[k] for k in _THEME_EXTRAS if meta.get(k)})
    sub_taken: set[str] = set()
    subs = []
    for sub in _descendants(code, ns):  # deeper levels are flattened into the theme's subcodes
        sub_name = sub.get("name") or "Kode"
        sub_text, sub_meta = _split_description(_text_of(sub, ns), sub_name)
        sub_id = sub_meta.get("id") or _slug(sub_name, sub_taken)
        sub_taken.add(str(sub_id))
        entry: dict[str, object] = {"id": sub_id, "label": sub_name, "description": sub_text}
        entry.update({k: sub_meta[k] for k in _SUB_EXTRAS if sub_meta.get(k)})
        subs.append(entry)
    if subs:
        theme["subcodes"] = subs
    return theme


def parse_qdc(data: bytes, source: str = "codebook.qdc") -> Codebook:
    """Read a REFI-QDA codebook (or the CodeBook of a ``.qde`` project) into a validated Codebook."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise CodebookError(f"{source}: not a REFI-QDA codebook (XML error: {err})",
                            danish=f"{source}: ikke en REFI-QDA-kodebog (XML-fejl: {err})") from None
    ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    sets_in = root  # a project's Sets are its own, beside its CodeBook
    if root.tag == f"{{{PROJECT_NS}}}Project":
        book = root.find(f"{{{PROJECT_NS}}}CodeBook")
        if book is None:
            raise CodebookError(f"{source}: the project has no CodeBook",
                                danish=f"{source}: projektet har ingen CodeBook")
        root, ns = book, PROJECT_NS
    elif root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise CodebookError(f"{source}: not a REFI-QDA codebook; expected <CodeBook xmlns=\"{CODEBOOK_NS}\">, "
                            f"found <{root.tag}>",
                            danish=f"{source}: ikke en REFI-QDA-kodebog; forventede <CodeBook "
                                   f"xmlns=\"{CODEBOOK_NS}\">, fandt <{root.tag}>")
    codes = root.find(f"{{{ns}}}Codes")
    if codes is None or not _children(codes, "Code", ns):
        raise CodebookError(f"{source}: the codebook has no codes", danish=f"{source}: kodebogen har ingen koder")
    taken: set[str] = set()
    try:
        themes = [_theme(code, ns, taken) for code in _children(codes, "Code", ns)]
    except RecursionError:
        raise CodebookError(f"{source}: codes nested too deeply to read; export the codebook again",
                            danish=f"{source}: koderne er indlejret for dybt til at kunne læses; eksportér kodebogen "
                                   "igen") from None
    data_out: dict[str, object] = {"name": Path(source).stem, "version": "1"}
    for s in sets_in.iter(f"{{{ns}}}Set"):
        text, meta = _split_description(_text_of(s, ns), s.get("name") or "")
        if "version" in meta:
            data_out.update(name=s.get("name") or data_out["name"], version=str(meta["version"]),
                            language=meta.get("language", "da"), description=text)
            if meta.get("questions"):
                data_out["questions"] = meta["questions"]
            break
    data_out["themes"] = themes
    return parse_codebook(data_out, source)


def read_qdc(path: Path) -> Codebook:
    """Read a ``.qdc`` file, or the codebook of a ``.qdpx`` project (zipped, or its unzipped ``project.qde``)."""
    if not path.is_file():
        raise CodebookError(f"{path}: file not found; give the path to a .qdc codebook",
                            danish=f"{path}: filen findes ikke; angiv stien til en .qdc-kodebog")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CodebookError(f"{path}: cannot read the file ({os_reason(err)}); check that you may read it",
                            danish=f"{path}: filen kan ikke læses ({os_reason(err, True)}); tjek, at du har adgang "
                                   "til at læse den") from None
    if data.startswith(b"PK\x03\x04"):  # a zipped .qdpx project: its codebook is in project.qde
        data = _project_qde(data, path)
    return parse_qdc(data, str(path))


def _project_qde(data: bytes, path: Path) -> bytes:
    """``project.qde`` of a zipped ``.qdpx``."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.read("project.qde")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as err:
        raise CodebookError(f"{path}: a zip file without a readable project.qde ({err}); give a .qdc codebook or a "
                            ".qdpx project",
                            danish=f"{path}: en zip-fil uden en læsbar project.qde ({err}); angiv en .qdc-kodebog "
                                   "eller et .qdpx-projekt") from None


def codebook_yaml(codebook: Codebook) -> str:
    """The codebook as YAML in the layout of ``codebooks/*.yaml``."""
    data = codebook.model_dump(mode="json", exclude_defaults=True)
    full = codebook.model_dump(mode="json")
    # the language decides what language the reports speak: written out even where it is the default
    data = {key: data[key] if key in data else full[key] for key in full if key in data or key == "language"}
    return yaml_text(data)
