"""How many of the model's codes moved since the previous run on answers whose text did not change.

The codebook is adapted to the whole batch, and labels teach the model, so a rerun can code an answer
whose text did not change under another theme: changing 10 answers of 20,000 moved the primary theme of
475 others, and the run said nothing. An analyst comparing runs, or waves, is told how many.

The previous run's texts and the model's primary themes are read before this run writes its comments
(after an interrupted run some are overwritten already, so it then says nothing), and each row of the new run is set
against them as the exports are written. Answers a reviewer coded keep their label; the count is of the
model's own codes.
"""

from __future__ import annotations

from coder.errors import Notice
from coder.store import Row, Store


class Moved:
    """The model's primary themes of the previous run, by comment, and the count of those that moved."""

    def __init__(self, store: Store, touched: bool) -> None:
        """``touched``: an interrupted run may have written comments already (nothing is then compared)."""
        self.before: dict[str, tuple[int, str]] = {}
        self.run_id: int | None = None
        self.compared = self.moved = 0
        if touched or not store.has_run():
            return
        self.run_id = store.current_run().run_id
        for cid, text, primary in store.model_primaries(self.run_id):
            self.before[cid] = (hash(text), primary)

    def add(self, r: Row) -> None:
        """One row of the new run."""
        was = self.before.get(r.comment_id)
        if was is None or not r.model_themes or hash(r.text) != was[0]:
            return
        self.compared += 1
        self.moved += r.model_themes[0] != was[1]

    def notices(self) -> tuple[Notice, ...]:
        """The warning, when any code moved."""
        if not self.moved:
            return ()
        n, of, run = self.moved, self.compared, self.run_id
        return (Notice(f"{n} of the {of} answers whose text is as in run {run} got another primary theme from the "
                       "model (the codebook is adapted to the whole batch, and labels teach the model); "
                       "assignments.csv has this run's codes",
                       f"{n} af de {of} svar, hvis tekst er som i kørsel {run}, fik et andet primært tema af modellen "
                       "(kodebogen tilpasses hele batchen, og labels lærer modellen); assignments.csv har denne "
                       "kørsels koder"),)
