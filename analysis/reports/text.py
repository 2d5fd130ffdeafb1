"""Words of passages for reports: lemmas from :mod:`analysis.nlp`, or a plain fallback.

:func:`content_terms` gives the content words of each text (folded lemmas
without stop words and interview fillers). It uses ``analysis.nlp`` when that
package is importable, else a regex tokenizer with spaCy's Dutch stop words.
:func:`centrality` scores texts by cosine similarity to the centroid of their
TF-IDF vectors: the most "typical" texts of a set score highest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def _fallback_terms(texts: Sequence[str]) -> list[list[str]]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    fillers = {"eh", "ehm", "uh", "uhm", "hm", "nou", "ja", "nee", "gewoon", "eigenlijk", "zeg", "weet"}
    out: list[list[str]] = []
    for text in texts:
        words = [w.lower() for w in _WORD.findall(text)]
        out.append([w for w in words if len(w) > 1 and w not in STOP_WORDS and w not in fillers])
    return out


def content_terms(texts: Sequence[str]) -> list[list[str]]:
    """Content words (lemmas when available) of every text, in order."""
    try:
        from ..nlp import content_lemmas_many
    except ImportError:  # pragma: no cover - analysis.nlp is part of the package
        return _fallback_terms(texts)
    return content_lemmas_many(list(texts))


def centrality(terms: Sequence[Sequence[str]]) -> tuple[np.ndarray, Any]:
    """Cosine similarity of each document's TF-IDF vector to the centroid of all of them.

    Returns ``(scores, rows)``: ``rows`` are the L2-normalised TF-IDF vectors (a
    sparse matrix, ``None`` when no document has a content word), handy for
    similarity between documents. Documents without any content word score 0;
    a single document scores 1.
    """
    n = len(terms)
    if n == 0 or not any(terms):
        return np.zeros(n), None
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    rows = vectorizer.fit_transform([list(t) for t in terms])
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:
        return np.zeros(n), rows
    return np.asarray(rows @ (centroid / norm)).ravel(), rows


def _identity(doc: list[str]) -> list[str]:
    return doc
