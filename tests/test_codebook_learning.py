"""A codebook that improves: reviewers' clearest answers become examples, the model's clear mistakes
counter-examples; never personal data or near-copies; a new version that validates."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from review_support import make_project
from typer.testing import CliRunner

from coder.classify.codebook_learning import LabelledAnswer, learn_codebook
from coder.cli import app
from coder.codebook import load_codebook
from coder.store import Store

CODEBOOK = load_codebook(ROOT / "codebooks" / "klynger.yaml")


def answer(text: str, themes: tuple[str, ...], model: str, p: float, typical: float = 0.5) -> LabelledAnswer:
    return LabelledAnswer(text, themes, model, {model: p, themes[0]: max(p if model == themes[0] else 0.3, 0.3)},
                          typical)


def test_clear_typical_answers_become_examples_and_clear_mistakes_counter_examples() -> None:
    answers = [answer("Flere oplæg om nye behandlinger af diabetes", ("indhold",), "indhold", 0.9, 0.9),
               answer("Oplæg om gigtbehandling i almen praksis tak", ("indhold",), "indhold", 0.8, 0.8),
               answer("Ring til mig på 28 14 55 90 om oplæg", ("indhold",), "indhold", 0.95, 0.99),  # personal data
               answer("Flere oplæg om nye behandlinger af diabetes!", ("indhold",), "indhold", 0.9, 0.85),  # near copy
               answer("Vi mangler tid til alt det her papirarbejde", ("kritik",), "struktur", 0.9),
               answer("Møderne kunne godt være lidt anderledes", ("kritik",), "social", 0.27),  # the model unsure
               answer("1) Cases 2) Socialt 3) Data om alt muligt", ("indhold", "social", "data"), "indhold", 0.9,
                      0.95)]  # three themes: no example of one
    new, added = learn_codebook(CODEBOOK, answers, per_theme=3)
    indhold = new.theme("indhold")
    assert indhold.examples[-2:] == ("Flere oplæg om nye behandlinger af diabetes",
                                     "Oplæg om gigtbehandling i almen praksis tak")
    assert not any("28 14" in e for e in indhold.examples)
    assert new.theme("struktur").counter_examples[-1] == "Vi mangler tid til alt det her papirarbejde"
    assert added["struktur"] == ["¬ Vi mangler tid til alt det her papirarbejde"]
    assert new.theme("social").counter_examples == CODEBOOK.theme("social").counter_examples  # no clear mistake
    assert new.version == "1.1" and new.fingerprint() != CODEBOOK.fingerprint()
    assert len(indhold.examples) == len(CODEBOOK.theme("indhold").examples) + 2


def test_codebook_learn_command_writes_a_valid_new_version_and_shows_the_diff(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("indhold",))
    store.close()
    result = CliRunner().invoke(app, ["codebook", "learn", str(project), "-o", str(tmp_path / "new.yaml")])
    assert result.exit_code == 0, result.output
    assert "\n+      - Flere eksterne oplæg om glaukom og AMD\n" in result.stdout
    assert "\n+version: '1.1'\n" in result.stdout
    new = load_codebook(tmp_path / "new.yaml")
    assert "Flere eksterne oplæg om glaukom og AMD" in new.theme("indhold").examples
    empty = make_project(tmp_path / "q")
    result = CliRunner().invoke(app, ["codebook", "learn", str(empty), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "endnu ingen bedømte svar at lære af" in result.output
    store = Store.open_project(empty)  # reviewed, but only in dispute: it said 'no reviewed answers' (walk15)
    store.record_decision("A1::kommentar", "anna", ("indhold",))
    store.record_decision("A1::kommentar", "bo", ("data",), blind=True)
    store.close()
    result = CliRunner().invoke(app, ["codebook", "learn", str(empty), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "de 1, reviewerne har kodet, er uenige; afgør dem først" in result.output
    folder = CliRunner().invoke(app, ["codebook", "learn", str(project), "-o", str(project)])  # a folder as -o
    assert folder.exit_code == 2 and folder.stdout == "" and "det er en mappe" in folder.stderr  # before the diff
    survey, cb = ROOT / "tests" / "data" / "survey_semicolon_cp1252.csv", ROOT / "codebooks" / "klynger.yaml"
    result = CliRunner().invoke(app, ["code", str(survey), "-c", str(cb), "-o", str(tmp_path / "r"), "-t", "kommentar",
                                      "--model", "lexical", "--labels", str(empty)])
    assert result.exit_code == 2 and "er uenige, så intet er afgjort at lære af" in result.output


def test_by_default_up_to_forty_new_examples_a_theme_and_per_theme_caps_them() -> None:
    words = ["diabetes", "gigt", "astma", "KOL", "hjertesvigt", "demens", "depression", "angst", "eksem", "psoriasis",
             "migræne", "epilepsi", "nyresvigt", "anæmi", "osteoporose", "glaukom", "katarakt", "tinnitus",
             "hypertension", "apopleksi", "parkinson", "sklerose", "cøliaki", "colitis", "gastritis", "hepatitis",
             "borreliose", "influenza", "pneumoni", "bronkitis", "otitis", "sinuitis", "cystitis", "prostatitis",
             "endometriose", "menopause", "akne", "rosacea", "urticaria", "vitiligo", "alopeci", "herpes",
             "skoldkopper", "mæslinger", "fåresyge", "røde hunde", "kighoste", "difteri", "stivkrampe", "polio"]
    answers = [answer(f"Oplæg om {w}", ("indhold",), "indhold", 0.9,
                      0.9 - i / 1000) for i, w in enumerate(words)]
    before = len(CODEBOOK.theme("indhold").examples)
    new, _ = learn_codebook(CODEBOOK, answers)
    assert len(new.theme("indhold").examples) == before + 40
    new, _ = learn_codebook(CODEBOOK, answers, per_theme=5)
    assert new.theme("indhold").examples[before:] == tuple(a.text for a in answers[:5])


def test_codebook_learn_keeps_a_hand_written_codebooks_comments_unless_forced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("indhold",))
    store.close()
    target = tmp_path / "klynger.yaml"
    original = (ROOT / "codebooks" / "klynger.yaml").read_text(encoding="utf-8")
    target.write_text(original, encoding="utf-8")
    comments = sum(line.lstrip().startswith("#") for line in original.splitlines())
    assert comments >= 3
    result = CliRunner().invoke(app, ["codebook", "learn", str(project), "-o", str(target)])
    assert result.exit_code == 2 and f"dens {comments} kommentarlinjer (#) ville gå tabt" in result.output
    assert "--force" in result.output and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == original  # untouched
    result = CliRunner().invoke(app, ["codebook", "learn", str(project), "-o", str(target), "--force"])
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# coder codebook learn: v1.1 fra v1.0 og reviewernes koder i ")
    assert "(0 nye" not in written.splitlines()[0]  # examples were added: respondents' words, to be read (walk30)
    assert "De nye eksempler er respondenternes egne ord" in " ".join(result.output.split())
    assert load_codebook(target).version == "1.1"
    # a codebook that coder wrote can be learned over again: its own first line is not a comment to keep
    result = CliRunner().invoke(app, ["codebook", "learn", str(project), "-o", str(target)])
    assert result.exit_code == 0, result.output


def test_an_answer_longer_than_a_codebook_item_is_no_example() -> None:
    """A reviewed answer of over 5,000 characters became an example, and the codebook learn wrote could not be read
    (walk22)."""
    long = "Flere oplæg om nye behandlinger af diabetes og " + "gigt og hjerte " * 400
    new, _ = learn_codebook(CODEBOOK, [answer(long, ("indhold",), "indhold", 0.9, 0.9),
                                       answer("Oplæg om gigtbehandling i almen praksis tak", ("indhold",), "indhold",
                                              0.8, 0.8)], per_theme=3)
    assert new.theme("indhold").examples[-1] == "Oplæg om gigtbehandling i almen praksis tak"
    assert long not in new.theme("indhold").examples
    # walk36: a 430-character monologue became an example; a typical answer teaches a reader the theme
    monologue = "Som koordinator bruger jeg meget tid på at planlægge, og " * 6 + "derfor ønsker jeg faste datoer."
    short = "Faste datoer for møderne et halvt år frem"
    assert len(monologue) > 300
    new, _ = learn_codebook(CODEBOOK, [answer(monologue, ("struktur",), "struktur", 0.9, 0.9),
                                       answer(short, ("struktur",), "struktur", 0.8, 0.8)], per_theme=3)
    assert monologue not in new.theme("struktur").examples and short in new.theme("struktur").examples


def test_codebook_learn_takes_locale_as_the_other_commands_do(tmp_path: Path) -> None:
    """'coder codebook learn --help --locale en' failed: the command had no --locale (walk34)."""
    project = make_project(tmp_path / "p")
    store = Store.open_project(project)
    store.record_decision("A1::kommentar", "anna", ("indhold",))
    store.close()
    result = CliRunner().invoke(app, ["codebook", "learn", str(project), "-o", str(tmp_path / "n.yaml"), "--locale",
                                      "en"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "n.yaml").read_text(encoding="utf-8").startswith("# coder codebook learn: v1.1 from v1.0")


def test_one_comment_line_is_said_in_the_singular(tmp_path: Path) -> None:
    from coder.errors import CodebookError
    from coder.pipeline.improve import keep_comments

    path = tmp_path / "cb.yaml"
    path.write_text("# vores note\nname: x\n", encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        keep_comments(path)
    assert "its 1 comment line (#)" in str(caught.value) and "dens 1 kommentarlinje (#)" in caught.value.danish
