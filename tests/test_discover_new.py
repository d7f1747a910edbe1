"""Discovery that finds what the codebook misses: the NEW test, the "andet/ros" group, keywords, suggestions.

All with the fake embedder (texts sharing words get similar vectors); no model.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import ROOT, FakeEmbedder
from test_cluster import GROUP_OF, GROUPS, answers, groups_by_cluster
from typer.testing import CliRunner

from coder.cli import app
from coder.cluster import (
    SUGGESTIONS,
    Answer,
    Discovery,
    clusters_md,
    discover,
    merged,
    write_discovery,
)
from coder.cluster.keywords import class_keywords, terms, words
from coder.cluster.model import merge_duplicates
from coder.cluster.praise import praise_or_short
from coder.codebook import Codebook, load_codebook
from coder.text import CODED, NON_ANSWER

PRAISE = ["Fint som det er", "Godt initiativ!", "Tak for et godt stykke arbejde", "super godt",
          "Det fungerer godt", "Keep up the good work"]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(ROOT / "codebooks" / "klynger.yaml")


def without(codebook: Codebook, theme: str) -> Codebook:
    return codebook.model_copy(update={"themes": tuple(t for t in codebook.themes if t.id != theme)})


def run(items: list[Answer], codebook: Codebook | None, **kwargs) -> Discovery:
    return discover(items, FakeEmbedder().embed_batch, codebook, **kwargs)


def new_groups(d: Discovery) -> set[str]:
    found = groups_by_cluster(d)
    return {g for c in d.questions[0].clusters if c.new for g in found.get(c.number, ())}


# --- the NEW test -------------------------------------------------------------------

@pytest.mark.parametrize("theme", ["data", "struktur", "indhold", "social"])
def test_a_theme_taken_out_of_the_codebook_comes_back_as_new(codebook, theme: str) -> None:
    d = run(answers(), without(codebook, theme), n_clusters=5)
    assert new_groups(d) == {theme, "transport"}  # the removed theme and the planted topic, nothing else


def test_with_the_full_codebook_only_the_planted_topic_is_new(codebook) -> None:
    q = run(answers(), codebook, n_clusters=5).questions[0]
    assert new_groups(run(answers(), codebook, n_clusters=5)) == {"transport"}
    # NEW is the fit at or below the question's threshold, which lies between the clusters' fits
    assert all(c.new == (c.fit <= q.fit_threshold) for c in q.clusters)
    assert min(c.fit for c in q.clusters) <= q.fit_threshold < max(c.fit for c in q.clusters)


def test_a_new_cluster_says_which_codebook_keyword_names_it(codebook) -> None:
    from coder.cluster.explain import keyword_themes, named_by

    terms_ = keyword_themes(codebook)
    assert terms_["egne data"] == ("data", "egne data") and terms_["data"][0] == "data"  # two-word keywords, words
    assert named_by(("bil", "egne data", "tal"), terms_) == ("egne data", "data", "egne data")
    # a keyword that only holds a codebook keyword says which ('søde mennesker' was said to be a keyword itself)
    assert named_by(("nye data",), terms_)[2] != "nye data"
    assert named_by(("a", "b", "c", "d", "e", "egne data"), terms_) is None  # only the first five count
    assert named_by(("kliniske retningslinjer",), keyword_themes(without(codebook, "indhold"))) is None  # data's
    # 'kliniske databaser' shares only 'klinisk' with it: a two-word keyword's words do not count alone
    # without indhold, its cluster is NEW; give social the word 'retningslinjer' and one of the cluster's keywords
    # holds a social keyword: the analyst is told which
    less = without(codebook, "indhold")
    social = next(t for t in less.themes if t.id == "social")
    less = less.model_copy(update={"themes": tuple(
        t.model_copy(update={"keywords": t.keywords + ("retningslinjer",)}) if t is social else t
        for t in less.themes)})
    d = run(answers(), less, n_clusters=5)
    q = d.questions[0]
    assert all(c.named is None for c in q.clusters if not c.new)
    named = [c for c in q.clusters if c.named]
    assert [c.named for c in named] == [("kliniske retningslinjer", "social", "retningslinjer")] and named[0].new
    md = clusters_md(d)
    assert "**NY** (nærmest" in md and "**NEW**" not in md  # Danish codebook: the flag reads NY
    assert "men nøgleordet 'kliniske retningslinjer' rummer 'retningslinjer', et nøgleord for social i kodebogen" in md


def test_the_threshold_is_calibrated_per_codebook(codebook) -> None:
    full = run(answers(), codebook, n_clusters=5).questions[0].fit_threshold
    less = run(answers(), without(codebook, "data"), n_clusters=5).questions[0].fit_threshold
    assert full != less  # no fixed constant: the codebook itself sets the bar


def test_one_theme_cannot_be_calibrated_and_flags_nothing(codebook) -> None:
    single = codebook.model_copy(update={"themes": (codebook.theme("struktur"),)})
    q = run(answers(), single, n_clusters=5).questions[0]
    assert q.fit_threshold is None and not any(c.new for c in q.clusters)


def test_same_result_whatever_the_row_order(codebook) -> None:
    items = answers([(t, CODED) for t in PRAISE] + [("Ved ikke", NON_ANSWER)] + [("egne data og audit", CODED)] * 3)
    cb = without(codebook, "data")

    def fingerprint(d: Discovery) -> tuple:
        q = d.questions[0]
        return (tuple((c.size, c.keywords, c.quotes, c.theme, c.new, c.fit, c.praise, c.second) for c in q.clusters),
                tuple(sorted((a.id, a.cluster, a.weak) for a in q.assignments)), q.fit_threshold, q.hints)

    first = fingerprint(run(items, cb))
    for seed in (1, 2, 3):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert fingerprint(run(shuffled, cb)) == first


# --- the "andet/ros" group ------------------------------------------------------------

def test_praise_and_short_answers_form_one_group_that_is_never_new(codebook) -> None:
    items = answers([(t, CODED) for t in PRAISE + ["God mad", "Dagsorden i god tid"]])
    q = run(items, codebook, n_clusters=6).questions[0]
    praise = [c for c in q.clusters if c.praise]
    assert len(praise) == 1 and praise[0] is q.clusters[-1]  # one group, shown last
    group = praise[0]
    members = {a.text for a in q.assignments if a.cluster == group.number}
    assert members == set(PRAISE)  # "God mad" names a topic, so does "Dagsorden i god tid"
    assert not group.new and group.theme == "andet"  # the codebook's catch-all
    assert len(q.assignments) == len(items)  # nobody dropped
    assert not any(c.praise for c in run(answers(), codebook).questions[0].clusters)  # none without praise


def test_praise_words_count_only_without_a_topic() -> None:
    texts = ["Fint som det er", "Godt initiativ", "Vi har en god klynge, ros til alle", "Godt med parkering",
             "Bare fortsæt", "mere arbejde med opfølgning"] + [t for g in GROUPS.values() for t in g]
    n = 6
    assert praise_or_short(words(texts), np.ones(len(texts)))[:n].tolist() == [True, True, False, False, True, False]
    # "klynge" becomes an everywhere-word when many answers use it: then the third answer is praise too
    many = texts + ["klyngen er for stor", "klyngen mødes for sjældent", "klyngen mangler data"]
    assert praise_or_short(words(many), np.ones(len(many)))[2]


# --- keywords ----------------------------------------------------------------------------

def test_keywords_have_two_word_terms_and_no_everywhere_words() -> None:
    texts = ["faglige oplæg på møde", "flere faglige oplæg til møde", "faglige oplæg hvert møde",
             "egne data på møde", "vores egne data til møde", "egne data hvert møde",
             "mødepligt på møde", "afskaf mødepligt til møde", "mødepligt hvert møde"]
    found = terms(words(texts))
    keywords = class_keywords(found.docs, np.ones(9), np.repeat([0, 1, 2], 3), 3, shown=found.shown)
    assert keywords[0][0] == "faglige oplæg" and keywords[1][0] == "egne data" and keywords[2][0] == "mødepligt"
    assert not any("møde" in k for k in keywords)  # in every group: names none
    assert "faglig" not in keywords[0] and "oplæg" not in keywords[0]  # the two-word term stands for its words
    assert "data" not in keywords[1]


def test_keywords_are_distinct(codebook) -> None:
    d = run(answers(), codebook, n_clusters=5)
    for c in d.questions[0].clusters:
        words = [w for k in c.keywords for w in k.split()]
        assert len(words) == len(set(words)), c.keywords  # no word twice, inside a two-word term or not


# --- merging and suggestions ------------------------------------------------------------

def test_near_duplicate_clusters_are_merged() -> None:
    rng = np.random.default_rng(0)
    X = np.zeros((60, 16))
    X[:30, 0], X[30:, 1] = 1.0, 1.0
    X += 0.3 * rng.standard_normal(X.shape)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    one_topic_in_two = np.array([0] * 15 + [1] * 15 + [2] * 30)
    labels = merge_duplicates(X, np.ones(60), one_topic_in_two)
    assert labels.tolist() == [0] * 30 + [1] * 30
    two_topics = np.array([0] * 30 + [1] * 30)
    assert merge_duplicates(X, np.ones(60), two_topics).tolist() == two_topics.tolist()


def test_suggestions_merge_into_a_codebook_that_passes_the_check(codebook, tmp_path: Path) -> None:
    d = run(answers(), without(codebook, "data"), n_clusters=5)
    write_discovery(tmp_path, d)
    text = (tmp_path / SUGGESTIONS).read_text(encoding="utf-8")
    draft = load_codebook(tmp_path / SUGGESTIONS)
    assert sorted(t.id for t in draft.themes) == ["egne_data_benchmarking", "transport_bil"]
    whole = merged(without(codebook, "data"), draft)
    target = tmp_path / "merged.yaml"
    target.write_text(yaml.safe_dump(whole.model_dump(mode="json"), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["codebook", "check", str(target)])
    assert result.exit_code == 0, result.output
    for theme in draft.themes:
        assert theme.label[:1].isupper() and " og " in theme.label  # Danish, from its two best keywords
        assert 3 <= len(theme.examples) <= 5 and theme.keywords
        assert "kommentarer (" in theme.description and "%" in theme.description  # size and share
    assert "Forslag:" not in text or text.index("Forslag:") < text.index("themes:")  # hints as comments on top
    # the themes pasted as they are under themes: in codebooks/klynger.yaml (indented two spaces) make a codebook
    pasted = tmp_path / "pasted.yaml"
    pasted.write_text((ROOT / "codebooks" / "klynger.yaml").read_text(encoding="utf-8").rstrip("\n") + "\n"
                      + text.split("themes:\n", 1)[1], encoding="utf-8")
    assert load_codebook(pasted).ids[-2:] == draft.ids


def test_a_suggestions_file_a_person_edited_is_never_written_over(codebook, tmp_path: Path) -> None:
    """Its header asks for edits, and the next discover wrote over them, or removed the file, without a word."""
    d = run(answers(), without(codebook, "data"), n_clusters=5)
    path = tmp_path / SUGGESTIONS
    assert write_discovery(tmp_path, d)[1] == ()
    first = path.read_text(encoding="utf-8")
    assert write_discovery(tmp_path, d)[1] == () and path.read_text(encoding="utf-8") == first  # as coder wrote it
    mine = first.replace("label: ", "label: Mit tema – ", 1)
    path.write_text(mine, encoding="utf-8")
    _, kept = write_discovery(tmp_path, d)
    assert path.read_text(encoding="utf-8") == mine and (tmp_path / "codebook-suggestions-new.yaml").is_file()
    assert "er rettet, siden coder skrev den" in kept[0].danish and "codebook-suggestions-new.yaml" in kept[0]
    newer = tmp_path / "codebook-suggestions-new.yaml"  # the next steps said to edit that one: it is kept too
    newer.write_text(newer.read_text(encoding="utf-8").replace("label: ", "label: Også mit – ", 1), encoding="utf-8")
    edited_new = newer.read_text(encoding="utf-8")
    _, kept = write_discovery(tmp_path, d)
    assert newer.read_text(encoding="utf-8") == edited_new and "de nye forslag står kun i clusters.md" in kept[0].danish
    newer.unlink()
    full = run(answers(), codebook, n_clusters=5)
    none_new = Discovery(tuple(replace(q, clusters=tuple(replace(c, new=False) for c in q.clusters))
                               for q in full.questions), full.codebook, full.seed)
    _, kept = write_discovery(tmp_path, none_new)  # no new theme now
    assert path.read_text(encoding="utf-8") == mine and not (tmp_path / "codebook-suggestions-new.yaml").exists()
    assert "bevares som den er" in kept[0].danish
    path.write_text(first, encoding="utf-8")  # as coder wrote it: no suggestions remove it
    write_discovery(tmp_path, none_new)
    assert not path.exists()


def test_a_draft_id_that_clashes_is_renamed(codebook) -> None:
    d = run(answers(), codebook, n_clusters=5)
    clash = codebook.model_copy(update={"themes": codebook.themes + (codebook.theme("struktur").model_copy(
        update={"id": "transport_bil", "label": "Transport og bil", "catch_all": False}),)})
    d = Discovery(d.questions, clash, d.seed)
    from coder.cluster import draft_codebook

    draft = draft_codebook(d)
    question = d.questions[0].question
    assert draft.ids == ["transport_bil_2"] and draft.themes[0].label == f"Transport og bil ({question})"
    assert merged(clash, draft).ids[-1] == "transport_bil_2"  # a codebook names each theme once
    # walk36: a draft kept a keyword of a codebook theme ('data'), which then pulled that theme's answers to it
    words = d.questions[0].clusters[[c.new for c in d.questions[0].clusters].index(True)].keywords
    taken = codebook.model_copy(update={"themes": (codebook.themes[0].model_copy(
        update={"keywords": codebook.themes[0].keywords + (words[1].upper(),)}),) + codebook.themes[1:]})
    kept = draft_codebook(Discovery(d.questions, taken, d.seed)).themes[0].keywords
    assert words[1] in draft.themes[0].keywords and words[1] not in kept and words[0] in kept


def test_clusters_md_follows_the_codebook_language(codebook) -> None:
    da = clusters_md(run(answers(), codebook, n_clusters=5))
    assert "# Klynger i kommentarerne" in da and "nærmeste tema" in da and "## Metode" in da
    english = codebook.model_copy(update={"language": "en"})
    en = clusters_md(run(answers(), english, n_clusters=5))
    assert "# Clusters in the comments" in en and "nearest theme" in en and "## Method" in en
    share = f"{100 * 8 / len(GROUP_OF):.1f}"  # a planted group of 8 of 38 answers: 21.1 %
    assert f"| {share.replace('.', ',')} |" in da and f"| {share} |" in en
    assert len(GROUPS) == 5


def test_the_praise_group_and_a_named_new_cluster_are_said_in_plain_words() -> None:
    from coder.cluster import Cluster, cluster_name, named_note
    from coder.wording import Wording

    da = Wording("da")
    praise = Cluster(9, 7, 7, 0.02, (), ("Det er fint",), "andet", "Andet", None, False, 0, praise=True)
    assert cluster_name(praise, da) == "ros og korte svar"  # it said 'ros og korte svar: klynge 9'
    worded = Cluster(9, 7, 7, 0.02, ("fint", "godt"), (), "andet", "Andet", None, False, 0, praise=True)
    assert cluster_name(worded, da) == "ros og korte svar: fint, godt"
    new = Cluster(8, 31, 30, 0.08, ("faglig", "socialt"), (), "social", "Social", 0.8, True, 0,
                  named=("socialt", "social", "social"))
    assert named_note(new, da) == "nøgleordet 'socialt' rummer 'social' (social)"  # it said '(socialt → social?)'
    same = Cluster(8, 31, 30, 0.08, ("social",), (), "social", "Social", 0.8, True, 0,
                   named=("social", "social", "social"))
    assert named_note(same, Wording("en")) == "keyword 'social' is social's"
