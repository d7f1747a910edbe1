"""The ``coder`` CLI through typer's CliRunner: exit codes, exact one-line errors, and the main success paths.

Every ``coder code`` call uses ``--model lexical`` so no neural model is needed. The sample codebook is Danish,
so the errors are Danish (``Fejl: …``); their English wording is checked with ``--locale en`` in test_bad_input.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from typer.testing import CliRunner, Result

from coder.cli import app

CODEBOOK = "codebooks/klynger.yaml"
SURVEY = "tests/data/survey_semicolon_cp1252.csv"
THEME_IDS = ["indhold", "struktur", "social", "data", "kritik", "andet"]
THEME_LABELS = ["Fagligt indhold og cases", "Struktur, mødeledelse og opfølgning", "Socialt og kollegialt samvær",
                "Data og kvalitetsarbejde", "Kritik og skepsis", "Andet"]
PROJECT_FILES = ["assignments.csv", "themes.csv", "report.md", "run.json", "coder.db"]


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root so paths (and the messages naming them) read as in the README."""
    monkeypatch.chdir(ROOT)


def run(*args: str) -> Result:
    # A wide terminal so Rich does not wrap the lines we look for.
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def flat(text: str) -> str:
    """Collapse whitespace, so a line Rich wrapped still matches."""
    return " ".join(text.split())


def code(*args: str) -> Result:
    return run("code", *args, "--model", "lexical")


def assert_user_error(result: Result, message: str) -> None:
    """Exit code 2, the one-line error (Danish) as the last line of stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.count("Fejl:") == 1
    assert result.stderr.splitlines()[-1] == f"Fejl: {message}"


# --- user errors --------------------------------------------------------------

def test_input_file_missing(tmp_path: Path) -> None:
    result = code("tests/data/nope.csv", "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar")
    assert_user_error(result, "tests/data/nope.csv: filen findes ikke; tjek stien")
    assert not (tmp_path / "p").exists()


def test_unreadable_encoding(tmp_path: Path) -> None:
    result = code("tests/data/binary.csv", "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar")
    assert_user_error(result, "tests/data/binary.csv: ulæselig tegnkodning (binære data eller UTF-16 uden "
                              "byte-order mark); gem filen som CSV UTF-8 eller angiv --encoding")


def test_empty_file(tmp_path: Path) -> None:
    result = code("tests/data/empty.csv", "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar")
    assert_user_error(result, "tests/data/empty.csv: filen er tom; eksportér undersøgelsen igen med en "
                              "overskriftsrække og besvarelserne")


def test_text_column_not_found_lists_the_available_columns(tmp_path: Path) -> None:
    result = code(SURVEY, "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "Kommentar", "--id-col", "id")
    assert_user_error(result, "kolonnen 'Kommentar' findes ikke (mente du 'kommentar'?); filens kolonner er: id, "
                              "speciale, region, kommentar, andre_kommentarer (angiv den med --text-col)")


def test_on_a_terminal_a_contact_request_is_said_again_after_the_report(tmp_path: Path, monkeypatch) -> None:
    """walk24: on an 80x24 terminal the warning that someone may be owed an answer scrolled away behind the
    report of some 130 lines."""
    import io

    from rich.console import Console

    import coder.cli.coding as coding

    screen = io.StringIO()
    for name in ("console", "err_console"):
        monkeypatch.setattr(coding, name, Console(file=screen, force_terminal=True, width=100, color_system=None))
    survey = tmp_path / "s.csv"
    survey.write_text("id;kommentar\nR1;Mere fagligt indhold tak\nR2;Ring til mig på 22 33 44 55 om min mors "
                      "forløb\nR3;Bedre struktur på møderne\n", encoding="utf-8")
    result = code(str(survey), "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar", "--id-col", "id")
    assert result.exit_code == 0, result.output
    shown = screen.getvalue()
    said = "beder om at blive kontaktet"
    assert shown.count(said) == 2 and shown.rindex(said) > shown.index("Projekt:"), shown


def test_version() -> None:
    """walk24: 'coder --version' was an unknown option."""
    from importlib.metadata import version

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"coder {version('coder')}"


def test_a_column_named_by_its_start_or_nearly_is_suggested(tmp_path: Path) -> None:
    """walk24: '-t Forbedring' for 'forbedringer' gave no hint, though --question takes the start of a name."""
    from coder.io_errors import near_names

    columns = ["id", "speciale", "forbedringer", "kommentar", "andre_kommentarer"]
    assert near_names("Forbedring", columns) == ["forbedringer"]
    assert near_names("kommentr", columns) == ["kommentar"]
    assert near_names("region", columns) == [] and near_names("a", columns) == []
    result = code(SURVEY, "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "Kommen", "--id-col", "id")
    assert_user_error(result, "kolonnen 'Kommen' findes ikke (mente du 'kommentar'?); filens kolonner er: id, "
                              "speciale, region, kommentar, andre_kommentarer (angiv den med --text-col)")


def test_id_column_not_found(tmp_path: Path) -> None:
    result = code(SURVEY, "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar", "--id-col", "respondent")
    assert_user_error(result, "kolonnen 'respondent' findes ikke; filens kolonner er: id, speciale, region, "
                              "kommentar, andre_kommentarer (angiv den med --id-col)")


def test_duplicate_ids(tmp_path: Path) -> None:
    result = code("tests/data/survey_duplicate_ids.csv", "-c", CODEBOOK, "-o", str(tmp_path / "p"),
                  "-t", "kommentar", "--id-col", "id")
    assert_user_error(result, "tests/data/survey_duplicate_ids.csv: id'er der går igen i kolonnen 'id': A2; id'erne "
                              "skal være entydige (eller udelad --id-col for at bruge rækkenumre)")
    assert not (tmp_path / "p").exists()


def test_xlsx_sheet_missing(tmp_path: Path) -> None:
    result = code("tests/data/survey.xlsx", "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar",
                  "--sheet", "Svar")
    assert_user_error(result, "tests/data/survey.xlsx: arket 'Svar' findes ikke; filens ark er: Besvarelser, Info")


BROKEN = ("tests/data/broken_codebook.yaml: themes[3].label: feltet mangler; tilføj en linje som "
          "'label: Fagligt indhold' (temaet 'data')")


def test_broken_codebook_in_code(tmp_path: Path) -> None:
    result = code(SURVEY, "-c", "tests/data/broken_codebook.yaml", "-o", str(tmp_path / "p"), "-t", "kommentar")
    assert_user_error(result, BROKEN)
    assert result.stderr == f"Fejl: {BROKEN}\n"  # the codebook is checked before anything else is said or done
    assert not (tmp_path / "p").exists()


def test_broken_codebook_in_codebook_check() -> None:
    result = run("codebook", "check", "tests/data/broken_codebook.yaml")
    assert_user_error(result, BROKEN)
    assert result.stderr == f"Fejl: {BROKEN}\n"


def test_codebook_check_lists_every_problem_at_once_and_other_commands_point_to_it(tmp_path: Path) -> None:
    """A codebook with three problems took three rounds of fixing: only the first was named ('og 2 fejl mere')."""
    path = tmp_path / "cb.yaml"
    path.write_text("name: Test\nlanguage: da\nthemes:\n  - id: indhold\n    label: Indhold\n    description: ''\n"
                    "  - id: social\n    label: Socialt\n    descripton: Samvær\n", encoding="utf-8")
    checked = run("codebook", "check", str(path))
    assert_user_error(checked, f"{path}: 4 fejl i kodebogen (ovenfor); ret dem, og tjek den igen")
    listed = checked.stderr.splitlines()[:-1]
    assert [line.split(": ")[1] for line in listed] == ["version", "themes[0].description", "themes[1].description",
                                                        "themes[1].descripton"]
    assert "mente du 'description'?" in listed[-1]
    coded = code(SURVEY, "-c", str(path), "-o", str(tmp_path / "p"), "-t", "kommentar")
    assert coded.stderr.splitlines()[-1].endswith(f"(og 3 fejl mere: coder codebook check {path} viser dem alle)")


def test_codebook_missing(tmp_path: Path) -> None:
    result = code(SURVEY, "-c", "codebooks/nope.yaml", "-o", str(tmp_path / "p"), "-t", "kommentar")
    assert_user_error(result, "codebooks/nope.yaml: kodebogen findes ikke; angiv --codebook med stien til en kodebog "
                              "i YAML")


def test_model_folder_missing(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    result = run("code", SURVEY, "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar", "--model", str(missing))
    assert_user_error(result, f"--model {missing}: mappen findes ikke; angiv en lokal sentence-transformers-mappe, "
                              "'e5' (standard) eller 'lexical'")
    assert not (tmp_path / "p").exists()


def test_report_on_a_directory_that_is_not_a_project(tmp_path: Path) -> None:
    result = run("report", str(tmp_path))
    assert_user_error(result, f"{tmp_path}: ikke et coder-projekt (ingen coder.db); kør 'coder code … --out "
                              f"{tmp_path}' først")  # no codebook known: Danish, the codebook's default
    assert result.stderr == f"Fejl: {tmp_path}: ikke et coder-projekt (ingen coder.db); kør 'coder code … --out " \
                            f"{tmp_path}' først\n"


# --- success paths ----------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Result]:
    out = tmp_path / "proj"
    result = code(SURVEY, "-c", CODEBOOK, "-o", str(out), "-t", "kommentar", "-t", "andre_kommentarer",
                  "--id-col", "id")
    return out, result


def test_code_writes_the_project(project: tuple[Path, Result]) -> None:
    out, result = project
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for name in PROJECT_FILES:
        assert (out / name).is_file(), name
    with open(out / "assignments.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 14  # 7 respondents x 2 questions
    assert sorted({r["question"] for r in rows}) == ["andre_kommentarer", "kommentar"]
    assert {r["id"] for r in rows} == {f"A{i}" for i in range(1, 8)}
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["model"]["neural"] is False
    assert record["counts"]["rows_in"] == 7


def test_code_announces_the_lexical_fallback(project: tuple[Path, Result]) -> None:
    _, result = project
    assert result.exit_code == 0, result.output
    assert "ADVARSEL: bruger den leksikale reserve (tegn-n-gram), ikke en neural model." in flat(result.stderr)
    assert "Kodet med den leksikale reserve, ikke en neural model." in flat(result.stdout)  # a Danish codebook


def test_code_accounts_for_every_row(project: tuple[Path, Result]) -> None:
    _, result = project
    output = flat(result.stdout)
    assert "kommentar: 7 rækker ind = 7 ud" in output
    assert "andre_kommentarer: 7 rækker ind = 7 ud" in output
    assert "gættet" not in output  # the columns were given
    assert "(5 kodet, 1 ikke-svar, 1 tom)" in output


def test_the_row_count_line_says_tomme_for_more_than_one() -> None:
    """'430 rækker ind = 430 ud (373 kodet, 24 ikke-svar, 33 tom)'."""
    from coder.console import _status_parts
    from coder.wording import Wording

    da = Wording("da")
    assert _status_parts({"coded": 373, "non_answer": 24, "empty": 33}, da) == "373 kodet, 24 ikke-svar, 33 tomme"
    assert _status_parts({"coded": 2, "empty": 1}, Wording("da")) == "2 kodet, 1 tom"


def test_code_guesses_the_text_columns(tmp_path: Path) -> None:
    out = tmp_path / "proj"
    result = code(SURVEY, "-c", CODEBOOK, "-o", str(out), "--id-col", "id")
    assert result.exit_code == 0, result.output
    assert "Tekstkolonner (gættet): kommentar, andre_kommentarer; vælg dem med --text-col." in flat(result.stdout)
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["questions"] == ["kommentar", "andre_kommentarer"]


def test_report_shows_the_theme_tables(project: tuple[Path, Result]) -> None:
    out, coded = project
    assert coded.exit_code == 0, coded.output
    result = run("report", str(out), "--quotes", "0")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for question in ("kommentar", "andre_kommentarer"):
        assert question in result.stdout
    for label in THEME_LABELS:
        assert label in result.stdout, label


def test_report_as_markdown(project: tuple[Path, Result]) -> None:
    out, coded = project
    assert coded.exit_code == 0, coded.output
    result = run("report", str(out), "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Temaer – Kvalitetsklynger – hvad gør klyngemøderne bedre"  # the codebook is Danish
    assert "## kommentar" in lines and "## andre_kommentarer" in lines
    assert "| Tema | n | Andel % | 95 %-KI | Nævnt n | Nævnt % |" in lines
    assert (out / "report.md").read_text(encoding="utf-8") == result.stdout  # one Markdown renderer for both
    themes = lines[lines.index("## Temaerne"):]  # what each theme covers, as the codebook says (seed 001 does)
    assert any(line.startswith("Data og kvalitetsarbejde: Brug af egne data") for line in themes)
    english = run("report", str(out), "--format", "md", "--locale", "en").stdout.splitlines()
    assert english[0] == "# Themes – Kvalitetsklynger – hvad gør klyngemøderne bedre"
    assert "| Theme | n | Share % | 95 % CI | Mentions n | Mentions % |" in english
    table_rows = [line for line in lines if line.startswith("| ") and line.endswith(" |")]
    for label in THEME_LABELS:
        assert any(row.startswith(f"| {label} |") for row in table_rows), label


def test_report_unknown_format(project: tuple[Path, Result]) -> None:
    out, coded = project
    assert coded.exit_code == 0, coded.output
    result = run("report", str(out), "--format", "pdf")
    assert_user_error(result, "--format pdf: ukendt format; brug terminal, md, html, xlsx, csv, json, png eller all")


def test_codebook_check_lists_every_theme() -> None:
    result = run("codebook", "check", CODEBOOK)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "(6 temaer) — OK" in result.stdout
    for theme_id in THEME_IDS:
        assert f" {theme_id} " in result.stdout, theme_id
    assert "Bemærk" not in result.stdout  # the sample codebook has a catch-all and a Danish language


def test_codebook_check_notes_a_missing_catch_all_and_an_odd_language(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(Path(CODEBOOK).read_text(encoding="utf-8"))
    data["themes"] = [t for t in data["themes"] if not t.get("catch_all")]
    data["themes"][0]["examples"] = data["themes"][0]["examples"][:1]
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    danish = " ".join(run("codebook", "check", str(path)).stdout.split())
    assert "Bemærk: ingen opsamlingskategori (catch_all: true)" in danish
    assert "1 eksempel: “" in danish and "1 eksempler" not in danish  # walk37
    data["language"] = "xx"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    odd = " ".join(run("codebook", "check", str(path)).stdout.split())
    assert "Note: language 'xx' is neither da nor en; output is in English" in odd and "no catch-all theme" in odd


def test_no_target_precision_names_the_right_cause() -> None:
    """With a full audit sample the advice was still 'draw an audit sample first', which led nowhere."""
    from coder.console import target_none
    from coder.wording import Wording

    w = Wording("da")
    assert "Træk og kod først en auditstikprøve" in target_none(0.9, 10, 40, w)[1]
    enough = target_none(0.9, 100, 40, w)[1]
    assert "Ved ingen sikkerhed var nok af de 100 auditerede svar" in enough and "auditstikprøve" not in enough


def test_an_interrupted_coder_code_says_how_to_pick_up(tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C printed only 'Afbrudt.', though the same command resumes the run."""
    import coder.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(coder.pipeline, "code_file", interrupted)
    survey = tmp_path / "s.csv"
    survey.write_text("id;kommentar\nR1;Flere faglige oplæg tak\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(survey), "-c", str(ROOT / "codebooks" / "klynger.yaml"),
                                      "-o", str(tmp_path / "p"), "--model", "lexical"])
    assert result.exit_code == 130 and "Kør samme kommando igen for at fortsætte" in result.output


def test_a_long_run_whose_output_is_not_a_terminal_still_says_how_far_it_is(capsys) -> None:
    """With stderr to a file, a 20,000-row run said nothing for 4 minutes (the bar is drawn on terminals only)."""
    from rich.progress import Progress

    from coder.cli.coding import _progress
    from coder.wording import Wording

    with Progress(disable=True) as bar:
        say = _progress(bar, bar.add_task("embed"), Wording("da"), every=0.0)
        say(5000, 20000)
    assert "Beregner vektorer: 5000/20000" in capsys.readouterr().err


def test_no_output_overwrites_the_survey_input_the_codebook_or_the_project_database(tmp_path: Path) -> None:
    """The survey export inside the project named like an export, coder.db as --out, a codebook exported onto
    itself: each was replaced without a word."""
    import shutil

    runner = CliRunner()
    project = tmp_path / "p"
    project.mkdir()
    survey = project / "assignments.csv"  # the analyst saved the export inside the folder, under this name
    shutil.copy(DATA / "survey_semicolon_cp1252.csv", survey)
    before = survey.read_bytes()
    cb = ROOT / "codebooks" / "klynger.yaml"
    refused = runner.invoke(app, ["code", str(survey), "-c", str(cb), "-o", str(project), "-m", "lexical",
                                  "-t", "kommentar", "--force"])
    assert refused.exit_code == 2 and "survey-inputtet" in refused.output and survey.read_bytes() == before
    done = runner.invoke(app, ["code", str(DATA / "survey_semicolon_cp1252.csv"), "-c", str(cb), "-o",
                               str(tmp_path / "q"), "-m", "lexical", "-t", "kommentar"])
    assert done.exit_code == 0, done.output
    db = tmp_path / "q" / "coder.db"
    size = db.stat().st_size
    codebook = tmp_path / "cb.yaml"
    shutil.copy(cb, codebook)
    for args in (["decisions", str(tmp_path / "q"), "--out", str(db)],
                 ["export", str(tmp_path / "q"), "--out", str(db)],
                 ["codebook", "learn", str(tmp_path / "q"), "-o", str(db), "--force"],
                 ["compare", str(tmp_path / "q"), str(tmp_path / "q2"), "-f", "md", "--out", str(db)],
                 ["codebook", "export", str(codebook), "--out", str(codebook)]):
        if args[0] == "compare":
            shutil.copytree(tmp_path / "q", tmp_path / "q2", dirs_exist_ok=True)
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "ville overskrive" in result.output, (args, result.output)
    assert db.stat().st_size == size and codebook.read_text(encoding="utf-8") == cb.read_text(encoding="utf-8")


def test_a_damaged_database_of_an_english_project_is_said_in_english(tmp_path: Path) -> None:
    """The project's language came from coder.db alone: a damaged one was told about in Danish."""
    runner = CliRunner()
    text = (ROOT / CODEBOOK).read_text(encoding="utf-8").replace("language: da", "language: en")
    (tmp_path / "en.yaml").write_text(text, encoding="utf-8")
    done = runner.invoke(app, ["code", str(ROOT / SURVEY), "-c", str(tmp_path / "en.yaml"), "-o", str(tmp_path / "p"),
                               "-m", "lexical", "-t", "kommentar"])
    assert done.exit_code == 0, done.output
    (tmp_path / "p" / "coder.db").write_bytes(b"this is no database" * 100)
    result = runner.invoke(app, ["report", str(tmp_path / "p")])
    assert result.exit_code == 2 and "Error:" in result.output and "the project database is damaged" in result.output


def test_code_with_locale_en_writes_the_projects_report_in_english_and_keeps_to_it(tmp_path: Path) -> None:
    from coder.report import refresh_exports

    out = tmp_path / "p"
    coded = code(SURVEY, "-c", CODEBOOK, "-o", str(out), "-t", "kommentar", "--id-col", "id", "--locale", "en")
    assert coded.exit_code == 0, coded.output
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Themes – ")
    refresh_exports(out)  # what a review session does when it ends
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Themes – ")
    assert run("report", str(out), "--format", "md").stdout.startswith("# Themes – ")
    assert run("report", str(out), "--format", "md", "--locale", "da").stdout.startswith("# Temaer – ")
    again = code(SURVEY, "-c", CODEBOOK, "-o", str(out), "-t", "kommentar", "--id-col", "id")
    assert again.exit_code == 0, again.output
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Temaer – ")  # the codebook's again


def test_no_command_writes_over_a_projects_database(project: tuple[Path, Result], tmp_path: Path) -> None:
    """agreement --json, codebook import --out and codebook export --out wrote over coder.db with exit 0, and every
    reviewer decision was gone (walk15)."""
    out, coded = project
    assert coded.exit_code == 0, coded.output
    from coder.store import Store

    store = Store.open_project(out)
    first = next(r.comment_id for r in store.rows() if r.status == "coded")
    store.record_decision(first, "anna", ("data",))
    store.record_decision(first, "bo", ("data",), blind=True)
    store.close()
    db = out / "coder.db"
    before = db.read_bytes()
    qdc = tmp_path / "k.qdc"
    assert run("codebook", "export", CODEBOOK, "--out", str(qdc)).exit_code == 0
    for args in (("agreement", str(out), "--json", str(db)), ("codebook", "import", str(qdc), "--out", str(db)),
                 ("codebook", "export", CODEBOOK, "--out", str(db))):
        result = run(*args)
        assert_user_error(result, f"{db}: er en database (et projekts coder.db med revieweres beslutninger), som "
                                  "dette ville overskrive; vælg en anden fil at skrive")
    assert db.read_bytes() == before
    assert run("report", str(out), "--quotes", "0").exit_code == 0
    folder = run("agreement", str(out), "--json", str(out))
    assert folder.exit_code == 2 and "fjern" not in folder.stderr and "giv --out et filnavn" in folder.stderr


def test_codebook_import_keeps_a_hand_written_codebooks_comments_unless_forced(tmp_path: Path) -> None:
    qdc, written = tmp_path / "k.qdc", tmp_path / "mine.yaml"
    assert run("codebook", "export", CODEBOOK, "--out", str(qdc)).exit_code == 0
    written.write_text("# vores noter om temaerne\n" + Path(CODEBOOK).read_text(encoding="utf-8"), encoding="utf-8")
    before = written.read_text(encoding="utf-8")
    refused = run("codebook", "import", str(qdc), "--out", str(written))
    assert refused.exit_code == 2 and "kommentarlinjer (#) ville gå tabt" in refused.stderr
    assert written.read_text(encoding="utf-8") == before
    assert run("codebook", "import", str(qdc), "--out", str(written), "--force").exit_code == 0
    assert not written.read_text(encoding="utf-8").startswith("# vores noter")


def test_an_out_named_for_another_kind_of_file_is_refused(project: tuple[Path, Result], tmp_path: Path) -> None:
    """export --out noter.md wrote a zip over the notes, compare --format xlsx --out cmp.md a workbook (walk15)."""
    import shutil

    out, coded = project
    assert coded.exit_code == 0, coded.output
    before = shutil.copytree(out, tmp_path / "before")
    notes = tmp_path / "noter.md"
    notes.write_text("# Mine noter\n", encoding="utf-8")
    for args, what in ((("export", str(out), "--out", str(notes)), "et REFI-QDA-projekt skal ende på .qdpx"),
                       (("compare", str(out), str(before), "--format", "xlsx", "--out", str(notes)),
                        "en sammenligning som xlsx skal ende på .xlsx"),
                       (("codebook", "export", CODEBOOK, "--out", str(notes)),
                        "en REFI-QDA-kodebog skal ende på .qdc")):
        result = run(*args)
        assert_user_error(result, f"--out {notes}: {what}; vælg et filnavn med den endelse")
    assert notes.read_text(encoding="utf-8") == "# Mine noter\n"
    assert run("export", str(out), "--out", str(tmp_path / "projekt.qdpx")).exit_code == 0
    assert run("compare", str(out), str(before), "--format", "md", "--out", str(tmp_path / "c.md")).exit_code == 0


def test_labels_are_random_without_hand_coded_labels_is_refused(tmp_path: Path) -> None:
    result = code(SURVEY, "-c", CODEBOOK, "-o", str(tmp_path / "p"), "-t", "kommentar", "--labels-are-random")
    assert_user_error(result, "--labels-are-random beskriver håndkodede svar; angiv dem med -g (--gold-col)")


def test_an_out_that_is_a_pipe_is_written_not_read_or_replaced(tmp_path: Path) -> None:
    """--out /dev/stdout hung: the guard against writing over a database read the pipe first (walk18); before the
    guard, the atomic write replaced the device with a file."""
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run("codebook", "export", CODEBOOK, "--out", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert not reader.is_alive() and got and got[0].startswith(b"<?xml")
    assert not fifo.is_file()  # still the pipe


def test_a_codebook_whose_language_is_no_code_is_refused_in_danish(tmp_path: Path) -> None:
    """'language: klingon' was refused in English: the refused value had chosen the reader's language (walk18)."""
    path = tmp_path / "kl.yaml"
    path.write_text("name: T\nversion: '1'\nlanguage: klingon\nthemes:\n  - id: a\n    label: A\n    description: x\n",
                    encoding="utf-8")
    assert_user_error(run("codebook", "check", str(path)),
                      f"{path}: language: 'klingon' er ikke en sprogkode; skriv da (dansk) eller en (engelsk)")
