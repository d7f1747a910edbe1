"""One group against all answers, in the style of the fact sheets per specialty: a table and a paragraph per
theme, in the report's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from coder.codebook import Codebook
from coder.report.groups import DOWN, UP, Group, GroupLine, group_of, protected_groups, split_rows
from coder.report.tables import QuestionTable
from coder.store import Row
from coder.text import EMPTY, NON_ANSWER, fingerprinted, slug
from coder.wording import Wording

_DA = Wording("da")
MAX_TAG = 60  # characters of a group's name in a file name: a longer one is cut and fingerprinted


@dataclass(frozen=True)
class FactSheet:
    """One group's theme shares for one question against all answers, with a paragraph per theme."""

    question: str
    column: str
    group: Group
    national: QuestionTable
    intro: str
    paragraphs: tuple[str, ...]  # one per theme in codebook order; empty when the group is suppressed
    tag: str = ""  # the group in file names: report-<tag>.md, its charts (sheet_tag)


def sheet_tag(value: str, values: Iterable[str]) -> str:
    """The group's name in its fact sheet's file names: 'Almen medicin' → 'almen-medicin'. Where another group of
    the column has the same ASCII name ('Radiologi' and 'radiologi'), or the name is too long for a file name, a
    short fingerprint of the exact value is added, so one group's fact sheet never overwrites another's."""
    tag = slug(value, "-", "gruppe")
    if len(tag) > MAX_TAG or any(v != value and slug(v, "-", "gruppe") == tag for v in values):
        tag = fingerprinted(tag, value, MAX_TAG)
    return tag


def theme_paragraph(line: GroupLine, group: Group, w: Wording = _DA) -> str:
    """E.g. '57,1 % af besvarelserne fra Radiologi (8 af 14) har … Det er under andelen blandt alle besvarelser på
    65,7 % …' (the yardstick is all answers of this survey, which coder cannot know to be national)."""
    head = w.t("sheet_head", pct=w.pct(line.percent), group=group.value, n=line.n, d=group.denominator,
               label=line.label)
    nat = w.pct(line.national)
    if line.marker in (UP, DOWN):
        body = w.t("sheet_above" if line.marker == UP else "sheet_below", nat=nat, diff=w.diff(line.diff))
    elif abs(line.diff) < 1.0:
        body = w.t("sheet_level", nat=nat)
    else:
        body = w.t("sheet_within", side=w.t("sheet_over" if line.diff > 0 else "sheet_under"), nat=nat,
                   gap=w.num(abs(line.diff)))
    tail = w.t("sheet_mentions", m=line.mentions, d=group.denominator, pct=w.pct(line.mentions_percent))
    if line.marker == UP and line.unsure:  # a finding that rests on codes the model was unsure of says so
        tail += w.plural(line.unsure, "sheet_unsure", total=line.n)
    return head + body + tail


def fact_sheet(rows: Sequence[Row], national: QuestionTable, codebook: Codebook, column: str, value: str,
               min_group: int = 5, n_quotes: int = 3, choices: Mapping[str, str] | None = None,
               w: Wording = _DA) -> FactSheet:
    """The fact sheet of group ``value`` of ``column`` for the question of ``national``, worded in ``w``."""
    split = split_rows([r for r in rows if r.question == national.question], column)
    tag = sheet_tag(value, split_rows(rows, column))
    group = group_of(split.get(value, []), value, national, codebook, min_group, n_quotes, choices,
                     value in protected_groups(split, min_group), w.locale)
    where = w.quote(national.title)
    if group.protects:
        intro = w.t("sheet_protects", value=value, d=group.denominator, where=where, min=min_group)
        return FactSheet(national.question, column, group, national, intro, (), tag)
    if group.suppressed:
        intro = w.t("sheet_suppressed", value=value, d=group.denominator, where=where, min=min_group)
        return FactSheet(national.question, column, group, national, intro, (), tag)
    rows_in = split.get(value, [])
    non = sum(r.status == NON_ANSWER for r in rows_in)
    empty = sum(r.status == EMPTY for r in rows_in)
    intro = w.t("sheet_intro", n=len(rows_in), value=value, d=group.denominator, where=where, non=non,
                non_word=w.non_answers(non), empty=empty,
                empties=w.empties(empty), total=national.denominator)
    return FactSheet(national.question, column, group, national, intro,
                     tuple(theme_paragraph(line, group, w) for line in group.lines), tag)
