"""Text features shared by the zero-shot and learned coders.

Documents are represented by their content lemmas (see :mod:`analysis.nlp`)
plus, for Dutch compounds, their parts: ``jeugdzorgwachtlijst`` also yields
``wachtlijst`` and ``jeugdzorg``, so a passage about "jeugdzorgwachtlijsten" is
near a code that speaks of "wachtlijsten". That plays the role character
n-grams play for compounds at a fraction of the cost. Adjacent content-lemma
bigrams add phrase information (``eigen_regie``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, pairwise, repeat

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis.domain import Code
from analysis.nlp import lemma_of
from analysis.nlp.lemmas import vocabulary


def vocabulary_contains(word: str) -> bool:
    return word in vocabulary()


__all__ = ["CharNgramVectorizer", "LemmaVectorizer", "code_profile_texts", "compound_parts", "expand_features"]

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


def _rows_to_csr(rows: Iterable[Iterable[str]], index: dict[str, int], *, grow: bool) -> sp.csr_matrix:
    """Count matrix of string rows over the columns in ``index`` (new strings are added to it
    when ``grow``, in the order they first occur; skipped otherwise)."""
    rows = [r if isinstance(r, list) else list(r) for r in rows]
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = list(chain.from_iterable(rows))
    if grow:
        new = [key for key in dict.fromkeys(flat) if key not in index]
        index.update(zip(new, range(len(index), len(index) + len(new))))
        indices = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    else:
        indices = np.fromiter(map(index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        known = indices >= 0
        if not known.all():
            lengths = np.bincount(np.repeat(np.arange(len(rows)), lengths)[known], minlength=len(rows))
            indices = indices[known]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    data = np.ones(len(indices), dtype=np.float32)
    m = sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(index)))
    m.sum_duplicates()
    return m


class CharNgramVectorizer:
    """TF-IDF over character n-grams of a document's word forms (sublinear tf, l2 norm).

    The same features as scikit-learn's ``analyzer="char_wb"`` (n-grams inside
    space-padded words), computed once per distinct word form: a document's counts
    are its word-form counts times a form × n-gram incidence matrix. That keeps
    the cost of character features near that of word features on 100k passages.
    Unlike the lemma features, stop words count here: ``eerder``, ``zelf`` and
    ``alleen`` carry meaning in this domain, and n-grams catch spelling and
    inflection variants the lemmatizer misses.

    ``fit(docs)`` / ``transform(docs)`` take lists of lowercase word forms.
    """

    def __init__(self, *, ngram_range: tuple[int, int] = (3, 5), min_df: int = 2, max_features: int = 200_000):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def _grams(self, word: str) -> list[str]:
        lo, hi = self.ngram_range
        w = f" {word} "
        return [w[s : s + n] for n in range(lo, hi + 1) for s in range(len(w) - n + 1)]

    def fit(self, docs: Sequence[Sequence[str]]) -> CharNgramVectorizer:
        forms: dict[str, int] = {}
        counts = _rows_to_csr(docs, forms, grow=True)
        grams: dict[str, int] = {}
        C = (counts @ _rows_to_csr(map(self._grams, forms), grams, grow=True)).tocsc()
        df = np.diff(C.indptr)
        keep = np.nonzero(df >= (self.min_df if len(docs) >= 20 else 1))[0]
        if len(keep) > self.max_features:
            keep = np.sort(keep[np.argsort(-df[keep], kind="stable")[: self.max_features]])
        names = np.array(list(grams), dtype=object)[keep]
        self.grams_ = {g: k for k, g in enumerate(names)}
        n = len(docs)
        self.idf_ = (np.log((1 + n) / (1 + df[keep])) + 1.0).astype(np.float32)
        return self

    def transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        if not hasattr(self, "grams_"):
            raise RuntimeError("CharNgramVectorizer is not fitted yet: call .fit(docs) first")
        forms: dict[str, int] = {}
        counts = _rows_to_csr(docs, forms, grow=True)
        C = (counts @ _rows_to_csr(map(self._grams, forms), self.grams_, grow=False)).tocsr()
        C.data = (1.0 + np.log(C.data)).astype(np.float32)  # sublinear tf
        if not self.grams_:
            return sp.csr_matrix((len(docs), 0), dtype=np.float32)
        C = C @ sp.diags(self.idf_)
        return normalize(C).tocsr()

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
