"""Response rates per group: how many of those invited in each group (a file the analyst gives) are respondents.

The fact sheets this project grew from open with it ("Inden for specialet Radiologi har 14 ud af 23 besvaret
spørgeskemaet, hvilket svarer til en svarprocent på 60,9 pct."). Rules, stated once:
- a respondent is a row of the input (whatever they answered to the open questions), counted in the group of
  their value of the ``--by`` column;
- the population file has a group column and a count column (the first column, and the first whose every value
  is a whole number); its values match the data's exactly, else ignoring case;
- a group the file does not name, or with more respondents than invited, gets no rate, and the table says why;
  the rate of all respondents is shown only when every group with respondents has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from coder.errors import InputError
from coder.io import ReadOptions, read_table
from coder.report.groups import group_key, split_rows
from coder.store import Row
from coder.text import clean

NOT_NAMED = "not_named"  # the population file has no count for the group
TOO_MANY = "too_many"  # more respondents than invited: the file or the grouping is wrong


@dataclass(frozen=True)
class Participation:
    """One group's respondents against those invited."""

    value: str
    respondents: int
    invited: int | None
    why: str = ""  # NOT_NAMED or TOO_MANY where there is no rate

    @property
    def rate(self) -> float | None:
        """Respondents per 100 invited; None where there is no rate (``why``)."""
        return None if self.why or not self.invited else 100 * self.respondents / self.invited


def read_population(path: Path) -> tuple[tuple[str, int], ...]:
    """(group value, number invited) per line of a CSV or XLSX file; a one-line error for a file coder cannot use."""
    try:
        table = read_table(path, ReadOptions())
    except InputError as err:  # worded for a survey export ('export the survey again'): say which file it is
        raise InputError(f"--population {path}: {_reason(str(err), path)}; give a CSV or XLSX of the groups and how "
                         "many were invited in each (e.g. speciale;inviterede)",
                         danish=f"--population {path}: {_reason(err.danish, path)}; angiv en CSV- eller XLSX-fil med "
                                "grupperne og antallet af inviterede i hver (fx speciale;inviterede)") from None
    if len(table.columns) < 2:
        raise InputError(f"--population {path}: needs two columns, the group and how many were invited (e.g. "
                         "speciale;inviterede)",
                         danish=f"--population {path}: skal have to kolonner, gruppen og antallet af inviterede (fx "
                                "speciale;inviterede)")
    counts = next((c for c in table.columns[1:] if all(_whole(v) is not None for v in table.column(c))), None)
    if counts is None and len(table.columns) == 2:  # one column of counts: name the value that is no number
        line, bad = next((i, v) for i, v in enumerate(table.column(table.columns[1]), start=2) if _whole(v) is None)
        raise InputError(f"--population {path}: line {line}: '{bad}' in '{table.columns[1]}' is not a whole number; "
                         "give how many were invited in each group as a number",
                         danish=f"--population {path}: linje {line}: '{bad}' i '{table.columns[1]}' er ikke et helt "
                                "tal; angiv antallet af inviterede i hver gruppe som et tal")
    if counts is None:
        raise InputError(f"--population {path}: no column of whole numbers beside '{table.columns[0]}'; give how many "
                         "were invited in each group as a number",
                         danish=f"--population {path}: ingen kolonne med hele tal ved siden af '{table.columns[0]}'; "
                                "angiv antallet af inviterede i hver gruppe som et tal")
    out: dict[str, int] = {}
    seen: dict[str, str] = {}  # groups are one whatever their capitals (coder.report.groups.spellings)
    for value, n in zip(table.column(table.columns[0]), table.column(counts)):
        value = clean(value)
        if group_key(value) in seen:
            first = seen[group_key(value)]
            also, also_da = ((f" (as '{first}': groups that differ only in capitals, spaces or hyphens are one)",
                              f" (som '{first}': grupper, der kun adskiller sig ved store og små bogstaver, mellemrum "
                              "eller bindestreger, er én)") if first != value else ("", ""))
            raise InputError(f"--population {path}: '{value}' is named twice{also}; give each group once",
                             danish=f"--population {path}: '{value}' står to gange{also_da}; angiv hver gruppe én "
                                    "gang")
        seen[group_key(value)] = value
        out[value] = _whole(n)
    return tuple(out.items())


def _reason(message: str, path: Path) -> str:
    """An input error's own words, without the path it begins with and the survey-export advice after ';'."""
    said = message.removeprefix(f"{path}: ")
    return said.split("; ")[0]


def _whole(text: str) -> int | None:
    text = text.strip().replace(".", "").replace(" ", "")  # 1.031 and 1 031 are a thousand and thirty-one
    return int(text) if text.isdigit() else None


def participation(rows: Sequence[Row], column: str, population: Mapping[str, int]) -> tuple[Participation, ...]:
    """Each group of ``column`` (as the reports order them), then the file's groups with no respondent."""
    respondents = {value: len({r.respondent for r in group}) for value, group in split_rows(rows, column).items()}
    folded = {group_key(v): n for v, n in population.items()}
    out = []
    for value, n in respondents.items():
        invited = population.get(value, folded.get(group_key(value)))
        why = NOT_NAMED if invited is None else TOO_MANY if n > invited else ""
        out.append(Participation(value, n, invited, why))
    seen = {group_key(v) for v in respondents}
    if population and not seen & set(folded):  # a file of another column's groups (walk31: region;n with --by speciale)
        file_groups, ours = ", ".join(list(population)[:4]), ", ".join(list(respondents)[:4])
        raise InputError(f"--population: none of its groups ({file_groups} …) is a value of '{column}' ({ours} …); "
                         f"give the number invited in each group of --by {column}",
                         danish=f"--population: ingen af dens grupper ({file_groups} …) er en værdi af '{column}' "
                                f"({ours} …); angiv antallet af inviterede i hver gruppe af --by {column}")
    out += [Participation(v, 0, n) for v, n in population.items() if group_key(v) not in seen]
    return tuple(out)


def lacking(groups: Sequence[Participation]) -> int:
    """The groups with respondents but no rate: while there are any, all respondents get none (``total``)."""
    return sum(1 for g in groups if g.why and g.respondents)


def total(groups: Sequence[Participation]) -> Participation:
    """All respondents against all invited: a rate only when every group with respondents has one."""
    respondents = sum(g.respondents for g in groups)
    invited = sum(g.invited or 0 for g in groups)
    lacking = next((g.why for g in groups if g.why and g.respondents), "")
    return Participation("", respondents, invited if not lacking else None, lacking)
