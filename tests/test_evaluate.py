"""`coder evaluate`: zero-shot, cross-validation, learning curve, automation; JSON and PNG written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from conftest import FakeEmbedder
from typer.testing import CliRunner

from coder.classify import (
    codebook_examples,
    cross_validated,
    labelled_from_file,
    zero_shot,
)
from coder.cli import app
from coder.codebook import load_codebook
from coder.evaluate import evaluate
from coder.io import ReadOptions

ANSWERS = {
    "indhold": ["Flere eksterne oplæg om nye behandlinger", "Gennemgang af patientcases og retningslinjer",
                "Faglige oplæg fra eksterne undervisere", "Mere fagligt indhold og cases"],
    "struktur": ["Klarere dagsorden og bedre mødeledelse", "Opfølgning på referat fra sidste møde",
                 "Dagsorden sendt ud i god tid", "Bedre planlægning og tidspunkt"],
    "data": ["Vi vil se vores egne data og klyngepakker", "Benchmarking med kvalitetsdata",
             "Audit og dataudtræk fra journalen", "Egne data om ventetider"],
    "kritik": ["Spild af tid og bureaukratisk", "Afskaf mødepligten, meningsløst",
               "Påtvunget system uden værdi", "For meget tid uden honorering"],
}


def write_gold(path: Path, copies: int = 3) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "speciale", "svar", "tema"])
        n = 0
        for rep in range(copies):
            for theme, texts in ANSWERS.items():
                for t in texts:
                    n += 1
                    w.writerow([f"R{n}", "Øjenlæger", f"{t} {'!' * rep}{n}", theme])
        w.writerow(["R999", "Radiologi", "ved ikke", ""])


def test_evaluate_library(tmp_path: Path, codebook_path: Path) -> None:
    cb = load_codebook(codebook_path)
    emb = FakeEmbedder()
    write_gold(tmp_path / "gold.csv")
    data = labelled_from_file(tmp_path / "gold.csv", cb, ReadOptions(("svar",), "id"), ["tema"], emb.embed_batch)
    assert len(data.gold) == 48  # the non-answer is left out
    prior = zero_shot(cb, emb.embed_batch)
    examples = codebook_examples(cb, emb.embed_batch)
    ev = evaluate(prior, data, examples, folds=3, per_class=[2, 4], seeds=(0, 1))
    assert ev.n == 48 and ev.cross_validated is not None
    # Every number below is worked out here, by hand, from the codings the classifiers give.
    gold = np.array(data.primary)
    zs = np.array(prior.code(data.features).primary)
    assert ev.zero_shot.accuracy == np.mean(zs == gold)
    f1 = []
    for t in sorted(set(gold) | set(zs)):
        tp, fp, fn = np.sum((zs == t) & (gold == t)), np.sum((zs == t) & (gold != t)), np.sum((zs != t) & (gold == t))
        f1.append(2 * tp / (2 * tp + fp + fn))
    assert abs(ev.zero_shot.macro_f1 - np.mean(f1)) < 1e-12
    cv = cross_validated(prior, data, examples, 3, 0)
    assert ev.cross_validated.accuracy == np.mean(np.array(cv.coding.primary) == gold)
    shares = np.array([np.mean(gold == t) for t in prior.classes_])
    assert abs(ev.corrected_share_error - 100 * np.mean(np.abs(cv.corrected - shares))) < 1e-9
    # 2 and 4 labels for each of the 4 themes that have answers; the rest of the 48 are tested on.
    assert [(p.per_class, p.n_train) for p in ev.curve] == [(2, 8), (4, 16)]
    assert ev.automation[0].threshold == 0.0 and ev.automation[0].coverage == 1.0
    if ev.threshold is not None:  # the curve holds the point the text names (its grid stopped at 0.95)
        point = next(p for p in ev.automation if p.threshold == ev.threshold)
        assert (point.coverage, point.precision) == (ev.coverage_at_target, ev.precision_at_target)
    assert max(p.threshold for p in ev.automation) >= 0.99
    again = evaluate(prior, data, examples, folds=3, per_class=[2, 4], seeds=(0, 1))
    assert again.cross_validated.accuracy == ev.cross_validated.accuracy  # deterministic for a seed
    assert np.array_equal(again.cross_validated.confusion, ev.cross_validated.confusion)


def test_evaluate_cli_writes_json_and_png(tmp_path: Path, codebook_path: Path) -> None:
    write_gold(tmp_path / "gold.csv", copies=2)
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold.csv"), "-c", str(codebook_path),
                                      "-t", "svar", "-g", "tema", "--id-col", "id", "--cv", "2",
                                      "--train-per-class", "2", "--seeds", "1", "--model", "lexical",
                                      "-o", str(tmp_path / "ev")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "ev" / "evaluation.json").read_text(encoding="utf-8"))
    assert record["n"] == 32 and record["folds"] == 2
    assert set(record["zero_shot"]) >= {"accuracy", "macro_f1", "kappa", "confusion", "per_theme", "share_error"}
    assert (tmp_path / "ev" / "evaluation.png").read_bytes()[:4] == b"\x89PNG"
    assert "makro-F1" in result.stdout and "macro-F1" not in result.stdout  # Danish codebook: one spelling
    if record["threshold"] is None:  # a Danish codebook: Danish sentences and decimal commas
        assert "Ingen tærskel for sikkerheden når 95 % præcision." in result.stdout
    else:
        threshold = f"{record['threshold']:.3f}".replace(".", ",")
        assert f"Tærskel for 95 % præcision: {threshold}" in result.stdout


def test_evaluate_rejects_unknown_gold_theme(tmp_path: Path, codebook_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("id;svar;tema\n1;Flere oplæg;indhold\n2;Mere data;okonomi\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path), "-c", str(codebook_path), "-t", "svar", "-g", "tema",
                                      "--id-col", "id", "--model", "lexical"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Fejl: tema for id 2: ukendt tema 'okonomi'; brug kodebogens id'er: indhold, struktur, social, data, "
        "kritik, andet")


def test_evaluate_says_how_many_gold_coded_answers_it_leaves_out(tmp_path: Path, codebook_path: Path) -> None:
    write_gold(tmp_path / "gold.csv", copies=2)
    with open(tmp_path / "gold.csv", "a", encoding="utf-8", newline="") as fh:  # coded by hand, flagged by coder
        csv.writer(fh, delimiter=";").writerows([["R901", "Radiologi", "Intet", "kritik"],
                                                 ["R902", "Radiologi", "Intet.", "kritik"],
                                                 ["R903", "Radiologi", "Ved ikke rigtig", "andet"],
                                                 ["R904", "Radiologi", "", "andet"]])
    args = ["evaluate", str(tmp_path / "gold.csv"), "-c", str(codebook_path), "-t", "svar", "-g", "tema", "--id-col",
            "id", "--cv", "0", "--model", "lexical", "-o", str(tmp_path / "ev")]
    danish = CliRunner().invoke(app, args)
    assert danish.exit_code == 0, danish.output
    record = json.loads((tmp_path / "ev" / "evaluation.json").read_text(encoding="utf-8"))
    assert record["n"] == 32 and record["left_out"] == {"non_answers": ["Intet", "Intet.", "Ved ikke rigtig"],
                                                        "empty": 1}
    said = " ".join(danish.stdout.split())
    assert "Evaluering på 32 guldkodede svar" in said
    assert ("Yderligere 4 guldkodede svar er udeladt som ikke-svar (3: 'Intet', 'Ved ikke rigtig') og tomme (1): "
            "coder koder dem ikke, så de tæller ikke med i tallene ovenfor.") in said
    english = " ".join(CliRunner().invoke(app, [*args, "--locale", "en"]).stdout.split())
    assert ("4 more gold-labelled answers were left out as non-answers (3: 'Intet', 'Ved ikke rigtig') and empty (1): "
            "coder does not code them, so the scores above do not count them.") in english


def test_evaluate_says_nothing_of_left_out_answers_when_there_are_none(tmp_path: Path, codebook_path: Path) -> None:
    write_gold(tmp_path / "gold.csv", copies=2)  # its one non-answer has no gold theme: nothing is left out
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold.csv"), "-c", str(codebook_path), "-t", "svar",
                                      "-g", "tema", "--id-col", "id", "--cv", "0", "--model", "lexical",
                                      "-o", str(tmp_path / "ev")])
    assert result.exit_code == 0 and "udeladt" not in result.stdout
    record = json.loads((tmp_path / "ev" / "evaluation.json").read_text(encoding="utf-8"))
    assert record["left_out"] == {"non_answers": [], "empty": 0}


def test_left_out_line_in_one_word_for_one_answer() -> None:
    from coder.classify import LeftOut
    from coder.console import left_out_line
    from coder.wording import Wording

    assert left_out_line(LeftOut(("nada",)), Wording("en")) == (
        "1 more gold-labelled answer was left out as a non-answer ('nada'): coder does not code it, so the scores "
        "above do not count it.")
    assert left_out_line(LeftOut((), 2), Wording("da")).startswith("Yderligere 2 guldkodede svar er udeladt som tomme:")
    many = LeftOut(("Intet", "intet", "Ingenting", "Ingen", "nada"))
    assert "('Intet', 'Ingenting', 'Ingen', …)" in left_out_line(many, Wording("da"))


def test_the_scores_table_turns_a_row_per_measure_where_a_column_each_would_fold_its_headers(
        tmp_path: Path, codebook_path: Path) -> None:
    from rich.console import Console

    from coder.console import print_evaluation
    from coder.wording import wording_for

    cb = load_codebook(codebook_path)
    emb = FakeEmbedder()
    write_gold(tmp_path / "gold.csv")
    data = labelled_from_file(tmp_path / "gold.csv", cb, ReadOptions(("svar",), "id"), ["tema"], emb.embed_batch)
    ev = evaluate(zero_shot(cb, emb.embed_batch), data, codebook_examples(cb, emb.embed_batch), folds=3,
                  per_class=[2], seeds=(0,))
    w = wording_for("da")
    for width in (80, 200):
        console = Console(width=width, record=True)
        print_evaluation(console, ev, w)
        table = console.export_text().split(w.t("ev_explain")[:20])[0]
        assert "andelsfejl pp" in table and "makro-F1" in table  # every header whole, on one line
        header = next(line for line in table.splitlines() if "makro-F1" in line)
        assert ("andelsfejl" in header) == (width == 200)  # wide: a column per measure; 80: a row each


def test_evaluate_reads_a_workbooks_named_sheet_and_refuses_one_fold(tmp_path: Path, codebook_path: Path) -> None:
    """evaluate had no --sheet (a workbook whose answers were not on its first sheet could not be scored), and
    --cv 1 was taken as --cv 0 without a word (walk15)."""
    from openpyxl import Workbook

    write_gold(tmp_path / "gold.csv", copies=2)
    with open(tmp_path / "gold.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    book = Workbook()
    book.active.title = "Forside"
    book.active.append(["Klyngeundersøgelsen"])
    data = book.create_sheet("Data")
    for r in rows:
        data.append(r)
    book.save(tmp_path / "gold.xlsx")
    args = ["evaluate", str(tmp_path / "gold.xlsx"), "-c", str(codebook_path), "-t", "svar", "-g", "tema", "--id-col",
            "id", "--model", "lexical", "-o", str(tmp_path / "ev")]
    result = CliRunner().invoke(app, [*args, "--sheet", "Data", "--cv", "0"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "ev" / "evaluation.json").read_text(encoding="utf-8"))["n"] == 32
    one = CliRunner().invoke(app, [*args, "--sheet", "Data", "--cv", "1"])
    assert one.exit_code == 2 and "krydsvalidering kræver mindst 2 fold" in one.stderr
