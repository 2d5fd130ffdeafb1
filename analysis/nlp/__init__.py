"""Dutch text processing for Duiding, in one place.

Stable API (other capabilities import these):

* :data:`STOP_WORDS`, :data:`FILLERS` — lowercase stop words (raw + folded) and interview fillers
* :func:`lemmatize(texts) -> list[list[str]] <lemmatize>` — folded lemmas of every word, per text
* :func:`content_lemmas(text) -> list[str] <content_lemmas>` — lemmas without stop words/fillers
* :func:`lemma_analyzer` — scikit-learn ``analyzer=`` callable
* :func:`normalize_variants` — fold OCR/diacritic variants (é/ë → e, ligatures, quotes, soft hyphens)
* :func:`get_nlp` — the cached ``spacy.blank("nl")`` + sentencizer + lookup lemmatizer

Lemmas are *folded* (lowercase, no diacritics): ``ideeën``, ``ideeén`` → ``idee``.
"""

from .compounds import MIN_PART_LEN, TermIndex, compound_match, term_key
from .lemmas import is_known_word, lemma_of, stem
from .normalize import NormalizedText, fold, normalize_variants, normalize_with_offsets
from .pipeline import (
    Token,
    content_lemmas,
    content_lemmas_many,
    get_nlp,
    iter_tokens,
    lemma_analyzer,
    lemmatize,
    sentences,
    tokenize,
)
from .stopwords import FILLER_PHRASES, FILLERS, STOP_WORDS, is_stop

__all__ = [
    "FILLERS",
    "FILLER_PHRASES",
    "MIN_PART_LEN",
    "STOP_WORDS",
    "NormalizedText",
    "TermIndex",
    "Token",
    "compound_match",
    "content_lemmas",
    "content_lemmas_many",
    "fold",
    "get_nlp",
    "is_known_word",
    "is_stop",
    "iter_tokens",
    "lemma_analyzer",
    "lemma_of",
    "lemmatize",
    "normalize_variants",
    "normalize_with_offsets",
    "sentences",
    "stem",
    "term_key",
    "tokenize",
]
