"""The files of a discovery: clusters.csv, clusters.md, codebook-suggestions.yaml, clusters.png (atomic writes)."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from coder.cluster.discover import MIN_SIZE
from coder.cluster.map import render_map
from coder.cluster.model import TARGET_SIZE
from coder.cluster.phrases import say
from coder.cluster.themes import draft_codebook
from coder.cluster.types import NEW, Cluster, Discovery, QuestionDiscovery, cluster_name
from coder.codebook_yaml import yaml_text
from coder.errors import Notice
from coder.files import markdown_text, safe_cell, write_atomic
from coder.wording import Wording

CSV_COLUMNS = ["id", "question", "cluster", "keywords", "theme", "weak_fit", "similarity", "text", "status"]
SUGGESTIONS = "codebook-suggestions.yaml"
SUGGESTIONS_NEW = "codebook-suggestions-new.yaml"  # beside a suggestions file a person edited
DISCOVERY_FILES = ("clusters.csv", "clusters.md", "clusters.png", SUGGESTIONS, SUGGESTIONS_NEW)


def theme_cell(c: Cluster) -> str:
    """``NEW`` or the nearest theme id, as in the CSV and the tables."""
    return NEW if c.new else (c.theme or "")


def clusters_csv(discovery: Discovery) -> str:
    """One line per comment (repeats included): id, question, cluster, its keywords and theme; then the empty and
    non-answers, which are not clustered (cluster blank, ``status`` says why), so every input row is here."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in discovery.questions:
        for a in q.assignments:
            c = q.clusters[a.cluster - 1]
            writer.writerow([safe_cell(a.id), safe_cell(q.question), a.cluster, safe_cell(", ".join(c.keywords)),
                             theme_cell(c), "yes" if a.weak else "", f"{a.similarity:.3f}", safe_cell(a.text),
                             a.status])
        for left in q.left_out:
            writer.writerow([safe_cell(left.id), safe_cell(q.question), "", "", "", "", "", safe_cell(left.text),
                             left.status])
    return "\ufeff" + buf.getvalue()


def summary(q: QuestionDiscovery, w: Wording) -> str:
    """One line: what was clustered, how k was chosen, what was left out or fits weakly."""
    how = say(w, f"k_{q.k_chosen_by}", size=TARGET_SIZE, min=MIN_SIZE, per=round(q.distinct / max(len(q.clusters), 1)))
    word = say(w, "clusters_1" if len(q.clusters) == 1 else "clusters_n")
    return say(w, "summary", comments=q.comments, distinct=q.distinct, k=len(q.clusters), how=how,
               excluded=q.excluded, weak=q.weak, clusters=word)


def fit_cell(c: Cluster, q: QuestionDiscovery, w: Wording) -> str:
    """How far the cluster's fit is above the NEW threshold, in thousandths (NEW at 0 or below); blank when there is
    no threshold or for the "andet/ros" group."""
    if c.fit is None or q.fit_threshold is None or c.praise:
        return ""
    return w.num(1000 * (c.fit - q.fit_threshold), 1)


def named_note(c: Cluster, w: Wording) -> str:
    """What a codebook keyword among a NEW cluster's keywords says, short: "nøgleordet 'social' hører til social"."""
    keyword, theme, word = c.named
    return (say(w, "named_short", keyword=keyword, theme=theme) if word.casefold() == keyword.casefold()
            else say(w, "named_in_short", keyword=keyword, theme=theme, word=word))


def _md_escape(text: str) -> str:
    return markdown_text(text)


def clusters_md(discovery: Discovery) -> str:
    """The cluster tables with keywords, nearest themes and quotes, plus hints and the method."""
    cb = discovery.codebook
    w = discovery.wording
    lines = [f"# {say(w, 'title')}", ""]
    lines.append(say(w, "codebook", name=cb.name, version=cb.version) if cb else say(w, "no_codebook"))
    lines.append("")
    for q in discovery.questions:
        lines += [f"## {_md_escape(q.question)}", "", summary(q, w) + ".", ""]
        if not q.clusters:
            continue
        lines += [f"| # | n | % | {say(w, 'col_keywords')} | {say(w, 'col_theme')} | {say(w, 'col_fit')} |",
                  "|---:|---:|---:|---|---|---:|"]
        for c in q.clusters:  # the NEW flag is Markdown (bold); the names in the cell are escaped as text
            e = _md_escape
            theme = (say(w, "new_near", theme=e(c.theme)) if c.new and c.theme else say(w, "new") if c.new
                     else e(f"{c.theme} – {c.theme_label}") if c.theme else "")
            if c.named:
                keyword, named_theme, word = (e(x) for x in c.named)
                theme += (say(w, "named", keyword=keyword, theme=named_theme) if word.casefold() == keyword.casefold()
                          else say(w, "named_in", keyword=keyword, theme=named_theme, word=word))
            lines.append(f"| {c.number} | {c.size} | {w.num(100 * c.share)} | {e(cluster_name(c, w))} "
                         f"| {theme} | {fit_cell(c, q, w)} |")
        lines.append("")
        for c in q.clusters:
            lines += [f"**{c.number}. {_md_escape(cluster_name(c, w))}**"
                      + (f" ({say(w, 'new_tag')})" if c.new else ""), ""]
            lines += [f"- “{_md_escape(quote)}”" for quote in c.quotes[:3]] + [""]
        if q.hints:
            lines += [say(w, "hints"), ""] + [f"- {h}" for h in q.hints] + [""]
    lines += [f"## {'Metode' if w.danish else 'Method'}", "", say(w, "method", size=TARGET_SIZE, file=SUGGESTIONS), ""]
    return "\n".join(lines)


def suggestions_yaml(discovery: Discovery) -> str | None:
    """The NEW clusters as a draft codebook in YAML (validated by construction), or None when there are none.

    Comments above the themes give the merge and split hints; the file passes ``coder codebook check``
    on its own and once its themes are added to the codebook (``coder.cluster.themes.merged``).
    """
    draft = draft_codebook(discovery)
    if draft is None:
        return None
    data = draft.model_dump(mode="json", exclude_defaults=True)
    w = discovery.wording
    if w.danish:
        header = ("# Udkast til temaer for klynger som kodebogen ikke forklarer (coder discover).\n"
                  "# Tjek med: coder codebook check codebook-suggestions.yaml – ret derefter label og beskrivelse,\n"
                  "# og kopier de temaer der giver mening ind under themes: i kodebogen (de er rykket ind som i\n"
                  "# codebooks/klynger.yaml: to mellemrum før '- id:').\n")
    else:
        header = ("# Draft themes for clusters the codebook does not explain (coder discover).\n"
                  "# Check with: coder codebook check codebook-suggestions.yaml — then edit the labels and\n"
                  "# descriptions and copy the themes worth keeping under themes: in the codebook (indented as in\n"
                  "# codebooks/klynger.yaml: two spaces before '- id:').\n")
    notes = [h for q in discovery.questions for h in q.hints]
    if notes:
        header += f"#\n# {say(w, 'hints')}\n" + "".join(f"# - {h}\n" for h in notes)
    text = header + yaml_text(data)
    return text + f"{_SEAL}{_digest(text)}\n"


_SEAL = "# coder:sha256="  # the last line of a suggestions file as coder wrote it: what it held then


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def edited(path: Path) -> bool:
    """Whether a suggestions file is no longer as coder wrote it (a person edited it, or an older coder wrote it
    without its seal): coder never writes over it or removes it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True
    body, seal, digest = text.rpartition(_SEAL)
    return not seal or digest.strip() != _digest(body)


def write_discovery(out_dir: Path, discovery: Discovery) -> tuple[list[Path], tuple[Notice, ...]]:
    """Write clusters.csv, clusters.md, clusters.png and (if any NEW) codebook-suggestions.yaml; return the paths
    and what was kept from before.

    A suggestions file left from an earlier run is removed when there are no suggestions now, and written over when
    there are, unless a person edited it (``edited``): then it stays as it is, the new suggestions go to
    codebook-suggestions-new.yaml (kept the same way when edited too), and a notice says so.
    """
    files: dict[str, str | bytes] = {"clusters.csv": clusters_csv(discovery), "clusters.md": clusters_md(discovery),
                                     "clusters.png": render_map(discovery)}
    suggestions = suggestions_yaml(discovery)
    kept = [name for name in (SUGGESTIONS, SUGGESTIONS_NEW) if edited(out_dir / name)]
    target = next((name for name in (SUGGESTIONS, SUGGESTIONS_NEW) if name not in kept), None)
    if suggestions is not None and target is not None:
        files[target] = suggestions
    for name in (SUGGESTIONS, SUGGESTIONS_NEW):  # coder's own drafts that no longer hold the suggestions go
        if name not in kept and name not in files:
            (out_dir / name).unlink(missing_ok=True)
    paths = []
    for name, content in files.items():
        write_atomic(out_dir / name, content)
        paths.append(out_dir / name)
    return paths, _kept_notice(out_dir, kept, target if suggestions is not None else None, suggestions is not None)


def _kept_notice(out_dir: Path, kept: list[str], target: str | None, new: bool) -> tuple[Notice, ...]:
    """The line that says which edited suggestions files were kept, and where the new suggestions went (``new``)."""
    if not kept:
        return ()
    where = " and ".join(str(out_dir / name) for name in kept)
    where_da = " og ".join(str(out_dir / name) for name in kept)
    one = len(kept) == 1
    went, went_da = (f"; the new suggestions are in {target}", f"; de nye forslag står i {target}") if target else (
        "; the new suggestions are only in clusters.md", "; de nye forslag står kun i clusters.md")
    return (Notice(f"{where} {'was' if one else 'were'} edited since coder wrote {'it' if one else 'them'} "
                   f"and {'is kept as it is' if one else 'are kept as they are'}" + (went if new else ""),
                   f"{where_da} er rettet, siden coder skrev {'den' if one else 'dem'}, og bevares som "
                   f"{'den' if one else 'de'} er" + (went_da if new else "")),)
