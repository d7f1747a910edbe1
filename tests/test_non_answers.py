"""Non-answers: hedges and refusals with nothing else are flagged; short answers that say something are not."""

from __future__ import annotations

from importlib import resources

import pytest

from coder.text import CODED, NON_ANSWER, key, non_answers, says_nothing, status_of

# an analyst found these coded as themes in a hold-out survey
ANALYST_FOUND = ["Intet svar", "Ved ikke rigtig", "Tja…", "tja", "Tja", "Ved ikke endnu", "Forstår ikke spørgsmålet",
                 "Kan ikke sige det", "nada", "Ingen forslag, tak", "Nej, ikke lige nu"]
# the kinds of non-answer the detector should know, beyond those exact strings
PATTERNS = ["ved ikke helt", "Ved ikke rigtigt.", "Kan ikke sige", "ikke noget", "har ingen kommentarer",
            "Jeg har ingen kommentarer", "ingen idé", "Ingen ide", "pass", "-", "?", "n/a", "...", "Nej, ikke p.t.",
            "Nej tak, ikke lige nu", "Intet at tilføje, tak", "Nej. Ved ikke.", "Jeg ved det ikke", "Øh, ved ikke",
            "Desværre ingen forslag", "Ingen kommentarer herfra", "Har ikke noget at tilføje p.t.", "Hmm...",
            "Jeg melder pas", "Ingen forslag til forbedringer", "nei takk", "vet ikke helt", "No thanks",
            "I have no comments", "not sure",
            # a spreadsheet cell that holds a number, a date or a time: no letter, nothing to code
            "42", "3.14", "0", "10:30:00", "2025-03-01 00:00:00", "100000000000000000000", "12/5"]
SUBSTANTIVE = ["Nej tak til mødepligt", "Ingen mødepligt", "Ikke flere oplæg", "Tja, lidt faglighed og lidt hygge",
               "Ved ikke om data hjælper", "Helt ok", "Ok men for lange", "Ikke endnu", "Ingen forplejning",
               "Ingen forslag men ros til koordinator", "Pas på tiden", "Forstår ikke formålet",
               "Kan ikke sige det bedre", "Jeg har ingen tid", "Ikke rigtig noget udbytte", "Nada, spild af tid",
               "tja, for lange", "ingenting, det er tvang", "Gider ikke", "Drop det", "Det ved jeg ikke om er muligt",
               "Not sure it helps", "4 møder om året er nok", "Kl. 16-18", "2 x årligt"]


@pytest.mark.parametrize("text", ANALYST_FOUND + PATTERNS)
def test_hedges_and_refusals_with_nothing_else_are_non_answers(text: str) -> None:
    assert status_of(text) == NON_ANSWER


@pytest.mark.parametrize("text", SUBSTANTIVE)
def test_short_answers_that_say_something_stay_coded(text: str) -> None:
    assert status_of(text) == CODED


def test_tail_words_count_only_after_a_non_answer_and_openers_only_before() -> None:
    assert says_nothing("ok tak") and not says_nothing("helt ok")  # 'helt' is a tail, never an opener
    assert says_nothing("jeg ved ikke") and not says_nothing("ved ikke jeg")  # 'jeg' is an opener, never a tail
    assert not says_nothing("tak") and not says_nothing("jeg har")  # openers and tails alone say nothing of their own


def test_punctuation_between_words_does_not_matter() -> None:
    assert status_of("Nej ikke pt") == status_of("Nej, ikke p.t.") == status_of("nej - ikke p t") == NON_ANSWER
    assert status_of("Ved ikke. Mere data!") == CODED


@pytest.mark.parametrize("name", ["non_answer_openers.txt", "non_answer_tails.txt"])
def test_openers_and_tails_are_data_and_no_non_answer_alone_unless_listed_as_one(name: str) -> None:
    lines = [x for x in resources.files("coder.data").joinpath(name).read_text(encoding="utf-8").splitlines()
             if x.strip() and not x.startswith("#")]
    assert lines and all(x == x.casefold() for x in lines)
    assert [x for x in lines if says_nothing(x) and key(x) not in non_answers()] == []
