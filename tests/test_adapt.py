"""The codebook adapted to the batch: its surest answers teach it the batch's wording, no label used."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbedder

from coder.classify import Features, Labelled, ThemeClassifier, zero_shot
from coder.classify.adapt import AdaptedZeroShot, adapt
from coder.codebook import load_codebook

# A word per theme that the codebook never mentions: only the batch itself can teach it.
PRIVATE = {"indhold": "quasar", "struktur": "walrus", "social": "tulip", "data": "granite", "kritik": "tuba",
           "andet": "kiwi"}


def _batch(codebook, n_per: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Per theme: half the answers name its private word and two of its keywords, the rest only the word."""
    rng = np.random.default_rng(seed)
    texts, gold = [], []
    for theme in codebook.themes:
        for i in range(n_per):
            filler = str(rng.choice(["blip", "blop", "zork", "frob", "quux", "plugh"]))
            words = theme.keywords
            keyword = f"{words[i % len(words)]} {words[(i + 1) % len(words)]}" if i % 2 == 0 else filler
            texts.append(f"{PRIVATE[theme.id]} {keyword}")
            gold.append(theme.id)
    return texts, gold


@pytest.fixture
def setting(codebook_path: Path):
    cb = load_codebook(codebook_path)
    emb = FakeEmbedder()
    texts, gold = _batch(cb, 30)
    return zero_shot(cb, emb.embed_batch), Features(emb.embed_batch(texts), tuple(texts)), np.array(gold)


def _whole(features: Features):
    return lambda clf: [(features, clf.code(features))]


def _accuracy(clf, features: Features, gold: np.ndarray) -> float:
    return float((np.array(clf.code(features).primary) == gold).mean())


def test_the_surest_answers_teach_the_batch_wording(setting) -> None:
    prior, features, gold = setting
    adapted = adapt(prior, None, _whole(features))
    assert isinstance(adapted, AdaptedZeroShot)
    plain = features.take(np.arange(1, len(features), 2))  # the answers that name no keyword
    before, after = _accuracy(prior, plain, gold[1::2]), _accuracy(adapted, plain, gold[1::2])
    assert after >= before + 0.08, (before, after)
    assert _accuracy(adapted, features, gold) >= _accuracy(prior, features, gold) + 0.04
    once = adapt(prior, None, _whole(features), rounds=1)  # each theme's surest half of the codebook's codes
    coded = dict(zip(*np.unique(prior.code(features).primary, return_counts=True)))
    assert once.pseudo == {t: int(np.ceil(0.5 * coded.get(t, 0))) for t in prior.classes_}


def test_it_is_never_surer_than_the_codebook_on_the_batch(setting) -> None:
    prior, features, _ = setting
    adapted = adapt(prior, None, _whole(features))
    assert adapted.code(features).confidence.mean() == pytest.approx(prior.code(features).confidence.mean(), abs=1e-3)


def test_chunks_adapt_as_the_whole_batch_does_and_the_same_twice(setting) -> None:
    prior, features, _ = setting
    whole = adapt(prior, None, _whole(features))
    parts = [features.take(np.arange(a, min(a + 50, len(features)))) for a in range(0, len(features), 50)]
    chunked = adapt(prior, None, lambda clf: [(p, clf.code(p)) for p in parts])
    again = adapt(prior, None, _whole(features))
    assert np.array_equal(whole.predict_proba(features), again.predict_proba(features))
    assert np.allclose(whole.predict_proba(features), chunked.predict_proba(features), atol=1e-9)


def test_a_small_batch_is_coded_by_the_codebook_alone(setting) -> None:
    prior, features, _ = setting
    few = features.take(np.arange(0, len(features), 12))  # 15 answers: too few sure ones to learn from
    assert adapt(prior, None, _whole(few)) is prior
    assert adapt(prior, None, lambda clf: []) is prior


def test_a_theme_the_regression_never_learned_keeps_the_codebooks_probability(setting) -> None:
    prior, features, _ = setting
    adapted = adapt(prior, None, _whole(features))
    data = list(prior.classes_).index("data")
    known = np.array([j for j in adapted.known if j != data])
    rows = np.isin(adapted.known, known)
    partial = AdaptedZeroShot(prior, adapted.coef[rows], adapted.intercept[rows], known)
    from coder.classify.base import log_softmax

    codebook = log_softmax(prior.decision_function(features).astype(np.float64))
    assert np.allclose(partial.blended(features)[:, data], codebook[:, data])
    assert not np.allclose(partial.blended(features)[:, known], codebook[:, known])


def test_the_adapted_codebook_codes_alone_until_labels_teach(setting) -> None:
    prior, features, gold = setting
    adapted = adapt(prior, None, _whole(features))
    few = np.concatenate([np.flatnonzero(gold == t)[:2] for t in prior.classes_])  # too few to learn from
    model = ThemeClassifier(adapted).fit(Labelled(features.take(few), tuple((g,) for g in gold[few]),
                                                  ("svar",) * len(few)))
    assert model.prior_ is adapted and np.allclose(model.predict_proba(features), adapted.predict_proba(features))
    many = np.concatenate([np.flatnonzero(gold == t)[:8] for t in prior.classes_])
    model = ThemeClassifier(adapted).fit(Labelled(features.take(many), tuple((g,) for g in gold[many]),
                                                  ("svar",) * len(many)))
    assert model.weights_[1] + model.weights_[2] > 0


def test_labels_choose_the_codebook_as_written_when_the_adapted_one_is_wrong(setting) -> None:
    prior, features, gold = setting
    adapted = adapt(prior, None, _whole(features))
    wrong = AdaptedZeroShot(prior, 5 * np.roll(adapted.coef, 1, axis=0), adapted.intercept, adapted.known,
                            adapted.temperature)  # every learned theme points at the next theme's answers
    few = np.concatenate([np.flatnonzero(gold == t)[:6] for t in prior.classes_])
    labelled = Labelled(features.take(few), tuple((g,) for g in gold[few]), ("svar",) * len(few))
    priors_only = {"min_gain": 1.0}  # the learned views never beat a prior by that much: the labels choose the prior
    assert ThemeClassifier(wrong, **priors_only).fit(labelled).prior_ is prior
    assert ThemeClassifier(adapted, **priors_only).fit(labelled).prior_ is adapted


def test_coder_code_adapts_the_codebook_unless_told_not_to(tmp_path: Path, codebook_path: Path) -> None:
    from coder.classify import codebook_examples
    from coder.io import ReadOptions
    from coder.pipeline import CodeOptions, code_file
    from coder.store import Store

    cb = load_codebook(codebook_path)
    texts, _ = _batch(cb, 30)
    path = tmp_path / "svar.csv"
    path.write_text("id;svar\n" + "".join(f"R{i};{t} nr{i}\n" for i, t in enumerate(texts)), encoding="utf-8")
    emb = FakeEmbedder()
    codes = {}
    for adapt_ in (True, False):
        out = tmp_path / f"p{adapt_}"
        result = code_file(path, cb, out, CodeOptions(ReadOptions(("svar",), "id"), adapt=adapt_), embedder=emb)
        with open(out / "assignments.csv", encoding="utf-8-sig") as fh:
            codes[adapt_] = [line.split(",")[5] for line in fh.read().splitlines()[1:]]
        store = Store.open_project(out)
        assert store.current_run().settings.adapted == result.labels.adapted
        store.close()
        assert (result.labels.adapted > 0) == adapt_
    answers = [f"{t} nr{i}" for i, t in enumerate(texts)]
    features = Features(emb.embed_batch(answers), tuple(answers))
    prior = zero_shot(cb, emb.embed_batch)
    adapted = adapt(prior, codebook_examples(cb, emb.embed_batch), _whole(features))
    assert codes[False] == list(prior.code(features).primary)
    assert codes[True] == list(adapted.code(features).primary) != codes[False]


def test_evaluate_scores_the_adapted_codebook_beside_the_codebook_alone(setting) -> None:
    from coder.evaluate import evaluate, evaluation_json

    prior, features, gold = setting
    data = Labelled(features, tuple((g,) for g in gold), ("svar",) * len(gold))
    ev = evaluate(prior, data, None, folds=0)
    assert ev.adapted is not None and ev.adapted.macro_f1 > ev.zero_shot.macro_f1 + 0.03
    assert ev.automation_source == "zero-shot" and evaluation_json(ev)["adapted"]["macro_f1"] == round(
        ev.adapted.macro_f1, 6)
    assert evaluate(prior, data, None, folds=0, adapt_to_batch=False).adapted is None
    curve = [evaluate(prior, data, None, folds=0, per_class=[4], seeds=(0,), adapt_to_batch=a).curve[0]
             for a in (True, False)]
    assert curve[0].zero_shot_macro_f1 == curve[1].zero_shot_macro_f1  # its "codebook alone" is the codebook as written


def test_learned_model_is_held_to_the_codebooks_confidence_until_random_labels_calibrate_it(setting) -> None:
    from coder.classify.selftrain import no_surer_than_the_codebook

    prior, features, gold = setting
    picked = np.concatenate([np.flatnonzero(gold == t)[:8] for t in prior.classes_])
    rest = features.take(np.setdiff1d(np.arange(len(features)), picked))
    pool = _whole(rest)
    for random in (False, True):
        labelled = Labelled(features.take(picked), tuple((g,) for g in gold[picked]), ("svar",) * len(picked),
                            (random,) * len(picked))
        model = ThemeClassifier(prior).fit(labelled)
        unguarded = model.code(rest).confidence.mean()
        held = no_surer_than_the_codebook(model, labelled, pool).code(rest).confidence.mean()
        if random:  # 48 random labels fitted its temperature: left as it is
            assert held == unguarded
        else:
            assert unguarded > prior.code(rest).confidence.mean() + 0.05  # surer than the codebook, unguarded
            assert held <= prior.code(rest).confidence.mean() + 1e-9
