"""Placeholders for personal data in the reader's language: [NAVN] for a Danish reader, [NAME] for an English one.

walk29's English analyst read "[NAVN]" and "[TELEFON]" in an English report; every file and screen an English reader
gets now says [NAME] and [PHONE], and a Danish reader's keep [NAVN] and [TELEFON].
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from coder.cli import app
from coder.store import Row
from coder.text import CODED, redact

PLANTED = "Ring til Jens Hansen på 28 14 55 90 om møderne, eller skriv til jens@klinik.dk"


def test_redact_names_the_kinds_in_the_readers_language() -> None:
    assert redact(PLANTED) == "Ring til [NAVN] på [TELEFON] om møderne, eller skriv til [EMAIL]"
    assert redact(PLANTED, "en") == "Ring til [NAME] på [PHONE] om møderne, eller skriv til [EMAIL]"
    assert redact("Hudklinikken i Odense, Vestergade 12", "en") == redact(
        "Hudklinikken i Odense, Vestergade 12").replace("[KLINIK]", "[CLINIC]").replace("[ADRESSE]", "[ADDRESS]")


def _survey(tmp_path: Path) -> Path:
    survey = tmp_path / "survey.csv"
    rows = [["id", "kommentar", "ekstra"]]
    rows += [[f"R{i:03d}", f"Gode faglige oplæg om nye behandlinger nummer {i}",
              f"Møderne kunne godt ligge om eftermiddagen i stedet, det ville passe bedre for os {i}"]
             for i in range(1, 9)]
    rows += [["R100", PLANTED, "Kontakt Jens Hansen på 28 14 55 90, han ved mere om det hele"]]
    with survey.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return survey


@pytest.mark.parametrize("locale, name, phone", [("en", "[NAME]", "[PHONE]"), ("da", "[NAVN]", "[TELEFON]")])
def test_every_export_uses_the_readers_placeholders(tmp_path: Path, locale: str, name: str, phone: str) -> None:
    out, runner = tmp_path / "p", CliRunner()
    coded = runner.invoke(app, ["code", str(_survey(tmp_path)), "-c", str(ROOT / "codebooks/klynger.yaml"), "-o",
                                str(out), "-t", "kommentar", "--id-col", "id", "-m", "lexical", "--locale", locale])
    assert coded.exit_code == 0, coded.output
    from coder.store import Store

    store = Store.open_project(out)
    cid = next(r.comment_id for r in store.rows() if r.respondent == "R100")
    store.record_decision(cid, "anna", ("kritik",), note="talte med Jens Hansen, 28 14 55 90")
    store.close()
    decisions = runner.invoke(app, ["decisions", str(out)])
    exported = runner.invoke(app, ["export", str(out), "--out", str(tmp_path / "p.qdpx")])
    assert decisions.exit_code == 0 and exported.exit_code == 0, decisions.output + exported.output
    import zipfile

    with zipfile.ZipFile(tmp_path / "p.qdpx") as z:
        qdpx = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    assignments = (out / "assignments.csv").read_text(encoding="utf-8-sig")
    line = next(x for x in assignments.splitlines() if x.startswith("R100,"))
    other = "[NAVN]" if locale == "en" else "[NAME]"
    for where, text in (("assignments.csv", line), ("decisions", decisions.stdout), ("qdpx", qdpx)):
        assert name in text and phone in text, where
        assert other not in text and "Jens Hansen" not in text and "28 14 55 90" not in text, where
    assert f"Kontakt {name} på {phone}" in line  # the background column that reads as free text
    assert f"talte med {name}, {phone}" in decisions.stdout  # the reviewer's note


def test_the_review_screen_shows_the_readers_placeholders() -> None:
    from coder.review.logic import ReviewItem

    item = ReviewItem("R1::q", "R1", "q", 1, PLANTED, {}, "coded", (), None, {}, (), "", 0)
    assert "[NAVN]" in item.shown("da") and "[NAME]" in item.shown("en") and "[NAVN]" not in item.shown("en")


def _quotable(respondent: str, text: str, k: int) -> Row:
    return Row(f"{respondent}::kommentar", respondent, "kommentar", k, text, {"speciale": "Radiologi"}, CODED, None,
               "indhold", ("indhold",), 0.95, {"indhold": 0.95}, "model", ("indhold",))


@pytest.mark.parametrize("locale, name", [("en", "[NAME]"), ("da", "[NAVN]")])
def test_report_quotes_use_the_readers_placeholders(locale: str, name: str) -> None:
    """The national table's quotes and a fact sheet's, as every report format shows them (an answer naming a person
    is quoted only when the report writer pins it)."""
    from coder.codebook import load_codebook
    from coder.report import ReportOptions, assemble

    rows = [_quotable("R1", "Oplæggene fra overlæge Jens Hansen om nye behandlinger var fagligt stærke", 1)]
    rows += [_quotable(f"R{k}", f"Fagligt gode oplæg om behandling nummer {k}", k) for k in range(2, 8)]
    codebook = load_codebook(ROOT / "codebooks" / "klynger.yaml")
    for options in (ReportOptions(locale=locale), ReportOptions(locale=locale, by=("speciale",), group="Radiologi",
                                                                 min_group=1)):
        report = assemble(rows, codebook, ["kommentar"], ["speciale"], options, choices={"R1::kommentar": "pin"})
        quotes = [q for t in report.tables for line in t.lines for q in line.quotes]
        quotes += [q for s in report.sheets for line in s.group.lines for q in line.quotes]
        assert any(name in q for q in quotes), quotes
        assert not any("Jens Hansen" in q or ("[NAVN]" if locale == "en" else "[NAME]") in q for q in quotes)
