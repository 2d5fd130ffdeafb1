"""Code co-occurrence at passage level.

Cell (a, b) counts the passages that carry both a and b; the diagonal counts the
passages that carry a. ``measure="jaccard"`` gives |a ∩ b| / |a ∪ b| instead
(1 on the diagonal of codes that occur, 0 for codes that never do).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..reports.data import CodingData, ReportError, descendants

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

MEASURES = ("count", "jaccard")


def cooccurrence(
    passage_codes: Mapping[int, Iterable[str]],
    codes: Sequence[str] | None = None,
    *,
    measure: str = "count",
    labels: Mapping[str, str] | None = None,
    name: str = "Code",
) -> pd.DataFrame:
    """Square code × code table from passage id -> codes.

    ``codes`` fixes rows/columns and their order (default: every code seen, sorted);
    ``labels`` renames them (e.g. code id -> name); ``name`` names both axes.
    """
    if measure not in MEASURES:
        raise ReportError("compare.unknown_cooccurrence_measure", measure=measure, choices=", ".join(MEASURES))
    sets = {pid: set(cs) for pid, cs in passage_codes.items()}
    if codes is None:
        codes = sorted({c for cs in sets.values() for c in cs})
    index = {c: i for i, c in enumerate(codes)}
    both = np.zeros((len(codes), len(codes)), dtype=np.int64)
    for cs in sets.values():
        present = sorted(index[c] for c in cs if c in index)
        for a in present:
            for b in present:
                both[a, b] += 1
    if measure == "count":
        values: np.ndarray = both
    else:
        single = np.diag(both).astype(float)
        union = single[:, None] + single[None, :] - both
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(union > 0, both / union, 0.0)
    names = [labels.get(c, c) if labels else c for c in codes]
    return pd.DataFrame(values, index=pd.Index(names, name=name), columns=pd.Index(names, name=name))


def code_cooccurrence(
    source: CodingData | Project,
    codebook_id: str,
    *,
    codes: Sequence[str] | None = None,
    include_descendants: bool = False,
    include_stance: bool = True,
    measure: str = "count",
    include_suggestions: bool = False,
    municipality: str | None = None,
) -> pd.DataFrame:
    """Co-occurrence of the codes of one codebook (names as labels), optionally in one municipality.

    With ``include_descendants=True`` a passage coded with a child counts for its
    parents too. Stance codes are included by default (toegang × knelpunt is
    often the interesting cell).
    """
    data = CodingData.coerce(source, include_suggestions=include_suggestions)
    cb = data.codebook(codebook_id)
    if codes is None:
        codes = [
            c.id
            for c in cb.codes
            if c.codable and (include_stance or (c.axis or "").lower() != "stance")
        ]
    pc = data.passage_codes(codebook_id)
    if municipality is not None:
        in_muni = set(data.passages.index[data.passages["municipality"] == municipality])
        pc = {pid: cs for pid, cs in pc.items() if pid in in_muni}
    if include_descendants:
        up: dict[str, set[str]] = {c: set() for c in codes}
        for c in codes:
            for d in descendants(cb, c):
                up.setdefault(d, set()).add(c)
        pc = {pid: {a for code in cs for a in up.get(code, set())} | (cs & set(codes)) for pid, cs in pc.items()}
    return cooccurrence(pc, list(codes), measure=measure, labels={c.id: c.name for c in cb.codes})
