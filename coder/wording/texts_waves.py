"""Wording of ``coder compare``: two waves of a survey side by side (English, Danish)."""

TEXTS: dict[str, tuple[str, str]] = {
    "waves_title": ("{name}: {before} against {now}", "{name}: {before} mod {now}"),
    "waves_change": ("Change (pp)", "Ændring (pct.-point)"),
    "waves_change_ci": ("95 % CI of the change", "95 %-KI for ændringen"),
    "waves_to": ("to", "til"),
    "waves_about": ("About the comparison", "Om sammenligningen"),
    "waves_wave": ("Wave", "Runde"),
    "waves_codebook_head": ("Codebook", "Kodebog"),
    "waves_model_head": ("Model", "Model"),
    "waves_input_head": ("Input file", "Datafil"),
    "waves_groups_note": ("Change in points of each group's share among its answers with content ({before} to {now}, "
                          "the codes as they stand){marks}; – where the group has "
                          "fewer than {min} such answers in either wave, is hidden there to protect a smaller group, "
                          "or is missing from one.",
                          "Ændring i point af hver gruppes andel blandt dens besvarelser med indhold ({before} til "
                          "{now}, koderne som de står){marks}; – hvor gruppen har "
                          "færre end {min} sådanne besvarelser i en af runderne, er skjult der for at beskytte en "
                          "mindre gruppe eller mangler i den ene."),
    "waves_answers": ("Answers (n)", "Besvarelser (n)"),
    "waves_basis_corrected": (
        "Corrected shares (from each wave's random audit sample), with intervals that include coding error. "
        "{before}: {da} answers, {now}: {dn}.",
        "Korrigerede andele (fra hver runde sin tilfældige auditstikprøve), med intervaller, der også rummer "
        "kodefejl. {before}: {da} besvarelser, {now}: {dn}."),
    "waves_basis_raw": (
        "Shares of the codes as they stand (the model's, and the reviewers' where they coded). The intervals cover "
        "sampling only, not coding error. {before}: {da} answers, {now}: {dn}.",
        "Andele af koderne, som de står (modellens, og reviewernes, hvor de har kodet). Intervallerne dækker kun "
        "stikprøveusikkerhed, ikke kodefejl. {before}: {da} besvarelser, {now}: {dn}."),
    "waves_marks": (" ▲/▼: the change's 95 % interval excludes 0.", " ▲/▼: ændringens 95 %-interval udelukker 0."),
    "waves_no_marks": (" No ▲/▼ and no interval of the change here (the wave was coded adapted to its own answers, "
                       "which moves codes by itself): see the notes on the comparison.",
                       " Ingen ▲/▼ og intet interval for ændringen her (runden er kodet tilpasset egne svar, hvilket "
                       "selv flytter koder): se bemærkningerne om sammenligningen."),
    "waves_group_marks": (", ▲/▼ where its 95 % interval excludes 0", ", ▲/▼ hvor dens 95 %-interval udelukker 0"),
    "waves_group_no_marks": (" (no ▲/▼ and no interval of the change here: see the notes on the comparison)",
                             " (ingen ▲/▼ og intet interval for ændringen her: se bemærkningerne om sammenligningen)"),
    "waves_codebook": (
        "The waves were coded with different codebooks ({before}: {a}; {now}: {b}): part of a change can be the "
        "codebook's. For like-for-like shares, code {before}'s input again with {now}'s codebook into a new project "
        "and compare with that.",
        "Runderne er kodet med forskellige kodebøger ({before}: {a}; {now}: {b}): en del af en ændring kan skyldes "
        "kodebogen. Sammenlign med ens kodning ved at kode data fra {before} igen med kodebogen fra {now} i et nyt "
        "projekt."),
    "waves_model": ("The waves were coded with different models ({before}: {a}; {now}: {b}): part of a change can be "
                    "the model's.",
                    "Runderne er kodet med forskellige modeller ({before}: {a}; {now}: {b}): en del af en ændring kan "
                    "skyldes modellen."),
    "waves_method": ("The waves were coded differently ({before}: {a}; {now}: {b}): part of a change can be the "
                     "coding's.",
                     "Runderne er kodet forskelligt ({before}: {a}; {now}: {b}): en del af en ændring kan skyldes "
                     "kodningen."),
    "waves_learned": ("learned from {n} hand-coded or reviewed answers", "lært af {n} håndkodede eller bedømte svar"),
    "waves_codebook_only": ("the codebook alone", "kun kodebogen"),
    "waves_adapted": (", adapted to its own answers", ", tilpasset rundens egne svar"),
    "waves_unmatched": ("“{question}” ({name}) has no question of the same name in the other wave and is not "
                        "compared; pair renamed questions with --question NOW=BEFORE.",
                        "»{question}« ({name}) har intet spørgsmål med samme navn i den anden runde og sammenlignes "
                        "ikke; par omdøbte spørgsmål med --question NU=FØR."),
    "waves_pooled": ("The waves adapted their codebook to different sets of questions ({before}: {a}; {now}: {b}), "
                     "and adapting learns from all of a run's questions together: a shared question's codes can "
                     "differ for that alone. Code the same questions in both waves, or both with --no-adapt.",
                     "Runderne tilpassede kodebogen til forskellige sæt spørgsmål ({before}: {a}; {now}: {b}), og "
                     "tilpasningen lærer af alle en kørsels spørgsmål sammen: koderne for et fælles spørgsmål kan "
                     "afvige alene af den grund. Kod de samme spørgsmål i begge runder, eller begge med --no-adapt."),
    "waves_spellings": ("Groups spelled otherwise in the two waves are read as one, by the name in {now}: {items}.",
                        "Grupper, der er stavet anderledes i de to runder, er læst som én, med navnet fra {now}: "
                        "{items}."),
    "waves_as": ("as", "som"),
    "waves_shared": ("{n} respondents (by their ids) are in both {before} and {now}: the changes' intervals take the "
                     "waves as independent samples, and where the same people answer alike they are wider than "
                     "needed; where the ids are not the same people's in both waves, this says nothing.",
                     "{n} respondenter (efter deres id) er med i både {before} og {now}: ændringernes intervaller "
                     "regner runderne som uafhængige stikprøver, og hvor de samme personer svarer ens, er de bredere "
                     "end nødvendigt; betyder id'erne ikke de samme personer i begge runder, siger dette intet."),
    "waves_adapted_unmarked": (
        "No ▲/▼ for {questions}: {names} coded with the codebook adapted to the wave's own answers, and adapting "
        "moves codes by itself (two random halves of one survey, each coded so, showed ▲/▼ on 11.5 % of lines where "
        "5 % are due by chance; coded with --no-adapt, 5.6 %). An interval for a change would leave that out, so "
        "none is shown. To have the markers and intervals, code both waves with --no-adapt, or audit both (coder "
        "review DIR -r NAME --audit 50), so that corrected shares are compared.",
        "Ingen ▲/▼ for {questions}: {names} kodet tilpasset egne svar, og tilpasningen flytter selv koder (to "
        "tilfældige halvdele af samme undersøgelse, kodet sådan hver for sig, viste ▲/▼ på 11,5 % af linjerne, hvor "
        "5 % ventes ved tilfældighed; kodet med --no-adapt 5,6 %). Et interval for en ændring ville ikke regne med "
        "det, så intet vises. Kod begge runder med --no-adapt, eller auditér begge (coder review MAPPE -r NAVN "
        "--audit 50), så korrigerede andele sammenlignes, for at få markeringer og intervaller."),
    "waves_adapted_groups": (
        "No ▲/▼ and no intervals of the changes in the group tables of {questions}: groups are compared on the codes "
        "as they stand, and {names} coded with the codebook adapted to the wave's own answers, which moves codes by "
        "itself and which an interval would leave out. Code both waves with --no-adapt to have them.",
        "Ingen ▲/▼ og ingen intervaller for ændringerne i gruppetabellerne for {questions}: grupperne sammenlignes på "
        "koderne, som de står, og {names} kodet tilpasset egne svar, hvilket selv flytter koder, og det ville et "
        "interval ikke regne med. Kod begge runder med --no-adapt for at få dem."),
    "waves_adapted_names_1": ("{name} was", "{name} er"),
    "waves_adapted_names_2": ("both waves were", "begge runder er"),
    "waves_theme_only": ("The theme “{label}” is only in {name}'s codebook: its share is shown for that wave, "
                         "with no change.",
                         "Temaet »{label}« findes kun i kodebogen for {name}: dets andel vises for den runde, uden "
                         "ændring."),
    "waves_people": ("{question}: a person's code stands for {a} answers in {now} and {b} in {before}, the model's "
                     "for the rest; where reviewers worked on one wave only, part of a change can be theirs.",
                     "{question}: en persons kode står for {a} svar i {now} og {b} i {before}, modellens for resten; "
                     "hvor reviewere kun har arbejdet på den ene runde, kan en del af en ændring være deres."),
    "waves_one_corrected": ("Only one wave has corrected shares for {questions}, so the shares of the codes as they "
                            "stand are compared; audit the other wave too to compare corrected shares.",
                            "Kun den ene runde har korrigerede andele for {questions}, så andelene af koderne, som de "
                            "står, sammenlignes; lav også en audit af den anden runde for at sammenligne korrigerede "
                            "andele."),
}
