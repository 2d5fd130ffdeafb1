"""Import story collections from CSV or XLSX, validate them, turn them into sources.

Default layout (one row per story, first row = column names):

* ``id`` (optional): the story id; default the zero-padded story number (``001``).
* ``title`` (optional; default the first words of the story) and ``story`` (required).
* triad ``q``: ``q_1``, ``q_2``, ``q_3`` weights of corner 1-3, as fractions (sum 1) or
  percentages (sum 100), or ``q_x``, ``q_y`` cartesian coordinates in the canonical
  triangle (side 1; corner 1 top, 2 bottom-left, 3 bottom-right; see
  :mod:`analysis.stories.model`), or the same coordinates in percent of the side.
* slider/dyad ``q``: ``q`` as 0-1 or 0-100 (a column with values above 1 and no
  fractions between 0 and 1 is read as 0-100; a column mixing both is an error);
  ``35%`` is always a percentage. Decimal commas (``0,35``) are accepted.
* stones ``q``: ``q_<item>_x`` and ``q_<item>_y`` per stone (0-1 or 0-100).
* single/classification ``q``: ``q`` with an option label (case-insensitive);
  multiple ``q``: labels separated by ``;``.
* text ``q``: ``q``.
* ``na``, ``n.v.t.``, ``nvt``, ``niet van toepassing``, ``n/a`` or an empty cell:
  not applicable. A triad or stone must be fully filled or fully empty.

Other layouts (Sprockler or SenseMaker exports) are described by a mapping YAML::

    sheet: Verhalen              # xlsx: sheet name or 0-based index (default: first sheet)
    delimiter: ";"               # csv (default: sniffed from , ; and tab)
    header_row: 1                # 1-based row with the column names
    id: Respondent               # column renames for id, title and story
    title: Titel
    story: Uw verhaal
    na_values: ["weet ik niet"]  # extra tokens meaning 'niet van toepassing'
    questions:
      hoofdrol:                  # triad as three weight columns (percentages or fractions)
        columns: ["Rol - Ik zelf", "Rol - Mijn omgeving", "Rol - Voormekaar"]
      opbrengst:                 # triad as x/y
        x: "Opbrengst X"
        y: "Opbrengst Y"
        scale: 100               # x/y in percent of the side (default: detected)
        corners_xy: [[50, 0], [0, 86.6], [100, 86.6]]  # corner 1, 2, 3 in the export's own
                                                       # coordinates (here: y pointing down)
      duur:
        column: "Hoe lang (0-100)"
        scale: 100               # 1 or 100 (default: detected per column)
        reverse: true            # the export's poles are in the opposite order
      leeftijd:
        column: Leeftijd
        values: {"70 jaar of ouder": "70+"}   # recode export labels to option labels
        separator: "|"           # multiple choice separator (default ';')
      stenen:
        items: {wonen: {x: "Wonen X", y: "Wonen Y"}}

Rows are numbered as a spreadsheet shows them (the header is row 1). Every problem
is reported with file, row, column and what is wrong. When any row is invalid,
nothing is imported unless ``skip_invalid=True``: then the valid rows are kept and
the numbers of the skipped rows are returned.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.domain import Participant, Passage, Source, SourceKind, slugify
from analysis.stories.model import (
    NOT_APPLICABLE,
    TRIAD_CORNERS,
    ChoiceQuestion,
    Question,
    QuestionSet,
    SliderQuestion,
    Stone,
    StonesQuestion,
    Story,
    StoryCollection,
    TextQuestion,
    TriadPoint,
    TriadQuestion,
    cartesian_to_barycentric,
    flatten_answers,
    load_questions,
    parse_questions,
)
from analysis.yamlsafe import YamlError, load_yaml

from ..errors import DuidingError, KeyedText, display_name, localise

NA_TOKENS = frozenset({"", "na", "n.a.", "n/a", "nvt", "n.v.t.", "niet van toepassing", "nan", "none", "-"})


class StoryImportError(DuidingError, ValueError):
    """A story file cannot be read at all (missing, wrong type, bad mapping)."""

    default_key = "stories.import_failed"


@dataclass(slots=True)
class ImportIssue:
    """One validation problem: file, spreadsheet row (header = 1), column, problem."""

    file: str
    row: int | None
    column: str | None
    problem: str

    def __str__(self) -> str:
        return self._located(self.file, "row", "column {!r}") + f": {self.problem}"

    def message(self, lang: str = "nl") -> str:
        """The problem in ``lang``: the file's name (no folder), row and column, then the problem's own text."""
        if lang == "en":
            return str(self)
        return self._located(display_name(self.file), "rij", "kolom '{}'") + f": {localise(self.problem, lang)}"

    def _located(self, file: str, row: str, column: str) -> str:
        parts = [file]
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column:
            parts.append(column.format(self.column))
        return ", ".join(parts)


@dataclass(slots=True)
class ImportResult:
    """``collection`` is None when the file was invalid and ``skip_invalid`` was False."""

    collection: StoryCollection | None
    errors: list[ImportIssue] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.collection is not None and not self.errors

    def raise_for_errors(self) -> StoryCollection:
        """The collection, or a :class:`StoryImportError` listing every problem."""
        if self.collection is None:
            lines = "\n".join(f"  - {e}" for e in self.errors) or "  - (no details)"
            lines_nl = "\n".join(f"  - {e.message('nl')}" for e in self.errors) or "  - (geen details)"
            raise StoryImportError("stories.import_problems", n=len(self.errors), lines=lines, lines_nl=lines_nl)
        return self.collection


# --------------------------------------------------------------------------- reading


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(",;\t", key=first.count)


# Python's csv module refuses fields longer than 128 KB by default; a story can be
# longer. The limit is process-wide, so it is only ever raised, never lowered.
CSV_FIELD_LIMIT = 50 * 1024 * 1024
# An .xlsx whose members declare more than this unpacked is refused (zip bombs);
# so is a large member that compresses better than XLSX_MAX_RATIO : 1.
XLSX_MAX_UNPACKED = 200_000_000
XLSX_MAX_RATIO = 200
XLSX_RATIO_MIN_SIZE = 10_000_000


def _read_csv(path: Path, delimiter: str | None) -> list[list[Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoryImportError(
            "stories.unreadable", file=display_name(path), detail=exc.strerror or exc
        ).english(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise StoryImportError("stories.not_text", file=display_name(path)).english(
            f"{path}: cannot decode the file as UTF-8 or Windows-1252"
        )
    delim = delimiter or _sniff_delimiter(text[:8192])
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for record in reader:
            rows.append(list(record))
    except csv.Error as exc:
        raise StoryImportError(
            "stories.csv_invalid", file=display_name(path), row=len(rows) + 1, line=reader.line_num
        ).english(f"{path}: row {len(rows) + 1} (line {reader.line_num}): not readable as CSV ({exc})") from None
    return rows


def _xlsx_size_problem(archive: zipfile.ZipFile) -> str | None:
    """Why the archive's declared sizes look like a zip bomb, else None.

    The declared sizes can be trusted as upper bounds: :mod:`zipfile` never
    returns more bytes for a member than its header declares.
    """
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_UNPACKED:
        return (
            f"the workbook would unpack to {total // 1_000_000:,} MB "
            f"(more than {XLSX_MAX_UNPACKED // 1_000_000} MB); refused as a possible zip bomb"
        )
    for info in infos:
        if info.file_size > XLSX_RATIO_MIN_SIZE and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
            return (
                f"{info.filename} would unpack to {info.file_size // 1_000_000:,} MB from "
                f"{max(info.compress_size, 1) // 1000:,} kB (it packs more than {XLSX_MAX_RATIO} times smaller "
                f"than any real workbook); refused as a possible zip bomb"
            )
    return None


def _read_xlsx(path: Path, sheet: str | int | None) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            problem = _xlsx_size_problem(archive)
    except Exception as exc:  # noqa: BLE001 - BadZipFile, OSError, EOFError, ...: not a workbook
        raise StoryImportError("stories.not_xlsx", file=display_name(path)).english(
            f"{path}: not a readable XLSX workbook ({_describe(exc)})"
        ) from None
    if problem:
        raise StoryImportError(
            "stories.too_large", file=display_name(path), detail=problem
        ).english(f"{path}: {problem}")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl, zipfile, zlib and lxml raise many types for damaged files
        raise StoryImportError("stories.not_xlsx", file=display_name(path)).english(
            f"{path}: not a readable XLSX workbook ({_describe(exc)})"
        ) from None
    try:
        try:
            if sheet is None:
                ws = wb.worksheets[0]
            elif isinstance(sheet, int):
                ws = wb.worksheets[sheet]
            else:
                ws = wb[sheet]
        except (IndexError, KeyError):
            names = ", ".join(wb.sheetnames)
            raise StoryImportError(
                "stories.no_sheet", file=display_name(path), sheet=sheet, sheets=names
            ).english(f"{path}: no sheet {sheet!r} (sheets: {names})") from None
        rows: list[list[Any]] = []
        try:
            for r in ws.iter_rows(values_only=True):
                rows.append(list(r))
        except Exception as exc:  # noqa: BLE001 - the sheet is read lazily: a damaged sheet fails here
            raise StoryImportError(
                "stories.sheet_damaged", file=display_name(path), sheet=ws.title, row=len(rows) + 1
            ).english(
                f"{path}: the sheet {ws.title!r} cannot be read: it is damaged at row {len(rows) + 1} "
                f"({_describe(exc)})"
            ) from None
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001, S110 - closing a damaged archive must not hide the real error
            pass
    return rows


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or "no details"
    if len(message) > 160:
        message = message[:157] + "..."
    return f"{type(exc).__name__}: {message}"


def read_table(path: str | Path, *, sheet: str | int | None = None, delimiter: str | None = None) -> list[list[Any]]:
    """All rows of a CSV or XLSX file as lists of cell values (row 0 = spreadsheet row 1)."""
    p = Path(path)
    if not p.is_file():
        raise StoryImportError("stories.not_found", file=display_name(p)).english(f"{p}: story file not found")
    suffix = p.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(p, "\t" if suffix == ".tsv" and delimiter is None else delimiter)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, sheet)
    raise StoryImportError("stories.unsupported", file=display_name(p), suffix=suffix).english(
        f"{p}: unsupported file type {suffix!r}; use .csv or .xlsx"
    )


# --------------------------------------------------------------------------- mapping


@dataclass(slots=True)
class _Spec:
    """Where one question lives in the table and how to read it."""

    question: Question
    columns: list[str] = field(default_factory=list)  # triad weights / slider / choice / text
    x: str | None = None
    y: str | None = None
    scale: float | None = None
    corners_xy: list[tuple[float, float]] | None = None
    reverse: bool = False
    values: dict[str, str] = field(default_factory=dict)
    separator: str = ";"
    items: dict[str, tuple[str, str]] = field(default_factory=dict)  # stones item -> (x col, y col)


def load_mapping(mapping: str | Path | Mapping[str, Any] | None) -> dict[str, Any]:
    if mapping is None:
        return {}
    if isinstance(mapping, Mapping):
        return dict(mapping)
    p = Path(mapping)
    try:
        data = load_yaml(p.read_text(encoding="utf-8"), source=str(p)) or {}
    except FileNotFoundError:
        raise StoryImportError(
            "stories.mapping_not_found", file=display_name(p)
        ).english(f"{p}: mapping file not found") from None
    except UnicodeDecodeError as exc:
        raise StoryImportError(
            "stories.mapping_not_utf8", file=display_name(p)
        ).english(f"{p}: the mapping is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except YamlError as exc:
        raise StoryImportError(
            "stories.mapping_yaml", file=display_name(p), reason=exc.reason, problem=exc.message("nl")
        ).english(f"{p}: mapping: {exc.reason}") from None
    if not isinstance(data, Mapping):
        raise StoryImportError(
            "stories.mapping_shape", file=display_name(p)
        ).english(f"{p}: a mapping file must be a YAML mapping")
    return dict(data)


def _specs(questions: Sequence[Question], mapping: Mapping[str, Any], where: str) -> list[_Spec]:
    per_q = mapping.get("questions") or {}
    if not isinstance(per_q, Mapping):
        raise StoryImportError(
            "stories.mapping_questions_shape", file=display_name(where)
        ).english(f"{where}: 'questions' in the mapping must be a mapping")
    known = {q.id for q in questions}
    for qid in per_q:
        if qid not in known:
            raise StoryImportError(
                "stories.mapping_unknown_question", file=display_name(where), question=qid
            ).english(f"{where}: mapping names unknown question {qid!r}")
    specs = []
    for q in questions:
        m = per_q.get(q.id) or {}
        if not isinstance(m, Mapping):
            raise StoryImportError(
                "stories.mapping_question_shape", file=display_name(where), question=q.id
            ).english(f"{where}: mapping for question {q.id!r} must be a mapping")
        spec = _Spec(q)
        spec.scale = float(m["scale"]) if m.get("scale") is not None else None
        spec.reverse = bool(m.get("reverse", False))
        spec.separator = str(m.get("separator", ";"))
        spec.values = {" ".join(str(k).split()).casefold(): str(v) for k, v in (m.get("values") or {}).items()}
        if isinstance(q, TriadQuestion):
            if "x" in m or "y" in m:
                spec.x, spec.y = str(m.get("x", "")), str(m.get("y", ""))
                corners = m.get("corners_xy")
                if corners is not None:
                    if not (isinstance(corners, list) and len(corners) == 3 and all(len(c) == 2 for c in corners)):
                        raise StoryImportError(
                            "stories.mapping_corners", file=display_name(where), question=q.id
                        ).english(f"{where}: corners_xy of {q.id!r} must be three [x, y] pairs")
                    spec.corners_xy = [(float(c[0]), float(c[1])) for c in corners]
            elif "columns" in m:
                cols = m["columns"]
                if not (isinstance(cols, list) and len(cols) == 3):
                    raise StoryImportError(
                        "stories.mapping_triad_columns", file=display_name(where), question=q.id
                    ).english(f"{where}: triad {q.id!r} needs three 'columns'")
                spec.columns = [str(c) for c in cols]
            else:
                spec.columns = q.columns()
        elif isinstance(q, StonesQuestion):
            items = m.get("items") or {}
            for iid in q.item_ids():
                cols = items.get(iid) or {}
                spec.items[iid] = (str(cols.get("x", f"{q.id}_{iid}_x")), str(cols.get("y", f"{q.id}_{iid}_y")))
        else:
            spec.columns = [str(m.get("column", q.id))]
        specs.append(spec)
    return specs


# --------------------------------------------------------------------------- cell parsing


class _CellError(ValueError):
    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column = column
        self.problem = problem


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NUM_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _number(value: Any, column: str) -> tuple[float, bool]:
    """(number, explicit_percent). Accepts decimal commas and a trailing '%'."""
    if isinstance(value, bool):
        raise _CellError(column, KeyedText(f"expected a number, got {value!r}", "stories.cell_not_number", value=value))
    if isinstance(value, (int, float)):
        if not math.isfinite(float(value)):
            raise _CellError(column, KeyedText(f"expected a number, got {value!r}", "stories.cell_not_number", value=value))
        return float(value), False
    s = _text(value).replace(" ", "")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if not _NUM_RE.match(s):
        raise _CellError(
            column, KeyedText(f"expected a number, got {_text(value)!r}", "stories.cell_not_number", value=_text(value))
        )
    return float(s.replace(",", ".")), percent


class _Row:
    def __init__(self, cells: Sequence[Any], index: dict[str, int], na: frozenset[str]) -> None:
        self.cells = cells
        self.index = index
        self.na = na

    def raw(self, column: str) -> Any:
        i = self.index[column]
        return self.cells[i] if i < len(self.cells) else None

    def is_na(self, column: str) -> bool:
        return _text(self.raw(column)).casefold() in self.na


def _scale_of(spec_scale: float | None, detected: float | None) -> float:
    if spec_scale is not None:
        return spec_scale
    return detected if detected is not None else 1.0


def _parse_triad(spec: _Spec, row: _Row, tol: float, detected_scale: float | None) -> Any:
    q = spec.question
    cols = [spec.x, spec.y] if spec.x is not None else spec.columns
    empties = [row.is_na(c) for c in cols]  # type: ignore[arg-type]
    if all(empties):
        return NOT_APPLICABLE
    if any(empties):
        missing = cols[empties.index(True)]
        raise _CellError(str(missing), KeyedText(
            f"triad {q.id!r} is only partly filled in (fill all or none)", "stories.cell_triad_partly", question=q.id
        ))
    if spec.x is not None and spec.y is not None:
        (x, px), (y, py) = _number(row.raw(spec.x), spec.x), _number(row.raw(spec.y), spec.y)
        if spec.corners_xy is not None:
            corners: Sequence[Sequence[float]] = spec.corners_xy
        else:
            scale = 100.0 if (px or py) else _scale_of(spec.scale, detected_scale)
            x, y, corners = x / scale, y / scale, TRIAD_CORNERS
        w = cartesian_to_barycentric(x, y, corners)
        if min(w) < -tol:
            raise _CellError(f"{spec.x}, {spec.y}", KeyedText(
                f"point ({x:g}, {y:g}) lies outside the triad triangle", "stories.cell_triad_outside", x=f"{x:g}",
                y=f"{y:g}",
            ))
        return TriadPoint.normalised(w)
    values = []
    for c in spec.columns:
        v, pct = _number(row.raw(c), c)
        if v < 0:
            raise _CellError(c, KeyedText(f"triad weight {v:g} is negative", "stories.cell_triad_negative", value=f"{v:g}"))
        values.append(v / 100.0 if pct else v)
    total = sum(values)
    if abs(total - 1.0) <= tol:
        return TriadPoint.normalised(values)
    if abs(total - 100.0) <= tol * 100.0:
        return TriadPoint.normalised([v / 100.0 for v in values])
    shown = " + ".join(f"{v:g}" for v in values)
    raise _CellError(
        ", ".join(spec.columns),
        KeyedText(
            f"triad weights {shown} = {total:g} do not sum to 1 (or 100 for percentages) within {tol:g}",
            "stories.cell_triad_sum", shown=shown, total=f"{total:g}", tol=f"{tol:g}",
        ),
    )


_WHAT_NL = {"slider": "schuif", "stone x": "steen x", "stone y": "steen y"}


def _parse_unit(value: Any, column: str, scale: float, what: str) -> float:
    v, pct = _number(value, column)
    if pct:
        scale = 100.0
    if not (0.0 <= v <= scale):
        hint = (
            " (the column mixes 0-1 fractions and 0-100 values; set 'scale' in a mapping)"
            if scale == 1.0 and v <= 100
            else ""
        )
        raise _CellError(column, KeyedText(
            f"{what} value {v:g} is outside the range 0-{scale:g}{hint}",
            "stories.cell_out_of_range_mixed" if hint else "stories.cell_out_of_range", what=what,
            what_nl=_WHAT_NL.get(what, what), value=f"{v:g}", scale=f"{scale:g}",
        ))
    return v / scale


def _parse_choice(spec: _Spec, row: _Row) -> Any:
    q = spec.question
    assert isinstance(q, ChoiceQuestion)
    col = spec.columns[0]
    if row.is_na(col):
        return NOT_APPLICABLE
    raw = _text(row.raw(col))
    parts = [p.strip() for p in raw.split(spec.separator)] if q.multiple else [raw]
    chosen: list[str] = []
    for part in parts:
        if not part:
            continue
        key = " ".join(part.split()).casefold()
        label = spec.values.get(key, part)
        option = q.match(label)
        if option is None:
            expected = ", ".join(repr(o) for o in q.options)
            raise _CellError(col, KeyedText(
                f"unknown choice {part!r} for {q.id!r}; expected one of: {expected}", "stories.cell_unknown_choice",
                value=part, question=q.id, expected=expected,
            ))
        if option not in chosen:
            chosen.append(option)
    if not chosen:
        return NOT_APPLICABLE
    return tuple(chosen) if q.multiple else chosen[0]


def _parse_answer(spec: _Spec, row: _Row, tol: float, scales: dict[str, float]) -> Any:
    q = spec.question
    if isinstance(q, TriadQuestion):
        return _parse_triad(spec, row, tol, scales.get(q.id))
    if isinstance(q, SliderQuestion):
        col = spec.columns[0]
        if row.is_na(col):
            return NOT_APPLICABLE
        v = _parse_unit(row.raw(col), col, _scale_of(spec.scale, scales.get(q.id)), "slider")
        return 1.0 - v if spec.reverse else v
    if isinstance(q, StonesQuestion):
        stones = []
        scale = _scale_of(spec.scale, scales.get(q.id))
        for iid, (cx, cy) in spec.items.items():
            ex, ey = row.is_na(cx), row.is_na(cy)
            if ex and ey:
                continue
            if ex != ey:
                raise _CellError(cx if ex else cy, KeyedText(
                    f"stone {iid!r} of {q.id!r} has only one coordinate", "stories.cell_stone_one_coordinate",
                    stone=iid, question=q.id,
                ))
            x = _parse_unit(row.raw(cx), cx, scale, "stone x")
            y = _parse_unit(row.raw(cy), cy, scale, "stone y")
            stones.append(Stone(iid, x, y))
        return tuple(stones) if stones else NOT_APPLICABLE
    if isinstance(q, ChoiceQuestion):
        return _parse_choice(spec, row)
    if isinstance(q, TextQuestion):
        col = spec.columns[0]
        return NOT_APPLICABLE if row.is_na(col) else _text(row.raw(col))
    raise AssertionError(f"unhandled question type {type(q).__name__}")  # pragma: no cover


def _detect_scales(specs: list[_Spec], rows: list[_Row]) -> dict[str, float]:
    """Per question: the scale (1 or 100) of its numeric columns when no mapping says so.

    All values <= 1: 0-1. Some value > 1 and none strictly between 0 and 1: 0-100.
    A column that mixes fractions and values above 1 is ambiguous: it is read as
    0-1, so the values above 1 are reported as out of range.
    """
    out: dict[str, float] = {}
    for spec in specs:
        q = spec.question
        if isinstance(q, TriadQuestion) and spec.x is not None:
            cols = [spec.x, spec.y]
        elif isinstance(q, SliderQuestion):
            cols = spec.columns
        elif isinstance(q, StonesQuestion):
            cols = [c for pair in spec.items.values() for c in pair]
        else:
            continue
        values = []
        for r in rows:
            for c in cols:
                if c is None or c not in r.index or r.is_na(c):
                    continue
                try:
                    v, pct = _number(r.raw(c), c)
                except _CellError:
                    continue
                if not pct:
                    values.append(v)
        above = any(v > 1.0 + 1e-9 for v in values)
        fractions = any(0.0 < v < 1.0 for v in values)
        out[q.id] = 100.0 if above and not fractions else 1.0
    return out


# --------------------------------------------------------------------------- import


def _short_title(text: str, words: int = 8) -> str:
    tokens = text.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")


def import_stories(
    path: str | Path,
    questions_yaml: str | Path | QuestionSet,
    mapping: str | Path | Mapping[str, Any] | None = None,
    skip_invalid: bool = False,
    *,
    collection_id: str | None = None,
    name: str | None = None,
    municipality: str | None = None,
    study: str | None = None,
    fictional: bool | None = None,
    weight_tolerance: float = 0.02,
) -> ImportResult:
    """Read a story file (CSV/XLSX) against a questions YAML; validate every cell.

    Collection metadata comes from the keyword arguments, else from the
    ``collection:`` section of the questions YAML, else from the file name.
    ``weight_tolerance`` is how far triad weights may sum from 1 (as a fraction).
    """
    p = Path(path)
    qs = questions_yaml if isinstance(questions_yaml, QuestionSet) else load_questions(questions_yaml)
    m = load_mapping(mapping)
    where = str(mapping) if isinstance(mapping, (str, Path)) else str(p)
    table = read_table(p, sheet=m.get("sheet"), delimiter=m.get("delimiter"))
    header_row = int(m.get("header_row", 1))
    fname = str(p)
    errors: list[ImportIssue] = []
    warnings: list[str] = []
    if len(table) < header_row:
        errors.append(ImportIssue(fname, header_row, None, KeyedText("the file has no header row", "stories.no_header")))
        return ImportResult(None, errors, [], warnings)

    header = [_text(h) for h in table[header_row - 1]]
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        if h and h not in index:
            index[h] = i
        elif h:
            errors.append(ImportIssue(fname, header_row, h, KeyedText("column name occurs twice", "stories.column_twice")))
    specs = _specs(qs.questions, m, where)

    id_col = str(m["id"]) if m.get("id") else ("id" if "id" in index else None)
    title_col = str(m.get("title", "title"))
    story_col = str(m.get("story", "story"))
    used = {c for c in (id_col, title_col, story_col) if c}
    if story_col not in index:
        errors.append(ImportIssue(
            fname, header_row, story_col, KeyedText("required story column is missing", "stories.no_story_column")
        ))
    if id_col and id_col not in index:
        errors.append(ImportIssue(
            fname, header_row, id_col, KeyedText("id column named in the mapping is missing", "stories.no_id_column")
        ))
    for spec in specs:
        cols = [c for c in (*spec.columns, spec.x, spec.y) if c] + [c for pair in spec.items.values() for c in pair]
        used.update(cols)
        if isinstance(spec.question, TriadQuestion) and spec.x is None and not all(c in index for c in spec.columns):
            # the default layout also accepts <qid>_x / <qid>_y
            qx, qy = f"{spec.question.id}_x", f"{spec.question.id}_y"
            if (
                "columns" not in ((m.get("questions") or {}).get(spec.question.id) or {})
                and qx in index
                and qy in index
            ):
                spec.columns, spec.x, spec.y = [], qx, qy
                used.update((qx, qy))
                continue
        for c in cols:
            if c not in index:
                errors.append(ImportIssue(fname, header_row, c, KeyedText(
                    f"column for question {spec.question.id!r} is missing", "stories.no_question_column",
                    question=spec.question.id,
                )))
    for h in index:
        if h not in used:
            warnings.append(KeyedText(
                f"{fname}: column {h!r} is not used by any question and was ignored", "stories.column_unused",
                f"{fname}: ", column=h,
            ))
    if errors:  # structural problems cannot be skipped
        return ImportResult(None, errors, [], warnings)

    na = NA_TOKENS | {str(v).strip().casefold() for v in (m.get("na_values") or [])}
    rows: list[tuple[int, _Row]] = []
    for n, cells in enumerate(table[header_row:], start=header_row + 1):
        if all(_text(c) == "" for c in cells):
            continue
        rows.append((n, _Row(cells, index, na)))
    scales = _detect_scales(specs, [r for _, r in rows])

    stories: list[Story] = []
    skipped: list[int] = []
    seen_ids: dict[str, int] = {}
    for number, (rownum, row) in enumerate(rows, start=1):
        row_errors: list[ImportIssue] = []
        text = _text(row.raw(story_col))
        if not text:
            row_errors.append(ImportIssue(fname, rownum, story_col, KeyedText("story text is missing", "stories.no_story_text")))
        sid = _text(row.raw(id_col)) if id_col else ""
        sid = sid or f"{number:03d}"
        if sid in seen_ids:
            row_errors.append(
                ImportIssue(fname, rownum, id_col or "id", KeyedText(
                    f"story id {sid!r} also used in row {seen_ids[sid]}", "stories.story_id_twice", id=sid,
                    row=seen_ids[sid],
                ))
            )
        title = _text(row.raw(title_col)) if title_col in index else ""
        answers: dict[str, Any] = {}
        for spec in specs:
            try:
                answers[spec.question.id] = _parse_answer(spec, row, weight_tolerance, scales)
            except _CellError as exc:
                row_errors.append(ImportIssue(fname, rownum, exc.column, exc.problem))
                continue
            if answers[spec.question.id] is NOT_APPLICABLE and not spec.question.allow_na:
                col = spec.columns[0] if spec.columns else (spec.x or spec.question.id)
                row_errors.append(ImportIssue(fname, rownum, col, KeyedText(
                    f"question {spec.question.id!r} must be answered", "stories.must_answer", question=spec.question.id,
                )))
        if row_errors:
            errors.extend(row_errors)
            skipped.append(rownum)
            continue
        seen_ids[sid] = rownum
        stories.append(Story(sid, title or _short_title(text), text, answers, row=rownum))

    if errors and not skip_invalid:
        return ImportResult(None, errors, [], warnings)
    defaults = qs.defaults
    cid = collection_id or defaults.get("id") or slugify(p.stem)
    collection = StoryCollection(
        id=str(cid),
        name=str(name or defaults.get("name") or cid),
        questions=list(qs.questions),
        stories=stories,
        municipality=municipality or defaults.get("municipality"),
        study=study or defaults.get("study"),
        prompt=qs.prompt,
        fictional=bool(fictional if fictional is not None else defaults.get("fictief", False)),
        description=str(defaults.get("description", "") or ""),
    )
    return ImportResult(collection, errors, skipped, warnings)


def import_manifest(path: str | Path, skip_invalid: bool = False) -> list[ImportResult]:
    """Import every collection listed in a manifest YAML::

    questions: questions.yaml     # relative to the manifest
    fictief: true                 # default for all collections
    collections:
      - file: lindewaard.csv
        id: lindewaard-verhalen-2026
        name: Verhalen over verandering — Lindewaard
        municipality: Lindewaard
        study: Evaluatie sociale wijkteams Lindewaard 2026
        mapping: optional-mapping.yaml
    """
    p = Path(path)
    try:
        data = load_yaml(p.read_text(encoding="utf-8"), source=str(p))
    except FileNotFoundError:
        raise StoryImportError(
            "stories.manifest_not_found", file=display_name(p)
        ).english(f"{p}: manifest not found") from None
    except UnicodeDecodeError as exc:
        raise StoryImportError(
            "stories.manifest_not_utf8", file=display_name(p)
        ).english(f"{p}: the manifest is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except YamlError as exc:
        raise StoryImportError(
            "stories.manifest_yaml", file=display_name(p), reason=exc.reason, problem=exc.message("nl")
        ).english(f"{p}: manifest: {exc.reason}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("collections"), list):
        raise StoryImportError(
            "stories.manifest_no_collections", file=display_name(p)
        ).english(f"{p}: a manifest needs a 'collections' list")
    base = p.parent
    shared_q = data.get("questions")
    results = []
    for i, entry in enumerate(data["collections"], start=1):
        if not isinstance(entry, Mapping) or "file" not in entry:
            raise StoryImportError(
                "stories.manifest_collection_file", file=display_name(p), n=i
            ).english(f"{p}: collection {i} needs a 'file'")
        qpath = entry.get("questions", shared_q)
        if not qpath:
            raise StoryImportError(
                "stories.manifest_collection_questions", file=display_name(p), n=i
            ).english(f"{p}: collection {i} has no questions file")
        mapping = entry.get("mapping")
        results.append(
            import_stories(
                base / str(entry["file"]),
                base / str(qpath),
                base / str(mapping) if mapping else None,
                skip_invalid,
                collection_id=entry.get("id"),
                name=entry.get("name"),
                municipality=entry.get("municipality"),
                study=entry.get("study"),
                fictional=entry.get("fictief", data.get("fictief")),
            )
        )
    return results


def questions_from_dicts(questions: Sequence[Mapping[str, Any]]) -> QuestionSet:
    """Convenience for code and tests: a question set from plain dicts."""
    return parse_questions({"questions": list(questions)})


# --------------------------------------------------------------------------- to sources


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (separated by blank lines), surrounding whitespace excluded."""
    bounds = []
    pos = 0
    for m in re.finditer(r"\n[ \t\r]*\n", text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    spans = []
    for start, end in bounds:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def participant_label(collection: StoryCollection, story: Story) -> str:
    return f"{collection.id}/{story.id}"


def to_sources(collection: StoryCollection) -> list[tuple[Source, list[Passage], Participant]]:
    """Each story as a ``Source`` (kind story) with one passage per paragraph and a participant.

    ``Source.name`` is the story title and ``Source.text`` the story text only, so
    passage offsets index the story itself. The participant's ``attributes`` are
    the flattened answers (:func:`analysis.stories.model.flatten_answers`) plus
    ``verhaalcollectie`` and ``verhaal_id``; classification questions with a
    ``participant_field`` also fill that field (e.g. ``age_group``).
    """
    out = []
    for story in collection.stories:
        label = participant_label(collection, story)
        attributes = flatten_answers(collection, story)
        fields: dict[str, Any] = {}
        for q in collection.questions:
            if isinstance(q, ChoiceQuestion) and q.participant_field and attributes.get(q.id):
                fields[q.participant_field] = attributes[q.id]
        attributes = {"verhaalcollectie": collection.id, "verhaal_id": story.id, **attributes}
        participant = Participant(
            label=label,
            municipality=collection.municipality,
            respondent_group=fields.get("respondent_group", "inwoner"),
            age_group=fields.get("age_group"),
            wijk=fields.get("wijk"),
            attributes=attributes,
        )
        source = Source(
            name=story.title,
            text=story.text,
            kind=SourceKind.STORY,
            municipality=collection.municipality,
            study=collection.study,
            participant=label,
            respondent_group=participant.respondent_group,
            metadata={
                "story_collection": collection.id,
                "story_id": story.id,
                "title": story.title,
                "fictief": collection.fictional,
            },
            checksum=hashlib.sha256(f"{collection.id}\x00{story.id}\x00{story.text}".encode()).hexdigest(),
        )
        passages = [
            Passage(start=s, end=e, text=story.text[s:e], ordinal=i, speaker=label)
            for i, (s, e) in enumerate(_paragraphs(story.text))
        ]
        out.append((source, passages, participant))
    return out


def save_collection(project: Any, collection: StoryCollection) -> list[int]:
    """Persist a collection: every story as a source (with participant), then the collection.

    The sources and the collection itself are stored in one transaction
    (:meth:`Project.unit_of_work`: ``add_source`` and ``save_story_collection``). Each source carries a
    checksum of collection id, story id and text, so importing the same collection
    twice raises the store's ``DuplicateSource`` and stores nothing new.
    Returns the source ids.
    """
    ids = []
    with project.unit_of_work("import", "analyse"):
        for source, passages, participant in to_sources(collection):
            ids.append(project.add_source(source, passages, participant=participant))
        project.save_story_collection(collection.to_dict())
    return ids


def load_collections(project: Any) -> list[StoryCollection]:
    """Every story collection stored in a project (``project.story_collections()``)."""
    out = []
    for row in project.story_collections():
        data = row.get("data", row)
        out.append(StoryCollection.from_dict(data))
    return out
