"""Migration 0005: a project created at revision 0001 (passages without heading/question) opens and upgrades."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from analysis.domain import Passage, Source, SourceKind
from analysis.store import Project
from analysis.store import engine as eng


def test_a_0001_project_upgrades_and_keeps_its_passages(tmp_path: Path) -> None:
    location = tmp_path / "oud"
    location.mkdir()
    url = eng.resolve_url(location)
    engine = eng.make_engine(url)
    cfg = eng.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(sa.text("INSERT INTO sources (id, name, kind, text, metadata, imported_at) "
                             "VALUES (1, 'oud.txt', 'interview', 'Oude tekst.', '{}', '2026-01-01')"))
        conn.execute(sa.text("INSERT INTO passages (id, source_id, ordinal, start, \"end\", text) "
                             "VALUES (1, 1, 0, 0, 11, 'Oude tekst.')"))
    assert "heading" not in {c["name"] for c in sa.inspect(engine).get_columns("passages")}
    engine.dispose()

    with Project.open(location) as project:
        assert eng.current_revision(project.engine) == eng.head_revision(project.url)
        old = project.get_passage(1)
        assert old.text == "Oude tekst." and old.heading is None and old.question is None
        text = "Toegang\n\nDe telefoon."
        project.add_source(Source(name="v.docx", text=text, kind=SourceKind.VERSLAG, checksum="v"),
                           [Passage(9, 21, "De telefoon.", 0, heading="Toegang", question="Hoe?")])
        new = project.passages(kind="verslag")[0]
        assert (new.heading, new.question, new.kind) == ("Toegang", "Hoe?", SourceKind.VERSLAG)
