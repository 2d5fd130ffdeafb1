from __future__ import annotations

import shutil

import pytest
from refi_helpers import FIXTURES, zip_folder

from analysis.store import Project


@pytest.fixture
def fixture_qdpx(tmp_path):
    """Build ``<name>.qdpx`` from tests/fixtures/refi/<name>/ in tmp_path (``extern/`` copied beside it)."""

    def build(name: str):
        folder = FIXTURES / name
        dest = zip_folder(folder, tmp_path / f"{name}.qdpx")
        if (folder / "extern").is_dir():
            shutil.copytree(folder / "extern", tmp_path / "extern", dirs_exist_ok=True)
        return dest

    return build


@pytest.fixture
def new_project(tmp_path):
    """A factory for empty SQLite projects in tmp_path."""
    made: list[Project] = []

    def make(name: str = "proj") -> Project:
        p = Project.create(tmp_path / name)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()
