"""Import many files into a project: one transaction per file, a result per file.

A file that fails leaves nothing behind and does not stop the batch; a file
whose content is already in the project (same checksum) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import Participant, SourceKind
from ..store import DuplicateSource, Project, StoreError

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".pdf", ".vtt", ".srt")
MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")


@dataclass(slots=True)
class FileResult:
    path: Path
    status: str  # imported | duplicate | failed
    reason: str = ""
    source_id: int | None = None
    passages: int = 0

    @property
    def label(self) -> str:
        return {"imported": "geïmporteerd", "duplicate": "overgeslagen (al aanwezig)", "failed": "mislukt"}[self.status]


@dataclass(slots=True)
class BatchResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def imported(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "imported"]

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def duplicates(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "duplicate"]

    @property
    def exit_code(self) -> int:
        """0 when everything went in (or was already there), 2 when some files failed, 1 when all did."""
        if not self.failed:
            return 0
        return 1 if len(self.failed) == len(self.files) else 2


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Files to import and manifests found, from files and folders (folders recursively)."""
    files: list[Path] = []
    manifests: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file():
                    if child.name.lower() in MANIFEST_NAMES:
                        manifests.append(child)
                    elif child.suffix.lower() in SUPPORTED_SUFFIXES and not child.name.startswith("."):
                        files.append(child)
        elif p.name.lower() in MANIFEST_NAMES:
            manifests.append(p)
        else:
            files.append(p)
    return files, manifests


def ingest_paths(
    project: Project,
    paths: Sequence[str | Path],
    *,
    manifest: str | Path | None = None,
    defaults: dict[str, Any] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    transform: Callable[[Any, list], tuple[Any, list]] | None = None,
) -> BatchResult:
    """Ingest files and folders into ``project``.

    ``defaults`` holds metadata for files the manifest does not describe (municipality,
    study, kind, respondent_group, date, participant). ``transform`` may rewrite a source
    and its passages before storage (pseudonymisation uses it).
    """
    from . import IngestError, load_manifest

    defaults = {k: v for k, v in (defaults or {}).items() if v not in (None, "")}
    files, found_manifests = expand_paths(paths)
    entries: dict[str, Any] = {}
    manifests = [Path(manifest)] if manifest else []
    manifests += [m for m in found_manifests if not manifest or m.resolve() != Path(manifest).resolve()]
    result = BatchResult()
    for m in manifests:
        try:
            entries.update(load_manifest(m))
        except (IngestError, ValueError, OSError) as exc:
            fr = FileResult(m, "failed", str(exc))
            result.files.append(fr)
            if on_file:
                on_file(fr)
    for path in files:
        entry = entries.get(str(path.resolve()))
        meta = dict(defaults)
        extra: dict[str, Any] = {}
        if entry is not None:
            for key in ("municipality", "study", "kind", "respondent_group", "date", "participant"):
                value = getattr(entry, key, None)
                if value not in (None, ""):
                    meta[key] = value
            extra = dict(getattr(entry, "metadata", {}) or {})
        fr = _ingest_one(project, path, meta, extra, transform)
        result.files.append(fr)
        if on_file:
            on_file(fr)
    return result


def _ingest_one(project: Project, path: Path, meta: dict, extra: dict, transform) -> FileResult:
    from . import IngestError, ingest_file

    try:
        kind = SourceKind.parse(meta.get("kind")) if meta.get("kind") else None
        source, passages = ingest_file(
            path,
            kind=kind,
            municipality=meta.get("municipality"),
            study=meta.get("study"),
            respondent_group=meta.get("respondent_group"),
            date=meta.get("date"),
            participant=meta.get("participant"),
        )
        source.metadata.update(extra)
        existing = project.find_source_by_checksum(source.checksum) if source.checksum else None
        if existing is not None:
            return FileResult(path, "duplicate", f"zelfde inhoud als bron {existing.id} ({existing.name})", existing.id)
        if transform is not None:
            try:
                source, passages = transform(source, passages)
            except Exception as exc:  # noqa: BLE001 - a plug-in step: its failure fails this file only
                return FileResult(path, "failed", f"{path.name}: pseudonymisation failed ({exc})")
        participant = None
        if source.participant:
            attrs = {k: v for k, v in extra.items() if k not in ("age_group", "wijk")}
            participant = Participant(
                label=source.participant,
                municipality=source.municipality,
                respondent_group=source.respondent_group,
                age_group=extra.get("age_group"),
                wijk=extra.get("wijk"),
                attributes=attrs,
            )
        source_id = project.add_source(source, passages, participant=participant)
        return FileResult(path, "imported", "", source_id, len(passages))
    except DuplicateSource as exc:
        return FileResult(path, "duplicate", str(exc), exc.existing_id)
    except IngestError as exc:
        return FileResult(path, "failed", str(exc))
    except (StoreError, ValueError, OSError) as exc:
        return FileResult(path, "failed", f"{path.name}: {exc}")
