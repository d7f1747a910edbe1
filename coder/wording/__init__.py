"""Every sentence a person reads, per locale (English or Danish), and number formatting with decimal commas.

The report's texts are here; ``texts_audit`` holds what a report says of its audit sample,
``texts_console`` what the CLI prints besides reports and ``texts_review`` what the review screen shows.
``Wording.t(key)`` finds a text in any of them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from coder.errors import CoderError
from coder.wording.texts_audit import TEXTS as _AUDIT
from coder.wording.texts_console import TEXTS as _CONSOLE
from coder.wording.texts_review import TEXTS as _REVIEW
from coder.wording.texts_waves import TEXTS as _WAVES

LOCALES = ("en", "da")
MINUS = "−"  # U+2212, reads better than a hyphen in tables

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Themes – {name}", "Temaer – {name}"),
    "theme": ("Theme", "Tema"),
    "n": ("n", "n"),
    "share": ("Share %", "Andel %"),
    "ci": ("95 % CI", "95 %-KI"),
    "corrected": ("Corrected %", "Korrigeret %"),
    "mentions_n": ("Mentions n", "Nævnt n"),
    "mentions": ("Mentions %", "Nævnt %"),
    "quotes": ("Quotes", "Citater"),
    "group": ("Group", "Gruppe"),
    "all": ("All", "Alle"),
    "national": ("National", "Landsgennemsnit"),
    "diff": ("Diff. pp", "Forskel (pct.-point)"),
    "question": ("Question", "Spørgsmål"),
    "comments": ("Comments", "Kommentarer"),
    "notes": ("Notes", "Noter"),
    "suppressed": ("suppressed (n < {min})", "skjult (n < {min})"),
    "suppressed_protects": ("suppressed to protect a smaller group", "skjult for at beskytte en mindre gruppe"),
    "merged_spellings": ("Read as one group, as they differ only in capitals, spaces or hyphens: {items}.",
                         "Læst som én gruppe, da de kun adskiller sig ved store og små bogstaver, mellemrum eller "
                         "bindestreger: {items}."),
    "merged_as": ("{others} as {name}", "{others} som {name}"),
    "denominator": ("{n} substantive answers = 100 % (the denominator); also {non} {non_word} and {empty} empty",
                    "{n} besvarelser med indhold = 100 % (nævneren); desuden {non} ikke-svar og {empty} {empty_word}"),
    "denominator_0": ("No substantive answers to this question ({non} {non_word} and {empty} empty), so no shares; "
                      "check that it is the right column",
                      "Ingen besvarelser med indhold på dette spørgsmål ({non} ikke-svar og {empty} {empty_word}), så "
                      "ingen andele; tjek at det er den rigtige kolonne"),
    "denominator_1": ("1 substantive answer = 100 % (the denominator); also {non} {non_word} and {empty} empty",
                      "1 besvarelse med indhold = 100 % (nævneren); desuden {non} ikke-svar og {empty} {empty_word}"),
    "review": ("; {n} need review", "; {n} afventer review"),
    "disputed_open": (" {n} answers were coded differently by two reviewers and await adjudication (the model's code "
                      "counts until then: coder review DIR -r NAME --adjudicate).",
                      " {n} besvarelser er kodet forskelligt af to reviewere og venter på en afgørelse (modellens kode "
                      "tæller indtil da: coder review DIR -r NAVN --adjudicate)."),
    "disputed_open_1": (" 1 answer was coded differently by two reviewers and awaits adjudication (the model's code "
                        "counts until then: coder review DIR -r NAME --adjudicate).",
                        " 1 besvarelse er kodet forskelligt af to reviewere og venter på en afgørelse (modellens kode "
                        "tæller indtil da: coder review DIR -r NAVN --adjudicate)."),
    "explain": ("Share = the theme is the answer's primary theme (each answer counted once, so shares sum to "
                "100 %, give or take rounding), with a 95 % Wilson interval. Share, interval and mentions count the "
                "codes in force (the model's, and reviewers' where they coded): the interval covers the sampling of "
                "answers, not the model's coding errors (only a corrected share does). Mentions = answers that "
                "mention the theme at all, as primary or secondary theme (an answer can mention several, so "
                "mentions sum to more than 100 %).",
                "Andel = temaet er besvarelsens primære tema (hver besvarelse tælles én gang, så andelene summerer "
                "til 100 %, på nær afrunding), med 95 %-Wilson-interval. Andel, interval og nævnt tæller de "
                "gældende koder (modellens og reviewernes, hvor de har kodet): intervallet dækker usikkerheden ved "
                "udvalget af besvarelser, ikke modellens fejlkodninger (det gør kun en korrigeret andel). Nævnt = "
                "besvarelser der overhovedet nævner temaet, som primært eller sekundært tema (en besvarelse kan nævne "
                "flere, så summen overstiger 100 %)."),
    "explain_corrected": ("Corrected = the share estimated from a random audit sample of answers that reviewers "
                          "labelled (drawn per theme the model chose), with a 95 % interval covering the audit's "
                          "and the batch's own sampling. Only audited answers correct shares. Mentioned is not "
                          "corrected: it counts the codes as they stand, and on labelled surveys it was off by 4.5 "
                          "points on average (up to 14), so publish it as the coding's count, not as an estimate.",
                          "Korrigeret = andelen estimeret ud fra en tilfældig auditstikprøve af svar, som "
                          "reviewere har kodet (udtrukket pr. tema, modellen valgte), med 95 %-interval for både "
                          "auditens og besvarelsernes egen stikprøveusikkerhed. Kun auditerede svar korrigerer "
                          "andelene. Nævnt korrigeres ikke: det tæller koderne, som de står, og på håndkodede "
                          "undersøgelser ramte det i gennemsnit 4,5 point ved siden af (op til 14), så offentliggør "
                          "det som kodningens optælling, ikke som et skøn."),
    "expected_none_checked": ("No person has checked these codes: by its own confidence the model has the primary "
                              "theme right for about {pct} % of the answers (an estimate, not a measurement).",
                              "Ingen person har kontrolleret kodningen: efter modellens egen sikkerhed har den ramt "
                              "det primære tema for ca. {pct} % af besvarelserne (et skøn, ikke en måling)."),
    "among_all": ("Among all answers: ", "Blandt alle besvarelser: "),
    "expected_some_checked": ("{n} answers were coded by a person; for the rest, by its own confidence the model "
                              "has the primary theme right for about {pct} % (an estimate, not a measurement).",
                              "{n} besvarelser er kodet af en person; for resten har modellen efter egen "
                              "sikkerhed ramt det primære tema for ca. {pct} % (et skøn, ikke en måling)."),
    "expected_some_checked_1": ("1 answer was coded by a person; for the rest, by its own confidence the model "
                                "has the primary theme right for about {pct} % (an estimate, not a measurement).",
                                "1 besvarelse er kodet af en person; for resten har modellen efter egen "
                                "sikkerhed ramt det primære tema for ca. {pct} % (et skøn, ikke en måling)."),
    "explain_groups": ("Diff. = group share minus the share of all answers, in percentage points; ▲/▼ marks a "
                       "group whose 95 % interval excludes the share of all answers (a screening flag, not a formal "
                       "test). Groups with fewer than {min} substantive answers are suppressed: shown as – with "
                       "their n, without shares or quotes; so that their shares cannot be worked out by "
                       "subtraction from all answers, the smallest groups shown are suppressed too until the "
                       "suppressed groups hold at least {min}. Empty values are grouped as (unknown).",
                       "Forskel = gruppens andel minus andelen blandt alle, i procentpoint; ▲/▼ markerer en gruppe "
                       "hvis 95 %-interval ikke indeholder andelen blandt alle (en indikation, ikke en formel test). "
                       "Grupper med færre end {min} besvarelser med indhold skjules: vist som – med deres n, uden "
                       "andele og citater; så deres andele ikke kan regnes ud ved at trække fra tallene for alle, "
                       "skjules også de mindste af de viste grupper, til de skjulte grupper tilsammen har mindst "
                       "{min}. Tomme værdier samles som (ukendt)."),
    "chance_marks": ("{marked} of the {lines} group lines are marked ▲/▼. By chance alone up to 1 in 20 can be "
                     "(here about {chance}), even where no group differs: read a marker as a place to look, not as a "
                     "finding.",
                     "{marked} af de {lines} gruppelinjer er markeret ▲/▼. Ved tilfældighed alene kan op mod 1 ud af "
                     "20 være det (her ca. {chance}), også hvor ingen gruppe afviger: læs en markering som et sted at "
                     "se efter, ikke som et fund."),
    "small_group_quotes": ("{group} has at most {n} answers to a question: before publishing, read its quotes for "
                           "roles, years of experience and the like that can point out a person (names, phone "
                           "numbers and e-mails are removed, but not such details).",
                           "{group} har højst {n} besvarelser pr. spørgsmål: læs citaterne igennem, før de "
                           "offentliggøres, for roller, anciennitet og lignende, der kan udpege en person (navne, "
                           "telefonnumre og e-mails er fjernet, men ikke den slags detaljer)."),
    "columns_are": ("The columns, left to right", "Kolonnerne fra venstre"),
    "sr_up": (" (above all answers)", " (over alle svar)"),
    "sr_down": (" (below all answers)", " (under alle svar)"),
    "quotes_hidden_groups": ("No quotes of {groups}: the group is hidden for another question, and a quote could "
                             "lead through the comments sheet to the group's answers there.",
                             "Ingen citater fra {groups}: gruppen er skjult ved et andet spørgsmål, og et citat kunne "
                             "via arket med kommentarer føre til gruppens svar dér."),
    "explain_groups_raw": ("Groups and all answers are compared on the codes as they stand (the model's, and a "
                           "reviewer's where one coded the answer), uncorrected: the audit sample is too small to "
                           "correct each group, so the corrected shares of all answers are not the yardstick here.",
                           "Grupperne og alle svar sammenlignes på koderne, som de står (modellens, og en reviewers, "
                           "hvor en har kodet svaret), ukorrigeret: auditstikprøven er for lille til at korrigere "
                           "hver gruppe, så de korrigerede andele for alle svar er ikke målestokken her."),
    "by_title": ("{question} by {column}", "{question} fordelt på {column}"),
    "sheet_title": ("{group} compared with all answers – {question}",
                    "{group} sammenlignet med alle besvarelser – {question}"),
    "sheet_head": ("{pct} of the answers from {group} ({n} of {d}) have “{label}” as their primary theme. ",
                   "{pct} af besvarelserne fra {group} ({n} af {d}) har »{label}« som primært tema. "),
    "sheet_above": ("That is above the share among all answers, {nat} (a difference of {diff} percentage points).",
                    "Det er over andelen blandt alle besvarelser på {nat} (forskel {diff} procentpoint)."),
    "sheet_below": ("That is below the share among all answers, {nat} (a difference of {diff} percentage points).",
                    "Det er under andelen blandt alle besvarelser på {nat} (forskel {diff} procentpoint)."),
    "sheet_level": ("That is level with the share among all answers, {nat}.",
                    "Det er på niveau med andelen blandt alle besvarelser på {nat}."),
    "sheet_within": ("That is {side} the share among all answers, {nat}, but the difference of {gap} percentage "
                     "points is within the statistical uncertainty.",
                     "Det er {side} andelen blandt alle besvarelser på {nat}, men forskellen på {gap} procentpoint "
                     "ligger inden for den statistiske usikkerhed."),
    "sheet_over": ("above", "over"),
    "unknown_group": ("(unknown)", "(ukendt)"),
    "sheet_under": ("below", "under"),
    "sheet_mentions": (" In all, {m} of {d} ({pct}) mention the theme, as primary or secondary theme.",
                       " I alt nævner {m} af {d} ({pct}) temaet, som primært eller sekundært tema."),
    "sheet_protects": ("{value} has {d} answers with content to the question {where}. Shares and quotes are still not "
                       "shown: a smaller group under the minimum of {min} could otherwise be worked out by "
                       "subtracting the groups' numbers from those of all answers.",
                       "{value} har {d} besvarelser med indhold på spørgsmålet {where}. Andele og citater vises "
                       "alligevel ikke: en mindre gruppe under mindstegrænsen på {min} kunne ellers regnes ud ved at "
                       "trække gruppernes tal fra tallene for alle besvarelser."),
    "sheet_suppressed": ("{value} has {d} answers with content to the question {where}, fewer than the minimum of "
                         "{min}; shares and quotes are therefore not shown.",
                         "{value} har {d} besvarelser med indhold på spørgsmålet {where}, færre end mindstegrænsen "
                         "på {min}; andele og citater vises derfor ikke."),
    "by_none_shown": ("None of the {n} groups of {column} has {min} or more answers with content, so none is shown; "
                      "compare on a column with fewer, larger groups.",
                      "Ingen af de {n} grupper i {column} har mindst {min} besvarelser med indhold, så ingen vises; "
                      "sammenlign på en kolonne med færre og større grupper."),
    "part_title": ("Response rate by {column}", "Svarprocent efter {column}"),
    "part_respondents": ("Respondents", "Respondenter"),
    "part_invited": ("Invited", "Inviterede"),
    "part_rate": ("Response rate %", "Svarprocent"),
    "part_not_named": ("not in the population file", "ikke i populationsfilen"),
    "part_some_without": ("– ({n} groups have none)", "– ({n} grupper har ingen)"),
    "part_some_without_1": ("– (a group has none)", "– (en gruppe har ingen)"),
    "part_too_many": ("more respondents than invited: check the file", "flere respondenter end inviterede: tjek filen"),
    "part_note": ("Respondents: rows of the input in the group, whatever they answered to the open questions; "
                  "invited: the population file ({file}).",
                  "Respondenter: rækker i inputtet i gruppen, uanset hvad de svarede på de åbne spørgsmål; "
                  "inviterede: populationsfilen ({file})."),
    "sheet_no_rate": ("No response rate for {value}: {why}.", "Ingen svarprocent for {value}: {why}."),
    "sheet_rate": ("In {value}, {n} of {invited} answered the survey: a response rate of {rate}.",
                   "Inden for {value} har {n} ud af {invited} besvaret spørgeskemaet, hvilket svarer til en "
                   "svarprocent på {rate}."),
    "sheet_intro": ("{n} respondents from {value} answered the survey; {d} of them answered the question {where} with "
                    "content ({non} {non_word}, {empty} {empties}), out of {total} answers with content in all. The "
                    "percentages below are shares of these answers.",
                    "{n} respondenter fra {value} har besvaret spørgeskemaet; {d} af dem har svaret med indhold på "
                    "spørgsmålet {where} ({non} ikke-svar, {empty} {empties}), ud af {total} besvarelser med indhold "
                    "i alt. Procenterne nedenfor er andele af disse besvarelser."),
    "sheet_unsure": (" The difference rests on {total} answers, {n} of which the model coded with a probability "
                     "under 0.5 and no person has checked: a review can change it.",
                     " Forskellen bygger på {total} besvarelser, hvoraf modellen har kodet {n} med en sikkerhed under "
                     "0,5, uden at en person har kontrolleret dem: en gennemgang kan ændre den."),
    "sheet_unsure_1": (" The difference rests on {total} answers, 1 of which the model coded with a probability "
                       "under 0.5 and no person has checked: a review can change it.",
                       " Forskellen bygger på {total} besvarelser, hvoraf modellen har kodet 1 med en sikkerhed under "
                       "0,5, uden at en person har kontrolleret den: en gennemgang kan ændre den."),
    "chart_marker": ("▲/▼: the group's 95 % interval excludes the share of all answers",
                     "▲/▼: gruppens 95 %-interval udelukker andelen blandt alle besvarelser"),
    "chart_share": ("Share of answers with the theme as primary theme (95 % CI)",
                    "Andel med temaet som primært tema (95 %-KI)"),
    "no_quotes": ("Quotes left out (--no-quotes).", "Citater udeladt (--no-quotes)."),
    "themes_title": ("The themes", "Temaerne"),
    "part_sheet": ("Response rate", "Svarprocent"),
    "quotes_note": ("Quotes are answers a person coded, or that the model gave their theme a probability of at least "
                    "{floor}; a theme can therefore have fewer quotes, or none.",
                    "Citater er besvarelser, som en person har kodet, eller som modellen gav deres tema en "
                    "sandsynlighed på mindst {floor}; et tema kan derfor have færre citater eller ingen."),
    "run_note": ("Codebook: {name} v{version}. Model: {model}. Input: {input}. Run {run}, {started}.",
                 "Kodebog: {name} v{version}. Model: {model}. Input: {input}. Kørsel {run}, {started}."),
    "ci_low": ("CI low", "KI nedre"),
    "ci_high": ("CI high", "KI øvre"),
    "by": ("By", "Fordelt på"),
    "chart_groups_note": ("Purple/orange: the group's 95 % CI lies above/below the share of all answers (dashed). ",
                          "Lilla/orange: gruppens 95 %-KI ligger over/under andelen blandt alle (stiplet). "),
    "col_id": ("Id", "Id"),
    "col_question": ("Question", "Spørgsmål"),
    "col_text": ("Text", "Tekst"),
    "comments_working_sheet": ("A working sheet, not for publishing: every answer beside its respondent's id (personal "
                               "data found in the texts is replaced; what else points a person out is not).",
                               "Et arbejdsark, ikke til offentliggørelse: hver besvarelse står ved respondentens id "
                               "(fundne personoplysninger i teksterne er erstattet; andet, der peger en person ud, er "
                               "ikke)."),
    "col_status": ("Status", "Status"),
    "col_duplicate_of": ("Repeat of", "Gentagelse af"),
    "col_primary": ("Primary theme", "Primært tema"),
    "col_themes": ("Themes", "Temaer"),
    "col_confidence": ("Confidence", "Sikkerhed"),
    "col_label_source": ("Label source", "Kilde"),
    "col_note": ("Note", "Note"),
    "col_review_order": ("Review order", "Reviewrækkefølge"),
    "col_contact": ("Asks to be contacted", "Beder om kontakt"),
    "contact_yes": ("yes", "ja"),
    "sheet": ("Sheet", "Ark"),
    # the comments sheet of the workbook, where a group is suppressed
    "hidden_value": ("(hidden)", "(skjult)"),
    "comments_hidden": (("{n} answers come from respondents in a group suppressed in the tables by {columns} (fewer "
                         "than {min} substantive answers, or suppressed to protect such a group): all their background "
                         "columns read {hidden}, so no answer can be traced to a small group."),
                        ("{n} besvarelser kommer fra respondenter i en gruppe, der er skjult i tabellerne fordelt på "
                         "{columns} (færre end {min} besvarelser med indhold, eller skjult for at beskytte en sådan "
                         "gruppe): alle deres baggrundskolonner viser {hidden}, så ingen besvarelse kan føres tilbage "
                         "til en lille gruppe.")),
    "comments_hidden_1": (("1 answer comes from a respondent in a group suppressed in the tables by {columns} (fewer "
                           "than {min} substantive answers, or suppressed to protect such a group): all its background "
                           "columns read {hidden}, so it cannot be traced to a small group."),
                          ("1 besvarelse kommer fra en respondent i en gruppe, der er skjult i tabellerne fordelt på "
                           "{columns} (færre end {min} besvarelser med indhold, eller skjult for at beskytte en sådan "
                           "gruppe): alle dens baggrundskolonner viser {hidden}, så den ikke kan føres tilbage til en "
                           "lille gruppe.")),
    "narrow_left_out": ("Left out at this screen width: {columns} (in report.md and the other formats).",
                        "Udeladt i denne skærmbredde: {columns} (står i report.md og de andre formater)."),
    "comments_no_attributes": (("The respondents' other background columns ({columns}) are not in this sheet: beside "
                                "the answers they could point out a respondent or a group the tables do not show. "
                                "Compare groups with --by, so small groups are suppressed; assignments.csv, the "
                                "analyst's microdata, holds them all."),
                               ("Respondenternes øvrige baggrundsoplysninger ({columns}) står ikke i dette ark: ved "
                                "siden af svarene kunne de pege en respondent eller en gruppe ud, som tabellerne ikke "
                                "viser. Sammenlign grupper med --by, så små grupper skjules; assignments.csv, "
                                "analytikerens mikrodata, har dem alle.")),
    "comments_left_out": ("The answers of {group} to {questions} are left out: the group is suppressed there.",
                          "Besvarelserne fra {group} på {questions} er udeladt: gruppen er skjult dér."),
    # the REFI-QDA project (coder export --format qdpx): a coding's and the project's descriptions
    "qdpx_primary": ("primary theme: {theme}", "primært tema: {theme}"),
    "qdpx_confidence": ("; confidence {value}", "; sikkerhed {value}"),
    "qdpx_note": ("; note: {note}", "; note: {note}"),
    "qdpx_description": (("Exported by coder from a coded survey ({name} v{version}, model {model}). Personal data "
                          "in the texts and the reviewers' notes is replaced by placeholders such as [NAME]."),
                         ("Eksporteret af coder fra en kodet spørgeskemaundersøgelse ({name} v{version}, model "
                          "{model}). Personoplysninger i teksterne og reviewernes noter er erstattet af pladsholdere "
                          "som [NAVN].")),
}
for _table in (_AUDIT, _CONSOLE, _REVIEW, _WAVES):
    _twice = set(_table) & set(_TEXTS)
    assert not _twice, f"wording keys defined twice: {_twice}"
    _TEXTS.update(_table)


def half_up(x: float, digits: int) -> str:
    """``x`` to ``digits`` decimals, a half rounded away from zero, from the shortest decimal that reads back as
    ``x`` (6.25 → 6.3, 2.675 → 2.68, as Excel shows them; Python's format gives 6.2 and 2.67)."""
    if not math.isfinite(x):
        return f"{x:.{digits}f}"
    return str(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december")


@dataclass(frozen=True)
class Wording:
    """Headers and numbers in one locale: ``en`` (default) or ``da``."""

    locale: str = "en"

    def __post_init__(self) -> None:
        given = self.locale
        object.__setattr__(self, "locale", given.strip().casefold())  # "DA" and "da " are da
        if self.locale not in LOCALES:
            raise CoderError(f"--locale {given}: unknown locale; use {' or '.join(LOCALES)}",
                             danish=f"--locale {given}: ukendt sprog; brug {' eller '.join(LOCALES)}")

    @property
    def danish(self) -> bool:
        return self.locale == "da"

    def t(self, key: str, **values: object) -> str:
        """The text ``key`` in this locale, with ``{placeholders}`` filled in."""
        text = _TEXTS[key][1 if self.danish else 0]
        return text.format(**values) if values else text

    def plural(self, n: int, key: str, **values: object) -> str:
        """``key`` with ``n`` filled in, or ``key_1`` (the singular) when n is 1, ``key_0`` when n is 0 and there is
        one."""
        for form in ((f"{key}_0",) if n == 0 else ()) + ((f"{key}_1",) if n == 1 else ()):
            if form in _TEXTS:
                return self.t(form, n=n, **values)
        return self.t(key, n=n, **values)

    def date(self, iso: str) -> str:
        """'2026-12-07' as a reader writes it: '7. december 2026' (da), '7 December 2026' (en)."""
        year, month, day = (int(x) for x in iso[:10].split("-"))
        names = _MONTHS_DA if self.danish else _MONTHS_EN
        return f"{day}{'.' if self.danish else ''} {names[month - 1]} {year}"

    def quote(self, text: str) -> str:
        """A name quoted in running text: »Radiologi« (da), “Radiology” (en)."""
        return f"»{text}«" if self.danish else f"“{text}”"

    def non_answers(self, n: int) -> str:
        """The word after a count of non-answers: '1 non-answer', '3 non-answers' ('ikke-svar' in Danish)."""
        return "ikke-svar" if self.danish else "non-answer" if n == 1 else "non-answers"

    def empties(self, n: int) -> str:
        """The word after a count of empty answers: '1 tom', '33 tomme' ('empty' in English)."""
        return self.t("status_empty" if n == 1 else "status_empty_n")

    def stat(self, x: float | None, digits: int = 2) -> str:
        """A statistic such as κ: 0.53 (en) or 0,53 (da); – when undefined (None or NaN)."""
        return "–" if x is None or x != x else self.num(x, digits)

    def num(self, x: float, digits: int = 1) -> str:
        """57.1 (en) or 57,1 (da); a minus sign for negatives. A half is rounded up, as a spreadsheet shows it and
        as Danish statistics does (1/16 = 6.25 % is 6,3 %), not to the even digit."""
        s = half_up(abs(x), digits)
        s = s.replace(".", ",") if self.danish else s
        return (MINUS + s) if x < 0 and s.strip("0,.") else s

    def num_or_dash(self, x: float | None, digits: int = 1) -> str:
        """``num``, or – for no value."""
        return "–" if x is None else self.num(x, digits)

    def pct(self, x: float | None, digits: int = 1) -> str:
        """57.1 % (en) or 57,1 % (da); – for no value."""
        return "–" if x is None else f"{self.num(x, digits)} %"

    def ci(self, low: float | None, high: float | None, digits: int = 1) -> str:
        """An interval as 48.2–66.0."""
        return "–" if low is None or high is None else f"{self.num(low, digits)}–{self.num(high, digits)}"

    def diff(self, x: float, digits: int = 1) -> str:
        """A signed difference: +3.2, −3.2 or 0.0."""
        s = self.num(x, digits)
        return s if s.startswith(MINUS) or not s.strip("0,.") else "+" + s


def wording_for(language: str, locale: str | None = None) -> Wording:
    """The wording a reader of a codebook in ``language`` reads (Danish for ``da``); ``locale`` overrides."""
    if locale is None:
        locale = "da" if language.casefold().startswith("da") else "en"
    return Wording(locale)


def danish_sort_key(value: str) -> tuple[str, str]:
    """Sort Danish words the Danish way: æ, ø, å after z (aa left alone)."""
    folded = value.casefold().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))
    return (folded, value)


_BARE_WORD = re.compile(r"[\w.,:/+=@%-]+")


def shell_word(value: str) -> str:
    """``value`` as one word of a command to paste: bare where a shell takes it so, else in double quotes (which
    bash, PowerShell and cmd all read as one word), and in single quotes where double ones would not hold it
    (walk37 pasted "-t Spørgsmål 8: … (åbent svar)" from a notice, and the shell broke it at the spaces)."""
    if _BARE_WORD.fullmatch(value):
        return value
    if not any(c in value for c in '"$`!\\'):
        return f'"{value}"'
    return "'" + value.replace("'", "'\"'\"'") + "'"
