"""Code co-occurrence with its passages: which codes meet in the same passages, and where.

The counts agree with :func:`analysis.compare.cooccurrence.code_cooccurrence` with
``include_descendants=True`` (a code stands for itself and the codes below it, as in queries); here every
cell also keeps its passage ids, so the app can open them, and :func:`edges` lists the pairs for a
network view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .engine import QueryIndex
from .language import CodeRef


@dataclass
class Cooccurrence:
    codes: list[tuple[str, str]]  # (code id, name)
    passages: dict[str, set[int]]  # code id -> passages carrying it (or a code below it)
    index: QueryIndex

    def cell(self, a: str, b: str) -> list[int]:
        """Passages where ``a`` and ``b`` meet, in document order (``a == b``: the passages of ``a``)."""
        return self.index.in_document_order(self.passages[a] & self.passages[b])

    def table(self) -> pd.DataFrame:
        ids = [c for c, _n in self.codes]
        names = [n for _c, n in self.codes]
        data = [[len(self.passages[a] & self.passages[b]) for b in ids] for a in ids]
        return pd.DataFrame(data, index=pd.Index(names, name="Code"), columns=pd.Index(names, name="Code"))

    def edges(self, minimum: int = 1) -> list[tuple[str, str, int]]:
        """Pairs ``(a, b, passages)`` with ``a`` before ``b`` in codebook order, at least ``minimum`` shared."""
        ids = [c for c, _n in self.codes]
        out = []
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                n = len(self.passages[a] & self.passages[b])
                if n >= minimum:
                    out.append((a, b, n))
        return out


def cooccurrence(
    index: QueryIndex,
    codebook_id: str,
    *,
    codes: Sequence[str] | None = None,
    scope: Iterable[int] | None = None,
) -> Cooccurrence:
    cb = index.codebooks[codebook_id]
    wanted = list(codes) if codes is not None else [c.id for c in cb.codes if c.codable]
    names = {c.id: c.name for c in cb.codes}
    in_scope = set(scope) if scope is not None else index.all_ids
    passages = {cid: index._eval(CodeRef(cid, codebook=codebook_id), index.codings) & in_scope for cid in wanted}
    return Cooccurrence(codes=[(c, names.get(c, c)) for c in wanted], passages=passages, index=index)
