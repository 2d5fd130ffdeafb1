"""Resource limits per imported file (issue 14, point 8): unpacked size and passage count.

A 1 MB .docx can unpack to 180 MB of XML (well under the zip-bomb ratio) and yield 1.7 million passages,
costing minutes and gigabytes in the shared server process. Every file is therefore capped, with a clear
message naming the limit and how to raise it:

- ``DUIDING_MAX_UNPACKED_MB`` (default 100): the XML parts of a .docx, and the text of any file, in MB
  (a 50 MB transcript, which the project supports, fits; the 180 MB of the hostile .docx do not);
- ``DUIDING_MAX_PASSAGES`` (default 250,000): passages per file (a 500-page report makes about 5,000, a
  50 MB transcript about 120,000).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import DuidingError, display_name, render
from .errors import IngestError

DEFAULT_MAX_UNPACKED_MB = 100
DEFAULT_MAX_PASSAGES = 250_000


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def max_unpacked_bytes() -> int:
    return _env_int("DUIDING_MAX_UNPACKED_MB", DEFAULT_MAX_UNPACKED_MB) * 1_000_000


def max_passages() -> int:
    return _env_int("DUIDING_MAX_PASSAGES", DEFAULT_MAX_PASSAGES)


class KeyedIngestError(IngestError, DuidingError):
    """An :class:`IngestError` (the batch reports it per file) with a catalogue message (Dutch and English)."""

    def __init__(self, path: str | Path, key: str, **params: Any) -> None:
        full = {"file": display_name(path), **params}
        # IngestError.__init__ reaches DuidingError.__init__ through the MRO: set key and params after it
        IngestError.__init__(self, path, render(key, full, "en").removeprefix(f"{full['file']}: "))
        self.key, self.params = key, full

    def __reduce__(self):  # picklable across process pools
        return (_rebuild, (type(self), self.path, self.key, self.params))


class LimitExceeded(KeyedIngestError):
    """A file over a resource limit."""


def _rebuild(cls: type[KeyedIngestError], path: Path, key: str, params: dict[str, Any]) -> KeyedIngestError:
    return cls(path, key, **{k: v for k, v in params.items() if k != "file"})


def check_unpacked(path: str | Path, size: int) -> None:
    """Refuse ``size`` bytes (or characters) of unpacked content above the limit."""
    limit = max_unpacked_bytes()
    if size > limit:
        raise LimitExceeded(path, "harden.too_large_unpacked", limit_mb=limit // 1_000_000)


def check_passages(path: str | Path, count: int) -> None:
    limit = max_passages()
    if count > limit:
        raise LimitExceeded(path, "harden.too_many_passages", count=f"{count:,}".replace(",", "."), limit=f"{limit:,}".replace(",", "."))
