from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FakeEmbedder
from typer.testing import CliRunner

from coder.cli import app
from coder.codebook import load_codebook, parse_codebook
from coder.errors import CodebookError
from coder.exchange import export_qdpx
from coder.exchange.qdc import (
    CODEBOOK_NS,
    PROJECT_NS,
    codebook_qdc,
    codebook_yaml,
    parse_qdc,
)
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.store import Store
from coder.text import redact

C = f"{{{CODEBOOK_NS}}}"
P = f"{{{PROJECT_NS}}}"
GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")

TRICKY = parse_codebook({
    "name": "Test <&> \"kodebog\"", "version": 2, "language": "da", "description": "Første linje.\nAnden & sidste.",
    "questions": {"kommentar": "Hvad kunne gøre <møderne> bedre?", "andet svar": "Øvrige kommentarer: --- coder ---"},
    "themes": [
        {"id": "tid", "label": "Tid & rammer", "description": "Tid, sted – og <mødelængde>.\n",
         "keywords": ["tid", "kl. 16-18"], "include": ["Mødetidspunkt"], "exclude": ["Indhold (se fag)"],
         "examples": ["For sent: 'kl. 18'", "--- coder ---"], "counter_examples": ["Gode oplæg"],
         "subcodes": [{"id": "laengde", "label": "Længde", "description": "For lange møder", "keywords": ["lang"],
                       "examples": ["3 timer er for meget"]},
                      {"id": "sted", "label": "Sted", "description": ""}]},
        {"id": "fag", "label": "Fagligt", "description": "Oplæg og cases"},
        {"id": "andet", "label": "Andet", "description": "Alt andet", "catch_all": True},
    ]})


# --- codebook (.qdc) ------------------------------------------------------------------

@pytest.mark.parametrize("codebook", [load_codebook(Path(__file__).parent.parent / "codebooks" / "klynger.yaml"),
                                      TRICKY], ids=["klynger", "tricky"])
def test_qdc_round_trip_gives_an_equal_codebook(codebook) -> None:
    qdc = codebook_qdc(codebook)
    assert parse_qdc(qdc) == codebook
    assert codebook_qdc(codebook) == qdc  # stable GUIDs, same bytes
    assert parse_codebook(yaml.safe_load(codebook_yaml(parse_qdc(qdc)))) == codebook
    back = yaml.safe_load(codebook_yaml(parse_qdc(qdc)))
    assert back["language"] == codebook.language  # written even where it is the default ('da'): it decides the reader
    assert list(back)[:3] == ["name", "version", "language"]


def test_a_qdc_whose_coder_block_is_broken_is_refused_not_read_as_plain_text() -> None:
    """A broken block was imported silently: the theme lost its id, keywords, notes and examples."""
    data = codebook_qdc(TRICKY)
    assert parse_qdc(data, "ok.qdc").ids == TRICKY.ids
    broken = data.replace(b"id: tid\n", b"id: [tid\n", 1)
    assert broken != data
    with pytest.raises(CodebookError, match="code 'Tid & rammer': its '--- coder ---' block is not valid YAML"):
        parse_qdc(broken, "broken.qdc")


def test_qdc_structure() -> None:
    root = ET.fromstring(codebook_qdc(TRICKY))
    assert root.tag == f"{C}CodeBook"
    codes = root.findall(f"{C}Codes/{C}Code")
    assert [c.get("name") for c in codes] == ["Tid & rammer", "Fagligt", "Andet"]
    for code in root.iter(f"{C}Code"):
        assert GUID.fullmatch(code.get("guid")) and code.get("isCodable") == "true" and code.get("name")
    assert [c.get("name") for c in codes[0].findall(f"{C}Code")] == ["Længde", "Sted"]
    description = codes[0].find(f"{C}Description").text
    assert description.startswith("Tid, sted – og <mødelængde>.") and "keywords:" in description
    members = {m.get("guid") for m in root.findall(f"{C}Sets/{C}Set/{C}MemberCode")}
    assert members == {c.get("guid") for c in codes}


def test_guids_depend_on_codebook_name_and_theme_id() -> None:
    a = ET.fromstring(codebook_qdc(TRICKY))
    b = ET.fromstring(codebook_qdc(TRICKY.model_copy(update={"name": "Anden"})))
    ga = [c.get("guid") for c in a.iter(f"{C}Code")]
    gb = [c.get("guid") for c in b.iter(f"{C}Code")]
    assert len(set(ga)) == len(ga) and not set(ga) & set(gb)


FOREIGN = f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="{CODEBOOK_NS}" origin="NVivo 14">
  <Codes>
    <Code guid="0F9E7C3A-1B2C-4D5E-8F90-123456789ABC" name="Økonomi &amp; løn" isCodable="true">
      <Description>Penge</Description>
      <Code guid="1F9E7C3A-1B2C-4D5E-8F90-123456789ABC" name="Honorar" isCodable="true">
        <Code guid="2F9E7C3A-1B2C-4D5E-8F90-123456789ABC" name="Kørsel" isCodable="false"/>
      </Code>
    </Code>
    <Code guid="3F9E7C3A-1B2C-4D5E-8F90-123456789ABC" name="2. Ledelse" isCodable="true"/>
  </Codes>
</CodeBook>""".encode()


def test_a_qdc_from_another_tool_imports() -> None:
    cb = parse_qdc(FOREIGN, "nvivo_export.qdc")
    assert cb.name == "nvivo_export" and cb.version == "1"
    assert [(t.id, t.label, t.description) for t in cb.themes] == [("oekonomi_loen", "Økonomi & løn", "Penge"),
                                                                    ("kode_2_ledelse", "2. Ledelse", "2. Ledelse")]
    assert [s.id for s in cb.themes[0].subcodes] == ["honorar", "koersel"]  # deeper levels flattened


@pytest.mark.parametrize("data,message", [
    (b"not xml", "not a REFI-QDA codebook (XML error"),
    (b"<CodeBook/>", "expected <CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">"),
    (f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes/></CodeBook>'.encode(), "the codebook has no codes"),
])
def test_bad_qdc_files_fail_with_one_line(data: bytes, message: str) -> None:
    with pytest.raises(CodebookError, match=re.escape(message)):
        parse_qdc(data, "x.qdc")


def test_cli_codebook_export_and_import(tmp_path: Path, codebook_path: Path) -> None:
    runner = CliRunner()
    qdc = tmp_path / "k.qdc"
    result = runner.invoke(app, ["codebook", "export", str(codebook_path), "--format", "qdc", "--out", str(qdc)])
    assert result.exit_code == 0, result.output
    back = tmp_path / "k.yaml"
    result = runner.invoke(app, ["codebook", "import", str(qdc), "--out", str(back)])
    assert result.exit_code == 0, result.output
    assert load_codebook(back) == load_codebook(codebook_path)
    printed = runner.invoke(app, ["codebook", "import", str(qdc)])
    assert printed.exit_code == 0 and printed.output.startswith("name: Kvalitetsklynger")
    bad = runner.invoke(app, ["codebook", "export", str(codebook_path), "--format", "nvp"])
    assert bad.exit_code == 2 and "--format nvp: ukendt format; brug qdc" in bad.output
    missing = runner.invoke(app, ["codebook", "import", str(tmp_path / "none.qdc")])
    assert missing.exit_code == 2 and "filen findes ikke" in missing.output and "Traceback" not in missing.output


# --- project (.qdpx) ------------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path, codebook_path: Path) -> Path:
    out = tmp_path / "proj"
    code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(codebook_path), out,
              CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id")), embedder=FakeEmbedder())
    store = Store.open_project(out)
    store.record_decision("A4::kommentar", "anna", ["kritik", "struktur"], note="klar kritik")  # A5 repeats A4
    store.record_decision("A4::kommentar", "bo", ["kritik"])
    store.record_decision("A1::kommentar", "anna", ["data"])
    store.close()
    return out


def _open(path: Path) -> tuple[ET.Element, dict[str, str]]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert names[0] == "project.qde"
        files = {n: zf.read(n).decode("utf-8") for n in names if n.startswith("sources/")}
        return ET.fromstring(zf.read("project.qde")), files


def test_qdpx_structure_and_references(project: Path) -> None:
    result = export_qdpx(project)
    assert result.path == project / "proj.qdpx"
    root, files = _open(result.path)
    assert root.tag == f"{P}Project" and root.get("name") == "proj"
    assert [child.tag for child in root] == [f"{P}{t}" for t in ("Users", "CodeBook", "Variables", "Cases", "Sources",
                                                                 "Sets", "Description")]
    for el in root.iter():
        if el.get("guid") is not None:
            assert GUID.fullmatch(el.get("guid")), el.tag

    users = {u.get("name"): u.get("guid") for u in root.iter(f"{P}User")}
    assert set(users) == {"coder model (fake-words-64)", "anna", "bo"}
    codes = {c.get("guid") for c in root.iter(f"{P}Code")}
    variables = {v.get("guid"): v for v in root.iter(f"{P}Variable")}
    sources = {s.get("guid"): s for s in root.iter(f"{P}TextSource")}
    assert {v.get("name") for v in variables.values()} == {"speciale", "region", "question", "status", "label_source"}
    assert all(v.get("typeOfVariable") in ("Text", "Integer", "Float") for v in variables.values())

    store = Store.open_project(project)
    rows = list(store.rows())
    store.close()
    with_text = [r for r in rows if r.text.strip()]
    assert len(sources) == len(with_text) == result.sources and result.skipped_empty == len(rows) - len(with_text)
    assert len(files) == len(sources)
    for r in with_text:  # every comment present, its text redacted, selections over the whole text
        source = next(s for s in sources.values() if s.get("name") == f"{r.respondent} · {r.question}")
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        text = files[f"sources/{source.get('guid')}.txt"]
        assert text == redact(r.text)
        for sel in source.findall(f"{P}PlainTextSelection"):
            assert (sel.get("startPosition"), sel.get("endPosition")) == ("0", str(len(text)))
            assert sel.get("creatingUser") in users.values()
    assert not any("28 14 55 90" in t for t in files.values()) and any("[TELEFON]" in t for t in files.values())

    for ref in root.iter(f"{P}CodeRef"):
        assert ref.get("targetGUID") in codes
    for ref in root.iter(f"{P}SourceRef"):
        assert ref.get("targetGUID") in sources
    for ref in root.iter(f"{P}VariableRef"):
        assert ref.get("targetGUID") in variables
    cases = root.findall(f"{P}Cases/{P}Case")
    assert len(cases) == len({r.respondent for r in rows}) == result.cases
    assert sum(len(c.findall(f"{P}SourceRef")) for c in cases) == len(sources)


def test_qdpx_codings_per_user(project: Path) -> None:
    root, _ = _open(export_qdpx(project).path)
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{P}User")}
    code_by_guid = {c.get("guid"): c.get("name") for c in root.iter(f"{P}Code")}

    def codings(user: str) -> list[list[str]]:
        out = []
        for sel in root.iter(f"{P}PlainTextSelection"):
            if sel.get("creatingUser") == users[user]:
                out.append([code_by_guid[c.find(f"{P}CodeRef").get("targetGUID")] for c in sel.findall(f"{P}Coding")])
                assert all(c.get("creatingUser") == users[user] for c in sel.findall(f"{P}Coding"))
        return out

    both = ["Kritik og skepsis", "Struktur, mødeledelse og opfølgning"]
    assert sorted(codings("anna")) == sorted([both, both, ["Data og kvalitetsarbejde"]])  # A4 and its repeat A5
    assert codings("bo") == [["Kritik og skepsis"]] * 2
    notes = [s.find(f"{P}Description").text for s in root.iter(f"{P}PlainTextSelection")
             if s.get("creatingUser") == users["anna"]]
    assert "primært tema: kritik; note: klar kritik" in notes  # the codebook is Danish
    # Every substantive answer of the survey, repeats included: kommentar of A1, A4, A5 (a repeat of A4), A6
    # and A7, and andre_kommentarer of A1, A4, A6 and A7 (the rest are empty or say nothing).
    assert len(codings("coder model (fake-words-64)")) == 9


def test_qdpx_is_deterministic_and_the_cli_writes_it(project: Path, tmp_path: Path) -> None:
    first = export_qdpx(project, tmp_path / "a.qdpx").path.read_bytes()
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(project), "--format", "qdpx", "--out", str(tmp_path / "b.qdpx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.qdpx").read_bytes() == first
    bad = runner.invoke(app, ["export", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "ikke et coder-projekt" in bad.output
    fmt = runner.invoke(app, ["export", str(project), "--format", "nvpx"])
    assert fmt.exit_code == 2 and "--format nvpx: ukendt format; brug qdpx" in fmt.output


def test_variable_types_follow_the_values() -> None:
    from coder.exchange.qdpx import _variable_type

    assert _variable_type(["1", "22", "", "-3"]) == "Integer"
    assert _variable_type(["1,5", "2", "3.25"]) == "Float"
    assert _variable_type(["Ja", "Nej"]) == _variable_type(["R0001", "12"]) == _variable_type(["", " "]) == "Text"
    # walk25: a postcode lost its leading zero (0800 → 800), and a Danish "1.234" became the decimal 1.234
    assert _variable_type(["0800", "8000"]) == _variable_type(["1.234", "12"]) == "Text"
    assert _variable_type(["0", "0,5", "12"]) == "Float"


def test_an_adjudicated_label_is_in_the_qdpx_as_the_adjudicators_coding(project: Path) -> None:
    """walk25: the adjudicator was a user with no coding, so the label in force was not in the file."""
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "bo", ["kritik"])  # anna said data: disputed
    store.adjudicate("A1::kommentar", "carl", ["data", "indhold"], note="data først")
    store.close()
    root, _ = _open(export_qdpx(project).path)
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{P}User")}
    code_by_guid = {c.get("guid"): c.get("name") for c in root.iter(f"{P}Code")}
    carl = [s for s in root.iter(f"{P}PlainTextSelection") if s.get("creatingUser") == users["carl"]]
    assert len(carl) == 1
    assert [code_by_guid[c.find(f"{P}CodeRef").get("targetGUID")] for c in carl[0].findall(f"{P}Coding")] == [
        "Data og kvalitetsarbejde", "Fagligt indhold og cases"]
    assert carl[0].find(f"{P}Description").text == "primært tema: data (afgjort); note: data først"


def test_two_projects_from_one_set_of_respondents_have_their_own_guids(project: Path, tmp_path: Path,
                                                                         codebook_path: Path) -> None:
    """walk25: two waves with the same ids exported other texts under the same source and case GUIDs, which
    collide when both are merged in one QDA project. Codes keep theirs: they are the same codes."""
    import time

    time.sleep(1.1)  # another first run: another start time
    other = tmp_path / "wave2"
    code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(codebook_path), other,
              CodeOptions(ReadOptions(("kommentar", "andre_kommentarer"), "id")), embedder=FakeEmbedder())

    def guids(path: Path, tag: str) -> set[str]:
        root, _ = _open(export_qdpx(path, tmp_path / f"{path.name}.qdpx").path)
        return {e.get("guid") for e in root.iter(f"{P}{tag}")}

    for tag in ("TextSource", "Case", "PlainTextSelection", "Coding"):
        assert guids(project, tag) and not guids(project, tag) & guids(other, tag), tag
    assert guids(project, "Code") == guids(other, "Code")


def test_export_names_the_background_columns_it_writes_and_the_codebook_comes_back_from_the_qdpx(
        project: Path, tmp_path: Path) -> None:
    """walk25: the .qdpx carried every background column, unredacted, without a word; `codebook import` refused a
    .qdpx with a raw XML error; `export -f qdc` did not point to `codebook export`."""
    runner = CliRunner()
    out = tmp_path / "p.qdpx"
    result = runner.invoke(app, ["export", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    line = " ".join(result.output.split())
    assert "Baggrundskolonner skrevet, som de er" in line and "speciale" in line and "udpege en respondent" in line
    back = runner.invoke(app, ["codebook", "import", str(out)])
    assert back.exit_code == 0, back.output
    assert "Kritik og skepsis" in back.output and "Traceback" not in back.output
    from coder.exchange.qdc import read_qdc  # walk36: its name, version, description and questions came back lost

    ours = Store.open_project(project).current_run().codebook
    assert read_qdc(out) == ours and read_qdc(out).version == ours.version
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    bad = runner.invoke(app, ["codebook", "import", str(broken)])
    assert bad.exit_code == 2 and "zip-fil uden en læsbar project.qde" in bad.output and "Traceback" not in bad.output
    qdc = runner.invoke(app, ["export", str(project), "--format", "qdc"])
    assert qdc.exit_code == 2 and "coder codebook export KODEBOG -o FIL.qdc" in " ".join(qdc.output.split())


def test_coders_own_variables_never_take_an_input_columns_name(tmp_path: Path, codebook_path: Path) -> None:
    """walk25: an input with 'status' and 'coder_status' columns had coder's status merged into 'coder_status'.
    Each comment also says whose label is in force (label_source), as assignments.csv does."""
    survey = tmp_path / "s.csv"
    survey.write_text("id;status;coder_status;kommentar\nA1;x;y;Flere faglige oplæg\nA2;x;y;Mere data tak\n",
                      encoding="utf-8")
    out = tmp_path / "p"
    code_file(survey, load_codebook(codebook_path), out, CodeOptions(ReadOptions(("kommentar",), "id")),
              embedder=FakeEmbedder())
    store = Store.open_project(out)
    store.record_decision("A1::kommentar", "anna", ["indhold"])
    store.close()
    root, _ = _open(export_qdpx(out).path)
    names = [v.get("name") for v in root.iter(f"{P}Variable")]
    assert len(names) == len(set(names)) and {"status", "coder_status", "coder_coder_status"} <= set(names)
    by_guid = {v.get("guid"): v.get("name") for v in root.iter(f"{P}Variable")}
    sources = {s.get("name"): {by_guid[x.find(f"{P}VariableRef").get("targetGUID")]: x.find(f"{P}TextValue").text
                               for x in s.findall(f"{P}VariableValue")} for s in root.iter(f"{P}TextSource")}
    assert sources["A1 · kommentar"]["label_source"] == "human" and sources["A2 · kommentar"]["label_source"] == "model"
    assert sources["A1 · kommentar"]["coder_coder_status"] == "coded"


def test_source_names_that_a_file_name_makes_alike_stay_apart() -> None:
    from coder.exchange.qdpx import source_name, unique_names

    names = [source_name("A/1", "q"), source_name("A 1", "q"), source_name("B", "q"), source_name("A:1", "q")]
    assert unique_names(names) == ["A 1 · q", "A 1 · q (2)", "B · q", "A 1 · q (3)"]


def test_codes_nested_too_deeply_are_a_codebook_error() -> None:
    from coder.errors import CodebookError
    from coder.exchange import parse_qdc

    xml = ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>' + '<Code guid="x" name="a" isCodable="true">' * 5000
           + "</Code>" * 5000 + "</Codes></CodeBook>")
    with pytest.raises(CodebookError, match="codes nested too deeply to read"):
        parse_qdc(xml.encode())


def test_qdpx_survives_control_characters_odd_question_names_and_writes_utc_dates(tmp_path: Path,
                                                                                 codebook_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text("id;speciale;Hvad kan gøres bedre? (fx 3/4 af møderne)\n"
                      "A1;Almen\x0bpraksis;Flere oplæg\x01 om data og faglige cases\n"
                      "A2;Psykiatri;Kortere møder med bedre mødeledelse\n", encoding="utf-8")
    out = tmp_path / "proj"
    question = "Hvad kan gøres bedre? (fx 3/4 af møderne)"
    code_file(survey, load_codebook(codebook_path), out, CodeOptions(ReadOptions((question,), "id")),
              embedder=FakeEmbedder())
    store = Store.open_project(out)
    store.record_decision(f"A1::{question}", "anna\x07", ["data"], note="ok\x1b")
    store.close()
    root, _ = _open(export_qdpx(out).path)  # project.qde parses: no character XML 1.0 forbids
    values = [v.text for v in root.iter(f"{P}TextValue")]
    assert "Almen praksis" in values
    names = [s.get("name") for s in root.iter(f"{P}TextSource")]
    assert names == ["A1 · Hvad kan gøres bedre (fx 3 4 af møderne)", "A2 · Hvad kan gøres bedre (fx 3 4 af møderne)"]
    assert not any(set(n) & set('<>:"/\\|?*') for n in names)
    dates = [el.get("creationDateTime") for el in root.iter() if el.get("creationDateTime")]
    assert dates and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", d) for d in dates), dates


def _every_text(path: Path) -> list[str]:
    """Every text a reader of the .qdpx can see: the XML's texts and attributes and the source files."""
    root, files = _open(path)
    texts = [t for el in root.iter() for t in (el.text, *el.attrib.values())
             if t and t.strip() and not GUID.search(t)]  # a GUID's hex digits can look like a phone number
    return texts + list(files.values())


def test_qdpx_redacts_reviewer_notes_and_words_them_in_the_codebooks_language(project: Path, tmp_path: Path) -> None:
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ["struktur"], note="ring til Jens Hansen 22334455")
    store.close()
    path = export_qdpx(project, tmp_path / "da.qdpx").path
    texts = _every_text(path)
    assert not [t for t in texts if "Jens" in t or "Hansen" in t or "22334455" in t]
    root, _ = _open(path)
    descriptions = [s.find(f"{P}Description").text for s in root.iter(f"{P}PlainTextSelection")]
    assert "primært tema: struktur; note: ring til [NAVN] [TELEFON]" in descriptions
    model = [d for d in descriptions if "sikkerhed" in d]
    assert model and all(re.fullmatch(r"primært tema: \w+; sikkerhed \d,\d{3}", d) for d in model), model
    assert not [d for d in descriptions if "primary" in d or "confidence" in d]
    assert root.find(f"{P}Description").text.startswith("Eksporteret af coder")

    english, _ = _open(export_qdpx(project, tmp_path / "en.qdpx", locale="en").path)
    descriptions = [s.find(f"{P}Description").text for s in english.iter(f"{P}PlainTextSelection")]
    assert "primary theme: struktur; note: ring til [NAME] [PHONE]" in descriptions  # the reader's placeholders
    assert english.find(f"{P}Description").text.startswith("Exported by coder")


def test_a_reviewers_ikke_svar_reads_so_in_the_qdpx_and_codes_nothing(project: Path, tmp_path: Path) -> None:
    from coder.store import NOT_ANSWER

    store = Store.open_project(project)
    store.record_decision("A2::kommentar", "carl", [NOT_ANSWER])
    store.close()
    root, _ = _open(export_qdpx(project, tmp_path / "na.qdpx").path)
    mine = [s for s in root.iter(f"{P}PlainTextSelection") if s.get("name", "").startswith("carl:")]
    assert [s.get("name") for s in mine] == ["carl: non_answer"]
    assert mine[0].find(f"{P}Description").text == "ikke-svar" and mine[0].find(f"{P}Coding") is None
    assert not [s for s in root.iter(f"{P}PlainTextSelection") if NOT_ANSWER in ET.tostring(s, encoding="unicode")]


def test_nothing_in_a_qdpx_holds_personal_data_the_redactor_finds(project: Path, tmp_path: Path) -> None:
    """Texts, notes, names, values and descriptions alike: every text in the file is as redacted as the texts."""
    store = Store.open_project(project)
    store.record_decision("A6::kommentar", "bo", ["data"], note="Mette Holm (mette@klinik.dk) ved mere")
    store.close()
    path = export_qdpx(project, tmp_path / "p.qdpx").path
    root, _ = _open(path)
    reviewers = {u.get("name") for u in root.iter(f"{P}User")} | {u.get("id") for u in root.iter(f"{P}User")}
    found = [t for t in _every_text(path) if redact(t) != t and t not in reviewers
             and t.partition(": ")[0] not in reviewers]  # the users are the project's own reviewers, by name
    assert found == []


def test_cli_export_follows_locale(project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(project), "--out", str(tmp_path / "en.qdpx"), "--locale", "en"])
    assert result.exit_code == 0, result.output
    root, _ = _open(tmp_path / "en.qdpx")
    assert "primary theme: kritik; note: klar kritik" in [s.find(f"{P}Description").text
                                                          for s in root.iter(f"{P}PlainTextSelection")]
