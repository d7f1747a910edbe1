"""Runs written chunk by chunk: how far an unfinished run got, and the first occurrence of each answer.

A run that ``coder code`` writes in chunks carries a ``resume_key`` (input, codebook, model and
options) and a ``progress`` record (chunks done per stage), both updated in the same transaction
as the chunk they describe. A rerun with the same key picks the run up where it stopped; a run
that is never finished is not the project's current run (``meta.current_run`` moves only when a
run finishes), so reviews and reports never see half a run. Its answers, though, are stored as it reads them
(the run learns from the decisions still in force on their new texts): while a run of another input is
unfinished, the stored texts are partly the new input's, so every command but ``coder code`` refuses to read
the project (``refuse_half_update``) until the run is finished or the backup made before it is restored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

from coder.errors import ProjectError
from coder.store.backup import backups_before, restore_command
from coder.store.records import Prediction, RunSettings, split_themes

_IN_BATCH = 500  # SQLite's host parameters per statement stay well under its limit


class RunProgress:
    """The chunked-run methods of ``Store``."""

    def unfinished_run(self, resume_key: str) -> tuple[int, dict] | None:
        """The latest unfinished run with this resume key and its progress, or None."""
        row = self.db.execute("SELECT run_id, progress FROM runs WHERE finished_at IS NULL AND resume_key = ?"
                              " ORDER BY run_id DESC LIMIT 1", (resume_key,)).fetchone()
        return None if row is None else (int(row[0]), json.loads(row[1] or "{}"))

    def refuse_half_update(self) -> None:
        """Raise ProjectError when a run of another input than the current run's has stored some of its answers and
        is not finished (interrupted, or being written now by another process): the texts are then partly the new
        input's, and a report or review would mix the two."""
        current = self.meta("current_run")
        row = None if current is None else self.db.execute(
            "SELECT r.input_path, r.progress, r.started_at FROM runs r JOIN runs c ON c.run_id = ? WHERE r.finished_at "
            "IS NULL AND r.input_sha256 != c.input_sha256 ORDER BY r.run_id DESC LIMIT 1", (int(current),)).fetchone()
        if row is None or not json.loads(row[1] or "{}").get("read"):
            return
        project, name = self.path.parent, Path(row[0]).name
        found = backups_before(project, row[2])  # one made since holds half the run
        back = (f"; to go back to the last finished run instead: {restore_command(found[-1], self.path)}",
                f"; for at gå tilbage til den seneste færdige kørsel i stedet: {restore_command(found[-1], self.path)}"
                ) if found else ("", "")
        self.close()
        raise ProjectError(f"{project}: a run of {name} is not finished (interrupted, or still running), and its "
                           f"answers are partly stored, so the project would show a mix of two inputs; run the same "
                           f"'coder code {name} …' command again to finish it{back[0]}",
                           danish=f"{project}: en kørsel af {name} er ikke færdig (afbrudt eller stadig i gang), og "
                                  "dens svar er delvist gemt, så projektet ville vise en blanding af to input; kør "
                                  f"samme 'coder code {name} …'-kommando igen for at gøre den færdig{back[1]}")

    def unfinished_runs(self) -> list[int]:
        return [int(r[0]) for r in self.db.execute("SELECT run_id FROM runs WHERE finished_at IS NULL")]

    def first_run(self) -> tuple[str, str]:
        """(started_at, input_sha256) of the project's first finished run: what tells this project from another
        made later from the same export (a finished run is never dropped)."""
        row = self.db.execute("SELECT started_at, input_sha256 FROM runs WHERE finished_at IS NOT NULL "
                              "ORDER BY run_id LIMIT 1").fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    def drop_runs(self, run_ids: Iterable[int]) -> None:
        """Forget unfinished runs (their predictions and keys); a finished run is never dropped."""
        for run_id in run_ids:
            if self.db.execute("SELECT finished_at FROM runs WHERE run_id = ?", (run_id,)).fetchone()[0] is not None:
                raise ValueError(f"run {run_id} is finished")
            self.db.execute("DELETE FROM predictions WHERE run_id = ?", (run_id,))
            self.db.execute("DELETE FROM run_keys WHERE run_id = ?", (run_id,))
            self.db.execute("DELETE FROM runs WHERE run_id = ?", (run_id,))

    def set_resume_key(self, run_id: int, resume_key: str) -> None:
        self.db.execute("UPDATE runs SET resume_key = ? WHERE run_id = ?", (resume_key, run_id))

    def set_progress(self, run_id: int, progress: dict) -> None:
        self.db.execute("UPDATE runs SET progress = ? WHERE run_id = ?", (json.dumps(progress, sort_keys=True),
                                                                           run_id))

    def set_run_settings(self, run_id: int, settings: RunSettings) -> None:
        """The settings a run coded with, once its classifier is fitted (it starts before)."""
        self.db.execute("UPDATE runs SET settings = ? WHERE run_id = ?", (settings.to_json(), run_id))

    def progress(self, run_id: int) -> dict:
        row = self.db.execute("SELECT progress FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return json.loads(row[0] or "{}") if row else {}

    # --- first occurrences ----------------------------------------------------------
    def first_occurrences(self, run_id: int, question: str, keys: Sequence[bytes]) -> dict[bytes, tuple[str, int]]:
        """Digest of an answer's comparison key -> (respondent id, distinct index) of its first occurrence,
        for the keys seen before."""
        out: dict[bytes, tuple[str, int]] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _IN_BATCH):
            part = unique[start:start + _IN_BATCH]
            marks = ",".join("?" * len(part))
            for k, first, idx in self.db.execute(f"SELECT key, first, idx FROM run_keys WHERE run_id = ? AND"
                                                 f" question = ? AND key IN ({marks})", (run_id, question, *part)):
                out[bytes(k)] = (first, int(idx))
        return out

    def add_first_occurrences(self, run_id: int, items: Iterable[tuple[str, bytes, str, int]]) -> None:
        """(question, key digest, respondent id, distinct index) of answers seen for the first time."""
        self.db.executemany("INSERT INTO run_keys VALUES (?, ?, ?, ?, ?)", ((run_id, *item) for item in items))

    def clear_first_occurrences(self, run_id: int) -> None:
        self.db.execute("DELETE FROM run_keys WHERE run_id = ?", (run_id,))

    # --- a chunk's predictions ---------------------------------------------------------
    def chunk_predictions(self, run_id: int, row_start: int, row_stop: int) -> list[tuple[str, str, str | None, str]]:
        """(comment id, status, duplicate_of, question) of a run's comments in input rows [start, stop), in order."""
        return [tuple(r) for r in self.db.execute(
            "SELECT p.comment_id, p.status, p.duplicate_of, c.question FROM predictions p JOIN comments c"
            " USING (comment_id) WHERE p.run_id = ? AND c.row >= ? AND c.row < ? ORDER BY c.row, p.rowid",
            (run_id, row_start, row_stop))]

    def predictions_of(self, run_id: int, comment_ids: Iterable[str]) -> dict[str, Prediction]:
        """The stored predictions of these comments in a run."""
        ids = list(dict.fromkeys(comment_ids))
        out: dict[str, Prediction] = {}
        for start in range(0, len(ids), _IN_BATCH):
            part = ids[start:start + _IN_BATCH]
            marks = ",".join("?" * len(part))
            for cid, status, dup, prim, themes, conf, scores, typ, order in self.db.execute(
                    "SELECT comment_id, status, duplicate_of, primary_theme, themes, confidence, scores, typicality,"
                    f" review_order FROM predictions WHERE run_id = ? AND comment_id IN ({marks})", (run_id, *part)):
                out[cid] = Prediction(cid, status, dup, prim, split_themes(themes), conf,
                                      json.loads(scores) if scores else None, typ, order)
        return out

    def status_counts(self, run_id: int) -> dict[str, dict[str, int]]:
        """Question -> status -> comments of a run; statuses in the order they first occur in the input."""
        out: dict[str, dict[str, int]] = {}
        for q, status, n in self.db.execute(
                "SELECT c.question, p.status, count(*) FROM predictions p JOIN comments c USING (comment_id)"
                " WHERE p.run_id = ? GROUP BY c.question, p.status ORDER BY c.question, min(c.row)", (run_id,)):
            out.setdefault(q, {})[status] = n
        return out
