"""Labelled comments to learn from: hand-coded columns of a survey export, reviewer decisions, the codebook.

A hand-coded (gold) column holds theme ids, ``|`` between them, primary first; one gold
column goes with each open-ended column. Only substantive answers (status ``coded``) count.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from coder.classify.base import EmbedFn, Features, Labelled, concat
from coder.codebook import Codebook
from coder.errors import InputError
from coder.io import Batch, ReadOptions, make_batch, read_table
from coder.io_errors import missing_column
from coder.text import CODED, EMPTY, clean, key, status_of


@dataclass(frozen=True)
class GoldLabel:
    """One hand-coded answer: where it is, its cleaned text and its themes (primary first)."""

    respondent: str
    question: str
    column: str  # the gold column it came from
    text: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class LeftOut:
    """Hand-coded answers that coder does not code, so no score counts them: non-answers and empty answers."""

    non_answers: tuple[str, ...] = ()  # their texts, in input order
    empty: int = 0

    @property
    def n(self) -> int:
        return len(self.non_answers) + self.empty

    @property
    def distinct_non_answers(self) -> tuple[str, ...]:
        """The non-answers' texts, each once (the same after normalisation is the same), first spelling kept."""
        first: dict[str, str] = {}
        for t in self.non_answers:
            first.setdefault(key(t), t)
        return tuple(first.values())


def split_labels(cell: str) -> tuple[str, ...]:
    """``'indhold|data'`` → ``('indhold', 'data')``."""
    return tuple(t.strip() for t in cell.split("|") if t.strip())


def gold_labels(batch: Batch, codebook: Codebook, gold_columns: Sequence[str], require: bool = True) -> list[GoldLabel]:
    """The hand-coded substantive answers of a batch, one gold column per question, in input order.

    Raises InputError for a missing gold column, an unknown theme id, or (``require``, for a whole
    batch rather than a chunk of one) no labelled answer at all.
    """
    table = batch.table
    if len(gold_columns) != len(batch.questions):
        counts = len(batch.questions), len(gold_columns)
        raise InputError(f"give one --gold-col per --text-col ({counts[0]} text, {counts[1]} gold)",
                         danish=f"angiv én --gold-col pr. --text-col ({counts[0]} tekstkolonner, {counts[1]} "
                                "guldkolonner)")
    for g in gold_columns:
        if g not in table.columns:
            raise missing_column(g, table.columns, table.rows[:5], "--gold-col")
    known = set(codebook.ids)
    out = []
    for q, g in zip(batch.questions, gold_columns):
        cells = table.column(g)
        for c in batch.for_question(q):
            themes = split_labels(cells[c.row - batch.first_row])
            bad = [t for t in themes if t not in known]
            if bad:
                raise InputError(f"{g} of id {c.id}: unknown theme '{bad[0]}'; use the codebook's ids: "
                                 f"{', '.join(codebook.ids)}",
                                 danish=f"{g} for id {c.id}: ukendt tema '{bad[0]}'; brug kodebogens id'er: "
                                        f"{', '.join(codebook.ids)}")
            if themes and status_of(c.text) == CODED:
                out.append(GoldLabel(c.id, q, g, clean(c.text), themes))
    if not out and require:
        raise InputError(f"no answer has a gold label in {', '.join(gold_columns)}; fill in theme ids ('|' between)",
                         danish=f"ingen besvarelse er håndkodet i {', '.join(gold_columns)}; udfyld tema-id'er "
                                "('|' imellem)")
    return out


def gold_left_out(batch: Batch, gold_columns: Sequence[str]) -> LeftOut:
    """The answers a gold column codes but ``gold_labels`` leaves out, because coder flags them empty or
    non-answers (call after ``gold_labels``, which checks the columns)."""
    table = batch.table
    non_answers, empty = [], 0
    for q, g in zip(batch.questions, gold_columns):
        cells = table.column(g)
        for c in batch.for_question(q):
            if split_labels(cells[c.row - batch.first_row]) and (status := status_of(c.text)) != CODED:
                if status == EMPTY:
                    empty += 1
                else:
                    non_answers.append(clean(c.text))
    return LeftOut(tuple(non_answers), empty)


def labelled(texts: Sequence[str], themes: Sequence[tuple[str, ...]], questions: Sequence[str],
             embed: EmbedFn, random: Sequence[bool] = ()) -> Labelled:
    """Texts with their labels, embedded; ``random`` marks those drawn at random (audit sample)."""
    return Labelled(Features(embed(list(texts)), tuple(texts)), tuple(themes), tuple(questions),
                    tuple(bool(r) for r in random))


def from_gold(labels: Sequence[GoldLabel], embed: EmbedFn, random: bool = False) -> Labelled:
    """Hand-coded answers as labelled data; ``random`` when the user says they are a random sample."""
    return labelled([g.text for g in labels], [g.themes for g in labels], [g.question for g in labels], embed,
                    [random] * len(labels))


def labelled_from_file(path: Path, codebook: Codebook, options: ReadOptions, gold_columns: Sequence[str],
                       embed: EmbedFn, random: bool = False) -> Labelled:
    """Hand-coded substantive answers from a survey export (``options.text_columns`` are the questions)."""
    batch = make_batch(read_table(path, options), options.text_columns, options.id_column)
    return from_gold(gold_labels(batch, codebook, gold_columns), embed, random)


def codebook_examples(codebook: Codebook, embed: EmbedFn) -> Labelled:
    """The codebook's own examples as labelled training data (question ``"codebook"``)."""
    pairs = [(ex, (theme.id,)) for theme in codebook.themes for ex in theme.examples]
    return labelled([t for t, _ in pairs], [g for _, g in pairs], ["codebook"] * len(pairs), embed)


def human_labelled(texts: Sequence[str], themes: Sequence[tuple[str, ...]], questions: Sequence[str],
                   known: set[str], embed: EmbedFn, random: Sequence[bool] | None = None) -> Labelled | None:
    """Reviewer decisions as labelled data (labels with a theme outside the codebook are skipped);
    ``random`` marks those of the audit sample."""
    flags = list(random) if random is not None else [False] * len(texts)
    keep = [(t, th, q, r) for t, th, q, r in zip(texts, themes, questions, flags)
            if th and all(x in known for x in th) and t.strip()]
    if not keep:
        return None
    return labelled([k[0] for k in keep], [k[1] for k in keep], [k[2] for k in keep], embed, [k[3] for k in keep])


def merge(first: Labelled | None, second: Labelled | None) -> Labelled | None:
    """Both sets; where the same text (after normalisation) is in both, the first wins."""
    if first is None or second is None:
        return first or second
    seen = {key(t) for t in first.features.texts}
    idx = [i for i, t in enumerate(second.features.texts) if key(t) not in seen]
    return concat(first, second.take(idx)) if idx else first
