"""The files beside ``coder.db`` (assignments.csv, themes.csv, report.md, run.json), rewritten from the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Sequence

from coder.cluster.files import DISCOVERY_FILES
from coder.errors import Notice, os_reason
from coder.files import csv_text, write_atomic, write_csv_atomic
from coder.report.assignments import assignment_lines, assignments_csv
from coder.report.build import LOCALE_KEY, Report, ReportOptions, run_note
from coder.report.render.md import render_md
from coder.report.tables import QuestionTable, Tally, audit_cells, csv_number
from coder.review.audit import audit_samples
from coder.store import NOT_ANSWER, Decision, Row, Run, Store
from coder.text import EMPTY, NON_ANSWER, redact
from coder.wording import wording_for


def themes_csv(tables: Sequence[QuestionTable]) -> str:
    """Per question and theme: counts, shares and intervals (plain numbers, '.' decimals); per question also the
    non-answers and empty answers left out of the denominator."""
    header = ["question", "theme", "label", "n", "percent", "ci_low", "ci_high", "denominator",
              "corrected_percent", "corrected_ci_low", "corrected_ci_high", "mentions", "mentions_percent",
              "audit_labelled", "audit_needed", "non_answers", "empty"]

    body = [[t.question, line.theme, line.label, line.n, csv_number(line.percent), csv_number(line.ci_low),
             csv_number(line.ci_high), t.denominator, csv_number(line.corrected), csv_number(line.corrected_low),
             csv_number(line.corrected_high), line.mentions, csv_number(line.mentions_percent), *audit_cells(t),
             t.status_counts.get(NON_ANSWER, 0), t.status_counts.get(EMPTY, 0)]
            for t in tables for line in t.lines]
    return csv_text(header, body)


def write_exports(out_dir: Path, report: Report, rows: Sequence[Row], run_record: dict | None = None) -> list[Path]:
    """Write assignments.csv, themes.csv, report.md and (given a record) run.json; return their paths."""
    files = {
        "assignments.csv": assignments_csv(rows, report.attribute_columns, report.wording.locale),
        "themes.csv": themes_csv(report.tables),
        "report.md": render_md(report),
    }
    if run_record is not None:
        files["run.json"] = json.dumps(run_record, ensure_ascii=False, indent=2) + "\n"
    paths = []
    for name, content in files.items():
        write_atomic(out_dir / name, content)
        paths.append(out_dir / name)
    return paths


class RunExport:
    """The exports of a run written from the store row by row, so no run is too large to export.

    ``tally()`` is the first pass over ``store.rows`` (counts, quote scores, human labels; ``watch``
    sees every row too) and returns the rows read back per question, for the row-count guard;
    ``write()`` is the second, which streams assignments.csv while ranking quote candidates, then
    writes themes.csv, report.md and (given a record) run.json. ``report`` then holds the tables;
    it leaves out the comments themselves (``Report.comments`` is empty), which only the xlsx of
    ``coder report`` lists.
    """

    def __init__(self, store: Store, run: Run, options: ReportOptions = ReportOptions()) -> None:
        self.store, self.run, self.options = store, run, options
        self.wording = wording_for(run.codebook.language, options.locale)
        self._tally = Tally(run.codebook, run.questions, options.quotes, store.quote_choices(), self.wording.locale)
        self._decision = 0  # the latest decision the exports show (set by tally)
        self.report: Report | None = None

    def tally(self, watch: Callable[[Row], None] | None = None) -> dict[str, int]:
        self._decision = self.store.last_decision_id()  # the exports show every decision up to this one
        for r in self.store.rows(self.run.run_id):
            self._tally.add(r)
            if watch is not None:
                watch(r)
        return dict(self._tally.rows)

    def status_counts(self) -> dict[str, dict[str, int]]:
        """Question → status → comments tallied, reviewers' decisions applied (an answer a reviewer marked ikke-svar
        counts as one, as in the exports), statuses that occur only."""
        return {q: {s: n for s, n in c.items() if n} for q, c in self._tally.counts.items()}

    def write(self, out_dir: Path, run_record: dict | None = None) -> list[Path]:
        run, tally = self.run, self._tally
        header, lines = assignment_lines(tally.rank(self.store.rows(run.run_id)), run.attribute_columns,
                                         self.wording.locale)
        write_csv_atomic(out_dir / "assignments.csv", header, lines)
        groups = tally.short()
        while groups:
            for _ in tally.rank(self.store.rows(run.run_id), groups):
                pass
            groups = tally.short()
        tables = tally.tables(audit_samples(self.store, run, tally.labelled))
        self.report = Report(self.wording.t("title", name=run.codebook.name), run_note(run, self.wording),
                             self.wording, self.options, tuple(tables), (), (), (), tuple(run.attribute_columns),
                             str(run.started_at)[:19] + "Z",
                             themes=tuple((t.label, t.description) for t in run.codebook.themes))
        files = {"themes.csv": themes_csv(tables), "report.md": render_md(self.report)}
        if run_record is not None:
            files["run.json"] = json.dumps(run_record, ensure_ascii=False, indent=2) + "\n"
        for name, content in files.items():
            write_atomic(out_dir / name, content)
        self.store.set_meta(EXPORTED_KEY, str(self._decision))
        return [out_dir / "assignments.csv", *(out_dir / name for name in files)]


STALE = "stale.csv"
EXPORTED_KEY = "exports_decision"  # coder.db meta: the latest decision the project's exports show
RUN_FILES = ("assignments.csv", "themes.csv", "report.md", "run.json", STALE)


def withdraw_exports(out_dir: Path) -> None:
    """Remove the exports of the run about to be replaced, before the new one becomes current: interrupted in
    between, the project then shows no exports (a rerun writes them), never the old run's beside the new run's
    coder.db."""
    for name in RUN_FILES:
        (out_dir / name).unlink(missing_ok=True)


def write_stale(out_dir: Path, stale: Sequence[Decision], current: dict[str, str],
                themes: Sequence[str], locale: str = "da") -> Path | None:
    """Every decision that no longer applies, with why, in ``stale.csv`` (the terminal shows five): respondent,
    question, reviewer, the label and note (redacted), when, the text it was made on (redacted) and ``why``:
    ``text`` (the answer changed), ``theme`` (a theme left the codebook) or ``gone`` (the respondent is not in
    this input). ``current``: comment id -> text in this run; ``locale``: the reader's, for the placeholders. None,
    and an earlier file removed, when none is."""
    path = out_dir / STALE
    if not stale:
        path.unlink(missing_ok=True)
        return None
    known = set(themes)
    lines = []
    for d in stale:
        respondent, _, question = d.comment_id.rpartition("::")
        why = ("gone" if d.comment_id not in current else
               "theme" if any(t not in known for t in d.themes_after if t != NOT_ANSWER) else "text")
        lines.append([respondent, question, d.reviewer, "|".join(d.themes_after), redact(d.note, locale), d.decided_at,
                      redact(d.text, locale), why])
    write_csv_atomic(path, ["id", "question", "reviewer", "themes", "note", "decided_at", "text", "why"], lines)
    return path


REPORT_FOLDER = "report"  # where 'coder report DIR --format html|xlsx|png|all' writes without --out


QUOTING = (".md", ".html", ".xlsx", ".json")  # the report files that hold quotes (charts and report.csv hold none)


def left_behind(project: Path, discovery: bool, quotes_only: bool = False) -> tuple[Notice, ...]:
    """Files a person asked for earlier that a new run (``discovery``: its discovery files too) or new labels left
    out of step: 'coder report', 'coder discover' and 'coder export' (a .qdpx in the project) write them on request,
    with settings coder does not know, so they are named rather than rewritten. ``quotes_only``: only a quote was
    pinned or excluded, which changes the files that show quotes. Returns one notice, or none."""
    folder = project / REPORT_FOLDER
    report = sorted(p.name for p in folder.iterdir() if p.is_file() and (
        p.name.startswith(("report.", "report-")) and (not quotes_only or p.suffix in QUOTING)
        or not quotes_only and p.name.startswith("chart") and p.suffix == ".png")) if folder.is_dir() else []
    found = [f"{REPORT_FOLDER}/{name}" for name in report]
    discovered = [name for name in DISCOVERY_FILES if (project / name).is_file()] if discovery else []
    exported = sorted(p.name for p in project.glob("*.qdpx")) if not quotes_only else []  # 'coder export' (walk30)
    found += discovered + exported
    if not found:
        return ()
    shown = ", ".join(found[:6]) + (" …" if len(found) > 6 else "")
    again = [c for c, kept in ((f"'coder report {project}'", report), (f"'coder discover {project}'", discovered),
                               (f"'coder export {project}'", exported)) if kept]
    old, old_da = ("quotes", "citater") if quotes_only else ("numbers", "tal")
    how, how_da = (" with the options you gave it (--by, --group, --format …)", " med de valg, du gav den (--by, "
                   "--group, --format …)") if report else ("", "")
    return (Notice(f"{shown} in {project} are from before this change and show the old {old}; run "
                   + " and ".join(again) + f" again{how}",
                   f"{shown} i {project} er fra før denne ændring og viser de gamle {old_da}; kør "
                   + " og ".join(again) + f" igen{how_da}"),)


def catch_up_exports(project: Path) -> tuple[Notice, ...]:
    """Rewrite assignments.csv, themes.csv and report.md when a decision came after they were written (a review
    session that was killed or lost its terminal never rewrote them), and say so; else nothing."""
    store = Store.open_project(project)
    try:
        shown = store.meta(EXPORTED_KEY)
        behind = store.last_decision_id() > int(shown or 0) and store.has_run()
        read_only = store.read_only
    finally:
        store.close()
    if not behind:
        return ()
    problem: OSError | None = PermissionError(13, "read-only folder") if read_only else None
    if problem is None:
        try:
            refresh_exports(project)
        except OSError as err:  # a project folder one may read but not write: say so, and go on
            problem = err
    if problem is not None:
        return (Notice(f"assignments.csv, themes.csv and report.md in {project} do not show the latest review "
                       f"decisions and could not be rewritten ({os_reason(problem)}); run 'coder review' or 'coder "
                       "report' where the project folder can be written",
                       f"assignments.csv, themes.csv og report.md i {project} viser ikke de seneste "
                       f"review-beslutninger og kunne ikke skrives igen ({os_reason(problem, True)}); kør 'coder "
                       "review' eller 'coder report', hvor projektmappen kan skrives"),)
    if shown is None:  # written by a coder that did not keep count: rewritten to be sure, nothing to tell
        return ()
    return (Notice(f"assignments.csv, themes.csv and report.md in {project} did not show the latest review "
                   "decisions (a review session is still open, or one ended without closing); they are rewritten now",
                   f"assignments.csv, themes.csv og report.md i {project} viste ikke de seneste review-beslutninger "
                   "(en review-session er stadig åben, eller en sluttede uden at blive lukket); de er skrevet igen "
                   "nu"),)


def refresh_exports(project: Path) -> list[Path]:
    """Rewrite assignments.csv, themes.csv and report.md from coder.db (e.g. after a review session).

    run.json stays as the run wrote it: the run has not changed, only the labels in force.
    """
    store = Store.open_project(project)
    try:
        export = RunExport(store, store.current_run(), ReportOptions(locale=store.meta(LOCALE_KEY) or None))
        export.tally()
        return export.write(project)
    finally:
        store.close()
