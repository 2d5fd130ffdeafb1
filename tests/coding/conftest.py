from __future__ import annotations

import pytest
from coding_testdata import make_codebook, synthetic_corpus

from analysis.domain import Codebook


@pytest.fixture
def codebook() -> Codebook:
    return make_codebook()


@pytest.fixture
def corpus() -> tuple[list[str], list[set[str]]]:
    return synthetic_corpus(120, seed=1)
