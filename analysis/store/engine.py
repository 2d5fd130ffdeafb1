"""Where a project lives, and how its database is opened and migrated.

A project is a folder holding ``duiding.sqlite`` (the embedded default), a
single ``.sqlite``/``.db``/``.duiding`` file, or a SQLAlchemy URL such as
``postgresql://user@localhost/duiding`` (team mode). ``DATABASE_URL`` in the
environment is used when no location is given.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

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


def resolve_url(location: str | os.PathLike[str] | None) -> str:
    """Turn a project location into a SQLAlchemy URL."""
    if location is None:
        env = os.environ.get("DATABASE_URL")
        if not env:
            raise ProjectNotFound("store.no_location")
        location = env
    location = str(location)
    if is_url(location):
        if location.startswith("postgres://"):
            location = "postgresql://" + location[len("postgres://") :]
        if location.startswith("postgresql://"):
            location = "postgresql+psycopg2://" + location[len("postgresql://") :]
        return location
    return f"sqlite:///{sqlite_path(location)}"


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


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def upgrade(engine: Engine, url: str) -> None:
    """Bring the schema to the newest migration (a no-op when it is there)."""
    if current_revision(engine) == head_revision(url):
        return
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
