"""Copies of ``coder.db`` made with SQLite's backup API before anything risky, and the damaged-file message."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from coder.errors import DamagedProject, OutputError, ProjectError

BACKUPS = "backups"
KEEP = 3


def _stamped(db_path: Path) -> tuple[Path, str]:
    """The project's backups folder (made if need be) and a UTC time stamp for a file in it."""
    folder = db_path.parent / BACKUPS
    folder.mkdir(exist_ok=True)
    return folder, datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def backup(db_path: Path, reason: str) -> Path:
    """Copy the database (consistently, even while others use it) to ``DIR/backups/``; keep the last three.

    A copy that cannot be made (a full disk, a folder that cannot be written) is removed and said in one line:
    a half-written file would count as one of the three and be offered to restore."""
    try:
        folder, stamp = _stamped(db_path)
        target = folder / f"coder-{stamp}-{reason}.db"
        source = sqlite3.connect(db_path)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as err:
        if "target" in locals():
            target.unlink(missing_ok=True)
        folder = db_path.parent / BACKUPS
        raise OutputError(f"{folder}: cannot copy the project database there before changing it ({err}); free some "
                          "space or make the folder writable, and run the command again (nothing was changed)",
                          danish=f"{folder}: kan ikke kopiere projektdatabasen dertil, før den ændres ({err}); frigør "
                                 "plads, eller gør mappen skrivbar, og kør kommandoen igen (intet er ændret)") from None
    for old in backups(db_path.parent)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


def set_aside(db_path: Path) -> Path:
    """Move a damaged database (and its journal files) to ``DIR/backups/damaged-<time>.db``; return where.

    Named apart from the backups, so a damaged file is never offered as one to restore.
    """
    folder, stamp = _stamped(db_path)
    target = folder / f"damaged-{stamp}.db"
    db_path.replace(target)
    for suffix in ("-wal", "-shm"):
        journal = db_path.with_name(db_path.name + suffix)
        if journal.exists():
            journal.replace(folder / f"damaged-{stamp}.db{suffix}")
    return target


def backups(project: Path) -> list[Path]:
    """The project's backups, oldest first: only whole SQLite files (an empty or cut-off copy is none)."""
    return sorted(p for p in (project / BACKUPS).glob("coder-*.db") if _whole_file(p))


def backups_before(project: Path, iso_time: str) -> list[Path]:
    """The project's backups made no later than ``iso_time`` (an ISO time in UTC, as runs are stamped), oldest
    first: a backup made since holds whatever happened after it."""
    limit = datetime.fromisoformat(iso_time).strftime("%Y%m%dT%H%M%S")
    return [b for b in backups(project) if b.name.removeprefix("coder-")[:15] <= limit]


def _whole_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00" and path.stat().st_size >= 512
    except OSError:
        return False


def is_damage(err: sqlite3.DatabaseError) -> bool:
    """True for errors that mean the file itself is broken (not a database, malformed, truncated)."""
    text = str(err).casefold()
    return type(err) is sqlite3.DatabaseError or any(
        s in text for s in ("malformed", "not a database", "disk i/o error", "file is encrypted"))


def not_a_database(path: Path, what: str) -> ProjectError:
    """A project's coder.db that is a ``folder``, or another program's SQLite file (``foreign``): never written into."""
    if what == "folder":
        return ProjectError(f"{path}: is a folder, not a project database; remove it or choose another --out",
                            danish=f"{path}: er en mappe, ikke en projektdatabase; fjern den, eller vælg en anden "
                                   "--out")
    return ProjectError(f"{path}: a SQLite database, but not a coder project's; give the folder 'coder code' wrote",
                        danish=f"{path}: en SQLite-database, men ikke et coder-projekts; angiv den mappe, 'coder code' "
                               "skrev")


def restore_command(backup_path: Path, db_path: Path) -> str:
    """The shell line that puts a backup back: the journal files of the database it replaces go with it (a journal
    left from a killed process would be replayed onto the backup)."""
    return f"cp '{backup_path}' '{db_path}' && rm -f '{db_path}-wal' '{db_path}-shm'"


def damaged(db_path: Path, err: object) -> DamagedProject:
    """The error to raise: the file is damaged, and how to get the project back."""
    found = backups(db_path.parent)
    if found:
        fix = f"restore the last backup with: {restore_command(found[-1], db_path)}"
        fix_da = f"gendan den seneste sikkerhedskopi med: {restore_command(found[-1], db_path)}"
    else:
        fix = "no backup exists; run 'coder code … --replace' to start the project again"
        fix_da = "der findes ingen sikkerhedskopi; kør 'coder code … --replace' for at starte projektet forfra"
    reason = " ".join(str(err).split())[:200]  # an integrity report can run to pages, with line breaks
    found_error = DamagedProject(f"{db_path}: the project database is damaged ({reason}); {fix}",
                                 danish=f"{db_path}: projektdatabasen er beskadiget ({reason}); {fix_da}")
    found_error.reason = reason
    return found_error
