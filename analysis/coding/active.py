"""Active learning: which passage should the researcher review next?

Strategies (``review_order(strategy=...)``):

* ``uncertainty``: a passage is informative when one of its code probabilities is
  near 0.5 (the model cannot tell).
* ``coverage`` (multi-label "certainty/minority sampling" first, uncertainty after):
  macro-F1 rewards finding positives of *every* code early, and a code without
  positives has no model at all. For a code with fewer than ``target`` positives so
  far a passage counts with its *probability* of being a positive of that code; for a
  code with enough positives, with its uncertainty. The queue is built greedily and
  every queued passage adds its probabilities to the codes' expected positives, so one
  batch spreads over the codes that lack examples instead of piling on one.

Four more, three of them with the sentence encoder's vectors (``embeddings``: the zero-shot coder's
centred e5 rows), ``disagreement`` with the zero-shot prior's probabilities (``prior``):

* ``representative`` (a diverse cold start): before any decision (no ``seen`` vectors) the queue is
  built by greedy *facility location* on the vectors: each pick adds most to how well the queued
  passages cover all candidates (sum over candidates of the best cosine to a queued passage), so the
  first batch spans the corpus's kinds of talk; after that, ``uncertainty``.
* ``density``: information density (Settles & Craven 2008): uncertainty times the passage's
  representativeness (mean cosine to its ten nearest candidates, scaled to the batch's maximum), so an
  uncertain outlier waits for an uncertain typical passage.
* ``disagreement``: a committee of two, the codebook prior (zero-shot, ``prior``) and the learned
  coder: per code the uncertainty of their mean plus how far they disagree, ``(1 - |2m - 1| + |p - z|) / 2``
  with ``m = (p + z) / 2``; where the learned coder has no model the two agree: half the uncertainty.
* ``mix``: alternately the most uncertain passage and the most representative one (facility location
  given the decided passages, ``seen``, and those queued so far): half exploitation, half exploration.

Without vectors the three fall back to ``uncertainty``, and ``disagreement`` falls back to it without
``prior`` (a zero-shot coder's queue, before any model). Measured on the learning curve (README, "The learning
curve"): none beat ``uncertainty`` beyond the noise, so it stays the default.

Either way, near-duplicates of passages already queued teach little, so the queue is
built by *maximal marginal relevance*: the score minus ``diversity`` times the highest
cosine similarity to a passage already in the queue (the encoder's vectors when the
strategy uses them, else the given ``features``).

Which codes count: all, by default; :func:`queue_columns` with ``in_use=True`` keeps,
once there are decisions, only the codes on the axes and levels the researcher codes,
so codes nobody codes (another axis, subcodes below the level being coded) do not keep
the queue busy with an uncertainty no decision will resolve (``coverage`` needs this:
it would chase their missing positives for ever).

Substance first: given the passages' texts, short turns ("Ja. Ja, echt.") and
welcomes, thanks and small talk ("Fijn dat je er bent", "Haha, ...") follow every
substantive passage, so a review session never starts with them. (Interviewer
turns and header lines are not in the candidates at all: see ``auto_code``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

__all__ = [
    "QUEUE_CODES", "STRATEGIES", "decided_vectors", "is_substantive", "queue_columns", "queue_inputs", "rank_queue",
    "review_order", "uncertainty",
]

STRATEGIES = ("uncertainty", "coverage", "representative", "density", "disagreement", "mix")
#: The strategies that read the encoder's vectors (without them they rank as uncertainty), and the one that
#: reads the zero-shot prior.
_READS_EMBEDDINGS = ("representative", "density", "mix")
_READS_PRIOR = ("disagreement",)
#: Which codes the queue ranks on (:func:`queue_columns`): every code, or those on the axes and levels in use.
QUEUE_CODES = ("all", "in_use")
#: Positives a code needs before ``coverage`` stops hunting for them: the learned coder's
#: out-of-fold calibration uses up to 5 folds, so 5 positives is where a code's model stops being starved.
COVERAGE_TARGET = 5

#: Turns with fewer words than this are not substantive ("Ja, klopt.", "Dertig, dat is veel.").
MIN_SUBSTANTIVE_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+")
# Openings of welcomes, thanks, goodbyes and small talk (lowercase, at the start of a turn).
_SMALL_TALK = re.compile(
    r"^\W*(?:welkom|hoi|hallo|hai|hey|goedemorgen|goedemiddag|goedenavond|dag\b|dank|bedankt|"
    r"fijn dat|leuk dat|graag gedaan|tot ziens|tot de volgende|doei|succes|haha|hihi|"
    r"wil je (?:nog )?koffie|koffie\?|thee\?|zal ik (?:even )?(?:koffie|de opname)|de opname (?:loopt|staat))"
)
# A small-talk opening only counts in a turn shorter than this (a long answer may start with 'dank').
_SMALL_TALK_MAX_WORDS = 60


def is_substantive(text: str) -> bool:
    """Whether a turn is substantive speech rather than a short reply, a welcome or small talk."""
    words = _WORD.findall(text or "")
    if len(words) < MIN_SUBSTANTIVE_WORDS:
        return False
    return not (len(words) < _SMALL_TALK_MAX_WORDS and _SMALL_TALK.match(text.strip().lower()))


def uncertainty(probabilities: np.ndarray) -> np.ndarray:
    """Per passage: ``max over codes of 1 - |2p - 1|``: 1 for a probability of exactly 0.5
    on some code, 0 when every code is 0 or 1 (NaN counts as 0, i.e. certain)."""
    p = np.asarray(probabilities, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"probabilities must be a (passages, codes) array, got shape {p.shape}")
    if p.size and (np.nanmin(p) < 0 or np.nanmax(p) > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    u = 1.0 - np.abs(2.0 * np.nan_to_num(p, nan=0.0) - 1.0)
    if u.shape[1] == 0:
        return np.zeros(u.shape[0])
    return u.max(axis=1)


def _mean_uncertainty(probabilities: np.ndarray) -> np.ndarray:
    p = np.nan_to_num(np.asarray(probabilities, dtype=float), nan=0.0)
    if p.shape[1] == 0:
        return np.zeros(p.shape[0])
    return (1.0 - np.abs(2.0 * p - 1.0)).mean(axis=1)


def review_order(
    passage_ids: Sequence[int],
    probabilities: np.ndarray,
    features: np.ndarray | sp.spmatrix | None = None,
    *,
    diversity: float = 0.3,
    limit: int | None = None,
    pool: int = 2000,
    texts: Sequence[str] | None = None,
    strategy: str = "uncertainty",
    positives: Sequence[float] | np.ndarray | None = None,
    target: float = COVERAGE_TARGET,
    embeddings: np.ndarray | None = None,
    prior: np.ndarray | None = None,
    seen: np.ndarray | None = None,
) -> list[int]:
    """Passage ids in the order a reviewer should see them: most informative first.

    Parameters
    ----------
    passage_ids:
        Ids of the candidate (undecided) passages, aligned with the rows below.
    probabilities:
        ``(len(passage_ids), n_codes)`` calibrated probabilities of the current coder.
    features:
        Optional row vectors (e.g. TF-IDF) for diversity; without them the order is
        by uncertainty alone.
    diversity:
        Weight of the redundancy penalty (0 = pure uncertainty sampling).
    limit:
        Return at most this many ids (default: all).
    pool:
        Only the ``pool`` most uncertain passages are re-ranked for diversity; the rest
        follow by uncertainty (keeps the greedy step cheap on big corpora).
    texts:
        Optional passage texts (aligned with ``passage_ids``): passages that are not
        substantive (:func:`is_substantive`) are put after all substantive ones.
    strategy:
        ``"uncertainty"`` or ``"coverage"`` (module docstring).
    positives:
        For ``coverage``: accepted positives so far per code column (default: none yet).
    target:
        For ``coverage``: positives a code needs before its uncertainty counts instead of its probability.
    embeddings:
        Sentence-encoder vectors of the candidates (rows aligned with ``passage_ids``) for
        ``representative``, ``density`` and ``mix``, which also use them for diversity.
    prior:
        For ``disagreement``: the zero-shot (codebook prior) probabilities, same shape as ``probabilities``.
    seen:
        Vectors of the passages already decided (``representative``: none means a cold start; ``mix``:
        the queue adds what they do not cover yet).
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown review strategy {strategy!r}: choose from {', '.join(STRATEGIES)}")
    ids = list(passage_ids)
    probs = np.asarray(probabilities, dtype=float)
    if probs.shape[0] != len(ids):
        raise ValueError(f"got {len(ids)} passage ids but {probs.shape[0]} probability rows")
    n = len(ids)
    if n == 0:
        return []
    how = _How(strategy, _positives(positives, probs.shape[1]), float(target), _dense(embeddings, n, "embedding"),
               None if prior is None else _dense(prior, n, "prior"), None if seen is None else np.asarray(seen, dtype=float))
    if how.prior is not None and how.prior.shape != probs.shape:
        raise ValueError(f"prior probabilities have shape {how.prior.shape}, the probabilities {probs.shape}")
    if texts is not None:
        if len(texts) != n:
            raise ValueError(f"got {n} passage ids but {len(texts)} texts")
        if features is not None and features.shape[0] != n:
            raise ValueError(f"got {n} passage ids but {features.shape[0]} feature rows")
        substantive = [is_substantive(t) for t in texts]
        if not all(substantive):
            keep = [i for i in range(n) if substantive[i]]
            rest = [i for i in range(n) if not substantive[i]]
            wanted = n if limit is None else max(0, min(limit, n))
            first = _order([ids[i] for i in keep], probs[keep], _rows(features, keep), diversity, wanted, pool, how.rows(keep))
            if len(first) >= wanted:
                return first[:wanted]
            later = how.rows(rest)
            if how.strategy == "coverage":  # the queued substantive passages count as expected positives
                later = later._replace(positives=how.positives + np.nan_to_num(probs[keep], nan=0.0).sum(axis=0))
            if how.embeddings is not None and how.strategy in ("representative", "mix") and keep:
                # what the substantive passages cover counts as covered (for ``representative``: no cold start)
                queued = how.embeddings[keep]
                later = later._replace(seen=queued if how.seen is None else np.vstack([how.seen, queued]))
            second = _order([ids[i] for i in rest], probs[rest], _rows(features, rest), diversity, wanted - len(first), pool, later)
            return first + second
    return _order(ids, probs, features, diversity, limit, pool, how)


class _How(NamedTuple):
    """How to rank (``review_order``'s strategy and its inputs, rows aligned with the candidates)."""

    strategy: str
    positives: np.ndarray
    target: float
    embeddings: np.ndarray | None = None
    prior: np.ndarray | None = None
    seen: np.ndarray | None = None

    def rows(self, rows: list[int]) -> _How:
        return self._replace(
            embeddings=None if self.embeddings is None else self.embeddings[rows],
            prior=None if self.prior is None else self.prior[rows],
        )


def _dense(values: Any, n: int, what: str) -> np.ndarray | None:
    if values is None:
        return None
    a = np.asarray(values, dtype=float)
    if a.ndim != 2 or a.shape[0] != n:
        raise ValueError(f"got {n} passage ids but {what} rows of shape {a.shape}")
    return a


def _positives(positives: Sequence[float] | np.ndarray | None, n_codes: int) -> np.ndarray:
    if positives is None:
        return np.zeros(n_codes)
    pos = np.asarray(positives, dtype=float).reshape(-1)
    if pos.shape[0] != n_codes:
        raise ValueError(f"got {pos.shape[0]} positive counts for {n_codes} code columns")
    return pos


def queue_columns(
    code_ids: Sequence[str], labels: Sequence[Iterable[str]], codebook: Any, *, in_use: bool = True
) -> tuple[list[int], np.ndarray]:
    """The code columns the queue ranks on, and each one's accepted positives so far.

    With ``in_use=False`` every column counts (the default review queue's behaviour).
    ``labels`` are the accepted codes of the decided passages; a positive for a code is a positive for
    its ancestors too. Once any code is accepted, a code counts only when the researcher codes its axis
    at its level (some accepted code, or its ancestor, has that axis and depth): a code nobody codes (the
    other axis, subcodes below the level being coded) gets no decisions, so its uncertainty would never
    be resolved. Codes on a level in use that have no positive yet do count (``coverage`` seeks them).
    Before any acceptance every column counts.
    """

    def where(code_id: str) -> tuple[str, int] | None:
        try:
            path = codebook.path(code_id)
        except KeyError:
            return None
        axis = codebook.code(code_id).axis or codebook.code(path[0]).axis or ""
        return axis, len(path) - 1

    expanded: list[set[str]] = []
    for codes in labels:
        row: set[str] = set()
        for c in codes:
            try:
                row.update(codebook.path(c))
            except KeyError:
                row.add(c)
        expanded.append(row)
    positives = np.array([sum(1 for row in expanded if c in row) for c in code_ids], dtype=float)
    levels = {where(c) for row in expanded for c in row} - {None}
    columns = [j for j, c in enumerate(code_ids) if in_use and (positives[j] > 0 or where(c) in levels)]
    if not columns:
        columns = list(range(len(code_ids)))
    return columns, positives[columns]


def queue_inputs(
    scores: Any, rows: Sequence[int] | None = None, strategy: str | None = None
) -> tuple[np.ndarray, Any, np.ndarray | None, np.ndarray | None]:
    """What the queue ranks on, from a zero-shot or learned coder's ``score(transform(...))`` (``rows``:
    the candidates among its passages): probabilities, TF-IDF rows (diversity), the encoder's centred
    vectors (or None) and the zero-shot prior's probabilities (None for a zero-shot coder).

    With a ``strategy`` the parts it never reads are None (the order is the same): ``auto_code`` keeps these
    rows for every open passage of a project, and 100k passages' vectors are 300 MB the default order does
    not need."""
    feats = scores.features
    zs = getattr(feats, "zero_shot", feats)  # learned features carry the zero-shot ones
    prior = getattr(feats, "prior", None)
    embeddings = zs.embeddings if strategy is None or strategy in _READS_EMBEDDINGS else None
    prior_proba = None if prior is None or (strategy is not None and strategy not in _READS_PRIOR) else prior.proba
    parts = (scores.proba, feats.lexical, embeddings, prior_proba)
    if rows is None:
        return parts  # type: ignore[return-value]
    keep = list(rows)
    return tuple(None if x is None else x[keep] for x in parts)  # type: ignore[return-value]


def decided_vectors(zero_shot: Any, decided: Sequence[Any], strategy: str) -> np.ndarray | None:
    """The encoder's centred vectors of the decided passages (analysed), when ``strategy`` needs them and
    the zero-shot coder has an encoder; else None."""
    if strategy not in ("representative", "mix") or not decided or zero_shot is None:
        return None
    if not all(getattr(a, "embedding", None) is not None for a in decided):
        return None
    return zero_shot.transform(decided).embeddings


def rank_queue(
    passage_ids: Sequence[int],
    inputs: tuple[np.ndarray, Any, np.ndarray | None, np.ndarray | None],
    *,
    code_ids: Sequence[str],
    labels: Sequence[Iterable[str]],
    codebook: Any,
    strategy: str = "uncertainty",
    review_codes: str = "all",
    limit: int | None = None,
    texts: Sequence[str] | None = None,
    seen: np.ndarray | None = None,
) -> list[int]:
    """The review queue as ``auto_code`` stores it and the learning curve simulates it: :func:`review_order`
    on ``inputs`` (:func:`queue_inputs`), ranked on the columns :func:`queue_columns` keeps for the
    decided passages' accepted codes ``labels``."""
    probs, rows, embeddings, prior = inputs
    columns, positives = queue_columns(code_ids, labels, codebook, in_use=review_codes == "in_use")
    return review_order(
        list(passage_ids), np.asarray(probs)[:, columns], rows, limit=limit, texts=texts, strategy=strategy,
        positives=positives, embeddings=embeddings, prior=None if prior is None else np.asarray(prior)[:, columns],
        seen=seen,
    )


def _rows(features: np.ndarray | sp.spmatrix | None, rows: list[int]) -> np.ndarray | sp.spmatrix | None:
    if features is None:
        return None
    return features[rows]


def _order(
    ids: list[int],
    probs: np.ndarray,
    features: np.ndarray | sp.spmatrix | None,
    diversity: float,
    limit: int | None,
    pool: int,
    how: _How,
) -> list[int]:
    n = len(ids)
    if n == 0:
        return []
    limit = n if limit is None else max(0, min(limit, n))
    if how.strategy == "coverage":
        return _coverage_order(ids, probs, features, diversity, limit, pool, how.positives, how.target)
    strategy, E = how.strategy, how.embeddings
    if E is None and strategy in _READS_EMBEDDINGS:
        strategy = "uncertainty"
    if strategy in _READS_PRIOR and how.prior is None:
        strategy = "uncertainty"
    if strategy == "representative" and how.seen is not None and len(how.seen):
        strategy = "uncertainty"  # only the cold start is representative
    u = uncertainty(probs)
    if strategy == "density":
        u = u * _density(E)
    elif strategy == "disagreement":
        u = _disagreement(probs, how.prior)
    rows = E if strategy in ("density", "mix", "representative") else features
    # Highest score first; then the mean uncertainty over codes; then the given order.
    order = np.lexsort((np.arange(n), -_mean_uncertainty(probs), -u))
    cover = strategy in ("representative", "mix")
    if not cover and (rows is None or diversity <= 0):
        return [ids[i] for i in order[:limit]]
    if rows is not None and rows.shape[0] != n:
        raise ValueError(f"got {n} passage ids but {rows.shape[0]} feature rows")
    head = order[: max(limit, min(pool, n))]
    sims = _similarities(rows, head) if rows is not None and diversity > 0 else None
    if cover:
        C = sims if sims is not None else _similarities(E, head)
        # how well each head passage is covered already: its best cosine to a decided passage (floor 0)
        best = np.zeros(len(head)) if how.seen is None or not len(how.seen) else _cover(E[head], how.seen)
    chosen: list[int] = []
    max_sim = np.zeros(len(head))
    remaining = np.ones(len(head), dtype=bool)
    for t in range(min(limit, len(head))):
        if cover and (strategy == "representative" or t % 2 == 1):
            # facility location: the pick that raises the candidates' coverage most
            score = np.where(remaining, np.maximum(C - best[:, None], 0.0).sum(axis=0), -np.inf)
        else:
            score = np.where(remaining, u[head] - diversity * max_sim, -np.inf)
        k = int(np.argmax(score))
        chosen.append(k)
        remaining[k] = False
        if sims is not None:
            max_sim = np.maximum(max_sim, sims[k])
        if cover:
            best = np.maximum(best, C[:, k])
    picked = [int(head[k]) for k in chosen]
    if len(picked) < limit:
        taken = set(picked)
        picked.extend(int(i) for i in order if int(i) not in taken)
        picked = picked[:limit]
    return [ids[i] for i in picked]


#: Neighbours whose mean cosine is a passage's density; candidates it is measured against, at most.
DENSITY_NEIGHBOURS = 10
DENSITY_SAMPLE = 1000


def _unit(E: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return E / np.where(norms > 0, norms, 1.0)


def _density(E: np.ndarray) -> np.ndarray:
    """Per candidate: the mean cosine to its ``DENSITY_NEIGHBOURS`` nearest other candidates (an evenly
    spaced sample of at most ``DENSITY_SAMPLE`` of them on big queues), floored at 0 and scaled so
    the densest passage has 1."""
    U = _unit(np.asarray(E, dtype=float))
    n = U.shape[0]
    if n < 2:
        return np.ones(n)
    ref = np.unique(np.linspace(0, n - 1, min(n, DENSITY_SAMPLE)).round().astype(int))
    k = min(DENSITY_NEIGHBOURS, len(ref) - 1)
    if k < 1:
        return np.ones(n)
    out = np.empty(n)
    for lo in range(0, n, 2000):
        S = U[lo : lo + 2000] @ U[ref].T
        # a passage is not its own neighbour
        for r, i in enumerate(range(lo, min(lo + 2000, n))):
            hit = np.searchsorted(ref, i)
            if hit < len(ref) and ref[hit] == i:
                S[r, hit] = -np.inf
        out[lo : lo + 2000] = np.sort(S, axis=1)[:, -k:].mean(axis=1)
    out = np.maximum(out, 0.0)
    top = out.max()
    return out / top if top > 0 else np.ones(n)


def _disagreement(probs: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Per passage, the best over codes of ``(1 - |2m - 1| + |p - z|) / 2`` with ``m = (p + z) / 2``: the
    committee's uncertainty plus how far the learned coder (``p``) moved from the prior (``z``)."""
    p = np.nan_to_num(np.asarray(probs, dtype=float), nan=0.0)
    z = np.nan_to_num(np.asarray(prior, dtype=float), nan=0.0)
    if p.shape[1] == 0:
        return np.zeros(p.shape[0])
    m = (p + z) / 2.0
    return ((1.0 - np.abs(2.0 * m - 1.0) + np.abs(p - z)) / 2.0).max(axis=1)


def _cover(E: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Per row of ``E``: its best cosine to a row of ``seen`` (floored at 0)."""
    return np.maximum((_unit(np.asarray(E, dtype=float)) @ _unit(np.asarray(seen, dtype=float)).T).max(axis=1), 0.0)


def _similarities(features: np.ndarray | sp.spmatrix, rows: np.ndarray) -> np.ndarray:
    """Cosine similarities between the given feature rows."""
    from sklearn.preprocessing import normalize  # here: the review page ranks without features, fast to open

    F = normalize(sp.csr_matrix(features[rows]) if not sp.issparse(features) else features[rows])
    return np.asarray((F @ F.T).todense()) if sp.issparse(F) else F @ F.T


def _coverage_scores(p: np.ndarray, unc: np.ndarray, positives: np.ndarray, target: float) -> np.ndarray:
    """Per passage: the best over codes of its probability (codes short of ``target`` positives) or its
    uncertainty (codes with enough)."""
    if p.shape[1] == 0:
        return np.zeros(p.shape[0])
    return np.where((positives < target)[None, :], p, unc).max(axis=1)


def _coverage_order(
    ids: list[int],
    probs: np.ndarray,
    features: np.ndarray | sp.spmatrix | None,
    diversity: float,
    limit: int,
    pool: int,
    positives: np.ndarray,
    target: float,
) -> list[int]:
    """Greedy coverage order: after each pick its probabilities join the codes' expected positives."""
    n = len(ids)
    p = np.nan_to_num(np.asarray(probs, dtype=float), nan=0.0)
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    unc = 1.0 - np.abs(2.0 * p - 1.0)
    pos = positives.astype(float).copy()
    # Ties: the given order. Only the ``pool`` best by the starting scores are ranked greedily.
    start = np.lexsort((np.arange(n), -_coverage_scores(p, unc, pos, target)))
    head = start[: max(limit, min(pool, n))]
    ph, uh = p[head], unc[head]
    if features is not None and features.shape[0] != n:
        raise ValueError(f"got {n} passage ids but {features.shape[0]} feature rows")
    sims = _similarities(features, head) if features is not None and diversity > 0 else None
    max_sim = np.zeros(len(head))
    remaining = np.ones(len(head), dtype=bool)
    chosen: list[int] = []
    for _ in range(min(limit, len(head))):
        score = np.where(remaining, _coverage_scores(ph, uh, pos, target) - diversity * max_sim, -np.inf)
        k = int(np.argmax(score))
        chosen.append(int(head[k]))
        remaining[k] = False
        pos += ph[k]
        if sims is not None:
            max_sim = np.maximum(max_sim, sims[k])
    if len(chosen) < limit:
        taken = set(chosen)
        chosen.extend(int(i) for i in start if int(i) not in taken)
    return [ids[i] for i in chosen[:limit]]
