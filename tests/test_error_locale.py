"""Errors in the reader's language: every CoderError coder raises carries a Danish text beside the English one,
and the CLI prints the one its reader reads (``--locale``, else the codebook's language, else Danish), always as
one line with exit code 2."""

from __future__ import annotations

import ast
import pickle
import sqlite3
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, FakeEmbedder
from typer.testing import CliRunner, Result

import coder.console
import coder.pipeline.run
from coder.cli import app
from coder.codebook import codebook_language, load_codebook
from coder.errors import CoderError, InputError, Notice
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.store import project_language

PACKAGE = ROOT / "coder"
CODEBOOK = ROOT / "codebooks" / "klynger.yaml"
SURVEY = DATA / "survey_semicolon_cp1252.csv"


# --- every error has its Danish text --------------------------------------------------------

def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """CoderError and every class that derives from it, wherever in the package it is defined."""
    names = {"CoderError"}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        (b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)) in names for b in node.bases):
                    names.add(node.name)
                    grew = True
    return names


def _error_calls() -> list[tuple[str, ast.Call]]:
    """(where, call) for every construction of a CoderError (or subclass) in the package."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}
    names = _error_classes(trees)
    calls = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in names:
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def _danish_of(call: ast.Call) -> ast.expr | None:
    given = [k.value for k in call.keywords if k.arg == "danish"]
    return given[0] if given else (call.args[1] if len(call.args) > 1 else None)


def test_every_error_coder_raises_has_a_danish_text() -> None:
    calls = _error_calls()
    assert len(calls) > 120  # the scan finds them (~160 when this was written)
    missing = [where for where, call in calls if _danish_of(call) is None]
    assert missing == [], "CoderErrors without danish=… (a Danish reader would get English):\n" + "\n".join(missing)


def test_no_danish_text_is_the_english_one_again() -> None:
    same = [where for where, call in _error_calls() if call.args and (danish := _danish_of(call)) is not None
            and ast.dump(call.args[0]) == ast.dump(danish)]
    assert same == [], "danish= repeats the English text:\n" + "\n".join(same)


def test_an_error_is_english_as_a_string_and_danish_in_danish() -> None:
    err = InputError("x.csv: file not found; check the path", danish="x.csv: filen findes ikke; tjek stien")
    assert str(err) == "x.csv: file not found; check the path" and err.danish == "x.csv: filen findes ikke; tjek stien"
    back = pickle.loads(pickle.dumps(err))  # errors come back from Dask workers
    assert type(back) is InputError and str(back) == str(err) and back.danish == err.danish
    assert CoderError("only English").danish == "only English"  # code outside coder may leave it out


def test_a_codebook_validation_error_is_danish_too() -> None:
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    data["themes"].append(dict(data["themes"][0]))
    with pytest.raises(CoderError) as caught:
        from coder.codebook import parse_codebook

        parse_codebook(data, "cb.yaml")
    assert str(caught.value) == "cb.yaml: themes[6].id: duplicate theme id 'indhold'"
    assert caught.value.danish == "cb.yaml: themes[6].id: tema-id'et 'indhold' er allerede brugt"


# --- the language of a codebook or project, read leniently --------------------------------------

def test_the_language_of_a_codebook_is_read_even_when_the_codebook_fails(tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.yaml"  # parses, fails validation
    invalid.write_text("name: x\nversion: 1\nlanguage: en\nthemes:\n- {id: a}\n", encoding="utf-8")
    unparsable = tmp_path / "unparsable.yaml"  # not YAML at all: its language line still tells
    unparsable.write_text("name: x\nlanguage: en\nthemes: [\n", encoding="utf-8")
    none = tmp_path / "none.yaml"
    none.write_text("name: x\n", encoding="utf-8")
    assert codebook_language(invalid) == codebook_language(unparsable) == "en"
    assert codebook_language(CODEBOOK) == "da"
    assert codebook_language(none) is None and codebook_language(tmp_path / "nope.yaml") is None
    assert codebook_language(tmp_path) is None and codebook_language(DATA / "binary.csv") is None


def test_the_language_of_a_project_is_read_without_touching_it(tmp_path: Path) -> None:
    out = english_project(tmp_path)
    before = (out / "coder.db").read_bytes()
    assert project_language(out) == "en" and (out / "coder.db").read_bytes() == before
    assert project_language(tmp_path / "nope") is None and project_language(tmp_path) is None
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "coder.db").write_bytes(b"junk\n")
    assert project_language(tmp_path / "junk") is None
    empty = tmp_path / "empty"
    empty.mkdir()
    sqlite3.connect(empty / "coder.db").close()
    assert project_language(empty) is None and not (empty / "coder.db").read_bytes()


# --- the CLI: one line in the reader's language ---------------------------------------------

@pytest.fixture(autouse=True)
def _fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(coder.pipeline.run, "get_embedder", lambda *args, **kwargs: FakeEmbedder())


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def one_line(result: Result) -> str:
    """The error: exit code 2, nothing on stdout, one line on stderr, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def english_codebook(folder: Path) -> Path:
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    path = folder / "english.yaml"
    path.write_text(yaml.safe_dump({**data, "language": "en"}, allow_unicode=True), encoding="utf-8")
    return path


def english_project(folder: Path) -> Path:
    out = folder / "en-project"
    code_file(SURVEY, load_codebook(english_codebook(folder)), out, CodeOptions(ReadOptions(("kommentar",), "id")),
              embedder=FakeEmbedder())
    return out


def code(codebook: Path | str, folder: Path, *extra: str) -> Result:
    return run("code", "tests/data/nope.csv", "-c", str(codebook), "-o", str(folder / "p"), "-t", "kommentar",
               "--model", "fake", *extra)


def test_a_danish_codebook_gives_the_error_in_danish(tmp_path: Path) -> None:
    assert one_line(code(CODEBOOK, tmp_path)) == "Fejl: tests/data/nope.csv: filen findes ikke; tjek stien"


def test_locale_en_gives_the_error_in_english(tmp_path: Path) -> None:
    assert one_line(code(CODEBOOK, tmp_path, "--locale", "en")) == ("Error: tests/data/nope.csv: file not found; "
                                                                    "check the path")


def test_an_english_codebook_gives_the_error_in_english_and_locale_da_in_danish(tmp_path: Path) -> None:
    english = english_codebook(tmp_path)
    assert one_line(code(english, tmp_path)) == "Error: tests/data/nope.csv: file not found; check the path"
    assert one_line(code(english, tmp_path, "--locale", "da")).startswith("Fejl: tests/data/nope.csv: filen findes")


def test_with_no_codebook_known_the_error_is_danish(tmp_path: Path) -> None:
    assert one_line(run("report", str(tmp_path))) == (f"Fejl: {tmp_path}: ikke et coder-projekt (ingen coder.db); "
                                                      f"kør 'coder code … --out {tmp_path}' først")
    assert one_line(run("discover", str(SURVEY), "--model", "fake")).startswith(
        f"Fejl: {SURVEY}: angiv --out MAPPE til filerne fra discover")


def test_a_broken_codebook_gives_its_error_in_its_own_language(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text((DATA / "broken_codebook.yaml").read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    expected = (f"Error: {broken}: themes[3].label: field required; add a line such as 'label: Professional content' "
                "(the theme 'data')")
    assert one_line(run("codebook", "check", str(broken))) == expected
    assert one_line(code(broken, tmp_path)) == expected
    assert one_line(run("codebook", "check", "tests/data/broken_codebook.yaml")) == (
        "Fejl: tests/data/broken_codebook.yaml: themes[3].label: feltet mangler; tilføj en linje som "
        "'label: Fagligt indhold' (temaet 'data')")  # no language: Danish, the default
    unparsable = tmp_path / "unparsable.yaml"
    unparsable.write_text("name: x\nlanguage: en\nthemes: [\n", encoding="utf-8")
    assert one_line(run("codebook", "check", str(unparsable))).startswith(f"Error: {unparsable}: line 4: ")
    # walk29: 'language: english', an English writer's likely slip, is refused, but in English
    slip = tmp_path / "slip.yaml"
    slip.write_text((DATA / "broken_codebook.yaml").read_text(encoding="utf-8") + "language: english\n",
                    encoding="utf-8")
    said = run("codebook", "check", str(slip))
    assert said.exit_code == 2 and said.output.strip().splitlines()[-1].startswith("Error: ")
    assert "is not a language code; write da (Danish) or en (English)" in said.output and "Fejl" not in said.output


def test_an_unknown_locale_is_said_in_the_codebooks_language(tmp_path: Path) -> None:
    assert one_line(run("codebook", "check", str(CODEBOOK), "--locale", "fr")) == (
        "Fejl: --locale fr: ukendt sprog; brug en eller da")
    assert one_line(run("codebook", "check", str(english_codebook(tmp_path)), "--locale", "fr")) == (
        "Error: --locale fr: unknown locale; use en or da")


def test_a_project_command_speaks_the_language_of_the_project_codebook(tmp_path: Path) -> None:
    out = english_project(tmp_path)
    assert one_line(run("report", str(out), "--by", "nope")) == ("Error: --by nope: column not found; available: "
                                                                 "speciale, region, andre_kommentarer")
    assert one_line(run("report", str(out), "--by", "nope", "--locale", "da")) == (
        "Fejl: --by nope: kolonnen findes ikke; kolonnerne er: speciale, region, andre_kommentarer")
    assert one_line(run("agreement", str(out))).startswith(f"Error: {out}: no reviewer decisions yet")
    assert one_line(run("codebook", "learn", str(out), "-o", str(tmp_path / "new.yaml"))).startswith(
        f"Error: {out}: no reviewed answers to learn from yet")


def test_a_file_error_the_library_did_not_expect_is_one_line_in_the_readers_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object) -> None:
        raise PermissionError(13, "Permission denied", "themes.csv")

    monkeypatch.setattr(coder.console, "print_codebook", denied)
    assert one_line(run("codebook", "check", str(CODEBOOK))) == (
        "Fejl: themes.csv: ingen adgang; tjek stien, rettighederne og den ledige plads")
    assert one_line(run("codebook", "check", str(CODEBOOK), "--locale", "en")) == (
        "Error: themes.csv: Permission denied; check the path, its permissions and the free space")


def test_an_interrupted_command_says_so_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(coder.console, "print_codebook", interrupt)
    for extra, said in (((), "Afbrudt."), (("--locale", "en"), "Interrupted.")):
        result = run("codebook", "check", str(CODEBOOK), *extra)
        assert result.exit_code == 130 and result.stderr == f"{said}\n"


@pytest.mark.parametrize("args", [("code", str(SURVEY), "-c", str(CODEBOOK)), ("nonsense",),
                                  ("report", ".", "--quotes", "50")])
def test_a_usage_error_has_a_danish_label_and_hint_and_locale_en_makes_them_english(args: tuple[str, ...]) -> None:
    danish = one_line(run(*args))
    assert danish.startswith("Fejl: ") and "; se '" in danish and danish.endswith(" --help'")
    english = one_line(run(*args, "--locale", "en"))
    assert english.startswith("Error: ") and "; see '" in english
    # the same hint; Click's own words in Danish too (they were English after "Fejl:")
    assert english.rsplit("; see '", 1)[1] == danish.rsplit("; se '", 1)[1]
    said_en, said_da = english.rsplit("; see '", 1)[0][len("Error: "):], danish.rsplit("; se '", 1)[0][len("Fejl: "):]
    assert said_en != said_da


def test_the_notice_and_the_error_share_one_shape() -> None:
    """A warning (Notice) and an error both keep English as their string and Danish in ``danish``."""
    notice, error = Notice("english", "dansk"), CoderError("english", danish="dansk")
    assert (str(notice), notice.danish) == (str(error), error.danish) == ("english", "dansk")


def test_a_mistyped_option_on_an_english_project_is_told_in_english(tmp_path: Path) -> None:
    """An English project's reader got 'Fejl: ukendt tilvalg …': the error came before Click read the project."""
    english = tmp_path / "en.yaml"
    english.write_text(CODEBOOK.read_text(encoding="utf-8").replace("language: da", "language: en"), encoding="utf-8")
    code_file(DATA / "survey_semicolon_cp1252.csv", load_codebook(english), tmp_path / "p",
              CodeOptions(ReadOptions(("kommentar",), "id")), embedder=FakeEmbedder())
    assert one_line(run("report", str(tmp_path / "p"), "--formt", "md")).startswith("Error: No such option: --formt")
    assert one_line(run("report", "nowhere", "--formt", "md")).startswith("Fejl: ukendt tilvalg")  # no project: Danish


@pytest.mark.parametrize("args,danish", [
    (("code",), "Fejl: argumentet 'INPUT' mangler; se 'root code --help'"),
    (("code", "x.csv", "-c", str(CODEBOOK), "--bogus"), "Fejl: ukendt tilvalg: --bogus"),
    (("code", "x.csv", "-t", "kommentar"), "Fejl: tilvalget '--codebook' / '-c' mangler"),
    (("nonsense",), "Fejl: ukendt kommando 'nonsense'"),
    (("reprt", "p"), "Fejl: ukendt kommando 'reprt'; mente du 'report', 'export'?"),  # was half in English
    (("report", "p", "--min-group", "0"), "Fejl: ugyldig værdi for '--min-group': den skal være "
                                                             "mindst 1"),
    (("report", "p", "--min-group", "x"), "Fejl: ugyldig værdi for '--min-group': angiv et helt tal"),
    (("code", "x.csv", "-c", str(CODEBOOK), "-o", "p", "extra"), "Fejl: uventet ekstra argument (extra)"),
    (("code", "x.csv", "-c", str(CODEBOOK), "--force=true"), "Fejl: tilvalget '--force' tager ingen værdi"),  # walk24
])
def test_a_mistyped_command_line_is_told_in_danish(args: tuple[str, ...], danish: str) -> None:
    """Click's usage errors read 'Fejl: Missing option …' to a Danish reader."""
    assert one_line(run(*args)).startswith(danish)
    assert one_line(run(*args, "--locale", "en")).startswith("Error: ") or args == ("nonsense",)


def test_an_unreadable_input_is_said_in_danish_with_the_fix() -> None:
    """Click's 'path … is not readable' reached a Danish reader in English, with no fix (walk15; as root, where every
    file is readable, only the wording can be checked)."""
    from coder.cli.usage_da import danish_usage

    said = danish_usage("Invalid value for 'INPUT': Path 'svar.csv' is not readable.")
    assert said == ("ugyldig værdi for 'INPUT': 'svar.csv' må ikke læses af dig; giv læseadgang (chmod u+r "
                    "'svar.csv'), eller kopiér filen hen, hvor du kan læse den")


def test_an_empty_model_name_is_refused_not_taken_for_the_default() -> None:
    """'--model \"\"' ran e5 without a word (walk21), where every other empty option is refused."""
    from coder.embed import get_embedder
    from coder.errors import ModelError

    with pytest.raises(ModelError, match="--model is empty") as err:
        get_embedder(" ")
    assert "--model er tom" in err.value.danish
