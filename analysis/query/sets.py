"""Saved sets: keep a query result (or hand-picked passages) under a name, and code a set at once.

The sets live in the project (:meth:`analysis.store.Project.save_passage_set`); a query refers to one as
``SET "naam"``, the review page and the matrices take one as their scope, and the REFI-QDA export writes
them as ``Sets``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..domain import Coding, CodingOrigin, CodingStatus
from .engine import QueryResult

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project


def save_result(project: Project, name: str, result: QueryResult, *, description: str = "") -> int:
    """Store a query's result as the set ``name`` (replacing a set of that name); returns its id."""
    return project.save_passage_set(name, result.passage_ids, query=result.query, description=description)


def code_set(
    project: Project,
    passage_ids: Iterable[int],
    codebook_id: str,
    code_id: str,
    *,
    coder: str | None = None,
) -> int:
    """Code every passage (whole) with ``code_id`` as an accepted coding of ``coder``, in one transaction.

    Passages that already carry that coding of that coder are left as they are. Returns how many
    passages were coded now.
    """
    project.get_codebook(codebook_id).code(code_id)  # unknown codebook or code: an error before any write
    who = coder or project.user
    ids = list(dict.fromkeys(int(i) for i in passage_ids))
    before = {
        c.passage_id
        for c in project.codings(codebook_id=codebook_id, code_id=code_id, coder=who, status=CodingStatus.ACCEPTED)
        if c.start is None
    }
    todo = [i for i in ids if i not in before]
    project.add_codings(
        Coding(
            passage_id=i,
            code_id=code_id,
            codebook_id=codebook_id,
            coder=who,
            origin=CodingOrigin.MANUAL,
            status=CodingStatus.ACCEPTED,
        )
        for i in todo
    )
    return len(todo)
