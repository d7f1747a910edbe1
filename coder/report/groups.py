"""Theme shares per group (a respondent attribute such as speciale) against all answers.

Rules, stated once:
- a group's denominator is its substantive answers (coded or needing review) to the question;
- a group with fewer than ``min_group`` of them is suppressed: its n is shown, never its shares or quotes;
- the suppressed groups of a column together hold at least ``min_group`` answers, or none at all: otherwise
  their counts per theme are the total minus the groups shown, so the smallest groups shown are suppressed too
  (``protects``) until the hidden answers are enough (``protected_values``);
- the difference is the group's share minus the share among all answers, in percentage points, as the
  two shares are shown (to one decimal, a half up: 27,3 % against 25,1 % is 2,2, whatever the digits
  after), so that it subtracts as a reader checks it; marked
  ▲ or ▼ when the all-answers share lies outside the group's 95 % Wilson interval (a screening flag:
  the group is part of the total, so this is not a formal two-sample test);
- an empty or missing attribute value is its own group, ``(ukendt)``;
- values that differ only in capitals, or in spaces or hyphens between letters, are one group, named by its most
  common spelling (``spellings``), as a population file's groups are matched to them;
- in a list of answers (the workbook's comments sheet) a respondent in a group suppressed for any question
  shows none of their attribute values (``suppressed_respondents``): not the grouping column's, since that
  would give the group's answers away, and not the others', which may tell the group too (a klynge within
  a speciale, a region with one clinic of a kind).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping, Sequence

from coder.codebook import Codebook
from coder.errors import CoderError, Notice
from coder.report.quotes import codebook_examples, pick_quotes, sure
from coder.report.tables import QuestionTable, wilson
from coder.store import Row
from coder.text import CODED, NEEDS_REVIEW, clean
from coder.wording import danish_sort_key, half_up

UNKNOWN = "(ukendt)"
UP, DOWN = "▲", "▼"
MIN_GROUP = 5


@dataclass(frozen=True)
class GroupLine:
    """One theme within one group, compared with all answers (percents 0–100)."""

    theme: str
    label: str
    n: int  # answers in the group with this primary theme
    percent: float
    ci_low: float
    ci_high: float
    mentions: int
    mentions_percent: float
    national: float  # the share among all answers
    diff: float  # percent - national, in percentage points
    marker: str  # UP, DOWN or ""
    quotes: tuple[str, ...] = ()
    unsure: int = 0  # of the n, coded by the model alone at a probability under 0.5 (``coder.report.quotes.sure``)


def shown_difference(percent: float, national: float) -> float:
    """``percent − national`` in percentage points as the two shares are shown, to one decimal (a half up)."""
    return float(Decimal(half_up(percent, 1)) - Decimal(half_up(national, 1)))


@dataclass(frozen=True)
class Group:
    """One value of the grouping column; ``lines`` is empty when the group is suppressed.

    ``protects``: suppressed although large enough, so that a smaller group's shares cannot be worked
    out by subtracting the groups shown from all answers.
    """

    value: str
    denominator: int
    suppressed: bool
    lines: tuple[GroupLine, ...]
    protects: bool = False


@dataclass(frozen=True)
class Comparison:
    """A question's theme shares per group of ``column``, next to all answers (``national``)."""

    question: str
    column: str
    national: QuestionTable
    groups: tuple[Group, ...]
    min_group: int
    merged: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a group's name and the other spellings read as it

    @property
    def marks(self) -> tuple[int, int]:
        """(lines marked ▲/▼, group-and-theme lines shown): a table of many lines has some marked by chance."""
        lines = [x for g in self.groups if not g.suppressed for x in g.lines]
        return sum(bool(x.marker) for x in lines), len(lines)

    @property
    def any_shown(self) -> bool:
        """Some group reaches ``min_group`` and is not hidden: a column of ids or free text has none."""
        return any(not g.suppressed for g in self.groups)


def group_value(row: Row, column: str) -> str:
    """The row's value in ``column`` as a person reads it (``coder.text.clean``: control characters gone, spaces
    collapsed, so 'Almen  medicin' is 'Almen medicin'), ``(ukendt)`` when empty or missing."""
    value = clean(row.attributes.get(column) or "")
    return value or UNKNOWN


_JOIN = re.compile(r"(?<=[^\W\d_])[\s\-_]+(?=[^\W\d_])")  # a space or hyphen between two letters
_DASHES = re.compile(r"[‐‑‒–—−]")
_AROUND = re.compile(r"(?<=\S)\s*([-/])\s*(?=\S)")  # spaces around a hyphen or slash inside a value


def group_key(value: str) -> str:
    """What makes two values of a grouping column one group: the value with case aside, any dash read as a hyphen,
    no spaces around a hyphen or slash, no full stop at the end (walk42: '50–59 år', 'Gynækologi / obstetrik'), and
    no spaces or hyphens between two letters ('Øre-Næse-Hals', 'øre-næse-hals' and 'Øre næse hals' are one; walk40's
    'Dermatovenerologi' and 'Dermato-venerologi' too). Every other character counts: '<10 år' and '>10 år', '1' and
    '-1' are two groups (walk41: dropping every sign made them one)."""
    folded = _DASHES.sub("-", " ".join(value.casefold().split()))  # '50–59' (Excel's en dash) is '50-59'
    return _JOIN.sub("", _AROUND.sub(r"\1", folded)).rstrip(".")  # '50 - 59', 'a / b'; 'Radiologi.' (walk42)


def spellings(values: Iterable[str]) -> dict[str, str]:
    """Each value → the name of its group: values with one ``group_key`` are one group, named by the spelling most
    of its rows have (ties: one not all in capitals, then one with a capital first, then the first in Danish order).
    walk37: 'Øre-Næse-Hals' once beside 'Øre-næse-hals' 79 times was a group of 1, which the population file,
    matched ignoring case, gave all 118 invited (a response rate of 0,8 %), while the specialty's own rate appeared
    nowhere."""
    counts = Counter(values)
    name: dict[str, str] = {}
    for v in sorted(counts, key=lambda v: (-counts[v], v.isupper(), not v[:1].isupper(), danish_sort_key(v))):
        name.setdefault(group_key(v), v)
    return {v: name[group_key(v)] for v in counts}


def merged_spellings(names: Mapping[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(a group's name, the other spellings read as it), for the groups that have several; ``names`` as
    ``spellings`` gives them."""
    others: dict[str, list[str]] = {}
    for value, name in names.items():
        if value != name:
            others.setdefault(name, []).append(value)
    return tuple((name, tuple(sorted(vs, key=danish_sort_key))) for name, vs in sorted(
        others.items(), key=lambda item: danish_sort_key(item[0])))


def mark(k: int, n: int, national: float) -> str:
    """▲ or ▼ when ``national`` (percent) lies outside the 95 % Wilson interval of k/n, else ""."""
    if n == 0:
        return ""
    low, high = wilson(k, n)
    if national < 100 * low:
        return UP
    if national > 100 * high:
        return DOWN
    return ""


def _substantive(rows: Sequence[Row]) -> list[Row]:
    return [r for r in rows if r.status in (CODED, NEEDS_REVIEW)]


def protected_values(sizes: Mapping[str, int], min_group: int = MIN_GROUP) -> frozenset[str]:
    """Groups large enough to show that are suppressed all the same, to protect the small ones.

    ``sizes``: substantive answers per group of one column (the groups partition all answers). Groups under
    ``min_group`` are suppressed; if they hold any answers but fewer than ``min_group`` together, the total
    minus the groups shown gives their counts per theme, so the smallest shown groups (ties: the first in
    ``sizes``' order) join them until the hidden answers reach ``min_group`` or nothing is shown.
    """
    hidden = sum(n for n in sizes.values() if n < min_group)
    shown = sorted((v for v, n in sizes.items() if n >= min_group), key=lambda v: sizes[v])  # stable: ties in order
    protected: list[str] = []
    while 0 < hidden < min_group and shown:
        value = shown.pop(0)
        protected.append(value)
        hidden += sizes[value]
    return frozenset(protected)


def protected_groups(split: Mapping[str, Sequence[Row]], min_group: int = MIN_GROUP) -> frozenset[str]:
    """``protected_values`` of one question's rows split by a column (``split_rows``)."""
    return protected_values({v: len(_substantive(g)) for v, g in split.items()}, min_group)


def group_of(rows: Sequence[Row], value: str, national: QuestionTable, codebook: Codebook, min_group: int = MIN_GROUP,
             n_quotes: int = 3, choices: Mapping[str, str] | None = None, protect: bool = False,
             locale: str = "da") -> Group:
    """One group's lines against the national table; ``rows`` are the group's rows for the question.

    ``protect``: suppress it although it is large enough (see ``protected_values``); ``locale``: the reader's, for
    the placeholders of personal data in quotes."""
    substantive = _substantive(rows)
    denom = len(substantive)
    if denom < min_group or protect:
        return Group(value, denom, True, (), protects=denom >= min_group)
    lines = []
    examples = codebook_examples(codebook) if n_quotes else frozenset()
    for theme, nat in zip(codebook.themes, national.lines):
        k = sum(r.primary == theme.id for r in substantive)
        m = sum(theme.id in r.themes for r in substantive)
        low, high = wilson(k, denom)
        percent = 100 * k / denom
        lines.append(GroupLine(theme.id, theme.label, k, percent, 100 * low, 100 * high, m, 100 * m / denom,
                               nat.percent, shown_difference(percent, nat.percent), mark(k, denom, nat.percent),
                               pick_quotes(substantive, theme.id, n_quotes, choices=choices, language=codebook.language,
                                           examples=examples, locale=locale) if n_quotes else (),
                               sum(1 for r in substantive if r.primary == theme.id and not sure(r))))
    return Group(value, denom, False, tuple(lines))


def split_rows(rows: Sequence[Row], column: str) -> dict[str, list[Row]]:
    """Rows per group of ``column`` (``spellings``), in Danish alphabetical order with ``(ukendt)`` last."""
    return _split(rows, column)[0]


def _split(rows: Sequence[Row], column: str) -> tuple[dict[str, list[Row]], dict[str, str]]:
    """``split_rows``, and each value's group name (``spellings``), read in one pass."""
    values = [group_value(r, column) for r in rows]
    names = spellings(values)
    out: dict[str, list[Row]] = {}
    for r, value in zip(rows, values):
        out.setdefault(names[value], []).append(r)
    order = sorted(out, key=lambda v: (v == UNKNOWN, danish_sort_key(v)))
    return {v: out[v] for v in order}, names


def compare(rows: Sequence[Row], national: QuestionTable, codebook: Codebook, column: str,
            min_group: int = MIN_GROUP, n_quotes: int = 3, choices: Mapping[str, str] | None = None,
            locale: str = "da") -> Comparison:
    """Every group of ``column`` for the question of ``national``."""
    qrows = [r for r in rows if r.question == national.question]
    split, names = _split(qrows, column)
    protected = protected_groups(split, min_group)
    groups = tuple(group_of(g, v, national, codebook, min_group, n_quotes, choices, v in protected, locale)
                   for v, g in split.items())
    return Comparison(national.question, column, national, groups, min_group, merged_spellings(names))


def suppressed_respondents(rows: Sequence[Row], comparisons: Sequence[Comparison]) -> frozenset[str]:
    """Respondents whose value of a compared column is a group suppressed in any comparison (any question)."""
    hidden = {(c.column, group_key(g.value)) for c in comparisons for g in c.groups if g.suppressed}
    columns = sorted({column for column, _ in hidden})
    return frozenset(r.respondent for r in rows if any((c, group_key(group_value(r, c))) in hidden for c in columns))


def min_group_notices(min_group: int, by: Sequence[str] | str | None) -> tuple[Notice, ...]:
    """With groups compared (``by``), a ``min_group`` under ``MIN_GROUP`` shows groups so small that a share can
    point out a respondent: said (walk23: '--min-group 1' was taken in silence)."""
    if not by or min_group >= MIN_GROUP:
        return ()
    return (Notice(f"--min-group {min_group}: groups of fewer than {MIN_GROUP} answers are shown, whose shares (0 % or "
                   "100 % of two answers) can point out a respondent and say little; keep such tables in the team",
                   f"--min-group {min_group}: grupper med færre end {MIN_GROUP} svar vises, og deres andele (0 % "
                   "eller 100 % af to svar) kan udpege en respondent og siger ikke meget; hold sådanne tabeller i "
                   "teamet"),)


def check_column(column: str, available: Sequence[str]) -> str:
    """The attribute column of the run that ``column`` names: itself, else the one column it names but for case
    ("--by Speciale"); a one-line error when there is none (or several)."""
    if column in available:
        return column
    close = [a for a in available if a.casefold() == column.strip().casefold()]
    if len(close) == 1:
        return close[0]
    hint, hint_da = (f" (did you mean '{close[0]}'?)", f" (mente du '{close[0]}'?)") if close else ("", "")
    raise CoderError(f"--by {column}: column not found{hint}; available: {', '.join(available) or 'none'}",
                     danish=f"--by {column}: kolonnen findes ikke{hint_da}; kolonnerne er: "
                            f"{', '.join(available) or 'ingen'}")


def find_value(rows: Sequence[Row], column: str, value: str) -> str:
    """The group value matching ``value`` (exactly, else ignoring case), or a one-line error listing them."""
    values = list(split_rows(rows, column))
    if value in values:
        return value
    close = [v for v in values if group_key(v) == group_key(value)]
    if close:
        return close[0]
    if value.strip().casefold() == "(unknown)" and UNKNOWN in values:  # as an English report names it (walk29)
        return UNKNOWN
    raise CoderError(f"--group {value}: no such value in column '{column}'; available: {', '.join(values)}",
                     danish=f"--group {value}: værdien findes ikke i kolonnen '{column}'; værdierne er: "
                            f"{', '.join(values)}")
