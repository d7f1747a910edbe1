"""``coder forget``: erase respondents who withdraw consent (the work is ``coder.pipeline.forget``)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from coder.cli.app import LOCALE_HELP, app, console, err_console, user_errors
from coder.wording import Wording


@app.command()
@user_errors
def forget(
    project: Path = typer.Argument(..., metavar="DIR", help="Project directory."),
    respondents: list[str] = typer.Argument(..., metavar="RESPONDENT",
                                            help="Id of each respondent to erase, as the input has it."),
    yes: bool = typer.Option(False, "--yes", help="Erase (without it: only say what would be erased)."),
    locale: Optional[str] = typer.Option(None, "--locale", help=LOCALE_HELP),
) -> None:
    """Erase respondents (a withdrawn consent) from the project, its backups and the embedding cache."""
    from coder.pipeline.forget import forget as forget_them

    if locale is not None:
        Wording(locale)  # an unknown locale is refused before anything is erased
    done = forget_them(project, respondents, apply=yes)
    w = Wording(locale or done.locale)
    found = done.found
    backups = w.plural(done.backups, "forget_backups") if done.backups else ""
    counts = {"who": ", ".join(done.respondents), "answers": w.plural(found.answers, "forget_answers"),
              "decisions": w.plural(found.decisions, "forget_decisions"),
              "draws": w.plural(found.audit_draws, "forget_draws"), "backups": backups}
    said = []
    if done.files:
        said.append(w.t("forget_files", project=project, files=", ".join(done.files)))
    if done.codebooks:
        said.append(w.t("forget_codebooks", names=", ".join(done.codebooks), project=project))
    if done.learned:
        said.append(w.t("forget_learned", files=", ".join(done.learned)))
    if not done.done:  # what would be left holding them, said before anything is erased (walk40)
        console.print(w.t("forget_would", **counts), highlight=False, soft_wrap=not console.is_terminal)
        for line in said:
            err_console.print(line, highlight=False, soft_wrap=not err_console.is_terminal)
        return
    spills = w.t("forget_spills") if done.spills else ""
    console.print(w.t("forget_done", vectors=w.plural(done.vectors, "forget_vectors"), spills=spills, **counts),
                  highlight=False, soft_wrap=not console.is_terminal)
    if found.audit_draws:
        said.append(w.t("forget_audit", draws=found.audit_draws, project=project))
    said.append(w.t("forget_recode", project=project))
    said.append(w.t("forget_inputs", inputs=", ".join(done.inputs)))
    said.append(w.t("forget_elsewhere", project=project))
    for line in said:
        err_console.print(line, highlight=False, soft_wrap=not err_console.is_terminal)
