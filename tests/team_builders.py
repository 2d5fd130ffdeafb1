"""Builders shared by the accounts, agreement and audit tests (a small wmo codebook, sources, codings)."""

from __future__ import annotations

from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus, Passage, Source
from analysis.store import Project

CODEBOOK = Codebook(
    "wmo",
    "Wmo-uitgangspunten",
    codes=[
        Code("toegang", "Toegang"),
        Code("wachttijd", "Wachttijden"),
        Code("regie", "Eigen regie"),
        Code("ongebruikt", "Niet gebruikt"),
    ],
)


def add_source(project: Project, texts: list[str], name: str = "s.txt") -> list[int]:
    """A source whose passages are ``texts`` (separated by blank lines); returns passage ids."""
    full = "\n\n".join(texts)
    passages, pos = [], 0
    for i, t in enumerate(texts):
        start = full.index(t, pos)
        passages.append(Passage(start, start + len(t), t, i))
        pos = start + len(t)
    sid = project.add_source(Source(name=name, text=full, checksum=name), passages)
    return [r.id for r in project.passages(source_id=sid)]


def code(project: Project, passage_id: int, code_id: str, coder: str, status=CodingStatus.ACCEPTED, **kw) -> int:
    return project.add_coding(
        Coding(
            passage_id, code_id, "wmo", coder=coder, status=status, origin=kw.pop("origin", CodingOrigin.MANUAL), **kw
        )
    )
