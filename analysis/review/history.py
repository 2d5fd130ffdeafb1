"""State that survives a reload of the review page.

* :func:`undo_history` reads a coder's undo stack back from the audit trail: the newest coding
  changes the user made that are still undoable (undone entries and the rows an undo wrote are
  left out: :func:`analysis.review.undo.undo` writes a marker per reverted entry, as the
  audit's own undo does).
* :func:`last_code` is the code "apply the last code again" applies.
* :func:`to_params` / :func:`from_params` put the page's position and filters into the URL's query
  parameters and back, so a reload or a shared link returns to the same passage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..store import Project
from .actions import ACCEPT, ADD, MEMO, REJECT, REMOVE, ReviewAction
from .undo import UndoStack

# the kinds an entry of the audit trail becomes on the review page's undo stack
_KIND = {"create": ADD, "delete": REMOVE, "update": MEMO}


def _kind(entry: dict) -> str:
    if entry["action"] == "status":
        return ACCEPT if (entry.get("after") or {}).get("status") == "accepted" else REJECT
    before, after = entry.get("before") or {}, entry.get("after") or {}
    if entry["action"] == "update" and before.get("code_id") != after.get("code_id"):
        return "move"  # analysis.review.tree.MOVE: a coding given another code
    return _KIND.get(entry["action"], MEMO)


def _snapshot(entry: dict) -> dict:
    return entry.get("after") or entry.get("before") or {}


def _same_action(prev: dict, entry: dict) -> bool:
    """Entries one review action wrote together: adjacent rows on one passage and code within a
    second (an added code with its memo; the sentence runs of one partial coding), or adjacent
    new codings of one code (hits coded at once)."""
    if entry["id"] != prev["id"] + 1:
        return False
    a, b = _snapshot(prev), _snapshot(entry)
    if a.get("code_id") != b.get("code_id"):
        return False
    bulk = prev["action"] == entry["action"] == "create"  # hits coded at once span passages
    if not bulk and a.get("passage_id") != b.get("passage_id"):
        return False
    t0, t1 = prev.get("at"), entry.get("at")
    if isinstance(t0, datetime) and isinstance(t1, datetime):
        return abs((t1 - t0).total_seconds()) <= 1.0
    return True


def undo_history(project: Project, user: str | None = None, limit: int = 100) -> UndoStack:
    """The user's undo stack as the audit trail has it (oldest first, at most ``limit`` actions)."""
    entries = list(reversed(project.recent_coding_changes(user or project.user, limit=limit * 2)))
    groups: list[list[dict]] = []
    for entry in entries:
        if groups and _same_action(groups[-1][-1], entry):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    stack = UndoStack(limit=limit)
    for group in groups[-limit:]:
        first = group[0]
        snap = _snapshot(first)
        kind = ADD if any(e["action"] == "create" for e in group) else _kind(group[-1])
        if kind == MEMO and any(e["action"] == "status" for e in group):
            kind = _kind(next(e for e in group if e["action"] == "status"))
        stack.push(ReviewAction(
            kind,
            int(snap.get("passage_id") or 0),
            str(snap.get("code_id") or ""),
            tuple(dict.fromkeys(int(e["entity_id"]) for e in group)),
            tuple(int(e["id"]) for e in group),
        ))
    return stack


def last_code(stack: UndoStack) -> str | None:
    """The code of the researcher's newest add or accept (what "apply the last code again" uses)."""
    for action in reversed(stack.actions):
        if action.kind in (ADD, ACCEPT) and action.code_id:
            return action.code_id
    return None


# -- the URL ------------------------------------------------------------------------------------
#: query parameter -> session-state key of the review page's widget
PARAMS: dict[str, str] = {
    "codeboek": "review_codebook",
    "status": "f_status",
    "code": "f_code",
    "zoek": "f_search",
    "gemeente": "f_muni",
    "bron": "f_source",
    "groep": "f_group",
    "set": "f_set",
    "sprekers": "f_all_speakers",
    "passage": "review_pid",
}
_INTS = {"f_source", "review_pid"}
_BOOLS = {"f_all_speakers"}


def to_params(state: Mapping[str, Any]) -> dict[str, str]:
    """The query parameters for the page's state (only what is set: short, shareable links)."""
    out: dict[str, str] = {}
    for param, key in PARAMS.items():
        value = state.get(key)
        if value is None or value == "" or value is False:
            continue
        out[param] = "1" if value is True else str(value)
    return out


def from_params(params: Mapping[str, str]) -> dict[str, Any]:
    """Session-state values from query parameters; values that do not parse are left out."""
    out: dict[str, Any] = {}
    for param, key in PARAMS.items():
        raw = params.get(param)
        if raw is None or raw == "":
            continue
        if key in _INTS:
            try:
                out[key] = int(raw)
            except ValueError:
                continue
        elif key in _BOOLS:
            out[key] = raw in ("1", "true", "ja")
        else:
            out[key] = str(raw)
    return out
