"""A deterministic stand-in encoder for the cache tests (no model needed): vectors from a text's hash."""

from __future__ import annotations

import hashlib
import time

import numpy as np


class FakeEncoder:
    dim = 8

    def __init__(self, model_id: str = "fake/hash-8", delay: float = 0.0) -> None:
        self.model_id = model_id
        self.delay = delay
        self.calls: list[list[str]] = []

    def encode(self, texts, *, query: bool = False) -> np.ndarray:
        texts = list(texts)
        self.calls.append(texts)
        if self.delay:
            time.sleep(self.delay)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int(hashlib.sha256(t.encode("utf-8")).hexdigest()[:8], 16)
            out[i] = np.random.default_rng(seed).normal(size=self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    @property
    def embedded(self) -> int:
        return sum(len(c) for c in self.calls)


def main() -> None:  # pragma: no cover - run as a subprocess by the resume test
    import sys

    from analysis.embeddings import embed_project
    from analysis.store import Project

    project = Project.open(sys.argv[1])
    embed_project(project, FakeEncoder(delay=float(sys.argv[2])), batch_size=int(sys.argv[3]))


if __name__ == "__main__":  # pragma: no cover
    main()
