"""Spreadsheet safety at the export edge: text from transcripts is data, never a formula.

A passage such as ``=HYPERLINK("http://…","klik")`` or ``+31 6 …`` opened in Excel or LibreOffice from a CSV
would be evaluated as a formula (CSV/formula injection, OWASP). Exports meant to be opened by people
therefore write such text with a leading apostrophe in CSV (the spreadsheet convention for "this is text";
Excel hides it) and as a plain string cell in XLSX. Numbers stay numbers. Standard library only: used by the
reports, the query matrix, saved sets and the audit trail. Not by ``duiding export`` (jsonl/csv): that export is
machine-readable and its ``text`` must equal ``source[start:end]`` exactly, so it is written unchanged.
"""

from __future__ import annotations

from typing import Any

# The characters that make a spreadsheet read a cell as a formula (or, tab and CR, that shift it).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """``value`` for a CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame whose text cells, column labels and index labels are :func:`csv_text`."""
    out = frame.copy()
    for column in out.columns:
        if getattr(out[column].dtype, "kind", "O") not in "biufcmM":  # text (object or string dtype)
            out[column] = out[column].map(csv_text)
    out.columns = [csv_text(c) for c in out.columns]
    out.index = out.index.map(csv_text)
    return out


def no_formulas(workbook: Any) -> int:
    """Make every cell of an openpyxl workbook that would be written as a formula a plain string cell.

    openpyxl treats any text starting with ``=`` as a formula; Duiding's workbooks never contain one.
    Returns how many cells were changed."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed += 1
    return changed
