"""Undo review actions from the audit log's before/after snapshots.

Each :class:`~analysis.review.actions.ReviewAction` names the audit entries it
wrote. Undoing reads those entries and reverts them newest first:

* ``create``  -> delete the coding it created
* ``status`` / ``update`` -> restore the ``before`` snapshot
* ``delete``  -> restore the deleted coding (same id) from ``before``

Undo is safe: when a coding no longer looks like the action left it (someone
else changed it since), nothing is reverted and :class:`UndoConflict` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain import Coding, CodingStatus
from ..store import Project, StoreError
from .actions import ReviewAction

_COMPARED = ("passage_id", "codebook_id", "code_id", "coder", "status", "start", "end", "memo")


class UndoConflict(StoreError):
    """The action cannot be undone safely (the message names the coding and the reason)."""

    default_key = "review.undo_conflict"


def _current(project: Project, coding_id: int) -> Coding | None:
    try:
        return project.get_coding(coding_id)
    except StoreError:
        return None


def _differences(coding: Coding, snapshot: dict[str, Any]) -> list[str]:
    out = []
    for key in _COMPARED:
        now = getattr(coding, key)
        if isinstance(now, CodingStatus):
            now = now.value
        then = snapshot.get(key)
        if key == "memo":
            now, then = now or "", then or ""
        if now != then:
            out.append(f"{key} is {now!r}, was {then!r}")
    return out


def _entries(project: Project, action: ReviewAction) -> list[dict]:
    wanted = set(action.audit_ids)
    found: dict[int, dict] = {}
    for coding_id in dict.fromkeys(action.coding_ids):
        for entry in project.audit_log(entity="coding", entity_id=coding_id):
            if entry["id"] in wanted:
                found[entry["id"]] = entry
    missing = wanted - set(found)
    if missing:
        raise UndoConflict("review.undo_entries_gone", ids=sorted(missing), kind=action.kind)
    return [found[i] for i in sorted(found, reverse=True)]


def _plan(project: Project, entries: list[dict]) -> list[tuple[str, dict]]:
    """Check every entry can be reverted; return the steps (newest first)."""
    steps: list[tuple[str, dict]] = []
    # the state each coding must be in, walking back through the action's own entries
    expected: dict[int, dict | None] = {}
    for entry in entries:
        coding_id = int(entry["entity_id"])
        action = entry["action"]
        before, after = entry["before"], entry["after"]
        if coding_id in expected:
            state_ok = True  # an earlier (newer) step of this action already checked it
        else:
            current = _current(project, coding_id)
            if action == "delete":
                state_ok = current is None
                reason = "it exists again"
            else:
                if current is None:
                    raise UndoConflict("review.undo_coding_deleted", coding=coding_id)
                diffs = _differences(current, after or {})
                state_ok = not diffs
                reason = "; ".join(diffs)
            if not state_ok:
                raise UndoConflict("review.undo_coding_changed", coding=coding_id, reason=reason)
        if action == "create":
            steps.append(("delete", {"id": coding_id}))
            expected[coding_id] = None
        elif action in ("status", "update", "delete"):
            if not before:
                raise UndoConflict("review.undo_no_snapshot", coding=coding_id, entry=entry["id"])
            steps.append(("restore", before))
            expected[coding_id] = before
        else:
            raise UndoConflict("review.undo_not_here", coding=coding_id, action=action)
    return steps


def undo(project: Project, action: ReviewAction) -> list[int]:
    """Revert ``action``; returns the ids of the codings that were put back or removed."""
    entries = _entries(project, action)
    steps = _plan(project, entries)
    touched: list[int] = []
    for step, snapshot in steps:
        if step == "delete":
            project.delete_coding(int(snapshot["id"]))
            touched.append(int(snapshot["id"]))
        else:
            touched.append(project.restore_coding(snapshot))
    _mark_undone(project, entries)
    return touched


def _mark_undone(project: Project, entries: list[dict]) -> None:
    """One ``undo`` marker per reverted audit entry, as :func:`analysis.audit.undo.undo` writes:
    the undo history read back after a reload (:func:`analysis.review.history.undo_history`)
    then offers neither the undone entry nor the rows the undo wrote itself."""
    for entry in entries:
        coding_id = int(entry["entity_id"])
        written = [
            e["id"] for e in project.audit_log(entity="coding", entity_id=coding_id)
            if e["id"] > entry["id"] and e["user"] == project.user
        ]
        project.log_event(
            "undo", "audit", entry["id"],
            before={"action": entry["action"], "coding": coding_id},
            after={"entries": written[-1:], "did": "deleted" if entry["action"] == "create" else "restored"},
        )


@dataclass(slots=True)
class UndoStack:
    """The researcher's recent actions in this session, newest last."""

    limit: int = 100
    actions: list[ReviewAction] = field(default_factory=list)

    def push(self, action: ReviewAction) -> None:
        self.actions.append(action)
        if len(self.actions) > self.limit:
            del self.actions[: len(self.actions) - self.limit]

    def peek(self) -> ReviewAction | None:
        return self.actions[-1] if self.actions else None

    def __len__(self) -> int:
        return len(self.actions)

    def undo_last(self, project: Project) -> ReviewAction | None:
        """Undo the newest action. On a conflict the action is dropped and the error raised."""
        if not self.actions:
            return None
        action = self.actions.pop()
        undo(project, action)
        return action
