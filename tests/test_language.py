"""The light language detector behind quote choice: Danish, Norwegian, Swedish and English answers."""

from __future__ import annotations

import pytest

from coder.text.language import detect, is_language


@pytest.mark.parametrize("text, language", [
    ("Flere faglige oplæg og bedre dagsorden tak", "da"),
    ("Hyggeligt at møde kollegerne og få en snak", "da"),
    ("Jeg synes det er godt at vi mødes", "da"),
    ("Det er veldig bra, men møtene er for lange og vi får ikkje nok ut av det", "no"),
    ("Vi har det hyggelig og lærer av hverandre", "no"),
    ("Mer fokus på kliniska fall och föreläsare, tack", "sv"),
    ("Vi behöver bättre struktur på mötena", "sv"),
    ("More clinical cases and invited speakers please", "en"),
    ("I think the meetings are too long", "en"),
])
def test_detects_the_language_of_a_sentence(text: str, language: str) -> None:
    assert detect(text) == language


@pytest.mark.parametrize("text", ["Kollegerne", "Good", "OK", "", "1234"])
def test_too_little_evidence_is_unknown_and_counts_as_the_report_language(text: str) -> None:
    assert detect(text) is None and is_language(text, "da") and is_language(text, "en")
