from __future__ import annotations

import pytest

from coder.text import (
    CODED,
    EMPTY,
    NON_ANSWER,
    clean,
    duplicate_groups,
    find_pii,
    key,
    non_answers,
    redact,
    shorten,
    status_of,
)


@pytest.mark.parametrize("text", ["ved ikke", "Ved ikke.", "-", "nej", "Nej tak!", "ingen kommentarer",
                                  "Intet at tilføje", "N/A", "?", "...", "  INGEN  ", "TRUE", "false"])
def test_non_answers(text: str) -> None:
    assert status_of(text) == NON_ANSWER


@pytest.mark.parametrize("text", ["", "   ", "\t\n", None,
                                  # a missing value written out (walk15: they were coded 'andet')
                                  "NaN", "nan", "NULL", "null", "NaT", "undefined", "#VALUE!", "#DIV/0!", "Infinity",
                                  "<NA>", " #REF! ",
                                  # Excel's #N/A, and Danish Excel's names of its errors (walk31: #N/A was a non-answer)
                                  "#N/A", "#I/T", "#VÆRDI!", "#DIVISION/0!", "#NAVN?"])
def test_empty(text: str | None) -> None:
    assert status_of(text) == EMPTY


@pytest.mark.parametrize("text", ["Nej, men mere data ville hjælpe", "Mere data", "ved ikke om oplæg hjælper",
                                  "null fejl i data", "Nan er min kollega"])
def test_answers_that_start_like_non_answers_are_coded(text: str) -> None:
    assert status_of(text) == CODED


def test_non_answer_list_is_data_not_code() -> None:
    assert "intet at tilføje" in non_answers()
    assert len(non_answers()) > 30


def test_clean_and_key() -> None:
    assert clean("  Mere\u00a0 data\x00 \n tak ") == "Mere data tak"
    assert key("Mere data!!") == key("mere data") == "mere data"


def test_a_soft_hyphen_leaves_one_word_and_an_emoji_stays_whole() -> None:
    """walk25: every format character became a space, so "klynge\u00admøde" (pasted from Word) became two words and
    a family or rainbow flag emoji fell apart."""
    assert clean("klynge\u00admøde") == "klyngemøde"
    assert clean("\ufeffGod stemning\u200e") == "God stemning"
    family, flag = "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F3F3\ufe0f\u200d\U0001F308"
    assert clean(f"Hele {family} tak {flag}") == f"Hele {family} tak {flag}"
    assert clean("tab\there\x00og\x07nul") == "tab here og nul"
    # walk26: a joiner between letters split a word invisibly, and an answer of nothing but joiners was no longer
    # empty (it became an ikke-svar)
    assert clean("ab\u200dcd") == "abcd" and clean("\u200d") == clean("\u200c \ufe0f") == clean("\ufe0f") == ""


@pytest.mark.parametrize("text,expected", [
    ("Mere fokus p&aring; egne data&#33;", "Mere fokus på egne data!"),
    ("L&#230;ger &amp; sygeplejersker<br>Kortere m&oslash;der<BR/>", "Læger & sygeplejersker Kortere møder"),
    ("<p>Bedre <strong>oplæg</strong></p>", "Bedre oplæg"),
    ("Escaped twice: &amp;aring;", "Escaped twice: å"),
    ("R&D og <3 til klyngen, a < b & c > d", "R&D og <3 til klyngen, a < b & c > d"),
])
def test_html_a_web_survey_left_is_decoded_and_other_text_kept(text: str, expected: str) -> None:
    assert clean(text) == expected
    assert clean(clean(text)) == clean(text)


def test_duplicate_groups_point_at_first_occurrence() -> None:
    assert duplicate_groups(["a", "b", "a", "c", "b", "a"]) == [None, None, 0, None, 1, 0]


@pytest.mark.parametrize("text,expected", [
    ("Ring på 28 14 55 90 i morgen", "Ring på [TELEFON] i morgen"),
    ("ring +45 31224018", "ring [TELEFON]"),
    ("tlf. 0045 2814 5590.", "tlf. [TELEFON]."),
    ("pt. 150372-1234 ventede", "pt. [CPR] ventede"),
    ("cpr 1503721234", "cpr [CPR]"),
    ("skriv til mette.holm@oejenklinik-aarhus.dk tak", "skriv til [EMAIL] tak"),
    ("se https://www.vive.dk/media/pure/17861. Tak", "se [URL]. Tak"),
])
def test_redaction(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", ["I 2024 var 12 ud af 30 med", "kl. 16-18 er for sent", "ca. 250 km kørsel",
                                  "møde d. 12.03.2025", "2 timer hver 3. måned", "version 2.13.0"])
def test_no_false_redaction_of_ordinary_numbers(text: str) -> None:
    assert find_pii(text) == []


def test_shorten_cuts_at_sentence_boundary() -> None:
    text = "Godt initiativ. Men møderne er alt for lange og der er ingen dagsorden overhovedet, så vi spilder tid."
    assert shorten(text, 60) == "Godt initiativ. Men møderne er alt for lange og der er …"  # no sentence end late
    assert shorten(text, 40) == "Godt initiativ. …"  # the first sentence ends in the last two thirds of 40
    long_first = "Møderne er alt for lange. Og der er ingen dagsorden overhovedet, så vi spilder tid."
    assert shorten(long_first, 70) == "Møderne er alt for lange. …"
    assert shorten("kort", 60) == "kort"


@pytest.mark.parametrize("text,asks", [
    ("Jeg vil gerne kontaktes. Ring på 22 33 44 55", True), ("skriv til lars@klinik.dk om det", True),
    ("Kontakt mig gerne", True), ("Jeg ønsker at blive kontaktet.", True), ("lars.p(at)dadlnet.dk", True),
    ("Bedre forklaring på hvorfor jeg skulle have taget blodprøver", False),  # 'ring på' inside 'forklaring på'
    ("Vi ventede 3 timer", False), ("Maden var god", False), ("De sendte mig hjem for tidligt", False),
    ("I would like to be contacted about this", True), ("Please get in touch with me", True),
    ("Could someone reach out to me?", True), ("My mobile is +44 7700 900123", True),
    ("We should follow up with the team", False),
])
def test_an_answer_that_asks_to_be_contacted(text: str, asks: bool) -> None:
    from coder.text.contact import asks_contact

    assert asks_contact(text) is asks


@pytest.mark.parametrize("text", ["No further comments", "Not really", "Not applicable", "Nothing more to add",
                                  "Can't think of anything", "See above", "Nothing comes to mind.", "Skip",
                                  "Se ovenfor", "No comment at this time", "None that I can think of",
                                  "Nothing more to say"])  # the last three from walk29
def test_english_non_answers(text: str) -> None:
    """They were coded 'Other' and pushed it from about 47 % to 55.9 % in an English survey (walk13)."""
    from coder.text import NON_ANSWER, status_of

    assert status_of(text) == NON_ANSWER


@pytest.mark.parametrize("text", ["Not really, the meetings are fine as they are", "See above - more time for cases",
                                  "Nothing to say about the food, it was fine", "More staff at this time of year"])
def test_english_answers_that_start_like_non_answers(text: str) -> None:
    from coder.text import CODED, status_of

    assert status_of(text) == CODED


@pytest.mark.parametrize("text", ["Se mit svar ovenfor", "Se mine svar ovenfor.", "Som nævnt ovenfor", "se ovf.",
                                  "Se forrige svar", "Samme som ovenfor", "Jf. ovenstående", "Se tidligere svar, tak",
                                  "Se min kommentar ovenfor", "See my answer above", "As mentioned above",
                                  "Som sagt ovenfor", "Henviser til mit svar ovenfor", "Se venligst ovenfor",
                                  "Det jeg skrev ovenfor", "Nævnt ovenfor", "Se ovenstående bemærkninger"])  # walk38
def test_an_answer_that_only_points_to_an_earlier_one_says_nothing(text: str) -> None:
    """walk37: 22 answers "Se mit svar ovenfor" were 5,4 % of a question's denominator, coded and quoted."""
    from coder.text import NON_ANSWER, status_of

    assert status_of(text) == NON_ANSWER


@pytest.mark.parametrize("text", ["Som nævnt ovenfor: mere faglighed", "Se mit svar ovenfor om mødepligt",
                                  "Samme som før, for lidt tid til sparring"])
def test_a_pointer_to_an_earlier_answer_with_more_is_an_answer(text: str) -> None:
    from coder.text import CODED, status_of

    assert status_of(text) == CODED


@pytest.mark.parametrize("text, cleaned", [("a<b og c>d – mere tid", "a<b og c>d – mere tid"),
                                           ("<p class=\"x\">Mere tid</p>", "Mere tid"),
                                           ("Mere<br />tid", "Mere tid"),
                                           ("<font color=red>Mere</font> tid", "Mere tid"),
                                           ("ventetid <3 uger men >1 uge", "ventetid <3 uger men >1 uge")])
def test_only_well_formed_line_tags_leave_an_answer(text: str, cleaned: str) -> None:
    """walk38: "a<b og c>d" lost "og c" as if it were a <b> tag's attributes."""
    from coder.text import clean

    assert clean(text) == cleaned
