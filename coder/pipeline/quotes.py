"""``coder quote``: a report writer's pinned and excluded quotes, kept in the project."""

from __future__ import annotations

from pathlib import Path

from coder.errors import ProjectError
from coder.store import Store, comment_id


def choose_quote(project: Path, respondent: str, question: str, choice: str | None, by: str = "") -> str:
    """Pin (``pin``), exclude (``exclude``) or clear (None) one answer as a quote.

    Returns:
        The language of the project's codebook (what its reader reads).
    """
    store = Store.open_project(project)
    try:
        run = store.current_run()
        if question not in run.questions:
            raise ProjectError(f"--question {question}: no such question; the project has {', '.join(run.questions)}")
        cid = comment_id(respondent, question)
        if not store.comments([cid]):
            raise ProjectError(f"{respondent}: no such respondent for '{question}'; use the id column of "
                               "assignments.csv")
        store.set_quote_choice(cid, choice, by)
        return run.codebook.language
    finally:
        store.close()
