"""What the store's parts share: its errors, and the helpers that build and read rows.

No part of the store imports :mod:`analysis.store.project` (the facade); they all import this.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.orm import Session

from ..domain import Code, Coding, CodingOrigin, CodingStatus, EvidenceSpan, Passage
from ..errors import DuidingError, display_name
from ..fold import fold
from .orm import CodeRow, CodingRow, utcnow

# The metadata of a source that :meth:`Project.update_source` may change.
SOURCE_FIELDS = ("name", "kind", "municipality", "study", "participant", "respondent_group", "date", "metadata")


class StoreError(DuidingError, RuntimeError):
    """A store operation that cannot be carried out (the message says why)."""

    default_key = "store.failed"


class DuplicateSource(StoreError):
    def __init__(self, name: str, existing_id: int, existing_name: str):
        super().__init__(
            "store.duplicate_source", file=display_name(name), existing_id=existing_id, existing=existing_name
        )
        self.args = (f"{name}: already imported (same content as source {existing_id}, {existing_name!r})",)
        self.existing_id = existing_id
        self.existing_name = existing_name


DECIDED = (CodingStatus.ACCEPTED.value, CodingStatus.REJECTED.value)


# -- helpers -----------------------------------------------------------------------------------
def _roles(passages: Sequence[Passage], kind: Any, metadata: Any) -> list[str | None]:
    """Who speaks in each passage (kept when given; else from the labels and the manifest's
    ``interviewer``): see :func:`analysis.corpus.speakers.passage_roles`."""
    from ..corpus.speakers import interviewer_names, passage_roles

    meta = metadata if isinstance(metadata, dict) else {}
    return passage_roles(list(passages), kind=kind, interviewers=interviewer_names(meta.get("interviewer")))


# Audit actions on a single coding that can be undone (analysis.audit.undo and the review page's
# history read them back).
UNDOABLE = ("create", "delete", "status", "update")


_EVIDENCE_FIELDS = tuple(f.name for f in fields(EvidenceSpan))


def evidence_dicts(evidence: Iterable[EvidenceSpan]) -> list[dict[str, Any]]:
    """The JSON of a coding's evidence spans: ``dataclasses.asdict`` of each, without its deep copy (the
    fields are numbers and strings; auto-coding stores 100k codings at a time)."""
    return [{name: getattr(e, name) for name in _EVIDENCE_FIELDS} for e in evidence]


def coding_values(coding: Coding, now: datetime | None = None) -> dict[str, Any]:
    """The column values of a new ``codings`` row for ``coding``, created and updated at ``now``."""
    now = now or utcnow()
    return {
        "passage_id": coding.passage_id,
        "codebook_id": coding.codebook_id,
        "code_id": coding.code_id,
        "coder": coding.coder,
        "origin": CodingOrigin(coding.origin).value,
        "status": CodingStatus(coding.status).value,
        "confidence": coding.confidence,
        "start": coding.start,
        "end": coding.end,
        "evidence": evidence_dicts(coding.evidence),
        "memo": coding.memo or "",
        "citeerbaar": bool(coding.citeerbaar),
        "created_at": now,
        "updated_at": now,
    }


# Text search ignores case and diacritics ("client" finds "cliënt", "een" finds "één"): the
# search term is folded in Python, the column in SQL (a registered function on SQLite,
# translate() on PostgreSQL).
def fold_search(text: str) -> str:
    """Lowercase ``text`` and drop its diacritics, as the passage search does: ``'Cliënt'`` → ``'client'``
    (:func:`analysis.fold.fold`)."""
    return fold(text)


def _postgres_fold_map() -> tuple[str, str]:
    """The lowercase Latin letters with a diacritic and their plain letters, for translate()."""
    accented, plain = [], []
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = fold_search(ch)
        if ch.islower() and base != ch and len(base) == 1 and base.isascii():
            accented.append(ch)
            plain.append(base)
    return "".join(accented), "".join(plain)


_ACCENTED, _PLAIN = _postgres_fold_map()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _folded(column: Any, dialect: str) -> Any:
    if dialect == "sqlite":
        return func.duiding_fold(column)
    return func.translate(func.lower(column), _ACCENTED, _PLAIN)


# Id lists go into ``IN (...)`` by at most this many: SQLite builds before 3.32 allow 999 host
# parameters per statement. The store chunks every id list it is given; callers never do.
IN_LIMIT = 900


def in_chunks(ids: Iterable[Any]) -> Iterator[list[Any]]:
    """``ids`` without duplicates (first occurrence kept) in lists of at most :data:`IN_LIMIT`."""
    items = list(dict.fromkeys(ids))
    for i in range(0, len(items), IN_LIMIT):
        yield items[i : i + IN_LIMIT]


def _insert_codings(s: Session) -> Any:
    """An INSERT into codings in the session's dialect (both know ``ON CONFLICT``)."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(CodingRow)


def _same_span(start: int | None, end: int | None):
    if start is None:
        return and_(CodingRow.start.is_(None), CodingRow.end.is_(None))
    return and_(CodingRow.start == start, CodingRow.end == end)


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def _code_row(codebook_id: str, c: Code, position: int) -> CodeRow:
    return CodeRow(
        codebook_id=codebook_id,
        code_id=c.id,
        parent=c.parent,
        position=position,
        name=c.name,
        definition=c.definition,
        inclusion=list(c.inclusion),
        exclusion=list(c.exclusion),
        examples=list(c.examples),
        keywords=list(c.keywords),
        exclude_keywords=list(c.exclude_keywords),
        respondent_groups=list(c.respondent_groups),
        colour=c.colour,
        axis=c.axis,
        crosswalk=list(c.crosswalk),
        codable=c.codable,
    )


def _row_code(r: CodeRow) -> Code:
    return Code(
        id=r.code_id,
        name=r.name,
        parent=r.parent,
        definition=r.definition or "",
        inclusion=list(r.inclusion or []),
        exclusion=list(r.exclusion or []),
        examples=list(r.examples or []),
        keywords=list(r.keywords or []),
        exclude_keywords=list(r.exclude_keywords or []),
        respondent_groups=list(r.respondent_groups or []),
        colour=r.colour,
        axis=r.axis,
        crosswalk=list(r.crosswalk or []),
        codable=bool(r.codable),
    )


def _row_coding(r: CodingRow) -> Coding:
    return Coding(
        passage_id=r.passage_id,
        code_id=r.code_id,
        codebook_id=r.codebook_id,
        coder=r.coder,
        origin=CodingOrigin(r.origin),
        status=CodingStatus(r.status),
        confidence=r.confidence,
        start=r.start,
        end=r.end,
        evidence=[EvidenceSpan(**e) for e in (r.evidence or [])],
        memo=r.memo or "",
        citeerbaar=bool(r.citeerbaar),
        created_at=r.created_at,
        updated_at=r.updated_at,
        id=r.id,
    )


def _coding_dict(r: CodingRow) -> dict:
    return {
        "id": r.id,
        "passage_id": r.passage_id,
        "codebook_id": r.codebook_id,
        "code_id": r.code_id,
        "coder": r.coder,
        "origin": r.origin,
        "status": r.status,
        "confidence": r.confidence,
        "start": r.start,
        "end": r.end,
        "evidence": r.evidence,
        "memo": r.memo,
        "citeerbaar": bool(r.citeerbaar),
    }
