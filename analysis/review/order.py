"""The review order: active learning from auto-coding when it is installed, else the documents.

``analysis.coding.review_order(passage_ids, probabilities, features=None, ...)``
ranks passages so that the decisions that teach the model most come first
(uncertainty sampling: a code probability near 0.5). The auto-coder stores its
calibrated confidences with every suggestion, so the review queue can be ranked
from the store alone: one row per passage with open suggestions, one column per
code, the stored confidence where there is a suggestion and 0 elsewhere (the
coder did not suggest the code: it was confident it does not apply).

A run of :func:`analysis.coding.auto_code` also returns its own ranking
(``AutoCodeReport.review_queue``: the review strategy on the coder's probabilities, the
same queue the learning curve simulates); pass it as ``first`` to put those passages in
front. Without ``first`` the queue of the project's last finished run leads (auto_code
stores it with the run's done mark), so a page opened after a run elsewhere follows the
same strategy; the stored confidences order only the passages that queue does not hold.

Interviewer turns and header lines are never ranked (an older run may have left
suggestions on them), and substantive respondent speech comes before short
replies, welcomes and small talk (``texts`` of ``review_order``).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from typing import Any

from ..corpus.speakers import NOT_DATA_ROLES
from ..domain import CodingStatus
from ..store import Project

log = logging.getLogger(__name__)


def _review_order_function() -> Callable[..., Any] | None:
    try:
        from ..coding import review_order  # type: ignore[attr-defined]
    except ImportError:
        return None
    if not callable(review_order):
        return None
    try:
        names = list(inspect.signature(review_order).parameters)
    except (TypeError, ValueError):
        return None
    if names[:2] != ["passage_ids", "probabilities"]:
        log.warning("analysis.coding.review_order has an unexpected signature %s; using document order", names)
        return None
    return review_order


def active_learning_available() -> bool:
    return _review_order_function() is not None


def confidence_matrix(project: Project, codebook_id: str) -> tuple[list[int], list[str], list[list[float]]]:
    """Passages with open suggestions, the codes suggested, and the stored confidences (0 = no suggestion)."""
    rows: dict[int, dict[str, float]] = {}
    for passage_id, code_id, confidence in project.coding_confidences(codebook_id, CodingStatus.SUGGESTED.value):
        conf = 0.5 if confidence is None else min(1.0, max(0.0, float(confidence)))
        row = rows.setdefault(passage_id, {})
        row[code_id] = max(conf, row.get(code_id, 0.0))
    ids = sorted(rows)
    codes = sorted({code for row in rows.values() for code in row})
    matrix = [[rows[pid].get(code, 0.0) for code in codes] for pid in ids]
    return ids, codes, matrix


def last_review_queue(project: Project, codebook_id: str) -> list[int]:
    """The review queue the last auto-coding run of ``codebook_id`` stored, if it finished; else empty."""
    from ..coding.runs import RUN_DONE, RUN_START

    last: dict | None = None
    for entry in project.audit_log(entity="autocode", entity_id=codebook_id):
        if entry["action"] in (RUN_START, RUN_DONE) and (last is None or entry["id"] > last["id"]):
            last = entry
    if last is None or last["action"] != RUN_DONE or not isinstance(last.get("after"), dict):
        return []
    return [int(pid) for pid in last["after"].get("review_queue") or []]


def active_learning_order(
    project: Project, codebook_id: str, *, first: Sequence[int] | None = None
) -> list[int] | None:
    """Passage ids in active-learning order, or ``None`` when auto-coding cannot rank them.

    ``first`` (e.g. the latest ``AutoCodeReport.review_queue``; default: the queue the
    project's last finished auto-coding run stored, :func:`last_review_queue`) leads; the
    other passages with open suggestions follow by the uncertainty of their stored
    confidences. Passages without open suggestions are not ranked (the queue puts
    them after the ranked ones, in document order).
    """
    if not first:
        first = last_review_queue(project, codebook_id)
    fn = _review_order_function()
    if fn is None:
        return None
    ids, _codes, matrix = confidence_matrix(project, codebook_id)
    ranked: list[int] = []
    heads = project.passage_heads(ids) if ids else {}
    if ids:
        rows = [i for i, pid in enumerate(ids) if pid in heads and heads[pid][0] not in NOT_DATA_ROLES]
        ids = [ids[i] for i in rows]
        matrix = [matrix[i] for i in rows]
    if ids:
        import numpy as np

        try:
            kwargs: dict[str, Any] = {}
            if "texts" in inspect.signature(fn).parameters:
                kwargs["texts"] = [heads[pid][1] for pid in ids]
            ranked = [int(pid) for pid in fn(ids, np.asarray(matrix, dtype=float), **kwargs)]
        except Exception as exc:  # noqa: BLE001 - a failing ranker must never block reviewing
            log.warning("active-learning order unavailable for codebook %r: %s", codebook_id, exc)
            return None
    lead = [int(pid) for pid in (first or []) if int(pid) not in heads or heads[int(pid)][0] not in NOT_DATA_ROLES]
    seen = set(lead)
    order = lead + [pid for pid in ranked if pid not in seen]
    if not lead or "texts" not in inspect.signature(fn).parameters:
        return order
    # The lead ends with its own short replies and small talk: substance from the rest goes before them.
    from ..coding.active import is_substantive

    more = [pid for pid in lead if pid not in heads]
    heads.update(project.passage_heads(more) if more else {})
    substantive = {pid: pid not in heads or is_substantive(heads[pid][1]) for pid in order}
    return [pid for pid in order if substantive[pid]] + [pid for pid in order if not substantive[pid]]
