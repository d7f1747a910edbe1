from __future__ import annotations

import pytest
from conftest import DATA, ROOT

from coder.errors import InputError
from coder.text.privacy import Span, find_pii, redact, word_lists
from coder.text.privacy_eval import load_planted, parse_marked, score

PLANTED = load_planted(DATA / "pii_planted.tsv")


def test_the_planted_set_is_big_enough_and_covers_every_kind() -> None:
    pii = [c for c in PLANTED if not c.clean]
    clean = [c for c in PLANTED if c.clean]
    assert len(pii) >= 80 and len(clean) >= 80
    kinds = {s.kind for c in pii for s in c.planted}
    assert kinds == {"CPR", "TELEFON", "EMAIL", "URL", "NAVN", "KLINIK", "ADRESSE"}


def test_recall_and_false_redactions_on_the_planted_set() -> None:
    result = score(PLANTED)
    assert result.recall >= 0.95, result.missed
    assert result.false_rate <= 0.02, result.false
    assert result.false_char_rate <= 0.02, result.false
    assert result.over_rate <= 0.02
    assert result.right_kind >= 0.95 * result.removed


def test_every_kind_alone_is_found_fully() -> None:
    for kind in ("CPR", "TELEFON", "EMAIL", "URL", "KLINIK", "ADRESSE"):
        result = score([c for c in PLANTED if not c.clean and {s.kind for s in c.planted} == {kind}])
        assert result.identifiers >= 7 and result.recall == 1.0, (kind, result.missed)


@pytest.mark.parametrize("text,expected", [
    ("Jeg talte med Mette Holm om det.", "Jeg talte med [NAVN] om det."),
    ("Mette sagde det samme.", "[NAVN] sagde det samme."),
    ("Hans Jensen var mødeleder.", "[NAVN] var mødeleder."),
    ("Tak til Per og Hans.", "Tak til [NAVN] og [NAVN]."),
    ("Dr. Grønbech holdt oplæg.", "Dr. [NAVN] holdt oplæg."),
    ("dr. Hansen fra Skejby", "dr. [NAVN] fra Skejby"),
    ("min kollega Jens B. Hansen", "min kollega [NAVN]"),
    ("kollega Holm er god", "kollega [NAVN] er god"),
    ("Mvh Frej", "Mvh [NAVN]"),
    ("Mettes oplæg og Jensens klinik", "[NAVN] oplæg og [NAVN] klinik"),
    ("Anne-Mette var der.", "[NAVN] var der."),
    ("Vi mødes i Lægehuset Solsiden.", "Vi mødes i [KLINIK]."),
    ("Oplæg fra Hudklinikken i Odense om cases", "Oplæg fra [KLINIK] om cases"),  # a clinic named by its town
    ("Møde på klinikken i Aarhus", "Møde på [KLINIK]"), ("Klinikken på Strøget", "[KLINIK]"),
    ("oplæg fra hudklinikken i odense", "oplæg fra [KLINIK]"), ("Øjenlægerne i Viborg", "[KLINIK]"),
    ("Spild af tid, mit CPR er 1234567890", "Spild af tid, mit CPR er [CPR]"),  # called a CPR, whatever its date
    ("cpr-nr.: 123456 7890", "cpr-nr.: [CPR]"),
    ("Hilsen Søren Nielsen, Klinik for Øjensygdomme Vejle", "Hilsen [NAVN], [KLINIK]"),  # it went through (walk12)
    # an English-language survey's names and titles (walk13)
    ("Thanks to Priya Sharma for chairing", "Thanks to [NAVN] for chairing"),
    ("Nurse Kelly helped", "Nurse [NAVN] helped"),
    ("Call back Mr Jones on Monday", "Call back Mr [NAVN] on Monday"), ("Ahmed Hassan was great", "[NAVN] was great"),
    ("Long meetings and a Brown paper bag", "Long meetings and a Brown paper bag"),  # English words stay words
    ("Vi har en klinik for Sønderborg-området", "Vi har en klinik for Sønderborg-området"),  # no name: lower case
    ("Aarhus Øjenklinik er vært.", "[KLINIK] er vært."),
    ("Klinik Vestergade og Jensens Lægehus", "[KLINIK] og [KLINIK]"),
    ("Hilsen Gitte, Hudklinikken Kolding Syd", "Hilsen [NAVN], [KLINIK]"),
    ("se klinik-aarhus.dk eller www.dsam.dk/x", "se [URL] eller [URL]"),
    ("tlf (+45) 9812 3456", "tlf [TELEFON]"),
])
def test_names_clinics_and_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Hans oplæg var godt.", "Per møde bruger vi to timer.", "Bo man langt væk, er det svært.",
    "Region Syddanmark og Region Midtjylland", "PLO, DSAM, KiAP og eKVIS", "Vi fra Hovedstaden og Aarhus",
    "Koordinatoren og overlægen fra Skejby", "Klinikken er lille.", "Øjenklinikken bruger et andet system.",
    "Vi diskuterede DF32.1 kl. 16-18 i 2 timer", "I 2023-2024 havde vi 2000-3000 patienter",
    "Gerne data fra Hovedpinedatabasen eller lign.", "vi skal mette patienterne", "Det var i.De andre tid.Nu",
    "Sometimes hard to follow when everyone speaks fast Danish.", "Almen Praksis og Rigshospitalet",
    "Vi er mange klinikker i Danmark", "Klinikker i Jylland mangler data", "Klinikken i dag var god",
])
def test_look_alikes_are_kept(text: str) -> None:
    assert find_pii(text) == []


@pytest.mark.parametrize("text,expected", [
    # every Danish phone format: +45 / 0045 or none, grouped or not, first digit 1 too
    ("ring +45 12 34 56 78 i dag", "ring [TELEFON] i dag"),
    ("ring 12345678 i dag", "ring [TELEFON] i dag"),
    ("ring 12 34 56 78 i dag", "ring [TELEFON] i dag"),
    ("ring 1234 5678 i dag", "ring [TELEFON] i dag"),
    ("ring 0045 12345678 i dag", "ring [TELEFON] i dag"),
    ("ring 0045 12 34 56 78 i dag", "ring [TELEFON] i dag"),
    ("ring +4512345678 i dag", "ring [TELEFON] i dag"),
    ("ring +45 1234 5678 i dag", "ring [TELEFON] i dag"),
    ("ring (+45) 12345678 i dag", "ring [TELEFON] i dag"),
    # an English-language survey's numbers went through whole (walk13), and one area code was left
    ("Call me on 07700 900123", "Call me on [TELEFON]"), ("My mobile is +44 7700 900123", "My mobile is [TELEFON]"),
    ("Phone 020 7946 0958 any time", "Phone [TELEFON] any time"), ("Ring +44 (0)20 7946 0958", "Ring [TELEFON]"),
    ("Reach me at (555) 123-4567", "Reach me at [TELEFON]"), ("Call 555-867-5309 please", "Call [TELEFON] please"),
    ("My NHS number is 943 476 5919", "My NHS number is [TELEFON]"), ("My SSN is 123-45-6789", "My SSN is [CPR]"),
    ("Contact me at j.doe(at)nhs.net", "Contact me at [EMAIL]"),  # 'me at j.doe' hid the address; its name leaked
    ("krigen (1894-1895) sluttede", "krigen (1894-1895) sluttede"),
    ("patient 123 456 789 fik", "patient 123 456 789 fik"),
    ("Det kostede 100 000 kr", "Det kostede 100 000 kr"),
    ("ring 12-34-56-78 i dag", "ring [TELEFON] i dag"),
    ("ring 12.34.56.78 i dag", "ring [TELEFON] i dag"),
    ("ring 12 34 5678 i dag", "ring [TELEFON] i dag"),
    ("ring 1234 56 78 i dag", "ring [TELEFON] i dag"),
    ("tlf. 12032024", "tlf. [TELEFON]"),
    # obfuscated e-mail addresses
    ("mail mette.jensen(at)gmail.com nu", "mail [EMAIL] nu"),
    ("mail mette.jensen (at) gmail.com nu", "mail [EMAIL] nu"),
    ("mail mette.jensen [at] gmail.com nu", "mail [EMAIL] nu"),
    ("mail mette.jensen(a)gmail.com nu", "mail [EMAIL] nu"),
    ("mail mette.jensen at gmail.com nu", "mail [EMAIL] nu"),
    ("mail mette at gmail.com nu", "mail [EMAIL] nu"),
    ("mail mj(AT)klinik(DOT)dk nu", "mail [EMAIL] nu"),
    ("mail mj@klinik dot dk nu", "mail [EMAIL] nu"),
    # street addresses
    ("på Nørregade 12 i aften", "på [ADRESSE] i aften"),
    ("på Vestergade 3, 2. th. i aften", "på [ADRESSE] i aften"),
    ("på H.C. Andersens Boulevard 27 i aften", "på [ADRESSE] i aften"),
    ("på Gl. Kongevej 10B i aften", "på [ADRESSE] i aften"),
    ("på Nørre Allé 5, st. tv. i aften", "på [ADRESSE] i aften"),
    ("til Jernbanevej 5A, 8000 Aarhus C i aften", "til [ADRESSE] i aften"),
])
def test_phones_obfuscated_mails_and_addresses(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Vi mødes 3 gange om året.", "Møderne starter kl. 14 og slutter kl. 16.30.", "Kun 45 % deltog i 2023.",
    "Mødet den 12.03.2024 blev aflyst.", "Mødet 14-05-2024 blev aflyst.", "Mødet 2024-03-12 blev aflyst.",
    "Budgettet var 12.345.678 kr.", "Vi har 12345 patienter og 1234 med diabetes.", "I 2023-2024 og 1990 2020",
    "Mødet er kl. 1230-1530.", "Sag 2024-1234 er lukket.", "Vejen til bedre møder er lang.",
    "Husk at sundhed.dk kun er en hjemmeside", "Vi skal lære at bruge data.", "Plads 20 er nok.",
    "Arbejdsplads 3 gange om ugen", "I Danmark 2024 var der flere.", "Indikator 2.3 og 4.1 er vigtige.",
    "Der var 12345678 kr. i puljen.", "Cirka 12 34 56 78 % af tiden.", "Kontakt sekretariatet (a) eller (b).",
])
def test_number_and_word_look_alikes_are_kept(text: str) -> None:
    assert [text[s.start:s.end] for s in find_pii(text) if s.kind in ("TELEFON", "EMAIL", "ADRESSE")] == []


def test_a_long_text_full_of_personal_data_is_redacted() -> None:
    """A comment may be a megabyte; overlap checks are by bisection (they were quadratic: minutes here)."""
    text = "Ring til Mette på 12 34 56 78 eller mød op på Nørregade 12. " * 4_000
    redacted = redact(text)
    assert redacted == "Ring til [NAVN] på [TELEFON] eller mød op på [ADRESSE]. " * 4_000


def test_redaction_is_idempotent_and_deterministic() -> None:
    for case in PLANTED:
        once = redact(case.text)
        assert redact(once) == once
        assert redact(case.text) == once


def test_name_lists_are_data() -> None:
    lists = word_lists()
    assert len(lists.first) >= 300 and len(lists.last) >= 200
    assert {"mette", "jens", "søren"} <= lists.first and {"jensen", "nielsen", "holm"} <= lists.last
    assert {"hans", "per", "holm"} <= lists.ambiguous
    assert {"aarhus", "hovedstaden"} <= lists.places and {"plo", "dsam"} <= lists.not_names


def test_text_module_delegates_to_privacy() -> None:
    from coder import text

    assert text.redact is redact and text.find_pii is find_pii
    assert text.redact("Ring til Mette på 28 14 55 90") == "Ring til [NAVN] på [TELEFON]"


def test_marked_sentences_parse_and_bad_kinds_fail() -> None:
    text, spans = parse_marked("ring [[TELEFON:28 14 55 90]] til [[NAVN:Mette]]")
    assert text == "ring 28 14 55 90 til Mette"
    assert [(text[s.start:s.end], s.kind) for s in spans] == [("28 14 55 90", "TELEFON"), ("Mette", "NAVN")]
    with pytest.raises(InputError):
        parse_marked("[[NAME:Mette]]")


def test_a_finder_that_redacts_everything_scores_badly() -> None:
    """Over-redaction is counted on word spans: a finder that blanks every text must score 100 % false."""
    result = score(PLANTED, finder=lambda text: [Span(0, len(text), "NAVN")])
    assert result.recall == 1.0
    assert result.false_rate == 1.0 and result.false_char_rate == 1.0
    assert result.over_rate == 1.0 and result.over_tokens == result.other_tokens > 600
    assert result.right_kind < result.removed  # only the planted names get the right placeholder


def test_a_finder_that_redacts_nothing_scores_badly() -> None:
    result = score(PLANTED, finder=lambda text: [])
    assert result.removed == 0 and result.recall == 0.0
    assert result.false_rate == 0.0 and result.over_rate == 0.0


# Among the most common first names in Denmark (Danmarks Statistik's name lists), men's then women's.
COMMON_FIRST_NAMES = (
    "Mads", "Frederik", "Rasmus", "Mathias", "Emil", "Lucas", "Magnus", "Oliver", "Mikkel", "Christian", "Kasper",
    "Martin", "Thomas", "Anders", "Søren", "Niels", "Jesper", "Henrik", "Morten", "Jacob", "Jakob", "Michael",
    "Lars", "Peter", "Jens", "Ole", "Hans", "Per", "Jan", "Kim", "Bo", "Poul", "Jørgen", "Torben", "Carsten",
    "Brian", "Kenneth", "Allan", "Claus", "Erik", "Steen", "Flemming", "William", "Noah", "Victor", "Oscar", "Carl",
    "Alfred", "Aksel", "Anton", "Valdemar", "Elias", "Stefan", "Kirsten", "Hanne", "Mette", "Anne", "Susanne",
    "Lene", "Marianne", "Camilla", "Louise", "Maria", "Julie", "Ida", "Emma", "Sofie", "Freja", "Laura", "Cecilie",
    "Katrine", "Line", "Charlotte", "Pia", "Tina", "Helle", "Bente", "Birgitte", "Inge", "Karin", "Lone", "Dorte",
    "Anna", "Karen", "Gitte", "Jette", "Rikke", "Sanne", "Maja", "Christina", "Heidi", "Lise", "Janne", "Tanja",
    "Ulla", "Eva", "Lisbeth", "Anja", "Mia", "Malene", "Signe", "Stine", "Trine", "Lotte", "Nanna", "Josefine",
    "Clara", "Alma", "Ella", "Agnes", "Olivia", "Karla", "Nora", "Linda", "Berit", "Sarah", "Sara", "Karoline",
    "Sophia", "Elise", "Jytte", "Inger", "Birthe", "Merete",
)


def test_the_most_common_first_names_are_listed() -> None:
    assert sorted(n for n in COMMON_FIRST_NAMES if n.casefold() not in word_lists().first) == []


def test_the_word_lists_agree() -> None:
    """Names that are words are listed names; a name is either ambiguous or an ordinary word in lower case."""
    lists = word_lists()
    names = lists.first | lists.last
    assert lists.lowercase_words <= names | {n + "s" for n in names}
    assert not lists.lowercase_words & lists.ambiguous
    assert lists.lowercase_verbs <= lists.first


@pytest.mark.parametrize("text,expected", [
    # a common first name that was missing ("Mads"), and whole names
    ("Jeg hedder Mads Holm Andersen", "Jeg hedder [NAVN]"),
    ("Mads er en god koordinator", "[NAVN] er en god koordinator"),
    ("Tak til Mads Nielsen", "Tak til [NAVN]"),
    ("Tak til Kresten Nielsen for mødet.", "Tak til [NAVN] for mødet."),  # an unlisted first name before a surname
    ("Kresten Nielsen styrer møderne", "[NAVN] styrer møderne"),
    ("Tak Mette!", "Tak [NAVN]!"),  # a word before a first name at a sentence's start stays
    ("Overlæge Mette Holm var god", "Overlæge [NAVN] var god"),  # the title stays
    ("New Zealands Adam Hall vandt", "New Zealands [NAVN] vandt"),  # so does a genitive
    # names in lower case
    ("tak til mette og jens for et godt møde", "tak til [NAVN] og [NAVN] for et godt møde"),
    ("jeg hedder mads holm andersen", "jeg hedder [NAVN]"),
    ("tak til hanne lykkegaard og lone vestergaard", "tak til [NAVN] og [NAVN]"),
    ("Tak til Mette hansen", "Tak til [NAVN]"),
    ("i morgen skal jens holde oplæg", "i morgen skal [NAVN] holde oplæg"),
    ("mettes oplæg og anne-sofie bak", "[NAVN] oplæg og [NAVN]"),
    ("spørg karin eller rasmus", "spørg [NAVN] eller [NAVN]"),
])
def test_whole_names_and_names_in_lower_case(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "vi skal mette patienterne", "kan vi mette deltagerne med færre slides", "karens på tre dage er for lang",
    "hun er holdets benjamin", "vi skal kåre årets klynge", "tom for ideer", "rene data er bedre",
    "hans oplæg var godt", "per møde bruger vi to timer", "lykke til", "storm og regn", "max to timer",
    "august er dårligt", "en lang line af sager", "sometimes the rules are bent", "vindmøller og møller",
    "ellen ved søen", "et helle for faglig snak", "liv og glade dage", "en kristen tilgang",
])
def test_lower_case_words_that_look_like_names_are_kept(text: str) -> None:
    assert find_pii(text) == []


def test_every_planted_name_in_lower_case_is_found_and_no_lower_case_look_alike_is_redacted() -> None:
    lower = [c for c in PLANTED if c.text == c.text.lower()]
    names = score([c for c in lower if not c.clean])
    assert names.identifiers >= 20 and names.recall == 1.0, names.missed
    clean = score([c for c in lower if c.clean])
    assert clean.clean_sentences >= 15 and clean.false_tokens == 0, clean.false


@pytest.mark.parametrize("text, expected", [
    ("JENS HANSEN dominerer alle møderne", "[NAVN] dominerer alle møderne"),
    ("Møderne ledes af MORTEN KJÆR, det fungerer dårligt", "Møderne ledes af [NAVN], det fungerer dårligt"),
    ("cpr 150372/1234 stod på et slide", "cpr [CPR] stod på et slide"),
    ("cpr 15.03.72-1234 stod på et slide", "cpr [CPR] stod på et slide"),
    ("hans nummer 15.03.72-1234", "hans nummer [CPR]"),
    ("Postboks 123, 9000 Aalborg", "[ADRESSE]"),
    ("Postboks 7, 8000 Aarhus C.", "[ADRESSE]."),
    ("skriv til @jenshansen på Twitter", "skriv til [NAVN] på Twitter"),
])
def test_shouted_names_other_cpr_forms_post_boxes_and_handles(text: str, expected: str) -> None:
    """What walk30's data protection audit found going through: a name in capitals reached a fact sheet's quotes."""
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "KOL og PLO og DSAM og AMD og ALS og KBU og OUH", "HUSK AT SENDE DAGSORDEN", "MERE DATA TAK",
    "JEG SYNES MØDERNE ER FOR LANGE", "BO og PER", "møde 01.02.2024-1300", "side 12/2024", "mødes kl. 15.30-16.00",
    "mail mig på jens@klinik.dk", "vi mødes @ klinikken", "@alle: bedre dagsorden", "@everyone husk mødet",
])
def test_capitals_dates_and_at_signs_that_are_no_personal_data_are_kept(text: str) -> None:
    assert find_pii(text) == [] or [s.kind for s in find_pii(text)] == ["EMAIL"]


def test_every_answer_of_the_labelled_sets_written_in_capitals_has_no_more_redactions() -> None:
    """Reading a word in capitals as a name (walk30) must not turn an answer someone shouted into placeholders."""
    import csv

    with (ROOT / "data" / "klynger_2025.csv").open(encoding="utf-8-sig") as f:
        texts = {v for row in csv.DictReader(f, delimiter=";") for k, v in row.items()
                 if k in ("forbedringer", "kommentar") and v}
    assert len(texts) > 300
    assert [t for t in sorted(texts) if redact(t.upper()).count("[") > redact(t).count("[")] == []
