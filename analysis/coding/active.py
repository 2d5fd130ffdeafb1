"""Active learning: which passage should the researcher review next?

Uncertainty sampling with diversity. A passage is informative when one of its
code probabilities is near 0.5 (the model cannot tell); among informative
passages, near-duplicates of ones already queued teach little, so the queue is
built greedily by *maximal marginal relevance*: uncertainty minus ``diversity``
times the highest cosine similarity to a passage already in the queue.

Substance first: given the passages' texts, short turns ("Ja. Ja, echt.") and
welcomes, thanks and small talk ("Fijn dat je er bent", "Haha, ...") follow every
substantive passage, so a review session never starts with them. (Interviewer
turns and header lines are not in the candidates at all: see ``auto_code``.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["is_substantive", "review_order", "uncertainty"]

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
    """
    ids = list(passage_ids)
    probs = np.asarray(probabilities, dtype=float)
    if probs.shape[0] != len(ids):
        raise ValueError(f"got {len(ids)} passage ids but {probs.shape[0]} probability rows")
    n = len(ids)
    if n == 0:
        return []
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
            first = _order([ids[i] for i in keep], probs[keep], _rows(features, keep), diversity, wanted, pool)
            if len(first) >= wanted:
                return first[:wanted]
            second = _order([ids[i] for i in rest], probs[rest], _rows(features, rest), diversity, wanted - len(first), pool)
            return first + second
    return _order(ids, probs, features, diversity, limit, pool)


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
) -> list[int]:
    n = len(ids)
    if n == 0:
        return []
    limit = n if limit is None else max(0, min(limit, n))
    u = uncertainty(probs)
    # Most uncertain code first; then the mean over codes; then the given order.
    order = np.lexsort((np.arange(n), -_mean_uncertainty(probs), -u))
    if features is None or diversity <= 0:
        return [ids[i] for i in order[:limit]]
    if features.shape[0] != n:
        raise ValueError(f"got {n} passage ids but {features.shape[0]} feature rows")
    head = order[: max(limit, min(pool, n))]
    from sklearn.preprocessing import normalize  # here: the review page ranks without features, fast to open

    F = normalize(sp.csr_matrix(features[head]) if not sp.issparse(features) else features[head])
    sims = np.asarray((F @ F.T).todense()) if sp.issparse(F) else F @ F.T
    chosen: list[int] = []
    max_sim = np.zeros(len(head))
    remaining = np.ones(len(head), dtype=bool)
    want = min(limit, len(head))
    for _ in range(want):
        score = np.where(remaining, u[head] - diversity * max_sim, -np.inf)
        k = int(np.argmax(score))
        chosen.append(k)
        remaining[k] = False
        max_sim = np.maximum(max_sim, sims[k])
    picked = [int(head[k]) for k in chosen]
    if len(picked) < limit:
        taken = set(picked)
        picked.extend(int(i) for i in order if int(i) not in taken)
        picked = picked[:limit]
    return [ids[i] for i in picked]
