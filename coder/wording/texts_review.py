"""What ``coder review`` shows a person, in English and Danish: (en, da) per key."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the lines around the comment
    "top_blind": (" (blind)", " (blind)"),
    "top_position": (" · answer {i} of {n}", " · svar {i} af {n}"),
    "top_decided": (" · decided by you ✓", " · besluttet af dig ✓"),
    "top_adjudicated": (" · adjudicated ✓", " · afgjort ✓"),
    "mode_audit": (" · audit sample", " · auditstikprøve"),
    "mode_adjudicate": (" · adjudication", " · afgørelse"),
    "progress_review": ("{done}/{total} done", "{done} af {total} færdige"),
    "progress_review_filtered": ("{done}/{total} done of the comments the filter showed",
                                 "{done} af {total} færdige blandt de kommentarer, filteret viste"),
    "progress_audit": ("audit: {done} of {total} labelled", "audit: {done} af {total} kodet"),
    "progress_adjudicate": ("adjudicated: {done} of {total}", "afgjort: {done} af {total}"),
    "order_queue": ("what teaches most first", "det mest lærerige først"),
    "order_confidence": ("least confident first", "mest usikre først"),
    "order_random": ("random order", "tilfældig rækkefølge"),
    "order_draw": ("draw order", "trækningsrækkefølge"),
    "order_input": ("input order", "inputrækkefølge"),
    "f_question": ("question", "spørgsmål"),
    "f_theme": ("theme", "tema"),
    "f_status": ("status", "status"),
    "f_search": ("search", "søgning"),
    "f_reviewer": ("coded by", "kodet af"),
    "repeats": (" · +{n} identical", " · +{n} identiske"),
    "more_text": ("▼ more below (PgDn)", "▼ mere nedenfor (PgDn)"),
    # status and label-source names
    "status_coded": ("coded", "kodet"),
    "status_needs_review": ("needs review", "afventer review"),
    "status_non_answer": ("non-answer", "ikke-svar"),
    "status_empty": ("empty", "tom"),
    "status_empty_n": ("empty", "tomme"),  # the plural, after a count other than 1
    "source_model": ("model", "model"),
    "source_human": ("reviewer", "reviewer"),
    "source_disputed": ("disputed", "uenighed"),
    "source_adjudicated": ("adjudicated", "afgjort"),
    "status_todo": ("to do", "mangler"),
    "status_done": ("done", "færdig"),
    "status_disputed": ("disputed", "uenighed"),
    "status_all": ("all", "alle"),
    # the model's suggestion and other reviewers
    "model": ("Model: ", "Model: "),
    "no_themes": ("no themes", "ingen temaer"),
    "marked_not_answer": ("Non-answer · ", "Ikke-svar · "),
    "confidence": (" (confidence {x})", " (sikkerhed {x})"),
    "blind_hidden": ("Blind: the model's suggestion and other reviewers' labels are hidden",
                     "Blind: modellens forslag og andre revieweres koder er skjult"),
    "blind_audit_draw": ("Blind: drawn for the random audit sample; the model's suggestion is hidden so your label "
                         "counts for it",
                         "Blind: udtrukket til den tilfældige auditstikprøve; modellens forslag er skjult, så din kode "
                         "tæller med i den"),
    "blind_decision": (" (blind)", " (blind)"),
    "no_decisions": ("no reviewer decisions", "ingen revieweres koder"),
    # the model's reasons
    "reasons_title": ("Why the model suggests it", "Hvorfor modellen foreslår det"),
    "reasons_keywords": ("keywords: {words}", "nøgleord: {words}"),
    "reasons_no_keywords": ("no keyword", "intet nøgleord"),
    "reasons_example": ("example", "eksempel"),
    "reasons_labelled": ("coded answer", "kodet svar"),
    "reasons_no_vectors": ("(no cached vectors: keywords only)", "(ingen vektorer i cachen: kun nøgleord)"),
    # the codebook panel
    "codebook_title": ("Codebook · {number} {label}", "Kodebog · {number} {label}"),
    "codebook_hint": ("↑/↓ another theme · PgUp/PgDn scroll · c hides",
                      "↑/↓ andet tema · PgUp/PgDn ruller · c skjuler"),
    "cb_include": ("Include: ", "Medtag: "),
    "cb_exclude": ("Exclude: ", "Udelad: "),
    "cb_keywords": ("Keywords: ", "Nøgleord: "),
    "cb_examples": ("Examples:", "Eksempler:"),
    "cb_counter": ("Not this theme:", "Ikke dette tema:"),
    "cb_catch_all": (" (catch-all)", " (opsamlingstema)"),
    # messages
    "all_done": ("All {n} comments done; ←/→ to revisit, q to quit",
                 "Alle {n} kommentarer er færdige; ←/→ for at se dem igen, q afslutter"),
    "all_done_1": ("The comment is done; ←/→ to revisit, q to quit",
                   "Kommentaren er færdig; ←/→ for at se den igen, q afslutter"),
    "saved": ("Saved {who}: {themes}", "Gemt {who}: {themes}"),
    "saved_disputed": (" – differs from {who}: settle with --adjudicate",
                       " – uenig med {who}: afgøres med --adjudicate"),
    "saved_adjudicated": (" – {who} settled it: {themes} stays", " – {who} afgjorde den: {themes} gælder"),
    "adjudicated_decision": (" (settled)", " (afgjort)"),
    "saved_all": ("; all {n} done", "; alle {n} færdige"),
    "saved_all_1": ("; the queue's only answer is done", "; køens eneste svar er færdigt"),
    "skipped": ("Skipped", "Sprunget over"),
    "nothing_to_undo": ("Nothing to undo", "Intet at fortryde"),
    "undone": ("Undone {who}", "Fortrudt {who}"),
    "undone_back": ("Undone {who}: back to {themes}", "Fortrudt {who}: tilbage til {themes}"),
    "no_label": ("no label", "ingen kode"),
    "choose_theme": ("Choose at least one theme first (1-9, or t to pick one)",
                     "Vælg mindst ét tema først (1-9, eller t for at vælge)"),
    "primary_prompt": ("Primary theme: press 1-9, t to pick, space for the marked one (Escape cancels)",
                       "Primært tema: tryk 1-9, t for at vælge, mellemrum for det markerede (Escape fortryder)"),
    "only_prompt": ("Only this theme: press 1-9, t to pick, space for the marked one (Escape cancels)",
                    "Kun dette tema: tryk 1-9, t for at vælge, mellemrum for det markerede (Escape fortryder)"),
    "note_label": ("Note: ", "Note: "),
    "note_kept": ("Note kept: Enter saves it with the themes, i as a non-answer",
                  "Noten er ikke gemt endnu: Enter gemmer den med temaerne, i med ikke-svar"),
    "themes_unsaved": ("The themes are not saved: Enter saves them; q again quits without them",
                       "Temaerne er ikke gemt: Enter gemmer dem; q igen afslutter uden dem"),
    "themes_unsaved_leave": ("The themes are not saved: Enter saves them; the same key again leaves without them",
                             "Temaerne er ikke gemt: Enter gemmer dem; samme tast igen går videre uden dem"),
    "no_theme_key": ("No theme has the key {digit} (1-{n})", "Intet tema har tasten {digit} (1-{n})"),
    "window_small": ("The window is too small to show the answer; make it larger before saving",
                     "Vinduet er for lille til at vise svaret; gør det større, før du gemmer"),
    "note_typing_unsaved": ("The note is not saved: Enter keeps it, Escape drops it; Ctrl-C again quits without it",
                            "Noten er ikke gemt: Enter beholder den, Escape kasserer den; Ctrl-C igen afslutter uden "
                            "den"),
    "note_unsaved": ("The note is not saved yet: Enter saves it with your decision; q again quits without it",
                     "Noten er ikke gemt endnu: Enter gemmer den med din beslutning; q igen afslutter uden den"),
    "note_unsaved_leave": ("The note is not saved yet: Enter saves it with your decision; the same key again "
                           "leaves the comment without it",
                           "Noten er ikke gemt endnu: Enter gemmer den med din beslutning; samme tast igen forlader "
                           "kommentaren uden den"),
    "note_cleared": ("Note cleared", "Noten er slettet"),
    "earlier_decision": ("Earlier (no longer in force) {reviewer}: ", "Tidligere (gælder ikke længere) {reviewer}: "),
    "note_prompt": ("Note for this comment, saved with your decision (Enter keeps it, Escape cancels):",
                    "Note til denne kommentar, gemmes med din beslutning (Enter beholder den, Escape fortryder):"),
    "search_prompt": ("Search the comments (empty shows all; Escape cancels):",
                      "Søg i kommentarerne (tomt viser alle; Escape fortryder):"),
    "search_none": ("No comment in this queue contains “{text}”; the queue is unchanged",
                    "Ingen kommentar i køen indeholder »{text}«; køen er uændret"),
    "queue_size": ("{n} comments in the queue", "{n} kommentarer i køen"),
    "queue_size_1": ("1 comment in the queue", "1 kommentar i køen"),
    "filter_none": ("No comment matches these filters; the queue is unchanged",
                    "Ingen kommentar passer til filtrene; køen er uændret"),
    "filter_title": ("Filter the queue: leave a field empty for no filter (Enter applies, Escape cancels)",
                     "Filtrér køen: lad et felt stå tomt for intet filter (Enter anvender, Escape fortryder)"),
    "filter_theme": ("Theme (number, id or name):", "Tema (nummer, id eller navn):"),
    "filter_status": ("Status ({choices}):", "Status ({choices}):"),
    "filter_reviewer": ("Coded by (reviewer name):", "Kodet af (reviewerens navn):"),
    "filter_bad_theme": ("No theme matches “{x}”", "Intet tema passer til »{x}«"),
    "filter_bad_status": ("Unknown status “{x}”", "Ukendt status »{x}«"),
    "jump_prompt": ("Go to respondent id (e.g. {id}):", "Gå til respondent-id (fx {id}):"),
    "jump_prompt_question": ("Go to respondent id (e.g. {id}; {id} {question} for their answer to {question}):",
                             "Gå til respondent-id (fx {id}; {id} {question} for svaret på {question}):"),
    "jump_filtered": ("{id} is not in this queue (its filters leave it out); f or / changes them",
                      "{id} er ikke i denne kø (filtrene udelader den); f eller / ændrer dem"),
    "jump_unknown": ("No comment has the id {id}", "Ingen kommentar har id'et {id}"),
    "jump_also": ("{id} · {question}; {id} also answered {others} (g {id} {first} goes there)",
                  "{id} · {question}; {id} har også svaret på {others} (g {id} {first} går dertil)"),
    "jump_not_disputed": ("{id} is not among the disputes you can settle: it is not disputed, or you coded it "
                          "yourself (a reviewer who did not settles it)",
                          "{id} er ikke blandt de uenigheder, du kan afgøre: den er ikke uenig, eller du har selv "
                          "kodet den (en reviewer, der ikke har, afgør den)"),
    "order_set": ("Order: {order}", "Rækkefølge: {order}"),
    "order_fixed": ("This queue keeps its own order ({order})", "Denne kø har sin egen rækkefølge ({order})"),
    "picker_title": ("Pick a theme: type its number or part of its name (Enter picks, Escape cancels)",
                     "Vælg et tema: skriv nummer eller en del af navnet (Enter vælger, Escape fortryder)"),
    "picker_none": ("no theme matches", "intet tema passer"),
    "more_themes": ("themes 10-{n}: t", "tema 10-{n}: t"),
    # the key line and the help screen
    "preselected": (" (ticked below)", " (forvalgt nedenfor)"),
    "key_theme": ("theme", "tema"),
    "key_only": ("only", "kun"),
    "key_primary": ("primary", "primær"),
    "key_accept": ("save", "gem"),
    "key_not_answer": ("non-answer", "ikke-svar"),
    "key_skip": ("skip", "spring over"),
    "key_undo": ("undo", "fortryd"),
    "key_note": ("note", "note"),
    "key_search": ("search", "søg"),
    "key_filter": ("filter", "filter"),
    "key_jump": ("go to", "gå til"),
    "key_codebook": ("codebook", "kodebog"),
    "key_help": ("help", "hjælp"),
    "key_quit": ("quit", "afslut"),
    "key_move": ("previous/next", "forrige/næste"),
    "key_pick": ("pick a theme", "vælg tema"),
    "key_order": ("order", "rækkefølge"),
    # the help screen: one key and what it does per line (a tab between them), then a line on its own; every
    # line fits an 80 × 24 terminal
    "help_title": ("Keys", "Taster"),
    "help": (
        "[b]1[/b]-[b]9[/b]\ttoggle that theme (the first one chosen is the primary)\n"
        "[b]o[/b] then [b]1[/b]-[b]9[/b]\tthat theme [i]only[/i]: it replaces the primary and the others\n"
        "[b]p[/b] then [b]1[/b]-[b]9[/b]\tmake that theme the primary (adds it if needed)\n"
        "[b]t[/b]\tpick a theme by number or name (after 9); after [b]o[/b] or [b]p[/b] too\n"
        "[b]↑[/b] / [b]↓[/b]\tmark a theme (the codebook panel shows it); [b]space[/b] toggles it\n"
        "[b]Enter[/b]\tsave the marked themes at once and go to the next comment\n"
        "[b]i[/b]\tsave [i]non-answer[/i] at once (it leaves the shares' base)\n"
        "[b]s[/b]\tskip\n"
        "[b]u[/b]\tundo your latest decision\n"
        "[b]n[/b]\tnote (saved with Enter)\n"
        "[b]←[/b] / [b]→[/b]\tprevious / next comment in the queue\n"
        "[b]/[/b]\tsearch\n"
        "[b]f[/b]\tfilter by theme, status, reviewer\n"
        "[b]g[/b]\tgo to an id\n"
        "[b]r[/b]\torder: what teaches most → least confident → random\n"
        "[b]c[/b]\tshow or hide the codebook panel\n"
        "[b]PgUp[/b] / [b]PgDn[/b]\tscroll the codebook when shown, else a long comment (▼: more)\n"
        "[b]Escape[/b]\tcancels [b]o[/b] / [b]p[/b]\n"
        "[b]q[/b], [b]Ctrl-C[/b]\tquit (every decision is already saved)\n\n"
        "\\[P] primary, \\[x] secondary theme · arrows/PgDn scroll, other keys close",
        "[b]1[/b]-[b]9[/b]\tslå temaet til/fra (det først valgte er det primære)\n"
        "[b]o[/b] og så [b]1[/b]-[b]9[/b]\t[i]kun[/i] det tema: det erstatter det primære og de andre\n"
        "[b]p[/b] og så [b]1[/b]-[b]9[/b]\tgør temaet primært (tilføjer det om nødvendigt)\n"
        "[b]t[/b]\tvælg tema efter nummer eller navn (10 og op); også efter [b]o[/b] og [b]p[/b]\n"
        "[b]↑[/b] / [b]↓[/b]\tmarkér et tema (vises i kodebogen); [b]mellemrum[/b] slår det til/fra\n"
        "[b]Enter[/b]\tgem de valgte temaer med det samme og gå til næste kommentar\n"
        "[b]i[/b]\tgem [i]ikke-svar[/i] med det samme (tæller ikke med i andelene)\n"
        "[b]s[/b]\tspring over\n"
        "[b]u[/b]\tfortryd din seneste beslutning\n"
        "[b]n[/b]\tnote (gemmes med Enter)\n"
        "[b]←[/b] / [b]→[/b]\tforrige / næste kommentar i køen\n"
        "[b]/[/b]\tsøg\n"
        "[b]f[/b]\tfiltrér på tema, status, reviewer\n"
        "[b]g[/b]\tgå til et id\n"
        "[b]r[/b]\trækkefølge: mest lærerige → mest usikre → tilfældig\n"
        "[b]c[/b]\tvis eller skjul kodebogen\n"
        "[b]PgUp[/b] / [b]PgDn[/b]\trul i kodebogen, når den vises, ellers i kommentaren (▼: mere)\n"
        "[b]Escape[/b]\tfortryder [b]o[/b] / [b]p[/b]\n"
        "[b]q[/b], [b]Ctrl-C[/b]\tafslut (alle beslutninger er allerede gemt)\n\n"
        "\\[P] primært, \\[x] sekundært tema · pile/PgDn ruller, andre taster lukker"),
    # after the session, in the terminal
    "review_summary": ("{reviewer}: {n} decisions written this session; {progress}.",
                       "{reviewer}: {n} beslutninger gemt i denne session; {progress}."),
    "review_summary_1": ("{reviewer}: 1 decision written this session; {progress}.",
                         "{reviewer}: 1 beslutning gemt i denne session; {progress}."),
    "review_summary_undone": ("{reviewer}: {n} decisions written this session still stand ({u} undone); {progress}.",
                              "{reviewer}: {n} beslutninger gemt i denne session gælder ({u} fortrudt); {progress}."),
    "review_summary_undone_1": ("{reviewer}: 1 decision written this session stands ({u} undone); {progress}.",
                                "{reviewer}: 1 beslutning gemt i denne session gælder ({u} fortrudt); {progress}."),
    "review_summary_undone_0": ("{reviewer}: no decision written this session, {u} undone; {progress}.",
                                "{reviewer}: ingen beslutning gemt i denne session, {u} fortrudt; {progress}."),
    "audit_drawn": ("Audit sample: {added} new answers drawn ({where}); blind: {blind}.",
                    "Audit-stikprøve: {added} nye svar trukket ({where}); blind: {blind}."),
    "yes": ("yes", "ja"),
    "no": ("no", "nej"),
}
