"""A small document model that every export format renders: sections of paragraphs, tables, quotes, charts.

Builders (:mod:`.builders`) turn analysis results into a :class:`Report`; writers
(:mod:`.export`) render it as Markdown, HTML, DOCX, XLSX or CSV. A table can be
meant for reading (``formats={"md", "html", "docx"}``) or for data work
(``{"xlsx", "csv"}``), so a spreadsheet gets a few long tables instead of dozens
of small ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .quotes import Quote

ALL_FORMATS = frozenset({"md", "html", "docx", "xlsx", "csv"})
READING = frozenset({"md", "html", "docx"})
DATA = frozenset({"xlsx", "csv"})


@dataclass
class Paragraph:
    text: str
    formats: frozenset[str] = ALL_FORMATS - DATA


@dataclass
class Table:
    """A table; its DataFrame columns are the (Dutch) headings.

    ``percent``: columns holding shares 0-1, shown as percentages. ``colours``:
    background per cell, ``(row position, column) -> "#rrggbb"``. ``heatmap``:
    shade the numeric cells by value (white -> blue). ``index``: show the index
    as the first column (named by ``frame.index.name``).
    """

    title: str
    frame: pd.DataFrame
    percent: tuple[str, ...] = ()
    colours: dict[tuple[int, str], str] = field(default_factory=dict)
    heatmap: bool = False
    index: bool = False
    note: str = ""
    sheet: str | None = None
    formats: frozenset[str] = ALL_FORMATS

    def display_frame(self) -> pd.DataFrame:
        """The frame with the index as first column when ``index`` is set."""
        if not self.index:
            return self.frame
        frame = self.frame.copy()
        name = frame.index.name or ""
        frame.insert(0, name if name not in frame.columns else f"{name} ", [str(i) for i in frame.index])
        return frame.reset_index(drop=True)

    def cell_colour(self, row: int, column: str, value: Any) -> str | None:
        if (row, column) in self.colours:
            return self.colours[(row, column)]
        if self.heatmap and _is_number(value):
            return heat_colour(float(value), self._vmax())
        return None

    def _vmax(self) -> float:
        values = [float(v) for v in self.frame.select_dtypes("number").to_numpy().ravel() if _is_number(v)]
        return max(values) if values else 0.0


@dataclass
class QuoteList:
    title: str
    quotes: list[Quote]
    formats: frozenset[str] = READING


@dataclass
class Chart:
    """A chart for DOCX (drawn with matplotlib when it is installed; otherwise left out)."""

    title: str
    frame: pd.DataFrame
    #: "bar" (first column = labels, second = values), "heatmap" (index × columns) or
    #: "curve" (first column = steps, second = bars per step, third = a cumulative line)
    kind: str = "bar"
    percent: bool = False
    formats: frozenset[str] = frozenset({"docx"})


Block = Paragraph | Table | QuoteList | Chart


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1  # 1 = main section; 2 = subsection; 3 = sub-subsection

    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block


@dataclass
class Report:
    title: str
    subtitle: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)

    def section(self, heading: str, level: int = 1) -> Section:
        s = Section(heading, level=level)
        self.sections.append(s)
        return s

    def tables(self, fmt: str | None = None) -> list[Table]:
        out = []
        for s in self.sections:
            for b in s.blocks:
                if isinstance(b, Table) and (fmt is None or fmt in b.formats):
                    out.append(b)
        return out

    def quote_lists(self) -> list[tuple[Section, QuoteList]]:
        return [(s, b) for s in self.sections for b in s.blocks if isinstance(b, QuoteList)]


# --------------------------------------------------------------------------- formatting


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return True
    try:
        import numpy as np

        return isinstance(value, np.number) and not np.isnan(value)
    except (TypeError, ImportError):  # pragma: no cover
        return False


def format_cell(value: Any, *, percent: bool = False) -> str:
    """Human text of a cell, Dutch style: 0.25 -> '25%' (percent), 1.5 -> '1,50', None -> ''."""
    if value is None:
        return ""
    if not isinstance(value, (list, tuple, set, dict)):
        try:
            if pd.isna(value):
                return ""
        except (TypeError, ValueError):
            pass
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "ja" if value else "nee"
    if _is_number(value):
        v = float(value)
        if percent:
            return f"{v:.0%}"
        if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
            return str(int(v))
        return f"{v:.2f}".replace(".", ",")
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)


def heat_colour(value: float, vmax: float) -> str:
    """White for 0, dark blue for ``vmax``."""
    t = 0.0 if vmax <= 0 else max(0.0, min(1.0, value / vmax))
    low, high = (255, 255, 255), (33, 102, 172)
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(low, high))
    return f"#{r:02x}{g:02x}{b:02x}"


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    h = background.lstrip("#")
    if len(h) != 6:
        return "#000000"
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 140 else "#ffffff"
