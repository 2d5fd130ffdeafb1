"""Migration 0005: a project created at revision 0001 (passages without heading/question) opens and upgrades,
on SQLite and, when a server is configured, on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from project_fixtures import PG_URL, fresh_pg_database

from analysis.domain import Passage, Source, SourceKind
from analysis.store import Project
from analysis.store import engine as eng


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_0001_project_upgrades_and_keeps_its_passages(tmp_path: Path, backend: str) -> None:
    if backend == "sqlite":
        location: str = str(tmp_path / "oud")
        (tmp_path / "oud").mkdir()
    else:
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set DUIDING_TEST_POSTGRES_URL (the CI script does)")
        location = fresh_pg_database()
    url = eng.resolve_url(location)
    engine = eng.make_engine(url)
    cfg = eng.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(sa.text("INSERT INTO sources (name, kind, text, metadata, imported_at) "
                             "VALUES ('oud.txt', 'interview', 'Oude tekst.', '{}', '2026-01-01')"))
        source_id = conn.execute(sa.text("SELECT id FROM sources")).scalar_one()
        conn.execute(sa.text("INSERT INTO passages (source_id, ordinal, start, \"end\", text) "
                             "VALUES (:s, 0, 0, 11, 'Oude tekst.')"), {"s": source_id})
        passage_id = conn.execute(sa.text("SELECT id FROM passages")).scalar_one()
    assert "heading" not in {c["name"] for c in sa.inspect(engine).get_columns("passages")}
    engine.dispose()

    with Project.open(location) as project:
        assert eng.current_revision(project.engine) == eng.head_revision(project.url)
        old = project.get_passage(passage_id)
        assert old.text == "Oude tekst." and old.heading is None and old.question is None
        text = "Toegang\n\nDe telefoon."
        project.add_source(Source(name="v.docx", text=text, kind=SourceKind.VERSLAG, checksum="v"),
                           [Passage(9, 21, "De telefoon.", 0, heading="Toegang", question="Hoe?")])
        new = project.passages(kind="verslag")[0]
        assert (new.heading, new.question, new.kind) == ("Toegang", "Hoe?", SourceKind.VERSLAG)
