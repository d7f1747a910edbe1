"""What the CLI prints besides reports: run summaries, codebooks, agreement, evaluations, clusters (Rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coder.cluster import Discovery, cluster_name, fit_cell, summary, wording_of
from coder.codebook import Codebook
from coder.evaluate import Evaluation
from coder.pipeline import CodeResult
from coder.report.render.terminal import print_report
from coder.review.agreement import Agreement
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER


def print_result(console: Console, result: CodeResult, quotes: int = 3) -> None:
    if result.guessed_columns:
        console.print(f"Text columns (guessed): {', '.join(result.questions)}; set them with --text-col.")
    if not result.neural:
        console.print("[bold yellow]Coded with the lexical fallback, not a neural model.[/bold yellow]")
    print_report(console, result.report, quotes)
    lab = result.labels
    if lab.total:
        console.print(f"Learned from {lab.gold} hand-coded and {lab.reviewed} reviewed answers plus {lab.examples} "
                      f"codebook examples (blend: prior {lab.weights[0]:.1f}, embeddings {lab.weights[1]:.1f}, "
                      f"characters {lab.weights[2]:.1f}).")
    th = result.thresholds
    if th is not None:
        auto = result.automation.get("all", {})
        if th.calibrated:
            cv = "n/a" if th.cv_precision_overall is None else f"{th.cv_precision_overall:.1%}"
            console.print(f"Target precision {th.target:.0%}: {auto.get('auto', 0)} auto-coded, "
                          f"{auto.get('review', 0)} need review ({auto.get('rate', 0):.0%} automated); "
                          f"cross-validated precision of auto-coded answers {cv}.")
            per = ", ".join(f"{t} {v['rate']:.0%}" for t, v in result.automation.items() if t != "all")
            console.print(f"Automation per theme: {per}")
        else:
            console.print(f"[bold yellow]No labels: precision cannot be guaranteed.[/bold yellow] Answers with "
                          f"confidence below {th.target:.2f} were sent to review ({auto.get('review', 0)} of "
                          f"{auto.get('auto', 0) + auto.get('review', 0)}), but that confidence is not calibrated. "
                          "Add --gold-col or review some answers first.")
    for q, counts in result.counts.items():
        parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in (CODED, NEEDS_REVIEW, NON_ANSWER, EMPTY) if counts.get(s))
        console.print(f"{q}: {result.rows_in} rows in = {sum(counts.values())} out ({parts})")
    console.print(f"Model: {result.model_id}; {result.encoded} texts encoded, the rest from the cache.")
    console.print(f"Project: {result.out_dir} ({', '.join(p.name for p in result.files)}, coder.db)")


def print_codebook(console: Console, codebook: Codebook) -> None:
    console.print(f"[bold]{escape(codebook.name)}[/bold]  version {codebook.version}  language {codebook.language}  "
                  f"({len(codebook.themes)} themes) — OK")
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("id")
    table.add_column("Label")
    table.add_column("Keywords / examples", ratio=1)
    for i, theme in enumerate(codebook.themes, start=1):
        label = escape(theme.label) + (" [dim](catch-all)[/dim]" if theme.catch_all else "")
        detail = ", ".join(theme.keywords[:8]) + (" …" if len(theme.keywords) > 8 else "")
        if theme.examples:
            detail += f"\n{len(theme.examples)} examples, e.g. “{theme.examples[0]}”"
        table.add_row(str(i), theme.id, label, escape(detail))
    console.print(table)


def _stat(x: float, pct: bool = False) -> str:
    return "–" if x != x else (f"{x:.1f}" if pct else f"{x:.2f}")


def print_agreement(console: Console, result: Agreement) -> None:
    """Two tables: each pair on primary theme and theme sets, then each pair per theme (binary)."""
    scope = f" – {escape(result.question)}" if result.question else ""
    table = Table(title=f"[bold]Agreement{scope}[/bold]",
                  caption="κ: Cohen. α: Krippendorff, nominal on the primary theme, MASI distance on theme sets.")
    for name, justify in (("Pair", "left"), ("n", "right"), ("% primary", "right"), ("κ", "right"),
                          ("α", "right"), ("% same set", "right"), ("α MASI", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in result.pairs:
        table.add_row(escape(f"{p.a} – {p.b}"), str(p.n), _stat(p.percent, True), _stat(p.kappa), _stat(p.alpha),
                      _stat(p.same_set, True), _stat(p.alpha_masi))
    console.print(table)
    themes = Table(title="[bold]Per theme[/bold] (present or not)", caption="+a, +b: comments where each coder "
                   "gave the theme (primary or secondary).")
    for name, justify in (("Pair", "left"), ("Theme", "left"), ("n", "right"), ("+a", "right"), ("+b", "right"),
                          ("%", "right"), ("κ", "right"), ("α", "right")):
        themes.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in result.pairs:
        for k, t in enumerate(p.per_theme):
            themes.add_row(escape(f"{p.a} – {p.b}") if k == 0 else "", t.theme, str(t.n), str(t.a_yes), str(t.b_yes),
                           _stat(t.percent, True), _stat(t.kappa), _stat(t.alpha),
                           end_section=k == len(p.per_theme) - 1)
    console.print(themes)
    if len(result.reviewers) > 1:
        console.print(f"All {len(result.reviewers)} reviewers together: n = {result.overall_n} comments coded by "
                      f"two or more; α primary {_stat(result.overall_alpha)}, "
                      f"α MASI {_stat(result.overall_alpha_masi)}")


def print_evaluation(console: Console, ev: Evaluation) -> None:
    """The evaluation as Rich tables: overall scores, per theme, learning curve, automation."""
    summary = Table(title=f"Evaluation on {ev.n} gold-labelled answers")
    summary.add_column("")
    for name in ("acc.", "macro-F1", "κ", "lenient", "ml micro-F1", "ml macro-F1", "share err pp"):
        summary.add_column(name, justify="right")
    runs = [("zero-shot", ev.zero_shot)]
    if ev.cross_validated is not None:
        runs.append((f"{ev.folds}-fold CV", ev.cross_validated))
    for name, s in runs:
        summary.add_row(name, f"{s.accuracy:.3f}", f"{s.macro_f1:.3f}", f"{s.kappa:.3f}", f"{s.lenient_accuracy:.3f}",
                        f"{s.multi_micro_f1:.3f}", f"{s.multi_macro_f1:.3f}", f"{s.share_error:.2f}")
    console.print(summary)
    console.print("zero-shot: codebook only. CV: the learning classifier, each answer coded by a model that never "
                  "saw its label. lenient: predicted primary is any gold theme. ml: multi-label sets.")
    best = ev.cross_validated or ev.zero_shot
    if ev.corrected_share_error is not None:
        console.print(f"Share error after correction for the classifier's own errors: {ev.corrected_share_error:.2f} pp "
                      f"(raw classify-and-count: {best.share_error:.2f} pp).")
    themes = Table(title=f"Per theme ({'cross-validated' if ev.cross_validated else 'zero-shot'})")
    for col in ("theme", "precision", "recall", "F1", "gold n", "share error pp"):
        themes.add_column(col, justify="left" if col == "theme" else "right")
    for t in best.per_theme:
        themes.add_row(t.theme, f"{t.precision:.2f}", f"{t.recall:.2f}", f"{t.f1:.2f}", str(t.support),
                       f"{best.share_errors[t.theme]:.2f}")
    console.print(themes)
    confusion = Table(title="Confusion (rows gold, columns predicted)")
    confusion.add_column("")
    for t in best.labels:
        confusion.add_column(t[:8], justify="right")
    for t, row in zip(best.labels, best.confusion):
        confusion.add_row(t, *[str(int(v)) for v in row])
    console.print(confusion)
    if ev.curve:
        curve = Table(title="Learning curve (mean ± sd over seeds; tested on the comments not trained on)")
        for col in ("k/theme", "n train", "macro-F1", "accuracy", "share err pp", "codebook F1"):
            curve.add_column(col, justify="right")
        for p in ev.curve:
            curve.add_row(str(p.per_class), str(p.n_train), f"{p.macro_f1:.3f} ± {p.macro_f1_sd:.3f}",
                          f"{p.accuracy:.3f} ± {p.accuracy_sd:.3f}", f"{p.share_error:.2f} ± {p.share_error_sd:.2f}",
                          f"{p.zero_shot_macro_f1:.3f}")
        console.print(curve)
    auto = Table(title=f"Automation ({ev.automation_source}): auto-code when confidence ≥ threshold")
    for col in ("threshold", "auto-coded", "precision"):
        auto.add_column(col, justify="right")
    for p in ev.automation[::2]:
        auto.add_row(f"{p.threshold:.2f}", f"{p.coverage:.0%}", "–" if p.n == 0 else f"{p.precision:.3f}")
    console.print(auto)
    if ev.threshold is None:
        console.print(f"No confidence threshold reaches {ev.target_precision:.0%} precision.")
    else:
        console.print(f"Threshold for {ev.target_precision:.0%} precision: {ev.threshold:.3f} → "
                      f"{ev.coverage_at_target:.0%} auto-coded at {ev.precision_at_target:.1%} precision.")


def print_discovery(console: Console, discovery: Discovery, quotes: int = 1) -> None:
    """One table per question: size, share, keywords, nearest theme (or NEW), fit and quotes; then hints.

    Headers and numbers follow the codebook's language (Danish without a codebook).
    """
    w = wording_of(discovery.codebook)
    da = w.danish
    for q in discovery.questions:
        table = Table(title=f"[bold]{escape(q.question)}[/bold] – {'klynger' if da else 'clusters'}",
                      caption=escape(summary(q, w)), show_lines=quotes > 0)
        table.add_column("#", justify="right")
        table.add_column("n", justify="right")
        table.add_column("%", justify="right")
        table.add_column("Nøgleord" if da else "Keywords", ratio=2)
        table.add_column("Nærmeste tema" if da else "Nearest theme")
        table.add_column("Forklaret" if da else "Fit", justify="right")
        if quotes:
            table.add_column("Eksempler" if da else "Examples", ratio=3)
        for c in q.clusters:
            if c.new:
                theme = "[bold magenta]NEW[/bold magenta]" + (f" [dim](≈ {escape(c.theme)})[/dim]" if c.theme else "")
            else:
                theme = escape(c.theme or "")
            cells = [str(c.number), str(c.size), w.num(100 * c.share), escape(cluster_name(c, w)), theme,
                     fit_cell(c, q, w)]
            if quotes:
                cells.append(escape("\n".join(f"“{x}”" for x in c.quotes[:quotes])))
            table.add_row(*cells)
        console.print(table)
        for hint in q.hints:
            console.print(f"[yellow]{'Forslag' if da else 'Hint'}:[/yellow] {escape(hint)}", soft_wrap=True)
