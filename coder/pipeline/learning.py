"""What ``coder code`` learns from (reviewer decisions, hand-coded columns) and how it classifies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from coder.classify import (
    Classifier,
    Coding,
    Features,
    GoldLabel,
    Labelled,
    LeftOut,
    ThemeClassifier,
    Thresholds,
    codebook_examples,
    from_gold,
    gold_labels,
    gold_left_out,
    human_labelled,
    merge,
    thresholds_from_labels,
    zero_shot,
)
from coder.classify.adapt import AdaptedZeroShot, adapt
from coder.classify.selftrain import no_surer_than_the_codebook
from coder.codebook import Codebook
from coder.embed import CachedEmbed
from coder.errors import InputError, Notice
from coder.io import Batch, ReadOptions, make_batch, read_table
from coder.pipeline.options import CodeOptions, LabelSummary
from coder.review.audit import counted_draws
from coder.store import ADJUDICATED, DISPUTED, HUMAN, Store
from coder.text import key, shorten


@dataclass(frozen=True)
class Labels:
    """The labels a run learns from, and the input's own hand-coded answers (which become human labels)."""

    labelled: Labelled | None
    reviewed: int
    gold: int
    own_gold: tuple[GoldLabel, ...]  # hand-coded answers of the input itself


Gold = tuple[Labelled | None, tuple[GoldLabel, ...]]


def read_gold(chunks: Iterable[Batch], questions: tuple[str, ...], codebook: Codebook, options: CodeOptions,
              input_path: Path, embed: CachedEmbed) -> tuple[Gold, tuple[Notice, ...]]:
    """Hand-coded labels (from the input, chunk by chunk, or --labels) and the input's own; read before the
    project is touched. With the warning for a --labels file's hand-coded answers that teach nothing (the
    input's own are named as the run goes)."""
    spec = options.labels
    if spec is not None and spec.project:
        labelled, notices = project_labels(spec.path, codebook, embed)
        return (labelled, ()), notices
    if spec is None or not spec.gold_columns:
        return (None, ()), ()
    if spec.path is None or spec.path.resolve() == input_path.resolve():
        by_question: dict[str, list[GoldLabel]] = {q: [] for q in questions}  # question by question, as a whole batch
        for batch in chunks:
            for g in gold_labels(batch, codebook, spec.gold_columns, require=False):
                by_question[g.question].append(g)
        own = tuple(g for q in questions for g in by_question[q])
        if not own:
            columns = ", ".join(spec.gold_columns)
            raise InputError(f"no answer has a gold label in {columns}; fill in theme ids ('|' between)",
                             danish=f"ingen besvarelse er håndkodet i {columns}; udfyld tema-id'er ('|' imellem)")
        return (from_gold(own, embed, random=spec.random), own), ()
    read = ReadOptions(questions, options.read.id_column, options.read.sheet, options.read.encoding,
                       options.read.delimiter)
    table = read_table(spec.path, read)
    if {"question", "themes", "label_source"} <= set(table.columns):
        raise InputError(f"--labels {spec.path}: this is a project's assignments.csv; give the project's folder "
                         f"instead (--labels {spec.path.parent}) to learn from its reviewers' labels",
                         danish=f"--labels {spec.path}: det er et projekts assignments.csv; angiv projektets mappe i "
                                f"stedet (--labels {spec.path.parent}) for at lære af dets revieweres koder")
    try:
        batch = make_batch(table, read.text_columns, read.id_column)
    except InputError as err:  # the file needs the input's question columns: say which file lacks one
        raise InputError(f"--labels {spec.path.name}: {err}; a labels file has the input's question columns",
                         danish=f"--labels {spec.path.name}: {err.danish}; en fil med koder har inputtets "
                                "spørgsmålskolonner") from None
    gold = gold_labels(batch, codebook, spec.gold_columns)
    labelled = from_gold(gold, embed, spec.random)
    notices = _left_out_notice(spec.path, gold_left_out(batch, spec.gold_columns)) + _conflicts(spec.path, gold)
    return (labelled, ()), notices


def project_labels(project: Path, codebook: Codebook, embed: CachedEmbed) -> tuple[Labelled, tuple[Notice, ...]]:
    """The reviewers' labels in force in another project (an earlier wave): human and adjudicated, on the text
    each was made on, with a theme of this codebook. Its audit sample was drawn from that wave, so they are
    never random labels of this one. With a warning naming the labels left out for a theme this codebook lacks,
    and one when that project was coded with another codebook (its themes are matched by id)."""
    store = Store.open_project(project)
    try:
        decided = store.training_labels(codebook.ids)
        theirs = store.current_run().codebook
        every = store.training_labels(tuple(dict.fromkeys((*theirs.ids, *codebook.ids))))
        disputed = sum(s.source == DISPUTED for s in store.label_states().values()) if not decided else 0
    finally:
        store.close()
    notices = _project_notices(project, codebook, theirs, decided, every)
    found = human_labelled([d[1] for d in decided], [d[2] for d in decided], [d[3] for d in decided],
                           set(codebook.ids), embed)
    if found is None and disputed:
        raise InputError(f"--labels {project}: the {disputed} answers its reviewers coded are disputed, so none is "
                         f"settled to learn from; settle them first: coder review {project} --reviewer NAME "
                         "--adjudicate",
                         danish=f"--labels {project}: de {disputed} svar, projektets reviewere har kodet, er uenige, "
                                f"så intet er afgjort at lære af; afgør dem først: coder review {project} --reviewer "
                                "NAVN --adjudicate")
    if found is None:
        raise InputError(f"--labels {project}: the project holds no reviewer label with a theme of this codebook; "
                         "review it first (coder review) or give a file of hand-coded answers",
                         danish=f"--labels {project}: projektet har ingen reviewerkode med et tema fra denne kodebog; "
                                "gennemgå det først (coder review), eller angiv en fil med håndkodede svar")
    return found, notices


def _project_notices(project: Path, codebook: Codebook, theirs: Codebook, decided: list, every: list
                     ) -> tuple[Notice, ...]:
    """What a run learning from another project's reviewers should know: labels left out, another codebook."""
    out = []
    known = set(codebook.ids)
    missing = sorted({t for *_, themes, _ in every for t in themes if t not in known})
    if len(every) > len(decided):
        n, names = len(every) - len(decided), ", ".join(missing)
        out.append(Notice(f"--labels {project}: {n} of its {len(every)} reviewer labels have a theme this codebook "
                          f"lacks ({names}) and teach nothing; add the theme, or recode them there, if they should",
                          f"--labels {project}: {n} af dets {len(every)} reviewerkoder har et tema, som denne kodebog "
                          f"ikke har ({names}), og bruges ikke til at lære af; tilføj temaet, eller omkod dem dér, "
                          "hvis de skal"))
    if theirs.name != codebook.name:
        out.append(Notice(f"--labels {project}: that project was coded with the codebook '{theirs.name}', not "
                          f"'{codebook.name}'; its labels count where a theme id is the same in both, so check that "
                          "such themes mean the same",
                          f"--labels {project}: det projekt er kodet med kodebogen '{theirs.name}', ikke "
                          f"'{codebook.name}'; dets koder tæller, hvor et tema-id er det samme i begge, så tjek, at "
                          "de temaer betyder det samme"))
    return tuple(out)


def _conflicts(path: Path, gold: Iterable) -> tuple[Notice, ...]:
    """A --labels file that codes one answer (the same text to the same question) with different themes: the model
    learns both, and nothing said so (walk31: a repeated row with a conflicting label)."""
    seen: dict[tuple[str, str], list] = {}
    for g in gold:
        seen.setdefault((g.question, key(g.text)), []).append(g)
    clashes = [gs for gs in seen.values() if len({tuple(g.themes) for g in gs}) > 1]
    if not clashes:
        return ()
    first = clashes[0]
    example = f"'{shorten(first[0].text, 40)}': " + " / ".join(dict.fromkeys("|".join(g.themes) for g in first))
    n = len(clashes)
    some, them = (f"{n} answers are", "each of them") if n > 1 else ("1 answer is", "each code")
    return (Notice(f"--labels {path.name}: {some} hand-coded more than once with different themes (e.g. {example}); "
                   f"the model learns {them}, so settle them in the file",
                   f"--labels {path.name}: {n} svar er håndkodet mere end én gang med forskellige temaer "
                   f"(fx {example}); modellen lærer af hver kode, så afgør dem i filen"),)


def _left_out_notice(path: Path, left: LeftOut) -> tuple[Notice, ...]:
    """A --labels file's hand-coded answers that coder flags empty or non-answers ("Intet." coded kritik): they
    teach nothing, which is said as it is for the hand-coded answers of the input itself."""
    if not left.n:
        return ()
    texts = ", ".join(f"'{shorten(t, 30)}'" for t in left.distinct_non_answers[:5])
    empty_en = f"{left.empty} empty" if left.empty else ""
    empty_da = ("1 tomt" if left.empty == 1 else f"{left.empty} tomme") if left.empty else ""
    return (Notice(f"--labels {path.name}: {left.n} hand-coded answers teach nothing, because coder flags them "
                   f"empty or non-answers ({', '.join(x for x in (texts, empty_en) if x)}); give such answers their "
                   "theme in 'coder review' of the project they came from if the code should count",
                   f"--labels {path.name}: {left.n} håndkodede svar lærer ikke fra sig, fordi coder markerer dem tomme "
                   f"eller ikke-svar ({', '.join(x for x in (texts, empty_da) if x)}); giv sådanne svar deres tema i "
                   "'coder review' i det projekt, de kom fra, hvis koden skal tælle"),)


def gather_labels(store: Store, input_sha256: str, codebook: Codebook, gold: Gold, embed: CachedEmbed,
                  reviewed_elsewhere: bool = False) -> Labels:
    """Reviewer decisions already in the project, then the hand-coded labels (``reviewed_elsewhere``: another
    project's reviewer labels, counted as reviewed).

    A drawn answer is marked random (it calibrates and backs --target-precision) only when the label it
    trains with is its audit label (blind or adjudicated), not one made seeing the model, and that label counts
    (``coder.review.audit.counted_draws``: not drawn after a skipped answer of its stratum).
    """
    decided = store.training_labels(codebook.ids)
    states = store.label_states()
    drawn = counted_draws(store.audit_items(input_sha256), states)  # not those after a skipped draw
    audit = {c: s.audit_themes for c, s in states.items() if c in drawn and s.audit_source in (HUMAN, ADJUDICATED)}
    reviewed = human_labelled([d[1] for d in decided], [d[2] for d in decided], [d[3] for d in decided],
                              set(codebook.ids), embed, [audit.get(d[0]) == d[2] for d in decided])
    merged = merge(reviewed, gold[0])
    n_reviewed = len(reviewed) if reviewed else 0
    n_gold = (len(merged) - n_reviewed) if merged else 0
    if reviewed_elsewhere:
        n_reviewed, n_gold = n_reviewed + n_gold, 0
    return Labels(merged, n_reviewed, n_gold, gold[1])


@dataclass(frozen=True)
class Fitted:
    """The classifier a run codes with, and what it learned on the way."""

    classifier: Classifier
    summary: LabelSummary
    thresholds: Thresholds | None
    settings: dict[str, object]


CodeRest = Callable[[Classifier, set[str]], Iterable[tuple[Features, Coding]]]


def fit_classifier(codebook: Codebook, labels: Labels, embed: CachedEmbed, target_precision: float | None,
                   code_rest: CodeRest, adapt_to_batch: bool = True) -> Fitted:
    """The codebook (adapted to the batch), or, given labels, the classifier that learns from them.

    ``code_rest(clf, seen)`` yields, chunk by chunk, the batch's distinct answers whose comparison key
    is not in ``seen`` (the labelled ones) with ``clf``'s coding of them: the codebook adapts to them, and
    the learned classifier is held to the codebook's confidence on them until random labels calibrate it.
    """
    zero = zero_shot(codebook, embed)
    settings: dict[str, object] = {"temperature": zero.temperature, "keyword_weight": zero.keyword_weight}
    examples = codebook_examples(codebook, embed)
    prior = adapt(zero, examples, lambda clf: code_rest(clf, set())) if adapt_to_batch else zero
    thresholds = (None if target_precision is None else
                  thresholds_from_labels(prior, labels.labelled, examples, target_precision))
    adapted = sum(prior.pseudo.values()) if isinstance(prior, AdaptedZeroShot) else 0
    if labels.labelled is None:
        return Fitted(prior, LabelSummary(adapted=adapted), thresholds, settings)
    seen = {key(t) for t in labels.labelled.features.texts}
    learner = no_surer_than_the_codebook(ThemeClassifier(prior, examples).fit(labels.labelled), labels.labelled,
                                         lambda clf: code_rest(clf, seen))
    summary = LabelSummary(labels.gold, labels.reviewed, len(examples), tuple(float(w) for w in learner.weights_),
                           adapted if learner.prior_ is prior else 0)  # the labels may prefer the codebook as written
    return Fitted(learner, summary, thresholds, settings)
