"""The encoder-based review orders (representative, density, disagreement, mix), by hand, and the promise
that the learning curve simulates exactly the queue the product stores."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from coding_testdata import make_codebook, synthetic_corpus
from team_builders import add_source

from analysis.coding.active import STRATEGIES, review_order

E1, E2, E3 = np.eye(3)


def test_representative_cold_start_by_hand():
    # Three passages alike (e1), two alike (e2), one alone (e3). Uncertainty alone: 5, 4, 1, 3, 2, 0.
    emb = np.array([E1, E1, E1, E2, E2, E3])
    probs = np.array([[0.9], [0.6], [0.8], [0.7], [0.55], [0.5]])
    ids = list(range(6))
    assert review_order(ids, probs) == [5, 4, 1, 3, 2, 0]
    # Facility location: a pick from the e1 group covers three passages (the most uncertain of them, 1,
    # comes first), then one of e2 covers two (4, more uncertain than 3), then 5; then nothing adds
    # coverage and the uncertainty order fills the rest.
    assert review_order(ids, probs, strategy="representative", embeddings=emb) == [1, 4, 5, 3, 2, 0]
    # Only the cold start: once passages are decided (``seen``) it is the uncertainty order.
    assert review_order(ids, probs, strategy="representative", embeddings=emb, seen=np.array([E1])) == [5, 4, 1, 3, 2, 0]


def test_density_weighted_uncertainty_by_hand():
    # 0, 1, 2 alike; 3 alone. With three neighbours each, density 2/3 for 0-2 and 0 for 3 (scaled: 1, 1, 1, 0).
    emb = np.array([E1, E1, E1, E2])
    probs = np.array([[0.7], [0.6], [0.9], [0.5]])  # uncertainty 0.6, 0.8, 0.2, 1.0
    ids = [10, 11, 12, 13]
    assert review_order(ids, probs) == [13, 11, 10, 12]
    # scores 0.6, 0.8, 0.2, 0: 11 first; then 10 (0.6 - 0.3 for its likeness to 11) before 13 (0) before
    # 12 (0.2 - 0.3): the uncertain outlier waits for the uncertain typical passages.
    assert review_order(ids, probs, strategy="density", embeddings=emb) == [11, 10, 13, 12]


def test_disagreement_between_prior_and_learned_coder_by_hand():
    probs = np.array([[0.5], [0.9], [0.6]])  # the learned coder
    prior = np.array([[0.5], [0.1], [0.6]])  # the zero-shot coder (codebook prior)
    # (1 - |2m - 1| + |p - z|) / 2: 0.5, 0.9 (they disagree by 0.8 around m = 0.5), 0.4
    assert review_order([0, 1, 2], probs) == [0, 2, 1]
    assert review_order([0, 1, 2], probs, strategy="disagreement", prior=prior) == [1, 0, 2]


def test_mix_alternates_uncertain_and_representative_by_hand():
    emb = np.array([E1, E1, E1, E2, E2, E3])
    probs = np.array([[0.5], [0.55], [0.6], [0.9], [0.95], [0.85]])  # uncertainty 1, .9, .8, .2, .1, .3
    seen = np.array([E3])  # a passage like 5 is decided already
    assert review_order(list(range(6)), probs) == [0, 1, 2, 5, 3, 4]
    # 0 (most uncertain); 3 (covers the e2 pair nobody covers yet); 1 (0.9 - 0.3 likeness to 0); then
    # everything is covered: 2 (first left in the uncertainty order); 5 (0.3) before 4 (0.1 - 0.3).
    assert review_order(list(range(6)), probs, strategy="mix", embeddings=emb, seen=seen) == [0, 3, 1, 2, 5, 4]


def test_encoder_strategies_fall_back_to_uncertainty_without_vectors():
    probs = np.array([[0.9], [0.6], [0.8], [0.7], [0.55], [0.5]])
    plain = review_order(list(range(6)), probs)
    for strategy in ("representative", "density", "disagreement", "mix"):
        assert review_order(list(range(6)), probs, strategy=strategy) == plain
    with pytest.raises(ValueError, match="prior"):
        review_order([0, 1], probs[:2], strategy="disagreement", prior=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="embedding"):
        review_order([0, 1], probs[:2], strategy="density", embeddings=np.zeros((3, 4)))


def test_substance_first_keeps_the_strategy():
    emb = np.array([E1, E1, E2, E2])
    texts = ["Ja.", " ".join(["woord"] * 20), "Nee hoor.", " ".join(["ander"] * 20)]
    probs = np.array([[0.5], [0.9], [0.5], [0.8]])
    order = review_order([0, 1, 2, 3], probs, texts=texts, strategy="representative", embeddings=emb)
    assert order[:2] == [3, 1]  # substantive first, each covering its group
    assert set(order[2:]) == {0, 2}


class HashEncoder:
    model_id = "test/hash-8"
    dim = 8

    def encode(self, texts, *, query=False):
        rows = [np.random.default_rng(int(hashlib.md5(t.encode()).hexdigest()[:8], 16)).normal(size=8) for t in texts]
        v = np.asarray(rows, dtype=np.float32).reshape(len(texts), 8)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("with_encoder", [False, True])
def test_the_simulation_picks_what_the_product_queues(tmp_path, strategy, with_encoder):
    """A tiny project: the learning curve's active order and auto_code's review queue pick the same ten
    passages before any decision and, after the researcher decided those, the same next ten."""
    from analysis.coding import auto_code
    from analysis.coding.base import analyze_passages
    from analysis.coding.curve import _active_sequence
    from analysis.coding.evaluate import attach_embeddings
    from analysis.coding.learned import LearnedCoder
    from analysis.coding.zero_shot import ZeroShotCoder
    from analysis.domain import Coding
    from analysis.embeddings import CachedEncoder, EmbeddingCache, embed_project
    from analysis.store import Project

    texts, labels = synthetic_corpus(60, seed=5)
    rows = [(t, l) for t, l in zip(texts, labels) if l]  # every decided passage accepts some code
    project = Project.create(tmp_path / "proj")
    cb = make_codebook()
    project.save_codebook(cb)
    ids = add_source(project, [t for t, _ in rows])
    gold = [l for _, l in rows]
    encoder = None
    if with_encoder:
        embed_project(project, HashEncoder())
        encoder = CachedEncoder(HashEncoder(), EmbeddingCache.for_project(project))

    # the simulation, as learning_curve sets it up (zero-shot fitted on every text, seed 0)
    analyzed = analyze_passages([t for t, _ in rows])
    attach_embeddings(analyzed, encoder)
    zero_shot = ZeroShotCoder(cb, **({"encoder": encoder} if encoder else {})).fit(analyzed)

    def train(reviewed):
        ordered = sorted(reviewed)
        return LearnedCoder(cb, zero_shot=zero_shot).fit([analyzed[i] for i in ordered], [gold[i] for i in ordered])

    picks = _active_sequence(
        analyzed, list(range(len(rows))), 20, 10, [10, 20], zero_shot, train, gold=gold, codebook=cb, strategy=strategy
    )
    spec = encoder.encoder if encoder else "none"
    first = auto_code(project, cb.id, progress=False, encoder=spec, review_strategy=strategy, review_limit=10)
    assert first.mode == "zero_shot" and first.encoder_model == ("test/hash-8" if with_encoder else "")
    assert first.review_queue == [ids[k] for k in picks[:10]]
    for k in picks[:10]:
        for code in gold[k]:
            project.add_coding(Coding(passage_id=ids[k], code_id=code, codebook_id=cb.id, coder="onderzoeker"))
    second = auto_code(project, cb.id, progress=False, encoder=spec, review_strategy=strategy, review_limit=10)
    assert second.mode == "learned"
    assert second.review_queue == [ids[k] for k in picks[10:20]]
    project.close()


def test_the_review_page_leads_with_the_last_runs_queue(tmp_path):
    """Opened later (no queue of its own session), the review page follows the stored run's strategy."""
    from analysis.coding import auto_code
    from analysis.coding.runs import RUN_START
    from analysis.review import active_learning_order
    from analysis.review.order import last_review_queue
    from analysis.store import Project

    project = Project.create(tmp_path / "proj")
    cb = make_codebook()
    project.save_codebook(cb)
    add_source(project, synthetic_corpus(30, seed=2)[0])
    assert active_learning_order(project, cb.id) is not None  # nothing stored yet: the confidences only
    report = auto_code(project, cb.id, progress=False, review_strategy="disagreement", review_limit=8)
    assert len(report.review_queue) == 8
    order = active_learning_order(project, cb.id)
    assert order[:8] == report.review_queue == last_review_queue(project, cb.id)
    assert active_learning_order(project, cb.id, first=[report.review_queue[-1]])[0] == report.review_queue[-1]
    project.log_event(RUN_START, "autocode", cb.id)  # an interrupted run: its queue is not trusted
    assert last_review_queue(project, cb.id) == []
    project.close()


def test_curve_json_shape_with_an_encoder_strategy(tmp_path):
    import json

    from analysis.coding.curve import learning_curve

    texts, labels = synthetic_corpus(70, seed=3)
    result = learning_curve(
        make_codebook(), None, steps=[10, 20], orders=["active", "document", "random"], strategy="representative",
        encoder=HashEncoder(), texts_and_gold=(texts, labels),
    )
    out = json.loads(json.dumps(result))  # plain JSON
    assert set(out) == {"curve", "pool", "test", "seed", "labels"}
    assert (out["pool"], out["test"], out["seed"]) == (49, 21, 0)
    assert list(out["curve"]) == ["active", "document", "random"]
    for points in out["curve"].values():
        assert [p["reviewed"] for p in points] == [10, 20]
        assert all(set(p) == {"reviewed", "macro_f1", "micro_f1"} and 0 <= p["macro_f1"] <= 1 for p in points)
    with pytest.raises(ValueError, match="unknown review strategy"):
        learning_curve(make_codebook(), None, strategy="alfabet", texts_and_gold=(texts, labels))


def test_the_queue_keeps_only_the_rows_its_strategy_reads():
    """auto_code keeps the queue's inputs for every open passage: the vectors and the prior only when the
    strategy ranks on them (100k passages' vectors are hundreds of MB the default order never reads)."""
    from types import SimpleNamespace

    from analysis.coding.active import queue_inputs

    emb, prior = np.arange(12.0).reshape(3, 4), np.full((3, 2), 0.5)
    feats = SimpleNamespace(
        lexical=np.eye(3), zero_shot=SimpleNamespace(embeddings=emb), prior=SimpleNamespace(proba=prior)
    )
    scores = SimpleNamespace(proba=np.full((3, 2), 0.4), features=feats)
    for strategy, keeps_emb, keeps_prior in (
        ("uncertainty", False, False), ("coverage", False, False), ("density", True, False),
        ("representative", True, False), ("mix", True, False), ("disagreement", False, True), (None, True, True),
    ):
        probs, rows, e, p = queue_inputs(scores, [2, 0], strategy)
        assert probs.shape == (2, 2) and rows.shape == (2, 3)
        assert (e is not None) == keeps_emb and (p is not None) == keeps_prior, strategy
        if keeps_emb:
            assert np.array_equal(e, emb[[2, 0]])
