"""Print how well ``coder discover`` finds a theme the codebook lacks: leave one theme out, on every labelled set.

    .venv/bin/python bench/discover.py [--sets sample sib200 …] [--model e5]

For each set (``bench/sets.py``: the sample, SIB-200 and any hold-out folder) its answers are
discovered against the full codebook and against the codebook with each substantive theme
removed in turn: a survey export is read whole, as ``coder discover`` reads it (SIB-200 is its
labelled sentences). Clusters are judged by the primary gold theme of their labelled answers.

- **found**: the NEW clusters in which the removed theme is the majority hold at least 40 %
  of its answers (the issue's definition); ``share`` is that fraction.
- **purity**: the removed theme's part of the answers in those clusters.
- **coverage**: the removed theme's answers in any NEW cluster, dominated by it or not.
- **other NEW**: NEW clusters that the removed theme does not dominate (false alarms).
- **false alarms**: NEW clusters with the full codebook (target: at most one).

It also checks that the full-codebook discovery is the same with the rows shuffled and that no
substantive answer is left unassigned. The constants of ``coder.cluster`` were tuned on the
sample and SIB-200 only; hold-out sets are for reporting.

Every question of a set is clustered on its own, as ``coder discover`` does; the counts are
summed over questions. Embeddings come from the on-disk cache after the first run.

``--gold-clusters`` asks how much of the shortfall is the clustering's: the NEW test of
``coder.cluster.explain`` is run on perfect clusters, one per gold primary theme and question
(the catch-all's answers are the "andet/ros" group, never NEW), with each theme removed in turn. A
removed theme is found when its clusters are NEW; a false alarm is a NEW cluster of a theme the
codebook has.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

FOUND_SHARE = 0.40


@dataclass(frozen=True)
class Outcome:
    """How one removed theme came back."""

    theme: str
    answers: int
    share: float
    purity: float | None
    coverage: float
    new_clusters: int
    other_new: int

    @property
    def found(self) -> bool:
        return self.share >= FOUND_SHARE


def without(codebook, theme: str):
    """The codebook with one theme removed."""
    return codebook.model_copy(update={"themes": tuple(t for t in codebook.themes if t.id != theme)})


def judge(discovery, gold: dict[tuple[str, str], str], theme: str | None) -> tuple[int, int, int, int, int, int]:
    """(theme answers, in NEW clusters it dominates, size of those clusters, in any NEW cluster,
    NEW clusters, NEW clusters it does not dominate)."""
    total = dominated = dominated_size = in_new = n_new = other = 0
    for q in discovery.questions:
        members: dict[int, Counter] = {}
        for a in q.assignments:
            if (q.question, a.id) in gold:
                members.setdefault(a.cluster, Counter())[gold[(q.question, a.id)]] += 1
        for c in q.clusters:
            counts = members.get(c.number, Counter())
            here = counts.get(theme, 0)
            total += here
            if not c.new:
                continue
            n_new += 1
            in_new += here
            rivals = max((n for t, n in counts.items() if t != theme), default=0)
            if theme is not None and here > rivals:  # a strict majority over every other theme
                dominated += here
                dominated_size += sum(counts.values())
            else:
                other += 1
    return total, dominated, dominated_size, in_new, n_new, other


def run_set(name: str, embed) -> None:
    from sets import load

    from coder.cluster import Answer, discover
    from coder.text import CODED

    s = load(name)
    if s.survey is not None:  # the whole export, as `coder discover` reads it; only labelled answers are judged
        from coder.pipeline.discover import file_answers

        answers, *_ = file_answers(s.survey, s.read)
    else:
        answers = [Answer(g.respondent, g.question, g.text, CODED) for g in s.labels]
    gold = {(g.question, g.respondent): g.themes[0] for g in s.labels}
    clustered = sum(a.status == CODED for a in answers)
    started = time.perf_counter()
    full = discover(answers, embed, s.codebook)
    _, _, _, _, alarms, _ = judge(full, gold, None)
    outcomes = []
    for theme in (t.id for t in s.codebook.substantive):
        found = discover(answers, embed, without(s.codebook, theme))
        total, dominated, size, in_new, n_new, other = judge(found, gold, theme)
        outcomes.append(Outcome(theme, total, dominated / total if total else 0.0,
                                dominated / size if size else None, in_new / total if total else 0.0, n_new, other))
    seconds = time.perf_counter() - started
    shuffled = answers[:]
    random.Random(1).shuffle(shuffled)
    same = _assigned(discover(shuffled, embed, s.codebook)) == _assigned(full)
    unassigned = clustered - sum(len(q.assignments) for q in full.questions)
    print(f"\n## {name}: {clustered} substantive answers ({len(s.labels)} labelled), {len(set(s.questions))} "
          f"question(s), codebook '{s.codebook.name}'\n")
    print("| theme removed | answers | found | share | purity | coverage | NEW clusters | other NEW |")
    print("|---|---:|:---:|---:|---:|---:|---:|---:|")
    for o in outcomes:
        purity = "–" if o.purity is None else f"{o.purity:.2f}"
        print(f"| {o.theme} | {o.answers} | {'yes' if o.found else 'no'} | {o.share:.2f} | {purity} "
              f"| {o.coverage:.2f} | {o.new_clusters} | {o.other_new} |")
    hits = sum(o.found for o in outcomes)
    print(f"\nfound {hits} of {len(outcomes)}; NEW clusters with the full codebook (false alarms): {alarms}; "
          f"{seconds:.1f} s for {len(outcomes) + 1} discoveries; same clusters with the rows shuffled: "
          f"{'yes' if same else 'NO'}; unassigned comments: {unassigned}")


def run_gold_clusters(name: str, embed) -> None:
    """The NEW test on clusters that are the gold themes (see the module docstring)."""
    import numpy as np
    from sets import load

    from coder.cluster import ThemeScorer, fit_clusters
    from coder.text import clean

    s = load(name)
    catch = s.codebook.catch_all.id if s.codebook.catch_all is not None else None
    questions = sorted(set(s.questions))
    per_question = []
    for q in questions:
        labelled = [g for g in s.labels if g.question == q]
        texts = [clean(g.text) for g in labelled]
        gold = [g.themes[0] for g in labelled]
        themes = sorted(set(gold))
        per_question.append((texts, np.asarray(embed(texts), dtype=np.float32), themes,
                             np.array([themes.index(t) for t in gold])))

    def flagged(codebook) -> Counter:
        """Answers per gold theme that sit in a NEW cluster, and NEW clusters per theme."""
        scorer = ThemeScorer(codebook, embed)
        answers, clusters = Counter(), Counter()
        for texts, X, themes, labels in per_question:
            skip = tuple(i for i, t in enumerate(themes) if t == catch)
            fits, _ = fit_clusters(scorer, X, texts, np.ones(len(texts)), labels, len(themes), skip)
            for i, (theme, fit) in enumerate(zip(themes, fits)):
                if fit.new:
                    answers[theme] += int((labels == i).sum())
                    clusters[theme] += 1
        return answers, clusters

    totals = Counter(g.themes[0] for g in s.labels)
    _, alarms = flagged(s.codebook)
    print(f"\n## {name}, gold clusters: one cluster per gold theme and question\n")
    print("| theme removed | answers | found | share in NEW clusters | other NEW |")
    print("|---|---:|:---:|---:|---:|")
    hits = 0
    substantive = [t.id for t in s.codebook.substantive]
    for theme in substantive:
        answers, clusters = flagged(without(s.codebook, theme))
        share = answers[theme] / totals[theme] if totals[theme] else 0.0
        hits += share >= FOUND_SHARE
        print(f"| {theme} | {totals[theme]} | {'yes' if share >= FOUND_SHARE else 'no'} | {share:.2f} "
              f"| {sum(n for t, n in clusters.items() if t != theme)} |")
    print(f"\nfound {hits} of {len(substantive)}; NEW clusters with the full codebook (false alarms): "
          f"{sum(alarms.values())}")


def _assigned(discovery) -> list[tuple]:
    """Every comment's cluster, keywords and NEW flag, in a fixed order."""
    return sorted((q.question, a.id, a.cluster, q.clusters[a.cluster - 1].keywords, q.clusters[a.cluster - 1].new)
                  for q in discovery.questions for a in q.assignments)


def main() -> None:
    from sets import names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=None, help=f"sets to run (default: all of {', '.join(names())})")
    parser.add_argument("--model", default="e5", help="embedding model (default e5)")
    parser.add_argument("--gold-clusters", action="store_true",
                        help="run the NEW test on clusters that are the gold themes instead (see above)")
    args = parser.parse_args()

    from coder.embed import CachedEmbed, get_embedder

    embed = CachedEmbed.of(get_embedder(args.model))
    for name in args.sets or names():
        (run_gold_clusters if args.gold_clusters else run_set)(name, embed)


if __name__ == "__main__":
    main()
