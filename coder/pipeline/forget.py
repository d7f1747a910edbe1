"""Erase respondents from a project, its backups and the embedding cache: ``coder forget``.

A respondent who withdraws consent must be gone from everything coder keeps (GDPR art. 17), and a data
protection audit (walk30) found no way to do it short of starting over, which threw away every reviewer's work.
``forget`` deletes their answers, codes, decisions, audit draws and quote choices from ``coder.db`` and from
each backup of it (``coder.store.erase``), removes the vectors of their texts from the embedding cache, removes
an interrupted run's working folder (it holds raw texts), rewrites assignments.csv, themes.csv, report.md and
stale.csv, and names what it cannot change: the other files in the project that still hold their id or an answer
of theirs (reports, fact sheets, a .qdpx, discover's files), codebooks in the project whose examples quote them,
and the input files, which still hold them and would bring them back (a later run says so).
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from coder.embed.cache import forget_vectors
from coder.errors import Notice, ProjectError
from coder.pipeline.improve import learned_files
from coder.pipeline.project import run_lock
from coder.pipeline.spill import PREFIX, remove_spills
from coder.report.build import LOCALE_KEY
from coder.store import DB_NAME, Row, Store
from coder.store.backup import backups
from coder.store.erase import Erased, answers_key, digest, erase, erase_file, erased, find
from coder.text import redact
from coder.wording import wording_for

SEARCHED = (".csv", ".md", ".html", ".json", ".yaml", ".yml", ".txt", ".xlsx", ".qdpx", ".zip")
NEEDLE_CHARS = 40  # of an answer's redacted text searched for in the project's other files
REWRITTEN = ("assignments.csv", "themes.csv", "report.md", "stale.csv")  # forget writes these again


@dataclass(frozen=True)
class Forgotten:
    """What ``forget`` found (``done``: and erased)."""

    respondents: tuple[str, ...]
    found: Erased
    backups: int  # backups of coder.db that held them (erased there too when done)
    done: bool
    vectors: int = 0  # vectors removed from the embedding cache
    spills: int = 0  # interrupted runs' working folders removed
    files: tuple[str, ...] = ()  # files in the project that still hold an id or answer of theirs
    codebooks: tuple[str, ...] = ()  # "name version" of stored codebooks that quote them
    learned: tuple[str, ...] = ()  # codebook files 'coder codebook learn' wrote from the project that quote them
    inputs: tuple[str, ...] = ()  # the runs' input files
    locale: str = "da"  # the reader's: the project's reports' language


def forget(project: Path, respondents: Sequence[str], apply: bool = False, cache_root: Path | None = None) -> Forgotten:
    """Erase ``respondents`` from ``project`` (``apply``), or only say what that would erase."""
    wanted = tuple(dict.fromkeys(r.strip() for r in respondents if r.strip()))
    if not wanted:
        raise ProjectError("give the id of each respondent to erase, e.g. coder forget DIR R0021",
                           danish="angiv id'et på hver respondent, der skal slettes, fx coder forget MAPPE R0021")
    with run_lock(project):
        store = Store.open_project(project)
        try:
            if store.read_only:
                raise ProjectError(f"{project}: the project (its folder or coder.db) is read-only, so nothing can be "
                                   "erased; make it writable first",
                                   danish=f"{project}: projektet (mappen eller coder.db) er skrivebeskyttet, så intet "
                                          "kan slettes; gør det skrivbart først")
            if store.unfinished_runs():  # its working folder holds their answers, and its exports cannot be written
                raise ProjectError(f"{project}: a run of 'coder code' was interrupted and is not finished; run the "
                                   "same command again to finish it, then erase",
                                   danish=f"{project}: en kørsel af 'coder code' blev afbrudt og er ikke færdig; kør "
                                          "samme kommando igen for at gøre den færdig, og slet derefter")
            _check_known(store, wanted)
            run = store.current_run()
            locale = wording_for(run.codebook.language, store.meta(LOCALE_KEY) or None).locale
            numbered = run.settings.id_column is None
            inputs = tuple(dict.fromkeys(p for (p,) in store.db.execute("SELECT input_path FROM runs ORDER BY run_id")))
            found = erase(store.db, wanted) if apply else find(store.db, wanted)
            quoted = _quoting_codebooks(store, found.texts)  # the codebooks table is not erased
            long = [" ".join(t.split()) for t in found.texts if len(t) >= 12]  # YAML wraps a long example (walk41)
            learned = tuple(str(p) for p in learned_files(store)
                            if any(t in " ".join(text.replace("''", "'").split()) for text in _texts_of(p)
                                   for t in long))
        finally:
            store.close()
        held = [b for b in backups(project) if find_in_file(b, wanted)]
        if not apply:  # what would still hold them, said before (walk40)
            files = _files_holding(project, () if numbered else wanted, found.texts, locale)
            return Forgotten(wanted, found, len(held), False, files=files, codebooks=quoted, learned=learned,
                             inputs=inputs, locale=locale)
        for b in held:
            erase_file(b, wanted)
        spills = len([p for p in project.glob(f"{PREFIX}*") if p.is_dir()])
        remove_spills(project)
        vectors = forget_vectors(found.texts, cache_root)
        from coder.report import refresh_exports

        refresh_exports(project)
        _drop_stale_lines(project, wanted)
        files = _files_holding(project, () if numbered else wanted, found.texts, locale)
    return Forgotten(wanted, found, len(held), True, vectors, spills, files, quoted, learned, inputs, locale)


class Returned:
    """Respondents erased from the project earlier that a run's input holds again: coded anew, and said (the
    analyst removes them from the input too). Where the ids were row numbers, a respondent is known again by their
    answers (a row removed above them gave the next respondent their number: walk33)."""

    def __init__(self, store: Store, learned_from: Path | None = None) -> None:
        """``learned_from``: the project whose reviewers' labels this run learns from (``--labels DIR``, last year's
        wave), whose erasures are said too: each wave is a project of its own, so its own tombstones never held
        last year's erasure (walk40)."""
        self.sources = [(None, *erased(store.db))]
        if learned_from is not None and (learned_from / DB_NAME).is_file():
            import sqlite3

            db = sqlite3.connect(f"file:{learned_from / DB_NAME}?mode=ro", uri=True)
            try:
                self.sources.append((learned_from, *erased(db)))
            except sqlite3.Error:
                pass
            finally:
                db.close()
        self.found: dict[str, tuple[Path | None, str]] = {}  # respondent -> (the project erased from, when)
        self._seen: set[str] = set()
        self._texts: dict[str, list[tuple[str, str]]] = {}

    def add(self, r: Row) -> None:
        if r.respondent not in self._seen:
            self._seen.add(r.respondent)
            for source, by_id, _, salt_ in self.sources:
                when = by_id.get(digest(salt_, r.respondent)) if by_id else None
                if when is not None:
                    self.found.setdefault(r.respondent, (source, when))
        if any(by_answers for _, _, by_answers, _ in self.sources):
            self._texts.setdefault(r.respondent, []).append((r.question, r.text))

    def notices(self) -> tuple[Notice, ...]:
        for respondent, texts in self._texts.items():
            for source, _, by_answers, salt_ in self.sources:
                when = by_answers.get(digest(salt_, answers_key(texts))) if by_answers else None
                if when is not None:
                    self.found.setdefault(respondent, (source, when))
        out = []
        for source in dict.fromkeys(src for src, _ in self.found.values()):
            who = ", ".join(f"{r} ({when[:10]})" for r, (src, when) in self.found.items() if src == source)
            if source is None:
                out.append(Notice(f"respondents erased from this project with 'coder forget' are in the input again "
                                  f"and were coded anew: {who}; remove them from the input and run 'coder forget' "
                                  "again",
                                  f"respondenter, der er slettet fra projektet med 'coder forget', er i inputtet "
                                  f"igen og er kodet på ny: {who}; fjern dem fra inputtet, og kør 'coder forget' "
                                  "igen"))
            else:
                out.append(Notice(f"respondents erased from {source} (whose labels this run learns from) with "
                                  f"'coder forget' are in the input: {who}; if they withdrew their consent, remove "
                                  "them from the input and run 'coder forget' on this project too",
                                  f"respondenter, der er slettet fra {source} (hvis koder denne kørsel lærer af) med "
                                  f"'coder forget', er i inputtet: {who}; har de trukket deres samtykke, så fjern "
                                  "dem fra inputtet, og kør 'coder forget' på dette projekt også"))
        return tuple(out)


def find_in_file(path: Path, respondents: Sequence[str]) -> bool:
    """Whether the database file at ``path`` (a backup) holds any answer of ``respondents``."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return find(db, respondents).answers > 0
    except sqlite3.Error:
        return False
    finally:
        db.close()


def _check_known(store: Store, wanted: Sequence[str]) -> None:
    known = {r for (r,) in store.db.execute("SELECT DISTINCT respondent FROM comments")}
    unknown = [r for r in wanted if r not in known]
    if not unknown:
        return
    by_id, _, project_salt = erased(store.db)
    gone = [(r, by_id[d]) for r in unknown if (d := digest(project_salt, r)) in by_id]
    if gone:
        said = ", ".join(f"{r} ({when[:10]})" for r, when in gone)
        raise ProjectError(f"already erased from {store.path.parent}: {said}; nothing of theirs is left to erase",
                           danish=f"allerede slettet fra {store.path.parent}: {said}; intet af deres er tilbage at "
                                  "slette")
    folded = {k.casefold(): k for k in known}
    hints = [f"'{folded[u.casefold()]}'" for u in unknown if u.casefold() in folded]
    names = ", ".join(unknown)
    raise ProjectError(f"no respondent {names} in {store.path.parent}; give ids as the input has them"
                       + (f" (did you mean {', '.join(hints)}?)" if hints else ""),
                       danish=f"ingen respondent {names} i {store.path.parent}; angiv id'er, som inputtet har dem"
                              + (f" (mente du {', '.join(hints)}?)" if hints else ""))


def _quoting_codebooks(store: Store, texts: Sequence[str]) -> tuple[str, ...]:
    """Codebooks stored in the project whose content quotes one of ``texts`` (``coder codebook learn`` adds
    reviewed answers as examples)."""
    long = [t for t in texts if len(t) >= 12]
    out = []
    for name, version, content in store.db.execute("SELECT name, version, content FROM codebooks ORDER BY created_at"):
        if any(t in content for t in long):
            out.append(f"{name} {version}")
    return tuple(dict.fromkeys(out))


def _drop_stale_lines(project: Path, respondents: Sequence[str]) -> None:
    """stale.csv lists decisions that no longer apply, theirs among them: their lines go (the file, if none is
    left)."""
    from coder.files import write_csv_atomic
    from coder.report.exports import STALE

    path = project / STALE
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    if not lines:
        return
    kept = [line for line in lines[1:] if not line or line[0] not in set(respondents)]
    if len(kept) == len(lines) - 1:
        return
    if kept:
        write_csv_atomic(path, lines[0], kept)
    else:
        path.unlink()


def _files_holding(project: Path, respondents: Sequence[str], texts: Sequence[str], locale: str) -> tuple[str, ...]:
    """Files under ``project`` (not its database or backups, nor the exports forget wrote again) that may hold a
    respondent's id as a word (none where ids are row numbers: every file has numbers), or the start of one of
    their answers as the exports show it (redacted for the reader): another's answer may start alike."""
    ids = [re.compile(rf"(?<![\w-]){re.escape(r)}(?![\w-])") for r in respondents]
    starts = [s[:NEEDLE_CHARS] for s in (redact(t, locale) for t in texts) if len(s) >= 12]
    out = []
    for path in sorted(p for p in project.rglob("*") if p.is_file() and p.suffix.lower() in SEARCHED):
        rel = path.relative_to(project)
        if rel.parts[0] == "backups" or path.name.startswith(DB_NAME) or str(rel) in REWRITTEN:
            continue
        if any(_holds(text, ids, starts) for text in _texts_of(path)):
            out.append(str(rel))
    return tuple(out)


def _texts_of(path: Path):
    """The file's text, or each member's of a zip (an .xlsx, a .qdpx)."""
    try:
        if path.suffix.lower() in (".xlsx", ".qdpx", ".zip") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    yield z.read(name).decode("utf-8", "replace")
        else:
            yield path.read_text(encoding="utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile):
        return


def _holds(text: str, ids: Sequence[re.Pattern], starts: Sequence[str]) -> bool:
    unescaped = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    unescaped = re.sub(r"\\([\\\[\]|`*~_<>])", r"\1", unescaped)  # report.md's escapes (coder.files.markdown_text)
    return any(p.search(text) for p in ids) or any(s in unescaped for s in starts)

