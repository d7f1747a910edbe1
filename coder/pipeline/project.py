"""A project folder's identity and safety: what may be written where, and what a new input may change.

A project knows the input and codebook of its current run. ``coder code`` with another input or
codebook is refused unless the user says ``--update`` (a new wave or codebook version: decisions
carry over where their text and themes still exist, the rest are listed as stale) or ``--replace``
(start over). Both back ``coder.db`` up first. ``--out`` must be a new or empty folder, or a
project; a folder holding other files is refused unless ``--force``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coder.codebook import Codebook
from coder.errors import DamagedProject, ProjectError
from coder.store import DB_NAME, Store, backup, set_aside

REFUSE, UPDATE, REPLACE = "refuse", "update", "replace"
_DB_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm")


def check_out_dir(out_dir: Path, force: bool = False) -> bool:
    """Refuse an ``--out`` that is a file, or a folder of other files; True when the project is new."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ProjectError(f"--out {out_dir}: is a file; give a folder for the project (new or empty)")
    if (out_dir / DB_NAME).exists():
        return False
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise ProjectError(f"--out {out_dir}: the folder holds other files and is not a coder project; choose a new "
                           "or empty folder, or pass --force to write the project into it")
    return True


def check_identity(out_dir: Path, input_sha256: str, input_name: str, codebook: Codebook, mode: str) -> str | None:
    """Compare the project's current run with this input and codebook.

    Returns None when nothing changed (or the project is new), else what changed ("input",
    "codebook" or both); raises ProjectError unless ``mode`` says what to do. With ``replace``
    the old database is backed up and removed.
    """
    if not (out_dir / DB_NAME).exists():
        return None
    try:
        store = Store.open_project(out_dir)
    except DamagedProject:
        if mode != REPLACE:
            raise
        set_aside(out_dir / DB_NAME)  # nothing in it can be read: start over, keeping the file in backups/
        return "damaged"
    try:
        if not store.has_run():
            return None
        run = store.current_run()
    finally:
        store.close()
    changed = [what for what, differs in (("input", run.input_sha256 != input_sha256),
                                          ("codebook", run.codebook.fingerprint() != codebook.fingerprint()))
               if differs]
    if not changed:
        return None
    if mode == REFUSE:
        was = (f"input {Path(run.input_path).name}" if "input" in changed else
               f"codebook {run.codebook.name} v{run.codebook.version}")
        now = f"input {input_name}" if "input" in changed else f"codebook {codebook.name} v{codebook.version}"
        if was == now:  # same file name, or same codebook name and version: the content changed
            now += " as it is now (its content changed)"
        raise ProjectError(f"{out_dir}: the project was coded from {was}, not {now}; pass --update to add it "
                           "(decisions carry over where their text and themes remain) or --replace to start over "
                           "(coder.db is backed up first), or choose another --out")
    backup(out_dir / DB_NAME, mode)
    if mode == REPLACE:
        for name in _DB_FILES:
            (out_dir / name).unlink(missing_ok=True)
    return " and ".join(changed)


def remove_new_project(out_dir: Path, existed: bool, written: list[str]) -> None:
    """After a failed first run: remove what it wrote, and the folder if the run made it."""
    for name in (*_DB_FILES, *written):
        (out_dir / name).unlink(missing_ok=True)
    if not existed and out_dir.is_dir():
        shutil.rmtree(out_dir, ignore_errors=True)
