"""Helpers shared by the REFI-QDA tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from analysis.store import Project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "refi"


def zip_folder(folder: Path, dest: Path, *, exclude: tuple[str, ...] = ("extern",)) -> Path:
    """Zip a fixture folder into a .qdpx (files under ``exclude`` stay out of the archive)."""
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            rel = f.relative_to(folder)
            if f.is_file() and rel.parts[0] not in exclude:
                zf.write(f, rel.as_posix())
    return dest


def coded_texts(project: Project) -> list[tuple[str, str, str, str, bool]]:
    """(source name, code id, coder, coded text, whole passage?) for every coding, sorted."""
    out = []
    texts = {s.id: s for s in project.sources()}
    for c in project.codings():
        rec = project.get_passage(c.passage_id)
        src = texts[rec.source_id]
        whole = c.start is None
        out.append((src.name, c.code_id, c.coder, rec.text if whole else src.text[c.start : c.end], whole))
    return sorted(out)


def write_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None) -> Path:
    """A .qdpx from a project.qde string and extra members."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path
