"""``coder report``, ``coder compare``, ``coder export`` and the ``coder codebook`` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from coder.cli.app import LOCALE_HELP, app, codebook_app, console, err_console, reader_wording, user_errors
from coder.cli.streams import write_data
from coder.errors import CodebookError, CoderError
from coder.files import check_suffix
from coder.wording import wording_for


@app.command()
@user_errors
def report(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory made by 'coder code'."),
    quotes: int = typer.Option(3, "--quotes", min=0, max=10, help="Example quotes per theme (per group too in a "
                                                                   "fact sheet, and in xlsx and json)."),
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
    locale: Optional[str] = typer.Option(None, "--locale", help="da (Danish words, decimal commas: 57,1 %) or "
                                                                 "en (English, 57.1 %); default: the codebook's "
                                                                 "language."),
    no_quotes: bool = typer.Option(False, "--no-quotes", help="Leave every comment text out of the report."),
    population: Optional[Path] = typer.Option(None, "--population", help="CSV or XLSX of the --by column's groups "
                                                                         "and how many were invited in each: adds "
                                                                         "the response rate per group."),
    title: Optional[str] = typer.Option(None, "--title", help="The report's title, e.g. 'Klyngearbejdet i {group}' "
                                                              "({group}: the fact sheet's group)."),
) -> None:
    """Theme tables of a project (from its coder.db): shares with 95 % intervals, by group, fact sheets."""
    from coder.console import print_warnings
    from coder.report import ReportOptions, build_report, catch_up_exports
    from coder.report.groups import min_group_notices
    from coder.report.population import read_population
    from coder.report.render import TEXT_FORMATS, check_format, render, write_report

    check_format(format)
    invited = read_population(population) if population is not None else ()
    options = ReportOptions(tuple(by or ()), group, min_group, 0 if no_quotes else quotes, locale, invited,
                            population.name if population is not None else "", title)
    caught_up = catch_up_exports(project)
    result = build_report(project, options)
    print_warnings(err_console, caught_up + min_group_notices(min_group, by), result.wording)
    if format == "terminal" and out is None:
        from coder.report.render.terminal import print_report

        print_report(console, result)
    elif out is None and format in TEXT_FORMATS:
        (content,) = render(result, format).values()
        write_data(content.lstrip("\ufeff") if isinstance(content, str) else "")
    else:
        paths = write_report(result, format, out if out is not None else project / "report")
        console.print(result.wording.t("written", files=", ".join(str(p) for p in paths)), highlight=False,
                      soft_wrap=True)
        books = [p.name for p in paths if p.suffix == ".xlsx" and result.comments]
        if books:  # said as the .qdpx export says it (walk30: the workbook was taken for a report to share)
            err_console.print(result.wording.t("xlsx_working", files=", ".join(books)), highlight=False,
                              soft_wrap=not err_console.is_terminal)


@app.command("compare")
@user_errors
def compare_command(
    now: Path = typer.Argument(..., metavar="NOW", help="The later wave's project directory."),
    before: Path = typer.Argument(..., metavar="BEFORE", help="The earlier wave's project directory."),
    question: Optional[list[str]] = typer.Option(None, "--question", "-q",
                                                 help="NOW=BEFORE: a question renamed between the waves (its name "
                                                      "in each project); repeat for several."),
    now_name: Optional[str] = typer.Option(None, "--now-name", help="The later wave's name in headers, e.g. 2026 "
                                                                    "(default: its folder's name)."),
    before_name: Optional[str] = typer.Option(None, "--before-name", help="The earlier wave's name, e.g. 2025."),
    by: Optional[str] = typer.Option(None, "--by", "-b", help="A respondent column of both projects, e.g. speciale: "
                                                              "each group's change too."),
    min_group: int = typer.Option(5, "--min-group", min=1, help="With --by: hide groups with fewer substantive "
                                                                "answers in either wave."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, md, csv, json or xlsx (xlsx needs "
                                                                  "--out)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write (default: the screen)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Two waves side by side: each theme's share in both, the change in points with its 95 % interval."""
    from coder.console import print_warnings
    from coder.files import refuse_onto, write_atomic
    from coder.report.groups import min_group_notices
    from coder.report.render.waves import WAVE_FORMATS, wave_blocks, waves_csv, waves_json, waves_md
    from coder.report.render.waves_xlsx import waves_xlsx
    from coder.report.waves import compare_waves

    if format not in WAVE_FORMATS:
        raise CoderError(f"--format {format}: unknown format; use {', '.join(WAVE_FORMATS)}",
                         danish=f"--format {format}: ukendt format; brug {', '.join(WAVE_FORMATS)}")
    if format == "xlsx" and out is None:
        raise CoderError("--format xlsx writes a workbook: give the file with --out, e.g. --out compare.xlsx",
                         danish="--format xlsx skriver en Excel-fil: angiv filen med --out, fx --out "
                                "sammenligning.xlsx")
    mapping = {}
    for pair in question or ():
        q_now, sep, q_before = pair.partition("=")
        if not sep or not q_now.strip() or not q_before.strip():
            raise CoderError(f"--question {pair}: give the question's name in each project as NOW=BEFORE",
                             danish=f"--question {pair}: angiv spørgsmålets navn i hvert projekt som NU=FØR")
        mapping[q_now.strip()] = q_before.strip()
    result = compare_waves(now, before, mapping, (before_name, now_name), locale, by, min_group)
    print_warnings(err_console, min_group_notices(min_group, by), result.wording)
    if format == "terminal" and out is None:
        from coder.report.render.terminal import print_blocks

        print_blocks(console, wave_blocks(result), result.wording)
        return
    content = {"terminal": waves_md, "md": waves_md, "csv": waves_csv, "json": waves_json,
               "xlsx": waves_xlsx}[format](result)
    if out is None or (str(out) == "-" and format != "xlsx"):  # '-': the screen
        write_data(content.lstrip("\ufeff"))
    else:
        check_suffix(out, {"terminal": (".md", ".markdown", ".txt"), "md": (".md", ".markdown")}.get(
            format, (f".{format}",)), f"a comparison as {format}", f"en sammenligning som {format}")
        for project in (now, before):
            refuse_onto(out, project / "coder.db", "a project's database (coder.db)", "et projekts database (coder.db)")
        write_atomic(out, content)
        console.print(result.wording.t("written", files=out), highlight=False)


@app.command("export")
@user_errors
def export_command(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory made by 'coder code'."),
    format: str = typer.Option("qdpx", "--format", "-f", help="qdpx (REFI-QDA project for NVivo, ATLAS.ti, MAXQDA)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write (default: DIR/<DIR name>.qdpx)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Export a coded project as a REFI-QDA .qdpx: comments (redacted), codes, model and reviewer codings, cases.

    The respondents' background columns go in as they are, as case variables: like assignments.csv, the file is
    microdata that can point out a respondent in a small group.
    """
    from coder.exchange import export_qdpx

    if format != "qdpx":
        hint = ("; a codebook alone: coder codebook export CODEBOOK -o FILE.qdc" if format == "qdc" else "",
                "; en kodebog alene: coder codebook export KODEBOG -o FIL.qdc" if format == "qdc" else "")
        raise CoderError(f"--format {format}: unknown format; use qdpx{hint[0]}",
                         danish=f"--format {format}: ukendt format; brug qdpx{hint[1]}")
    if out is not None:
        check_suffix(out, (".qdpx",), "a REFI-QDA project", "et REFI-QDA-projekt")
    result = export_qdpx(project, out, locale)
    w = wording_for(result.language, locale)
    console.print(w.t("written_qdpx", path=result.path, sources=result.sources, cases=result.cases,
                      users=result.users, user_word=w.t("qdpx_users_1" if result.users == 1 else "qdpx_users"),
                      codings=result.codings, empty=result.skipped_empty), highlight=False)
    if result.attributes:
        console.print(w.t("qdpx_attributes", columns=", ".join(result.attributes)), highlight=False,
                      soft_wrap=not console.is_terminal)


@codebook_app.command("check")
@user_errors
def codebook_check(file: Path = typer.Argument(..., metavar="CODEBOOK", help="Codebook YAML file."),
                   locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP)) -> None:
    """Validate a codebook and print its themes."""
    from coder.codebook import load_codebook
    from coder.console import print_codebook

    try:
        cb = load_codebook(file)
    except CodebookError as err:  # every problem, one per line, so they can all be fixed in one go
        if not err.problems:
            raise
        danish = reader_wording({"file": file, "locale": locale}).danish
        for en, da in err.problems:
            err_console.print(f"  {file}: {da if danish else en}", highlight=False, markup=False,
                              soft_wrap=not err_console.is_terminal)
        n = len(err.problems)
        raise CodebookError(f"{file}: {n} problems in the codebook (above); fix them and check it again",
                            danish=f"{file}: {n} fejl i kodebogen (ovenfor); ret dem, og tjek den igen") from None
    print_codebook(console, cb, wording_for(cb.language, locale))


@codebook_app.command("export")
@user_errors
def codebook_export(
    file: Path = typer.Argument(..., metavar="CODEBOOK", help="Codebook YAML file."),
    format: str = typer.Option("qdc", "--format", "-f", help="qdc (REFI-QDA codebook for NVivo, ATLAS.ti, MAXQDA)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write (default: FILE with .qdc)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Export a codebook as a REFI-QDA .qdc file (stable GUIDs: re-exports are identical)."""
    from coder.codebook import load_codebook
    from coder.exchange import codebook_qdc
    from coder.files import refuse_onto, write_atomic

    if format != "qdc":
        raise CoderError(f"--format {format}: unknown format; use qdc",
                         danish=f"--format {format}: ukendt format; brug qdc")
    target = out or file.with_suffix(".qdc")
    cb = load_codebook(file)
    refuse_onto(target, file, "the codebook being exported", "kodebogen, der eksporteres")
    check_suffix(target, (".qdc",), "a REFI-QDA codebook", "en REFI-QDA-kodebog")
    write_atomic(target, codebook_qdc(cb))
    console.print(wording_for(cb.language, locale).t("written", files=target), highlight=False)


@codebook_app.command("import")
@user_errors
def codebook_import(
    file: Path = typer.Argument(..., metavar="FILE",
                                help="REFI-QDA codebook (.qdc) from coder, NVivo, ATLAS.ti or MAXQDA, or the "
                                     "codebook of a .qdpx project."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Codebook YAML to write (default: print it)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite --out even where its # comments would be lost."),
) -> None:
    """Import a REFI-QDA .qdc codebook as coder's YAML (a coder export comes back exactly)."""
    from coder.exchange import codebook_yaml, read_qdc
    from coder.files import refuse_onto, write_atomic
    from coder.pipeline.improve import keep_comments

    cb = read_qdc(file)
    text = codebook_yaml(cb)
    if out is None:
        write_data(text)
    else:
        refuse_onto(out, file, "the .qdc being imported", ".qdc-filen, der importeres")
        check_suffix(out, (".yaml", ".yml"), "a codebook", "en kodebog")
        if not force:  # a hand-written codebook's comments were lost without a word (walk15)
            keep_comments(out)
        write_atomic(out, text)
        console.print(wording_for(cb.language, locale).t("written", files=out), highlight=False)


@codebook_app.command("learn")
@user_errors
def codebook_learn(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory with reviewed answers."),
    out: Path = typer.Option(..., "--out", "-o", help="Codebook YAML to write (the new version)."),
    per_theme: Optional[int] = typer.Option(None, "--per-theme", min=1, max=200,
                                             help="New examples per theme at most; default 40 (fewer keep the "
                                                  "codebook short, more teach the next round's zero-shot coding "
                                                  "more: see README)."),
    force: bool = typer.Option(False, "--force", help="Overwrite --out even where its # comments would be lost."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Write a new codebook version whose examples include the reviewers' clearest answers; show the diff."""
    from coder.exchange import codebook_yaml
    from coder.files import refuse_onto, write_atomic
    from coder.pipeline.improve import improve_codebook, keep_comments, record_learned

    refuse_onto(out, project / "coder.db", "the project's database (coder.db)", "projektets database (coder.db)")
    check_suffix(out, (".yaml", ".yml"), "a codebook", "en kodebog")
    if not force:  # before the diff is printed: a refusal after it read as if it had been written
        keep_comments(out)
    learned = improve_codebook(project) if per_theme is None else improve_codebook(project, per_theme)
    new, w = learned.new, wording_for(learned.new.language, locale)
    write_data(learned.diff)
    n = sum(len(v) for v in learned.added.values())
    header = w.t("learned_header", new=new.version, old=learned.old.version, project=project,
                 added=w.plural(n, "learned_examples"))
    write_atomic(out, header + "\n" + codebook_yaml(new))
    record_learned(project, out)  # so that 'coder forget' can name it
    console.print(w.t("written", files=f"{out} (v{new.version}, {w.plural(n, 'learned_examples')})"), highlight=False)
    if n:  # a codebook is shared and reused beyond the survey (walk30: a self-identifying answer became an example)
        err_console.print(w.t("learned_read", out=out), highlight=False, soft_wrap=not err_console.is_terminal)


@app.command("quote")
@user_errors
def quote_command(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory made by 'coder code'."),
    respondent: str = typer.Argument(..., metavar="RESPONDENT",
                                     help="The respondent id of the answer (the id column of assignments.csv)."),
    question: str = typer.Option(..., "--question", "-q", help="Its question (text column)."),
    pin: bool = typer.Option(False, "--pin", help="Always show this answer as a quote of its theme (first)."),
    exclude: bool = typer.Option(False, "--exclude", help="Never show this answer as a quote."),
    clear: bool = typer.Option(False, "--clear", help="Let coder choose again."),
    reviewer: str = typer.Option("", "--by", help="Your name or initials (kept with the choice)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Pin or exclude an answer as a report quote; the choice is kept in the project and every report follows it."""
    from coder.pipeline.quotes import choose_quote
    from coder.report import refresh_exports

    if pin + exclude + clear != 1:
        raise CoderError("choose one of --pin, --exclude or --clear",
                         danish="vælg én af --pin, --exclude eller --clear")
    choice = "pin" if pin else "exclude" if exclude else None
    language, question = choose_quote(project, respondent, question, choice, reviewer)
    refresh_exports(project)
    w = wording_for(language, locale)
    console.print(f"{respondent} · {question}: {w.t('quote_' + (choice or 'cleared'))}", highlight=False)
    from coder.console import print_warnings
    from coder.report import left_behind

    print_warnings(err_console, left_behind(project, discovery=False, quotes_only=True), w)
