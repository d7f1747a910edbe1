"""``coder review``, ``coder agreement`` and ``coder decisions``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from coder.cli.app import LOCALE_HELP, app, console, err_console, user_errors
from coder.cli.streams import can_show_all, write_data
from coder.errors import CoderError
from coder.wording import Wording, wording_for


@app.command()
@user_errors
def review(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory made by 'coder code'."),
    reviewer: str = typer.Option(..., "--reviewer", "-r", help="Your name or initials; every decision carries it."),
    blind: Optional[bool] = typer.Option(None, "--blind/--no-blind",
                                         help="Hide the model's suggestion and other reviewers' decisions (double "
                                              "coding). No decision replaces another reviewer's, blind or not: two "
                                              "that differ are a dispute. Default: off; --audit is always blind."),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Only this question (text column)."),
    theme: Optional[str] = typer.Option(None, "--theme", help="Only comments currently labelled with this theme."),
    status: Optional[str] = typer.Option(None, "--status", help="coded, needs_review, non_answer, empty, todo (not yet "
                                                                "decided by you), done, disputed or all (or their "
                                                                "Danish names: ikke-svar, uenighed …); default coded "
                                                                "and needs_review."),
    search: Optional[str] = typer.Option(None, "--search", help="Only comments containing this text."),
    order: str = typer.Option("queue", "--order", help="queue (what teaches the model most first: the run's "
                                                       "review_order), confidence (least confident first) or random."),
    audit: Optional[int] = typer.Option(None, "--audit", min=1,
                                        help="Grow the random audit sample to N answers per question and review it "
                                             "blind, in draw order (only blind or adjudicated labels "
                                             "count for the audit)."),
    adjudicate: bool = typer.Option(False, "--adjudicate", help="Settle the disputed comments: each reviewer's "
                                                                "decision and note are shown; yours is final."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Review and correct labels in the terminal, most uncertain first; each decision is saved at once."""
    from coder.console import print_review_summary, print_warnings
    from coder.report import catch_up_exports
    from coder.review.logic import QueueFilter, status_code
    from coder.review.start import ReviewRequest, open_review, own_disputes, session_counts
    from coder.store import Store

    if locale is not None:
        Wording(locale)
    store = Store.open_project(project)
    try:
        if store.read_only:  # said before a reviewer reads and codes, not at the first save
            raise CoderError(f"{project}: the project (its folder or coder.db) is read-only, so no decision could be "
                             "saved; make it writable, or copy the project somewhere you may write and review the copy",
                             danish=f"{project}: projektet (mappen eller coder.db) er skrivebeskyttet, så ingen "
                                    "beslutning kan gemmes; gør det skrivbart, eller kopiér projektet hen, hvor du kan "
                                    "skrive, og gennemgå kopien")
        wanted = QueueFilter(question, theme, status_code(status), search)  # 'ikke-svar' as well as 'non_answer'
        session = open_review(store, ReviewRequest(reviewer, wanted, blind, order, audit, adjudicate))
        w = wording_for(session.codebook.language, locale)
        if session.reasoner is not None:  # the answers it shows next to the model's reasons, in the reader's words
            session.reasoner.locale = w.locale
        if not (sys.stdin.isatty() and sys.stdout.isatty()):  # Textual would wait for keys that never come
            raise CoderError("coder review needs a terminal, and its input or output is not one; run it in a "
                             "terminal window (decisions made elsewhere come in with 'coder code --labels FILE')",
                             danish="coder review kræver en terminal, og dens ind- eller uddata er ikke en; kør den "
                                    "i et terminalvindue (beslutninger truffet andetsteds kommer ind med 'coder code "
                                    "--labels FIL')")
        if not can_show_all():  # every frame line, key symbol and æøå would be an escape code on the screen
            raise CoderError(f"coder review needs a terminal that shows UTF-8, and this one's encoding is "
                             f"{sys.stdout.encoding}; set PYTHONIOENCODING=utf-8 (or LANG=da_DK.UTF-8), or use a "
                             "UTF-8 terminal",
                             danish=f"coder review kræver en terminal, der viser UTF-8, og denne har tegnsættet "
                                    f"{sys.stdout.encoding}; sæt PYTHONIOENCODING=utf-8 (eller LANG=da_DK.UTF-8), "
                                    "eller brug en UTF-8-terminal")
        print_warnings(err_console, catch_up_exports(project), w)  # once it is sure the session opens
        own = own_disputes(store, reviewer, question) if adjudicate else ()
        print_warnings(err_console, own, w)
        from coder.review.ui.app import ReviewApp

        # said on the screen too: the full-screen app hides what was printed before it (walk32)
        ReviewApp(session, project.name, w, " ".join(n.danish if w.danish else n for n in own)).run()
        changed = session.written  # decisions and undos written, counted when the app has closed
        written, undone = session_counts(store, session, changed)
        done, filtered = session.progress(), bool(session.flt.active)
    finally:
        store.close()
    if changed:
        from coder.report import refresh_exports

        refresh_exports(project)  # assignments.csv, themes.csv and report.md now show the new labels
    print_review_summary(console, session.reviewer, session.mode, written, done, w, filtered, undone)
    if changed:
        from coder.report import left_behind

        print_warnings(err_console, left_behind(project, discovery=False), w)


@app.command()
@user_errors
def agreement(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory with reviewer decisions."),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Only this question (text column)."),
    on: str = typer.Option("all", "--on", help="Which comments: all (every reviewed one), audit (the random audit "
                                               "sample) or queue (reviewed from the queue)."),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Also write the numbers to this JSON file."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Agreement between reviewers and with the model: n, %, κ and α with 95 % intervals, disagreements per theme."""
    from coder.console import print_agreement
    from coder.files import check_suffix, write_atomic
    from coder.review.agreement import to_json
    from coder.review.agreement_scope import project_agreement

    result = project_agreement(project, question, on)
    w = wording_for(result.language, locale)
    if json_path is not None:  # first: a path that cannot be written is the one line, not the end of a long table
        check_suffix(json_path, (".json",), "the agreement (JSON)", "enigheden (JSON)")
        write_atomic(json_path, to_json(result))
    print_agreement(console, result, w)
    if json_path is not None:
        console.print(w.t("written", files=json_path), highlight=False)


@app.command()
@user_errors
def decisions(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory with reviewer decisions."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", "-r", help="Only this reviewer's decisions."),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Only this question (text column)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the CSV here (default: to the screen)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """The decision log as CSV: who decided what, when, blind or not, and whether it is in force, undone or stale."""
    from coder.files import check_suffix, csv_text, refuse_onto, write_csv_atomic
    from coder.report.build import LOCALE_KEY
    from coder.review.log import LOG_COLUMNS, decision_log
    from coder.store import Store

    store = Store.open_project(project)
    try:  # the reader's language: --locale, else the one the project's reports are in
        w = wording_for(store.current_run().codebook.language, locale or store.meta(LOCALE_KEY) or None)
        rows = list(decision_log(store, reviewer, question, w.locale))
    finally:
        store.close()
    if out is None or str(out) == "-":  # '-': the screen, as the tools a log is piped to read it
        write_data(csv_text(LOG_COLUMNS, rows).lstrip("\ufeff"))  # the BOM is for Excel's files, not a pipe
        return
    refuse_onto(out, project / "coder.db", "the project's database (coder.db)", "projektets database (coder.db)")
    check_suffix(out, (".csv",), "the decision log (CSV)", "beslutningsloggen (CSV)")
    write_csv_atomic(out, LOG_COLUMNS, rows)
    console.print(w.t("written", files=out), highlight=False)
