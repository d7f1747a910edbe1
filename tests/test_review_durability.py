"""Decisions survive ``kill -9``, and two reviewers writing at once lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from coder.store import Store

from review_support import make_project

# A reviewer process: record decisions through the store API, report each after it returns, then wait.
WRITER = """
import sys, time
from pathlib import Path
from coder.store import Store
project, reviewer, n, pause = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = Store.open_project(project)
ids = [r.comment_id for r in store.rows() if r.status == "coded" and not r.duplicate_of]
themes = store.theme_ids()
print("ready", flush=True)
sys.stdin.readline()  # wait for "go", so that writers can start together
i = 0
while n < 0 or i < n:
    d = store.record_decision(ids[i % len(ids)], reviewer, (themes[i % len(themes)],), note=f"{reviewer}-{i}")
    print(d.decision_id, flush=True)
    i += 1
    time.sleep(pause)
print("done", flush=True)
time.sleep(60)
"""


def start(project: Path, reviewer: str, n: int, pause: float = 0.0) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(project), reviewer, str(n), str(pause)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def go(*procs: subprocess.Popen) -> None:
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()


def check(project: Path) -> Store:
    store = Store.open_project(project)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return store


def test_kill_9_after_n_decisions_keeps_all_n(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    proc = start(project, "anna", 20)
    go(proc)
    lines = [proc.stdout.readline().strip() for _ in range(21)]
    assert lines[-1] == "done"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    store = check(project)
    log = store.decisions(reviewer="anna")
    assert len(log) == 20 and [str(d.decision_id) for d in log] == lines[:20]
    assert [d.note for d in log] == [f"anna-{i}" for i in range(20)]
    store.close()


def test_kill_9_while_writing_keeps_every_acknowledged_decision(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    proc = start(project, "anna", -1)  # writes until killed
    go(proc)
    acknowledged = [int(proc.stdout.readline()) for _ in range(30)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    store = check(project)
    stored = {d.decision_id for d in store.decisions()}
    assert set(acknowledged) <= stored and len(stored) >= 30
    store.close()


def test_two_reviewers_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    n = 150
    # a short pause between decisions (people take seconds) lets SQLite's busy handler hand the lock over
    procs = [start(project, name, n, pause=0.002) for name in ("anna", "bo")]
    go(*procs)
    outputs = [[p.stdout.readline().strip() for _ in range(n + 1)] for p in procs]
    for p in procs:
        p.kill()
        p.wait(10)
    assert all(out[-1] == "done" for out in outputs)
    store = check(project)
    for name, out in zip(("anna", "bo"), outputs):
        log = store.decisions(reviewer=name)
        assert [str(d.decision_id) for d in log] == out[:n]
        assert [d.note for d in log] == [f"{name}-{i}" for i in range(n)]
    ids = [d.decision_id for d in store.decisions()]
    assert len(ids) == 2 * n == len(set(ids))
    # the writes really overlapped: neither reviewer's decisions form one block
    owners = "".join(d.reviewer[0] for d in store.decisions())
    assert owners.count("ab") + owners.count("ba") > 20
    store.close()
