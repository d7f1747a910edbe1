"""A rerun says how many of the model's codes moved on answers whose text did not change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from review_support import make_project

from coder.pipeline.moved import Moved
from coder.store import Store


def test_codes_that_moved_on_unchanged_answers_are_counted_and_said(tmp_path: Path) -> None:
    """Changing 10 answers of 20,000 moved the primary theme of 475 others, and the run said nothing."""
    store = Store.open_project(make_project(tmp_path / "p"))
    rows = [r for r in store.rows() if r.model_themes]
    moved = Moved(store, touched=False)
    other = next(t for t in store.theme_ids() if t != rows[0].model_themes[0])
    moved.add(replace(rows[0], model_themes=(other,)))  # same text, another code: moved
    moved.add(replace(rows[1], text=rows[1].text + " og mere", model_themes=(other,)))  # another text: not compared
    for r in rows[2:]:
        moved.add(r)  # as before
    assert (moved.moved, moved.compared) == (1, len(rows) - 1)
    (notice,) = moved.notices()
    assert notice.danish.startswith(f"1 af de {len(rows) - 1} svar, hvis tekst er som i kørsel 1, fik et andet "
                                    "primært tema af modellen")
    untouched = Moved(store, touched=False)
    for r in rows:
        untouched.add(r)
    assert untouched.notices() == ()  # an identical rerun says nothing
    after_an_interruption = Moved(store, touched=True)
    after_an_interruption.add(replace(rows[0], model_themes=(other,)))
    assert after_an_interruption.notices() == ()  # its comments may be overwritten already: nothing to compare
    store.close()
