"""The audit sample: seeded, stratified, only growing; and the only labels that correct published shares."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, FakeEmbedder
from openpyxl import load_workbook
from review_support import make_project
from typer.testing import CliRunner

from coder.classify.shares import MIN_AUDIT
from coder.cli import app
from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, code_file
from coder.review.audit import audit_queue, draw_audit
from coder.store import Store


def _items(store: Store) -> list[tuple[str, str, int]]:
    return [(i.comment_id, i.stratum, i.draw) for i in store.audit_items(store.current_run().input_sha256)]


def test_the_draw_is_seeded_stratified_and_only_grows(tmp_path: Path) -> None:
    a = Store.open_project(make_project(tmp_path / "a"))
    b = Store.open_project(make_project(tmp_path / "b"))
    assert draw_audit(a, 3) == draw_audit(b, 3) == {"kommentar": 3, "andre_kommentarer": 3}
    first = _items(a)
    assert first == _items(b)  # same project, same seed: the same sample
    assert draw_audit(a, 5) == {"kommentar": 2, "andre_kommentarer": 1}  # andre_kommentarer has only 4 answers
    assert _items(a)[:3] == first[:3] and set(first) <= set(_items(a))  # it grew; nothing was redrawn
    assert draw_audit(a, 5, seed=99) == {"kommentar": 0, "andre_kommentarer": 0}  # the design's seed stays
    rows = {r.comment_id: r for r in a.rows()}
    assert all(rows[c].model_themes[0] == s for c, s, _ in _items(a))  # strata: the model's primary theme
    assert all(rows[c].status in ("coded", "needs_review") for c, _, _ in _items(a))
    a.record_decision(first[0][0], "anna", ("data",), blind=True)
    assert audit_queue(a)[0] == _items(a)[1][0] and first[0][0] not in audit_queue(a)
    with pytest.raises(Exception, match="--audit 0"):
        draw_audit(a, 0)
    a.close()
    b.close()


def _big_project(tmp_path: Path, n: int = 160) -> Path:
    themes = {"indhold": "Flere faglige oplæg om behandling", "struktur": "Bedre dagsorden og mødeledelse",
              "social": "Hyggeligt at mødes med kolleger", "kritik": "Spild af tid og bureaukrati"}
    path = tmp_path / "in.csv"
    lines = ["id;svar;region"] + [f"R{i};{text} nummer {i};{'Nord' if i % 2 else 'Syd'}"
                                  for i, text in enumerate(list(themes.values()) * (n // 4))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "p"
    code_file(path, load_codebook(ROOT / "codebooks" / "klynger.yaml"), out, CodeOptions(ReadOptions(("svar",), "id")),
              embedder=FakeEmbedder())
    return out


def test_only_audit_labels_correct_shares_and_only_from_the_minimum(tmp_path: Path) -> None:
    out = _big_project(tmp_path)
    store = Store.open_project(out)
    truth = {r.comment_id: ("kritik",) for r in store.rows()}  # pretend reviewers say every answer is kritik
    queue = [r.comment_id for r in sorted(store.rows(), key=lambda r: r.confidence)][:MIN_AUDIT + 10]
    store.record_decisions([(c, "anna", truth[c], "") for c in queue])  # queue labels: never correct shares
    store.close()
    runner = CliRunner()
    doc = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)
    q = doc["questions"][0]
    assert q["audit"] == {"drawn": 0, "labelled": 0, "minimum": MIN_AUDIT, "needed": MIN_AUDIT,
                          "corrected_shown": False, "labelled_seeing_model": 0, "skipped": 0, "held_after_skipped": 0,
                          "non_answers": 0, "base_estimate": q["denominator"]}
    assert all(t["corrected_percent"] is None for t in q["themes"])
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT)
    todo = audit_queue(store)
    seen = [c for c in todo if c in queue]  # drawn answers anna labelled in the queue, seeing the model
    assert todo == [i[0] for i in _items(store)] and seen  # her labels take none out of the audit (a random draw)
    store.close()
    q = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    assert q["audit"]["labelled"] == 0 and q["audit"]["labelled_seeing_model"] == len(seen)
    md = runner.invoke(app, ["report", str(out), "--format", "md"]).stdout
    assert (f"{len(seen)} af de udtrukne svar er kun kodet af reviewere, der så modellens forslag, så de tæller ikke "
            f"med: coder review DIR -r NAVN --audit {MIN_AUDIT} beder om dem blindt.") in md
    md = runner.invoke(app, ["report", str(out), "--format", "md", "--locale", "en"]).stdout
    assert f"{len(seen)} of the drawn answers are labelled only by reviewers who saw the model's suggestion" in md
    store = Store.open_project(out)
    store.record_decisions([(c, "bo", truth[c], "") for c in todo[:-1]], blind=True)
    store.close()
    q = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    assert q["audit"]["labelled"] == MIN_AUDIT - 1 and q["audit"]["needed"] == 1
    assert all(t["corrected_percent"] is None for t in q["themes"])
    md = runner.invoke(app, ["report", str(out), "--format", "md"]).stdout
    assert f"der mangler 1 (coder review DIR -r NAVN --audit {MIN_AUDIT})" in md and "uenige" not in md
    store = Store.open_project(out)  # a second blind reviewer differs on one: a dispute only adjudication settles
    store.record_decision(todo[0], "cia", ("data",), blind=True)
    store.close()
    md = runner.invoke(app, ["report", str(out), "--format", "md"]).stdout
    assert "der mangler 2" in md and "1 af de udtrukne svar er uenige" in md and "--adjudicate" in md
    store = Store.open_project(out)
    store.record_decision(todo[0], "cia", truth[todo[0]], blind=True)  # cia agrees after all
    store.record_decision(todo[-1], "bo", truth[todo[-1]], blind=True)
    store.close()
    q = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    kritik = next(t for t in q["themes"] if t["theme"] == "kritik")
    assert q["audit"]["corrected_shown"] and kritik["corrected_percent"] > 90  # every audited answer is kritik
    apart = runner.invoke(app, ["report", str(out), "--format", "md"]).stdout  # the model's shares are far off
    assert re.search(r"For .*Kritik og skepsis \(\d+,\d % mod \d+,\d–\d+,\d %\).* ligger andelen af koderne, som de "
                     r"står \(modellens, og reviewernes, hvor de har kodet\), uden for den korrigerede andels "
                     r"95 %-interval: offentliggør den korrigerede andel\.", " ".join(apart.split()))
    assert "Nævnt korrigeres ikke: det tæller koderne, som de står" in " ".join(apart.split())  # walk23
    sheet = runner.invoke(app, ["report", str(out), "--format", "md", "--by", "region", "--group", "Nord"]).stdout
    assert "ligger andelen blandt alle svar uden for den korrigerede andels 95 %-interval" in sheet
    for args in (["--group", "Nord"], []):  # the workbook's fact sheet and group sheets say it too
        book = out / f"book{len(args)}.xlsx"
        runner.invoke(app, ["report", str(out), "--format", "xlsx", "--by", "region", *args, "--out", str(book)])
        cells = " ".join(str(c.value) for ws in load_workbook(book).worksheets for r in ws.iter_rows() for c in r)
        assert "sammenlignes på koderne, som de står" in cells
        assert ("ligger andelen blandt alle svar uden for" in cells) == bool(args)
    by_region = runner.invoke(app, ["report", str(out), "--format", "md", "--by", "region"]).stdout
    assert "sammenlignes på koderne, som de står (modellens, og en reviewers" in by_region  # not held to corrected
    assert kritik["corrected_ci"][0] <= kritik["corrected_percent"] <= kritik["corrected_ci"][1]


def test_audit_labels_after_a_skipped_draw_wait_for_it(tmp_path: Path) -> None:
    """A reviewer who skips the drawn answers of one kind and codes the rest makes the sample theirs: within a
    theme, labels count in draw order up to the first drawn answer nobody coded, and the report says why."""
    out = _big_project(tmp_path)
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT + 10)
    items = store.audit_items(store.current_run().input_sha256)
    stratum = max({i.stratum for i in items}, key=lambda s: sum(i.stratum == s for i in items))
    skipped = [i.comment_id for i in items if i.stratum == stratum][:2]  # the first two of the largest theme
    store.record_decisions([(i.comment_id, "bo", ("kritik",), "") for i in items if i.comment_id not in skipped],
                           blind=True)
    store.close()
    held = sum(i.stratum == stratum for i in items) - 2
    runner = CliRunner()
    q = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    assert (q["audit"]["skipped"], q["audit"]["held_after_skipped"]) == (2, held)
    assert q["audit"]["labelled"] == len(items) - 2 - held
    md = runner.invoke(app, ["report", str(out), "--format", "md"]).stdout
    assert (f"2 udtrukne svar er sprunget over, så {held} svar, der er trukket efter dem under samme tema, tæller "
            f"ikke med, før de er kodet") in md and f"--audit {MIN_AUDIT + 10}" in md
    store = Store.open_project(out)
    store.record_decisions([(c, "bo", ("kritik",), "") for c in skipped], blind=True)
    store.close()
    q = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    audit = q["audit"]
    assert audit["labelled"] == len(items) and audit["held_after_skipped"] == 0 and audit["corrected_shown"]


def test_a_draw_coded_only_seeing_the_model_and_skipped_holds_back_those_after_it(tmp_path: Path) -> None:
    """A drawn answer first coded in the ordinary queue, then skipped in the audit, held nothing back (walk22)."""
    out = _big_project(tmp_path)
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT + 10)
    items = store.audit_items(store.current_run().input_sha256)
    stratum = max({i.stratum for i in items}, key=lambda s: sum(i.stratum == s for i in items))
    first = next(i.comment_id for i in items if i.stratum == stratum)
    store.record_decision(first, "anna", ("kritik",))  # seeing the model: no audit label
    store.record_decisions([(i.comment_id, "bo", ("kritik",), "") for i in items if i.comment_id != first], blind=True)
    store.close()
    doc = json.loads(CliRunner().invoke(app, ["report", str(out), "--format", "json"]).stdout)
    audit = doc["questions"][0]["audit"]
    held = sum(i.stratum == stratum for i in items) - 1
    assert (audit["skipped"], audit["held_after_skipped"], audit["labelled_seeing_model"]) == (1, held, 1)
    assert audit["labelled"] == len(items) - 1 - held


def test_labels_after_a_skipped_draw_back_no_precision_either(tmp_path: Path) -> None:
    """The calibration and --target-precision learn from the audit labels that count, as the corrected shares do."""
    from coder.embed import CachedEmbed
    from coder.pipeline.learning import gather_labels

    out = _big_project(tmp_path)
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT + 10)
    run = store.current_run()
    items = store.audit_items(run.input_sha256)
    stratum = max({i.stratum for i in items}, key=lambda s: sum(i.stratum == s for i in items))
    skipped = next(i.comment_id for i in items if i.stratum == stratum)
    store.record_decisions([(i.comment_id, "bo", ("kritik",), "") for i in items if i.comment_id != skipped],
                           blind=True)
    labels = gather_labels(store, run.input_sha256, run.codebook, (None, ()), CachedEmbed.of(FakeEmbedder()))
    store.close()
    held = sum(i.stratum == stratum for i in items) - 1
    assert len(labels.labelled) == len(items) - 1  # every label teaches ...
    assert sum(labels.labelled.random) == len(items) - 1 - held  # ... but only those that count are random


def test_themes_csv_counts_a_drawn_answer_whose_blind_label_is_disputed_in_force(tmp_path: Path) -> None:
    """A drawn answer that one reviewer coded seeing the model and another blind, differently, is disputed in
    force, but the blind label is its audit label: themes.csv and report.md (rewritten after review) left it
    out while 'coder report' counted it."""
    import csv

    from coder.report import refresh_exports

    out = _big_project(tmp_path)
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT)
    todo = audit_queue(store)
    store.record_decision(todo[0], "anna", ("social",))  # seeing the model
    store.record_decisions([(c, "bo", ("kritik",), "") for c in todo], blind=True)
    assert next(r for r in store.rows() if r.comment_id == todo[0]).source == "disputed"
    store.close()
    refresh_exports(out)
    with open(out / "themes.csv", encoding="utf-8-sig") as f:
        audited = {int(r["audit_labelled"]) for r in csv.DictReader(f)}
    q = json.loads(CliRunner().invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    assert audited == {q["audit"]["labelled"]} == {MIN_AUDIT}


def test_an_audit_drawn_on_an_earlier_input_is_said_to_lapse(tmp_path: Path) -> None:
    """After --update with a new input the earlier audit labels stop counting; the report said only 'no audit'."""
    from coder.pipeline import UPDATE

    out = _big_project(tmp_path)
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT)
    store.close()
    wave = tmp_path / "in.csv"
    wave.write_text(wave.read_text(encoding="utf-8") + "R999;Mere data om egne patienter;Nord\n", encoding="utf-8")
    code_file(wave, load_codebook(ROOT / "codebooks" / "klynger.yaml"), out,
              CodeOptions(ReadOptions(("svar",), "id"), on_change=UPDATE), embedder=FakeEmbedder())
    md = CliRunner().invoke(app, ["report", str(out), "--format", "md"]).stdout
    assert "auditstikprøven blev trukket på et tidligere input med andre svar" in md


# --- audit labels: blind or adjudicated, never made seeing the model -------------------------------------------
def _sample(store: Store):
    from coder.review.audit import audit_samples

    run = store.current_run()
    return audit_samples(store, run, list(store.rows(run.run_id)))["kommentar"]


def _drawn(store: Store) -> list[str]:
    return [c for c, _, _ in _items(store) if c.endswith("::kommentar")]


def test_a_label_made_seeing_the_model_is_no_audit_label(tmp_path: Path) -> None:
    """Anchoring: a reviewer who saw the model's suggestion tends to accept it, so such a label would flatter
    the model. It is kept (it is the label in force) but is no audit label, and the answer stays in the audit."""
    store = Store.open_project(make_project(tmp_path / "p"))
    draw_audit(store, 2)
    first, second = _drawn(store)
    model = {r.comment_id: r.model_themes[0] for r in store.rows() if r.model_themes}
    other = next(t for t in ("kritik", "data") if t != model[first])
    store.record_decision(first, "anna", (model[first],))  # the ordinary queue: the model's suggestion in view
    assert first in audit_queue(store)
    sample = _sample(store)
    assert (sample.labelled, sample.seen, sample.disputed) == (0, 1, 0)
    store.record_decision(first, "bo", (other,), blind=True)  # the audit, blind: this one counts
    assert first not in audit_queue(store) and second in audit_queue(store)
    sample = _sample(store)
    assert (sample.labelled, sample.seen) == (1, 0) and [t for v in sample.labels.values() for t in v] == [other]
    store.record_decision(first, "cia", (model[first],))  # later, seeing the model: it settles the label in force ...
    assert next(r for r in store.rows() if r.comment_id == first).themes == (model[first],)
    sample = _sample(store)  # ... but does not replace the blind audit label
    assert [t for v in sample.labels.values() for t in v] == [other] and first not in audit_queue(store)
    store.close()


def test_an_adjudicated_label_is_the_audit_label(tmp_path: Path) -> None:
    store = Store.open_project(make_project(tmp_path / "p"))
    draw_audit(store, 1)
    (first,) = _drawn(store)
    store.record_decision(first, "anna", ("kritik",), blind=True)
    store.record_decision(first, "bo", ("data",), blind=True)
    sample = _sample(store)
    assert (sample.labelled, sample.disputed) == (0, 1) and first in audit_queue(store)
    store.adjudicate(first, "eva", ("struktur",))
    assert first not in audit_queue(store)
    store.record_decision(first, "cia", ("social",))  # seeing the model, after the adjudication
    sample = _sample(store)
    assert [t for v in sample.labels.values() for t in v] == ["struktur"] and first not in audit_queue(store)
    assert (sample.labelled, sample.disputed, sample.seen) == (1, 0, 0)
    store.close()


def _hand_coded(path: Path, n: int = 40) -> None:
    """``n`` answers of four themes; every second one hand-coded in the column ``tema``."""
    themes = {"indhold": "Flere faglige oplæg om behandling", "struktur": "Bedre dagsorden og mødeledelse",
              "social": "Hyggeligt at mødes med kolleger", "kritik": "Spild af tid og bureaukrati"}
    lines = ["id;svar;tema"] + [f"R{i};{text} nummer {i};{theme if i % 2 else ''}"
                                for i, (theme, text) in enumerate(list(themes.items()) * (n // 4))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_hand_coded_answers_imported_as_a_random_sample_are_audit_labels(tmp_path: Path) -> None:
    """They were coded without the model: stored blind, they fill the audit sample, and a rerun of the same
    file imports nothing again (nor does it overwrite a reviewer's later label)."""
    from coder.pipeline import LabelOptions

    _hand_coded(tmp_path / "in.csv")
    options = CodeOptions(ReadOptions(("svar",), "id"), labels=LabelOptions(("tema",), random=True))
    codebook = load_codebook(ROOT / "codebooks" / "klynger.yaml")
    code_file(tmp_path / "in.csv", codebook, tmp_path / "p", options, embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p")
    imported = store.decisions()
    assert len(imported) == 20 and all(d.blind and d.reviewer == "gold:tema" for d in imported)
    run = store.current_run()
    from coder.review.audit import audit_samples

    sample = audit_samples(store, run, list(store.rows(run.run_id)))["svar"]
    assert (sample.drawn, sample.labelled, sample.seen) == (20, 20, 0) and audit_queue(store) == []
    store.record_decision("R1::svar", "anna", ("data",))  # a reviewer who differs from the hand-coding: a dispute
    store.close()
    code_file(tmp_path / "in.csv", codebook, tmp_path / "p", options, embedder=FakeEmbedder())
    store = Store.open_project(tmp_path / "p")
    assert len(store.decisions()) == 21  # nothing imported again
    assert next(r for r in store.rows() if r.comment_id == "R1::svar").source == "disputed"
    assert store.reviewer_labels()["anna"]["R1::svar"] == ("data",)
    store.close()


def test_only_audit_labels_back_the_target_precision(tmp_path: Path) -> None:
    """Drawn answers labelled seeing the model do not calibrate or back --target-precision; blind ones do."""
    out = _big_project(tmp_path, 80)
    store = Store.open_project(out)
    draw_audit(store, 10)
    drawn = audit_queue(store)
    model = {r.comment_id: r.model_themes for r in store.rows()}
    store.record_decisions([(c, "anna", model[c], "") for c in drawn])
    store.close()
    codebook = load_codebook(ROOT / "codebooks" / "klynger.yaml")
    options = CodeOptions(ReadOptions(("svar",), "id"), target_precision=0.8)
    result = code_file(tmp_path / "in.csv", codebook, out, options, embedder=FakeEmbedder())
    assert result.thresholds.audited == 0
    store = Store.open_project(out)
    store.record_decisions([(c, "bo", model[c], "") for c in drawn], blind=True)
    store.close()
    result = code_file(tmp_path / "in.csv", codebook, out, options, embedder=FakeEmbedder())
    assert result.thresholds.audited == len(drawn) == 10


def test_an_audit_cannot_be_reviewed_seeing_the_model(tmp_path: Path) -> None:
    out = make_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["review", str(out), "--reviewer", "anna", "--audit", "5", "--no-blind",
                                      "--locale", "en"])
    assert result.exit_code == 2
    assert "--audit --no-blind: the audit is always blind" in result.output and "leave out --no-blind" in result.output


def test_an_audit_draw_in_the_ordinary_queue_is_shown_blind_and_its_label_counts(tmp_path: Path) -> None:
    import asyncio

    from test_review_app import screen_text

    from coder.review.start import open_session
    from coder.review.ui.app import ReviewApp

    out = _big_project(tmp_path)
    store = Store.open_project(out)
    draw_audit(store, 10)
    drawn = audit_queue(store)
    session = open_session(store, "anna")
    todo = [i for i, item in enumerate(session.items) if item.comment_id in set(drawn)]
    other = next(i for i, item in enumerate(session.items) if item.comment_id not in set(drawn))
    assert todo
    session.go(other)
    assert not session.blind and not session.audit_draw
    session.go(todo[0])
    cid = session.current.comment_id
    assert session.blind and session.audit_draw and session.selection == ()  # nothing of the model shown
    assert session.others() == {} and session.reasons() == ()
    session.toggle(5)  # kritik
    decision = session.accept()
    assert decision.comment_id == cid and decision.blind  # an audit label: the draw leaves the audit queue
    assert cid not in audit_queue(store) and len(audit_queue(store)) == len(drawn) - 1

    app = ReviewApp(open_session(store, "bo"), "p")

    async def drive() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            app.session.go(next(i for i, item in enumerate(app.session.items)
                                if item.comment_id in set(audit_queue(store))))
            app.refresh_view()
            await pilot.pause()
            return screen_text(app)

    assert "udtrukket til den tilfældige auditstikprøve" in asyncio.run(drive())
    store.close()
