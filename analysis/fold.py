"""Folding text for comparison: the one implementation of "ignore case and diacritics".

``fold("Cliënt")`` → ``"client"``, ``fold("één")`` → ``"een"``; :func:`strip_diacritics` keeps the case
(``"Eén"`` → ``"Een"``). Standard library only, so every layer may use it (the store too) without
importing spaCy or the NLP pipeline.

Who folds, and the differences that are intended:

* the store's passage search (:func:`analysis.store.common.fold_search`, also the query language's
  conditions) is :func:`fold`; SQLite runs the same function inside the database, PostgreSQL a
  ``translate()`` map derived from it (so both sides of a comparison fold alike);
* the manifest matches respondent groups with :func:`fold`; slugs (:func:`analysis.domain.slugify`)
  and the Dutch word list (:mod:`analysis.corpus.lexicon`) use :func:`strip_diacritics`;
* :func:`analysis.coding.headings.fold` is :func:`fold` after dropping numbering, punctuation and
  repeated spaces (headings compare as words);
* :func:`analysis.nlp.normalize.fold` (word and lemma matching) keeps the text's length, so offsets
  map back, and also folds ligatures, curly quotes, dashes and soft hyphens; its table of accented
  letters is built with :func:`strip_diacritics`.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "strip_diacritics"]


def strip_diacritics(text: str) -> str:
    """``text`` without its diacritics (compatibility-decomposed, combining marks dropped): ``'Eén'`` → ``'Een'``."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase ``text`` and drop its diacritics: ``'Cliënt'`` → ``'client'``."""
    return strip_diacritics(text.lower())
