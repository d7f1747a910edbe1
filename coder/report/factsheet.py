"""One group against all answers, in the style of the fact sheets per specialty: a table and Danish prose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from coder.codebook import Codebook
from coder.report.groups import DOWN, UP, Group, GroupLine, group_of, protected_groups, split_rows
from coder.report.tables import QuestionTable
from coder.store import Row
from coder.text import EMPTY, NON_ANSWER
from coder.wording import Wording

_DA = Wording("da")


@dataclass(frozen=True)
class FactSheet:
    """One group's theme shares for one question against all answers, with a Danish paragraph per theme."""

    question: str
    column: str
    group: Group
    national: QuestionTable
    intro: str
    paragraphs: tuple[str, ...]  # one per theme in codebook order; empty when the group is suppressed


def theme_paragraph(line: GroupLine, group: Group) -> str:
    """E.g. '57,1 % af besvarelserne fra Radiologi (8 af 14) har … Det er under landsgennemsnittet på 65,7 %.'"""
    head = (f"{_DA.pct(line.percent)} af besvarelserne fra {group.value} ({line.n} af {group.denominator}) har "
            f"»{line.label}« som primært tema. ")
    nat = _DA.pct(line.national)
    gap = _DA.num(abs(line.diff))
    if line.marker == UP:
        body = f"Det er over landsgennemsnittet på {nat} (forskel {_DA.diff(line.diff)} procentpoint)."
    elif line.marker == DOWN:
        body = f"Det er under landsgennemsnittet på {nat} (forskel {_DA.diff(line.diff)} procentpoint)."
    elif abs(line.diff) < 1.0:
        body = f"Det er på niveau med landsgennemsnittet på {nat}."
    else:
        side = "over" if line.diff > 0 else "under"
        body = (f"Det er {side} landsgennemsnittet på {nat}, men forskellen på {gap} procentpoint ligger inden for "
                "den statistiske usikkerhed.")
    tail = (f" I alt nævner {line.mentions} af {group.denominator} ({_DA.pct(line.mentions_percent)}) temaet, som "
            "primært eller sekundært tema.")
    return head + body + tail


def fact_sheet(rows: Sequence[Row], national: QuestionTable, codebook: Codebook, column: str, value: str,
               min_group: int = 5, n_quotes: int = 3, choices: Mapping[str, str] | None = None) -> FactSheet:
    """The fact sheet of group ``value`` of ``column`` for the question of ``national``."""
    split = split_rows([r for r in rows if r.question == national.question], column)
    group = group_of(split.get(value, []), value, national, codebook, min_group, n_quotes, choices,
                     value in protected_groups(split, min_group))
    where = f"»{national.title}«"
    if group.protects:
        intro = (f"{value} har {group.denominator} besvarelser med indhold på spørgsmålet {where}. Andele og citater "
                 f"vises alligevel ikke: en mindre gruppe under mindstegrænsen på {min_group} kunne ellers regnes ud "
                 "ved at trække gruppernes tal fra landstallet.")
        return FactSheet(national.question, column, group, national, intro, ())
    if group.suppressed:
        intro = (f"{value} har {group.denominator} besvarelser med indhold på spørgsmålet {where}, færre end "
                 f"mindstegrænsen på {min_group}; andele og citater vises derfor ikke.")
        return FactSheet(national.question, column, group, national, intro, ())
    rows_in = split.get(value, [])
    non = sum(r.status == NON_ANSWER for r in rows_in)
    empty = sum(r.status == EMPTY for r in rows_in)
    intro = (f"{len(rows_in)} respondenter fra {value} er med i data; {group.denominator} af dem har svaret med "
             f"indhold på spørgsmålet {where} ({non} ikke-svar, {empty} {_DA.empties(empty)}), ud af "
             f"{national.denominator} besvarelser med indhold i alt. Procenterne nedenfor er andele af disse "
             "besvarelser.")
    return FactSheet(national.question, column, group, national, intro,
                     tuple(theme_paragraph(line, group) for line in group.lines))
