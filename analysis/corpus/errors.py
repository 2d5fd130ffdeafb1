"""Errors raised for input that cannot be ingested."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be turned into a source.

    ``str(err)`` is ``"<file name>: <reason>"`` in plain words, for example
    ``"interview3.docx: not a valid .docx file (the zip archive is damaged)"``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")

    def __reduce__(self) -> tuple[type[IngestError], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))


class ManifestError(IngestError):
    """A manifest (CSV or YAML list of files with their metadata) is invalid.

    The reason names the row or entry, e.g. ``"manifest.csv: row 4: unknown source kind 'x'"``.
    """
