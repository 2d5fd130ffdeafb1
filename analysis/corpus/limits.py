"""Resource limits per imported file: unpacked size and passage count.

A 1 MB .docx can unpack to 180 MB of XML (well under the zip-bomb ratio) and yield 1.7 million passages,
costing minutes and gigabytes in the shared server process. Every file is therefore capped, with a clear
message naming the limit and how to raise it:

- ``DUIDING_MAX_UNPACKED_MB`` (default 100): the XML parts of a .docx, and the text of any file, in MB
  (a 50 MB transcript, which the project supports, fits; the 180 MB of the hostile .docx do not);
- ``DUIDING_MAX_PASSAGES`` (default 250,000): passages per file (a 500-page report makes about 5,000, a
  50 MB transcript about 120,000).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .. import settings
from ..errors import DuidingError, display_name, render
from .errors import IngestError

DEFAULT_MAX_UNPACKED_MB = 100
DEFAULT_MAX_PASSAGES = 250_000
# A .docx whose members declare more than this unpacked is refused (zip bombs):
# python-docx parses the XML parts whole, at several times their size in memory.
MAX_DOCX_UNPACKED = 200_000_000
# ... and so is a member above DOCX_RATIO_MIN_SIZE that packs more than
# MAX_DOCX_RATIO times smaller (Word XML packs about 5-20 times; a bomb 1000 times).
MAX_DOCX_RATIO = 200
DOCX_RATIO_MIN_SIZE = 10_000_000


def max_unpacked_bytes() -> int:
    return settings.get_int(settings.MAX_UNPACKED_MB, DEFAULT_MAX_UNPACKED_MB) * 1_000_000


def max_passages() -> int:
    return settings.get_int(settings.MAX_PASSAGES, DEFAULT_MAX_PASSAGES)


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


def check_zip_sizes(path: Path, archive: zipfile.ZipFile, label: str = ".docx") -> None:
    """Refuse an archive whose declared sizes look like a zip bomb, before anything is unpacked.

    The declared sizes are upper bounds that can be trusted: :mod:`zipfile` never
    returns more bytes for a member than its header declares.
    """
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    check_unpacked(path, sum(info.file_size for info in infos if info.filename.lower().endswith((".xml", ".rels"))))
    if unpacked > MAX_DOCX_UNPACKED:
        raise IngestError(
            path,
            f"the {label} would unpack to {unpacked // 1_000_000:,} MB "
            f"(more than {MAX_DOCX_UNPACKED // 1_000_000} MB); refused as a possible zip bomb",
            "ingest.zip_bomb",
        )
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > DOCX_RATIO_MIN_SIZE and info.file_size > MAX_DOCX_RATIO * packed:
            raise IngestError(
                path,
                f"{info.filename} would unpack to {info.file_size // 1_000_000:,} MB from "
                f"{packed // 1000:,} kB (it packs more than {MAX_DOCX_RATIO} times smaller than any real "
                f"document); refused as a possible zip bomb",
                "ingest.zip_bomb",
            )
