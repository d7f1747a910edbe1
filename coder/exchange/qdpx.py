"""REFI-QDA projects (``.qdpx``): a coded project out to NVivo, ATLAS.ti or MAXQDA.

The ``.qdpx`` is a zip holding ``project.qde`` (``urn:QDA-XML:project:1.0``) and one UTF-8 text
file per comment in ``sources/``, referred to as ``internal://<GUID>.txt`` (the standard keeps
source documents as files beside the project XML). In the XML:

- ``Users``: the model (one user) and every reviewer in the decision log;
- ``CodeBook``: the run's codebook, as in the ``.qdc`` export (same GUIDs);
- ``Variables``: the respondent attribute columns (``Text``, ``Integer`` or ``Float``), plus
  ``question``, ``status`` and ``label_source`` (whose label is in force, as in assignments.csv) for the
  comments, each prefixed ``coder_`` until its name is not an input column's;
- ``Cases``: one per respondent, with a ``VariableValue`` per attribute and a ``SourceRef`` per comment;
- ``Sources``: one ``TextSource`` per non-empty comment, text redacted; the model's themes and each
  reviewer's current themes are each a ``PlainTextSelection`` over the whole text with one
  ``Coding``/``CodeRef`` per theme, ``creatingUser`` the model or the reviewer, so per-reviewer
  codings can be compared in those tools; an adjudicator's label that settled a dispute is theirs there
  (its ``Description`` says "afgjort"), so the label in force is in the file. A selection's
  ``Description`` says the primary theme and the model's confidence or the reviewer's note, redacted
  like the texts, in the reader's language (the codebook's unless ``locale``).

GUIDs are uuid5 of stable names, timestamps come from the store, and the zip entries have fixed
dates: the same project exports to the same bytes. The GUIDs of cases, sources, selections and codings
include the project's first run (when it started, and its input's digest), so two waves with the same
respondent ids do not collide when merged in a QDA tool; codes, users and variables keep theirs across
projects, since they are the same things. Source names that only differ in characters a file name cannot
hold ("A/1", "A 1") get " (2)". Selections run from 0 to the text's length in Unicode code points.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from coder.codebook import Codebook
from coder.exchange.qdc import (
    PROJECT_NS,
    code_elements,
    code_guid,
    codebook_set,
    guid,
    sub_element,
    xml_bytes,
    xml_datetime,
)
from coder.files import refuse_onto, write_atomic
from coder.report.build import LOCALE_KEY
from coder.store import NOT_ANSWER, Row, Store
from coder.text import NON_ANSWER, redact
from coder.wording import Wording, wording_for

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')  # Windows refuses these in file names
_NAME_LENGTH = 120
_INTEGER = re.compile(r"[+-]?\d{1,15}")
_FLOAT = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_LEADING_ZERO = re.compile(r"[+-]?0\d")  # a postcode or code ("0800"), not a number
_THOUSANDS = re.compile(r"[+-]?\d{1,3}\.\d{3}")  # "1.234": a thousand and more in Danish, a decimal in English


@dataclass(frozen=True)
class QdpxResult:
    """What ``export_qdpx`` wrote."""

    path: Path
    sources: int
    skipped_empty: int
    cases: int
    users: int
    codings: int
    language: str = "en"  # the language its reader reads: the project's locale, else its codebook's
    attributes: tuple[str, ...] = ()  # the background columns written as case variables, unredacted


def _coder_version() -> str:
    try:
        return version("coder")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "dev"


def source_name(respondent: str, question: str) -> str:
    """A source's name that importers can also use as a file name: no ``? / : *`` …, no trailing dot, not too long."""
    name = _NOT_IN_FILE_NAMES.sub(" ", f"{respondent} · {question}")
    name = " ".join(name.split())[:_NAME_LENGTH].rstrip(" .")
    return name or "kommentar"


def unique_names(names: list[str]) -> list[str]:
    """The names with a repeat made unique by " (2)", " (3)" …: "A/1" and "A 1" both give "A 1 · q" as a file name."""
    seen: set[str] = set(names)
    used: set[str] = set()
    out = []
    for name in names:
        if name in used:
            n = 2
            while f"{name} ({n})" in seen or f"{name} ({n})" in used:
                n += 1
            name = f"{name} ({n})"
        used.add(name)
        out.append(name)
    return out


def _variable_type(values: list[str]) -> str:
    """``Integer`` or ``Float`` when every value is one, read one way; else ``Text``: a code with a leading zero
    ("0800") would lose it, and "1.234" reads as a thousand in Danish and a decimal in English."""
    present = [v.strip() for v in values if v.strip()]
    if not present or any(_LEADING_ZERO.match(v) for v in present):
        return "Text"
    if all(_INTEGER.fullmatch(v) for v in present):
        return "Integer"
    if all(_FLOAT.fullmatch(v) for v in present) and not any(_THOUSANDS.fullmatch(v) for v in present):
        return "Float"
    return "Text"


def _value(parent: ET.Element, variable_guid: str, kind: str, value: str) -> None:
    el = sub_element(parent, "VariableValue")
    sub_element(el, "VariableRef", targetGUID=variable_guid)
    tag = {"Integer": "IntegerValue", "Float": "FloatValue"}.get(kind, "TextValue")
    sub_element(el, tag, value.strip().replace(",", ".") if kind == "Float" else value)


def _selection(source: ET.Element, codebook: Codebook, scope: str, cid: str, who: str, user: str, when: str,
               length: int, themes: tuple[str, ...], note: str) -> int:
    shown = NON_ANSWER if themes[0] == NOT_ANSWER else themes[0]  # the status word, like the id of a theme
    sel = sub_element(source, "PlainTextSelection", guid=guid("selection", scope, cid, who), name=f"{who}: {shown}",
                       startPosition="0", endPosition=str(length), creatingUser=user, creationDateTime=when)
    sub_element(sel, "Description", note)
    known = set(codebook.ids)
    n = 0
    for theme in themes:
        if theme not in known:
            continue
        coding = sub_element(sel, "Coding", guid=guid("coding", scope, cid, who, theme), creatingUser=user,
                              creationDateTime=when)
        sub_element(coding, "CodeRef", targetGUID=code_guid(codebook, theme))
        n += 1
    return n


Label = tuple[tuple[str, ...], str, str, bool]  # themes, decided_at, note, settles a dispute


def _reviewer_labels(store: Store, rows: list[Row]) -> dict[str, dict[str, Label]]:
    """reviewer → comment_id → (themes, decided_at, note, settled): each reviewer's own label in force, and an
    adjudicator's settling label where they gave one (it is the label in force, and stands for their own opinion
    there); repeats follow their first answer."""
    labels: dict[str, dict[str, Label]] = {r: {} for r in sorted({d.reviewer for d in store.decisions()})}
    for cid, state in sorted(store.label_states().items()):
        for reviewer, d in state.opinions.items():
            labels.setdefault(reviewer, {})[cid] = (d.themes_after, xml_datetime(d.decided_at), d.note, False)
        if state.adjudication is not None:
            d = state.adjudication
            labels.setdefault(d.reviewer, {})[cid] = (d.themes_after, xml_datetime(d.decided_at), d.note, True)
    first = {(r.respondent, r.question): r.comment_id for r in rows}
    for own in labels.values():
        for r in rows:
            origin = first.get((r.duplicate_of, r.question)) if r.duplicate_of else None
            if origin and r.comment_id not in own and origin in own:
                own[r.comment_id] = own[origin]
    return labels


def _model_description(w: Wording, themes: tuple[str, ...], confidence: float | None) -> str:
    """E.g. 'primært tema: indhold; sikkerhed 0,946'."""
    tail = "" if confidence is None else w.t("qdpx_confidence", value=w.num(confidence, 3))
    return w.t("qdpx_primary", theme=themes[0]) + tail


def _reviewer_description(w: Wording, themes: tuple[str, ...], note: str, settled: bool = False) -> str:
    """E.g. 'primært tema: struktur (afgjort); note: ring til [NAVN] [TELEFON]': the note redacted like the texts;
    a reviewer's ikke-svar reads so; an adjudicator's settling label says it settled the dispute."""
    tail = (w.t("adjudicated_decision") if settled else "") + (w.t("qdpx_note", note=redact(note, w.locale))
                                                                if note.strip() else "")
    if themes == (NOT_ANSWER,):
        return w.t("status_non_answer") + tail
    return w.t("qdpx_primary", theme=themes[0]) + tail


def project_qde(store: Store, name: str, locale: str | None = None) -> tuple[bytes, dict[str, str], QdpxResult]:
    """The ``project.qde`` XML, the source texts by file name, and counts (``path`` left empty).

    ``locale``: the language of the descriptions (``en`` or ``da``); None follows the codebook.
    """
    run = store.current_run()
    codebook = run.codebook
    w = wording_for(codebook.language, locale)
    attributes = run.attribute_columns
    started, finished = xml_datetime(run.started_at), xml_datetime(run.finished_at or run.started_at)
    rows = list(store.rows(run.run_id))
    model_user = guid("user", "model", run.model_id)
    reviewers = _reviewer_labels(store, rows)
    users = {"model": model_user} | {r: guid("user", "reviewer", r) for r in reviewers}

    root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": name, "origin": f"coder {_coder_version()}",
                                  "creatingUserGUID": model_user, "creationDateTime": started})
    users_el = sub_element(root, "Users")
    sub_element(users_el, "User", guid=model_user, name=f"coder model ({run.model_id})", id="model")
    for reviewer in reviewers:
        sub_element(users_el, "User", guid=users[reviewer], name=reviewer, id=reviewer)
    code_guids = code_elements(sub_element(root, "CodeBook"), codebook)

    kinds = {c: _variable_type([r.attributes.get(c, "") for r in rows]) for c in attributes}
    own_vars: dict[str, str] = {}
    for n in ("question", "status", "label_source"):  # a name the input has already gets coder_ until it is free
        name = n
        while name in kinds or name in own_vars.values():
            name = f"coder_{name}"
        own_vars[n] = name
    kinds |= {v: "Text" for v in own_vars.values()}
    var_guids = {c: guid("variable", c) for c in kinds}
    variables = sub_element(root, "Variables")
    for column, kind in kinds.items():
        sub_element(variables, "Variable", guid=var_guids[column], name=column, typeOfVariable=kind)

    texts = {r.comment_id: redact(r.text, w.locale) for r in rows if r.text.strip()}
    scope = "\x1e".join(store.first_run())  # the same respondent and question in another project is another source
    source_guids = {cid: guid("source", scope, cid) for cid in texts}
    names = dict(zip(texts, unique_names([source_name(r.respondent, r.question) for r in rows
                                          if r.comment_id in texts])))
    cases_el = sub_element(root, "Cases")
    by_respondent: dict[str, list[Row]] = {}
    for r in rows:
        by_respondent.setdefault(r.respondent, []).append(r)
    for respondent, own_rows in by_respondent.items():
        case = sub_element(cases_el, "Case", guid=guid("case", scope, respondent), name=respondent)
        for column in attributes:
            value = own_rows[0].attributes.get(column, "")
            if value.strip():
                _value(case, var_guids[column], kinds[column], value)
        for r in own_rows:
            if r.comment_id in source_guids:
                sub_element(case, "SourceRef", targetGUID=source_guids[r.comment_id])

    sources_el = sub_element(root, "Sources")
    files: dict[str, str] = {}
    codings = 0
    for r in rows:
        if r.comment_id not in texts:
            continue
        g, text = source_guids[r.comment_id], texts[r.comment_id]
        files[f"{g}.txt"] = text
        source = sub_element(sources_el, "TextSource", guid=g, name=names[r.comment_id],
                              plainTextPath=f"internal://{g}.txt", creatingUser=model_user, creationDateTime=started)
        if r.model_themes:
            codings += _selection(source, codebook, scope, r.comment_id, "model", model_user, finished, len(text),
                                  r.model_themes, _model_description(w, r.model_themes, r.confidence))
        for reviewer, own in reviewers.items():
            if r.comment_id in own:
                themes, when, note, settled = own[r.comment_id]
                codings += _selection(source, codebook, scope, r.comment_id, reviewer, users[reviewer], when,
                                      len(text), themes, _reviewer_description(w, themes, note, settled))
        _value(source, var_guids[own_vars["question"]], "Text", r.question)
        _value(source, var_guids[own_vars["status"]], "Text", r.status)
        if r.source:  # whose label is in force: model, human, disputed or adjudicated
            _value(source, var_guids[own_vars["label_source"]], "Text", r.source)
    codebook_set(sub_element(root, "Sets"), codebook, code_guids)
    sub_element(root, "Description", w.t("qdpx_description", name=codebook.name, version=codebook.version,
                                         model=run.model_id))
    for container in (cases_el, sources_el):
        if not len(container):  # the schema wants at least one Case / Source inside
            root.remove(container)
    counts = QdpxResult(Path(), len(files), sum(1 for r in rows if not r.text.strip()), len(by_respondent),
                        len(users), codings, attributes=tuple(attributes))
    return xml_bytes(root), files, counts


def qdpx_bytes(qde: bytes, files: dict[str, str]) -> bytes:
    """Zip ``project.qde`` and ``sources/*.txt`` with fixed dates (same input, same bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member, content in [("project.qde", qde)] + [(f"sources/{n}", t.encode("utf-8"))
                                                          for n, t in sorted(files.items())]:
            info = zipfile.ZipInfo(member, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    return buf.getvalue()


def export_qdpx(project: Path, out: Path | None = None, locale: str | None = None) -> QdpxResult:
    """Write the project as a REFI-QDA ``.qdpx`` (default ``DIR/<DIR name>.qdpx``); ``locale`` as in
    ``project_qde``, None following the project's reports (``coder code --locale``), then its codebook."""
    if locale is not None:
        Wording(locale)  # an unknown locale fails before the store is read
    store = Store.open_project(project)
    try:
        name = project.resolve().name
        locale = locale or store.meta(LOCALE_KEY) or None
        qde, files, counts = project_qde(store, name, locale)
        language = locale or store.current_run().codebook.language  # the reader's: the project's locale first
    finally:
        store.close()
    path = out if out is not None else project / f"{name}.qdpx"
    refuse_onto(path, project / "coder.db", "the project's database (coder.db)", "projektets database (coder.db)")
    write_atomic(path, qdpx_bytes(qde, files))
    return QdpxResult(path, counts.sources, counts.skipped_empty, counts.cases, counts.users, counts.codings,
                      language, counts.attributes)
