"""The coverage order of the review queue and the codes it ranks on, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from test_curve import ROWS, MemoryCoder

from analysis.coding.active import queue_columns, review_order
from analysis.coding.curve import learning_curve
from analysis.domain import Code, Codebook

# Codes a, b, c. So far a has 10 accepted positives, b 4, c none; coverage wants 5 of each.
POSITIVES = [10, 4, 0]
PROBS = np.array(
    [
        [0.5, 0.0625, 0.0],  # 1: a coin toss on a, the well-covered code
        [0.99, 0.9375, 0.0],  # 2: very likely a positive of b
        [0.99, 0.875, 0.0],  # 3: likely a positive of b too
        [0.99, 0.0, 0.625],  # 4: the best candidate for c
    ]
)


def test_uncertainty_order_by_hand():
    # Most uncertain code per passage: 1.0 (1, a at 0.5), 0.125 (2), 0.25 (3), 0.75 (4, c at 0.625).
    assert review_order([1, 2, 3, 4], PROBS) == [1, 4, 3, 2]


def test_coverage_order_by_hand():
    # For b and c (short of 5 positives) a passage counts with its probability, for a with its
    # uncertainty. Start: 1 -> 1.0 (uncertain on a), 2 -> 0.9375, 3 -> 0.875, 4 -> 0.625.
    # 1 first; its 0.0625 on b and then 2's 0.9375 bring b's expected positives to 4 + 1 = 5: b is covered.
    # Now 3 counts with its uncertainty on b (0.25) and 4, the only hope for c, comes before it.
    order = review_order([1, 2, 3, 4], PROBS, strategy="coverage", positives=POSITIVES)
    assert order == [1, 2, 4, 3]
    # Without any positives yet, every code counts with its probability: 2, 3 and 4 are 0.99 likely
    # positives of a (ties keep the given order), 1 is at best 0.5.
    assert review_order([1, 2, 3, 4], PROBS, strategy="coverage") == [2, 3, 4, 1]
    assert review_order([1, 2, 3, 4], PROBS, strategy="coverage", positives=POSITIVES, limit=2) == [1, 2]


def test_coverage_order_keeps_diversity_and_substance_first():
    probs = np.array([[0.9], [0.9], [0.8]])
    features = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert review_order([1, 2, 3], probs, features, diversity=0.5, strategy="coverage") == [1, 3, 2]
    long = "Ik vind dat de toegang tot hulp in deze gemeente echt beter moet, want het duurt nu veel te lang."
    texts = ["Ja.", long, long + " Echt."]
    assert review_order([1, 2, 3], probs, texts=texts, strategy="coverage")[-1] == 1


def test_review_order_rejects_unknown_strategies_and_bad_counts():
    with pytest.raises(ValueError, match="unknown review strategy"):
        review_order([1], np.array([[0.5]]), strategy="alfabet")
    with pytest.raises(ValueError, match="unknown review strategy"):
        learning_curve(CODEBOOK, None, strategy="alfabet", texts_and_gold=([], []))
    with pytest.raises(ValueError, match="positive counts"):
        review_order([1], np.array([[0.5, 0.5]]), strategy="coverage", positives=[1])


CODEBOOK = Codebook(
    "t", "T",
    codes=[Code("a", "A"), Code("a1", "A1", parent="a"), Code("b", "B"), Code("x", "X", axis="houding")],
)


def test_queue_columns_keeps_the_codes_on_the_levels_in_use():
    codes = ["a", "a1", "b", "x"]
    # Before any acceptance every code counts, with no positives.
    columns, positives = queue_columns(codes, [], CODEBOOK)
    assert columns == [0, 1, 2, 3] and positives.tolist() == [0, 0, 0, 0]
    # Only top-level codes of the first axis accepted: b counts (not found yet), a1 (a level nobody
    # codes) and x (an axis nobody codes) do not.
    columns, positives = queue_columns(codes, [{"a"}, set()], CODEBOOK)
    assert columns == [0, 2] and positives.tolist() == [1, 0]
    # A positive for a1 is one for its parent a; now the sublevel is in use.
    columns, positives = queue_columns(codes, [{"a1"}, {"a"}, set()], CODEBOOK)
    assert columns == [0, 1, 2] and positives.tolist() == [2, 1, 0]
    # All codes (the default queue): every column, with its positives.
    columns, positives = queue_columns(codes, [{"a1"}, {"a"}, set()], CODEBOOK, in_use=False)
    assert columns == [0, 1, 2, 3] and positives.tolist() == [2, 1, 0, 0]


class UnsureOfXCoder(MemoryCoder):
    """test_curve's coder (codes by first word) with a third code x, on an axis the researcher never
    codes: a coin toss on the known words. Unknown words: 0.3 on a and b, unlikely x."""

    code_ids_ = ("a", "b", "x")

    def predict_proba(self, passages):
        rows = []
        for p in passages:
            known = self.memory.get(p.text.split()[0])
            rows.append([0.3, 0.3, 0.05] if known is None else [float("a" in known), float("b" in known), 0.5])
        return np.asarray(rows)


def test_the_simulated_queue_ignores_a_code_nobody_uses():
    codebook = Codebook("t", "T", codes=[Code("a", "A"), Code("b", "B"), Code("x", "X", axis="houding")])
    def curve(queue_codes):
        result = learning_curve(
            codebook, None, steps=[2, 4], orders=["active"], batch=2, coder_factory=UnsureOfXCoder,
            texts_and_gold=([t for t, _ in ROWS], [c for _, c in ROWS]), queue_codes=queue_codes,
        )
        return [(p["reviewed"], p["macro_f1"]) for p in result["curve"]["active"]]

    # With x in the ranking the known appel rows are the most uncertain (x at 0.5) and the queue
    # takes two more of them: b never learned, macro 0.5.
    assert curve("all") == [(2, 0.5), (4, 0.5)]
    # Ranked on a and b (the codes in use after the first two decisions), the second batch is the
    # unknown peer and druif: every test row right.
    assert curve("in_use") == [(2, 0.5), (4, 1.0)]
    with pytest.raises(ValueError, match="unknown queue codes"):
        curve("sommige")


def test_auto_code_orders_its_queue_by_the_chosen_strategy(tmp_path, monkeypatch):
    from test_auto import _build_project, code_first_half

    from analysis.coding import auto_code
    from analysis.coding.active import review_order as order_of

    project, cb, truth = _build_project(tmp_path)
    ids = code_first_half(project, cb, truth)
    decided = {pid for pid in ids[: len(ids) // 2] if truth[pid]}
    seen = {}

    def spy(*args, **kwargs):
        seen.update(kwargs, columns=args[1].shape[1])
        return order_of(*args, **kwargs)

    monkeypatch.setattr("analysis.coding.active.review_order", spy)  # rank_queue calls it
    report = auto_code(project, cb.id, progress=False, review_strategy="coverage", review_codes="in_use")
    assert report.review_queue and not set(report.review_queue) & decided
    assert seen["strategy"] == "coverage"
    # ranked on the codes in use only, each with its accepted positives
    used = {a for pid in decided for c in truth[pid] for a in cb.path(c)}
    assert seen["columns"] == len(seen["positives"]) < len([c for c in cb.codes if c.codable])
    assert sum(seen["positives"] > 0) == len(used)
    with pytest.raises(ValueError, match="unknown review codes"):
        auto_code(project, cb.id, progress=False, review_codes="sommige")
