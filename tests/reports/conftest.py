"""Fixtures for the report tests; the tiny project is described in reports_builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from reports_builders import Tiny, build_tiny


@pytest.fixture()
def tiny(tmp_path: Path) -> Tiny:
    t = build_tiny(tmp_path / "tiny")
    yield t
    t.project.close()
