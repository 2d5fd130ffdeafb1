from __future__ import annotations

import pytest
from review_builders import CODEBOOK_ID, build_small_project

from analysis.store import Project


@pytest.fixture
def project(tmp_path):
    build_small_project(tmp_path / "proj")
    p = Project.open(tmp_path / "proj", user="tester")
    yield p
    p.close()


@pytest.fixture
def codebook_id() -> str:
    return CODEBOOK_ID
