"""The report writer's workflow end to end, with a simulated reviewer who answers with the gold labels.

    .venv/bin/python bench/workflow.py [--sets holdout-klynger2 holdout-indlaeggelse] [--queue 25] [--audit 100]

For each set (a survey export with gold columns): `coder code` it; label the first ``--queue``
answers of its review queue (review_order) and code again with --target-precision 0.9; then draw
an audit sample of ``--audit`` per question, label it, and code again. After each step it prints,
per question: which corrected shares are shown and how far they are from the gold shares (pp) and
whether their interval covers them; the mean confidence of the model-coded answers against their
accuracy; and what --target-precision 0.9 auto-coded and how precise that really was.
Nothing is tuned here: run it on the hold-out sets.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
from sets import load, names

from coder.pipeline import CodeOptions, code_file
from coder.review.audit import audit_queue, draw_audit
from coder.store import Store, comment_id


def gold_of(s) -> dict[str, tuple[str, ...]]:
    return {comment_id(g.respondent, g.question): g.themes for g in s.labels}


def measure(out: Path, gold: dict[str, tuple[str, ...]], step: str) -> None:
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    store = Store.open_project(out)
    rows = [r for r in store.rows() if r.comment_id in gold]
    store.close()
    doc = json.loads(_report_json(out))
    for q in doc["questions"]:
        qrows = [r for r in rows if r.question == q["question"]]
        truth = {t["theme"]: 100 * np.mean([gold[r.comment_id][0] == t["theme"] for r in qrows]) for t in q["themes"]}
        shown = [t for t in q["themes"] if t["corrected_percent"] is not None]
        model = [r for r in qrows if r.source == "model" and r.confidence is not None]
        acc = np.mean([r.primary == gold[r.comment_id][0] for r in model]) if model else float("nan")
        conf = np.mean([r.confidence for r in model]) if model else float("nan")
        line = (f"  {step:<14} {q['question']:<14} audit {q['audit']['labelled']:>3}/{q['audit']['minimum']} "
                f"corrected shown {len(shown)}/{len(q['themes'])}")
        if shown:
            errs = [abs(t["corrected_percent"] - truth[t["theme"]]) for t in shown]
            cover = np.mean([t["corrected_ci"][0] <= truth[t["theme"]] <= t["corrected_ci"][1] for t in shown])
            line += f" (worst {max(errs):.1f} pp, mean {np.mean(errs):.1f} pp, covered {cover:.0%})"
        line += f"; model-coded {len(model)}: confidence {conf:.3f} − accuracy {acc:.3f} = {conf - acc:+.3f}"
        auto = [r for r in qrows if r.status == "coded" and r.source == "model"]
        if report.get("target_precision"):
            right = np.mean([r.primary == gold[r.comment_id][0] for r in auto]) if auto else float("nan")
            line += f"; target 0.9: {len(auto)} auto-coded" + (f", right {right:.1%}" if auto else " (all to review)")
        print(line, flush=True)


def _report_json(out: Path) -> str:
    from coder.report import ReportOptions, build_report
    from coder.report.render.json_doc import render_json

    return render_json(build_report(out, ReportOptions(quotes=0)))


def label(out: Path, ids: list[str], gold: dict[str, tuple[str, ...]], reviewer: str, blind: bool) -> int:
    store = Store.open_project(out)
    items = [(c, reviewer, gold[c], "") for c in ids if c in gold]
    store.record_decisions(items, blind=blind)
    store.close()
    return len(items)


def run_set(name: str, queue: int, audit: int) -> None:
    s = load(name)
    if s.survey is None:
        print(f"== {name}: not a survey export; skipped")
        return
    gold = gold_of(s)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "p"
        options = CodeOptions(s.read)
        t0 = time.perf_counter()
        code_file(s.survey, s.codebook, out, options)
        print(f"== {name} ({time.perf_counter() - t0:.0f} s for the first run)")
        measure(out, gold, "zero-shot")
        store = Store.open_project(out)
        order = sorted((r for r in store.rows() if r.review_order is not None), key=lambda r: r.review_order)
        store.close()
        n = label(out, [r.comment_id for r in order[:queue]], gold, "queue", blind=False)
        code_file(s.survey, s.codebook, out, CodeOptions(s.read, target_precision=0.9))
        measure(out, gold, f"{n} queue")
        store = Store.open_project(out)
        draw_audit(store, audit)
        todo = audit_queue(store)
        store.close()
        m = label(out, todo, gold, "audit", blind=True)
        code_file(s.survey, s.codebook, out, CodeOptions(s.read, target_precision=0.9))
        measure(out, gold, f"+{m} audit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["holdout-klynger2", "holdout-indlaeggelse"], choices=names())
    parser.add_argument("--queue", type=int, default=25)
    parser.add_argument("--audit", type=int, default=100)
    args = parser.parse_args()
    for name in args.sets:
        run_set(name, args.queue, args.audit)


if __name__ == "__main__":
    main()
