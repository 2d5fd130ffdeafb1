"""Imports and exports the app offers without a command line: uploaded files in, bytes out.

Each function takes uploads as ``(file name, bytes)`` pairs, writes them to a private
temporary folder under their own base name (never a path from the browser), calls the
importer the CLI uses, and returns one :class:`UploadResult` per file: ``imported``,
``duplicate`` (already in the project, skipped) or ``failed`` with the error. A failing
file leaves nothing behind (each importer writes in one transaction) and does not stop
the others. ``on_file(done, total, name)`` is called after each file (for a progress bar).

No Streamlit here: the pages in ``views/`` render these results.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LANGUAGES, DuidingError, KeyedText, display_name

Upload = tuple[str, bytes]
FileCallback = Callable[[int, int, str], None]

IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"


class ExchangeError(DuidingError):
    """A file the app could not import or export (key ``nocli.*``)."""


@dataclass(slots=True)
class UploadResult:
    """What became of one uploaded file."""

    name: str
    status: str  # imported | duplicate | failed
    counts: dict[str, int] = field(default_factory=dict)  # what came in: sources, codings, stories, ...
    error: BaseException | None = None  # why it failed (render with analysis.errors.message)
    skipped_rows: list[int] = field(default_factory=list)  # story rows left out (skip_invalid)
    warnings: list[str] = field(default_factory=list)


def shown_name(name: str) -> str:
    """The name of an uploaded file as a person knows it: no folder part, whichever the browser sent."""
    return display_name((name or "").replace("\\", "/"))


def upload_name(name: str, used: set[str]) -> str:
    """The upload's base name (no folder part from the browser), unique within one batch."""
    base = shown_name(name) or "bestand"
    stem, suffix = Path(base).stem, Path(base).suffix
    candidate, n = base, 1
    while candidate.lower() in used:
        candidate = f"{stem}_{n}{suffix}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _write(folder: Path, name: str, data: bytes, used: set[str]) -> Path:
    path = folder / upload_name(name, used)
    path.write_bytes(data)
    return path


# -- REFI-QDA projects (.qdpx) ------------------------------------------------------------------------
def import_qdpx_uploads(
    project: Any,
    uploads: Sequence[Upload],
    *,
    on_file: FileCallback | None = None,
    **options: Any,
) -> list[UploadResult]:
    """Import REFI-QDA projects with :func:`analysis.refi.import_qdpx` and its defaults.

    ``options`` are passed on (``positions``, ``kind``, ``municipality``, ``study``); nothing
    else is chosen here, so the importer's own safety defaults (which source files it may
    read) apply unchanged.
    """
    from .refi import QdpxError, import_qdpx
    from .store import StoreError

    results: list[UploadResult] = []
    with tempfile.TemporaryDirectory(prefix="duiding-qdpx-") as tmp:
        used: set[str] = set()
        for i, (name, data) in enumerate(uploads, start=1):
            shown = shown_name(name)
            try:
                path = _write(Path(tmp), name, data, used)
                report = import_qdpx(path, project, **{k: v for k, v in options.items() if v is not None})
            except (QdpxError, StoreError, OSError, ValueError) as exc:
                reason = getattr(exc, "reason", None) or _clean(exc, Path(tmp))
                results.append(UploadResult(shown, FAILED, error=_failed("nocli.qdpx_failed", shown, reason, exc, tmp)))
            except Exception as exc:  # noqa: BLE001 - an importer bug fails this file, not the batch
                reason = f"{type(exc).__name__}: {_clean(exc, Path(tmp))}"
                results.append(
                    UploadResult(shown, FAILED, error=ExchangeError("nocli.qdpx_failed", file=shown, reason=reason))
                )
            else:
                counts = {
                    "sources": report.sources,
                    "existing": report.existing_sources,
                    "passages": report.passages,
                    "codes": report.codes,
                    "codings": report.codings,
                    "memos": report.memos,
                }
                nothing_new = report.sources == 0 and report.existing_sources > 0 and report.codings == 0
                results.append(
                    UploadResult(
                        shown,
                        DUPLICATE if nothing_new else IMPORTED,
                        counts=counts,
                        warnings=[_renamed(w, path.name, shown) for w in report.warnings],
                    )
                )
            if on_file is not None:
                on_file(i, len(uploads), shown)
    return results


def export_qdpx_bytes(project: Any, **options: Any) -> tuple[bytes, Any]:
    """The project as a REFI-QDA ``.qdpx`` (bytes) with :func:`analysis.refi.export_qdpx`, and its report."""
    from .refi import QdpxError, export_qdpx

    with tempfile.TemporaryDirectory(prefix="duiding-qdpx-") as tmp:
        path = Path(tmp) / "project.qdpx"
        try:
            report = export_qdpx(project, path, **options)
        except QdpxError as exc:
            raise ExchangeError("nocli.qdpx_export_failed", reason=exc.reason) from exc
        return path.read_bytes(), report


# -- story collections ------------------------------------------------------------------------------------
def _collections_entries(manifest: Upload, folder: Path) -> tuple[dict[str, dict[str, Any]], Any]:
    """The entries of an uploaded collections file (``collections.yaml``), by lower-case file name.

    Only names are taken from it, never paths: a served app must not read files beside the upload.
    """
    from .yamlsafe import YamlError, load_yaml

    shown = shown_name(manifest[0])
    try:
        data = load_yaml(manifest[1], source=shown)
    except (YamlError, ValueError) as exc:
        raise ExchangeError("nocli.stories_manifest_failed", file=shown, reason=_clean(exc, folder)) from None
    if not isinstance(data, Mapping) or not isinstance(data.get("collections"), list):
        raise ExchangeError("nocli.stories_manifest_failed", file=shown, reason="a 'collections' list is missing")
    entries: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(data["collections"], start=1):
        if not isinstance(entry, Mapping) or not entry.get("file"):
            raise ExchangeError("nocli.stories_manifest_failed", file=shown, reason=f"collection {i} names no 'file'")
        entries[shown_name(str(entry["file"])).lower()] = dict(entry)
    return entries, data.get("fictief")


def import_story_uploads(
    project: Any,
    uploads: Sequence[Upload],
    questions: Upload,
    mapping: Upload | None = None,
    *,
    collections: Upload | None = None,
    skip_invalid: bool = False,
    municipality: str | None = None,
    study: str | None = None,
    on_file: FileCallback | None = None,
) -> list[UploadResult]:
    """Import story files (CSV/XLSX) against one questions YAML and an optional mapping YAML.

    Each file becomes its own collection; its stories become sources in one transaction
    (:func:`analysis.stories.save_collection`), and a collection imported before is skipped.
    ``collections`` is an optional collections file in the format of
    :func:`analysis.stories.import_manifest`: per story file its id, name, gemeente, study and
    mapping (matched by file name). Without it, several files get their file name as id so
    they do not overwrite each other; ``municipality`` and ``study`` fill what is not given.
    """
    from .domain import slugify
    from .store import DuplicateSource, StoreError
    from .stories import StoryImportError, import_stories, save_collection
    from .stories.model import QuestionsError, load_questions

    results: list[UploadResult] = []
    with tempfile.TemporaryDirectory(prefix="duiding-stories-") as tmp:
        folder = Path(tmp)
        used: set[str] = set()
        q_path = _write(folder, questions[0], questions[1], used)
        m_path = _write(folder, mapping[0], mapping[1], used) if mapping is not None else None
        try:
            question_set = load_questions(q_path)
            entries, fictional = _collections_entries(collections, folder) if collections is not None else ({}, None)
        except ExchangeError as err:
            return [UploadResult(shown_name(name), FAILED, error=err) for name, _ in uploads]
        except (QuestionsError, StoryImportError, OSError, ValueError) as exc:
            err = ExchangeError(
                "nocli.stories_questions_failed", file=shown_name(questions[0]), reason=_clean(exc, folder)
            )
            return [UploadResult(shown_name(name), FAILED, error=err) for name, _ in uploads]
        several = len(uploads) > 1
        for i, (name, data) in enumerate(uploads, start=1):
            shown = shown_name(name)
            entry = entries.get(shown.lower(), {})
            try:
                wanted_mapping = entry.get("mapping")
                if wanted_mapping and (
                    mapping is None or shown_name(str(wanted_mapping)).lower() != shown_name(mapping[0]).lower()
                ):
                    raise ExchangeError(
                        "nocli.stories_mapping_missing", file=shown, mapping=shown_name(str(wanted_mapping))
                    )
                path = _write(folder, name, data, used)
                result = import_stories(
                    path,
                    question_set,
                    m_path,
                    skip_invalid,
                    collection_id=entry.get("id") or (slugify(Path(shown).stem) if several else None),
                    name=entry.get("name") or (Path(shown).stem if several else None),
                    municipality=entry.get("municipality") or municipality or None,
                    study=entry.get("study") or study or None,
                    fictional=entry.get("fictief", fictional),
                )
                if result.collection is None:
                    problems = [str(e).replace(str(path), shown) for e in result.errors]
                    dutch = [e.message("nl").replace(str(path), shown).replace(path.name, shown) for e in result.errors]
                    more = len(problems) - 5
                    reason = "; ".join(problems[:5]) + (f" (+{more})" if more > 0 else "")
                    reason_nl = "; ".join(dutch[:5]) + (f" (+{more})" if more > 0 else "")
                    results.append(
                        UploadResult(
                            shown,
                            FAILED,
                            error=ExchangeError(
                                "nocli.stories_invalid", file=shown, n=len(problems), reason=reason, reason_nl=reason_nl
                            ),
                        )
                    )
                else:
                    ids = save_collection(project, result.collection)
                    results.append(
                        UploadResult(
                            shown,
                            IMPORTED,
                            counts={"stories": len(ids), "collection": 1},
                            skipped_rows=list(result.skipped),
                            warnings=[_renamed(w, str(path), shown) for w in result.warnings],
                        )
                    )
            except DuplicateSource:
                results.append(UploadResult(shown, DUPLICATE))
            except ExchangeError as err:
                results.append(UploadResult(shown, FAILED, error=err))
            except (StoryImportError, QuestionsError, StoreError, OSError, ValueError) as exc:
                results.append(
                    UploadResult(
                        shown,
                        FAILED,
                        error=_failed("nocli.stories_failed", shown, _clean(exc, folder), exc, tmp),
                    )
                )
            except Exception as exc:  # noqa: BLE001 - a reader bug fails this file, not the batch
                reason = f"{type(exc).__name__}: {_clean(exc, folder)}"
                results.append(
                    UploadResult(shown, FAILED, error=ExchangeError("nocli.stories_failed", file=shown, reason=reason))
                )
            if on_file is not None:
                on_file(i, len(uploads), shown)
    return results


def _failed(key: str, shown: str, reason: str, exc: BaseException, folder: str) -> ExchangeError:
    """The error for a file that failed: its English ``reason``; in other languages the cause's own catalogue
    text (which names the file and says what to do) when it has one, so no English reaches the Dutch page."""
    if not isinstance(exc, DuidingError):
        return ExchangeError(key, file=shown, reason=reason)
    texts = {}
    for lang in LANGUAGES:
        text = exc.message(lang).replace(str(folder) + "/", "").replace(str(folder), "")
        upload = getattr(exc, "path", None)
        if upload is not None and Path(upload).name != shown:  # a renamed upload (two files with one name)
            text = text.replace(Path(upload).name, shown)
        texts[lang] = text if shown in text else f"{shown}: {text}"
    return ExchangeError(f"{key}_keyed", file=shown, reason=reason, **{f"reason_{k}": v for k, v in texts.items()})


def _renamed(text: str, old: str, new: str) -> str:
    """``text`` with the upload's name ``old`` as the reader called it (``new``); a keyed warning stays keyed."""
    if isinstance(text, KeyedText):
        return KeyedText(str(text).replace(old, new), text.key, text.prefix.replace(old, new), **text.params)
    return text.replace(old, new)


def _clean(exc: BaseException, folder: Path) -> str:
    """An error's text without the temporary folder the upload was written to."""
    return str(exc).replace(str(folder) + "/", "").replace(str(folder), "")


def summary_counts(results: Sequence[UploadResult]) -> Mapping[str, int]:
    """How many files were imported, skipped and failed."""
    out = {IMPORTED: 0, DUPLICATE: 0, FAILED: 0}
    for r in results:
        out[r.status] = out.get(r.status, 0) + 1
    return out
