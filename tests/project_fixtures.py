"""Project fixtures: the same store tests run on SQLite and, when a server is configured, on PostgreSQL."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from analysis.store import Project

PG_URL = os.environ.get("DUIDING_TEST_POSTGRES_URL")


def fresh_pg_database() -> str:
    name = "duiding_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def project(request, tmp_path):
    """A fresh project on SQLite, and on PostgreSQL when DUIDING_TEST_POSTGRES_URL is set (the CI script sets it)."""
    if request.param == "sqlite":
        p = Project.create(tmp_path / "proj")
    else:
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set DUIDING_TEST_POSTGRES_URL (the CI script does)")
        p = Project.create(fresh_pg_database())
    yield p
    p.close()


@pytest.fixture
def sqlite_project(tmp_path):
    p = Project.create(tmp_path / "proj")
    yield p
    p.close()


def sqlite_at_revision(location, revision: str = "0001"):  # type: ignore[no-untyped-def]
    """A new SQLite project folder whose database stands at ``revision`` (to test that it upgrades);
    returns ``(url, engine)``: write old-style rows with the engine, then dispose of it."""
    from alembic import command

    from analysis.store import engine as eng

    location.mkdir(parents=True, exist_ok=True)
    url = eng.resolve_url(location)
    engine = eng.make_engine(url)
    cfg = eng.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return url, engine
