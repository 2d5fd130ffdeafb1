"""The repository API: the one way the rest of Duiding reads and writes a project.

:class:`Project` is a facade over one mixin per kind of data, each in its own module:
sources and passages (:mod:`.sources`), codebooks (:mod:`.codebooks`), codings and memos
(:mod:`.codings`), stored results such as topic models, passage sets, story collections and
norm judgements (:mod:`.artefacts`), accounts and assignments (:mod:`.team`) and the audit log
(:mod:`.audit`). This module holds what they share at run time: opening, sessions, the
transaction and the unit of work. The rights each method needs are declared at the method
(``@requires``, :mod:`.permissions`).

Every public write method runs in one transaction: it either happens whole or not at all;
:meth:`Project.unit_of_work` makes several writes one. Reads return domain objects from
:mod:`analysis.domain`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy.orm import Session, sessionmaker

from .. import settings
from . import engine as eng
from . import version as data_version
from .artefacts import ArtefactStore
from .audit import AuditStore
from .codebooks import CodebookStore
from .codings import CodingStore
from .draft_store import DraftStore
from .review_store import ReviewStore
from .tree_store import TreeStore
from .common import DECIDED, SOURCE_FIELDS, DuplicateSource, StoreError, coding_values, fold_search
from .permissions import checked, requires
from .sources import SourceStore
from .team import LoginRequired, PermissionDenied, TeamStore

# Names other modules import from here stay importable from analysis.store.project.
__all__ = [
    "DECIDED",
    "SOURCE_FIELDS",
    "DuplicateSource",
    "LoginRequired",
    "PermissionDenied",
    "Project",
    "StoreError",
    "UnitOfWork",
    "coding_values",
    "fold_search",
]


class UnitOfWork:
    """An open :meth:`Project.unit_of_work`: its ``session`` (for reads beyond the public API)
    and its audit writer. The project's public methods called inside take part in it."""

    def __init__(self, project: Project, session: Session) -> None:
        self.project = project
        self.session = session

    def audit(self, action: str, entity: str, entity_id: Any = None, before: Any = None, after: Any = None) -> None:
        """Write an audit entry as part of the unit (committed with it, or not at all)."""
        self.project._audit(self.session, action, entity, entity_id, before=before, after=after)


class Project(SourceStore, CodebookStore, CodingStore, ArtefactStore, TeamStore, AuditStore, DraftStore, ReviewStore, TreeStore):
    """A Duiding project: sources, passages, codebooks, codings, memos, themes."""

    def __init__(self, url: str | eng.Location, *, user: str | None = None, location: str | None = None):
        self._where = url if isinstance(url, eng.Location) else eng.locate(url)
        self.url = self._where.render()
        self.location = location or self._where.given
        self.engine = eng.make_engine(self._where.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._written = threading.local()
        data_version.install(self._sessions, self._written)
        self.user = user or settings.user() or "researcher"
        self._signed_in_as: str | None = None  # set by login(): the name whose password was checked
        self._unit = threading.local()  # this thread's open unit of work (see unit_of_work)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def create(cls, location: str | os.PathLike[str] | None = None, **kwargs: Any) -> Project:
        """Create (or open, when it exists) a project and bring its schema up to date."""
        where = eng.locate(location)
        if where.sqlite_file is not None:
            where.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        password = kwargs.pop("password", None)
        project = cls(where, **kwargs)
        eng.upgrade(project.engine, where.url)
        return project._sign_in_with(password)

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None, **kwargs: Any) -> Project:
        """Open an existing project; raise :class:`ProjectNotFound` when there is none.

        In a project with accounts, ``user=`` alone gives no rights: pass ``password=`` too (or
        call :meth:`login`); every read and write is refused until the password was checked.
        """
        where = eng.locate(location)
        if where.sqlite_file is not None and not where.sqlite_file.exists():
            raise eng.ProjectNotFound("store.no_project", location=where.given)
        password = kwargs.pop("password", None)
        project = cls(where, **kwargs)
        eng.upgrade(project.engine, where.url)
        return project._sign_in_with(password)

    def _sign_in_with(self, password: str | None) -> Self:
        """After opening: sign in as ``self.user`` when a password was given (closed again when it is wrong)."""
        if password is not None:
            try:
                self.login(self.user, password)
            except BaseException:
                self.close()
                raise
        return self

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def folder(self) -> Path | None:
        """The folder beside the SQLite file (for keys, exports); None on a server."""
        return None if self._where.sqlite_file is None else self._where.sqlite_file.parent

    @requires("write", nested=False)
    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back everything on error.

        The public methods called inside it (on this thread) join it; one opened inside a
        :meth:`unit_of_work` or another transaction is that one (it commits at the outer end)."""
        current = getattr(self._unit, "session", None)
        if current is not None:
            yield current
            return
        with self._sessions() as session, session.begin():
            self._unit.session = session
            try:
                yield session
            finally:
                self._unit.session = None

    @contextmanager
    def unit_of_work(self, *rights: str, via: str | None = None) -> Iterator[UnitOfWork]:
        """Several writes as ONE transaction: all of them happen, or none.

        ``rights`` (besides ``write``) are checked up front, for the whole block; a public method
        called inside that needs a right not checked yet checks it itself (a codeur's unit may
        code, but an ``add_source`` inside it is still refused). Every public method called in the
        block (on this thread) joins the unit's session, so reads see the unit's own writes, and
        the unit commits once at its end; an error rolls back everything. ``via`` marks every
        audit entry written in the block (e.g. ``"qdpx"`` for a REFI-QDA import)::

            with project.unit_of_work("import", "codebook", via="qdpx") as uow:
                project.save_codebook(codebook)
                sid = project.add_source(source, passages)
                uow.audit("import", "coding", None, after={"inserted": n})

        A unit opened inside another one joins it (its rights are checked on top).
        """
        with checked(self, "write", *rights):
            outer = getattr(self._unit, "session", None) is not None
            with self.transaction() as session:
                if not outer:
                    self._unit.via = via
                try:
                    yield UnitOfWork(self, session)
                finally:
                    if not outer:
                        self._unit.via = None

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session to read with: the open unit of work's (its writes are visible), else a new one."""
        current = getattr(self._unit, "session", None)
        if current is not None:
            yield current
            return
        with self._sessions() as session:
            yield session

    # -- data version ------------------------------------------------------------
    def data_version(self, area: str = "all") -> int:
        """A number that changes with every committed write to this project, by anyone
        (this process, another session, the CLI); caches key on it. ``area="sources"``: one that
        changes only with sources, passages, municipalities, participants and studies."""
        with self._sessions() as s:
            return data_version.read(s, data_version.SOURCES if area == "sources" else data_version.ALL)

    def last_written_version(self) -> int | None:
        """The data version this thread's last write produced (None before its first write)."""
        return getattr(self._written, "version", None)
