"""Topic quality: NPMI coherence over the corpus itself, and topic diversity.

NPMI (normalised pointwise mutual information) of two words uses document
co-occurrence in the modelled passages: ``log(P(a,b) / (P(a)P(b))) / -log P(a,b)``,
-1 when they never co-occur. A topic's coherence is the mean over all pairs of
its top-``n`` words; a model's is the mean over its topics. Diversity is the
share of unique words among all topics' top-``n`` words (1.0 = no overlap).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .preprocess import bigram_analyzer

__all__ = ["CooccurrenceIndex", "npmi_coherence", "topic_diversity"]


class CooccurrenceIndex:
    """Binary passage × term incidence for coherence measures."""

    def __init__(
        self,
        documents: Sequence[str],
        analyzer: Callable[[str], list[str]] = bigram_analyzer,
        vocabulary: Sequence[str] | None = None,
    ) -> None:
        vec = CountVectorizer(
            analyzer=analyzer,
            vocabulary=list(vocabulary) if vocabulary is not None else None,
            binary=True,
            dtype=np.float32,
        )
        matrix = vec.fit_transform(documents) if vocabulary is None else vec.transform(documents)
        self.matrix = sparse.csc_matrix(matrix)
        self.n_documents = matrix.shape[0]
        self.index = {str(t): i for i, t in enumerate(vec.get_feature_names_out())}
        self.df = np.asarray(self.matrix.sum(axis=0)).ravel()

    def topic_npmi(self, words: Sequence[str]) -> float:
        ids = [self.index[w] for w in dict.fromkeys(words) if w in self.index]
        if len(ids) < 2:
            return float("nan")
        sub = self.matrix[:, ids]
        joint = np.asarray((sub.T @ sub).todense(), dtype=np.float64) / self.n_documents
        p = self.df[ids] / self.n_documents
        scores: list[float] = []
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                pab = joint[a, b]
                if pab <= 0:
                    scores.append(-1.0)
                elif pab >= 1.0:
                    scores.append(1.0)
                else:
                    scores.append(float(np.log(pab / (p[a] * p[b])) / -np.log(pab)))
        return float(np.mean(scores))


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    documents: Sequence[str] | CooccurrenceIndex,
    top_n: int = 10,
) -> float:
    """Mean NPMI of the topics' top-``top_n`` words over ``documents`` (prepared lemma documents).

    Words missing from the documents are skipped; topics with fewer than two
    known words are left out of the mean.
    """
    index = documents if isinstance(documents, CooccurrenceIndex) else CooccurrenceIndex(documents)
    scores = [index.topic_npmi(list(words)[:top_n]) for words in topics]
    scores = [s for s in scores if not np.isnan(s)]
    if not scores:
        raise ValueError("no topic has two words that occur in the documents; cannot compute NPMI")
    return float(np.mean(scores))


def topic_diversity(topics: Sequence[Sequence[str]], top_n: int = 10) -> float:
    """Share of unique words among the topics' top-``top_n`` words."""
    words = [w for topic in topics for w in list(topic)[:top_n]]
    if not words:
        raise ValueError("no topic words given; cannot compute topic diversity")
    return len(set(words)) / len(words)
