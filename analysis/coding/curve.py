"""The learning curve: how good are the suggestions after the first 25, 50, 100 decisions?

Five-fold cross-validation assumes 80 % is already coded. :func:`learning_curve` instead simulates a
researcher: the gold is split once (seeded) into a *pool* (70 %) and a fixed *test part* (30 %). The
researcher reviews the pool in the queue's order and the coder is retrained on those decisions; after every
step the suggestions are scored (macro-F1) on the same test part, for every order, so the orders are compared
on the same passages.

Orders:

* ``document``: the pool in the gold's own order (as the passages come in the transcripts);
* ``active``: the review queue's active-learning order, computed by the function ``auto_code`` stores its
  queue with (:func:`analysis.coding.active.rank_queue` on the coder's scores, with ``strategy`` and
  ``queue_codes``), recomputed with the retrained coder every ``batch`` decisions; before any decision the
  zero-shot coder's scores order the queue, as a zero-shot run of ``auto_code`` does. The coder is trained
  on the decisions in document order, as the product reads them from the store (a test checks on a tiny
  project that simulation and product pick the same passages);
* ``random``: a seeded shuffle of the pool.

The result::

    {"curve": {"active": [{"reviewed": 25, "macro_f1": 0.61, "micro_f1": ...}, ...], "document": [...]},
     "pool": 183, "test": 79, "seed": 0}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from analysis.domain import Codebook
from analysis.errors import OptionError

from .active import QUEUE_CODES, STRATEGIES, decided_vectors, queue_columns, queue_inputs, rank_queue, review_order
from .base import AnalyzedPassage, analyze_passages
from .context import attach_contexts
from .evaluate import _rolled, attach_embeddings, gold_groups, gold_questions, load_golds, score_sets

__all__ = ["ORDERS", "learning_curve", "split_pool_test"]

ORDERS = ("active", "document", "random")


def split_pool_test(n: int, *, test_fraction: float = 0.3, seed: int = 0) -> tuple[list[int], list[int]]:
    """Indices of the pool and the test part (both in document order), from one seeded shuffle."""
    if not 0 < test_fraction < 1:
        raise OptionError("coding.test_fraction", value=test_fraction)
    perm = np.random.default_rng(seed).permutation(n)
    n_test = round(test_fraction * n)
    if n_test < 1 or n - n_test < 1:
        raise OptionError("coding.too_few_for_curve", n=n)
    return sorted(int(i) for i in perm[n_test:]), sorted(int(i) for i in perm[:n_test])


def _default_factory(codebook: Codebook, zero_shot: Any, seed: int, options: dict[str, Any] | None) -> Callable[[], Any]:
    from .learned import LearnedCoder

    return lambda: LearnedCoder(codebook, zero_shot=zero_shot, random_state=seed, **(options or {}))


def learning_curve(
    codebook: Codebook,
    gold_csv_path: Any,
    steps: Sequence[int] = (25, 50, 100),
    orders: Sequence[str] = ("active", "document"),
    *,
    seed: int = 0,
    test_fraction: float = 0.3,
    batch: int = 10,
    encoder: Any = None,
    coder_factory: Callable[[], Any] | None = None,
    zero_shot: Any = None,
    texts_and_gold: tuple[list[str], list[set[str]]] | None = None,
    context: bool = False,
    strategy: str = "uncertainty",
    queue_codes: str = "all",
    learned_options: dict[str, Any] | None = None,
    groups: bool = False,
) -> dict[str, Any]:
    """Macro-F1 on a fixed test part after each number of reviewed pool passages, per review order.

    ``coder_factory`` returns an unfitted coder with ``fit(passages, labels)``, ``predict`` and
    ``predict_proba`` (default: the learned coder over the zero-shot coder fitted on all gold texts).
    ``zero_shot`` is any fitted coder (``transform``/``score``, or ``predict_proba`` and ``vectorizer_``) that orders
    the first active batch; ``texts_and_gold`` bypasses reading CSVs (tests). ``strategy`` is the active
    order's (``review_order``); ``queue_codes`` (``all`` or ``in_use``) which codes it ranks on
    (:func:`queue_columns`); ``learned_options`` go to the default learned coder; ``groups`` gives the gold
    rows their respondent groups from the corpus manifest (:func:`analysis.coding.evaluate.gold_groups`).
    """
    unknown = [o for o in orders if o not in ORDERS]
    if unknown or not orders:
        raise OptionError("coding.unknown_orders", orders=", ".join(unknown) or "(none)", orders_nl=", ".join(unknown) or "(geen)", choices=", ".join(ORDERS))
    if strategy not in STRATEGIES:
        raise OptionError("coding.unknown_strategy", strategy=strategy, choices=", ".join(STRATEGIES))
    if queue_codes not in QUEUE_CODES:
        raise OptionError("coding.unknown_queue_codes", value=queue_codes, choices=", ".join(QUEUE_CODES))
    wanted = sorted({int(s) for s in steps})
    if not wanted or wanted[0] < 1:
        raise OptionError("coding.bad_curve_steps", steps=list(steps))
    texts, gold = texts_and_gold if texts_and_gold is not None else load_golds(codebook, gold_csv_path)
    labels = sorted({c for g in gold for c in g})
    label_set = set(labels)
    analyzed = analyze_passages(texts)
    if context and texts_and_gold is None:
        attach_contexts(analyzed, gold_questions(gold_csv_path))
    if groups and texts_and_gold is None:
        for a, g in zip(analyzed, gold_groups(gold_csv_path)):
            a.respondent_group = g
    with_embeddings = attach_embeddings(analyzed, encoder)
    pool, test = split_pool_test(len(texts), test_fraction=test_fraction, seed=seed)
    if zero_shot is None and coder_factory is None:
        from .zero_shot import ZeroShotCoder

        options = {"encoder": encoder} if with_embeddings else {}
        zero_shot = ZeroShotCoder(codebook, random_state=seed, **options).fit(analyzed)  # unlabelled: all gold
    factory = coder_factory or _default_factory(codebook, zero_shot, seed, learned_options)
    test_an = [analyzed[i] for i in test]
    test_gold = [gold[i] for i in test]

    def train(reviewed: list[int]) -> Any:
        # in document order, as the product reads the decisions from the store (the calibration folds
        # depend on the order)
        coder = factory()
        ordered = sorted(reviewed)
        return coder.fit([analyzed[i] for i in ordered], [gold[i] for i in ordered])

    def score(reviewed: list[int]) -> dict[str, Any]:
        coder = train(reviewed)
        r = score_sets(test_gold, _rolled(codebook, coder.predict(test_an), label_set), labels)
        return {"reviewed": len(reviewed), "macro_f1": r["macro_f1"], "micro_f1": r["micro_f1"]}

    curve: dict[str, list[dict[str, Any]]] = {}
    for order in orders:
        points: list[dict[str, Any]] = []
        if order == "active":
            sequence = _active_sequence(
                analyzed, pool, min(wanted[-1], len(pool)), batch, wanted, zero_shot, train,
                gold=gold, codebook=codebook, strategy=strategy, in_use=queue_codes == "in_use",
            )
        elif order == "random":
            sequence = [pool[k] for k in np.random.default_rng(seed + 1).permutation(len(pool))]
        else:
            sequence = list(pool)
        for s in wanted:
            n = min(s, len(pool))
            if points and points[-1]["reviewed"] == n:
                break  # the pool is exhausted: further steps would repeat the last point
            points.append(score(sequence[:n]))
        curve[order] = points
    return {"curve": curve, "pool": len(pool), "test": len(test), "seed": seed, "labels": labels}


def _scores_itself(scorer: Any) -> bool:
    """A zero-shot or learned coder (public ``transform``/``score``), as auto_code ranks with."""
    return hasattr(scorer, "transform") and hasattr(scorer, "score")


def _queue_inputs(scorer: Any, base: Any, analyzed: Sequence[AnalyzedPassage]) -> tuple[np.ndarray, Any]:
    """Probabilities and diversity rows of the candidates. A coder with public ``transform``/``score``
    (the zero-shot and learned coders) computes its features once for both; other coders give
    ``predict_proba``, and ``base.vectorizer_`` (when there is one) the rows."""
    if _scores_itself(scorer):
        scores = scorer.score(scorer.transform(analyzed))
        return np.asarray(scores.proba, dtype=float), scores.features.lexical
    probs = np.asarray(scorer.predict_proba(analyzed), dtype=float)
    vec = getattr(base, "vectorizer_", None)
    return probs, None if vec is None else vec.transform([a.content for a in analyzed])


def _active_sequence(
    analyzed: Sequence[AnalyzedPassage],
    pool: list[int],
    total: int,
    batch: int,
    steps: list[int],
    zero_shot: Any,
    train: Callable[[list[int]], Any],
    *,
    gold: Sequence[set[str]] | None = None,
    codebook: Codebook | None = None,
    strategy: str = "uncertainty",
    in_use: bool = False,
) -> list[int]:
    """The pool passages in the order an active-learning queue would show them.

    The queue is recomputed after every ``batch`` decisions and at every curve step (a researcher who
    presses "Automatisch coderen" now and then); before any decision the zero-shot scores order it.
    With ``gold`` and ``codebook`` (and a scorer with ``code_ids_``), the queue ranks on the codes
    :func:`queue_columns` keeps (``in_use``), with their positives among the reviewed passages, as
    ``auto_code`` does.
    """
    reviewed: list[int] = []
    remaining = list(pool)
    stops = sorted({*range(batch, total + batch, batch), *steps})
    model: Any = None
    while len(reviewed) < total and remaining:
        next_stop = min(s for s in stops if s > len(reviewed))
        take = min(next_stop, total) - len(reviewed)
        scorer = model if model is not None else zero_shot
        cand = [analyzed[i] for i in remaining]
        code_ids = getattr(scorer, "code_ids_", None)
        if scorer is None:
            order = list(range(len(remaining)))
        elif gold is not None and codebook is not None and code_ids is not None and _scores_itself(scorer):
            # exactly what auto_code stores as the review queue (analysis.coding.auto)
            order = rank_queue(
                range(len(remaining)), queue_inputs(scorer.score(scorer.transform(cand))), code_ids=code_ids,
                labels=[gold[i] for i in reviewed], codebook=codebook, strategy=strategy,
                review_codes="in_use" if in_use else "all", limit=take, texts=[a.text for a in cand],
                seen=decided_vectors(zero_shot, [analyzed[i] for i in reviewed], strategy),
            )
        else:
            probs, rows = _queue_inputs(scorer, zero_shot if zero_shot is not None else scorer, cand)
            positives = None
            if gold is not None and codebook is not None and code_ids is not None:
                columns, positives = queue_columns(code_ids, [gold[i] for i in reviewed], codebook, in_use=in_use)
                probs = probs[:, columns]
            order = review_order(
                list(range(len(remaining))), probs, rows, limit=take, strategy=strategy, positives=positives
            )
        picked = [remaining[k] for k in order[:take]]
        reviewed.extend(picked)
        chosen = set(picked)
        remaining = [i for i in remaining if i not in chosen]
        if len(reviewed) < total:
            model = train(reviewed)
            if not getattr(model, "trained_codes", True):
                model = None  # as auto_code: until the learned coder learned some code, the zero-shot coder ranks
    return reviewed
