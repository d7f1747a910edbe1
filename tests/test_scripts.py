"""The scripts the README names keep up with the screens they drive."""

from __future__ import annotations

import re

from conftest import ROOT

from coder.wording import _TEXTS


def test_the_review_demo_waits_for_texts_the_review_screen_shows() -> None:
    """scripts/review_demo.sh waited for 'kommentar 1 af' and 'mægling' after the screen had become 'svar 1 af' and
    'afgørelse', and failed (walk17); no test ran it. Each text it waits for, besides respondent ids, is a Danish
    screen text with its numbers filled in."""
    script = (ROOT / "scripts" / "review_demo.sh").read_text(encoding="utf-8")
    waited = re.findall(r'wait_for "([^"]+)"', script)
    assert len(waited) >= 8
    shown = [re.sub(r"\{[a-z_]+\}", "1", da) for _, da in _TEXTS.values()]
    for text in waited:
        if re.search(r"\bR\d+\b", text):  # a respondent of the demo's survey, not a screen text
            continue
        assert any(text in s for s in shown), text
