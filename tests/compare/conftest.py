"""Fixtures for the comparison tests; the project itself is described in compare_builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from compare_builders import TwoBooks, build


@pytest.fixture()
def two_books(tmp_path: Path) -> TwoBooks:
    t = build(tmp_path / "twee")
    yield t
    t.project.close()
