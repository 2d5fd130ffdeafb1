"""Project overview figures for the Project page (per municipality and source kind)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..domain import SourceKind
from ..store import Project


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    municipality: str | None
    kind: SourceKind
    sources: int
    passages: int


def corpus_breakdown(project: Project) -> list[BreakdownRow]:
    """Sources and passages per (municipality, kind), sorted by municipality then kind.

    One count query per combination that occurs (a handful in practice), never a
    scan of passage texts.
    """
    sources = project.sources(with_text=False)
    combos = Counter((s.municipality, SourceKind(s.kind)) for s in sources)
    rows = []
    for (municipality, kind), n_sources in combos.items():
        filters: dict = {"kind": kind.value}
        if municipality:
            filters["municipality"] = municipality
            n_passages = project.count_passages(**filters)
        else:
            # sources without a municipality: count them one by one (rare)
            n_passages = sum(
                project.count_passages(source_id=s.id)
                for s in sources
                if s.municipality is None and SourceKind(s.kind) is kind
            )
        rows.append(BreakdownRow(municipality, kind, n_sources, n_passages))
    return sorted(rows, key=lambda r: (r.municipality is None, r.municipality or "", r.kind.value))
