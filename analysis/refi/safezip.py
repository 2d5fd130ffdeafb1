"""Reading untrusted zip archives (.qdpx) without being blown up by them.

A zip bomb declares (or hides) an enormous uncompressed size. :class:`SafeZip`
refuses archives with absurd member counts, members whose declared size or
compression ratio is beyond :class:`ZipLimits`, and reads every member with a
hard cap, so a member that lies about its size is caught while reading.
Member names are looked up case-insensitively (``Sources/`` or ``sources/``,
``project.qde`` or ``Project.qde``) and with ``\\`` read as ``/``.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Self

from .errors import QdpxError

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Limits for reading an untrusted archive (sizes in bytes)."""

    max_members: int = 20_000
    max_member_size: int = 256 * _MB
    max_total_size: int = 1024 * _MB
    # A member larger than ``ratio_floor`` may not expand more than ``max_ratio`` times.
    max_ratio: float = 200.0
    ratio_floor: int = 16 * _MB


def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


class SafeZip:
    """A read-only view of a zip archive that enforces :class:`ZipLimits`."""

    def __init__(self, path: str | Path, limits: ZipLimits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise QdpxError(self.path, "file not found", "ingest.not_found") from None
        except IsADirectoryError:
            raise QdpxError(self.path, "is a folder, not a .qdpx file", "ingest.folder") from None
        except zipfile.BadZipFile:
            raise QdpxError(
                self.path, "not a .qdpx file (it is not a zip archive, or the archive is damaged)", "refi.not_qdpx"
            ) from None
        except (OSError, ValueError, EOFError, NotImplementedError, OverflowError) as exc:
            raise QdpxError(self.path, f"the archive cannot be read ({type(exc).__name__}: {exc})", "refi.unreadable") from None
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_members:
            self.close()
            raise QdpxError(
                self.path, f"refused: the archive holds {len(infos)} files (more than {self.limits.max_members})",
                "refi.too_many_files", count=len(infos), limit=self.limits.max_members,
            )
        total = 0
        self._by_lower: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.is_dir():
                continue
            self._check_declared(info)
            total += info.file_size
            self._by_lower.setdefault(_norm(info.filename).lower(), info)
        if total > self.limits.max_total_size:
            self.close()
            raise QdpxError(
                self.path,
                f"refused: the archive would unpack to {total // _MB} MB "
                f"(more than {self.limits.max_total_size // _MB} MB); it may be a zip bomb",
                "refi.zip_bomb",
            )

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        lim = self.limits
        if info.file_size > lim.max_member_size:
            self.close()
            raise QdpxError(
                self.path,
                f"refused: {info.filename} would unpack to {info.file_size // _MB} MB "
                f"(more than {lim.max_member_size // _MB} MB); it may be a zip bomb",
                "refi.zip_bomb",
            )
        if info.file_size > lim.ratio_floor and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            self.close()
            raise QdpxError(
                self.path,
                f"refused: {info.filename} expands {info.file_size / max(info.compress_size, 1):.0f} times "
                f"(more than {lim.max_ratio:.0f}); it looks like a zip bomb",
                "refi.zip_bomb",
            )

    # -- lookups -------------------------------------------------------------------
    def names(self) -> list[str]:
        """Member names as stored (folders left out)."""
        return [i.filename for i in self._by_lower.values()]

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member called ``name`` (case-insensitive, ``\\`` read as ``/``)."""
        return self._by_lower.get(_norm(name).lower())

    def find_suffix(self, suffix: str) -> list[zipfile.ZipInfo]:
        suffix = suffix.lower()
        return [i for key, i in self._by_lower.items() if key.endswith(suffix)]

    def find_source(self, name: str) -> zipfile.ZipInfo | None:
        """A source file: ``sources/<name>`` (any case), else ``<name>`` anywhere in the archive."""
        rel = _norm(name)
        for candidate in (f"sources/{rel}", rel):
            hit = self.find(candidate)
            if hit is not None:
                return hit
        base = PurePosixPath(rel).name.lower()
        matches = [i for key, i in self._by_lower.items() if PurePosixPath(key).name == base]
        in_sources = [i for i in matches if "sources" in PurePosixPath(_norm(i.filename).lower()).parts[:-1]]
        pick = in_sources or matches
        return pick[0] if pick else None

    # -- reading -------------------------------------------------------------------
    def read(self, info: zipfile.ZipInfo, *, cap: int | None = None) -> bytes:
        """The member's bytes, read with a hard cap (``cap`` or the member limit)."""
        cap = min(cap or self.limits.max_member_size, self.limits.max_member_size)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(1024 * 1024)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap or size > info.file_size:
                        raise QdpxError(
                            self.path,
                            f"refused: {info.filename} unpacks to more than "
                            f"{min(cap, info.file_size) // _MB or 1} MB; it may be a zip bomb",
                            "refi.zip_bomb",
                        )
                    chunks.append(chunk)
        except QdpxError:
            raise
        except RuntimeError as exc:  # encrypted members
            raise QdpxError(self.path, f"{info.filename} cannot be read ({exc})", "refi.member_unreadable", member=info.filename) from None
        except NotImplementedError as exc:
            raise QdpxError(self.path, f"{info.filename} uses an unsupported compression ({exc})", "refi.member_compression", member=info.filename) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, OverflowError) as exc:
            raise QdpxError(self.path, f"{info.filename} is damaged in the archive ({type(exc).__name__}: {exc})", "refi.member_damaged", member=info.filename) from None
        return b"".join(chunks)

    def close(self) -> None:
        zf = getattr(self, "_zip", None)
        if zf is not None:
            zf.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
