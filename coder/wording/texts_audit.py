"""Wording of the audit sample behind the corrected shares: what it still needs and what does not count
(English, Danish)."""

TEXTS: dict[str, tuple[str, str]] = {
    "audit_none": ("No corrected share: it needs a random audit sample of {min} answers labelled by reviewers "
                   "(coder review DIR -r NAME --audit {min}).",
                   "Ingen korrigeret andel: den kræver en tilfældig auditstikprøve på {min} svar kodet af "
                   "reviewere (coder review DIR -r NAVN --audit {min})."),
    "audit_lapsed": ("No corrected share: the audit sample was drawn on an earlier input, whose answers differ, so it "
                     "does not apply to this one; draw a new one (coder review DIR -r NAME --audit {min}).",
                     "Ingen korrigeret andel: auditstikprøven blev trukket på et tidligere input med andre svar, så "
                     "den gælder ikke dette; træk en ny (coder review DIR -r NAVN --audit {min})."),
    "audit_short": ("No corrected share yet: {n} of the {min} audited answers it needs are labelled; {needed} more "
                    "(coder review DIR -r NAME --audit {size}).",
                    "Ingen korrigeret andel endnu: {n} af de {min} auditerede svar, den kræver, er kodet; der "
                    "mangler {needed} (coder review DIR -r NAVN --audit {size})."),
    "audit_disputed": (" {n} of the drawn answers are disputed (reviewers differ): settle them with coder review "
                       "DIR -r NAME --adjudicate.",
                       " {n} af de udtrukne svar er uenige (reviewerne koder forskelligt): afgør dem med coder review "
                       "DIR -r NAVN --adjudicate."),
    "audit_disputed_1": (" 1 of the drawn answers is disputed (reviewers differ): settle it with coder review "
                         "DIR -r NAME --adjudicate.",
                         " 1 af de udtrukne svar er uenige (reviewerne koder forskelligt): afgør det med coder review "
                         "DIR -r NAVN --adjudicate."),
    "audit_shown": ("Corrected from {n} audited answers drawn at random.",
                    "Korrigeret ud fra {n} tilfældigt udtrukne, auditerede svar."),
    "audit_seen": (" {n} of the drawn answers are labelled only by reviewers who saw the model's suggestion, so they "
                   "do not count: coder review DIR -r NAME --audit {size} asks for them blind.",
                   " {n} af de udtrukne svar er kun kodet af reviewere, der så modellens forslag, så de tæller ikke "
                   "med: coder review DIR -r NAVN --audit {size} beder om dem blindt."),
    "audit_skipped": (" {n} drawn answers were skipped, so {held} answers drawn after them under the same theme do "
                      "not count until they are coded (leaving out the answers a reviewer passes over would bias "
                      "the sample): coder review DIR -r NAME --audit {size}.",
                      " {n} udtrukne svar er sprunget over, så {held} svar, der er trukket efter dem under samme "
                      "tema, tæller ikke med, før de er kodet (at udelade de svar, en reviewer springer over, ville "
                      "skævvride stikprøven): coder review DIR -r NAVN --audit {size}."),
    "audit_skipped_1": (" 1 drawn answer was skipped, so {held} answers drawn after it under the same theme do not "
                        "count until it is coded (leaving out the answers a reviewer passes over would bias the "
                        "sample): coder review DIR -r NAME --audit {size}.",
                        " 1 udtrukket svar er sprunget over, så {held} svar, der er trukket efter det under samme "
                        "tema, tæller ikke med, før det er kodet (at udelade de svar, en reviewer springer over, ville "
                        "skævvride stikprøven): coder review DIR -r NAVN --audit {size}."),
    "audit_seen_1": (" 1 of the drawn answers is labelled only by reviewers who saw the model's suggestion, so it "
                     "does not count: coder review DIR -r NAME --audit {size} asks for it blind.",
                     " 1 af de udtrukne svar er kun kodet af reviewere, der så modellens forslag, så det tæller ikke "
                     "med: coder review DIR -r NAVN --audit {size} beder om det blindt."),
    "audit_base": (" {n} of the audited answers have no substantive content (non-answers), so the corrected shares "
                   "are of the answers estimated to have content: about {base} of the {n_all} above, not all of them.",
                   " {n} af de auditerede svar er ikke-svar, så de korrigerede andele er af de svar, der skønnes at "
                   "have indhold: ca. {base} af de {n_all} ovenfor, ikke dem alle."),
    "audit_base_1": (" 1 of the audited answers has no substantive content (a non-answer), so the corrected shares are "
                     "of the answers estimated to have content: about {base} of the {n_all} above, not all of them.",
                     " 1 af de auditerede svar er ikke-svar, så de korrigerede andele er af de svar, der skønnes at "
                     "have indhold: ca. {base} af de {n_all} ovenfor, ikke dem alle."),
    "audit_flagged_unseen": (" The {n} answers coder flagged as non-answers are outside the audit: if some are "
                             "answers after all (\"Nothing\" meant as criticism), the corrected shares do not see it; "
                             "coder review DIR -r NAME --status non_answer shows them.",
                             " De {n} svar, coder markerede som ikke-svar, er uden for auditten: er nogle af dem "
                             "alligevel svar (»Intet« ment som kritik), ser de korrigerede andele det ikke; coder "
                             "review DIR -r NAVN --status ikke-svar viser dem."),
    "audit_flagged_unseen_1": (" The 1 answer coder flagged as a non-answer is outside the audit: if it is an answer "
                               "after all, the corrected shares do not see it; coder review DIR -r NAME --status "
                               "non_answer shows it.",
                               " Det 1 svar, coder markerede som ikke-svar, er uden for auditten: er det alligevel et "
                               "svar, ser de korrigerede andele det ikke; coder review DIR -r NAVN --status ikke-svar "
                               "viser det."),
    "audit_apart": (" For {themes}, the share of the codes as they stand (the model's, and the reviewers' where they "
                    "coded) lies outside the corrected share's 95 % interval: publish the corrected share.",
                    " For {themes} ligger andelen af koderne, som de står (modellens, og reviewernes, hvor de har "
                    "kodet), uden for den korrigerede andels 95 %-interval: offentliggør den korrigerede andel."),
    "audit_apart_sheet": (" For {themes}, the share of all answers lies outside the corrected share's 95 % interval "
                          "(from the audit sample): this fact sheet compares the codes as they stand, the table of "
                          "all answers publishes the corrected share.",
                          " For {themes} ligger andelen blandt alle svar uden for den korrigerede andels 95 %-interval "
                          "(fra auditstikprøven): dette faktaark sammenligner koderne, som de står, mens tabellen "
                          "over alle svar offentliggør den korrigerede andel."),
    "audit_apart_theme": ("{label} ({share} against {low}–{high} %)", "{label} ({share} mod {low}–{high} %)"),
}
