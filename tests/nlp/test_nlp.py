from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.nlp import (
    FILLERS,
    STOP_WORDS,
    TermIndex,
    compound_match,
    content_lemmas,
    fold,
    get_nlp,
    is_stop,
    lemma_analyzer,
    lemma_of,
    lemmatize,
    normalize_variants,
    normalize_with_offsets,
    sentences,
    stem,
    tokenize,
)

# --------------------------------------------------------------------------- normalisation


def test_normalize_folds_diacritics_quotes_char_for_char():
    text = "Efficiénte ideeën, ‘casuïstiek’ – café"
    folded = normalize_variants(text)
    assert folded == "Efficiente ideeen, 'casuistiek' - cafe"
    assert len(folded) == len(text)


def test_normalize_with_offsets_maps_ligatures_and_soft_hyphens_back():
    text = "de ﬁnanciële wacht\u00adlijst"
    nt = normalize_with_offsets(text)
    assert nt.text == "de financiele wachtlijst"
    start = nt.text.index("financiele")
    s, e = nt.to_original(start, start + len("financiele"))
    assert text[s:e] == "ﬁnanciële"
    start = nt.text.index("wachtlijst")
    s, e = nt.to_original(start, start + len("wachtlijst"))
    assert text[s:e].replace("\u00ad", "") == "wachtlijst"


def test_decomposed_accents_are_dropped():
    assert fold("casu\u0308istiek") == "casuistiek"
    assert fold("Ideeën") == fold("ideeën") == "ideeen"


_ALPHABET = st.sampled_from(list("abcdeéëèïöüß -.,'\u00ad\ufb01\u2019\u201cAZ0\n") + ["e\u0301", "ij"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_token_offsets_round_trip_on_any_text(text):
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
        assert tok.start < tok.end


# --------------------------------------------------------------------------- lemmas and OCR variants


@pytest.mark.parametrize(
    "variants",
    [
        ("efficiënte", "efficiénte", "efficiente", "Efficiënte"),
        ("ideeën", "ideeén", "ideeen"),
        ("casuïstiek", "casuistiek", "casuístiek"),
        ("financiële", "financiéle", "financiele"),
    ],
)
def test_ocr_variants_share_one_lemma(variants):
    lemmas = {lemma_of(v) for v in variants}
    assert len(lemmas) == 1, lemmas


def test_inflections_lemmatize():
    assert lemma_of("wachtlijsten") == "wachtlijst"
    assert lemma_of("Inwoners") == "inwoner"
    assert lemma_of("ideeén") == "idee"
    # unknown compound: lemmatized on its head
    assert lemma_of("jeugdzorgwachtlijsten") == "jeugdzorgwachtlijst"


def test_lemmatize_is_batched_and_stable():
    texts = ["De wachtlijsten zijn lang.", "", "Efficiénte ideeén!"]
    out = lemmatize(texts)
    assert len(out) == 3
    assert "wachtlijst" in out[0]
    assert out[1] == []
    assert out[2] == ["efficient", "idee"]
    assert lemmatize(texts) == out


def test_stem_uses_dutch_snowball():
    assert stem("samenwerking") == stem("samenwerken")
    assert stem("wachtlijsten") == stem("wachtlijst")


# --------------------------------------------------------------------------- compounds


@pytest.mark.parametrize(
    "keyword, token, expected",
    [
        ("wachtlijst", "wachtlijst", "exact"),
        ("wachtlijst", "jeugdzorgwachtlijst", "head"),
        ("werkdruk", "werkdrukbeleving", "modifier"),
        ("keukentafel", "keukentafelgesprek", "modifier"),
        ("zorg", "mantelzorg", "head"),
        ("zorg", "zorgvuldig", None),  # 'vuldig' is no word
        ("werk", "netwerk", None),  # a four-letter head needs a longer modifier
        ("regie", "regiem", None),
        ("samenwerking", "samenwerken", "stem"),
        ("bereikbaar", "bereikbaarheid", "stem"),
        # false friends: one Snowball stem, another meaning
        ("beschikking", "beschikbaar", None),
        ("verantwoording", "verantwoordelijkheid", None),
        # verbs are no compound heads, nor are words after an inseparable prefix
        ("leren", "signaleren", None),
        ("wachten", "verwachten", None),
        ("wacht", "verwacht", None),
    ],
)
def test_compound_match(keyword, token, expected):
    assert compound_match(keyword, token) == expected


def test_term_index_matches_inflections_compounds_and_wildcards():
    index: TermIndex[str] = TermIndex()
    index.add("wachtlijst", "W")
    index.add("werkdruk", "D")
    index.add("vindba*", "V")
    index.add("keukentafelgesprek", "K")

    def hits(word):
        return {p for p, _ in index.lookup(lemma_of(word), word.lower())}

    assert hits("wachtlijsten") == {"W"}
    assert hits("jeugdzorgwachtlijsten") == {"W"}
    assert hits("werkdrukbeleving") == {"D"}
    assert hits("vindbaarheid") == {"V"}
    assert hits("keukentafelgesprekken") == {"K"}
    assert hits("wachtkamer") == set()
    assert hits("lijst") == set()


def test_term_index_rejects_empty_keyword():
    with pytest.raises(ValueError, match="empty keyword"):
        TermIndex().add("  ", "x")


# --------------------------------------------------------------------------- stop words and fillers


def test_stop_words_and_fillers():
    for w in (
        "eh",
        "ehm",
        "uh",
        "uhm",
        "hm",
        "nou",
        "ja",
        "nee",
        "gewoon",
        "eigenlijk",
        "dus",
        "hè",
        "toch",
        "ofzo",
        "enzo",
    ):
        assert w in FILLERS
        assert is_stop(w)
    assert "de" in STOP_WORDS and "één" in STOP_WORDS and "een" in STOP_WORDS
    assert "he" in STOP_WORDS  # folded 'hè'
    assert not is_stop("wachtlijst")


def test_content_lemmas_drop_fillers_and_filler_phrases():
    text = "Eh, ja, zeg maar, de wachtlijsten zijn gewoon te lang, weet je, voor inwoners ofzo."
    lemmas = content_lemmas(text)
    assert lemmas == ["wachtlijst", "inwoner"]


def test_lemma_analyzer_plugs_into_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lemma_analyzer)
    X = vec.fit_transform(["De wachtlijsten bij de jeugdzorg", "Een wachtlijst voor inwoners"])
    assert X.shape[0] == 2
    assert "wachtlijst" in vec.vocabulary_
    assert "de" not in vec.vocabulary_


# --------------------------------------------------------------------------- pipeline


def test_pipeline_is_cached_and_has_the_components():
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.lang == "nl"
    assert {"sentencizer", "lemmatizer"} <= set(nlp.pipe_names)


def test_spacy_and_regex_tokenizers_give_the_same_words():
    text = "De wachtlijsten bij het wijkteam zijn te lang. Inwoners bellen vaak."
    regex = [t.lemma for t in tokenize(text) if t.is_word]
    spacy_ = [t.lemma for t in tokenize(text, engine="spacy") if t.is_word]
    assert regex == spacy_
    with pytest.raises(ValueError, match="unknown tokenizer engine"):
        tokenize(text, engine="nope")


def test_sentences_round_trip():
    text = "Eerste zin met ﬁnanciële zorgen. Tweede zin!  Derde zin?"
    spans = sentences(text)
    assert len(spans) == 3
    assert text[spans[0][0] : spans[0][1]].startswith("Eerste")
    assert text[spans[-1][0] : spans[-1][1]].startswith("Derde")
