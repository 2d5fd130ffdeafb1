"""Migration 0003: a project made before passage roles opens, upgrades and knows who speaks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from project_fixtures import PG_URL, fresh_pg_database

from analysis.store import Project
from analysis.store import engine as eng

TURNS = [
    (None, "# FICTIEF DEMOMATERIAAL — kopregel"),
    ("INTERVIEWER", "Nog één vraag: voetbal je eigenlijk nog?"),
    ("YUSUF", "Haha, nee, mijn knie. Ik speelde vroeger in de A1 van de club hier."),
    ("Karin", "En hoe gaat het nu met je werk?"),
    ("YUSUF", "Goed, via het Sociaal Team heb ik een werkervaringsplek gevonden."),
]


SOURCES = sa.table(
    "sources", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("kind", sa.String),
    sa.column("text", sa.Text), sa.column("metadata", sa.JSON), sa.column("imported_at", sa.DateTime(timezone=True)),
)
PASSAGES = sa.table(
    "passages", sa.column("source_id", sa.Integer), sa.column("ordinal", sa.Integer), sa.column("speaker", sa.String),
    sa.column("start", sa.Integer), sa.column("end", sa.Integer), sa.column("text", sa.Text),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        (tmp_path / "oud").mkdir()
        return str(tmp_path / "oud")
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set DUIDING_TEST_POSTGRES_URL (the CI script does)")
    return fresh_pg_database()


def _project_at_0001(location: str) -> str:
    """A project database at revision 0001 with two sources, written with the 0001 tables."""
    url = eng.resolve_url(location)
    engine = eng.make_engine(url)
    cfg = eng.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    text = "\n\n".join(t for _, t in TURNS)
    with engine.begin() as conn:
        assert "role" not in {c["name"] for c in sa.inspect(conn).get_columns("passages")}
        for sid, (name, kind, meta) in enumerate(
            [("yusuf.txt", "interview", {"interviewer": "Karin"}), ("rapport.pdf", "report", {})], start=1
        ):
            conn.execute(SOURCES.insert().values(id=sid, name=name, kind=kind, text=text, metadata=meta,
                                                 imported_at=datetime(2026, 1, 1, tzinfo=UTC)))
            pos = 0
            for i, (speaker, body) in enumerate(TURNS):
                start = text.index(body, pos)
                pos = start + len(body)
                conn.execute(PASSAGES.insert().values(source_id=sid, ordinal=i, start=start, end=pos, text=body,
                                                      speaker=speaker if kind == "interview" else None))
    engine.dispose()
    return url


def test_a_project_at_revision_0001_upgrades_and_derives_roles(location: str) -> None:
    url = _project_at_0001(location)
    project = Project.open(location)
    try:
        assert eng.current_revision(project.engine) == eng.head_revision(url)
        by_source: dict[str, list] = {}
        for p in project.passages():
            by_source.setdefault(p.source_name, []).append((p.speaker, p.role))
        assert by_source["yusuf.txt"] == [
            (None, "other"),  # the header line above the first turn
            ("INTERVIEWER", "interviewer"),
            ("YUSUF", "respondent"),
            ("Karin", "interviewer"),  # named in the manifest's interviewer column (kept in the metadata)
            ("YUSUF", "respondent"),
        ]
        assert {r for _, r in by_source["rapport.pdf"]} == {None}  # a document: no speaker
        # the default review queue of the upgraded project holds respondent speech only
        from analysis.review import ReviewFilters, build_queue

        queue = build_queue(project, "geen-codeboek", ReviewFilters())
        assert [project.get_passage(i).role for i in queue.ids].count("respondent") == 2
        assert "interviewer" not in {project.get_passage(i).role for i in queue.ids}
    finally:
        project.close()


def test_new_sources_get_roles_when_stored(tmp_path: Path) -> None:
    from analysis.domain import Passage, Source

    text = "I: Hoe gaat het?\n\nR: Goed, dank u. Het wijkteam helpt me echt."
    project = Project.create(tmp_path / "nieuw")
    try:
        passages = [Passage(3, 16, text[3:16], 0, "I"), Passage(21, len(text), text[21:], 1, "R")]
        sid = project.add_source(Source(name="a.txt", text=text), passages)
        assert [(p.speaker, p.role) for p in project.passages(source_id=sid)] == [("I", "interviewer"), ("R", "respondent")]
        # a role set by the caller is kept (e.g. a pseudonymised interviewer name)
        passages = [Passage(3, 16, text[3:16], 0, "Persoon 1", role="interviewer"), Passage(21, len(text), text[21:], 1, "R")]
        project.update_source_text(sid, text, passages)
        assert [p.role for p in project.passages(source_id=sid)] == ["interviewer", "respondent"]
        assert project.count_passages(exclude_roles=["interviewer", "other"]) == 1
    finally:
        project.close()
