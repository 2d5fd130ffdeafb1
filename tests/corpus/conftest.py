"""Fixtures for the ingestion tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from corpus_testdata import build_pdf


@pytest.fixture
def make_pdf() -> Callable[[list[list[str]]], bytes]:
    """A minimal valid PDF with one Helvetica text line per entry, pages in order."""
    return build_pdf
