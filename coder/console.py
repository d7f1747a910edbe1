"""What the CLI prints besides reports: run summaries, codebooks, agreement, evaluations, clusters (Rich).

Every sentence comes from ``Wording`` (the codebook's language unless ``--locale``), with decimal commas
in Danish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coder.classify import LeftOut
from coder.classify.codebook_checks import codebook_notices
from coder.classify.shares import MIN_AUDIT
from coder.classify.thresholds import needed_for
from coder.codebook import Codebook
from coder.errors import Info, Notice
from coder.evaluate import Evaluation, source_key
from coder.pipeline import CodeResult
from coder.report import ReportOptions, build_report
from coder.report.render.terminal import cell_room, longest_word, print_report
from coder.review.agreement import MIN_COMMON, Agreement
from coder.review.logic import Progress
from coder.store import NOT_ANSWER
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER
from coder.wording import Wording

if TYPE_CHECKING:  # clustering is imported where it is printed: `coder code` without --discover never needs it
    from coder.cluster import Discovery


def print_warnings(console: Console, warnings: tuple[str, ...], w: Wording | None = None) -> None:
    """What the library guessed and a person should check (e.g. lines read as cp1252), one line each, in the
    reader's language where the warning has a Danish wording (``coder.errors.Notice``)."""
    w = w or Wording("en")
    for warning in warnings:
        text = warning.danish if w.danish and isinstance(warning, Notice) else warning
        label = (f"[dim]{escape(w.t('info_label'))}[/dim]" if isinstance(warning, Info)
                 else f"[bold yellow]{escape(w.t('warning_label'))}[/bold yellow]")
        console.print(f"{label} {escape(text)}", highlight=False, soft_wrap=not console.is_terminal)


def print_model_notice(console: Console, model: str | None, w: Wording, building: bool) -> None:
    """Before coding: the e5 model is being built (first use), or the lexical fallback was chosen."""
    if building:
        console.print(w.t("building_e5"))
    if model == "lexical":
        console.print(f"[bold yellow]{escape(w.t('lexical_warning'))}[/bold yellow]")


def _shown(comment_id: str) -> str:
    """A comment as a person names it: respondent · question (not the store's key)."""
    return comment_id.replace("::", " · ", 1)


def _status_parts(counts: dict[str, int], w: Wording) -> str:
    """'373 kodet, 24 ikke-svar, 33 tomme' (one empty answer: '1 tom')."""
    return ", ".join(f"{counts[s]} {w.empties(counts[s]) if s == EMPTY else w.t('status_' + s)}"
                     for s in (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY) if counts.get(s))


def print_result(console: Console, result: CodeResult, quotes: int = 3, locale: str | None = None) -> None:
    """The theme tables, then what the run did, in the codebook's language or ``locale`` (the project's
    files keep the codebook's)."""
    report = result.report
    if locale is not None and locale != report.wording.locale:
        report = build_report(result.out_dir, ReportOptions(locale=locale))
    w = report.wording
    if result.guessed_columns:
        console.print(w.t("guessed_columns", cols=", ".join(result.questions)))
    if not result.neural:
        console.print(f"[bold yellow]{escape(w.t('lexical_used'))}[/bold yellow]")
    print_report(console, report, quotes)
    if result.changed in ("damaged", "restart"):
        console.print(w.t(f"changed_{result.changed}"))
    elif result.changed:
        what = w.t("and").join(w.t(f"changed_{c}") for c in result.changed.split(" and "))
        console.print(w.t("changed", what=what))
    if result.stale:
        shown = ", ".join(f"{_shown(d.comment_id)} ({'|'.join(_theme_word(t, w) for t in d.themes_after)}, "
                          f"{d.reviewer})"
                          for d in result.stale[:5])
        more = w.t("and_more", n=len(result.stale) - 5) if len(result.stale) > 5 else ""
        console.print(f"[bold yellow]{escape(w.plural(len(result.stale), 'stale_head'))}[/bold yellow]"
                      + escape(w.t("stale_tail", shown=shown, more=more)))
    lab = result.labels
    if lab.adapted:
        console.print(w.t("adapted", n=lab.adapted))
    if lab.total:
        console.print(w.t("learned", gold=lab.gold, reviewed=lab.reviewed, examples=lab.examples,
                          p=w.num(lab.weights[0]), e=w.num(lab.weights[1]), c=w.num(lab.weights[2])))
    th = result.thresholds
    if th is not None:
        auto = result.automation.get("all", {})
        if th.threshold is None:
            head, tail = target_none(th.target, th.audited, auto.get("review", 0), w)
            console.print(f"[bold yellow]{escape(head)}[/bold yellow]" + escape(tail))
        else:
            console.print(w.t("target", target=w.pct(100 * th.target, 0), auto=auto.get("auto", 0),
                              th=w.num(th.threshold, 2), review=auto.get("review", 0), above=th.above,
                              right=th.right, bound=w.pct(100 * th.bound)))
    for q, counts in result.counts.items():
        console.print(w.t("counts", q=q, rows=result.rows_in, out=sum(counts.values()), parts=_status_parts(counts, w)))
    console.print(w.plural(result.encoded, "model_line", model=result.model_id))
    if result.resumed is not None:
        r = result.resumed
        console.print(w.t("resumed", run=r.run_id, read=r.read, chunks=r.chunks, written=r.written))
    if result.chunks > 1 or result.cluster != "local":
        console.print(w.t("chunks_line", chunks=result.chunks, rows=result.rows_per_chunk,
                          where=w.t("this_machine") if result.cluster == "local" else result.cluster))
    console.print(w.t("project_line", dir=result.out_dir, files=", ".join(p.name for p in result.files)))


def print_review_summary(console: Console, reviewer: str, mode: str, written: int, done: Progress,
                         w: Wording, filtered: bool = False, undone: int = 0) -> None:
    """After ``coder review``: decisions written (``undone`` of them taken back) and how far the queue (audit sample,
    disputes) is; ``filtered``: the queue was a filter's ("37 af 37 færdige" after filtering read as all done)."""
    plain = "progress_review_filtered" if filtered else "progress_review"
    key = {"audit": "progress_audit", "adjudicate": "progress_adjudicate"}.get(mode, plain)
    said = "review_summary_undone" if undone else "review_summary"
    console.print(w.plural(written, said, reviewer=reviewer, u=undone, progress=w.t(key, done=done.done,
                                                                                   total=done.total)), highlight=False)


def whole_numbers(table: Table, width: int) -> Table:
    """On a screen too narrow for the table, no number, interval or header word is cut ("(15,4–61,…", "macro-…"):
    every column gets at least its longest word, then (the right-aligned ones first) whole header words, then the
    text columns and then the others their lines whole as far as there is room, and the text columns wrap.
    Where even the header words do not fit, they are folded and the numbers kept whole; a table that does not
    fit even so is left to Rich."""
    columns = table.columns
    texts = [[str(c.header), *(str(x) for x in c.cells)] for c in columns]
    natural = [max((cell_len(line) for t in col for line in t.splitlines() or [""]), default=0) for col in texts]
    words = [longest_word(col) for col in texts]
    room = cell_room(width, len(columns))
    if sum(natural) <= room:
        return table
    least = words
    if sum(least) > room:  # no room for whole header words: the numbers whole at least, headers folded
        least = [longest_word(col[1:]) for col in texts]
        if sum(least) > room:
            return table
        for column in columns:
            column.overflow = "fold"
    widths, spare = least[:], room - sum(least)
    right = [j for j, c in enumerate(columns) if c.justify == "right"]
    left = [j for j, c in enumerate(columns) if c.justify != "right"]
    for target, order in ((words, right + left), (natural, left + right)):  # whole words, then the labels' lines
        for j in order:
            grow = min(spare, target[j] - widths[j])
            if grow > 0:
                widths[j] += grow
                spare -= grow
    for column, w in zip(columns, widths):
        column.width = w
    return table


def print_codebook(console: Console, codebook: Codebook, w: Wording) -> None:
    head = w.plural(len(codebook.themes), "cb_head", version=codebook.version, language=codebook.language)
    console.print(f"[bold]{escape(codebook.name)}[/bold]  {escape(head)}")
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("id")
    table.add_column(w.t("cb_label"))
    table.add_column(w.t("cb_detail"), ratio=1)
    for i, theme in enumerate(codebook.themes, start=1):
        label = escape(theme.label) + (f" [dim]{escape(w.t('cb_catch_all').strip())}[/dim]" if theme.catch_all else "")
        detail = ", ".join(theme.keywords[:8]) + (" …" if len(theme.keywords) > 8 else "")
        if theme.examples:
            detail += "\n" + w.plural(len(theme.examples), "cb_examples_eg", first=theme.examples[0])
        table.add_row(str(i), theme.id, label, escape(detail))
    console.print(table)
    for note in codebook_notices(codebook):
        text = w.t("cb_note", note=note.danish if w.danish else note)
        console.print(f"[yellow]{escape(text)}[/yellow]", highlight=False)


def target_none(target: float, audited: int, review: int, w: Wording) -> tuple[str, str]:
    """Why no answer could be auto-coded at ``target`` precision: too few audited answers (draw an audit sample),
    or enough of them that were not right often enough at any confidence (the advice to audit led nowhere)."""
    need = needed_for(target)
    key = "target_none_tail" if audited < max(need, MIN_AUDIT) else "target_none_enough"
    return (w.t("target_none_head", target=w.pct(100 * target, 0)),
            w.t(key, audited=audited, need=need, review=review, min=MIN_AUDIT))


def _with_ci(x: float, ci: tuple[float, float], w: Wording, digits: int = 2) -> str:
    if x != x:
        return "–"
    inside = f" ({w.stat(ci[0], digits)}–{w.stat(ci[1], digits)})" if ci[0] == ci[0] else ""
    return w.stat(x, digits) + inside


def print_agreement(console: Console, result: Agreement, w: Wording) -> None:
    """What it was measured on; each pair with intervals; each theme with its disagreements; the primary-theme
    disagreements with their comments."""
    scope = f" – {result.question}" if result.question else ""
    console.print(f"[bold]{escape(w.t('agr_title', scope=scope))}[/bold]")
    console.print(w.plural(result.reviewed, f"agr_on_{result.scope}", audited=result.audited))
    if result.scope != "audit" and result.audited < result.reviewed:
        console.print(f"[yellow]{escape(w.t('agr_model_warning'))}[/yellow]")
    if result.learned:
        console.print(f"[yellow]{escape(w.t('agr_learned', n=result.learned))}[/yellow]")
    table = Table(caption=w.t("agr_caption", resamples=result.resamples, seed=result.seed, min=MIN_COMMON))
    for name, justify in ((w.t("agr_pair"), "left"), ("n", "right"), (w.t("agr_primary"), "right"),
                          ("κ", "right"), ("α", "right"), (w.t("agr_same_set"), "right"), ("α MASI", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in result.pairs:
        table.add_row(escape(f"{p.a} – {p.b}"), str(p.n), _with_ci(p.percent, p.percent_ci, w, 1),
                      _with_ci(p.kappa, p.kappa_ci, w), _with_ci(p.alpha, p.alpha_ci, w), w.stat(p.same_set, 1),
                      w.stat(p.alpha_masi))
    console.print(whole_numbers(table, console.width))
    themes = Table(title=f"[bold]{escape(w.t('agr_per_theme'))}[/bold]", caption=w.t("agr_per_theme_caption"))
    for name, justify in ((w.t("agr_pair"), "left"), (w.t("theme"), "left"), ("n", "right"), ("+a", "right"),
                          ("+b", "right"), (w.t("agr_only_a"), "right"), (w.t("agr_only_b"), "right"),
                          ("%", "right"), ("κ", "right"), ("α", "right")):
        themes.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in result.pairs:
        for k, t in enumerate(p.per_theme):
            themes.add_row(escape(f"{p.a} – {p.b}") if k == 0 else "", _theme_word(t.theme, w), str(t.n),
                           str(t.a_yes), str(t.b_yes),
                           str(t.a_only), str(t.b_only), w.stat(t.percent, 1), w.stat(t.kappa), w.stat(t.alpha),
                           end_section=k == len(p.per_theme) - 1)
    console.print(whole_numbers(themes, console.width))
    found = [(p, d) for p in result.pairs for d in p.disagreements]
    if found:
        table = Table(title=f"[bold]{escape(w.t('agr_disagreements'))}[/bold]")
        for name, justify in ((w.t("agr_pair"), "left"), (w.t("agr_a_said"), "left"), (w.t("agr_b_said"), "left"),
                              ("n", "right"), (w.t("comments"), "left")):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for p, d in found:
            shown = ", ".join(_shown(c) for c in d.comments[:5]) + (" …" if len(d.comments) > 5 else "")
            table.add_row(escape(f"{p.a} – {p.b}"), _theme_word(d.a_theme, w), _theme_word(d.b_theme, w), str(d.n),
                          escape(shown))
        console.print(whole_numbers(table, console.width))
    else:
        console.print(w.t("agr_no_disagreements"))
    if len(result.reviewers) > 1:
        console.print(w.plural(result.overall_n, "agr_overall", r=len(result.reviewers),
                               a=w.stat(result.overall_alpha), b=w.stat(result.overall_alpha_masi)))


def _theme_word(theme: str, w: Wording) -> str:
    """A theme id as a table shows it; a reviewer's ikke-svar in words, not its stored marker."""
    return w.t("status_non_answer") if theme == NOT_ANSWER else theme


def left_out_line(left: LeftOut, w: Wording, examples: int = 3) -> str:
    """How many gold-coded answers the evaluation leaves out as non-answers or empty, with a few of the former:
    'Yderligere 6 guldkodede svar er udeladt som ikke-svar ('Intet.', 'Ingenting', 'Ingen', …): …'."""
    distinct = left.distinct_non_answers
    quoted = ", ".join(f"'{t}'" for t in distinct[:examples]) + (", …" if len(distinct) > examples else "")
    if not left.empty:
        kinds = f"{w.plural(len(left.non_answers), 'ev_left_non_answers')} ({quoted})"
    elif not left.non_answers:
        kinds = w.plural(left.empty, "ev_left_empty")
    else:  # both: plural words with their counts
        kinds = (f"{w.t('ev_left_non_answers')} ({len(left.non_answers)}: {quoted}){w.t('and')}"
                 f"{w.t('ev_left_empty')} ({left.empty})")
    return w.plural(left.n, "ev_left_out", kinds=kinds)


def _grid(title: str, columns: Sequence[str], rows: Sequence[str], cells: Sequence[Sequence[str]]) -> Table:
    """A table of numbers: a row label, then a right-aligned column per name in ``columns``."""
    table = Table(title=title)
    table.add_column("")
    for name in columns:
        table.add_column(name, justify="right")
    for name, row in zip(rows, cells):
        table.add_row(name, *row)
    return table


def print_evaluation(console: Console, ev: Evaluation, w: Wording) -> None:
    """The evaluation as Rich tables: overall scores, per theme, learning curve, automation."""
    metrics = [w.t(key) if key.startswith("ev_") else key
               for key in ("ev_acc", "ev_macro", "κ", "ev_lenient", "ev_ml_micro", "ev_ml_macro", "ev_share_err")]
    runs = [(w.t("ev_zero_shot"), ev.zero_shot)]
    if ev.adapted is not None:
        runs.append((w.t("ev_adapted"), ev.adapted))
    if ev.cross_validated is not None:
        runs.append((w.t("ev_cv", k=ev.folds), ev.cross_validated))
    cells = [[*(w.num(x, 3) for x in (s.accuracy, s.macro_f1, s.kappa, s.lenient_accuracy, s.multi_micro_f1,
                                       s.multi_macro_f1)), w.num(s.share_error, 2)] for _, s in runs]
    names = [name for name, _ in runs]
    summary = _grid(w.t("ev_title", n=ev.n), metrics, names, cells)
    wide = console.measure(summary, options=console.options.update(width=10_000)).maximum
    if wide > console.width:  # too narrow for a column per measure (headers would fold mid-word): a row each
        summary = _grid(w.t("ev_title", n=ev.n), names, metrics, [list(column) for column in zip(*cells)])
    console.print(whole_numbers(summary, console.width))
    if ev.left_out.n:
        console.print(escape(left_out_line(ev.left_out, w)), highlight=False)
    console.print(w.t("ev_explain"))
    best = ev.cross_validated or ev.zero_shot
    if ev.corrected_share_error is not None:
        console.print(w.t("ev_corrected", x=w.num(ev.corrected_share_error, 2), y=w.num(best.share_error, 2)))
    if ev.calibration_error is not None:
        source = w.t(source_key(ev))
        console.print(w.t("ev_calibration", ece=w.num(ev.calibration_error, 3), source=source,
                          zs=w.stat(ev.zero_shot_calibration_error, 3)))
    which = w.t("ev_cross_validated" if ev.cross_validated else "ev_zero_shot")
    themes = Table(title=w.t("ev_per_theme", which=which))
    for col in (w.t("theme"), w.t("ev_precision"), w.t("ev_recall"), "F1", w.t("ev_gold_n"), w.t("ev_share_err")):
        themes.add_column(col, justify="left" if col == w.t("theme") else "right")
    for t in best.per_theme:
        themes.add_row(t.theme, w.num(t.precision, 2), w.num(t.recall, 2), w.num(t.f1, 2), str(t.support),
                       w.num(best.share_errors[t.theme], 2))
    console.print(whole_numbers(themes, console.width))
    confusion = Table(title=w.t("ev_confusion"))
    confusion.add_column("")
    for t in best.labels:
        confusion.add_column(t[:8], justify="right")
    for t, row in zip(best.labels, best.confusion):
        confusion.add_row(t, *[str(int(v)) for v in row])
    console.print(whole_numbers(confusion, console.width))
    if ev.curve:
        curve = Table(title=w.t("ev_curve"))
        for col in ("ev_k_theme", "ev_n_train", "ev_macro", "ev_accuracy", "ev_share_err", "ev_codebook_f1"):
            curve.add_column(w.t(col) if col.startswith("ev_") else col, justify="right")
        for p in ev.curve:
            curve.add_row(str(p.per_class), str(p.n_train), f"{w.num(p.macro_f1, 3)} ± {w.num(p.macro_f1_sd, 3)}",
                          f"{w.num(p.accuracy, 3)} ± {w.num(p.accuracy_sd, 3)}",
                          f"{w.num(p.share_error, 2)} ± {w.num(p.share_error_sd, 2)}", w.num(p.zero_shot_macro_f1, 3))
        console.print(whole_numbers(curve, console.width))
    source = w.t(source_key(ev))
    auto = Table(title=w.t("ev_automation", source=source))
    for col in ("ev_threshold", "ev_auto_coded", "ev_precision"):
        auto.add_column(w.t(col), justify="right")
    for p in ev.automation[::2]:
        auto.add_row(w.num(p.threshold, 2), w.pct(100 * p.coverage, 0), "–" if p.n == 0 else w.num(p.precision, 3))
    console.print(whole_numbers(auto, console.width))
    target = w.pct(100 * ev.target_precision, 0)
    if ev.threshold is None:
        console.print(w.t("ev_no_threshold", p=target))
    else:
        console.print(w.t("ev_threshold_line", p=target, t=w.num(ev.threshold, 3),
                          cov=w.pct(100 * ev.coverage_at_target, 0), prec=w.pct(100 * ev.precision_at_target)))


def print_discovery(console: Console, discovery: Discovery, quotes: int = 1) -> None:
    """One table per question: size, share, keywords, nearest theme (or NEW), fit and quotes; then hints.

    Headers and numbers follow the codebook's language (Danish without a codebook).
    """
    from coder.cluster import cluster_name, fit_cell, named_note, summary
    from coder.cluster.phrases import say

    w = discovery.wording
    da = w.danish
    judged = discovery.codebook is not None  # without a codebook every cluster is NEW and none has a fit
    beside = quotes > 0 and console.width >= 100  # narrower, quotes go under the table: keywords stay whole (walk24)
    for q in discovery.questions:
        table = Table(title=f"[bold]{escape(q.question)}[/bold] – {'klynger' if da else 'clusters'}",
                      caption=escape(summary(q, w)), show_lines=quotes > 0)
        table.add_column("#", justify="right")
        table.add_column("n", justify="right")
        table.add_column("%", justify="right")
        table.add_column("Nøgleord" if da else "Keywords", ratio=2, overflow="fold")
        if judged:
            table.add_column("Nærmeste tema" if da else "Nearest theme", overflow="fold")
            table.add_column("Forklaret" if da else "Fit", justify="right")
        if beside:
            table.add_column("Eksempler" if da else "Examples", ratio=3)
        for c in q.clusters:
            if c.new:
                theme = (f"[bold magenta]{'NY' if da else 'NEW'}[/bold magenta]"
                         + (f" [dim](≈ {escape(c.theme)})[/dim]" if c.theme else "")
                         + (f" [dim]({escape(named_note(c, w))})[/dim]" if c.named else ""))
            else:
                theme = escape(c.theme or "")
            cells = [str(c.number), str(c.size), w.num(100 * c.share), escape(cluster_name(c, w))]
            cells += [theme, fit_cell(c, q, w)] if judged else []
            if beside:
                cells.append(escape("\n".join(f"“{x}”" for x in c.quotes[:quotes])))
            table.add_row(*cells)
        console.print(table)
        for number, x in ((c.number, x) for c in q.clusters for x in c.quotes[:quotes] if not beside):
            console.print(f"  [dim]{number}:[/dim] “{escape(x)}”", highlight=False)
        for hint in q.hints:
            console.print(f"[yellow]{'Forslag' if da else 'Hint'}:[/yellow] {escape(hint)}",
                          soft_wrap=not console.is_terminal)  # a terminal wraps between words, a file keeps one line
    console.print(f"[dim]{escape(say(w, 'fit_note' if judged else 'no_codebook'))}[/dim]")
