"""The distilled static encoder: word vectors once (and cached), passages as weighted sums."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from fake_encoder import FakeEncoder

from analysis.embeddings import EmbeddingCache
from analysis.embeddings.static import STOP_WEIGHT, StaticEncoder


def test_a_passage_is_the_weighted_sum_of_its_centred_word_vectors(tmp_path):
    base = FakeEncoder()
    enc = StaticEncoder(base)
    v = enc.encode(["De wachttijd, de WACHTTIJD!"])[0]
    word = {w: base.encode([w])[0] for w in ("de", "wachttijd")}
    centre = enc.centre()
    expected = STOP_WEIGHT * (word["de"] - centre) * 2 + (word["wachttijd"] - centre) * 2
    assert np.allclose(v, expected / np.linalg.norm(expected), atol=1e-5)
    assert enc.model_id == "fake/hash-8|static-v1" and enc.dim == 8


def test_each_word_runs_through_the_base_encoder_once(tmp_path):
    base = FakeEncoder()
    enc = StaticEncoder(base)
    enc.encode(["ik wacht op de gemeente"])
    first = base.embedded
    enc.encode(["de gemeente wacht", "ik huisarts"])
    assert base.embedded - first == 1  # only "huisarts" is new (stop words are embedded for the centre)
    assert all(len(call) >= 1 and all(" " not in w for w in call) for call in base.calls)


def test_word_vectors_are_cached_by_hash_across_encoders(tmp_path):
    cache = EmbeddingCache.file(tmp_path / "words.sqlite")
    StaticEncoder(FakeEncoder(), cache=cache).encode(["zelf de regie houden"])
    again = FakeEncoder()
    v = StaticEncoder(again, cache=cache).encode(["zelf de regie houden"])
    assert again.embedded == 0
    assert np.isclose(np.linalg.norm(v[0]), 1.0)


def test_a_text_without_words_gives_a_zero_vector():
    v = StaticEncoder(FakeEncoder()).encode(["...", ""])
    assert v.shape == (2, 8) and not v.any()
