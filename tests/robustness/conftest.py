from __future__ import annotations

import pytest

from analysis.store import Project


@pytest.fixture
def project(tmp_path):
    p = Project.create(tmp_path / "proj")
    yield p
    p.close()
