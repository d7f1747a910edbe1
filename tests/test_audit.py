"""The audit sample: seeded, stratified, only growing; and the only labels that correct published shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, FakeEmbedder
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
                          "corrected_shown": False}
    assert all(t["corrected_percent"] is None for t in q["themes"])
    store = Store.open_project(out)
    draw_audit(store, MIN_AUDIT)
    todo = audit_queue(store)
    assert len(todo) < MIN_AUDIT  # audit answers the queue already labelled count (the draw is random)
    store.record_decisions([(c, "bo", truth[c], "") for c in todo[:-1]], blind=True)
    store.close()
    q = json.loads(runner.invoke(app, ["report", str(out), "--format", "json"]).stdout)["questions"][0]
    assert q["audit"]["labelled"] == MIN_AUDIT - 1 and q["audit"]["needed"] == 1
    assert all(t["corrected_percent"] is None for t in q["themes"])
    md = runner.invoke(app, ["report", str(out), "--format", "md"]).stdout
    assert f"der mangler 1 (coder review DIR --audit {MIN_AUDIT})" in md and "uenige" not in md
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
    by_region = runner.invoke(app, ["report", str(out), "--format", "md", "--by", "region"]).stdout
    assert "sammenlignes på modellens andele, ukorrigeret" in by_region  # groups are not held to corrected shares
    assert kritik["corrected_ci"][0] <= kritik["corrected_percent"] <= kritik["corrected_ci"][1]


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
