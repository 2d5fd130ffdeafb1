"""The audit log: who changed what, when (before and after).

A mixin of :class:`analysis.store.Project`: it uses the project's ``transaction()``,
``_session()`` and ``_audit()``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .common import _jsonable
from .orm import AuditRow
from .permissions import requires


class AuditStore:
    """The audit log: who changed what, when (before and after)."""

    def _audit(
        self, s: Session, action: str, entity: str, entity_id: Any, before: Any = None, after: Any = None
    ) -> AuditRow:
        """Add an audit row to the session's transaction (``via`` of the open unit of work added)."""
        via = getattr(self._unit, "via", None)
        if via and isinstance(after, dict):
            after = {**after, "via": via}
        row = AuditRow(
            user=self.user,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
        )
        s.add(row)
        return row

    @requires("read")
    def audit_log(self, entity: str | None = None, entity_id: Any = None, limit: int | None = None) -> list[dict]:
        stmt = select(AuditRow).order_by(AuditRow.id)
        if entity:
            stmt = stmt.where(AuditRow.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditRow.entity_id == str(entity_id))
        if limit:
            stmt = stmt.limit(limit)
        with self._session() as s:
            return [
                {
                    "id": r.id,
                    "at": r.at,
                    "user": r.user,
                    "action": r.action,
                    "entity": r.entity,
                    "entity_id": r.entity_id,
                    "before": r.before,
                    "after": r.after,
                }
                for r in s.scalars(stmt)
            ]

    @requires("read")
    def log_event(self, action: str, entity: str, entity_id: Any = None, before: Any = None, after: Any = None) -> int:
        """Write one audit row of its own (e.g. an undo marker); returns its id."""
        with self.transaction() as s:
            row = self._audit(s, action, entity, entity_id, before=before, after=after)
            s.flush()
            return row.id
