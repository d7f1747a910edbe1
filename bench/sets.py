"""The labelled sets the benches measure on, read the same way everywhere.

    from sets import load, names
    s = load("sample")        # data/klynger_2025.csv with its two gold columns (tune here)
    s = load("sib200")        # ../shared/data/sib200_dan (public, human-labelled; bench/data/sib200.yaml)
    s = load("holdout-…")     # bench/data/holdout/<name>/: written by someone who never saw the sample;
                              # report on it, never tune on it

A hold-out folder holds ``survey.csv``, ``codebook.yaml`` and ``set.json``:
``{"id": "id", "questions": ["q1", "q2"], "gold": ["q1_tema", "q2_tema"]}``.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

from coder.classify import GoldLabel, gold_labels
from coder.codebook import Codebook, load_codebook
from coder.io import ReadOptions, make_batch, read_table

ROOT = Path(__file__).resolve().parent.parent
# The public SIB-200 Danish set (Adelani et al., EACL 2024; github.com/dadelani/sib-200, FLORES-200 text under CC BY-SA
# 4.0), beside the repository, or where $CODER_SIB200 says
SIB200 = Path(os.environ.get("CODER_SIB200") or ROOT.parent / "shared" / "data" / "sib200_dan" / "sib200_dan.csv")
SIB200_IDS = {"science/technology": "videnskab", "travel": "rejser", "politics": "politik", "sports": "sport",
              "health": "sundhed", "entertainment": "underholdning", "geography": "geografi"}
HOLDOUT = ROOT / "bench" / "data" / "holdout"


@dataclass(frozen=True)
class LabelledSet:
    """Substantive answers with gold labels (primary first), their question, and the codebook they use.

    ``survey``/``read``/``gold_columns`` say how to run ``coder code`` on the set (None for SIB-200,
    which is not a survey export); ``split`` is SIB-200's own train/dev/test split ("" elsewhere).
    """

    name: str
    codebook: Codebook
    labels: tuple[GoldLabel, ...]
    survey: Path | None = None
    read: ReadOptions | None = None
    gold_columns: tuple[str, ...] = ()
    split: tuple[str, ...] = ()

    @property
    def texts(self) -> list[str]:
        return [g.text for g in self.labels]

    @property
    def gold(self) -> list[tuple[str, ...]]:
        return [g.themes for g in self.labels]

    @property
    def questions(self) -> list[str]:
        return [g.question for g in self.labels]


def _survey(name: str, path: Path, codebook: Path, read: ReadOptions, gold: tuple[str, ...]) -> LabelledSet:
    cb = load_codebook(codebook)
    batch = make_batch(read_table(path, read), read.text_columns, read.id_column)
    return LabelledSet(name, cb, tuple(gold_labels(batch, cb, gold)), path, read, gold)


def names() -> list[str]:
    """Every set there is: sample, sib200 and each hold-out folder."""
    found = [f"holdout-{p.parent.name}" for p in sorted(HOLDOUT.glob("*/set.json"))]
    return ["sample", "sib200", *found]


def load(name: str) -> LabelledSet:
    if name == "sample":
        return _survey(name, ROOT / "data" / "klynger_2025.csv", ROOT / "codebooks" / "klynger.yaml",
                       ReadOptions(("forbedringer", "kommentar"), "id"), ("forbedringer_tema", "kommentar_tema"))
    if name == "sib200":
        if not SIB200.is_file():
            raise SystemExit(f"sib200: {SIB200} not found; put the SIB-200 Danish CSV (id, text, label, split) there, "
                             "set CODER_SIB200 to its path, or leave the set out with --sets")
        with open(SIB200, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        labels = tuple(GoldLabel(r["id"], "sib200", "label", r["text"], (SIB200_IDS[r["label"]],)) for r in rows)
        return LabelledSet(name, load_codebook(ROOT / "bench" / "data" / "sib200.yaml"), labels,
                           split=tuple(r["split"] for r in rows))
    if name.startswith("holdout-"):
        folder = HOLDOUT / name.removeprefix("holdout-")
        spec = json.loads((folder / "set.json").read_text(encoding="utf-8"))
        return _survey(name, folder / "survey.csv", folder / "codebook.yaml",
                       ReadOptions(tuple(spec["questions"]), spec.get("id")), tuple(spec["gold"]))
    raise SystemExit(f"unknown set '{name}'; choose from {', '.join(names())}")
