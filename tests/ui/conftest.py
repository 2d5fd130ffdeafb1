from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "review"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from review_builders import CODEBOOK_ID, build_small_project

APP = ROOT / "app.py"


@pytest.fixture
def project_dir(tmp_path, monkeypatch) -> Path:
    """A small project with suggestions, opened by the app through DUIDING_PROJECT."""
    location = build_small_project(tmp_path / "proj")
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return location


@pytest.fixture
def store(project_dir):
    from analysis.store import Project

    p = Project.open(project_dir)
    yield p
    p.close()


@pytest.fixture
def app(project_dir):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def codebook_id() -> str:
    return CODEBOOK_ID


@pytest.fixture
def media_files(monkeypatch) -> dict[str, bytes]:
    """File name -> bytes of every file a download button hands to Streamlit's media storage."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    seen: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            seen[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return seen
