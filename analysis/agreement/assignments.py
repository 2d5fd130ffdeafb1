"""Who codes what: assignments for independent (blind) double coding.

A beheerder assigns whole sources or single passages to coders. In blind mode a
coder's review queue shows only their own codings on the passages assigned to
them (:func:`visible_codings`), so two coders of the same passage never see each
other's decisions before the agreement is measured.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import Coding, CodingOrigin, CodingStatus
from ..store import Project, StoreError


@dataclass(frozen=True, slots=True)
class Assignment:
    coder: str
    source_id: int
    passage_id: int | None = None  # None: the whole source

    @property
    def label(self) -> str:
        return (
            f"bron {self.source_id}"
            if self.passage_id is None
            else f"passage {self.passage_id} (bron {self.source_id})"
        )


def assign(
    project: Project,
    coder: str,
    source_ids: Iterable[int] | None = None,
    passage_ids: Iterable[int] | None = None,
) -> int:
    """Assign sources and/or passages to ``coder``; returns the number of new assignments.

    Once the project has accounts, ``coder`` must be one of them.
    """
    sources = [int(s) for s in (source_ids or [])]
    passages = [int(p) for p in (passage_ids or [])]
    if not sources and not passages:
        raise StoreError("agreement.nothing_to_assign", coder=coder)
    if project.has_accounts() and project.get_user(coder) is None:
        raise StoreError("agreement.assign_no_account", coder=coder, location=project.location)
    items: list[tuple[int | None, int | None]] = [(s, None) for s in sources] + [(None, p) for p in passages]
    return project.add_assignments(coder, items)


def unassign(project: Project, coder: str, source_ids: Iterable[int] = (), passage_ids: Iterable[int] = ()) -> int:
    """Withdraw assignments; returns how many were removed. Codings already made stay."""
    return project.remove_assignments(coder, source_ids, passage_ids)


def assignments(project: Project, coder: str | None = None) -> list[Assignment]:
    """The assignments of ``coder`` (all coders when None), oldest first."""
    return [Assignment(c, s, p) for c, s, p in project.assignments(coder)]


def assigned_passage_ids(project: Project, coder: str) -> set[int] | None:
    """Ids of the passages assigned to ``coder`` (whole sources expanded); None when none are."""
    rows = project.assignments(coder)
    if not rows:
        return None
    ids = {p for _, _, p in rows if p is not None}
    for source_id in sorted({s for _, s, p in rows if p is None}):
        ids.update(project.passage_ids(source_id=source_id))
    return ids


def visible_codings(
    project: Project,
    coder: str,
    codebook_id: str | None = None,
    *,
    include_suggestions: bool = False,
) -> list[Coding]:
    """What ``coder`` may see in blind mode: their own codings on their assigned passages.

    With ``include_suggestions`` the open suggestions of the auto-coders (origin rule or
    model, status suggested) on those passages are shown too; other people's manual
    codings and decisions never are. A coder without assignments sees their own codings
    everywhere (nothing was set up for blind coding).
    """
    passage_ids = assigned_passage_ids(project, coder)
    own = project.codings(codebook_id=codebook_id, coder=coder)
    if passage_ids is None:
        return own
    visible = [c for c in own if c.passage_id in passage_ids]
    if include_suggestions:
        machine = (CodingOrigin.RULE, CodingOrigin.MODEL)
        seen = {c.id for c in visible}
        for c in project.codings(codebook_id=codebook_id, status=CodingStatus.SUGGESTED):
            if c.coder != coder and c.origin in machine and c.passage_id in passage_ids and c.id not in seen:
                visible.append(c)
        visible.sort(key=lambda c: c.id or 0)
    return visible
