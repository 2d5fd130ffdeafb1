"""simplemma's Dutch tables as an opt-in lemmatizer, spaCy's lookup table as default and fallback."""

from __future__ import annotations

import pytest

from analysis.nlp import lemmas


@pytest.fixture
def lemmatizer(monkeypatch):
    def choose(name: str | None):
        if name is None:
            monkeypatch.delenv("DUIDING_LEMMATIZER", raising=False)
        else:
            monkeypatch.setenv("DUIDING_LEMMATIZER", name)
        lemmas._simplemma.cache_clear()
        monkeypatch.setattr(lemmas, "_LEMMA_CACHE", {})
        return lemmas.lemma_of

    yield choose
    lemmas._simplemma.cache_clear()


def test_default_is_the_spacy_lookup_table(lemmatizer):
    lemma_of = lemmatizer(None)
    assert lemma_of("gemaakt") == "gemaakt"  # the participle stays: spaCy's table does not know it
    assert lemma_of("Wachtlijsten") == "wachtlijst"


def test_simplemma_lemmatizes_participles_and_keeps_the_fallbacks(lemmatizer):
    pytest.importorskip("simplemma")
    lemma_of = lemmatizer("simplemma")
    assert lemma_of("gemaakt") == "maken"
    assert lemma_of("geleerd") == "leren"
    assert lemma_of("kinderen") == "kind"
    # Folding and spaCy's table with the compound rules still apply.
    assert lemma_of("ideeën") == "idee"
    assert lemma_of("efficiënte") == "efficient"
    assert lemma_of("jeugdzorgwachtlijsten") == "jeugdzorgwachtlijst"
