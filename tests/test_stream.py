"""coder code in chunks: any chunk size codes the same, an interrupted run resumes, a Dask cluster codes the same,
and a large export read piece by piece reads as it does whole."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA, ROOT, FakeEmbedder

from coder.codebook import load_codebook
from coder.errors import InputError
from coder.io import ReadOptions, read_batch
from coder.pipeline import CodeOptions, LabelOptions, code_file
from coder.pipeline.source import open_source
from coder.report import refresh_exports, report_of_run, write_exports
from coder.store import PIN, Store

SAMPLE = ROOT / "data" / "klynger_2025.csv"
READ = ReadOptions(("forbedringer", "kommentar"), "id")
LEARN = LabelOptions(("forbedringer_tema", "kommentar_tema"))
EXPORTS = ("assignments.csv", "themes.csv", "report.md")


def _options(chunk_rows: int, learn: bool, cluster: str | None = None) -> CodeOptions:
    return CodeOptions(READ, labels=LEARN if learn else None, target_precision=0.8 if learn else None,
                       chunk_rows=chunk_rows, cluster=cluster)


def _files(out: Path) -> dict[str, list[str]]:
    """The exports, without report.md's line naming the run's start time."""
    return {name: [line for line in (out / name).read_text(encoding="utf-8-sig").splitlines()
                   if not line.startswith("_Kodebog:")] for name in EXPORTS}


def _predictions(out: Path) -> list[tuple]:
    with sqlite3.connect(out / "coder.db") as db:
        return db.execute("SELECT comment_id, status, duplicate_of, primary_theme, themes, round(confidence, 12),"
                          " scores, typicality, review_order FROM predictions ORDER BY comment_id").fetchall()


@pytest.mark.parametrize("learn", [False, True], ids=["zero-shot", "learned"])
def test_any_chunk_size_gives_the_same_codes(tmp_path: Path, codebook_path: Path, learn: bool) -> None:
    cb = load_codebook(codebook_path)
    small = code_file(SAMPLE, cb, tmp_path / "small", _options(7, learn), embedder=FakeEmbedder())
    whole = code_file(SAMPLE, cb, tmp_path / "whole", _options(10_000, learn), embedder=FakeEmbedder())
    assert (small.chunks, whole.chunks) == (62, 1)
    small_csv, whole_csv = (tmp_path / name / "assignments.csv" for name in ("small", "whole"))
    assert small_csv.read_bytes() == whole_csv.read_bytes()
    assert _files(tmp_path / "small") == _files(tmp_path / "whole")
    assert _predictions(tmp_path / "small") == _predictions(tmp_path / "whole")  # queue places, typicality too
    assert small.counts == whole.counts
    assert not list((tmp_path / "small").glob(".coder-run-*"))  # the scratch folder goes with the run


def test_progress_knows_the_rows_before_the_first_chunk_is_done(tmp_path: Path, codebook_path: Path) -> None:
    """walk24: the bar stood at '0/?' while the model loaded and the first chunk was embedded."""
    calls: list[tuple[int, int | None]] = []
    result = code_file(SAMPLE, load_codebook(codebook_path), tmp_path / "p", _options(100, False),
                       embedder=FakeEmbedder(), progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, result.rows_in) and calls[-1] == (result.rows_in, result.rows_in)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_streamed_exports_equal_the_in_memory_ones(tmp_path: Path, codebook_path: Path) -> None:
    out = tmp_path / "p"
    code_file(SAMPLE, load_codebook(codebook_path), out, _options(50, True), embedder=FakeEmbedder())
    store = Store.open_project(out)
    run = store.current_run()
    first = next(r for r in store.rows() if r.primary == "kritik" and r.status == "coded" and not r.duplicate_of)
    store.set_quote_choice(first.comment_id, PIN, "anna")
    rows = list(store.rows())
    write_exports(tmp_path / "memory", report_of_run(store, run, rows), rows)
    store.close()
    refresh_exports(out)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (tmp_path / "memory" / name).read_bytes(), name


_KILLER = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from conftest import FakeEmbedder
from coder.codebook import load_codebook
from coder.io import ReadOptions
from coder.pipeline import CodeOptions, LabelOptions, code_file

def stop(done):
    if done.stage == {stage!r} and done.chunk == {k}:
        os.kill(os.getpid(), signal.SIGKILL)

options = CodeOptions(ReadOptions(("forbedringer", "kommentar"), "id"),
                      labels=LabelOptions(("forbedringer_tema", "kommentar_tema")), target_precision=0.8,
                      chunk_rows=50)
code_file(Path({sample!r}), load_codebook(Path({codebook!r})), Path({out!r}), options, embedder=FakeEmbedder(),
          on_chunk=stop)
"""


@pytest.mark.parametrize("stage,k", [("read", 3), ("code", 1), ("write", 8)])
def test_a_killed_run_resumes_from_its_last_finished_chunk(tmp_path: Path, codebook_path: Path, stage: str,
                                                           k: int) -> None:
    cb = load_codebook(codebook_path)
    code_file(SAMPLE, cb, tmp_path / "whole", _options(50, True), embedder=FakeEmbedder())
    out = tmp_path / "killed"
    script = _KILLER.format(tests=str(ROOT / "tests"), stage=stage, k=k, sample=str(SAMPLE),
                            codebook=str(codebook_path), out=str(out))
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not (out / "assignments.csv").exists()
    with pytest.raises(Exception, match="no finished run"):
        Store.open_project(out).current_run()  # half a run is never the project's run

    again = FakeEmbedder()
    result = code_file(SAMPLE, cb, out, _options(50, True), embedder=again)
    assert result.resumed is not None and result.resumed.run_id == 1 and result.run_id == 1
    assert result.resumed.read == (k if stage == "read" else 9)
    assert result.resumed.written == (k if stage == "write" else 0)
    if stage != "read":
        assert again.texts_seen < 20  # the chunks read before were not embedded again (only codebook texts)
    assert (out / "assignments.csv").read_bytes() == (tmp_path / "whole" / "assignments.csv").read_bytes()
    assert _files(out) == _files(tmp_path / "whole")
    assert _predictions(out) == _predictions(tmp_path / "whole")
    assert not list(out.glob(".coder-run-*"))


def test_other_options_start_the_run_over(tmp_path: Path, codebook_path: Path) -> None:
    out = tmp_path / "p"
    script = _KILLER.format(tests=str(ROOT / "tests"), stage="read", k=2, sample=str(SAMPLE),
                            codebook=str(codebook_path), out=str(out))
    subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=os.environ.copy(), timeout=300)
    result = code_file(SAMPLE, load_codebook(codebook_path), out, _options(100, True), embedder=FakeEmbedder())
    assert result.resumed is None and result.run_id == 2
    with sqlite3.connect(out / "coder.db") as db:
        assert db.execute("SELECT run_id FROM runs").fetchall() == [(2,)]  # the abandoned run is gone


def test_a_dask_cluster_gives_the_same_codes(tmp_path: Path, codebook_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    cb = load_codebook(codebook_path)
    code_file(SAMPLE, cb, tmp_path / "local", _options(100, True), embedder=FakeEmbedder())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = code_file(SAMPLE, cb, tmp_path / "dask", _options(100, True, f"dask://{cluster.scheduler_address}"),
                           embedder=FakeEmbedder())
    assert result.cluster.startswith("dask://")
    assert (tmp_path / "dask" / "assignments.csv").read_bytes() == (tmp_path / "local" / "assignments.csv").read_bytes()
    assert _predictions(tmp_path / "dask") == _predictions(tmp_path / "local")


def test_an_unknown_cluster_is_one_line(tmp_path: Path, codebook_path: Path) -> None:
    from coder.errors import CoderError

    with pytest.raises(CoderError, match="--cluster spark://x: unknown; give dask://HOST:PORT"):
        code_file(SAMPLE, load_codebook(codebook_path), tmp_path / "p", _options(100, False, "spark://x"),
                  embedder=FakeEmbedder())


@pytest.mark.parametrize("name", ["survey_semicolon_cp1252.csv", "survey_comma_utf8bom.csv", "survey_tab_utf8.tsv",
                                  "survey_duplicate_ids.csv", "binary.csv", "empty.csv", "pii_planted.tsv"])
@pytest.mark.parametrize("id_column", [None, "id"])
def test_an_export_read_in_pieces_reads_as_it_does_whole(name: str, id_column: str | None) -> None:
    path = DATA / name

    def read(pieces: bool) -> tuple:
        try:
            if not pieces:
                b, guessed = read_batch(path, ReadOptions(id_column=id_column))
                t = b.table
                whole = open_source(path, ReadOptions(id_column=id_column), stream_from=10**12)  # read whole
                return (t.sha256, t.encoding, t.delimiter, whole.warnings, b.questions, guessed,
                        [(c.row, c.id, c.question, c.text) for c in b.comments],
                        [b.attributes(i) for i in range(b.n_rows)])
            s = open_source(path, ReadOptions(id_column=id_column), stream_from=0)
            chunks = list(s.chunks(2))
            return (s.sha256, s.encoding, s.delimiter, s.warnings, s.questions, s.guessed,
                    [(c.row, c.id, c.question, c.text) for b in chunks for c in b.comments],
                    [b.attributes(b.first_row + i) for b in chunks for i in range(b.n_rows)])
        except InputError as err:
            return ("error", str(err))

    assert read(True) == read(False)


def test_mixed_encodings_read_in_pieces_warn_as_whole(tmp_path: Path, monkeypatch) -> None:
    import coder.io_stream

    lines = ["id;kommentar"] + [f"R{i};{'oplæg og møder' if i % 3 else 'god stemning'} nr {i}" for i in range(40)]
    data = "\n".join(lines).encode("utf-8") + "\nR99;for få møder\n".encode("cp1252") + "R100;Ã¦ble\n".encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    monkeypatch.setattr(coder.io_stream, "BLOCK", 64)  # many pieces
    whole, _ = read_batch(path, ReadOptions(("kommentar",), "id"))
    s = open_source(path, ReadOptions(("kommentar",), "id"), stream_from=0)
    assert (s.encoding, s.warnings) == (whole.table.encoding, whole.table.warnings)
    assert s.encoding == "utf-8+cp1252" and len(s.warnings) == 2
    assert [c.text for b in s.chunks(7) for c in b.comments] == [c.text for c in whole.comments]


@pytest.mark.parametrize("data,rows,warned", [
    # a one-column export writes an empty answer as "": it is a respondent with an empty answer
    (b'kommentar\r\n"Mere data"\r\n""\r\n"Kortere m\xc3\xb8der"\r\n""\r\n', 4, None),
    # ... or as a blank line: between rows it is a respondent too; blank lines after the last row are none
    (b"kommentar\r\n\r\nMere data\r\n\r\n\r\nKortere m\xc3\xb8der\r\n\r\n\r\n", 5, None),
    # a line of delimiters only holds no id and no answer: not a respondent, but named in a warning
    (b"id;kommentar;speciale\nR1;Mere data;Psykiatri\n;;\nR2;Kortere m\xc3\xb8der;\n\n;;\n", 2, "lines 3, 6 hold only"),
    # a row with fewer fields than the header: its missing answers are empty, and the line is named
    (b"id;kommentar;forslag\nR1;Mere data;Kortere m\xc3\xb8der\nR2;God stemning\n", 2, "line 3 has fewer fields"),
    # blank lines are no records at all
    (b"id;kommentar\n\nR1;Mere data\n\n\nR2;God stemning\n", 2, None),
])
def test_rows_that_hold_nothing_are_kept_or_named_in_both_readers(tmp_path: Path, data: bytes, rows: int,
                                                                  warned: str | None) -> None:
    """No silent drop: before, a one-column file's "" answers vanished and the row numbers after them moved."""
    path = tmp_path / "s.csv"
    path.write_bytes(data)
    whole, _ = read_batch(path, ReadOptions(("kommentar",)))
    s = open_source(path, ReadOptions(("kommentar",)), stream_from=0)
    streamed = [(c.row, c.id, c.text) for b in s.chunks(2) for c in b.comments]
    assert streamed == [(c.row, c.id, c.text) for c in whole.comments] and len(streamed) == rows
    assert s.warnings == open_source(path, ReadOptions(("kommentar",)), stream_from=10**12).warnings
    if warned is None:
        assert whole.table.warnings == ()
    else:
        assert len(whole.table.warnings) == 1 and warned in whole.table.warnings[0]
        assert whole.table.warnings[0].danish.split(": ", 1)[1].startswith("linje 3")


def test_a_ragged_row_is_named_by_the_line_it_starts_on(tmp_path: Path) -> None:
    """Record numbers and file lines differ once an answer spans lines; the error names the file line."""
    path = tmp_path / "s.csv"
    path.write_bytes(b'id;kommentar\n\nR1;"to\nlinjer"\nR2;a;b;c\n')
    for stream_from in (None, 0):
        with pytest.raises(InputError, match=r"line 5 has 4 fields but the header has 2"):
            if stream_from is None:
                read_batch(path, ReadOptions(("kommentar",)))
            else:
                list(open_source(path, ReadOptions(("kommentar",)), stream_from=0).chunks(2))


@pytest.mark.parametrize("data,message", [
    # a quote opened and never closed: the rest of the file would be one answer (5 of 40 rows were left)
    ("id;kommentar;speciale\nR1;Mere data;Psykiatri\nR2;\"Jeg synes møderne er gode;Psykiatri\n"
     + "".join(f"R{i};Svar nummer {i};Øjenlæger\n" for i in range(3, 41)),
     r"line 3 opens a quote \(\"\) that is not closed before line 41, so the 38 line\(s\) between"),
    # left open in the first row to the end of the file: two rows more would be its answer
    ("id;kommentar\n1;\"God\n2;Dårlig\n3;Fin\n", r"line 2 opens a quote \(\"\) that is not closed before line 4"),
    # closed by a later quote: the rows between would still be one answer
    ("id;kommentar\nR1;ok\nR2;\"Jeg synes\nR3;fint\nR4;\"godt\"\nR5;hej\n", r"line 3 opens a quote"),
    # two exports joined: the second header would be a respondent
    ("id;kommentar\nR1;Mere data\nR2;Kortere møder\n\ufeffid;Kommentar\nR3;God stemning\n",
     r"line 4 repeats the header row \(two exports joined\?\); delete that line"),
])
def test_rows_that_would_be_lost_or_invented_are_one_line_in_both_readers(tmp_path: Path, data: str,
                                                                         message: str) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(data.encode("utf-8"))
    for stream_from in (None, 0):
        with pytest.raises(InputError, match=message):
            if stream_from is None:
                read_batch(path, ReadOptions(("kommentar",)))
            else:
                list(open_source(path, ReadOptions(("kommentar",)), stream_from=0).chunks(2))


@pytest.mark.parametrize("data,texts", [
    # an answer over several lines, commas and all, and one that starts with a quotation
    ('id,kommentar\nR1,"Tre ting:\nfaglighed, cases\nog mere tid, tak"\nR2,"""Godt"" sagde han, og det var det"\n',
     ["Tre ting: faglighed, cases og mere tid, tak", '"Godt" sagde han, og det var det']),
    # a name that only looks like an id on the next line of a two-column file
    ('id;kommentar\nR1;"Godt møde\nJensen;tak"\nR2;ok\n', ["Godt møde Jensen;tak", "ok"]),
    # a list over lines of a three-column comma file: its lines have three fields, but 'faglighed' is no id
    ('id,kommentar,speciale\nR1,ok,Psykiatri\nR2,"Tre ting:\nfaglighed, cases, data\nmøder, tid, sted",Psykiatri\n',
     ["ok", "Tre ting: faglighed, cases, data møder, tid, sted"]),
])
def test_answers_over_several_lines_are_read_as_one(tmp_path: Path, data: str, texts: list[str]) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(data.encode("utf-8"))
    batch, _ = read_batch(path, ReadOptions(("kommentar",), "id"))
    assert [" ".join(c.text.split()) for c in batch.comments] == texts


def test_a_header_written_over_two_lines_is_named_as_typed_on_one(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes('id;"Hvad kunne gøre møderne bedre?\n(fritekst)"\nR1;Mere data\n'.encode("utf-8"))
    batch, _ = read_batch(path, ReadOptions(("Hvad kunne gøre møderne bedre? (fritekst)",), "id"))
    assert batch.questions == ("Hvad kunne gøre møderne bedre? (fritekst)",)
    with pytest.raises(InputError, match=r"--text-col is empty; give a column name"):
        read_batch(path, ReadOptions(("",), "id"))


def test_an_interrupted_update_leaves_no_mix_of_two_inputs_to_report(tmp_path: Path, codebook_path: Path) -> None:
    from coder.errors import ProjectError
    from coder.pipeline.project import UPDATE

    cb = load_codebook(codebook_path)
    out = tmp_path / "p"
    code_file(SAMPLE, cb, out, _options(50, False), embedder=FakeEmbedder())
    before = _files(out)
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    wave2 = tmp_path / "wave2.csv"  # every answer reworded
    wave2.write_text("\n".join(lines[:1] + [line.replace("møde", "samling") for line in lines[1:]]) + "\n",
                     encoding="utf-8")

    def stop(done) -> None:
        if done.stage == "read" and done.chunk == 3:
            raise KeyboardInterrupt

    update = replace(_options(50, False), on_change=UPDATE)
    with pytest.raises(KeyboardInterrupt):
        code_file(wave2, cb, out, update, embedder=FakeEmbedder(), on_chunk=stop)
    with pytest.raises(ProjectError, match="wave2.csv is not finished") as err:
        Store.open_project(out)  # report, review and decisions open it so: none shows half the new texts
    restore = re.search(r"cp '([^']+)' '([^']+)' && rm -f '[^']+-wal' '[^']+-shm'", str(err.value))
    assert restore and Path(restore.group(1)).parent == out / "backups"
    subprocess.run(restore.group(0), shell=True, check=True)  # the command it gives brings back the last run
    refresh_exports(out)
    assert _files(out) == before

    with pytest.raises(KeyboardInterrupt):
        code_file(wave2, cb, out, update, embedder=FakeEmbedder(), on_chunk=stop)
    code_file(wave2, cb, out, update, embedder=FakeEmbedder())  # or the same command again finishes it
    store = Store.open_project(out)
    assert store.current_run().input_path.endswith("wave2.csv")
    store.close()


def test_a_chunk_reports_its_embedding_as_it_goes(tmp_path: Path, codebook_path: Path) -> None:
    """A chunk of 20,000 answers took minutes to embed and the bar stood at 0/? all that time (walk20)."""
    path = tmp_path / "big.csv"
    path.write_text("id;svar\n" + "\n".join(f"R{i};Flere faglige oplæg om emne nummer {i}" for i in range(2500)) + "\n",
                    encoding="utf-8")
    seen = []
    code_file(path, load_codebook(codebook_path), tmp_path / "p", CodeOptions(ReadOptions(("svar",), "id")),
              embedder=FakeEmbedder(), on_chunk=seen.append)
    embedded = [(d.rows, d.total_rows) for d in seen if d.stage == "embed"]
    assert embedded == [(1000, 2500), (2000, 2500), (2500, 2500)]  # then the chunk is read and stored
    assert [d.rows for d in seen if d.stage == "read"] == [2500]
