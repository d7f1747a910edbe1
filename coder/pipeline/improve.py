"""``coder codebook learn``: a new codebook version with the reviewers' clearest answers as examples."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import NamedTuple

from coder.classify.codebook_learning import EXAMPLES_PER_THEME, LabelledAnswer, learn_codebook
from coder.codebook import Codebook
from coder.errors import CodebookError, ProjectError
from coder.exchange import codebook_yaml
from coder.store import ADJUDICATED, DISPUTED, HUMAN, Store

LEARNED_KEY = "learned_codebooks"  # coder.db meta: the files 'coder codebook learn' wrote from the project (JSON)


def record_learned(project: Path, out: Path) -> None:
    """Remember that ``out`` was written from ``project``'s reviewed answers: 'coder forget' then names it where it
    quotes an erased respondent (walk40: a learned codebook carried one into the next year's project). A project
    that cannot be written to (read-only) is left as it is."""
    store = Store.open_project(project)
    try:
        if store.read_only:
            return
        known = json.loads(store.meta(LEARNED_KEY) or "[]")
        store.set_meta(LEARNED_KEY, json.dumps(list(dict.fromkeys([*known, str(out.resolve())]))))
    finally:
        store.close()


def learned_files(store: Store) -> list[Path]:
    """The codebook files written from the project by 'coder codebook learn' (``record_learned``) that still exist."""
    try:
        known = json.loads(store.meta(LEARNED_KEY) or "[]")
    except ValueError:
        return []
    return [Path(p) for p in known if isinstance(p, str) and Path(p).is_file()]


class Improved(NamedTuple):
    """A codebook learned from a project: the version it was coded with, the new one, what was added per theme
    (counter-examples marked ¬), and a unified diff of the YAML (old → new)."""

    old: Codebook
    new: Codebook
    added: dict[str, list[str]]
    diff: str


def improve_codebook(project: Path, per_theme: int = EXAMPLES_PER_THEME) -> Improved:
    """The project's codebook learned from its human and adjudicated labels."""
    store = Store.open_project(project)
    try:
        run = store.current_run()
        every = [r for r in store.rows(run.run_id) if not r.duplicate_of]
    finally:
        store.close()
    rows = [r for r in every if r.source in (HUMAN, ADJUDICATED)]
    disputed = sum(r.source == DISPUTED for r in every)
    if not rows and disputed:  # reviewers coded them, and differ: nothing is settled to learn from
        raise ProjectError(f"{project}: no settled answers to learn from yet: the {disputed} its reviewers coded are "
                           f"disputed; settle them first: coder review {project} --reviewer NAME --adjudicate",
                           danish=f"{project}: endnu ingen afgjorte svar at lære af: de {disputed}, reviewerne har "
                                  f"kodet, er uenige; afgør dem først: coder review {project} --reviewer NAVN "
                                  "--adjudicate")
    if not rows:
        raise ProjectError(f"{project}: no reviewed answers to learn from yet; run 'coder review {project} "
                           "--reviewer NAME' first",
                           danish=f"{project}: endnu ingen bedømte svar at lære af; kør 'coder review {project} "
                                  "--reviewer NAVN' først")
    answers = [LabelledAnswer(r.text, r.themes, r.model_themes[0] if r.model_themes else None, r.scores,
                              r.typicality) for r in rows]
    new, added = learn_codebook(run.codebook, answers, per_theme)
    old_text, new_text = codebook_yaml(run.codebook), codebook_yaml(new)
    diff = "".join(difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                        f"{run.codebook.name} v{run.codebook.version}",
                                        f"{new.name} v{new.version}"))
    return Improved(run.codebook, new, added, diff)


LEARNED = "# coder codebook learn:"  # the first line of a codebook this command wrote


def keep_comments(path: Path) -> None:
    """Refuse to write a new version over a codebook file whose own # comment lines it would lose (the line
    ``coder codebook learn`` itself wrote on top does not count); nothing to refuse where there is no such file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return
    lost = sum(1 for line in text.splitlines() if line.lstrip().startswith("#") and not line.startswith(LEARNED))
    if lost:
        lines, lines_da = ("comment line", "kommentarlinje") if lost == 1 else ("comment lines", "kommentarlinjer")
        raise CodebookError(f"{path}: its {lost} {lines} (#) would be lost, since the new version is written "
                            "without them; write it to another file (-o NEW.yaml) and copy them over, or add --force",
                            danish=f"{path}: dens {lost} {lines_da} (#) ville gå tabt, for den nye version "
                                   "skrives uden dem; skriv den til en anden fil (-o NY.yaml) og kopiér dem over, "
                                   "eller tilføj --force")
