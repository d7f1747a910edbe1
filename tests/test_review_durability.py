"""Decisions survive ``kill -9``, and two reviewers writing at once lose nothing."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from review_support import make_project

from coder.store import Store

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
    if i == n // 2 and n > 0:
        print("half", flush=True)
        sys.stdin.readline()  # wait for "go" again
    d = store.record_decision(ids[i % len(ids)], reviewer, (themes[i % len(themes)],), note=f"{reviewer}-{i}")
    print(d.decision_id, flush=True)
    i += 1
    time.sleep(pause)
print("done", flush=True)
time.sleep(60)
"""
TIMEOUT = 60  # seconds a writer may take for one line before the test fails (instead of hanging)


class Writer:
    """A reviewer process whose output lines are read with a timeout."""

    def __init__(self, project: Path, reviewer: str, n: int, pause: float = 0.0) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER, str(project), reviewer, str(n), str(pause)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        assert self.readline() == "ready"

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def readline(self) -> str:
        try:
            return self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            self.proc.kill()
            raise AssertionError(f"a writer said nothing for {TIMEOUT} s") from None

    def go(self) -> None:
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)


def check(project: Path) -> Store:
    store = Store.open_project(project)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return store


def test_kill_9_after_n_decisions_keeps_all_n(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    writer = Writer(project, "anna", 20)
    writer.go()
    lines = [writer.readline() for _ in range(10)]
    assert writer.readline() == "half"
    writer.go()
    lines += [writer.readline() for _ in range(11)]
    assert lines[-1] == "done"
    writer.kill()
    store = check(project)
    log = store.decisions(reviewer="anna")
    assert len(log) == 20 and [str(d.decision_id) for d in log] == lines[:20]
    assert [d.note for d in log] == [f"anna-{i}" for i in range(20)]
    store.close()


def test_kill_9_while_writing_keeps_every_acknowledged_decision(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    writer = Writer(project, "anna", -1)  # writes until killed
    writer.go()
    acknowledged = [int(writer.readline()) for _ in range(30)]
    writer.kill()
    store = check(project)
    stored = {d.decision_id for d in store.decisions()}
    assert set(acknowledged) <= stored and len(stored) >= 30
    store.close()


def test_two_reviewers_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    n = 150
    # a short pause between decisions (people take seconds) lets SQLite's busy handler hand the lock over
    writers = [Writer(project, name, n, pause=0.002) for name in ("anna", "bo")]
    for w in writers:
        w.go()
    # Both write their first halves at the same time; each waits at the half until both got there, so
    # the second halves come after both first halves whatever the scheduler does.
    firsts = [[w.readline() for _ in range(n // 2)] + [w.readline()] for w in writers]
    assert all(f[-1] == "half" for f in firsts)
    for w in writers:
        w.go()
    seconds = [[w.readline() for _ in range(n - n // 2 + 1)] for w in writers]
    for w in writers:
        w.kill()
    assert all(s[-1] == "done" for s in seconds)
    store = check(project)
    for name, first, second in zip(("anna", "bo"), firsts, seconds):
        log = store.decisions(reviewer=name)
        assert [str(d.decision_id) for d in log] == first[:-1] + second[:-1]
        assert [d.note for d in log] == [f"{name}-{i}" for i in range(n)]
    ids = [d.decision_id for d in store.decisions()]
    assert len(ids) == 2 * n == len(set(ids))
    # the two logs interleave: each reviewer's second half follows the other's first half
    assert int(seconds[0][0]) > int(firsts[1][-2]) and int(seconds[1][0]) > int(firsts[0][-2])
    store.close()
