"""Manifests: a CSV or YAML list of files with their metadata.

Columns/keys: ``file`` (relative to the manifest's folder), ``municipality``,
``study``, ``kind``, ``respondent_group``, ``date``, ``participant``; any other
column (``age_group``, ``wijk``, ...) ends up in ``metadata``. Dutch column
names are accepted too (``bestand``, ``gemeente``, ``onderzoek``, ``soort``,
``respondentgroep``, ``datum``, ``deelnemer``, ``leeftijdsgroep``). An ``interviewer``
column (or ``onderzoeker``, ``gespreksleider``) names who asked the questions; turns
with that label are the interviewer's (see :func:`analysis.corpus.speakers.speaker_role`).

YAML may be a list of mappings, a mapping with a ``files`` (or ``sources``)
list and optional ``defaults``, or a mapping from file name to its metadata.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.corpus.errors import IngestError, ManifestError
from analysis.corpus.readers import decode_text, read_bytes
from analysis.domain import RESPONDENT_GROUPS, SourceKind
from analysis.fold import fold

FIELDS = ("file", "municipality", "study", "kind", "respondent_group", "date", "participant")
_ALIASES = {
    "bestand": "file",
    "bestandsnaam": "file",
    "filename": "file",
    "file_name": "file",
    "path": "file",
    "pad": "file",
    "gemeente": "municipality",
    "onderzoek": "study",
    "studie": "study",
    "soort": "kind",
    "type": "kind",
    "brontype": "kind",
    "bron_type": "kind",
    "source_kind": "kind",
    "respondentgroep": "respondent_group",
    "groep": "respondent_group",
    "group": "respondent_group",
    "doelgroep": "respondent_group",
    "datum": "date",
    "deelnemer": "participant",
    "respondent": "participant",
    "leeftijd": "age_group",
    "leeftijdsgroep": "age_group",
    "leeftijdscategorie": "age_group",
    "interviewers": "interviewer",
    "interviewster": "interviewer",
    "onderzoeker": "interviewer",
    "gespreksleider": "interviewer",
    "buurt": "wijk",
    "district": "wijk",
    "neighbourhood": "wijk",
}
_MANIFEST_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".yaml": "yaml", ".yml": "yaml"}


@dataclass(slots=True)
class ManifestEntry:
    """Metadata for one file listed in a manifest."""

    file: Path
    municipality: str | None = None
    study: str | None = None
    kind: SourceKind | None = None
    respondent_group: str | None = None
    date: str | None = None
    participant: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    row: int = 0  # CSV line number, or 1-based position in the YAML list


def load_manifest(path: str | Path, *, check_files: bool = False) -> dict[str, ManifestEntry]:
    """Read a manifest; keys are the resolved paths (``str``) of the listed files.

    Raises :class:`ManifestError` naming the manifest, the row and the problem,
    e.g. ``"manifest.csv: row 4: unknown source kind 'foo'; expected one of: ..."``.
    With ``check_files=True`` every listed file must exist (useful to catch typos
    when importing a whole folder); by default entries for absent files are kept,
    because a manifest often describes more files than one upload holds.
    """
    path = Path(path)
    kind = _MANIFEST_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ManifestError(
            path, f"unsupported manifest type '{path.suffix}' (use .csv or .yaml)", "ingest.manifest_type",
            suffix=path.suffix,
        )
    data = read_bytes(path)
    try:
        text, _, _ = decode_text(data, path) if data else ("", "utf-8", [])
    except IngestError as exc:
        extra = {k: v for k, v in exc.params.items() if k not in ("file", "reason")}
        raise ManifestError(path, exc.reason, exc.key, **extra) from None
    if not text.strip():
        raise ManifestError(path, "the manifest is empty", "ingest.manifest_empty")
    rows = _csv_rows(path, text) if kind == "csv" else _yaml_rows(path, text)
    entries: dict[str, ManifestEntry] = {}
    seen_rows: dict[str, int] = {}
    for row, label, values in rows:
        entry = _entry(path, row, label, values, check_files)
        key = str(entry.file)
        if key in entries:
            raise ManifestError(
                path, f"{label} {row}: '{values.get('file')}' is listed twice (also {label} {seen_rows[key]})",
                "ingest.manifest_listed_twice", where=_waar(f"{label} {row}"), name=values.get("file"),
                other=_waar(f"{label} {seen_rows[key]}"),
            )
        entries[key] = entry
        seen_rows[key] = row
    if not entries:
        raise ManifestError(path, "the manifest lists no files", "ingest.manifest_empty")
    return entries


_SHAPE = "expected a list of entries, or a mapping with a 'files' list"


def _waar(where: str) -> str:
    """``where`` ("row 4", "entry 2", "line 3: ") in Dutch, for the Dutch texts of the errors."""
    where = where.rstrip(": ")
    for english, dutch in (("row ", "rij "), ("entry ", "item "), ("line ", "regel ")):
        where = where.replace(english, dutch)
    return where


def _norm_key(key: Any) -> str:
    k = str(key).strip().lstrip("\ufeff").lower()
    k = re.sub(r"[\s\-]+", "_", k)
    return _ALIASES.get(k, k)


def _csv_rows(path: Path, text: str) -> list[tuple[int, str, dict[str, Any]]]:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ManifestError(path, "the manifest is empty", "ingest.manifest_empty") from None
    except csv.Error as exc:
        raise ManifestError(
            path, f"row 1: not valid CSV ({exc})", "ingest.manifest_csv", where=_waar("row 1"), detail=exc
        ) from None
    columns = [_norm_key(h) for h in header]
    if "file" not in columns:
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
        raise ManifestError(path, f"row 1: no 'file' column (columns found: {found})", "ingest.manifest_no_file_column", found=found)
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        columns_text = ", ".join(map(repr, duplicates))
        raise ManifestError(
            path, f"row 1: column(s) {columns_text} appear more than once", "ingest.manifest_duplicate_columns",
            columns=columns_text,
        )
    out: list[tuple[int, str, dict[str, Any]]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ManifestError(
                path, f"row {reader.line_num}: not valid CSV ({exc})", "ingest.manifest_csv",
                where=_waar(f"row {reader.line_num}"), detail=exc,
            ) from None
        row = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise ManifestError(
                path, f"row {row}: {len(cells)} values but the header has {len(columns)} columns",
                "ingest.manifest_too_many_values", where=_waar(f"row {row}"), values=len(cells), columns=len(columns),
            )
        values = {col: cell.strip() for col, cell in zip(columns, cells) if col}
        out.append((row, "row", values))
    return out


def _yaml_rows(path: Path, text: str) -> list[tuple[int, str, dict[str, Any]]]:
    from ..yamlsafe import YamlError, load_yaml

    try:
        data = load_yaml(text, source=str(path))
    except YamlError as exc:
        where = f"line {exc.line}: " if exc.line is not None else ""
        at = f", {_waar(where)}" if where else ""
        if exc.refused:  # an alias bomb or absurd nesting
            raise ManifestError(
                path, f"{where}refused: {exc.problem}", "ingest.manifest_yaml_refused", at=at,
                problem=exc.problem,
            ) from None
        raise ManifestError(
            path, f"{where}not valid YAML ({exc.problem})", "ingest.manifest_yaml", at=at,
            problem=exc.params["problem_nl"],
        ) from None
    defaults: Mapping[str, Any] = {}
    items: Iterable[Any]
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        keys = {_norm_key(k): k for k in data}
        list_key = next((keys[k] for k in ("files", "sources", "bronnen", "bestanden") if k in keys), None)
        if list_key is not None:
            items = data[list_key]
            if not isinstance(items, list):
                raise ManifestError(path, f"'{list_key}' must be a list of entries", "ingest.manifest_not_list", field=list_key)
            default_key = next((keys[k] for k in ("defaults", "standaard") if k in keys), None)
            if default_key is not None:
                defaults = data[default_key] or {}
                if not isinstance(defaults, dict):
                    raise ManifestError(
                        path, f"'{default_key}' must be a mapping of keys to values", "ingest.manifest_defaults",
                        field=default_key,
                    )
        elif all(isinstance(v, dict) or v is None for v in data.values()):
            items = [{"file": name, **(attrs or {})} for name, attrs in data.items()]
        else:
            raise ManifestError(path, _SHAPE, "ingest.manifest_shape")
    else:
        raise ManifestError(path, _SHAPE, "ingest.manifest_shape")
    out: list[tuple[int, str, dict[str, Any]]] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict):
            raise ManifestError(
                path, f"entry {number}: expected a mapping of keys to values, got {type(item).__name__}",
                "ingest.manifest_entry", where=_waar(f"entry {number}"), type=type(item).__name__,
            )
        values = {_norm_key(k): v for k, v in defaults.items()}
        values.update({_norm_key(k): v for k, v in item.items()})
        for key, value in values.items():
            if not isinstance(value, _SCALARS):
                # also keeps YAML alias bombs ('billion laughs') from being expanded
                raise ManifestError(
                    path, f"entry {number}: '{key}' must be a single value, not a {type(value).__name__}",
                    "ingest.manifest_value", where=_waar(f"entry {number}"), field=key,
                )
        out.append((number, "entry", values))
    return out


_SCALARS = (str, int, float, bool, dt.date, dt.datetime, type(None))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _entry(manifest: Path, row: int, label: str, values: dict[str, Any], check_files: bool) -> ManifestEntry:
    where = f"{label} {row}"
    file_value = _text(values.get("file"))
    if file_value is None:
        raise ManifestError(manifest, f"{where}: the 'file' value is empty", "ingest.manifest_file_empty", where=_waar(where))
    file_path = Path(file_value).expanduser()
    if not file_path.is_absolute():
        file_path = manifest.parent / file_path
    file_path = file_path.resolve()
    if check_files and not file_path.is_file():
        folder = file_path.is_dir()
        problem = "is a folder, not a file" if folder else "does not exist"
        raise ManifestError(
            manifest, f"{where}: file '{file_value}' {problem} (looked for {file_path})",
            "ingest.manifest_file_folder" if folder else "ingest.manifest_file_missing",
            where=_waar(where), name=file_value,
        )
    kind: SourceKind | None = None
    kind_value = _text(values.get("kind"))
    if kind_value is not None:
        try:
            kind = SourceKind.parse(kind_value)
        except ValueError as exc:
            raise ManifestError(
                manifest, f"{where}: {exc}", "ingest.manifest_kind", where=_waar(where), kind=kind_value,
                choices=", ".join(k.value for k in SourceKind),
            ) from None
    metadata = {
        key: (_text(value) if isinstance(value, (dt.date, dt.datetime)) else value)
        for key, value in values.items()
        if key not in FIELDS and value is not None and (not isinstance(value, str) or value.strip())
    }
    return ManifestEntry(
        file=file_path,
        municipality=_text(values.get("municipality")),
        study=_text(values.get("study")),
        kind=kind,
        respondent_group=_respondent_group(_text(values.get("respondent_group"))),
        date=_date(manifest, where, values.get("date")),
        participant=_text(values.get("participant")),
        metadata=metadata,
        row=row,
    )


_GROUPS = {fold(g): g for g in RESPONDENT_GROUPS}


def _respondent_group(value: str | None) -> str | None:
    if value is None:
        return None
    return _GROUPS.get(fold(value), value.lower())


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")


def _date(manifest: Path, where: str, value: Any) -> str | None:
    """ISO date text: '2024-03-12', '12-03-2024' (day first), '2024-03' or '2024'."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        if m := _ISO.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _DUTCH.fullmatch(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := _MONTH.fullmatch(text):
            if not 1 <= int(m[2]) <= 12:
                raise ValueError("month out of range")
            return f"{int(m[1]):04d}-{int(m[2]):02d}"
        if _YEAR.fullmatch(text):
            return text
    except ValueError:
        raise ManifestError(
            manifest, f"{where}: date '{text}' is not a valid date", "ingest.manifest_date", where=_waar(where), date=text
        ) from None
    raise ManifestError(
        manifest, f"{where}: date '{text}' is not understood (use YYYY-MM-DD, DD-MM-YYYY, YYYY-MM or YYYY)",
        "ingest.manifest_date", where=_waar(where), date=text,
    )
