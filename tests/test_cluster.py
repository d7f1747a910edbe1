"""Discovering themes: clusters, Danish keywords, NEW against the codebook, suggestions, the discover command.

All with the fake embedder (texts sharing words get similar vectors) or the lexical fallback; no model.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, FakeEmbedder
from typer.testing import CliRunner

from coder.cli import app
from coder.cluster import (
    SUGGESTIONS,
    Answer,
    Discovery,
    choose_k,
    cluster_vectors,
    discover,
    merged,
    summary,
    write_discovery,
)
from coder.cluster.keywords import class_keywords, content_lemmas, lemma, stop_words
from coder.codebook import load_codebook
from coder.text import CODED, EMPTY, NON_ANSWER, status_of
from coder.wording import Wording

GROUPS = {
    "struktur": ["klarere dagsorden og bedre mødeledelse", "dagsorden og referat i tide",
                 "bedre mødeledelse og opfølgning", "opfølgning og referat efter hvert møde",
                 "mødeledelse og en fast dagsorden", "referat og opfølgning på dagsorden",
                 "mødeledelse med dagsorden og referat", "tydelig opfølgning og referat"],
    "indhold": ["flere eksterne oplæg og patientcases", "patientcases og kliniske retningslinjer",
                "flere patientcases og oplæg", "oplæg om nye retningslinjer",
                "eksterne oplæg og undervisning", "gennemgang af patientcases og retningslinjer",
                "faglige oplæg og undervisning", "undervisning i kliniske retningslinjer"],
    "data": ["egne data og benchmarking", "klyngepakker med egne data", "benchmarking af ventetider",
             "audit og klyngedata", "data om ventetider og diagnosekoder", "klyngedata og benchmarking",
             "datatræk fra egne data", "audit af egne data"],
    "social": ["sparring med kolleger", "kollegialt samvær og netværk", "erfaringsudveksling med kolleger",
               "netværk og sparring", "hygge og middag med kolleger", "god stemning og tillid",
               "samvær og erfaringsudveksling", "tillid og tryghed blandt kolleger"],
    # Not in the codebook: the drive home after a workday (seed 000).
    "transport": ["lang transport i bil efter arbejdsdagen", "transport hjem i bil tager to timer",
                  "to timers transport efter arbejdsdagen", "bil og transport efter en lang arbejdsdag",
                  "transport i bil hjem om aftenen", "lang transport efter arbejdsdagen i bil"],
}
GROUP_OF = {t: g for g, texts in GROUPS.items() for t in texts}


def answers(extra: list[tuple[str, str]] = ()) -> list[Answer]:
    """One answer per planted text, then ``extra`` (text, status) pairs."""
    out = [Answer(f"R{i:03d}", "forbedringer", t, CODED) for i, t in enumerate(GROUP_OF, start=1)]
    out += [Answer(f"X{i:03d}", "forbedringer", t, s) for i, (t, s) in enumerate(extra, start=1)]
    return out


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(ROOT / "codebooks" / "klynger.yaml")


def run(items: list[Answer], codebook, **kwargs) -> Discovery:
    return discover(items, FakeEmbedder().embed_batch, codebook, **kwargs)


def groups_by_cluster(d: Discovery) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for a in d.questions[0].assignments:
        if a.text in GROUP_OF:
            found.setdefault(a.cluster, set()).add(GROUP_OF[a.text])
    return found


def fingerprint(d: Discovery) -> tuple:
    q = d.questions[0]
    return (tuple((c.size, c.keywords, c.quotes, c.theme, c.new, c.similarity, c.fit, c.praise) for c in q.clusters),
            tuple(sorted((a.id, a.cluster, a.weak) for a in q.assignments)), q.fit_threshold, q.hints)


# --- clustering -----------------------------------------------------------------

def test_same_clusters_whatever_the_row_order(codebook) -> None:
    items = answers([("Ved ikke", NON_ANSWER)] + [("egne data og benchmarking", CODED)] * 3)
    first = fingerprint(run(items, codebook))
    for seed in (1, 2):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert fingerprint(run(shuffled, codebook)) == first


def test_every_comment_is_assigned_and_counted(codebook) -> None:
    q = run(answers(), codebook).questions[0]
    assert len(q.assignments) == q.comments == len(GROUP_OF)
    assert {a.id for a in q.assignments} == {a.id for a in answers()}  # no comment left unassigned
    assert sum(c.size for c in q.clusters) == q.comments
    assert abs(sum(c.share for c in q.clusters) - 1) < 1e-9
    assert [c.number for c in q.clusters] == list(range(1, len(q.clusters) + 1))
    assert [c.size for c in q.clusters] == sorted((c.size for c in q.clusters), reverse=True)
    assert len(q.clusters) == choose_k(q.distinct) == 2 and q.k_chosen_by == "size"  # 38 texts, about 50 a cluster


def test_a_k_held_at_its_ceiling_says_how_many_texts_a_cluster_holds(codebook) -> None:
    """20,000 answers said 'about 45 per cluster' of 21 clusters of about 195 texts each."""
    texts = [f"{t} (svar {i})" for i in range(4) for t in GROUP_OF]  # 152 distinct texts: 3 clusters by size
    q = run([Answer(f"R{i}", "forbedringer", t, CODED) for i, t in enumerate(texts)], codebook,
            max_clusters=2).questions[0]
    assert q.k_chosen_by == "max"
    line = summary(q, Wording("da"))
    assert f"ved loftet (ca. {round(q.distinct / len(q.clusters))} pr. klynge)" in line and "ca. 45" not in line


def test_planted_groups_are_found(codebook) -> None:
    found = groups_by_cluster(run(answers(), codebook, n_clusters=5))
    assert sorted(map(sorted, found.values())) == [[g] for g in sorted(GROUPS)]


def test_non_answers_and_repeats_do_not_make_clusters(codebook) -> None:
    repeats = [("Klarere dagsorden og bedre mødeledelse!", CODED)] * 25  # the same text as a struktur answer
    junk = [("Ved ikke", NON_ANSWER)] * 30 + [("", EMPTY)] * 10 + [("-", NON_ANSWER)] * 5
    q = run(answers(repeats + junk), codebook).questions[0]
    assert q.excluded == 45
    assert q.comments == len(GROUP_OF) + 25 and q.distinct == len(GROUP_OF)
    assert not any(a.id.startswith("X") and a.text in ("Ved ikke", "", "-") for a in q.assignments)
    repeat_cluster = {a.cluster for a in q.assignments if a.text.startswith("Klarere dagsorden")}
    assert len(repeat_cluster) == 1
    cluster = q.clusters[repeat_cluster.pop() - 1]
    assert cluster.distinct > 1 and cluster.size >= 26  # the repeats joined the other struktur answers


def test_fixed_k_and_tiny_inputs(codebook) -> None:
    fixed = run(answers(), codebook, n_clusters=3).questions[0]
    assert len(fixed.clusters) == 3 and fixed.k_chosen_by == "fixed"
    # more clusters than the texts can fill gives as many as they can (it gave one), and says so
    distinct = fixed.distinct
    many = run(answers(), codebook, n_clusters=200).questions[0]
    assert 1 < len(many.clusters) <= distinct // 3 + 1 and many.k_chosen_by == "capped"
    assert "færre end --clusters bad om" in summary(many, Wording("da"))
    one = run([Answer("1", "q", "transport hjem i bil", CODED)], codebook).questions[0]
    assert [c.size for c in one.clusters] == [1] and one.assignments[0].cluster == 1
    none = run([Answer("1", "q", "Ved ikke", NON_ANSWER)], codebook).questions[0]
    assert none.clusters == () and none.excluded == 1


def test_weak_fits_are_flagged_not_dropped() -> None:
    rng = np.random.default_rng(0)
    X = np.zeros((62, 32))
    for c in range(3):  # three tight groups on axes 0, 1, 2; two comments on axes of their own
        X[20 * c : 20 * (c + 1), c] = 1.0
    X[:60] += 0.2 * rng.standard_normal((60, 32))
    X[60, 10] = X[61, 11] = 1.0
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    result = cluster_vectors(X, np.ones(len(X)), n_clusters=3)
    assert len(result.labels) == len(X) and set(result.labels) == {0, 1, 2}
    assert result.weak[60:].all() and result.weak.sum() <= 5


# --- keywords -------------------------------------------------------------------

def test_keywords_are_danish_lemmas_without_stop_words(codebook) -> None:
    lemmas = content_lemmas(["Møderne var for lange, og mødet blev flyttet", "Vi kører hjem efter klyngemøderne"])
    assert lemmas[0].count("møde") == 2 and "møderne" not in lemmas[0]
    assert not set(lemmas[0] + lemmas[1]) & stop_words()
    assert "klyngemøde" in lemmas[1]
    assert lemma("kørslen") == "kørsel"
    # the lookup table's own mistakes, put right: 'talte med lægen' was counted ('tælle'); a reflexive is no topic
    assert (lemma("talte"), lemma("toilettet"), lemma("tør")) == ("tale", "toilet", "tør")  # not "tø" (thaw)
    # 'tog sig tid' and 'tager blodprøver' are the verb (a stop word), not a train or a roof: "Tog og forklare" was a
    # draft theme's label (walk11)
    assert (lemma("tog"), lemma("tager"), lemma("tage"), lemma("toget")) == ("tage", "tage", "tage", "tog")
    assert content_lemmas(["Han fik ikke sin medicin"])[0] == ["medicin"]
    d = run(answers(), codebook, n_clusters=5)
    transport = next(c for n, c in enumerate(d.questions[0].clusters, 1) if groups_by_cluster(d)[n] == {"transport"})
    assert {"transport", "bil", "arbejdsdag"} <= set(transport.keywords)
    for c in d.questions[0].clusters:
        assert 5 <= len(c.keywords) <= 10
        assert not set(c.keywords) & stop_words()


def test_class_tfidf_prefers_words_of_one_class() -> None:
    docs = [["møde", "transport"], ["møde", "transport"], ["møde", "data"], ["møde", "data"]]
    words = class_keywords(docs, np.ones(4), np.array([0, 0, 1, 1]), 2, top=2)
    assert words == [("transport", "møde"), ("data", "møde")]


def test_quotes_are_redacted(codebook) -> None:
    items = answers([("transport i bil hjem, ring på +45 28 14 55 90", CODED)])
    quotes = [x for c in run(items, codebook, quotes=len(items)).questions[0].clusters for x in c.quotes]
    assert "transport i bil hjem, ring på [TELEFON]" in quotes  # every text is quoted: this one too
    assert not any("28 14 55 90" in x for x in quotes)


# --- the codebook ---------------------------------------------------------------

def test_planted_topic_outside_the_codebook_is_new(codebook) -> None:
    d = run(answers(), codebook, n_clusters=5)
    for number, groups in groups_by_cluster(d).items():
        cluster = d.questions[0].clusters[number - 1]
        assert cluster.new == (groups == {"transport"}), (groups, cluster)
        if groups != {"transport"}:
            assert cluster.theme == groups.pop()


def test_suggestions_pass_the_codebook_check(codebook, tmp_path: Path) -> None:
    d = run(answers(), codebook, n_clusters=5)
    write_discovery(tmp_path, d)
    draft = load_codebook(tmp_path / SUGGESTIONS)
    new = [c for c in d.questions[0].clusters if c.new]
    assert len(draft.themes) == len(new) == 1
    assert not set(draft.ids) & set(codebook.ids)
    theme = draft.themes[0]
    assert theme.examples == new[0].quotes and 3 <= len(theme.examples) <= 5
    assert theme.label == "Transport og bil" and theme.id == "transport_bil"
    assert theme.keywords == new[0].keywords[:6]
    assert "6 kommentarer" in theme.description and "'forbedringer'" in theme.description  # size, in Danish
    whole = merged(codebook, draft)  # the suggestions added to the codebook make a valid codebook
    assert whole.ids == codebook.ids + draft.ids
    assert {p.name for p in tmp_path.iterdir()} == {"clusters.csv", "clusters.md", "clusters.png", SUGGESTIONS}
    assert (tmp_path / "clusters.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_a_codebook_every_cluster_is_a_suggestion(tmp_path: Path) -> None:
    d = discover(answers(), FakeEmbedder().embed_batch, None, n_clusters=5)
    assert all(c.new and c.theme is None for c in d.questions[0].clusters)
    write_discovery(tmp_path, d)
    assert len(load_codebook(tmp_path / SUGGESTIONS).themes) == 5


def test_subcode_hint_when_a_theme_spans_several_clusters(codebook) -> None:
    agenda = ["klar dagsorden og ordstyrer", "dagsorden og ordstyrer i god tid", "fast dagsorden og ordstyrer",
              "ordstyrer og dagsorden", "dagsorden sendt ud med ordstyrer", "ordstyrer der holder dagsorden"]
    minutes = ["referat og opfølgning efter mødet", "opfølgning og referat", "referat og opfølgning hver gang",
               "skriftligt referat og opfølgning", "opfølgning på referat", "referat med opfølgning"]
    texts = agenda + minutes + GROUPS["indhold"] + GROUPS["social"]
    q = run([Answer(str(i), "q", t, CODED) for i, t in enumerate(texts)], codebook, n_clusters=4).questions[0]
    found = {frozenset(a.text for a in q.assignments if a.cluster == c.number): c for c in q.clusters}
    assert found[frozenset(agenda)].theme == found[frozenset(minutes)].theme == "struktur"
    assert not any(c.new for c in q.clusters)
    assert len(q.hints) == 1 and "temaet 'struktur' fordeler sig på klynge" in q.hints[0]


# --- the command ------------------------------------------------------------------

def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_discover_a_survey_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "disc"
    result = invoke("discover", "data/klynger_2025.csv", "-c", "codebooks/klynger.yaml", "-t", "forbedringer",
                    "--id-col", "id", "--out", str(out), "--model", "lexical")
    assert result.exit_code == 0, result.output
    assert "forbedringer – klynger" in result.stdout
    with open(out / "clusters.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["question"] for r in rows} == {"forbedringer"}
    with open(ROOT / "data" / "klynger_2025.csv", encoding="utf-8-sig", newline="") as fh:
        answers = [r["forbedringer"] for r in csv.DictReader(fh, delimiter=";")]
    substantive = [a for a in answers if status_of(a) == CODED]  # what discover clusters: no empty or non-answers
    clustered = [r for r in rows if r["cluster"]]
    assert len({r["id"] for r in clustered}) == len(clustered) == len(substantive) > 0
    assert all(r["cluster"].isdigit() and r["status"] == CODED for r in clustered)
    # every input row is in the file: the rest are there with their status and no cluster
    assert len({r["id"] for r in rows}) == len(rows) == len(answers)
    assert sorted(r["status"] for r in rows if not r["cluster"]) == sorted(
        status_of(a) for a in answers if status_of(a) != CODED)


def test_discover_says_what_its_columns_mean_and_what_comes_next(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a codebook every row said NY with an empty fit, the fit had no unit, and nothing said what to do with
    the draft themes (walk11)."""
    monkeypatch.chdir(ROOT)
    bare = invoke("discover", "data/klynger_2025.csv", "-t", "forbedringer", "--id-col", "id", "--out",
                  str(tmp_path / "a"), "--model", "lexical")
    assert bare.exit_code == 0, bare.output
    text = " ".join(bare.stdout.split())
    assert "Nærmeste tema" not in text and "Ingen kodebog: alle klynger er forslag." in text
    assert "Næste skridt: ret udkastene i" in text and "coder codebook check" in text
    judged = invoke("discover", "data/klynger_2025.csv", "-c", "codebooks/klynger.yaml", "-t", "forbedringer",
                    "--id-col", "id", "--out", str(tmp_path / "b"), "--model", "lexical")
    text = " ".join(judged.stdout.split())
    assert "Nærmeste tema" in text and "Forklaret: hvor meget bedre kodebogen forklarer klyngen" in text


def test_a_narrow_terminal_gets_whole_keywords_and_the_quotes_under_the_table(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """walk24: at 60 columns the keywords, the point of the table, were cut ('gennemg…', 'klyngep…')."""
    monkeypatch.chdir(ROOT)
    args = ("discover", "data/klynger_2025.csv", "-c", "codebooks/klynger.yaml", "-t", "forbedringer", "--id-col",
            "id", "--out", str(tmp_path / "d"), "--model", "lexical")
    narrow = CliRunner().invoke(app, list(args), env={"COLUMNS": "60"})
    assert narrow.exit_code == 0, narrow.output
    assert "…" not in narrow.stdout.split("klynger")[1].split("└")[0]  # nothing in the table cut short
    assert "Eksempler" not in narrow.stdout and re.search(r"^  1: “", narrow.stdout, re.MULTILINE)
    wide = invoke(*args)
    assert "Eksempler" in wide.stdout and not re.search(r"^  1: “", wide.stdout, re.MULTILINE)


def test_discover_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    project = tmp_path / "p"
    coded = invoke("code", "data/klynger_2025.csv", "-c", "codebooks/klynger.yaml", "-o", str(project),
                   "-t", "kommentar", "--id-col", "id", "--model", "lexical")
    assert coded.exit_code == 0, coded.output
    result = invoke("discover", str(project), "--clusters", "4")
    assert result.exit_code == 0, result.output
    assert (project / "clusters.md").read_text(encoding="utf-8").count("\n| 4 |") == 1


def test_discover_user_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    no_out = invoke("discover", "data/klynger_2025.csv", "-t", "kommentar", "--model", "lexical")
    assert no_out.exit_code == 2
    assert no_out.stderr.splitlines()[-1] == ("Fejl: data/klynger_2025.csv: angiv --out MAPPE til filerne fra "
                                              "discover (eller angiv en projektmappe)")  # no codebook: Danish
    empty = invoke("discover", str(tmp_path), "--locale", "en")
    assert empty.exit_code == 2
    assert empty.stderr.splitlines()[-1] == (f"Error: {tmp_path}: not a coder project (no coder.db); give a survey "
                                             f"file or run 'coder code … --out {tmp_path}' first")
