"""Text features shared by the zero-shot and learned coders.

Documents are represented by their content lemmas (see :mod:`analysis.nlp`)
plus, for Dutch compounds, their parts: ``jeugdzorgwachtlijst`` also yields
``wachtlijst`` and ``jeugdzorg``, so a passage about "jeugdzorgwachtlijsten" is
near a code that speaks of "wachtlijsten". That plays the role character
n-grams play for compounds at a fraction of the cost. Adjacent content-lemma
bigrams add phrase information (``eigen_regie``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.domain import Code
from analysis.nlp import lemma_of
from analysis.nlp.lemmas import vocabulary


def vocabulary_contains(word: str) -> bool:
    return word in vocabulary()


__all__ = ["LemmaVectorizer", "code_profile_texts", "compound_parts", "expand_features"]

_MIN_MOD = 3
_MIN_HEAD = 4


@lru_cache(maxsize=200_000)
def compound_parts(lemma: str) -> tuple[str, ...]:
    """The parts of a compound lemma that are words themselves: ``wijkteammedewerker`` →
    ``('wijkteam', 'medewerker')``; ``()`` for a non-compound."""
    n = len(lemma)
    if n < _MIN_MOD + _MIN_HEAD or not lemma.isalpha():
        return ()
    best: tuple[str, ...] = ()
    best_score = (0, 0)
    for i in range(_MIN_MOD, n - _MIN_HEAD + 1):
        mod, head = lemma[:i], lemma[i:]
        if not vocabulary_contains(head):
            continue
        if vocabulary_contains(mod):
            cand = (mod, head)
        elif mod[-1] == "s" and len(mod) > _MIN_MOD and vocabulary_contains(mod[:-1]):
            cand = (mod[:-1], head)
        elif mod.endswith("en") and len(mod) > _MIN_MOD + 1 and vocabulary_contains(mod[:-2]):
            cand = (mod[:-2], head)
        else:
            continue
        # Prefer balanced splits (keukentafel|gesprek over keuken|tafelgesprek), then longer modifiers.
        score = (min(len(cand[0]), len(head)), len(cand[0]))
        if score > best_score:
            best, best_score = cand, score
    if not best:
        return ()
    return (lemma_of(best[0]), lemma_of(best[1]))


def expand_features(content: Sequence[str], bigrams: bool = True) -> list[str]:
    """Feature tokens of one document: content lemmas, compound parts, and bigrams."""
    out: list[str] = list(content)
    for lem in content:
        parts = compound_parts(lem)
        if parts:
            out.extend(parts)
    if bigrams:
        out.extend(f"{a}_{b}" for a, b in pairwise(content))
    return out


def _identity(doc: list[str]) -> list[str]:
    return doc


class LemmaVectorizer:
    """TF-IDF over expanded lemma features (sublinear tf, l2 norm).

    ``fit(docs)`` / ``transform(docs)`` take lists of content lemmas (as produced by
    :func:`analysis.coding.base.analyze_passages`), not raw strings.
    """

    def __init__(
        self, *, bigrams: bool = True, min_df: int = 1, max_df: float = 0.9, max_features: int | None = 200_000
    ):
        self.bigrams = bigrams
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features

    def fit(self, docs: Sequence[Sequence[str]]) -> LemmaVectorizer:
        feats = [expand_features(d, self.bigrams) for d in docs]
        max_df = self.max_df if len(feats) >= 20 else 1.0
        self.vectorizer_ = TfidfVectorizer(
            analyzer=_identity,
            sublinear_tf=True,
            min_df=self.min_df,
            max_df=max_df,
            max_features=self.max_features,
            dtype=np.float32,
        )
        self.vectorizer_.fit(feats)
        return self

    def transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        return self.vectorizer_.transform([expand_features(d, self.bigrams) for d in docs]).tocsr()

    def fit_transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        return self.fit(docs).transform(docs)


def code_profile_texts(code: Code) -> dict[str, list[str]]:
    """The texts that describe a code, by role: name/definition, inclusion, keywords, examples."""
    return {
        "name": [code.name],
        "definition": [code.definition] if code.definition else [],
        "inclusion": list(code.inclusion),
        "keywords": list(code.keywords),
        "examples": list(code.examples),
        "exclusion": list(code.exclusion),
    }
