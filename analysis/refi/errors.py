"""Errors raised while reading or writing REFI-QDA project files."""

from __future__ import annotations

from pathlib import Path


class QdpxError(Exception):
    """A .qdpx file cannot be imported or exported.

    ``str(err)`` is ``"<file name>: <reason>"`` in plain words, for example
    ``"project.qdpx: not a REFI-QDA project (no project.qde in the archive)"``.
    Nothing has been written to the project when this is raised.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")

    def __reduce__(self) -> tuple[type[QdpxError], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))
