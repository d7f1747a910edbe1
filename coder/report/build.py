"""Build a report from a project's current run: theme tables, comparisons per group, fact sheets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

from coder.codebook import Codebook
from coder.errors import CoderError
from coder.report.factsheet import FactSheet, fact_sheet
from coder.report.groups import (
    MIN_GROUP,
    UNKNOWN,
    Comparison,
    check_column,
    compare,
    find_value,
    split_rows,
    suppressed_respondents,
)
from coder.report.population import Participation, participation
from coder.report.tables import QuestionTable, question_tables
from coder.review.audit import AuditSample, audit_samples
from coder.store import Row, Run, Store
from coder.text import CODED, NEEDS_REVIEW
from coder.wording import Wording, wording_for


@dataclass(frozen=True)
class ReportOptions:
    """What ``coder report`` was asked for; ``locale`` None follows the codebook's language."""

    by: tuple[str, ...] = ()
    group: str | None = None
    min_group: int = MIN_GROUP
    quotes: int = 3  # per theme; 0 leaves every text out (--no-quotes)
    locale: str | None = None
    population: tuple[tuple[str, int], ...] = ()  # (group value, invited) of the --by column (--population)
    population_file: str = ""  # its name, for the note under the table
    title: str | None = None  # the report's title instead of coder's ("{group}": a fact sheet's group)


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; renderers only format, they compute nothing."""

    title: str
    note: str
    wording: Wording
    options: ReportOptions
    tables: tuple[QuestionTable, ...]  # all answers, one per question
    comparisons: tuple[Comparison, ...]  # per question and --by column
    sheets: tuple[FactSheet, ...]  # per question, with --group
    comments: tuple[Row, ...]  # substantive answers in scope (the group's with --group), for the comments sheet
    attribute_columns: tuple[str, ...]
    created: str = "1980-01-01T00:00:00Z"  # the run's start (UTC), stamped into files for reproducible bytes
    hidden_respondents: frozenset[str] = frozenset()  # in a suppressed group: their attributes are not shown
    participation: tuple[Participation, ...] = ()  # with --population: the --by column's groups' response rates
    themes: tuple[tuple[str, str], ...] = ()  # each theme's label and description, as the codebook words them

    @property
    def has_corrected(self) -> bool:
        return any(line.corrected is not None for t in self.tables for line in t.lines)

    @property
    def with_text(self) -> bool:
        return self.options.quotes > 0


def run_note(run: Run, wording: Wording) -> str:
    """The line that says where the numbers come from: codebook, model, input and run (its date, not its time:
    the same input coded again gives the same report, byte for byte)."""
    cb = run.codebook
    return wording.t("run_note", name=cb.name, version=cb.version, model=run.model_id,
                     input=Path(run.input_path).name, run=run.run_id,
                     started=wording.date(str(run.started_at)[:10]))


LOCALE_KEY = "locale"  # coder.db meta: the language 'coder code --locale' chose for the project's reports
NO_CACHE_KEY = "no_cache"  # coder.db meta: "yes" when 'coder code --no-cache' kept the answers' vectors out of cache


def report_of_run(store: Store, run: Run, rows: Sequence[Row], options: ReportOptions = ReportOptions()) -> Report:
    """The report of a run's rows (human decisions applied), with its audit sample and quote choices."""
    wording = wording_for(run.codebook.language, options.locale)
    return assemble(rows, run.codebook, run.questions, run.attribute_columns, options, audit_samples(store, run, rows),
                    store.quote_choices(), run_note(run, wording), str(run.started_at)[:19] + "Z")


def build_report(project: Path, options: ReportOptions = ReportOptions()) -> Report:
    """The report of the project's current run: tables, comparisons per group, and fact sheets. Without a locale,
    in the one 'coder code --locale' chose for the project, else the codebook's language."""
    if options.locale is not None:
        Wording(options.locale)  # an unknown locale fails before the store is read
    store = Store.open_project(project)
    try:
        run = store.current_run()
        if options.locale is None:
            options = replace(options, locale=store.meta(LOCALE_KEY) or None)
        return report_of_run(store, run, list(store.rows(run.run_id)), options)
    finally:
        store.close()


def assemble(rows: Sequence[Row], codebook: Codebook, questions: Sequence[str], attributes: Sequence[str],
             options: ReportOptions = ReportOptions(), audits: Mapping[str, AuditSample] | None = None,
             choices: Mapping[str, str] | None = None, note: str = "", created: str = "1980-01-01T00:00:00Z") -> Report:
    """The report of these rows (a run's, with human decisions applied)."""
    wording = wording_for(codebook.language, options.locale)
    if options.min_group < 1:
        raise CoderError(f"--min-group {options.min_group}: give a whole number of at least 1",
                         danish=f"--min-group {options.min_group}: angiv et helt tal på mindst 1")
    if options.group is not None and len(options.by) != 1:
        raise CoderError("--group needs exactly one --by column, e.g. --by speciale --group Radiologi",
                         danish="--group kræver præcis én --by-kolonne, fx --by speciale --group Radiologi")
    options = replace(options, by=tuple(check_column(column, attributes) for column in options.by))
    if options.population and len(options.by) != 1:
        raise CoderError("--population needs exactly one --by column: the one its groups are of",
                         danish="--population kræver præcis én --by-kolonne: den, dens grupper hører til")
    tables = question_tables(rows, codebook, questions, options.quotes, audits, choices, wording.locale)
    in_scope = [r for r in rows if r.status in (CODED, NEEDS_REVIEW)]
    comparisons: list[Comparison] = []
    sheets: list[FactSheet] = []
    if options.group is not None:
        column = options.by[0]
        value = find_value(rows, column, options.group)
        sheets = [fact_sheet(rows, t, codebook, column, value, options.min_group, options.quotes, choices, wording)
                  for t in tables]
        shown = {s.question for s in sheets if not s.group.suppressed}  # the group's answers where it is suppressed
        in_scope = [r for r in split_rows(in_scope, column).get(value, []) if r.question in shown]  # are left out
        title = f"{value} – {codebook.name}"
    else:
        comparisons = [compare(rows, t, codebook, column, options.min_group, options.quotes, choices, wording.locale)
                       for t in tables for column in options.by]
        title = wording.t("title", name=codebook.name)
    if options.title and "{group}" in options.title and options.group is None:
        raise CoderError(f"--title {options.title}: {{group}} needs a fact sheet; give --by COL --group VALUE, or a "
                         "title without {group}",
                         danish=f"--title {options.title}: {{group}} kræver et faktaark; angiv --by KOLONNE --group "
                                "VÆRDI, eller en titel uden {group}")
    if options.title:  # the writer's own ("Klyngearbejdet i {group}"); only {group} is filled in, nothing else read
        title = options.title.replace("{group}", value if options.group is not None else "").strip()
    hidden = suppressed_respondents(rows, comparisons)
    if not wording.danish:  # the group of empty values is named in the report's language
        comparisons = [replace(c, groups=tuple(replace(g, value=wording.t("unknown_group")) if g.value == UNKNOWN
                                               else g for g in c.groups)) for c in comparisons]
    rates = participation(rows, options.by[0], dict(options.population)) if options.population else ()
    return Report(title, note, wording, options, tuple(tables), tuple(comparisons), tuple(sheets), tuple(in_scope),
                  tuple(attributes), created, hidden, rates, tuple((t.label, t.description) for t in codebook.themes))
