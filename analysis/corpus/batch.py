"""Import many files into a project: one transaction per file, a result per file.

A file that fails leaves nothing behind and does not stop the batch; a file
whose content is already in the project (same checksum) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import Participant, SourceKind
from ..errors import DuidingError
from ..store import DuplicateSource, Project, StoreError

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".pdf", ".vtt", ".srt")
MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")


@dataclass(slots=True)
class FileResult:
    """What happened to one file. ``status`` is a key (the UI and CLI word it); ``reason`` is English and
    ``error``, when the file failed or was skipped, the catalogue error to show in the reader's language."""

    path: Path
    status: str  # imported | duplicate | failed
    reason: str = ""
    source_id: int | None = None
    passages: int = 0
    error: DuidingError | None = None


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
    origin: dict[str, Path] = {}
    for m in manifests:
        try:
            part = load_manifest(m)
            entries.update(part)
            origin.update(dict.fromkeys(part, m))
        except (IngestError, ValueError, OSError) as exc:
            # A bad manifest stores nothing: importing the files without their metadata would leave
            # sources a rerun then skips as duplicates (no half-apply).
            refusal = {lang: manifest_rejected(m, exc, lang) for lang in ("nl", "en")}
            fr = FileResult(m, "failed", refusal["nl"], error=DuidingError("ingest.manifest_refused", **refusal))
            result.files.append(fr)
            if on_file:
                on_file(fr)
            return result
    for fr in _missing_rows(entries, origin):
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


# The manifest reader's reasons are English; the refusal is shown in Dutch, so the common phrases are
# translated here (row and column references stay as the reader wrote them).
_DUTCH_REASONS = (
    (re.compile(r"^.*?: (?=row \d|entry \d|line \d)"), ""),
    (re.compile(r"\brow (\d+)"), r"rij \1"),
    (re.compile(r"\bentry (\d+)"), r"item \1"),
    (re.compile(r"\bline (\d+)"), r"regel \1"),
    (re.compile(r"no 'file' column \(columns found: (.*)\)"), r"geen kolom 'file' of 'bestand' (gevonden kolommen: \1)"),
    (re.compile(r"(\d+) values but the header has (\d+) columns"), r"\1 waarden, maar de kopregel heeft \2 kolommen"),
    (re.compile(r"file not found \(.*\)$"), "bestand niet gevonden"),
    (re.compile(r"the manifest is empty"), "het manifest is leeg"),
    (re.compile(r"the manifest lists no files"), "het manifest noemt geen bestanden"),
    (re.compile(r"the 'file' value is empty"), "de waarde in kolom 'file' is leeg"),
    (re.compile(r"unknown source kind"), "onbekende bronsoort"),
    (re.compile(r"is listed twice \(also"), "staat er twee keer in (ook"),
    (re.compile(r"is not a valid date"), "is geen geldige datum"),
    (re.compile(r"is not understood"), "wordt niet begrepen"),
)


def manifest_rejected(manifest: Path, exc: BaseException, lang: str = "nl") -> str:
    """The one-line refusal of a bad manifest, naming its row and column (Dutch by default)."""
    from ..errors import DuidingError, display_name, render

    if isinstance(exc, DuidingError):
        reason = exc.message(lang)
        if lang == "nl":  # an English detail inside the Dutch frame: its row and phrases in Dutch too
            for pattern, repl in _DUTCH_REASONS[1:]:
                reason = pattern.sub(repl, reason)
    else:
        reason = getattr(exc, "reason", None) or str(exc)
        if lang == "nl":
            for pattern, repl in _DUTCH_REASONS:
                reason = pattern.sub(repl, reason)
    return render("harden.manifest_rejected", {"file": display_name(manifest), "reason": reason}, lang)


def _missing_rows(entries: dict[str, Any], origin: dict[str, Path]) -> list[FileResult]:
    """Manifest rows naming a file that does not exist: reported, not silently ignored."""
    from ..errors import display_name, render

    out = []
    for key, entry in entries.items():
        path = Path(key)
        if path.is_file():
            continue
        manifest = origin[key]
        where = f"rij {entry.row}" if manifest.suffix.lower() in (".csv", ".tsv") else f"item {entry.row}"
        text = render(
            "harden.manifest_missing_file",
            {"manifest": display_name(manifest), "where": where, "name": path.name},
            "nl",
        )
        out.append(FileResult(path, "failed", text))
    return out


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
            dup = DuplicateSource(path.name, existing.id, existing.name)
            return FileResult(path, "duplicate", _same_as(existing.id, existing.name), existing.id, error=dup)
        if transform is not None:
            try:
                source, passages = transform(source, passages)
            except Exception as exc:  # noqa: BLE001 - a plug-in step: its failure fails this file only
                return FileResult(path, "failed", f"{path.name}: pseudonymisation failed ({exc})")
        if transform is not None:  # the manifest's columns as the transform left them (pseudonymised)
            extra = {k: source.metadata.get(k, v) for k, v in extra.items()}
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
        warnings = (source.metadata.get("ingest") or {}).get("warnings") or []
        return FileResult(path, "imported", "; ".join(warnings), source_id, len(passages))
    except DuplicateSource as exc:
        return FileResult(path, "duplicate", _same_as(exc.existing_id, exc.existing_name), exc.existing_id, error=exc)
    except IngestError as exc:
        return FileResult(path, "failed", str(exc), error=exc)
    except StoreError as exc:
        return FileResult(path, "failed", f"{path.name}: {exc}", error=exc)
    except (ValueError, OSError) as exc:
        return FileResult(path, "failed", f"{path.name}: {exc}")


def _same_as(source_id: int, name: str) -> str:
    return f"same content as source {source_id} ({name})"
