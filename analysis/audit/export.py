"""Write the audit trail to CSV, JSON Lines or Excel for the onderzoeksdossier."""

from __future__ import annotations

import csv
import json
import os
from datetime import datetime
from pathlib import Path

from ..errors import display_name
from ..spreadsheet import csv_text, no_formulas
from ..store import Project, StoreError
from .trail import FIELDS, readable_rows

FORMATS = ("csv", "jsonl", "xlsx")
HEADERS = {
    "nr": "Nr",
    "wanneer": "Wanneer",
    "wie": "Wie",
    "actie": "Actie",
    "object": "Object",
    "object_id": "Object-id",
    "omschrijving": "Omschrijving",
    "voor": "Voor",
    "na": "Na",
}


class AuditExportError(StoreError):
    """The audit trail cannot be written (the message names the file and the problem)."""

    default_key = "audit.export_failed"


def export_audit(
    project: Project,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    entity: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Write the audit trail to ``path``; returns the number of rows written.

    ``format`` is csv, jsonl or xlsx (default: from the file's suffix). Every row says who
    did what when, a readable Dutch description of the change and the full before/after
    snapshots as JSON. CSV is UTF-8 with a byte-order mark so Excel reads accents right.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "").lower()
    if fmt not in FORMATS:
        raise AuditExportError("audit.unknown_format", path=path, file=display_name(path), fmt=fmt or "(none)")
    if not path.parent.exists():
        raise AuditExportError("audit.no_folder", path=path, file=display_name(path), folder=path.parent)
    rows = readable_rows(project, entity=entity, user=user, since=since, until=until)
    tmp = path.with_name(path.name + ".part")
    try:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([HEADERS[f] for f in FIELDS])
                for r in rows:
                    writer.writerow([csv_text(r[f]) for f in FIELDS])
        elif fmt == "jsonl":
            with open(tmp, "w", encoding="utf-8") as fh:
                for r in rows:
                    record = dict(r)
                    for key in ("voor", "na"):
                        record[key] = json.loads(r[key]) if r[key] else None
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _write_xlsx(tmp, rows)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AuditExportError("audit.write_failed", path=path, file=display_name(path), reason=exc.strerror or exc) from exc
    return len(rows)


def _write_xlsx(path: Path, rows: list[dict]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Audittrail"
    ws.append([HEADERS[f] for f in FIELDS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([_cell(r[f]) for f in FIELDS])
    widths = {
        "nr": 7,
        "wanneer": 26,
        "wie": 16,
        "actie": 20,
        "object": 14,
        "object_id": 12,
        "omschrijving": 70,
        "voor": 50,
        "na": 50,
    }
    for i, f in enumerate(FIELDS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths[f]
    no_formulas(wb)  # text starting with '=' is data here, never a formula
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column_letter in ("G", "H", "I"))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FIELDS))}{max(1, len(rows) + 1)}"
    wb.save(path)


def _cell(value):
    # Excel refuses cells longer than 32767 characters
    if isinstance(value, str) and len(value) > 32000:
        value = value[:32000] + " …"
    return value
