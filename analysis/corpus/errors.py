"""Errors raised for input that cannot be ingested."""

from __future__ import annotations

from ..errors import FileError


class IngestError(FileError, Exception):
    """A file could not be turned into a source.

    ``str(err)`` is ``"<file name>: <reason>"`` in plain words, for example
    ``"interview3.docx: not a valid .docx file (the zip archive is damaged)"``; ``err.message("nl")`` is the
    Dutch text of its key (see :class:`analysis.errors.FileError`).
    """

    default_key = "ingest.failed"


class ManifestError(IngestError):
    """A manifest (CSV or YAML list of files with their metadata) is invalid.

    The reason names the row or entry, e.g. ``"manifest.csv: row 4: unknown source kind 'x'"``.
    """

    default_key = "ingest.manifest_invalid"
