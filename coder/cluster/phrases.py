"""Every sentence of a discovery that a person reads, in English and Danish (``coder.wording.Wording`` picks).

A Danish codebook gives Danish text and decimal commas; without a codebook the text is Danish.
"""

from __future__ import annotations

from coder.codebook import Codebook
from coder.wording import Wording, wording_for

_PHRASES: dict[str, tuple[str, str]] = {
    "title": ("Clusters in the comments", "Klynger i kommentarerne"),
    "map_title": ("Clusters of comments (the plane that spreads the cluster centres most; point size = repeats)",
                  "Klynger af kommentarer (den plan der spreder klyngernes centre mest; punktets størrelse = "
                  "gentagelser)"),
    "map_panel": ("{question}: {comments} comments, {k} clusters", "{question}: {comments} kommentarer, {k} klynger"),
    "map_empty": ("no substantive comments", "ingen kommentarer med indhold"),
    "map_legend": ("cluster: keywords (open ring = weak fit)", "klynge: nøgleord (åben ring = passer svagt)"),
    "codebook": ("Codebook: {name} v{version}.", "Kodebog: {name} v{version}."),
    "fit_note": ("Fit: how much better the codebook explains the cluster than the line for NEW, in thousandths; 0 or "
                 "below is NEW (clusters.md says how it is measured).",
                 "Forklaret: hvor meget bedre kodebogen forklarer klyngen end grænsen for NY, i tusindedele; 0 eller "
                 "derunder er NY (clusters.md siger, hvordan det måles)."),
    "draft_version": ("draft", "udkast"),
    "no_codebook": ("No codebook: every cluster is a suggestion.", "Ingen kodebog: alle klynger er forslag."),
    "summary": ("{comments} substantive comments ({distinct} distinct texts) in {k} {clusters}, k {how}; "
                "{excluded} empty or non-answers left out; {weak} with a weak fit",
                "{comments} kommentarer med indhold ({distinct} forskellige tekster) i {k} {clusters}, k {how}; "
                "{excluded} tomme eller ikke-svar udeladt; {weak} passer svagt"),
    "clusters_n": ("clusters", "klynger"),
    "clusters_1": ("cluster", "klynge"),
    "k_fixed": ("fixed (--clusters)", "fast (--clusters)"),
    "k_capped": ("fewer than --clusters asked: no cluster may hold under {min} texts",
                 "færre end --clusters bad om: ingen klynge må have under {min} tekster"),
    "k_size": ("from the number of texts (about {size} per cluster)",
               "efter antallet af tekster (ca. {size} pr. klynge)"),
    "k_few": ("1 (too few texts)", "1 (for få tekster)"),
    "k_max": ("from the number of texts, at its ceiling (about {per} per cluster)",
              "efter antallet af tekster, ved loftet (ca. {per} pr. klynge)"),
    "praise": ("praise and short answers", "ros og korte svar"),
    "col_keywords": ("keywords", "nøgleord"),
    "col_theme": ("nearest theme", "nærmeste tema"),
    "col_fit": ("fit", "forklaret"),
    "hints": ("Hints:", "Forslag:"),
    "new_near": ("**NEW** (nearest {theme})", "**NY** (nærmest {theme})"),
    "new": ("**NEW**", "**NY**"),
    "new_tag": ("NEW", "NY"),
    "named": (" – but its keyword '{keyword}' is {theme}'s in the codebook",
              " – men nøgleordet '{keyword}' hører til {theme} i kodebogen"),
    "named_short": ("keyword '{keyword}' is {theme}'s", "nøgleordet '{keyword}' hører til {theme}"),
    "named_in_short": ("keyword '{keyword}' holds '{word}' ({theme})",
                       "nøgleordet '{keyword}' rummer '{word}' ({theme})"),
    "named_in": (" – but its keyword '{keyword}' holds '{word}', a keyword of {theme} in the codebook",
                 " – men nøgleordet '{keyword}' rummer '{word}', et nøgleord for {theme} i kodebogen"),
    "hint_split": ("{question}: theme '{theme}' spans clusters {parts} — a candidate for sub-codes",
                   "{question}: temaet '{theme}' fordeler sig på klynge {parts} – måske underkoder"),
    "hint_share": ("{question}: themes '{first}' and '{second}' share cluster {number} ({label}) — merge them or "
                   "sharpen the line between them",
                   "{question}: temaerne '{first}' og '{second}' deler klynge {number} ({label}) – slå dem sammen "
                   "eller gør grænsen skarpere"),
    "method": (
        "Substantive comments only; answers equal after normalisation are clustered once and counted with their "
        "repeats. Praise and short answers that name no topic form their own group (never NEW). The rest: k-means "
        "on centred embeddings, about {size} distinct texts per cluster. Every comment is assigned; a weak fit is "
        "one that a tenth of the other clusters' comments match as well. Keywords: spaCy Danish lookup lemmas and "
        "two-word terms without stop words, class-based TF-IDF without words that rank high in most clusters, "
        "picked to be distinct (MMR). Fit: how much closer a comment's best codebook theme is than both a typical "
        "answer of the other clusters and the average theme, averaged over the cluster. NEW: the fit is nearer the "
        "clusters' median fit once their nearest theme is taken out of the codebook than their median fit as it is. "
        "The fit column shows how far a cluster is "
        "above that threshold, in thousandths: 0 or below is NEW; a NEW cluster whose first five keywords "
        "include a codebook keyword names that keyword and its theme. Draft themes for NEW clusters: `{file}`.",
        "Kun kommentarer med indhold; svar der er ens efter normalisering klynges én gang og tælles med deres "
        "gentagelser. Ros og korte svar uden emne samles i deres egen gruppe (aldrig NY). Resten: k-means på "
        "centrerede embeddings, ca. {size} forskellige tekster pr. klynge. Alle kommentarer placeres; en svag "
        "placering er en som en tiendedel af de andre klyngers kommentarer passer lige så godt til. Nøgleord: "
        "spaCys danske opslagslemmaer og tokordsudtryk uden stopord, klassebaseret TF-IDF uden ord der rangerer "
        "højt i de fleste klynger, valgt så de er forskellige (MMR). Forklaret: hvor meget tættere en kommentars "
        "bedste tema i kodebogen er end både et typisk svar i de andre klynger og det gennemsnitlige tema, som "
        "gennemsnit over klyngen. NY: klyngen "
        "er nærmere klyngernes median, når deres nærmeste tema tages ud af kodebogen, end deres median som de er. "
        "Kolonnen forklaret viser hvor langt en klynge ligger over den grænse, i tusindedele: 0 eller derunder er "
        "NY; en ny klynge, hvis fem første nøgleord rummer et af kodebogens nøgleord, nævner ordet og dets tema. "
        "Udkast til temaer for nye klynger: `{file}`."),
    "draft_label": ("{first} and {second}", "{first} og {second}"),
    "draft_description": (
        "DRAFT – describe the theme. Comments about {keywords}. Found by coder discover in '{question}': cluster "
        "{number}, {size} comments ({share}) that the codebook does not explain{nearest}.",
        "UDKAST – beskriv temaet. Kommentarer om {keywords}. Fundet af coder discover i '{question}': klynge "
        "{number}, {size} kommentarer ({share}) som kodebogen ikke forklarer{nearest}."),
    "draft_nearest": ("; nearest theme '{theme}'", "; nærmeste tema er '{theme}'"),
    "draft_name": ("Suggested new themes ({name})", "Forslag til nye temaer ({name})"),
    "no_name": ("no codebook", "ingen kodebog"),
    "draft_about": ("Clusters the codebook does not explain. Edit label and description, and copy the themes worth "
                    "keeping into the codebook.",
                    "Klynger som kodebogen ikke forklarer. Ret label og beskrivelse, og kopier de temaer der giver "
                    "mening ind i kodebogen."),
    "and": ("and", "og"),
    "cluster_n": ("Cluster {number}", "Klynge {number}"),
}


def wording_of(codebook: Codebook | None, locale: str | None = None) -> Wording:
    """The wording a reader of this codebook gets (Danish without a codebook); ``locale`` overrides."""
    return wording_for(codebook.language if codebook is not None else "da", locale)


def say(w: Wording, key: str, **values: object) -> str:
    """The phrase ``key`` in the wording's language, with ``{placeholders}`` filled in."""
    text = _PHRASES[key][1 if w.danish else 0]
    return text.format(**values) if values else text


def listing(w: Wording, items: list[str]) -> str:
    """'a, b og c' (Danish) or 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {say(w, 'and')} {items[-1]}"

