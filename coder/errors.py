"""The errors coder raises; the CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations

import errno


class Notice(str):
    """A warning a person should check (not an error): the English text, with its Danish wording in ``danish``.

    It is a ``str``, so it is stored and logged as English (run.json); the terminal shows the reader's language.
    """

    danish: str

    def __new__(cls, english: str, danish: str) -> "Notice":
        notice = super().__new__(cls, english)
        notice.danish = danish
        return notice


class Urgent(Notice):
    """A warning someone must act on (respondents who ask to be contacted): on a terminal it is said again after the
    report, which would otherwise scroll it out of sight."""


class Info(Notice):
    """A choice coder made that a person may want to know, with nothing to check (e.g. which column gave the ids):
    shown as a note, not as a warning."""


class CoderError(Exception):
    """Base class: something the user can fix (bad input, bad codebook, missing model).

    Like a ``Notice``, it holds its message twice: ``str(err)`` is the English (logs, run.json), ``err.danish``
    the Danish; the CLI prints the one its reader reads. Every raise in coder gives both (a test reads them all);
    without ``danish`` the English stands in.
    """

    def __init__(self, english: str, danish: str | None = None) -> None:
        super().__init__(english)
        self.danish = english if danish is None else danish

    def said(self, danish: bool) -> str:
        """The message in the reader's language."""
        return self.danish if danish else str(self)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Pickled with both wordings (errors come back from Dask workers)."""
        return self.__class__, (str(self), self.danish)


class InputError(CoderError):
    """The survey export cannot be read as asked (file, encoding, columns, ids)."""


class CodebookError(CoderError):
    """The codebook file is missing, not YAML, or fails validation. ``problems`` holds every problem validation
    found, each (English, Danish), where there were several ('coder codebook check' lists them)."""

    def __init__(self, english: str, danish: str | None = None,
                 problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(english, danish)
        self.problems = problems


class ModelError(CoderError):
    """No embedding model can be loaded or built."""


class ProjectError(CoderError):
    """A project directory is missing or not a coder project."""


class DamagedProject(ProjectError):
    """The project database is damaged (``coder code --replace`` sets it aside and starts over)."""

    reason: str = ""  # what SQLite said, on one line


class ReviewError(CoderError):
    """A reviewer decision or review filter cannot be applied (unknown comment, theme or filter)."""


class OutputError(CoderError):
    """A file cannot be written (full disk, read-only folder, no permission)."""


_DANISH_REASONS = {
    errno.ENOENT: "findes ikke", errno.EACCES: "ingen adgang", errno.EPERM: "handlingen er ikke tilladt",
    errno.ENOSPC: "der er ikke mere plads på disken", errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EISDIR: "er en mappe", errno.ENOTDIR: "er ikke en mappe", errno.EEXIST: "findes allerede",
    errno.ENAMETOOLONG: "navnet er for langt", errno.EIO: "læse-/skrivefejl", errno.EBUSY: "er i brug",
    errno.EDQUOT: "diskkvoten er brugt op", errno.EMFILE: "for mange åbne filer",
}


def os_reason(err: OSError, danish: bool = False) -> str:
    """Why a file operation failed, for a message: the system's words, or Danish ones for the common cases."""
    english = err.strerror or err.__class__.__name__
    return _DANISH_REASONS.get(err.errno, english) if danish else english  # type: ignore[arg-type]
