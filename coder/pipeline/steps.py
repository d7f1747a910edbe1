"""The row-count guards of ``coder code``: every input row comes out once per question, or nothing is exported.

Checked per chunk as it is stored (``coder.pipeline.ingest``, ``coder.pipeline.codechunks``) and over
the whole run: on the statuses counted in the store and on the rows the exports read back.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from coder.errors import CoderError


def ordered_counts(counts: Mapping[str, dict[str, int]], questions: Sequence[str]) -> dict[str, dict[str, int]]:
    """question → status → comments, questions in input order."""
    return {q: dict(counts.get(q, {})) for q in questions}


def check_rows(n_rows: int, questions: Sequence[str], out: Mapping[str, int],
               counts: Mapping[str, Mapping[str, int]]) -> None:
    """The row-count guard over a run: ``out`` (question → rows read back) and ``counts`` (question → status →
    comments) must both account for every input row of every question."""
    expected = n_rows * len(questions)
    total = sum(out.values())
    if total != expected:
        raise CoderError(f"internal error: {expected} comments in, {total} out; nothing was exported",
                         danish=f"intern fejl: {expected} kommentarer ind, {total} ud; intet blev eksporteret")
    for q in questions:
        if out.get(q, 0) != n_rows or sum(counts.get(q, {}).values()) != n_rows:
            raise CoderError(f"internal error: question '{q}' accounts for {out.get(q, 0)} of {n_rows} rows; "
                             "nothing was exported",
                             danish=f"intern fejl: spørgsmålet '{q}' står for {out.get(q, 0)} af {n_rows} rækker; "
                                    "intet blev eksporteret")


def check_chunk(chunk: int, n_rows: int, n_questions: int, n_out: int) -> None:
    """The row-count guard over one chunk: one comment per row and question."""
    if n_out != n_rows * n_questions:
        raise CoderError(f"internal error: chunk {chunk} has {n_rows * n_questions} comments in, {n_out} out; "
                         "nothing was exported",
                         danish=f"intern fejl: blok {chunk} har {n_rows * n_questions} kommentarer ind, {n_out} ud; "
                                "intet blev eksporteret")
