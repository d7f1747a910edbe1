"""``coder quote``: a report writer's pinned and excluded quotes, kept in the project."""

from __future__ import annotations

from pathlib import Path

from coder.errors import ProjectError
from coder.report.quotes import private
from coder.store import Store, comment_id
from coder.store.labels import is_not_answer
from coder.text import CODED, EMPTY, NON_ANSWER, shorten, status_of


def choose_quote(project: Path, respondent: str, question: str, choice: str | None, by: str = "") -> tuple[str, str]:
    """Pin (``pin``), exclude (``exclude``) or clear (None) one answer as a quote.

    Returns:
        The language of the project's codebook (what its reader reads), and the question as the project names it
        ('forb' typed for 'forbedringer').
    """
    store = Store.open_project(project)
    try:
        run = store.current_run()
        question = run.question(question)
        cid = comment_id(respondent, question)
        found = store.comments([cid])
        if not found:
            raise ProjectError(f"{respondent}: no such respondent for '{question}'; use the id column of "
                               "assignments.csv",
                               danish=f"{respondent}: respondenten findes ikke for '{question}'; brug id-kolonnen i "
                                      "assignments.csv")
        status = status_of(found[0].text)
        state = store.label_states(run, cid).get(cid) if choice == "pin" else None
        if state is not None and is_not_answer(state.themes):  # a reviewer said it is no answer: no report quotes it
            status = NON_ANSWER
        if choice == "pin" and status != CODED:
            said, said_da = ("empty", "tomt") if status == EMPTY else (
                f"a non-answer ('{shorten(found[0].text, 40)}')", f"et ikke-svar ('{shorten(found[0].text, 40)}')")
            raise ProjectError(f"{respondent} · {question}: the answer is {said}, which no report quotes; pin an "
                               "answer with content",
                               danish=f"{respondent} · {question}: svaret er {said_da}, og det citerer ingen "
                                      "rapport; fastgør et svar med indhold")
        if choice == "pin" and private(found[0].text):
            raise ProjectError(f"{respondent} · {question}: the answer holds personal data or asks to be contacted, "
                               "which no report quotes (redacted, its context can still identify someone); pin "
                               "another answer",
                               danish=f"{respondent} · {question}: svaret indeholder personoplysninger eller beder om "
                                      "at blive kontaktet, og det citerer ingen rapport (selv skjult kan "
                                      "sammenhængen pege på en person); fastgør et andet svar")
        store.set_quote_choice(cid, choice, by)
        return run.codebook.language, question
    finally:
        store.close()
