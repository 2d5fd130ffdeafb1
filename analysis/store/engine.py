"""Where a project lives, and how its database is opened and migrated.

A project is a folder holding ``duiding.sqlite`` (the embedded default), a
single ``.sqlite``/``.db``/``.duiding`` file, or a SQLAlchemy URL such as
``postgresql://user@localhost/duiding`` (team mode). ``DATABASE_URL`` in the
environment is used when no location is given. :func:`locate` parses a location once; the
rest (engine, migrations, the project's folder) works on its :class:`Location`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url

from .. import settings
from ..errors import DuidingError
from ..fold import fold

DB_FILENAME = "duiding.sqlite"
FILE_SUFFIXES = {".sqlite", ".sqlite3", ".db", ".duiding"}
MIGRATIONS = Path(__file__).with_name("migrations")


class ProjectNotFound(DuidingError, FileNotFoundError):
    """No project at the given location (``key`` ``store.no_project``) or no location given."""

    default_key = "store.not_found"


def is_url(location: str) -> bool:
    return "://" in location


@dataclass(frozen=True, slots=True)
class Location:
    """A project location parsed once (with SQLAlchemy's ``make_url``): the URL, and the SQLite file if any."""

    url: URL
    given: str  # what the caller named (a folder, a file or a URL)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file; None on a server or for an in-memory database."""
        database = self.url.database
        return Path(database) if self.is_sqlite and _is_file_path(database) else None

    def render(self) -> str:
        """The URL as a string that opens the same database (the password included)."""
        return self.url.render_as_string(hide_password=False)


def locate(location: str | os.PathLike[str] | None) -> Location:
    """Parse a project location: a folder, a ``.sqlite`` file or a database URL (``$DATABASE_URL`` when None)."""
    if location is None:
        location = settings.database_url()
        if not location:
            raise ProjectNotFound("store.no_location")
    given = str(location)
    if not is_url(given):
        return Location(URL.create("sqlite", database=str(sqlite_path(given))), given)
    url = make_url(given)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg2")
    elif url.get_backend_name() == "sqlite" and _is_file_path(url.database):
        url = url.set(database=str(Path(url.database).expanduser().resolve()))
    return Location(url, given)


def _is_file_path(database: str | None) -> bool:
    """A SQLite database named by a path (not in memory, not a ``file:`` URI, which is the driver's to read)."""
    return bool(database) and database != ":memory:" and not database.startswith("file:")


def resolve_url(location: str | os.PathLike[str] | None) -> str:
    """Turn a project location into a SQLAlchemy URL string."""
    return locate(location).render()


def sqlite_path(location: str | os.PathLike[str]) -> Path:
    path = Path(location).expanduser()
    if path.suffix.lower() in FILE_SUFFIXES:
        return path.resolve()
    return (path / DB_FILENAME).resolve()


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via connect
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # Case- and diacritic-insensitive passage search (see analysis.fold).
    dbapi_connection.create_function("duiding_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


def make_engine(url: str | URL) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str | URL) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    text = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    cfg.set_main_option("sqlalchemy.url", text.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str | URL) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def upgrade(engine: Engine, url: str | URL) -> None:
    """Bring the schema to the newest migration (a no-op when it is there)."""
    if current_revision(engine) == head_revision(url):
        return
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
