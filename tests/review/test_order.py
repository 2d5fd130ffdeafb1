from __future__ import annotations

import pytest

from analysis.domain import Coding, CodingOrigin, CodingStatus
from analysis.review import ReviewFilters, active_learning_order, build_queue, order
from analysis.review.order import confidence_matrix


def _set_confidences(project, codebook_id, values: dict[int, float]) -> None:
    """Give the open suggestion of each passage the confidence in ``values``."""
    updates = []
    for c in project.codings(codebook_id=codebook_id, status="suggested"):
        if c.passage_id in values:
            updates.append(Coding(c.passage_id, c.code_id, codebook_id, coder=c.coder, origin=CodingOrigin.RULE,
                                  status=CodingStatus.SUGGESTED, confidence=values[c.passage_id], evidence=c.evidence))
    project.upsert_suggestions(updates)


def _speech_ids(project, codebook_id) -> list[int]:
    """Passages with open suggestions that are respondent speech (interviewer turns are never ranked)."""
    roles = {p.id: p.role for p in project.passages()}
    open_ = {c.passage_id for c in project.codings(codebook_id=codebook_id, status="suggested")}
    return sorted(pid for pid in open_ if roles[pid] == "respondent")


def test_confidence_matrix_has_a_row_per_passage_with_open_suggestions(project, codebook_id):
    ids, codes, matrix = confidence_matrix(project, codebook_id)
    open_ = project.codings(codebook_id=codebook_id, status="suggested")
    assert ids == sorted({c.passage_id for c in open_})
    assert codes == sorted({c.code_id for c in open_})
    for c in open_:
        assert matrix[ids.index(c.passage_id)][codes.index(c.code_id)] == pytest.approx(c.confidence)
    assert sum(v > 0 for row in matrix for v in row) == len(open_)


def test_most_uncertain_passages_come_first(project, codebook_id):
    pytest.importorskip("analysis.coding")
    if not order.active_learning_available():
        pytest.skip("analysis.coding.review_order is not available")
    ids = _speech_ids(project, codebook_id)
    # a clear spread: the passage at 0.5 is the most uncertain, 0.99 the least
    confidences = dict(zip(ids, [0.99, 0.5, 0.8, 0.6, 0.95, 0.7, 0.9][: len(ids)]))
    _set_confidences(project, codebook_id, confidences)
    ranked = active_learning_order(project, codebook_id)
    assert set(ranked) == set(ids)
    # max over codes of 1 - |2p - 1| must not increase along the order
    def u(pid):
        return max(1 - abs(2 * c.confidence - 1)
                   for c in project.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested"))
    scores = [u(pid) for pid in ranked]
    assert scores == sorted(scores, reverse=True)
    assert ranked[0] == ids[1]
    # the queue follows that order, passages without suggestions after it
    queue = build_queue(project, codebook_id, ReviewFilters(), order=ranked)
    assert queue.ids[: len(ranked)] == ranked
    assert queue.order == "active"


def test_a_given_lead_goes_first(project, codebook_id):
    if not order.active_learning_available():
        pytest.skip("analysis.coding.review_order is not available")
    ids = _speech_ids(project, codebook_id)
    lead = [ids[-1], 999_999]
    ranked = active_learning_order(project, codebook_id, first=lead)
    assert ranked[:2] == lead
    assert sorted(ranked[2:]) == ids[:-1]


def test_without_auto_coding_there_is_no_order(project, codebook_id, monkeypatch):
    monkeypatch.setattr(order, "_review_order_function", lambda: None)
    assert active_learning_order(project, codebook_id) is None
    assert not order.active_learning_available()


def test_a_failing_ranker_means_document_order(project, codebook_id, monkeypatch):
    def broken(passage_ids, probabilities):
        raise RuntimeError("model not fitted")

    monkeypatch.setattr(order, "_review_order_function", lambda: broken)
    assert active_learning_order(project, codebook_id) is None
