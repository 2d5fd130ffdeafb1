"""Render a :class:`~analysis.reports.document.Report` as Markdown, HTML, DOCX, XLSX or CSV.

>>> report = summary_report(summarize_codebook(project, "sociaal-domein"))   # doctest: +SKIP
>>> write_report(report, "themas.docx")                                      # doctest: +SKIP
>>> data = render_report(report, "xlsx")   # bytes, e.g. for a download button  # doctest: +SKIP

* Markdown and HTML are for reading; HTML is one self-contained file (inline CSS,
  no scripts, every text escaped).
* DOCX (python-docx): headings, tables (coloured cells), quotes with provenance,
  and charts when matplotlib is installed.
* XLSX (openpyxl): a "Rapport" sheet with the title and details, then one sheet per
  table; numbers stay numbers (shares formatted as percentages); text that starts
  with '=' stays text.
* CSV: the data tables; :func:`write_report` writes the first to the given file
  and any further ones beside it (``name-<table>.csv``).
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..domain import slugify
from ..errors import DuidingError, display_name
from ..spreadsheet import csv_frame
from .document import Chart, Paragraph, QuoteList, Report, Section, Table, _is_number, format_cell, text_colour

FORMATS = ("md", "html", "docx", "xlsx", "csv")
_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
QUOTE_LIMIT = 1200  # characters of a quote shown in reading formats (the rest is elided with "…")


class ExportError(DuidingError, ValueError):
    """An export cannot be written (unknown format, nothing to write, ...)."""

    default_key = "reports.export_failed"


def format_from_path(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else from the file suffix."""
    if fmt:
        key = fmt.lower().lstrip(".")
        key = {"markdown": "md", "htm": "html", "excel": "xlsx", "word": "docx"}.get(key, key)
        if key not in FORMATS:
            raise ExportError("reports.unknown_format", fmt=fmt, choices=", ".join(FORMATS))
        return key
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ExportError("reports.unknown_suffix", path=path, file=display_name(path), suffix=suffix,
                          choices=", ".join(_SUFFIXES))
    return _SUFFIXES[suffix]


def _safe_colour(colour: str | None) -> str | None:
    return colour if colour and _COLOUR.match(colour) else None


def _shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cells(table: Table) -> tuple[list[str], list[list[tuple[str, object]]]]:
    """Headings, and rows of (column, value) pairs of what a table shows."""
    frame = table.display_frame()
    headings = [str(c) for c in frame.columns]
    rows = [[(str(col), value) for col, value in zip(frame.columns, row)] for row in frame.itertuples(index=False, name=None)]
    return headings, rows


def _cell_text(table: Table, column: str, value: object) -> str:
    return format_cell(value, percent=column in table.percent)


def _blocks(report: Report, fmt: str) -> list[tuple[Section, list]]:
    """Sections to render in ``fmt`` with their blocks; a section whose blocks are all
    for other formats is left out (a section without blocks is a heading and stays)."""
    out = []
    for s in report.sections:
        blocks = [b for b in s.blocks if fmt in b.formats]
        if blocks or not s.blocks:
            out.append((s, blocks))
    return out


# --------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in "`*_[]<>$~":  # $: no formula in viewers that render LaTeX; ~: no strikethrough
        text = text.replace(ch, "\\" + ch)
    return text


def _md_cell(text: str) -> str:
    return _md(" ".join(text.split())).replace("|", "\\|")


def to_markdown(report: Report) -> str:
    """The report as Markdown (GitHub tables, quotes as block quotes)."""
    out: list[str] = [f"# {_md(report.title)}", ""]
    if report.subtitle:
        out += [f"_{_md(report.subtitle)}_", ""]
    for key, value in report.meta.items():
        out.append(f"- **{_md(key)}:** {_md(value)}")
    if report.meta:
        out.append("")
    for section, blocks in _blocks(report, "md"):
        out += [f"{'#' * (section.level + 1)} {_md(section.heading)}", ""]
        for b in blocks:
            if isinstance(b, Paragraph):
                out += [_md(b.text), ""]
            elif isinstance(b, Table):
                headings, rows = _cells(b)
                if b.title:
                    out += [f"**{_md(b.title)}**", ""]
                if not rows:
                    out += ["_(geen gegevens)_", ""]
                    continue
                numeric = [pd.api.types.is_numeric_dtype(b.display_frame()[c]) for c in b.display_frame().columns]
                out.append("| " + " | ".join(_md_cell(h) for h in headings) + " |")
                out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
                for row in rows:
                    out.append("| " + " | ".join(_md_cell(_cell_text(b, c, v)) for c, v in row) + " |")
                out.append("")
                if b.note:
                    out += [f"_{_md(b.note)}_", ""]
            elif isinstance(b, QuoteList):
                if b.title:
                    out += [f"**{_md(b.title)}**", ""]
                if not b.quotes:
                    out += ["_(geen citaten)_", ""]
                for q in b.quotes:
                    out += [f"> {_md(q.display(_shorten(q.text)))}", ">", f"> {_md(q.provenance)}", ""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
h3{margin-top:1.6rem}h4{margin-top:1.2rem}
.subtitle{color:#555;margin-top:0}.meta{color:#444;font-size:.92rem}
table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.3rem .55rem;vertical-align:top}
th{background:#f1f3f5;text-align:left}td.num{text-align:right;white-space:nowrap}
.note{color:#555;font-size:.85rem;margin-top:-.8rem}
blockquote{margin:.8rem 0;padding:.4rem .9rem;border-left:4px solid #2166ac;background:#f7f9fc}
blockquote p{margin:.2rem 0}.provenance{color:#555;font-size:.88rem}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def to_html(report: Report) -> str:
    """One self-contained HTML page (inline CSS, no scripts; all text escaped)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(report.title)}</h1>",
    ]
    if report.subtitle:
        out.append(f'<p class="subtitle">{_h(report.subtitle)}</p>')
    if report.meta:
        out.append('<ul class="meta">' + "".join(f"<li><strong>{_h(k)}:</strong> {_h(v)}</li>" for k, v in report.meta.items()) + "</ul>")
    for section, blocks in _blocks(report, "html"):
        level = min(section.level + 1, 6)
        out.append(f"<h{level}>{_h(section.heading)}</h{level}>")
        for b in blocks:
            if isinstance(b, Paragraph):
                out.append(f"<p>{_h(b.text)}</p>")
            elif isinstance(b, Table):
                out.append(_html_table(b))
            elif isinstance(b, QuoteList):
                if b.title:
                    out.append(f"<h{min(level + 1, 6)}>{_h(b.title)}</h{min(level + 1, 6)}>")
                if not b.quotes:
                    out.append("<p><em>(geen citaten)</em></p>")
                for q in b.quotes:
                    out.append(
                        f"<blockquote><p>{_h(q.display(_shorten(q.text)))}</p>"
                        f'<p class="provenance">{_h(q.provenance)}</p></blockquote>'
                    )
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_table(table: Table) -> str:
    headings, rows = _cells(table)
    parts = ["<table>"]
    if table.title:
        parts.append(f"<caption>{_h(table.title)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{_h(h)}</th>" for h in headings) + "</tr></thead><tbody>")
    if not rows:
        parts.append(f'<tr><td colspan="{max(1, len(headings))}"><em>(geen gegevens)</em></td></tr>')
    for r, row in enumerate(rows):
        cells = []
        for column, value in row:
            colour = _safe_colour(table.cell_colour(r, column, value))
            style = f' style="background:{colour};color:{text_colour(colour)}"' if colour else ""
            cls = ' class="num"' if _is_number(value) else ""
            cells.append(f"<td{cls}{style}>{_h(_cell_text(table, column, value))}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if table.note:
        parts.append(f'<p class="note">{_h(table.note)}</p>')
    return "".join(parts)


# --------------------------------------------------------------------------- DOCX


def to_docx(report: Report, *, template: str | Path | bytes | None = None, toc: bool = False) -> bytes:
    """A Word document: headings, coloured tables, quotes with provenance, charts (with matplotlib).

    Headings use Word's built-in styles (Heading 1-4, "Kop 1-4" in Dutch Word), so a table of
    contents picks them up. ``template``: a rekenkamer's own Word template (.dotx, or a .docx)
    whose styles, page setup, headers and footers the document takes (its body text is left out).
    ``toc``: start with a table-of-contents field that Word fills in when the document opens.
    """
    from docx.shared import Inches, Pt

    from .charts import chart_png
    from .docx_template import add_toc, open_document, style_or

    doc = open_document(template)
    doc.add_heading(report.title, level=0)
    if report.subtitle:
        doc.add_paragraph(report.subtitle).runs[0].italic = True
    for key, value in report.meta.items():
        p = doc.add_paragraph(style=style_or(doc, "List Bullet"))
        p.add_run(f"{key}: ").bold = True
        p.add_run(value)
    sections = _blocks(report, "docx")
    if toc:
        add_toc(doc, [(section.level, section.heading) for section, _ in sections])
    for section, blocks in sections:
        doc.add_heading(section.heading, level=min(section.level, 4))
        for b in blocks:
            if isinstance(b, Paragraph):
                doc.add_paragraph(b.text)
            elif isinstance(b, Table):
                _docx_table(doc, b)
            elif isinstance(b, QuoteList):
                if b.title:
                    doc.add_paragraph().add_run(b.title).bold = True
                if not b.quotes:
                    doc.add_paragraph("(geen citaten)").runs[0].italic = True
                for q in b.quotes:
                    quote = doc.add_paragraph(style=style_or(doc, "Quote"))
                    quote.add_run(q.display(_shorten(q.text)))
                    prov = doc.add_paragraph()
                    run = prov.add_run(q.provenance)
                    run.font.size = Pt(9)
                    run.italic = True
            elif isinstance(b, Chart):
                png = chart_png(b)
                if png is not None:
                    doc.add_picture(io.BytesIO(png), width=Inches(6.2))
                    doc.add_paragraph(b.title).runs[0].italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _shade(cell, colour: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    props.append(shd)


def _docx_table(doc, table: Table) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Pt, RGBColor

    headings, rows = _cells(table)
    if table.title:
        doc.add_paragraph().add_run(table.title).bold = True
    if not rows:
        doc.add_paragraph("(geen gegevens)").runs[0].italic = True
        return
    from .docx_template import style_or

    t = doc.add_table(rows=1 + len(rows), cols=len(headings))
    t.style = style_or(doc, "Table Grid")
    for cell, h in zip(t.rows[0].cells, headings):
        run = cell.paragraphs[0].add_run(h)
        run.bold = True
        run.font.size = Pt(9)
        _shade(cell, "#F1F3F5")
    for r, (row, docx_row) in enumerate(zip(rows, t.rows[1:]), start=1):
        for (column, value), cell in zip(row, docx_row.cells):
            run = cell.paragraphs[0].add_run(_cell_text(table, column, value))
            run.font.size = Pt(9)
            colour = _safe_colour(table.cell_colour(r - 1, column, value))
            if colour:
                _shade(cell, colour)
                fg = text_colour(colour).lstrip("#")
                run.font.color.rgb = RGBColor.from_string(fg.upper())
    if table.note:
        doc.add_paragraph(table.note).runs[0].italic = True


# --------------------------------------------------------------------------- XLSX

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDE = {"Citaat", "Toelichting", "Norm", "Herkomst", "Deelvraag", "Definitie"}


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip().strip("'") or "Tabel"
    base = base[:31]
    name = base
    n = 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def to_xlsx(report: Report) -> bytes:
    """A workbook: sheet 'Rapport' (title, details), then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    info = wb.active
    info.title = "Rapport"
    used = {"rapport"}
    info["A1"] = report.title
    info["A1"].font = Font(bold=True, size=14)
    row = 2
    if report.subtitle:
        info.cell(row=row, column=1, value=report.subtitle).font = Font(italic=True)
        row += 1
    for key, value in report.meta.items():
        info.cell(row=row, column=1, value=key).font = Font(bold=True)
        _xlsx_set(info.cell(row=row, column=2), value)
        row += 1
    row += 1
    info.cell(row=row, column=1, value="Tabbladen").font = Font(bold=True)
    row += 1
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 70
    tables = report.tables("xlsx")
    if not tables:
        raise ExportError("reports.no_table_xlsx", title=report.title)
    header_fill = PatternFill("solid", fgColor="F1F3F5")
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.sheet or table.title, used))
        info.cell(row=row, column=1, value=ws.title)
        _xlsx_set(info.cell(row=row, column=2), table.title)
        row += 1
        headings, rows = _cells(table)
        for c, h in enumerate(headings, start=1):
            cell = ws.cell(row=1, column=c, value=h)
            cell.font = Font(bold=True)
            cell.fill = header_fill
        for r, values in enumerate(rows, start=2):
            for c, (column, value) in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c)
                _xlsx_set(cell, value)
                if column in table.percent and isinstance(cell.value, float):
                    cell.number_format = "0%"
                elif isinstance(cell.value, float):
                    cell.number_format = "0.00"
                colour = _safe_colour(table.cell_colour(r - 2, column, value))
                if colour:
                    cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
                    cell.font = Font(color=text_colour(colour).lstrip("#").upper())
                if column in _WIDE:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for c, h in enumerate(headings, start=1):
            longest = max([len(h)] + [len(_cell_text(table, h, v[c - 1][1])) for v in rows[:200]])
            width = 80 if h in _WIDE else min(max(10, longest + 2), 50)
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = "B2" if table.index else "A2"
        if table.note:
            ws.cell(row=len(rows) + 3, column=1, value=table.note).font = Font(italic=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_set(cell, value: object) -> None:  # type: ignore[no-untyped-def]
    """Numbers as numbers, everything else as text (never as a formula)."""
    if value is None or (not isinstance(value, (list, tuple, set, dict, str)) and pd.isna(value)):
        cell.value = None
        return
    if isinstance(value, bool):
        cell.value = "ja" if value else "nee"
        return
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar
    if isinstance(value, (int, float)):
        cell.value = value
        return
    text = format_cell(value)
    cell.value = text
    cell.data_type = "s"  # a transcript line starting with '=' must not become a formula


# --------------------------------------------------------------------------- CSV


def to_csv_tables(report: Report) -> list[tuple[Table, str]]:
    """Every data table of the report as CSV text (raw numbers; shares as fractions 0-1)."""
    out = []
    for table in report.tables("csv"):
        frame = csv_frame(table.display_frame())  # text starting with '=' must not run as a formula
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        out.append((table, buffer.getvalue()))
    if not out:
        raise ExportError("reports.no_table_csv", title=report.title)
    return out


# --------------------------------------------------------------------------- entry points


def render_report(report: Report, fmt: str) -> bytes:
    """The report in ``fmt`` as bytes (CSV: the first table only; see :func:`to_csv_tables`)."""
    fmt = format_from_path("", fmt)
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "html":
        return to_html(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    return to_csv_tables(report)[0][1].encode("utf-8")


def write_report(report: Report, path: str | Path, fmt: str | None = None) -> list[Path]:
    """Write ``report`` to ``path`` (format from ``fmt`` or the suffix); returns the files written.

    CSV with several tables: the first goes to ``path``, the others to
    ``<stem>-<table>.csv`` beside it.
    """
    target = Path(path)
    fmt = format_from_path(target, fmt)
    if target.parent and not target.parent.exists():
        raise ExportError("reports.no_folder", target=target, folder=target.parent, file=display_name(target))
    if fmt != "csv":
        target.write_bytes(render_report(report, fmt))
        return [target]
    written: list[Path] = []
    names: set[str] = set()
    for i, (table, text) in enumerate(to_csv_tables(report)):
        if i == 0:
            file = target
        else:
            slug = slugify(table.sheet or table.title)
            name = slug
            n = 2
            while name in names:
                name = f"{slug}-{n}"
                n += 1
            names.add(name)
            file = target.with_name(f"{target.stem}-{name}{target.suffix or '.csv'}")
        file.write_text(text, encoding="utf-8", newline="")
        written.append(file)
    return written


def available_formats(report: Report) -> Sequence[str]:
    """Formats this report can be written in (XLSX/CSV need at least one data table)."""
    out = ["md", "html", "docx"]
    if report.tables("xlsx"):
        out.append("xlsx")
    if report.tables("csv"):
        out.append("csv")
    return out
