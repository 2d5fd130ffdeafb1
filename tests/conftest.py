from __future__ import annotations

from pathlib import Path

import pytest
from project_fixtures import project, sqlite_project  # noqa: F401  (SQLite + PostgreSQL project fixtures)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the clone; tests that need it skip cleanly without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is absent (as on a user's machine): skipping tests on shared data")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
