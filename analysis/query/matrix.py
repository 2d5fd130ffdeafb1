"""Matrix coding queries: codes × the values of any attribute, every cell with its passages.

Rows are codes (the codable codes of a codebook, or a code's children), columns the values of one field
of :class:`~analysis.query.engine.QueryIndex` (municipality, respondent group, source kind, age group,
wijk, story classifications, any manifest column, or the coder). A cell holds the passages that carry the
row's code (or a code below it) and have the column's value; it counts passages, participants or sources.

* Row percentage: the cell's units as a share of the row's units (all values together).
* Column percentage: the cell's units as a share of *all* units with that value in scope, coded or not
  ("38 % of the mantelzorgers' passages are about toegang").

A passage with a list-valued attribute (a multiple-choice answer) counts under each of its values;
passages without a value count under :data:`MISSING`. ``scope`` (passage ids: a query result or a saved
set) limits the matrix to those passages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..domain import Codebook
from ..spreadsheet import csv_frame, no_formulas
from .engine import QueryIndex
from .language import CodeRef, QueryError

MISSING = "(geen waarde)"
COUNTS = ("passages", "participants", "sources")


@dataclass
class MatrixResult:
    """Cells as passage id lists; :meth:`table` turns them into counts or percentages."""

    codebook_id: str
    field: str
    rows: list[tuple[str, str]]  # (code id, code name)
    columns: list[str]
    cells: dict[tuple[str, str], list[int]]  # (code id, column) -> passage ids in document order
    column_units: dict[str, list[int]] = field(default_factory=dict)  # column -> all passages in scope
    index: QueryIndex | None = field(default=None, repr=False)
    _totals: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    def units(self, passage_ids: Iterable[int], count: str) -> int:
        if count not in COUNTS:
            raise QueryError("query.syntax", expected=" of ".join(COUNTS), found=repr(count))
        assert self.index is not None
        return len(self.index.unit_ids(passage_ids, count))

    def table(self, count: str = "passages", percent: str | None = None) -> pd.DataFrame:
        """Counts (``percent=None``), or ``"row"`` / ``"column"`` percentages (0-100, one decimal)."""
        data = []
        for code_id, _name in self.rows:
            counts = [self.units(self.cells.get((code_id, col), []), count) for col in self.columns]
            if percent == "row":
                total = self.units(
                    [p for col in self.columns for p in self.cells.get((code_id, col), [])], count
                )
                counts = [round(100 * c / total, 1) if total else 0.0 for c in counts]
            elif percent == "column":
                totals = [self._column_total(col, count) for col in self.columns]
                counts = [round(100 * c / n, 1) if n else 0.0 for c, n in zip(counts, totals)]
            data.append(counts)
        frame = pd.DataFrame(data, index=[name for _c, name in self.rows], columns=self.columns)
        frame.index.name = "Code"
        return frame

    def _column_total(self, column: str, count: str) -> int:
        key = (column, count)
        if key not in self._totals:
            self._totals[key] = self.units(self.column_units.get(column, []), count)
        return self._totals[key]

    def cell_passages(self, code_id: str, column: str) -> list[int]:
        return list(self.cells.get((code_id, column), []))

    def long_table(self) -> pd.DataFrame:
        """One row per (cell, passage): the second sheet of an export, with the passage's text."""
        assert self.index is not None
        rows: list[dict] = []
        wanted = [(code_id, name, col) for code_id, name in self.rows for col in self.columns]
        all_ids = sorted({p for c_id, _n, col in wanted for p in self.cells.get((c_id, col), [])})
        records = {r.id: r for r in self.index.records(all_ids)} if self.index.project is not None else {}
        for code_id, name, col in wanted:
            for pid in self.cells.get((code_id, col), []):
                rec = records.get(pid)
                rows.append(
                    {
                        "code": name,
                        self.field: col,
                        "passage_id": pid,
                        "source": rec.source_name if rec else "",
                        "speaker": (rec.speaker or "") if rec else "",
                        "ordinal": rec.ordinal if rec else None,
                        "text": rec.text if rec else "",
                    }
                )
        return pd.DataFrame(rows, columns=["code", self.field, "passage_id", "source", "speaker", "ordinal", "text"])


def matrix(
    index: QueryIndex,
    codebook_id: str,
    field_name: str,
    *,
    parent: str | None = None,
    codes: Sequence[str] | None = None,
    scope: Iterable[int] | None = None,
) -> MatrixResult:
    """Codes of ``codebook_id`` (all codable non-stance codes, the children of ``parent``, or ``codes``)
    × the values of ``field_name``."""
    if codebook_id not in index.codebooks:
        raise QueryError("query.unknown_code", code=codebook_id, hint="")
    cb: Codebook = index.codebooks[codebook_id]
    field_name = field_name.lower()
    if field_name not in index.fields():
        raise QueryError("query.syntax", expected="een veld: " + ", ".join(index.fields()), found=repr(field_name))
    if codes is not None:
        row_ids = list(codes)
    elif parent is not None:
        row_ids = [c.id for c in cb.codes if c.parent == parent]
    else:
        row_ids = [c.id for c in cb.codes if c.codable and (c.axis or "").lower() != "stance"]
    names = {c.id: c.name for c in cb.codes}
    in_scope = frozenset(scope) if scope is not None else index.all_ids
    ordered = index.in_document_order(in_scope) if scope is not None else index.order

    values_of = index.field_map(field_name)
    missing = () if field_name == "coder" else (MISSING,)  # an uncoded passage has no coder column

    def values(pid: int) -> tuple[str, ...]:
        return values_of.get(pid) or missing

    column_units: dict[str, list[int]] = {}
    for pid in ordered:
        for v in values(pid):
            column_units.setdefault(v, []).append(pid)
    cells: dict[tuple[str, str], list[int]] = {}
    for code_id in row_ids:
        if code_id not in names:
            raise QueryError("query.unknown_code", code=code_id, hint="")
        if field_name == "coder":  # a cell by coder: codings of that coder
            by_coder: dict[str, set[int]] = {}
            for key in index.resolve_code(CodeRef(code_id, codebook=codebook_id)):
                for coder, pids in index.coder_passages(key).items():
                    by_coder.setdefault(coder, set()).update(pids)
            for coder, pids in by_coder.items():
                cells[(code_id, coder)] = index.in_document_order(pids & in_scope)
            continue
        pids = index._eval(CodeRef(code_id, codebook=codebook_id), index.codings) & in_scope
        for pid in index.in_document_order(pids):
            for v in values(pid):
                cells.setdefault((code_id, v), []).append(pid)
    columns = sorted(column_units, key=lambda v: (v == MISSING, v.lower()))
    for code_id, col in cells:
        if col not in column_units:
            columns.append(col)
            column_units[col] = []
    return MatrixResult(
        codebook_id=codebook_id,
        field=field_name,
        rows=[(cid, names[cid]) for cid in row_ids],
        columns=columns,
        cells=cells,
        column_units=column_units,
        index=index,
    )


def export_matrix(result: MatrixResult, path: str, *, count: str = "passages", percent: str | None = None) -> None:
    """XLSX (sheet 'Matrix' and sheet 'Fragmenten' with the passages per cell) or CSV (the matrix only,
    and ``<name>.fragmenten.csv`` beside it)."""
    table = result.table(count, percent)
    long = result.long_table()
    if str(path).lower().endswith(".xlsx"):
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name="Matrix")
            long.to_excel(writer, sheet_name="Fragmenten", index=False)
            no_formulas(writer.book)  # a passage starting with '=' is text, never a formula
    else:
        csv_frame(table).to_csv(path)
        stem = str(path)[:-4] if str(path).lower().endswith(".csv") else str(path)
        csv_frame(long).to_csv(stem + ".fragmenten.csv", index=False)
