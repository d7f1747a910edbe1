"""Notes on a valid codebook that would move codes its author did not mean to (walk36: each passed check as OK)."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT
from test_cli import run

from coder.classify.codebook_checks import codebook_notices
from coder.codebook import load_codebook, parse_codebook

SHIPPED = ROOT / "codebooks" / "klynger.yaml"


def _data() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def _notes(data: dict) -> list[str]:
    return [n.danish for n in codebook_notices(parse_codebook(data))]


def test_the_shipped_codebooks_have_no_note_on_their_themes() -> None:
    for path in (SHIPPED, *(ROOT / "bench" / "data" / "holdout").glob("*/codebook.yaml")):
        assert codebook_notices(load_codebook(path)) == (), path
    catch_all, hav = codebook_notices(load_codebook(ROOT / "bench" / "data" / "sib200.yaml"))  # news topics
    assert catch_all.startswith("no catch-all theme") and "'hav' matches as the beginning" in hav  # of 'have'


def test_a_function_word_as_a_keyword_is_noted() -> None:
    data = _data()
    data["themes"][0]["keywords"] += ["og", "At"]  # walk36: these moved 24 of 193 primary codes
    notes = _notes(data)
    assert len(notes) == 2 and "nøgleordet 'og' er et almindeligt ord" in notes[0] and "'At'" in notes[1]


def test_the_beginning_of_common_words_is_noted_and_an_abbreviation_is_not() -> None:
    """walk38: 'me' matched 80 of 193 answers (med, meget, men) without a note, and 'IT' was noted as 'it'."""
    data = _data()
    data["themes"][0]["keywords"] += ["me", "IT", "og så"]
    notes = _notes(data)
    assert len(notes) == 2
    assert "nøgleordet 'me' gælder som begyndelsen af ethvert ord, så også af almindelige ord som 'med'" in notes[0]
    assert "nøgleordet 'og så' er et almindeligt ord" in notes[1]
    english = _data()
    english["language"] = "en"
    english["themes"][0]["keywords"] += ["og", "the"]  # an English codebook's common words are English ones
    assert [n for n in _notes(english) if "common word" in n or "almindeligt ord" in n] == [
        n for n in _notes(english) if "'the'" in n]


def test_a_keyword_in_two_themes_or_twice_in_one_is_noted() -> None:
    data = _data()
    first, second = data["themes"][0], data["themes"][1]
    second["keywords"] = [*second["keywords"], first["keywords"][0].upper()]
    first["keywords"] = [*first["keywords"], first["keywords"][1]]
    notes = _notes(data)
    assert any(f"nøgleordet '{first['keywords'][1]}' står to gange" in n for n in notes)
    assert any(f"'{second['id']}': nøgleordet '{first['keywords'][0].upper()}' er også nøgleord for "
               f"'{first['id']}'" in n for n in notes)
    assert len(notes) == 2


def test_one_example_under_two_themes_or_as_its_own_counter_example_is_noted() -> None:
    data = _data()
    first, second = data["themes"][0], data["themes"][1]
    second["examples"] = [*second["examples"], first["examples"][0] + " "]  # the same text, a space aside
    first["counter_examples"] = [*first.get("counter_examples", []), first["examples"][1]]
    notes = _notes(data)
    assert len(notes) == 2
    assert "er både eksempel og modeksempel på temaet" in notes[0]
    assert f"er også eksempel på '{first['id']}'" in notes[1]
    data = _data()  # an example of one theme as another's counter-example is what counter-examples are for
    data["themes"][1]["counter_examples"] = [data["themes"][0]["examples"][0]]
    assert _notes(data) == []


def test_an_exclude_note_pointing_to_no_theme_is_noted() -> None:
    data = _data()
    data["themes"][0]["exclude"] = [*data["themes"][0].get("exclude", []), "Brug af tal (se dat)"]
    (note,) = _notes(data)
    assert "udelad-noten “Brug af tal (se dat)” henviser til 'dat', som ikke er et tema i kodebogen" in note


def test_a_discover_draft_and_a_single_theme_are_noted() -> None:
    data = _data()
    data["themes"][0]["description"] = "UDKAST – beskriv temaet. Kommentarer om klynge og data."
    assert any("beskrivelsen er stadig udkastet fra coder discover" in n for n in _notes(data))
    data = _data()
    data["themes"] = [{**data["themes"][0], "exclude": []}]  # its exclude notes point to the themes left out
    assert _notes(data) == [f"kodebogen har ét tema, '{data['themes'][0]['id']}', så alle svar kodes til det; "
                            "tilføj de andre og en opsamlingskategori, fx 'andet'"]


def test_check_and_code_say_the_notes_and_go_on(tmp_path: Path) -> None:
    data = _data()
    data["themes"][0]["keywords"] += ["og"]
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = run("codebook", "check", str(path))
    assert checked.exit_code == 0 and "— OK" in checked.stdout
    assert "Bemærk: 'indhold': nøgleordet 'og' er et almindeligt ord" in " ".join(checked.stdout.split())
    coded = run("code", str(ROOT / "data" / "klynger_2025.csv"), "-c", str(path), "-o", str(tmp_path / "p"),
                "--model", "lexical", "-t", "forbedringer")
    assert coded.exit_code == 0, coded.output
    assert "nøgleordet 'og' er et almindeligt ord" in " ".join(coded.stderr.split())


def test_questions_the_codebook_words_and_questions_it_codes_are_matched(tmp_path: Path) -> None:
    """walk37: a second question, about something else, was coded with the first one's themes without a word."""
    from coder.classify.codebook_checks import question_notices

    data = _data()
    data["questions"] = {"forbedringer": "Hvad kunne gøre klyngemøderne bedre?", "forbedring": "tastefejl"}
    cb = parse_codebook(data)
    said = [n.danish for n in question_notices(cb, ("forbedringer", "kommentar"))]
    assert said[0].startswith("kodebog: questions: 'forbedring' er ikke et spørgsmål i denne kørsel")
    assert said[1].startswith("'kommentar' kodes med kodebogen") and "kod det med sin egen kodebog" in said[1]
    assert question_notices(parse_codebook(_data()), ("forbedringer", "kommentar")) == ()  # no wordings: no guess
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    coded = run("code", str(ROOT / "data" / "klynger_2025.csv"), "-c", str(path), "-o", str(tmp_path / "p"),
                "--model", "lexical", "-t", "forbedringer", "-t", "kommentar")
    assert coded.exit_code == 0 and "'kommentar' kodes med kodebogen" in " ".join(coded.stderr.split())
