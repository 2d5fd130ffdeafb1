""""Meer zoals deze" on the review page and search by meaning on Corpus, through AppTest.

Without an encoder (``DUIDING_ENCODER=none``) both answer by TF-IDF cosine and say so; with an encoder (a
deterministic stand-in, so no model is loaded) and the passages embedded they answer from the cached vectors;
with an encoder but no vectors yet they fall back to TF-IDF, say why, and offer to compute the vectors.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "embeddings"))

from fake_encoder import FakeEncoder


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _texts(at):
    return " ".join(x.value for x in [*at.caption, *at.info, *at.markdown])


@pytest.fixture
def lexical(monkeypatch):
    monkeypatch.setenv("DUIDING_ENCODER", "none")


@pytest.fixture
def fake(monkeypatch):
    """Every encoder spec the pages resolve is the stand-in encoder (spec ``fake``, its own cache key)."""
    import analysis.embeddings.similar as similar

    encoder = FakeEncoder()
    monkeypatch.setenv("DUIDING_ENCODER", f"fake-{id(encoder)}")
    monkeypatch.setattr(similar, "encoder_for_pages", lambda spec=None: (encoder, f"sentence encoder {encoder.model_id}"))
    return encoder


def _show_like(app):
    app.toggle(key="semantic_like_show").set_value(True).run()
    assert not _errors(app), _errors(app)
    return app


def _table_sources(app, key):
    return list(app.dataframe(key=key).value["Bron"])


def test_more_like_this_without_encoder_is_lexical_and_says_so(lexical, app, store):
    from analysis.embeddings.similar import build_index

    _show_like(app)
    pid = app.session_state["review_pid"]
    assert "gedeelde woorden (TF-IDF)" in _texts(app)
    expected = build_index(store, encoder="none").like([pid], limit=10)
    assert expected, "the small project has passages sharing words"
    names = {p.id: p.source_name for p in store.passages(ids=[i for i, _ in expected])}
    assert _table_sources(app, "semantic_like_table") == [names[i] for i, _ in expected]
    assert pid not in [i for i, _ in expected]  # never the passage itself


def test_like_a_codes_accepted_passages(lexical, app, store, codebook_id):
    c = store.codings(codebook_id=codebook_id, code_id="wachttijden")[0]
    store.set_status(c.id, "accepted", coder="tester")
    _show_like(app)
    app.radio(key="semantic_like_anchor").set_value("code").run()
    app.selectbox(key="semantic_like_code").set_value("wachttijden").run()
    assert not _errors(app)
    assert "Lijkend op het fragment dat met Wachttijden is gecodeerd." in _texts(app)
    table = app.dataframe(key="semantic_like_table").value
    anchor = store.get_passage(c.passage_id)
    # the other wachttijd passage shares the word; the anchor itself is left out
    assert any("wachttijd" in text for text in table["Tekst"])
    assert anchor.text[:220] not in list(table["Tekst"])


def test_a_code_without_accepted_passages_says_so(lexical, app):
    _show_like(app)
    app.radio(key="semantic_like_anchor").set_value("code").run()
    app.selectbox(key="semantic_like_code").set_value("bejegening").run()
    assert "Nog geen fragment is met deze code gecodeerd" in _texts(app)


def test_more_like_this_with_an_encoder_uses_the_cached_vectors(fake, app, store):
    from analysis.embeddings import embed_project, like_these

    embed_project(store, fake)
    app.run()
    _show_like(app)
    pid = app.session_state["review_pid"]
    assert f"Gezocht op betekenis met de zinsencoder {fake.model_id}." in _texts(app)
    expected = [(i, s) for i, s in like_these(store, fake.model_id, [pid], limit=10) if s > 0]  # alike only
    names = {p.id: p.source_name for p in store.passages(ids=[i for i, _ in expected])}
    assert _table_sources(app, "semantic_like_table") == [names[i] for i, _ in expected]


def test_an_encoder_without_vectors_falls_back_and_computes_them(fake, app, store):
    from analysis.embeddings import EmbeddingCache

    _show_like(app)
    assert "hebben nog geen vectoren van de zinsencoder" in _texts(app)
    assert app.dataframe(key="semantic_like_table")  # lexical answers meanwhile
    app.button(key="semantic_embed_like").click().run()
    cache = EmbeddingCache.for_project(store)
    deadline = time.monotonic() + 30
    while cache.count(fake.model_id) < store.count_passages() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.count(fake.model_id) == len({p.text for p in store.passages()})
    time.sleep(0.2)
    app.run()
    assert f"Gezocht op betekenis met de zinsencoder {fake.model_id}." in _texts(app)


def _corpus(app):
    app.switch_page("views/corpus.py").run()
    assert not _errors(app)
    return app


def test_corpus_search_without_encoder_finds_shared_words(lexical, app, store):
    _corpus(app)
    app.text_input(key="semantic_query").input("wachttijden").run()
    assert not _errors(app)
    assert "gedeelde woorden (TF-IDF)" in _texts(app)
    table = app.dataframe(key="semantic_search_results").value
    assert len(table) >= 2
    assert all("wachttijd" in text.lower() for text in table["Tekst"][:2])  # the lemma matches the plural


def test_corpus_search_with_an_encoder_embeds_the_query(fake, app, store):
    from analysis.embeddings import embed_project, semantic_search

    embed_project(store, fake)
    _corpus(app)
    app.text_input(key="semantic_query").input("zelf regelen").run()
    assert not _errors(app)
    expected = [(i, s) for i, s in semantic_search(store, fake, "zelf regelen", limit=30) if s > 0]
    table = app.dataframe(key="semantic_search_results").value
    names = {p.id: p.source_name for p in store.passages(ids=[i for i, _ in expected])}
    assert list(table["Bron"]) == [names[i] for i, _ in expected]
    assert fake.calls[-1] == ["zelf regelen"]  # the query side, once
