"""The codebook as a tree (issue 15 point 7): rows with counts, outliner moves, and moving or
removing a coding from a code's passage list (each one undoable step of the review history)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Codebook
from ..store import Project
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
    names = {c.id: c.name for c in codebook.codes}
    return [
        TreeRow(cid, names[cid], min(depth, MAX_DEPTH), own[cid], suggested.get(cid, {}).get("passages", 0), below[cid])
        for cid, depth in order
    ]


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

