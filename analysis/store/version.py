"""The project's data version: one counter, bumped in the same transaction as every write.

Every write of :class:`analysis.store.Project` goes through its session factory; the events
below notice a session that inserted, updated or deleted anything and bump the counter just
before that session commits, on SQLite and PostgreSQL alike. So the number changes exactly
when what is stored changes, whoever wrote it: a browser session, another one, the command
line, a notebook. Caches key on it (``Project.data_version()``).

A second counter (row 2) moves only when sources, their passages, municipalities, participants or
studies change: lists of sources and municipalities key on it, so a coding decision does not
rebuild them.

On PostgreSQL the UPDATE of the counter row serialises committing writers for the moment of the
commit; READ COMMITTED re-reads the row, so no bump is lost.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from .orm import DataVersionRow

_WROTE = "duiding_wrote"
_TABLES = "duiding_tables"
ALL = 1
SOURCES = 2
SOURCE_TABLES = frozenset({"sources", "passages", "municipalities", "participants", "studies"})
_BUMPED = "duiding_version"
_LAST = "duiding_last_written"


def install(factory: sessionmaker, last_written: threading.local) -> None:
    """Bump the counter in every session of ``factory`` that writes; remember (per thread) the
    version this thread's last commit produced in ``last_written.version``."""
    factory.kw.setdefault("info", {})[_LAST] = last_written
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _do_orm_execute)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_rollback", _after_rollback)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    changed = [*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))]
    if changed:
        session.info[_WROTE] = True
        tables = session.info.setdefault(_TABLES, set())
        tables.update(getattr(getattr(o, "__table__", None), "name", "") for o in changed)


def _do_orm_execute(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        if not state.execution_options.get("duiding_version_bump"):
            state.session.info[_WROTE] = True
            table = getattr(getattr(state.statement, "table", None), "name", None)
            state.session.info.setdefault(_TABLES, set()).add(table or "")


def _before_commit(session: Session) -> None:
    if not (session.info.get(_WROTE) or session.new or session.deleted or session.dirty):
        return
    session.flush()
    if not session.info.get(_WROTE):
        return
    tables = session.info.get(_TABLES) or set()
    if tables & SOURCE_TABLES or "" in tables:
        bump(session, SOURCES)
    session.info[_BUMPED] = bump(session)


def _after_commit(session: Session) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_TABLES, None)
    version = session.info.pop(_BUMPED, None)
    last = session.info.get(_LAST)
    if version is not None and last is not None:
        last.version = version


def _after_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_TABLES, None)
    session.info.pop(_BUMPED, None)


def bump(session: Session, counter: int = ALL) -> int:
    """Add one to a counter inside ``session``'s transaction; the new value."""
    opts = {"duiding_version_bump": True}
    result = session.execute(
        update(DataVersionRow).where(DataVersionRow.id == counter).values(version=DataVersionRow.version + 1),
        execution_options=opts,
    )
    if result.rowcount == 0:  # a row that is not there (yet): start it at 1
        session.execute(insert(DataVersionRow).values(id=counter, version=1), execution_options=opts)
    return read(session, counter)


def read(session: Session, counter: int = ALL) -> int:
    return int(session.scalar(select(DataVersionRow.version).where(DataVersionRow.id == counter)) or 0)
