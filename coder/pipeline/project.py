"""A project folder's identity and safety: what may be written where, and what a new input may change.

A project knows the input and codebook of its current run. ``coder code`` with another input or
codebook is refused unless the user says ``--update`` (a new wave or codebook version: decisions
carry over where their text and themes still exist, the rest are listed as stale) or ``--replace``
(start over). Both back ``coder.db`` up first. ``--out`` must be a new or empty folder, or a
project; a folder holding other files is refused unless ``--force``.
"""

from __future__ import annotations

import fcntl
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from coder.codebook import Codebook, label_key
from coder.errors import DamagedProject, Notice, ProjectError
from coder.store import DB_NAME, Store, backup, set_aside
from coder.wording import shell_word

REFUSE, UPDATE, REPLACE = "refuse", "update", "replace"
_DB_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm")


LOCK = ".coder-run.lock"


@contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """Hold the project's run lock while ``coder code`` writes it: a second ``coder code`` on the same folder is
    refused in one line (two at once took each other's working files away, and the second said it picked up an
    interrupted run that was still running). The operating system lets go of it when the process ends. Folders
    it had to make are removed again when the run left nothing in them (a run that failed at once)."""
    made = [p for p in (out_dir, *out_dir.parents) if not p.exists()]  # deepest first
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise ProjectError(f"{out_dir}: another 'coder code' is writing this project; wait for it to finish, then run "
                           "the command again",
                           danish=f"{out_dir}: en anden 'coder code' skriver i dette projekt; vent, til den er færdig, "
                                  "og kør så kommandoen igen") from None
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
        for folder in made:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break


def check_out_dir(out_dir: Path, force: bool = False) -> bool:
    """Refuse an ``--out`` that is a file, or a folder of other files; True when the project is new."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ProjectError(f"--out {out_dir}: is a file; give a folder for the project (new or empty)",
                           danish=f"--out {out_dir}: er en fil; angiv en mappe til projektet (ny eller tom)")
    if (out_dir / DB_NAME).exists():
        return False
    if out_dir.is_dir() and any(p.name != LOCK for p in out_dir.iterdir()) and not force:
        raise ProjectError(f"--out {out_dir}: the folder holds other files and is not a coder project; choose a new "
                           "or empty folder, or pass --force to write the project into it",
                           danish=f"--out {out_dir}: mappen indeholder andre filer og er ikke et coder-projekt; vælg "
                                  "en ny eller tom mappe, eller angiv --force for at skrive projektet i den")
    return True


def had_row_numbers(out_dir: Path) -> bool:
    """The project's current run numbered its respondents by row (no id column): its decisions are kept by those
    ids, so later runs keep them too rather than take ids from a column named like ids."""
    if not (out_dir / DB_NAME).exists():
        return False
    try:
        store = Store.open_project(out_dir, run=True)
    except (DamagedProject, ProjectError):
        return False  # check_identity says what is wrong with it
    try:
        return store.has_run() and store.current_run().settings.id_column is None
    finally:
        store.close()


def check_identity(out_dir: Path, input_sha256: str, input_name: str, codebook: Codebook, mode: str,
                   questions: Sequence[str] = ()) -> str | None:
    """Compare the project's current run with this input and codebook.

    Returns None when nothing changed (or the project is new), else what changed ("input",
    "codebook" or both; "restart" for --replace with neither changed, which starts over all the same); raises
    ProjectError unless ``mode`` says what to do. With ``replace``
    the old database is backed up and removed. A run that leaves out a question the last one coded (``questions``)
    is refused too unless ``mode`` says what to do: its reviewers' decisions would no longer apply, without a word.
    """
    if not (out_dir / DB_NAME).exists():
        return None
    try:
        store = Store.open_project(out_dir, run=True)
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
    dropped = [q for q in run.questions if questions and q not in questions]
    if dropped and mode == REFUSE:
        names, flags = ", ".join(f"'{q}'" for q in dropped), " ".join(f"-t {shell_word(q)}" for q in dropped)
        raise ProjectError(f"{out_dir}: the project's last run also coded {names}, and this run leaves it out; give "
                           f"{flags} as well to keep it, or --update to leave it out (its reviewers' decisions then "
                           "no longer apply; they come back when it is coded again)",
                           danish=f"{out_dir}: projektets forrige kørsel kodede også {names}, og denne kørsel udelader "
                                  f"det; angiv også {flags} for at beholde det, eller --update for at udelade det "
                                  "(reviewernes beslutninger gælder så ikke længere; de kommer tilbage, når det kodes "
                                  "igen)")
    if not changed and mode != REPLACE:
        return None
    if mode == REFUSE:
        if "input" in changed:
            was, now = Path(run.input_path).name, input_name
            kind = ("input", "inputtet")
        else:
            was, now = f"{run.codebook.name} v{run.codebook.version}", f"{codebook.name} v{codebook.version}"
            kind = ("codebook", "kodebogen")
        same = was == now  # same file name, or same codebook name and version: the content changed
        bump, bump_da = (("; give it a new version number, so that reports tell the two apart",
                          "; giv den et nyt versionsnummer, så rapporterne kan skelne de to") if "input" not in changed
                         else ("", ""))  # the same codebook version with other content (walk36)
        now_en = f"{kind[0]} {now}" + (f" as it is now (its content changed{bump})" if same else "")
        now_da = f"{kind[1]} {now}" + (f" i sin nuværende form (indholdet er ændret{bump_da})" if same else "")
        raise ProjectError(f"{out_dir}: the project was coded from {kind[0]} {was}, not {now_en}; pass --update to "
                           "add it (decisions carry over where their text and themes remain) or --replace to start "
                           "over (coder.db is backed up first), or choose another --out",
                           danish=f"{out_dir}: projektet blev kodet ud fra {kind[1]} {was}, ikke {now_da}; angiv "
                                  "--update for at tilføje det (beslutninger følger med, hvor deres tekst og temaer "
                                  "stadig findes) eller --replace for at starte forfra (coder.db sikkerhedskopieres "
                                  "først), eller vælg en anden --out")
    backup(out_dir / DB_NAME, mode)
    if mode == REPLACE:
        for name in _DB_FILES:
            (out_dir / name).unlink(missing_ok=True)
    return " and ".join(changed) or "restart"  # restart: --replace with the same input and codebook starts over too


@contextmanager
def _before(out_dir: Path) -> Iterator[Store | None]:
    """The project's store as this run finds it, closed after; None where there is none, or it cannot be read."""
    try:
        store = Store.open_project(out_dir, run=True) if (out_dir / DB_NAME).exists() else None
    except DamagedProject:
        store = None
    try:
        yield store
    finally:
        if store is not None:
            store.close()


def replaced_decisions(out_dir: Path, mode: str) -> tuple[Notice, ...]:
    """Under ``--replace``, a warning that says how many reviewer decisions the old database held (they are then in
    backups/ only); none otherwise."""
    if mode != REPLACE:
        return ()
    with _before(out_dir) as store:
        log = store.decisions() if store is not None else []
    if not log:
        return ()
    n, people = len(log), len({d.reviewer for d in log})
    return (Notice(f"{out_dir}: --replace started over without its {n} reviewer decision(s) by {people} reviewer(s); "
                   "they are kept in backups/ only",
                   f"{out_dir}: --replace startede forfra uden projektets {n} reviewerbeslutning(er) fra {people} "
                   "reviewer(e); de findes nu kun i backups/"),)


MEANING = ("label", "description", "include", "exclude")  # what a reviewer codes a theme by


def _meaning(theme, field: str) -> object:
    """A theme's ``field`` as a reviewer reads it: an exclude note's pointer to another theme ("(se data)") aside,
    which a renamed theme changes without changing this one (walk38)."""
    value = getattr(theme, field)
    return tuple(re.sub(r"\s*\((?:se|see) [a-z][a-z0-9_]*\)", "", v) for v in value) if field == "exclude" else value


def theme_changes(out_dir: Path, codebook: Codebook, mode: str) -> tuple[Notice, ...]:
    """Under ``--update`` with another codebook, for each theme reviewers labelled: one whose label, description or
    notes changed keeps their labels under its new meaning (said, with the command that shows them), and one that
    left keeps none (said; where a new theme has its label, that giving it the old id keeps them). walk36 redefined a
    theme without a word about its labels, and renamed one's id to lose 14 labels to a general sentence. Other
    content under the same version is said too (walk38: --update took it without a word)."""
    if mode != UPDATE:
        return ()
    with _before(out_dir) as store:
        if store is None or not store.has_run():
            return ()
        run = store.current_run()
        states = store.label_states(run).values()
    old = run.codebook
    out = [Notice(f"the codebook's content changed under the same version, {old.name} v{old.version}: reports and "
                  "coder compare cannot tell the two apart; give it a new version number",
                  f"kodebogens indhold er ændret under samme version, {old.name} v{old.version}: rapporterne og "
                  "coder compare kan ikke skelne de to; giv den et nyt versionsnummer")
           ] if old.version == codebook.version and old.fingerprint() != codebook.fingerprint() else []
    labelled: dict[str, int] = {}
    for state in states:
        opinions = [*state.opinions.values(), *([state.adjudication] if state.adjudication else [])]
        for theme in {t for d in opinions for t in d.themes_after}:
            labelled[theme] = labelled.get(theme, 0) + 1
    now = {t.id: t for t in codebook.themes}
    by_label = {label_key(t.label): t.id for t in codebook.themes if t.id not in {x.id for x in old.themes}}
    for theme in old.themes:
        n, new = labelled.get(theme.id, 0), now.get(theme.id)
        if not n:
            continue
        if new is None:
            same = by_label.get(label_key(theme.label))
            hint = (f"; if '{same}' is that theme, give it the id '{theme.id}' again to keep them" if same else "",
                    f"; er '{same}' det samme tema, så giv det id'et '{theme.id}' igen for at beholde dem" if same
                    else "")
            out.append(Notice(f"the theme '{theme.id}' left the codebook, so {n} answers reviewers gave it no "
                              f"longer count as labelled{hint[0]}",
                              f"temaet '{theme.id}' er fjernet fra kodebogen, så {n} svar, som reviewerne gav det, "
                              f"ikke længere tæller som kodede{hint[1]}"))
        elif any(_meaning(new, f) != _meaning(theme, f) for f in MEANING):
            changed = ", ".join(f for f in MEANING if _meaning(new, f) != _meaning(theme, f))
            command = f"coder review {shell_word(str(out_dir))} --theme {theme.id} --status all --reviewer"
            out.append(Notice(f"the theme '{theme.id}' has a new {changed}; the labels reviewers gave {n} answers "
                              f"under its old wording stay in force: read them again with {command} NAME",
                              f"temaet '{theme.id}' har ny {changed}; de koder, reviewerne gav {n} svar efter dets "
                              f"gamle ordlyd, gælder stadig: læs dem igen med {command} NAVN"))
    return tuple(out)


def remove_new_project(out_dir: Path, existed: bool, written: list[str]) -> None:
    """After a failed first run: remove what it wrote, and the folder if the run made it."""
    for name in (*_DB_FILES, *written):
        (out_dir / name).unlink(missing_ok=True)
    if not existed and out_dir.is_dir():
        shutil.rmtree(out_dir, ignore_errors=True)
