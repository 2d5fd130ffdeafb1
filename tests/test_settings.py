"""One settings module; a project location parsed once (issue 13, point 3)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import settings
from analysis.domain import Memo
from analysis.store import Project, ProjectNotFound
from analysis.store import engine as eng

ROOT = Path(__file__).resolve().parents[1]


def test_create_from_database_url_makes_no_stray_folder(tmp_path, monkeypatch):
    """``Project.create(None)`` with ``DATABASE_URL=sqlite:////abs/file`` used to make ``./sqlite:/abs``."""
    work = tmp_path / "work"
    work.mkdir()
    target = tmp_path / "elders" / "y.sqlite"
    monkeypatch.chdir(work)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    with Project.create(None) as p:
        assert p.folder == target.parent
        p.add_memo(Memo(text="Lindewaard"))
    assert target.is_file()
    assert list(work.iterdir()) == []
    with Project.open(None) as again:
        assert [m.text for m in again.memos()] == ["Lindewaard"]


def test_open_from_database_url_without_file_is_not_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'nergens' / 'x.sqlite'}")
    with pytest.raises(ProjectNotFound):
        Project.open(None)
    assert list(tmp_path.iterdir()) == []


def test_no_location_and_no_database_url(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ProjectNotFound):
        eng.locate(None)


def test_locate_folder_file_and_urls(tmp_path):
    folder = eng.locate(tmp_path / "studie")
    assert folder.sqlite_file == (tmp_path / "studie" / eng.DB_FILENAME).resolve()
    single = eng.locate(tmp_path / "los.sqlite")
    assert single.sqlite_file == (tmp_path / "los.sqlite").resolve()
    server = eng.locate("postgres://anne:p%40ss@db.example/duiding")
    assert server.sqlite_file is None
    assert server.url.drivername == "postgresql+psycopg2"
    assert server.url.password == "p@ss"
    assert eng.locate(server.render()).url == server.url  # the rendered URL opens the same database


def test_odd_characters_in_a_folder_survive_the_url(tmp_path):
    odd = tmp_path / "map met % en #"
    with Project.create(odd) as p:
        assert p.folder == odd.resolve()
        url = p.url
    with Project.open(url) as again:
        assert again.folder == odd.resolve()


def test_settings_are_read_when_asked(monkeypatch):
    monkeypatch.setenv("DUIDING_USER", "bram")
    assert settings.user() == "bram"
    monkeypatch.setenv("DUIDING_USER", "")
    assert settings.user() is None
    monkeypatch.setenv("DUIDING_LANG", " NL ")
    assert settings.lang() == "nl"
    monkeypatch.setenv("DUIDING_MAX_PASSAGES", "geen getal")
    assert settings.get_int(settings.MAX_PASSAGES, 7) == 7


def _environment_reads(path: Path) -> list[int]:
    """Lines where a module reads the environment (``os.environ.get``, ``os.environ[...]``, ``os.getenv``)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("get", "getenv", "__getitem__"):
            value = node.value
            if node.attr == "getenv" and isinstance(value, ast.Name) and value.id == "os":
                lines.append(node.lineno)
            if isinstance(value, ast.Attribute) and value.attr == "environ":
                lines.append(node.lineno)
        subscript = isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
        if subscript and node.value.attr == "environ" and isinstance(node.ctx, ast.Load):
            lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment():
    files = [*ROOT.glob("analysis/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"]
    offenders = {
        str(f.relative_to(ROOT)): lines
        for f in files
        if f.name != "settings.py" and (lines := _environment_reads(f))
    }
    assert offenders == {}


def test_a_server_from_database_url_has_no_folder(tmp_path, monkeypatch):
    from project_fixtures import PG_URL, fresh_pg_database

    if not PG_URL:
        pytest.skip("no PostgreSQL server: set DUIDING_TEST_POSTGRES_URL (the CI script does)")
    monkeypatch.chdir(tmp_path)
    url = fresh_pg_database().replace("postgresql://", "postgres://", 1)  # the short scheme some hosts give
    monkeypatch.setenv("DATABASE_URL", url)
    with Project.create(None) as p:
        assert p.folder is None
        assert p.url.startswith("postgresql+psycopg2://")
        p.add_memo(Memo(text="op de server"))
    with Project.open(None) as again:
        assert [m.text for m in again.memos()] == ["op de server"]
    assert list(tmp_path.iterdir()) == []
