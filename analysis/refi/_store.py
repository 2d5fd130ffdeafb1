"""Write a prepared .qdpx import into a project in ONE transaction.

A project import must be all-or-nothing (a failure or a killed process may not leave half a
project behind): everything is written through the store's public methods inside one
:meth:`Project.unit_of_work`, which checks the rights the import needs up front and marks
every audit entry ``via: qdpx``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..domain import Coding, CodingOrigin, CodingStatus, Memo

if TYPE_CHECKING:  # pragma: no cover
    from .importer import _Plan


def write_plan(project: Any, plan: _Plan) -> dict[str, Any]:
    """Store codebooks, sources with passages and participants, codings and memos atomically."""
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
    # a codeur may code, but not import sources or codebooks: refused before anything is written
    rights = ("import", "codebook") if plan.codebooks else ("import",)
    with project.unit_of_work(*rights, via="qdpx"):
        for cb in plan.codebooks:
            project.save_codebook(cb)
        for i, planned in enumerate(plan.sources):
            if planned.alias_of is not None:
                continue
            if planned.existing_id is not None:
                source_ids[i] = planned.existing_id
                passage_ids[i] = dict(planned.existing_passages)
                counts["existing_sources"] += 1
                continue
            sid = project.add_source(planned.source, planned.passages, participant=planned.participant)
            source_ids[i] = sid
            passage_ids[i] = project.passage_ordinals(sid)
            counts["sources"] += 1
            counts["passages"] += len(planned.passages)
            counts["source_ids"].append(sid)
            if planned.participant is not None:
                participants.add((planned.participant.label, planned.source.municipality))
        before = project.stats()["codings"]
        fresh: dict[tuple, Coding] = {}
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
                    project.add_coding(_coding(pid, c))
                    continue
                # a new source: nothing to merge with, so insert in bulk (one row per
                # passage, code, coder and span, as the store's add_coding would keep)
                key = (pid, c.codebook_id, c.code_id, c.coder, c.start, c.end)
                kept = fresh.get(key)
                if kept is None:
                    fresh[key] = _coding(pid, c)
                else:
                    if c.memo and c.memo not in kept.memo:
                        kept.memo = "\n\n".join(m for m in (kept.memo, c.memo) if m)
                    if c.status == CodingStatus.ACCEPTED.value:
                        kept.status = CodingStatus.ACCEPTED
                    kept.citeerbaar = kept.citeerbaar or bool(c.citeerbaar)
        project.insert_new_codings(list(fresh.values()))
        counts["codings"] = project.stats()["codings"] - before
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
            project.add_memo(
                Memo(text=memo.text, author=memo.author, target_type=memo.target_type, target_id=target_id,
                     title=memo.title)
            )
            counts["memos"] += 1
        counts["passage_sets"] = _write_passage_sets(project, plan, passage_ids)
    return counts


def _write_passage_sets(project: Any, plan: _Plan, passage_ids: dict[int, dict[int, int]]) -> int:
    """Saved sets of the plan; a name already in the project gets " (import)" (then a number) added."""
    if not plan.passage_sets:
        return 0
    taken = set(project.passage_set_names())
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
        project.save_passage_set(name, members, query=planned.query, description=planned.description)
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
        memo=c.memo or "",
        citeerbaar=c.citeerbaar,
    )
