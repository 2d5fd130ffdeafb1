"""The codebook as a tree (issue 15 point 7): rows with counts, outliner moves, and moving or
removing a coding from a code's passage list (each one undoable step of the review history).

Restructuring the codebook (the code tree component, the outliner buttons, the move button all call
:func:`move_code`): a move puts a code under another parent at a place among its siblings, refuses a
cycle (a code under itself or its own descendant), and is one ``move`` row of the audit trail that
:func:`undo_move` takes back (it writes an ``undo`` marker naming the row, as every undo does, so a
move is never undone twice)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Codebook
from ..store import Project, StoreError
from .actions import ReviewAction

MOVE = "move"
MAX_DEPTH = 12  # deeper levels are drawn at this indent (the tree itself may be deeper)


@dataclass(frozen=True, slots=True)
class TreeRow:
    code_id: str
    name: str
    depth: int
    passages: int  # passages with an accepted coding of this code
    open: int  # passages with an open suggestion of this code
    passages_below: int  # the same, counted with every descendant (a passage counts once per code)
    parent: str | None = None


def tree_rows(project: Project, codebook: Codebook) -> list[TreeRow]:
    """The codes in tree order with their counts (two grouped queries, whatever the corpus size)."""
    accepted = project.coding_counts(codebook.id, ("accepted",))
    suggested = project.coding_counts(codebook.id, ("suggested",))
    order: list[tuple[str, int]] = []
    seen: set[str] = set()
    stack = [(c.id, 0) for c in reversed(codebook.children(None))]
    while stack:
        cid, depth = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        order.append((cid, depth))
        stack.extend((c.id, depth + 1) for c in reversed(codebook.children(cid)))
    order.extend((c.id, 0) for c in codebook.codes if c.id not in seen)  # orphans and cycles still show
    own = {cid: accepted.get(cid, {}).get("passages", 0) for cid, _ in order}
    below: dict[str, int] = {}
    for cid, _ in reversed(order):  # children come after their parent: sum bottom-up
        below[cid] = own[cid] + sum(below.get(c.id, 0) for c in codebook.children(cid) if c.id != cid)
    codes = {c.id: c for c in codebook.codes}
    return [
        TreeRow(cid, codes[cid].name, min(depth, MAX_DEPTH), own[cid], suggested.get(cid, {}).get("passages", 0),
                below[cid], codes[cid].parent)
        for cid, depth in order
    ]


def _siblings(codebook: Codebook, code_id: str) -> list[str]:
    return [c.id for c in codebook.children(codebook.code(code_id).parent)]


def outdent_place(codebook: Codebook, code_id: str) -> tuple[bool, str | None, str | None]:
    """(possible, new parent, before) for moving a code one level up: right after its old parent."""
    can, parent = outdent_parent(codebook, code_id)
    if not can:
        return False, None, None
    siblings = _siblings(codebook, codebook.code(code_id).parent)  # type: ignore[arg-type]
    i = siblings.index(codebook.code(code_id).parent)  # type: ignore[arg-type]
    return True, parent, siblings[i + 1] if i + 1 < len(siblings) else None


def shift_place(codebook: Codebook, code_id: str, step: int) -> tuple[bool, str | None, str | None]:
    """(possible, parent, before) for moving a code one place up (``step=-1``) or down (``+1``) among
    its siblings; the parent stays."""
    code = codebook.code(code_id)
    siblings = _siblings(codebook, code_id)
    i = siblings.index(code_id)
    if step < 0:
        return (i > 0), code.parent, siblings[i - 1] if i > 0 else None
    if i + 1 >= len(siblings):
        return False, code.parent, None
    return True, code.parent, siblings[i + 2] if i + 2 < len(siblings) else None


def outdent_parent(codebook: Codebook, code_id: str) -> tuple[bool, str | None]:
    """(possible, new parent) for moving a code one level up: to its grandparent."""
    code = codebook.code(code_id)
    if code.parent is None:
        return False, None
    parent = codebook.code(code.parent)
    return True, parent.parent


def indent_parent(codebook: Codebook, code_id: str) -> tuple[bool, str | None]:
    """(possible, new parent) for moving a code one level down: under the sibling just above it."""
    code = codebook.code(code_id)
    siblings = [c.id for c in codebook.children(code.parent)]
    i = siblings.index(code_id) if code_id in siblings else 0
    if i == 0:
        return False, None
    return True, siblings[i - 1]


def move_coding(project: Project, coding_id: int, code_id: str) -> ReviewAction:
    """Give a coding another code (same span, coder, status, memo); one undoable step."""
    before = project.get_coding(coding_id)
    last = max((int(e["id"]) for e in project.recent_coding_changes(project.user, limit=1)), default=0)
    kept = project.move_coding(coding_id, code_id)
    mine = [e for e in project.recent_coding_changes(project.user, limit=4) if int(e["id"]) > last]
    ids = tuple(dict.fromkeys(int(e["entity_id"]) for e in mine)) or (kept,)
    return ReviewAction(MOVE, before.passage_id, code_id, ids, tuple(sorted(int(e["id"]) for e in mine)))



# -- restructuring the codebook ------------------------------------------------------------------------
def move_code(project: Project, codebook_id: str, code_id: str, new_parent: str | None,
              before: str | None = None) -> int:
    """Put ``code_id`` under ``new_parent`` (None: top level) just before its sibling ``before`` (None:
    last); refused (:class:`StoreError` ``store.move_under_descendant``) when ``new_parent`` is the code
    itself or one of its descendants. One audited, undoable step; returns the audit row's id (0: the
    code was already there, nothing was written)."""
    return project.place_code(codebook_id, code_id, new_parent, before)


def _moves(project: Project, codebook_id: str) -> tuple[list[dict], set[int]]:
    """The codebook's code moves (oldest first) and the ids of moves undone or written by an undo."""
    prefix = f"{codebook_id}/"
    moves = [e for e in project.audit_log(entity="code")
             if e["action"] == "move" and str(e["entity_id"] or "").startswith(prefix)]
    done: set[int] = set()
    for marker in project.audit_log(entity="audit") if moves else ():  # no moves: no markers to read
        if marker["action"] == "undo" and (marker["before"] or {}).get("action") == "move" and marker["entity_id"]:
            done.add(int(marker["entity_id"]))
            done.update(int(i) for i in (marker["after"] or {}).get("entries", []))
    return moves, done


def undoable_moves(project: Project, codebook_id: str, user: str | None = None, limit: int = 20) -> list[dict]:
    """``user``'s (default: the project's user) moves of codes in this codebook that can still be
    undone, newest first."""
    who = user or project.user
    moves, done = _moves(project, codebook_id)
    return [e for e in reversed(moves) if e["id"] not in done and e["user"] == who][:limit]


def undo_move(project: Project, codebook_id: str, entry_id: int | None = None) -> dict:
    """Put a moved code back where it was (the user's last move in this codebook, or audit row
    ``entry_id``); refused when the code was moved again since. Returns the undone audit row."""
    if entry_id is None:
        last = undoable_moves(project, codebook_id, limit=1)
        if not last:
            raise StoreError("tree.nothing_to_undo")
        entry = last[0]
    else:
        moves, done = _moves(project, codebook_id)
        found = [e for e in moves if e["id"] == entry_id and e["id"] not in done]
        if not found:
            raise StoreError("tree.nothing_to_undo")
        entry = found[0]
    code_id = str(entry["entity_id"]).split("/", 1)[1]
    was, went = entry["before"] or {}, entry["after"] or {}
    codebook = project.get_codebook(codebook_id)
    now = codebook.code(code_id).parent
    if now != went.get("parent"):
        raise StoreError("tree.undo_moved_since", code=code_id, now=now or "–")
    parent = was.get("parent")
    before = was.get("before")
    known = {c.id: c for c in codebook.codes}
    if before not in known or known[before].parent != parent or before == code_id:
        before = None  # its old next sibling moved or went: back as the last child
    written = project.place_code(codebook_id, code_id, parent, before)
    project.log_event("undo", "audit", entry["id"], before={"action": "move", "code": f"{codebook_id}/{code_id}"},
                      after={"entries": [written] if written else [], "did": "moved back"})
    return entry
