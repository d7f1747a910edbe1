"""The files of a discovery: clusters.csv, clusters.md, codebook-suggestions.yaml, clusters.png (atomic writes)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from coder.cluster.map import render_map
from coder.cluster.themes import draft_codebook
from coder.cluster.types import NEW, Cluster, Discovery, QuestionDiscovery
from coder.files import markdown_text, safe_cell, write_atomic

CSV_COLUMNS = ["id", "question", "cluster", "keywords", "theme", "weak_fit", "similarity", "text"]
SUGGESTIONS = "codebook-suggestions.yaml"


def theme_cell(c: Cluster) -> str:
    """``NEW`` or the nearest theme id, as in the CSV and the tables."""
    return NEW if c.new else (c.theme or "")


def clusters_csv(discovery: Discovery) -> str:
    """One line per clustered comment (repeats included): id, question, cluster, its keywords and theme."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in discovery.questions:
        for a in q.assignments:
            c = q.clusters[a.cluster - 1]
            writer.writerow([safe_cell(a.id), safe_cell(q.question), a.cluster, safe_cell(", ".join(c.keywords)),
                             theme_cell(c), "yes" if a.weak else "", f"{a.similarity:.3f}", safe_cell(a.text)])
    return "\ufeff" + buf.getvalue()


def summary(q: QuestionDiscovery) -> str:
    """One line: what was clustered, how k was chosen, what was left out or fits weakly."""
    return (f"{q.comments} substantive comments ({q.distinct} distinct texts) in {len(q.clusters)} clusters, "
            f"k by {q.k_chosen_by}; {q.excluded} empty or non-answers left out; "
            f"{q.weak} with a weak fit")


def _md_escape(text: str) -> str:
    return markdown_text(text)


def clusters_md(discovery: Discovery) -> str:
    """The cluster tables with keywords, nearest themes and quotes, plus hints and the method."""
    cb = discovery.codebook
    lines = ["# Klynger i kommentarerne", ""]
    lines.append(f"Kodebog: {cb.name} v{cb.version}." if cb else "Ingen kodebog: alle klynger er forslag.")
    lines.append("")
    for q in discovery.questions:
        lines += [f"## {_md_escape(q.question)}", "", summary(q) + ".", ""]
        if not q.clusters:
            continue
        lines += ["| # | n | % | nøgleord | nærmeste tema | score |", "|---:|---:|---:|---|---|---:|"]
        for c in q.clusters:
            theme = (f"**NEW** (nærmest {c.theme})" if c.new and c.theme else "**NEW**" if c.new
                     else f"{c.theme} – {c.theme_label}")
            score = "" if c.similarity is None else f"{c.similarity:.3f}"
            lines.append(f"| {c.number} | {c.size} | {100 * c.share:.1f} | {_md_escape(', '.join(c.keywords))} "
                         f"| {_md_escape(theme)} | {score} |")
        lines.append("")
        for c in q.clusters:
            lines += [f"**{c.number}. {_md_escape(c.label)}**" + (" (NEW)" if c.new else ""), ""]
            lines += [f"- “{_md_escape(quote)}”" for quote in c.quotes] + [""]
        if q.hints:
            lines += ["Hints:", ""] + [f"- {h}" for h in q.hints] + [""]
    lines += ["## Method", "",
              "Substantive comments only; answers equal after normalisation are clustered once and counted with "
              "their repeats. Embeddings are centred; k is the finest Ward partition whose silhouette above "
              "structureless data of the same shape is within noise of the best, refined by k-means. Every comment "
              "is assigned; a weak fit is one that a tenth of the other clusters' comments match as well. "
              "Keywords: spaCy Danish lookup lemmas without stop words, class-based TF-IDF. NEW: most of the "
              "cluster's comments lean to no codebook theme as clearly as three quarters of all comments do "
              f"(threshold per question). Hints name themes that several clusters lean to clearly (candidates for "
              f"sub-codes). Draft themes for NEW clusters: `{SUGGESTIONS}`.", ""]
    return "\n".join(lines)


def suggestions_yaml(discovery: Discovery) -> str | None:
    """The NEW clusters as a draft codebook in YAML (validated by construction), or None when there are none."""
    draft = draft_codebook(discovery)
    if draft is None:
        return None
    data = draft.model_dump(mode="json", exclude_defaults=True)
    header = ("# Draft themes for clusters the codebook does not cover (coder discover).\n"
              "# Check with: coder codebook check codebook-suggestions.yaml — then edit the labels and\n"
              "# descriptions and copy the themes worth keeping into the codebook.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_discovery(out_dir: Path, discovery: Discovery) -> list[Path]:
    """Write clusters.csv, clusters.md, clusters.png and (if any NEW) codebook-suggestions.yaml; return the paths.

    A suggestions file left from an earlier run is removed when there are no suggestions now.
    """
    files: dict[str, str | bytes] = {"clusters.csv": clusters_csv(discovery), "clusters.md": clusters_md(discovery),
                                     "clusters.png": render_map(discovery)}
    suggestions = suggestions_yaml(discovery)
    if suggestions is not None:
        files[SUGGESTIONS] = suggestions
    else:
        (out_dir / SUGGESTIONS).unlink(missing_ok=True)
    paths = []
    for name, content in files.items():
        write_atomic(out_dir / name, content)
        paths.append(out_dir / name)
    return paths
