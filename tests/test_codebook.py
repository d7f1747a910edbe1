from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT

from coder.codebook import load_codebook, parse_codebook
from coder.errors import CodebookError


def test_klynger_codebook_has_the_fixed_ids() -> None:
    cb = load_codebook(ROOT / "codebooks" / "klynger.yaml")
    assert cb.ids == ["indhold", "struktur", "social", "data", "kritik", "andet"]
    assert cb.catch_all is not None and cb.catch_all.id == "andet"
    assert all(t.examples for t in cb.themes)
    assert cb.fingerprint() == load_codebook(ROOT / "codebooks" / "klynger.yaml").fingerprint()


def test_missing_label_points_at_the_field() -> None:
    with pytest.raises(CodebookError) as err:
        load_codebook(DATA / "broken_codebook.yaml")
    assert str(err.value) == (f"{DATA / 'broken_codebook.yaml'}: themes[3].label: field required; add a line such as "
                              "'label: Professional content' (the theme 'data')")  # walk36: which theme


def _base(**theme: object) -> dict:
    return {"name": "x", "version": "1", "themes": [{"id": "a", "label": "A", "description": "d", **theme}]}


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(CodebookError, match=r"themes\[0\].keywrods: unknown field"):
        parse_codebook(_base(keywrods=["x"]))


def test_duplicate_ids_and_two_catch_alls() -> None:
    data = _base()
    data["themes"].append({"id": "a", "label": "B", "description": "d"})
    with pytest.raises(CodebookError, match=r"themes\[1\].id: duplicate theme id 'a'"):
        parse_codebook(data)
    data["themes"][1]["id"] = "b"
    data["themes"][0]["catch_all"] = True
    data["themes"][1]["catch_all"] = True
    with pytest.raises(CodebookError, match="only one theme may have catch_all"):
        parse_codebook(data)


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nthemes: [\n  - id: a\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"bad.yaml: line \d+: .*fix the YAML syntax"):
        load_codebook(bad)
    with pytest.raises(CodebookError, match="codebook not found"):
        load_codebook(tmp_path / "nope.yaml")


def test_an_unclosed_quote_is_pointed_at_where_it_opens(tmp_path: Path) -> None:
    """YAML names the line where it gave up (line 10 here), often far below the quote that was never closed."""
    bad = tmp_path / "bad.yaml"
    bad.write_text('name: x\nversion: "1"\ndescription: >\n  han sagde "hej\nthemes:\n  - id: a\n    label: A\n'
                   '    description: "b\n  - id: c\n', encoding="utf-8")  # line 4's quote is text in a block
    with pytest.raises(CodebookError, match=r"line 10: .*\(an unclosed quote on line 8\?\); fix the YAML syntax"):
        load_codebook(bad)
    bad.write_text("name: x\nthemes: [\n  - id: a\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(bad)
    assert "unclosed quote" not in str(err.value)  # no quote to blame


def test_theme_ids_must_be_simple() -> None:
    with pytest.raises(CodebookError, match=r"themes\[0\].id"):
        parse_codebook({"name": "x", "version": "1", "themes": [{"id": "Fagligt Indhold", "label": "A",
                                                                   "description": "d"}]})


# --- issue 14: deep or hostile YAML, directories -----------------------------------------

def _billion_laughs(levels: int = 9) -> str:
    lines = ["name: x", "version: 1", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines + [f"themes: *a{levels}"]) + "\n"


@pytest.mark.parametrize("text,message", [
    ("name: x\nversion: 1\nthemes: " + "[" * 20_000 + "]" * 20_000 + "\n",
     "line 3: nested more than 50 levels deep; write the codebook as plain YAML like codebooks/klynger.yaml"),
    ("name: x\nversion: 1\nthemes:\n" + "".join("  " * i + "- a:\n" for i in range(1, 3000)),
     "line 28: nested more than 50 levels deep; write the codebook as plain YAML like codebooks/klynger.yaml"),
    (_billion_laughs(), "more than 200,000 values once anchors and aliases are expanded; write the codebook as "
                        "plain YAML like codebooks/klynger.yaml"),
    ("a: &a [*a]\n", "line 1: an alias (*name) inside the anchor (&name) it refers to never ends; write the codebook "
                     "as plain YAML like codebooks/klynger.yaml"),
    ("name: x\nversion: 1\nthemes:\n- id: a\n  label: A\n  description: d\n  examples: &ex\n  - *ex\n  - fint\n",
     "line 7: an alias (*name) inside the anchor (&name) it refers to never ends; write the codebook as plain YAML "
     "like codebooks/klynger.yaml"),
])
def test_deep_or_hostile_yaml_is_a_codebook_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert str(err.value) == f"{path}: {message}"


def test_small_anchors_and_aliases_still_work(tmp_path: Path) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text("name: x\nversion: 1\nthemes:\n- id: a\n  label: A\n  description: &d Noget om A\n"
                    "- id: b\n  label: B\n  description: *d\n", encoding="utf-8")
    assert [t.description for t in load_codebook(path).themes] == ["Noget om A", "Noget om A"]


@pytest.mark.parametrize("written,version", [("1.10", "1.10"), ("2.0", "2.0"), ("3", "3"), ('"1.20"', "1.20")])
def test_a_version_is_kept_as_written(tmp_path: Path, written: str, version: str) -> None:
    """YAML reads 1.10 as the number 1.1: version 1.10 would then look like version 1.1 in every run and report."""
    path = tmp_path / "cb.yaml"
    path.write_text(f"name: x\nversion: {written}\nthemes:\n- id: a\n  label: A\n  description: d\n",
                    encoding="utf-8")
    assert load_codebook(path).version == version


def test_a_directory_as_codebook_is_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="is a directory; pass --codebook with the path to a YAML codebook file"):
        load_codebook(tmp_path)


@pytest.mark.parametrize("theme,message", [
    ("- id: Indhold\n  label: A\n  description: d\n", "themes[0].id: 'Indhold' is not an id; ids are lower-case"),
    ("- id: a\n  label: A\n  description: d\n  keywords: oplæg\n", "themes[0].keywords: give a list, e.g. [oplæg"),
    ("- id: a\n  label: A\n  id: b\n  description: d\n", "line 6: 'id' is given twice in the same block; keep one"),
    ("- id: a\n  label: A\n  description: d\n  keywords: [oplæg, '  ']\n",
     "themes[0].keywords[1]: empty; write something or remove the item"),
    ("- id: a\n  label: A\n  description: d\n  examples:\n  - Flere cases\n  - ''\n",
     "themes[0].examples[1]: empty; write something or remove the item"),
    ("- id: pårørende\n  label: A\n  description: d\n", "lower-case letters a–z, digits and _ and start with a "
                                                       "letter, e.g. 'paaroerende'"),
    ("- id: a\n  label: A\n  description: d\n  exampels: [x]\n",
     "themes[0].exampels: unknown field (did you mean 'examples'? allowed: id, label, description, keywords"),
    ("- id: a\n  label: Data\n  description: d\n- id: b\n  label: ' data '\n  description: e\n",
     "themes[1].label: ' data ' is also the label of themes[0] (a); give each theme its own label"),
])
def test_codebook_mistakes_are_named_in_words_a_person_can_act_on(tmp_path: Path, theme: str, message: str) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text("name: x\nversion: 1\nthemes:\n" + theme, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert message in str(err.value) and "String should match" not in str(err.value)


@pytest.mark.parametrize("sub_id", ["a", "b", "a_fin"])
def test_a_subcode_id_is_unique_among_every_code(tmp_path: Path, sub_id: str) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text("name: x\nversion: 1\nthemes:\n- id: a\n  label: A\n  description: d\n  subcodes:\n"
                    "  - {id: a_fin, label: Fin}\n"
                    f"- id: b\n  label: B\n  description: e\n  subcodes:\n  - {{id: {sub_id}, label: S}}\n",
                    encoding="utf-8")
    with pytest.raises(CodebookError, match=rf"themes\[1\]\.subcodes\[0\]\.id: '{sub_id}' is already the id"):
        load_codebook(path)


@pytest.mark.parametrize("keyword", ["c++", "?", "\\d+", "!!!", "(a)"])
def test_a_keyword_without_two_letters_or_digits_is_refused(keyword: str) -> None:
    """'c++' was matched as 'c' (every word beginning with c) and '?' silently dropped; check said OK."""
    data = yaml.safe_load((ROOT / "codebooks" / "klynger.yaml").read_text(encoding="utf-8"))
    data["themes"][0]["keywords"] = ["oplæg", keyword]
    with pytest.raises(CodebookError, match=r"themes\[0\]\.keywords\[1\]: .* a keyword needs two letters or digits"):
        parse_codebook(data)
    data["themes"][0]["keywords"] = ["oplæg", "IT", "e-mail", "ø"]  # two letters, or one letter alone ('ø': island)
    assert parse_codebook(data).themes[0].keywords == ("oplæg", "IT", "e-mail", "ø")


def test_mistakes_yaml_hides_are_named_with_the_fix(tmp_path: Path) -> None:
    """id: no (YAML's false) got 'give a text', language: klingon switched every text to English, and a .qdc given
    as a codebook 'invalid YAML' (walk15)."""
    with pytest.raises(CodebookError, match=r"themes\[0\].id: YAML reads this value \(yes, no, on, off …\) as "
                                            r"true/false"):
        parse_codebook(_base(id=False))
    data = _base()
    data["language"] = "klingon"
    with pytest.raises(CodebookError, match=r"language: 'klingon' is not a language code; write da"):
        parse_codebook(data)
    data["language"] = "da-DK"
    assert parse_codebook(data).language == "da-DK"
    qdc = tmp_path / "k.qdc"
    qdc.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook/>\n', encoding="utf-8")
    with pytest.raises(CodebookError, match=r"is XML \(a REFI-QDA \.qdc\?\), not a YAML codebook; convert it with: "
                                            r"coder codebook import"):
        load_codebook(qdc)
    named_yaml = tmp_path / "k.yaml"  # walk36: the advice was to import it onto itself, which import refuses
    named_yaml.write_bytes(qdc.read_bytes())
    with pytest.raises(CodebookError) as caught:
        load_codebook(named_yaml)
    assert str(caught.value).endswith(f"--out {tmp_path / 'k-import.yaml'}")


def test_a_nul_byte_in_a_codebook_is_named(tmp_path: Path) -> None:
    """'cb/nul.yaml:: ugyldig YAML' named neither the problem nor its line, with a colon twice (walk15)."""
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"name: T\nversion: '1'\x00\n")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert err.value.danish == (f"{path}: linje 2 indeholder et NUL-tegn (binære data); gem kodebogen igen som "
                                "almindelig UTF-8-tekst")


def test_fields_no_codebook_needs_are_refused_in_one_line(tmp_path: Path) -> None:
    """A 60,000-character version took half a minute to print, a key 'yes:' gave pydantic's 'Keys should be
    strings' at 'themes[0][1]', a lone surrogate pydantic's English, and a 300,000-character language came back
    whole in the message (walk21)."""
    data = _base()
    data["version"] = "9" * 60_000
    with pytest.raises(CodebookError, match=r"^codebook: version: too long \(60000 characters, at most 300\); "
                                            r"shorten it$"):
        parse_codebook(data)
    data = _base()
    data["themes"][0][True] = "x"
    with pytest.raises(CodebookError, match=r"themes\[0\]\.True is not a field name \(YAML reads yes, no, on and "
                                            r"off as true/false"):
        parse_codebook(data)
    data = _base()
    data["name"] = "Klynger \ud800"
    with pytest.raises(CodebookError, match=r"name: holds a character that is not text"):
        parse_codebook(data)
    data = _base()
    data["language"] = "x" * 300_000
    with pytest.raises(CodebookError) as err:
        parse_codebook(data)
    assert len(str(err.value)) < 200


def test_common_yaml_mistakes_are_said_in_plain_words(tmp_path: Path) -> None:
    """walk36: PyYAML's "found character '\\t' that cannot start any token" inside a Danish line, and 'angiv en tekst'
    for a list item that a ': ' had made a pair."""
    base = "name: x\nversion: '1'\nthemes:\n  - id: a\n    label: A\n    description: Om a\n"
    cases = [(base + "    keywords:\n\t- oplæg\n", "linje 8: ugyldig YAML (et tabulatortegn: ryk ind med mellemrum)"),
             (base.replace("Om a", "Om a: det faglige"), "ugyldig YAML (et ': ' inde i en tekst: sæt teksten i "
                                                          "anførselstegn)"),
             (base + "    include:\n      - Navngivne emner: osteoporose, PMR\n",
              "themes[0].include[0]: YAML læser 'Navngivne emner: osteoporose, PMR' som 'felt: værdi' på grund af "
              "': '; sæt teksten i anførselstegn (temaet 'a')")]
    for text, said in cases:
        path = tmp_path / "cb.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CodebookError) as caught:
            load_codebook(path)
        assert said in caught.value.danish, caught.value.danish


def test_a_field_named_in_danish_is_pointed_to_its_name() -> None:
    """walk36: 'beskrivelse:' and 'eksempler:' were unknown fields with no 'did you mean'."""
    data = {"name": "x", "version": "1", "themes": [{"id": "a", "label": "A", "beskrivelse": "Om a",
                                                     "Eksempler": ["Et svar om a"]}]}
    with pytest.raises(CodebookError) as caught:
        parse_codebook(data)
    said = " ".join(p[1] for p in caught.value.problems)
    assert "themes[0].beskrivelse: ukendt felt (mente du 'description'?" in said
    assert "themes[0].Eksempler: ukendt felt (mente du 'examples'?" in said
