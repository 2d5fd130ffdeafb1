from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def deduce_model():
    """The process-wide deduce instance (loading takes ~10-20 s: once per test session)."""
    pytest.importorskip("deduce")
    from analysis.privacy import get_deduce
    from analysis.privacy.detect import deduce_error

    model = get_deduce()
    if model is None:
        pytest.skip(f"deduce cannot be loaded: {deduce_error()}")
    return model


@pytest.fixture
def data_dir() -> Path:
    return DATA
