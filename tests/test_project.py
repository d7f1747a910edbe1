"""A project's identity and safety: another input or codebook, stale decisions, damaged stores, backups,
unwritable or foreign output folders. Every failure is one line with exit code 2 and leaves no half project."""

from __future__ import annotations

import csv
import errno
import sqlite3
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from typer.testing import CliRunner, Result

from coder.cli import app
from coder.store import Store, backups

CODEBOOK = ROOT / "codebooks" / "klynger.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def code(survey: Path, out: Path, *extra: str, codebook: Path = CODEBOOK) -> Result:
    return run("code", str(survey), "-c", str(codebook), "-o", str(out), "-t", "svar", "--id-col", "id",
               "--model", "lexical", *extra)


def one_line_error(result: Result, label: str = "Fejl: ") -> str:
    """The one error line (in Danish: the codebook is Danish, and so is a project whose codebook is unreadable)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = [line for line in result.stderr.splitlines()
             if line.strip() and not line.startswith(("WARNING: using the lex", "ADVARSEL: bruger den leks"))]
    assert len(lines) == 1 and lines[0].startswith(label), result.stderr
    return lines[0].removeprefix(label)


def survey(path: Path, answers: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["id", "svar"])
        writer.writerows([[f"R{i + 1}", a] for i, a in enumerate(answers)])
    return path


A = ["Flere faglige oplæg om nye behandlinger", "Bedre dagsorden og opfølgning", "Hyggeligt at mødes med kolleger"]
B = ["Spild af tid, jeg vil ikke til flere møder", "Bedre dagsorden og opfølgning", "Mere data om egne patienter"]


def assignments(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "assignments.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


# --- identity ---------------------------------------------------------------------------

def test_the_same_file_name_with_new_content_says_the_content_changed(tmp_path: Path) -> None:
    a, out = survey(tmp_path / "a.csv", A), tmp_path / "p"
    assert code(a, out).exit_code == 0
    survey(a, B)
    message = one_line_error(code(a, out))
    assert message.startswith(f"{out}: projektet blev kodet ud fra inputtet a.csv, ikke inputtet a.csv i sin "
                              "nuværende form (indholdet er ændret); angiv --update")
    message = one_line_error(code(a, out, "--locale", "en"), "Error: ")
    assert message.startswith(f"{out}: the project was coded from input a.csv, not input a.csv as it is now (its "
                              "content changed); pass --update")
    edited = tmp_path / "cb.yaml"  # walk36: a codebook edited under the same version
    edited.write_text(CODEBOOK.read_text(encoding="utf-8").replace("Fagligt indhold", "Fagligt udbytte", 1),
                      encoding="utf-8")
    survey(a, A)
    message = one_line_error(code(a, out, codebook=edited))
    assert "i sin nuværende form (indholdet er ændret; giv den et nyt versionsnummer, så rapporterne kan skelne de " \
           "to); angiv --update" in message


def test_another_input_is_refused_and_update_never_moves_a_decision_to_another_text(tmp_path: Path) -> None:
    a, b, out = survey(tmp_path / "a.csv", A), survey(tmp_path / "b.csv", B), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R1::svar", "anna", ["indhold"])  # "Flere faglige oplæg …"
    store.record_decision("R2::svar", "anna", ["struktur"])  # the same text in both files
    store.close()
    before = (out / "coder.db").read_bytes()
    message = one_line_error(code(b, out))
    assert message == (f"{out}: projektet blev kodet ud fra inputtet a.csv, ikke inputtet b.csv; angiv --update for "
                       "at tilføje det (beslutninger følger med, hvor deres tekst og temaer stadig findes) eller "
                       "--replace for at starte forfra (coder.db sikkerhedskopieres først), eller vælg en anden --out")
    message = one_line_error(code(b, out, "--locale", "en"), "Error: ")
    assert message == (f"{out}: the project was coded from input a.csv, not input b.csv; pass --update to add it "
                       "(decisions carry over where their text and themes remain) or --replace to start over "
                       "(coder.db is backed up first), or choose another --out")
    assert (out / "coder.db").read_bytes() == before
    result = code(b, out, "--update")
    assert result.exit_code == 0, result.output
    rows = assignments(out)
    assert rows["R1"]["text"].startswith("Spild af tid") and rows["R1"]["label_source"] == "model"
    assert (rows["R2"]["primary"], rows["R2"]["label_source"]) == ("struktur", "human")
    assert "1 tidligere beslutning gælder ikke længere" in " ".join(result.stdout.split())  # Danish codebook
    assert len(backups(out)) == 1
    store = Store.open_project(out)
    assert [d.comment_id for d in store.stale_decisions()] == ["R1::svar"]
    assert ("R1::svar", "Flere faglige oplæg om nye behandlinger", ("indhold",), "svar") in store.training_labels(
        store.theme_ids())  # the old wave still teaches, on its own text
    store.close()


def test_replace_starts_over_after_a_backup(tmp_path: Path) -> None:
    a, b, out = survey(tmp_path / "a.csv", A), survey(tmp_path / "b.csv", B), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R2::svar", "anna", ["struktur"])
    store.close()
    replaced = code(b, out, "--replace")
    assert replaced.exit_code == 0
    # it says what it left behind: before, only "coder.db blev sikkerhedskopieret først"
    assert "--replace startede forfra uden projektets 1 reviewerbeslutning(er) fra 1 reviewer(e); de findes nu kun i " \
           "backups/" in " ".join(replaced.stderr.split())
    store = Store.open_project(out)
    assert store.decisions() == [] and store.current_run().input_path.endswith("b.csv")
    store.close()
    (saved,) = backups(out)
    old = sqlite3.connect(saved)
    assert old.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1
    old.close()
    assert one_line_error(code(b, out, "--update", "--replace")).startswith("--update og --replace: vælg én")


def test_replace_with_the_same_input_starts_over_as_it_says(tmp_path: Path) -> None:
    """--replace with an unchanged input said the decisions were now only in backups/, made no backup and kept
    them (walk15)."""
    a, out = survey(tmp_path / "a.csv", A), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R2::svar", "anna", ["struktur"])
    store.close()
    again = code(a, out, "--replace")
    assert again.exit_code == 0, again.output
    assert "Projektet er startet forfra fra samme input og kodebog (--replace)" in " ".join(again.stdout.split())
    assert "de findes nu kun i backups/" in " ".join(again.stderr.split())
    store = Store.open_project(out)
    assert store.decisions() == []
    store.close()
    (saved,) = backups(out)
    old = sqlite3.connect(saved)
    assert old.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1
    old.close()


def test_a_new_codebook_leaves_decisions_for_a_gone_theme_stale(tmp_path: Path) -> None:
    a, out = survey(tmp_path / "a.csv", A), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R3::svar", "anna", ["social"])
    store.close()
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    data["themes"] = [t for t in data["themes"] if t["id"] != "social"]
    data["version"] = "2.0"
    smaller = tmp_path / "cb.yaml"
    smaller.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "ikke kodebogen Kvalitetsklynger" in one_line_error(code(a, out, codebook=smaller))
    assert code(a, out, "--update", codebook=smaller).exit_code == 0
    rows = assignments(out)
    assert rows["R3"]["label_source"] == "model" and rows["R3"]["primary"] != "social"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Socialt" not in report
    n = sum(1 for r in rows.values() if r["status"] == "coded")
    assert f"{n} besvarelser med indhold" in report  # every coded answer counted under a theme that exists


def test_decisions_on_a_respondent_gone_from_the_new_wave_are_stale(tmp_path: Path) -> None:
    """A decision whose respondent is not in the new input no longer applies: it is counted and named (it vanished)."""
    a, out = survey(tmp_path / "a.csv", A), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R2::svar", "anna", ["struktur"])
    store.record_decision("R3::svar", "anna", ["social"])
    store.close()
    wave = tmp_path / "b.csv"
    with open(wave, "w", encoding="utf-8", newline="") as fh:  # R3 left; R2 stays with the same answer
        fh.write(f"id;svar\nR1;{A[0]}\nR2;{A[1]}\nR9;{A[2]}\n")
    result = code(wave, out, "--update")
    assert result.exit_code == 0, result.output
    assert "1 tidligere beslutning gælder ikke længere" in result.stdout and "R3 · svar" in result.stdout
    assert '"stale_decisions": 1' in (out / "run.json").read_text(encoding="utf-8")
    rows = assignments(out)
    assert set(rows) == {"R1", "R2", "R9"} and rows["R2"]["label_source"] == "human"
    with open(out / "stale.csv", encoding="utf-8-sig", newline="") as fh:  # the whole list, not five ids
        (line,) = list(csv.DictReader(fh))
    assert (line["id"], line["question"], line["themes"], line["reviewer"], line["why"]) == (
        "R3", "svar", "social", "anna", "gone")
    said = " ".join(result.stdout.split())
    assert "alle, med hvorfor: stale.csv" in said and "så de tæller ikke længere" in said
    back = tmp_path / "c.csv"  # R3 is back with the answer the decision was made on: nothing is stale
    back.write_text(f"id;svar\nR1;{A[0]}\nR2;{A[1]}\nR3;{A[2]}\n", encoding="utf-8")
    assert code(back, out, "--update").exit_code == 0 and not (out / "stale.csv").exists()


# --- output folders -----------------------------------------------------------------------

def test_out_that_is_a_file_or_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    a = survey(tmp_path / "a.csv", A)
    (tmp_path / "file").write_text("x")
    assert one_line_error(code(a, tmp_path / "file")) == (f"--out {tmp_path / 'file'}: er en fil; angiv en mappe "
                                                         "til projektet (ny eller tom)")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "assignments.csv").write_text("my own work")
    assert "mappen indeholder andre filer og er ikke et coder-projekt" in one_line_error(code(a, mine))
    assert (mine / "assignments.csv").read_text() == "my own work" and not (mine / "coder.db").exists()
    assert code(a, mine, "--force").exit_code == 0


@pytest.mark.parametrize("code_, text, danish", [(errno.ENOSPC, "No space left on device",
                                                  "der er ikke mere plads på disken"),
                                                 (errno.EROFS, "Read-only file system", "filsystemet er skrivebeskyttet")])
def test_unwritable_output_leaves_no_half_project(tmp_path: Path, monkeypatch, code_: int, text: str,
                                                  danish: str) -> None:
    import coder.files

    def fail(prefix, dir):
        raise OSError(code_, text)

    monkeypatch.setattr(coder.files.tempfile, "mkstemp", fail)
    out = tmp_path / "p"
    message = one_line_error(code(survey(tmp_path / "a.csv", A), out))
    assert message.startswith(f"kan ikke skrive {out / 'assignments.csv'}: {danish}")
    assert not out.exists()
    message = one_line_error(code(survey(tmp_path / "a.csv", A), out, "--locale", "en"), "Error: ")
    assert message.startswith(f"cannot write {out / 'assignments.csv'}: {text}")
    assert not out.exists()


# --- damaged stores and backups --------------------------------------------------------------

def _damage(db: Path, how: str) -> None:
    data = bytearray(db.read_bytes())
    if how == "random":
        db.write_bytes(bytes(range(256)) * (len(data) // 256 + 1))
    elif how == "zeroed":
        data[4096:8192] = bytes(4096)
        db.write_bytes(bytes(data))
    elif how == "empty":  # a failed copy or sync: it was taken for a new project, and the backups never named
        db.write_bytes(b"")
    else:
        db.write_bytes(bytes(data[: len(data) // 2]))


@pytest.mark.parametrize("how", ["random", "zeroed", "truncated", "empty"])
@pytest.mark.parametrize("command", [["report", "{p}"], ["agreement", "{p}"], ["export", "{p}"],
                                     ["review", "{p}", "--reviewer", "anna"], ["discover", "{p}"], ["code"]])
def test_a_damaged_store_gives_one_line_naming_the_backup(tmp_path: Path, how: str, command: list[str]) -> None:
    a, out = survey(tmp_path / "a.csv", A * 30), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R1::svar", "anna", ["indhold"])
    store.close()
    Store(out / "coder.db").close()
    db = out / "coder.db"
    for extra in ("coder.db-wal", "coder.db-shm"):
        (out / extra).unlink(missing_ok=True)
    from coder.store import backup

    saved = backup(db, "test")
    _damage(db, how)
    result = code(a, out) if command == ["code"] else run(*[c.format(p=out) for c in command])
    message = one_line_error(result)
    assert "projektdatabasen er beskadiget" in message and f"cp '{saved}' '{db}'" in message
    assert how != "empty" or db.stat().st_size == 0  # no command wrote an empty project into it


@pytest.mark.parametrize("how", ["random", "truncated", "junk", "empty"])
def test_replace_starts_over_from_a_damaged_store_and_keeps_the_damaged_file(tmp_path: Path, how: str) -> None:
    """The damaged-store message says --replace starts over; it must (it used to repeat the same message)."""
    a, out = survey(tmp_path / "a.csv", A * 30), tmp_path / "p"
    assert code(a, out).exit_code == 0
    db = out / "coder.db"
    for extra in ("coder.db-wal", "coder.db-shm"):
        (out / extra).unlink(missing_ok=True)
    if how == "junk":
        db.write_bytes(b"junk\n")
    else:
        _damage(db, how)
    damaged = db.read_bytes()
    assert "--replace" in one_line_error(code(a, out)) and "--replace" in one_line_error(code(a, out, "--update"))
    result = code(a, out, "--replace")
    assert result.exit_code == 0, result.output
    assert "Projektdatabasen var beskadiget" in result.stdout
    kept = list((out / "backups").glob("damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged and backups(out) == []
    assert len(assignments(out)) == 90 and code(a, out).exit_code == 0


def test_a_project_in_a_read_only_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite cannot make its journal beside coder.db in a read-only folder ("unable to open database file");
    that was a traceback on every command. Simulated: running the tests as root ignores folder permissions."""
    a, out = survey(tmp_path / "a.csv", A * 30), tmp_path / "p"
    assert code(a, out).exit_code == 0
    real = sqlite3.connect

    class NoJournal:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def execute(self, sql: str, *args):
            if sql.startswith("PRAGMA journal_mode"):
                raise sqlite3.OperationalError("unable to open database file")
            return self.conn.execute(sql, *args)

        def __getattr__(self, name: str):
            return getattr(self.conn, name)

    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kw: NoJournal(real(*args, **kw)))
    for command in (["report", str(out)], ["export", str(out)], ["agreement", str(out)]):
        message = one_line_error(run(*command))
        assert "projektdatabasen kan ikke åbnes" in message and f"gør {out} skrivbar" in message


def test_a_project_in_a_folder_one_may_not_write_is_read_as_it_is(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An archived or shared read-only project could not even be reported on: SQLite wants a journal beside coder.db
    (walk15). Such a folder is now read without one. Simulated: as root every folder is writable, so os.access
    says it is not."""
    import os

    import coder.store.db as db_module

    a, out = survey(tmp_path / "a.csv", A * 30), tmp_path / "p"
    assert code(a, out).exit_code == 0
    store = Store.open_project(out)
    store.record_decision("R1::svar", "anna", ["indhold"])  # a decision the exports do not show yet
    store.close()
    for extra in ("coder.db-wal", "coder.db-shm"):
        (out / extra).unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    real = os.access
    monkeypatch.setattr(db_module.os, "access", lambda path, mode: False if mode & os.W_OK else real(path, mode))
    report = run("report", str(out), "--format", "md")
    assert report.exit_code == 0, report.output
    assert "viser ikke de seneste review-beslutninger og kunne ikke skrives igen" in " ".join(report.stderr.split())  # the stale exports are said, not rewritten
    for command in (["decisions", str(out)], ["agreement", str(out)]):
        assert run(*command).exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # nothing written
    # walk24: review opened and said so only at the first save, after the reviewer had read and coded
    message = one_line_error(run("review", str(out), "-r", "anna"))
    assert "projektet (mappen eller coder.db) er skrivebeskyttet, så ingen beslutning kan gemmes" in message


def test_a_read_only_coder_db_in_a_writable_folder_is_read_as_it_is(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """walk26: a read-only coder.db (the folder writable) opened for review and failed only at the first save."""
    import os

    import coder.store.db as db_module

    a, out = survey(tmp_path / "a.csv", A * 30), tmp_path / "p"
    assert code(a, out).exit_code == 0
    real = os.access
    db = (out / "coder.db").resolve()
    monkeypatch.setattr(db_module.os, "access",
                        lambda path, mode: False if mode & os.W_OK and Path(path).resolve() == db else real(path, mode))
    message = one_line_error(run("review", str(out), "-r", "anna"))
    assert "projektet (mappen eller coder.db) er skrivebeskyttet, så ingen beslutning kan gemmes" in message
    assert run("report", str(out), "--format", "md").exit_code == 0


def test_a_file_one_may_not_write_is_no_matter_of_space(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk24: a permission error said 'frigør noget plads' first."""
    import errno

    import coder.files as files
    from coder.errors import OutputError

    def refuse(path, fill):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(files, "_write", refuse)
    with pytest.raises(OutputError) as err:
        files.write_atomic(tmp_path / "r.md", b"x")
    assert "tjek rettighederne, eller skriv et andet sted med --out" in err.value.danish
    assert "plads" not in err.value.danish


def test_migration_backs_up_and_only_three_backups_are_kept(tmp_path: Path) -> None:
    from coder.store import MIGRATIONS, backup

    path = tmp_path / "coder.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.commit()
    db.close()
    Store(path).close()
    (first,) = backups(tmp_path)
    assert "before-schema-2" in first.name
    for i in range(4):
        backup(path, f"n{i}")
    kept = backups(tmp_path)
    assert len(kept) == 3 and kept[-1].name.endswith("-n3.db") and first not in kept


@pytest.mark.parametrize("damage", ["UPDATE meta SET value = '3' WHERE key = 'schema_version'",
                                    "UPDATE meta SET value = 'abc' WHERE key = 'schema_version'",
                                    "DROP TABLE predictions"])
def test_a_database_whose_schema_record_lies_is_called_damaged_and_no_copy_of_it_is_offered(
        tmp_path: Path, damage: str) -> None:
    """A schema record that did not match the tables gave tracebacks, and each try left a backup of the damaged file
    that the message then offered to restore."""
    import sqlite3

    from coder.errors import DamagedProject
    from coder.store import Store, backups

    Store.open_project(tmp_path / "p", create=True).close()
    db = sqlite3.connect(tmp_path / "p" / "coder.db")
    db.execute(damage)
    db.commit()
    db.close()
    for _ in range(2):
        with pytest.raises(DamagedProject, match="the project database is damaged") as err:
            Store.open_project(tmp_path / "p").db.execute("SELECT count(*) FROM predictions").fetchone()
        assert "\n" not in str(err.value) and "no backup exists" in str(err.value)
    assert backups(tmp_path / "p") == []


def test_a_backup_that_cannot_be_made_is_said_and_leaves_no_empty_copy(tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    from coder.errors import OutputError
    from coder.store import Store, backup, backups

    Store.open_project(tmp_path / "p", create=True).close()
    (tmp_path / "p" / "backups").mkdir()
    (tmp_path / "p" / "backups" / "coder-20260101T000000000000Z-update.db").write_bytes(b"")  # an earlier failure's
    assert backups(tmp_path / "p") == []  # an empty file is no backup to restore

    connect = sqlite3.connect

    class Full:  # a connection whose copy fails as on a full disk, after the target file was made
        def __init__(self, *args, **kwargs) -> None:
            self.real = connect(*args, **kwargs)

        def backup(self, target) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            self.real.close()

    monkeypatch.setattr(sqlite3, "connect", Full)
    with pytest.raises(OutputError, match="cannot copy the project database there"):
        backup(tmp_path / "p" / "coder.db", "update")
    assert len(list((tmp_path / "p" / "backups").glob("coder-*.db"))) == 1  # the half-made copy removed


def test_another_programs_sqlite_file_named_coder_db_is_not_written_into(tmp_path: Path) -> None:
    """A SQLite file without coder's tables got them written in by 'coder report' (walk18)."""
    folder = tmp_path / "p"
    folder.mkdir()
    other = sqlite3.connect(folder / "coder.db")
    other.execute("CREATE TABLE x (a)")
    other.commit()
    other.close()
    message = one_line_error(run("report", str(folder)))
    assert message.endswith("coder.db: en SQLite-database, men ikke et coder-projekts; angiv den mappe, 'coder code' "
                            "skrev")
    tables = sqlite3.connect(folder / "coder.db").execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("x",)]
