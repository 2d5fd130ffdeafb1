"""Write a prepared .qdpx import into a project in ONE transaction.

The public repository API runs every write method in its own transaction.
A project import must be all-or-nothing (a failure or a killed process may not
leave half a project behind), so this module uses the store's session-level
helpers inside a single :meth:`Project.transaction`: ``add_source(...,
session=)`` (public), and ``_save_codebook``, ``_add_coding`` and the memo table
(not yet public with a session). Everything that touches store internals is
kept here, in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from ..domain import Coding, CodingOrigin, CodingStatus

if TYPE_CHECKING:  # pragma: no cover
    from .importer import _Plan


def write_plan(project: Any, plan: _Plan) -> dict[str, Any]:
    """Store codebooks, sources with passages and participants, codings and memos atomically."""
    from ..store.orm import CodingRow, MemoRow, PassageRow

    # The session-level helpers below are not guarded one by one: check every right the
    # import needs up front (a codeur may code, but not import sources or codebooks).
    check = getattr(project, "check_permission", None)
    if check is not None:
        check("import")
        if plan.codebooks:
            check("codebook")

    counts: dict[str, Any] = {
        "sources": 0,
        "existing_sources": 0,
        "passages": 0,
        "codings": 0,
        "participants": 0,
        "memos": 0,
        "source_ids": [],
    }
    source_ids: dict[int, int] = {}
    passage_ids: dict[int, dict[int, int]] = {}
    participants: set[tuple[str, str | None]] = set()
    with project.transaction() as s:
        for cb in plan.codebooks:
            project._save_codebook(s, cb)
        for i, planned in enumerate(plan.sources):
            if planned.alias_of is not None:
                continue
            if planned.existing_id is not None:
                source_ids[i] = planned.existing_id
                passage_ids[i] = dict(planned.existing_passages)
                counts["existing_sources"] += 1
                continue
            sid = project.add_source(planned.source, planned.passages, participant=planned.participant, session=s)
            source_ids[i] = sid
            rows = s.execute(select(PassageRow.ordinal, PassageRow.id).where(PassageRow.source_id == sid))
            passage_ids[i] = {ordinal: pid for ordinal, pid in rows}
            counts["sources"] += 1
            counts["passages"] += len(planned.passages)
            counts["source_ids"].append(sid)
            if planned.participant is not None:
                participants.add((planned.participant.label, planned.source.municipality))
        before = s.scalar(select(func.count(CodingRow.id))) or 0
        fresh: dict[tuple, dict[str, Any]] = {}
        for i, planned in enumerate(plan.sources):
            if planned.alias_of is not None or i not in passage_ids:
                continue
            ids = passage_ids[i]
            for c in planned.codings:
                pid = ids.get(c.ordinal)
                if pid is None:  # pragma: no cover - ordinals come from the same passages
                    continue
                if planned.existing_id is not None:
                    # a source already in the project: the store merges with what is there
                    project._add_coding(s, _coding(pid, c))
                    continue
                # a new source: nothing to merge with, so insert in bulk (one row per
                # passage, code, coder and span, as the store's add_coding would keep)
                key = (pid, c.codebook_id, c.code_id, c.coder, c.start, c.end)
                row = fresh.get(key)
                if row is None:
                    fresh[key] = _row(pid, c)
                else:
                    if c.memo and c.memo not in row["memo"]:
                        row["memo"] = "\n\n".join(m for m in (row["memo"], c.memo) if m)
                    if c.status == CodingStatus.ACCEPTED.value:
                        row["status"] = c.status
                    row["citeerbaar"] = row["citeerbaar"] or c.citeerbaar
        if fresh:
            s.execute(CodingRow.__table__.insert(), list(fresh.values()))
            project._audit(s, "import", "coding", None, after={"inserted": len(fresh), "via": "qdpx"})
        counts["codings"] = (s.scalar(select(func.count(CodingRow.id))) or 0) - before
        counts["participants"] = len(participants)
        for memo in plan.memos:
            target_id = memo.target_id
            if memo.target_type == "source":
                sid = source_ids.get(memo.source_index) if memo.source_index is not None else None
                if sid is None:
                    continue
                target_id = str(sid)
            elif memo.target_type == "passage":
                ids = passage_ids.get(memo.source_index, {}) if memo.source_index is not None else {}
                pid = ids.get(memo.ordinal) if memo.ordinal is not None else None
                if pid is None:
                    continue
                target_id = str(pid)
            row = MemoRow(
                target_type=memo.target_type,
                target_id=target_id,
                title=memo.title,
                text=memo.text,
                author=memo.author or project.user,
            )
            s.add(row)
            s.flush()
            project._audit(s, "create", "memo", row.id, after={"title": memo.title, "via": "qdpx"})
            counts["memos"] += 1
        counts["passage_sets"] = _write_passage_sets(project, s, plan, passage_ids)
    return counts


def _write_passage_sets(project: Any, s: Any, plan: _Plan, passage_ids: dict[int, dict[int, int]]) -> int:
    """Saved sets of the plan; a name already in the project gets " (import)" (then a number) added."""
    from ..store.orm import PassageSetMemberRow, PassageSetRow

    if not plan.passage_sets:
        return 0
    taken = set(s.scalars(select(PassageSetRow.name)))
    for planned in plan.passage_sets:
        members: list[int] = []
        for n, start, end in planned.members:
            source = plan.sources[n]
            if source.alias_of is not None:
                n, source = source.alias_of, plan.sources[source.alias_of]
            ids = passage_ids.get(n, {})
            if start is None or end is None:
                members.extend(ids[p.ordinal] for p in source.passages if p.ordinal in ids)
                continue
            best = max(source.passages, key=lambda p: min(p.end, end) - max(p.start, start), default=None)
            if best is not None and min(best.end, end) > max(best.start, start) and best.ordinal in ids:
                members.append(ids[best.ordinal])
        name, k = planned.name, 1
        while name in taken:
            name = f"{planned.name} (import)" if k == 1 else f"{planned.name} (import {k})"
            k += 1
        taken.add(name)
        row = PassageSetRow(name=name, query=planned.query, description=planned.description, created_by=project.user or "")
        s.add(row)
        s.flush()
        unique = list(dict.fromkeys(members))
        if unique:
            s.execute(PassageSetMemberRow.__table__.insert(), [{"set_id": row.id, "passage_id": pid} for pid in unique])
        project._audit(s, "import", "passage_set", name, after={"size": len(unique), "via": "qdpx"})
    return len(plan.passage_sets)


def _coding(pid: int, c: Any) -> Coding:
    return Coding(
        passage_id=pid,
        code_id=c.code_id,
        codebook_id=c.codebook_id,
        coder=c.coder,
        origin=CodingOrigin(c.origin),
        status=CodingStatus(c.status),
        confidence=c.confidence,
        start=c.start,
        end=c.end,
        memo=c.memo,
        citeerbaar=c.citeerbaar,
    )


def _row(pid: int, c: Any) -> dict[str, Any]:
    from ..store.project import coding_values

    return coding_values(_coding(pid, c))
