"""The errors coder raises; the CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations


class Notice(str):
    """A warning a person should check (not an error): the English text, with its Danish wording in ``danish``.

    It is a ``str``, so it is stored and logged as English (run.json); the terminal shows the reader's language.
    """

    danish: str

    def __new__(cls, english: str, danish: str) -> "Notice":
        notice = super().__new__(cls, english)
        notice.danish = danish
        return notice


class CoderError(Exception):
    """Base class: something the user can fix (bad input, bad codebook, missing model)."""


class InputError(CoderError):
    """The survey export cannot be read as asked (file, encoding, columns, ids)."""


class CodebookError(CoderError):
    """The codebook file is missing, not YAML, or fails validation."""


class ModelError(CoderError):
    """No embedding model can be loaded or built."""


class ProjectError(CoderError):
    """A project directory is missing or not a coder project."""


class DamagedProject(ProjectError):
    """The project database is damaged (``coder code --replace`` sets it aside and starts over)."""


class ReviewError(CoderError):
    """A reviewer decision or review filter cannot be applied (unknown comment, theme or filter)."""


class OutputError(CoderError):
    """A file cannot be written (full disk, read-only folder, no permission)."""
