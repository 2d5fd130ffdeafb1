"""Errors raised while reading or writing REFI-QDA project files."""

from __future__ import annotations

from ..errors import FileError


class QdpxError(FileError, Exception):
    """A .qdpx file cannot be imported or exported.

    ``str(err)`` is ``"<file name>: <reason>"`` in plain words, for example
    ``"project.qdpx: not a REFI-QDA project (no project.qde in the archive)"``.
    Nothing has been written to the project when this is raised.
    """

    default_key = "refi.failed"
