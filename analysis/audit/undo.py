"""Undo coding changes from the audit trail's before/after snapshots.

* ``create`` -> delete the coding that was created
* ``delete`` -> restore the deleted coding (same id) from its before-snapshot
* ``status`` / ``update`` -> restore the before-snapshot

Every undo writes the store's own audit rows (a ``delete`` or ``restore``) plus a
marker row (action ``undo``, entity ``audit``, entity id = the undone entry) that
lists them, so an undone entry is never undone twice and an undo is not itself
picked as "the last change". Undo refuses (:class:`UndoConflict`) when the coding no
longer looks the way the entry left it - someone changed it since - unless
``force=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import Coding
from ..store import Project, StoreError
from ..store.common import UNDOABLE  # re-exported: the undoable actions

_COMPARED = ("passage_id", "codebook_id", "code_id", "coder", "status", "start", "end", "memo")


class UndoError(StoreError):
    """Nothing (or not this) can be undone; the message says why."""

    default_key = "audit.undo_failed"


class UndoConflict(UndoError):
    """The coding changed after the entry; undoing it would overwrite someone's work."""

    default_key = "audit.undo_conflict"


@dataclass(slots=True)
class UndoResult:
    entry_id: int  # the audit entry that was undone
    coding_id: int
    action: str  # what the undo did: "deleted" or "restored"
    marker_id: int  # the audit row recording the undo


def _history(project: Project) -> tuple[list[dict], set[int], set[int]]:
    """Coding entries, ids already undone, and ids written by undos."""
    entries = project.audit_log(entity="coding")
    undone: set[int] = set()
    produced: set[int] = set()
    for marker in project.audit_log(entity="audit"):
        if marker["action"] != "undo" or marker["entity_id"] is None:
            continue
        undone.add(int(marker["entity_id"]))
        produced.update(int(i) for i in (marker["after"] or {}).get("entries", []))
    return entries, undone, produced


def undoable_entries(
    project: Project, *, user: str | None = None, anyone: bool = False, limit: int | None = 20
) -> list[dict]:
    """Coding changes that can still be undone, newest first (by ``user``, default the project's user)."""
    who = user or project.user
    entries, undone, produced = _history(project)
    out = []
    for e in reversed(entries):
        if e["action"] not in UNDOABLE or e["entity_id"] is None:
            continue
        if e["id"] in undone or e["id"] in produced:
            continue
        if not anyone and e["user"] != who:
            continue
        out.append(e)
        if limit is not None and len(out) >= limit:
            break
    return out


def undo(
    project: Project,
    entry_id: int | None = None,
    *,
    anyone: bool = False,
    force: bool = False,
) -> UndoResult:
    """Undo the project's user's last coding change, or the audit entry ``entry_id``.

    ``anyone=True`` lets "the last change" be anybody's (a beheerder tidying up);
    ``force=True`` undoes even when the coding was changed afterwards.
    """
    from ..accounts import require

    require(project, None, "code")
    entries, undone, produced = _history(project)
    if entry_id is None:
        candidates = undoable_entries(project, anyone=anyone, limit=1)
        if not candidates:
            if anyone:
                raise UndoError("audit.nothing_to_undo_anyone")
            raise UndoError("audit.nothing_to_undo", who=repr(project.user), user=project.user)
        entry = candidates[0]
    else:
        found = [e for e in entries if e["id"] == entry_id]
        if not found:
            raise UndoError("audit.entry_not_coding", entry=entry_id)
        entry = found[0]
        if entry["id"] in undone:
            raise UndoError("audit.entry_undone", entry=entry_id)
        if entry["action"] not in UNDOABLE or entry["entity_id"] is None:
            raise UndoError(
                "audit.entry_not_undoable", entry=entry_id, action=entry["action"], undoable=", ".join(UNDOABLE)
            )
    coding_id = int(entry["entity_id"])
    if not force:
        later = [
            e
            for e in entries
            if e["id"] > entry["id"]
            and e["entity_id"] == entry["entity_id"]
            and e["id"] not in undone
            and e["id"] not in produced
        ]
        try:
            _check_state(project, entry, coding_id)
        except UndoConflict as exc:
            if later:
                last = later[-1]
                raise UndoConflict(
                    "audit.coding_changed_later", coding=coding_id, conflict=str(exc), last_action=last["action"],
                    last_user=last["user"], last_id=last["id"],
                ) from None
            raise
    if entry["action"] == "create":
        project.delete_coding(coding_id)
        did = "deleted"
    else:
        snapshot = entry["before"]
        if not snapshot:
            raise UndoError("audit.no_snapshot", entry=entry["id"])
        project.restore_coding(dict(snapshot))
        did = "restored"
    mine = [
        e
        for e in project.audit_log(entity="coding", entity_id=coding_id)
        if e["id"] > entry["id"] and e["user"] == project.user
    ]
    written = [mine[-1]["id"]] if mine else []
    marker = project.log_event(
        "undo",
        "audit",
        entry["id"],
        before={"action": entry["action"], "coding": coding_id},
        after={"entries": written, "did": did},
    )
    return UndoResult(entry["id"], coding_id, did, marker)


def _current(project: Project, coding_id: int) -> Coding | None:
    try:
        return project.get_coding(coding_id)
    except StoreError:
        return None


def _value(coding: Coding, key: str) -> Any:
    value = getattr(coding, key)
    return getattr(value, "value", value)


def _check_state(project: Project, entry: dict, coding_id: int) -> None:
    current = _current(project, coding_id)
    if entry["action"] == "delete":
        if current is not None:
            raise UndoConflict("audit.coding_exists_again", coding=coding_id, entry=entry["id"])
        return
    if current is None:
        raise UndoConflict("audit.coding_deleted_since", coding=coding_id, entry=entry["id"])
    expected = entry["after"] or {}
    diffs = []
    for key in _COMPARED:
        now, then = _value(current, key), expected.get(key)
        if key == "memo":
            now, then = now or "", then or ""
        if now != then:
            diffs.append(f"{key} is {now!r}, entry {entry['id']} left {then!r}")
    if diffs:
        raise UndoConflict("audit.coding_changed_since", coding=coding_id, entry=entry["id"], diffs="; ".join(diffs))
