"""Respondent ids: which column gives them when nobody names one, and the check that they are unique."""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Sequence

from coder.errors import Info, Notice
from coder.io_errors import duplicate_ids

ID_NAMES = ("id", "respondent", "respondentid", "respid", "respondentnr", "respondentnummer", "løbenr", "løbenummer",
            "lbnr")


def id_like(columns: Sequence[str], text_columns: Sequence[str]) -> str | None:
    """The first column named like respondent ids (``ID_NAMES``; case, spaces, '-', '_' and '.' ignored:
    "Respondent-ID", "resp_id", "Løbenr.") that is no text column."""
    return next((c for c in columns if c not in text_columns and re.sub(r"[\s\-_.]", "", c.casefold()) in ID_NAMES),
                None)


def id_choice(column: str, blank_row: int | None, repeated: str | None) -> tuple[str | None, tuple[Notice, ...]]:
    """Without --id-col: ``column`` (named like ids) gives the ids when every row has one and none repeats, else
    the ids are row numbers. Returns (the id column or None, the notice that says which and why)."""
    if blank_row is None and repeated is None:
        return column, (Info(f"respondent ids from column '{column}' (named like ids, one per row, none repeated); "
                               "--id-col names another",
                               f"respondent-id'er fra kolonnen '{column}' (navngivet som id'er, én pr. række, ingen "
                               "gentaget); --id-col vælger en anden"),)
    why, why_da = ((f"is empty in data row {blank_row}", f"er tom i datarække {blank_row}") if blank_row is not None
                   else (f"repeats {repeated}", f"gentager {repeated}"))
    return None, (Notice(f"column '{column}' looks like respondent ids but {why}, so the ids are row numbers; fix "
                         f"the column and pass --id-col {column} to link the results to respondents (its values stay "
                         "in the exports as a column)",
                         f"kolonnen '{column}' ligner respondent-id'er, men {why_da}, så id'erne er rækkenumre; ret "
                         f"kolonnen og angiv --id-col {column} for at koble resultaterne til respondenterne "
                         "(værdierne står stadig som en kolonne i eksporterne)"),)


def row_number_hint(c: str) -> tuple[Notice, ...]:
    """Row numbers chosen for a project that had them (``ReadOptions.row_numbers``) beside ``c``, a column named
    like ids: it is named, with how to link the results to respondents."""
    return (Notice(f"column '{c}' looks like respondent ids, but this project's ids are row numbers (its earlier "
                   f"runs had them); start a new project, or pass --id-col {c} with --replace, to link the results "
                   "to respondents",
                   f"kolonnen '{c}' ligner respondent-id'er, men dette projekts id'er er rækkenumre (som i dets "
                   f"tidligere kørsler); start et nyt projekt, eller angiv --id-col {c} med --replace, for at koble "
                   "resultaterne til respondenterne"),)


def repeats(ids: Iterable[str]) -> Iterator[str]:
    """Each id that occurs more than once, at its first repeat (lazily: the first is known without reading on)."""
    seen: set[str] = set()
    told: set[str] = set()
    for v in ids:
        if v in seen and v not in told:
            told.add(v)
            yield v
        seen.add(v)


def check_unique_ids(ids: Iterable[str], source: object, id_column: str) -> None:
    """Raise the one-line error naming the first five ids that occur more than once (in order of first repeat)."""
    dupes = list(repeats(ids))
    if dupes:
        shown = ", ".join(dupes[:5]) + (" …" if len(dupes) > 5 else "")
        raise duplicate_ids(source, id_column, shown)
