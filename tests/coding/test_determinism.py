"""Same input, same output: the learning curve's simulated queue and auto_code's queue compute the same
numbers whatever was computed before, and whichever corpus (hash seed) the test data happens to draw.

The defect this guards (found as "6, 2 against 2, 6" in the first review batch under some hash seeds):
``CachedEncoder.query`` returned the encoder's full-precision vectors for code descriptions it had just
embedded, but the half-precision vectors the cache stores once they were cached. The first zero-shot coder
fitted with an encoder (the simulation, in that test) saw other description vectors than every later one
(``auto_code``), so their standardisation statistics differed in the fifth decimal and near-equal passages
swapped places.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from coding_testdata import make_codebook, synthetic_corpus


class HashEncoder:
    """A deterministic test encoder whose vectors do not survive half precision unchanged."""

    model_id = "test/hash-det-8"
    dim = 8

    def encode(self, texts, *, query=False):
        salt = "q:" if query else "p:"
        rows = [
            np.random.default_rng(int(hashlib.md5((salt + t).encode()).hexdigest()[:8], 16)).normal(size=8)
            for t in texts
        ]
        v = np.asarray(rows, dtype=np.float32).reshape(len(texts), 8)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _file_cache(tmp_path):
    from analysis.embeddings import CachedEncoder, EmbeddingCache

    return CachedEncoder(HashEncoder(), EmbeddingCache.file(tmp_path / "emb.sqlite"))


def test_query_vectors_are_the_same_before_and_after_they_are_cached(tmp_path):
    texts = ["Toegang tot zorg: de wachtlijst", "Werkdruk bij de wijkteams", "Toegang tot zorg: de wachtlijst"]
    enc = _file_cache(tmp_path)
    first = enc.query(texts)  # embedded now (a cache miss)
    again = enc.query(texts)  # read back from the cache
    fresh = _file_cache(tmp_path).query(texts)  # another process, another day
    assert first.dtype == again.dtype == np.float32
    assert np.array_equal(first, again) and np.array_equal(first, fresh)
    assert np.array_equal(first[0], first[2])
    # the passages' side was already consistent (embed stores, then reads back); it agrees with lookup
    assert np.array_equal(enc.embed(texts), enc.lookup(texts))


def test_a_zero_shot_coder_with_an_encoder_fits_the_same_on_a_cold_and_a_warm_cache(tmp_path):
    from analysis.coding.zero_shot import ZeroShotCoder

    texts, _ = synthetic_corpus(40, seed=3)
    cb = make_codebook()
    fits = []
    for _ in range(2):  # the first fit embeds the code descriptions, the second reads them from the cache
        enc = _file_cache(tmp_path)
        zs = ZeroShotCoder(cb, encoder=enc).fit(_with_vectors(texts, enc))
        fits.append((zs, zs.predict_proba(_with_vectors(texts[:10], enc))))
    (a, pa), (b, pb) = fits
    assert np.array_equal(a._profile_emb, b._profile_emb)
    assert np.array_equal(a.mu_, b.mu_) and np.array_equal(a.sd_, b.sd_)
    assert np.array_equal(pa, pb)


def _with_vectors(texts, enc):
    from analysis.coding.base import analyze_passages
    from analysis.coding.evaluate import attach_embeddings

    analyzed = analyze_passages(texts)
    attach_embeddings(analyzed, enc)
    return analyzed


@pytest.mark.parametrize("strategy", ["uncertainty", "disagreement", "mix"])
def test_the_simulation_ranks_with_the_zero_shot_coder_until_a_code_is_learned(tmp_path, strategy):
    """After decisions that teach the learned coder no code yet (too few positives), auto_code ranks the
    queue with the zero-shot coder (``mode == "zero_shot"``); the simulation must do the same, not rank with
    the untrained learned coder (whose probabilities are the prior's, which e.g. ``disagreement`` reads
    as a committee of two that agree: half the uncertainty, so the diversity penalty weighs double)."""
    from team_builders import add_source

    from analysis.coding import auto_code
    from analysis.coding.base import analyze_passages
    from analysis.coding.curve import _active_sequence
    from analysis.coding.learned import LearnedCoder
    from analysis.coding.zero_shot import ZeroShotCoder
    from analysis.domain import Coding
    from analysis.store import Project

    texts, labels = synthetic_corpus(60, seed=5)
    rows = [(t, l) for t, l in zip(texts, labels) if l]
    project = Project.create(tmp_path / "proj")
    cb = make_codebook()
    project.save_codebook(cb)
    ids = add_source(project, [t for t, _ in rows])
    gold = [l for _, l in rows]
    analyzed = analyze_passages([t for t, _ in rows])
    zero_shot = ZeroShotCoder(cb).fit(analyzed)
    never = 10_000  # positives a code needs before it is learned: never, here

    def train(reviewed):
        ordered = sorted(reviewed)
        coder = LearnedCoder(cb, zero_shot=zero_shot, min_positives=never)
        return coder.fit([analyzed[i] for i in ordered], [gold[i] for i in ordered])

    picks = _active_sequence(
        analyzed, list(range(len(rows))), 20, 10, [10, 20], zero_shot, train, gold=gold, codebook=cb, strategy=strategy
    )
    for k in picks[:10]:
        for code in gold[k]:
            project.add_coding(Coding(passage_id=ids[k], code_id=code, codebook_id=cb.id, coder="onderzoeker"))
    run = auto_code(
        project, cb.id, progress=False, encoder="none", review_strategy=strategy, review_limit=10, min_positives=never
    )
    assert run.mode == "zero_shot" and run.decisions == 10
    assert run.review_queue == [ids[k] for k in picks[10:20]]
    project.close()
