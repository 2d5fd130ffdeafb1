"""Document structure of Word (.docx) and OpenDocument (.odt) files: headings, lists and tables.

A gespreksverslag is written with a heading per research question or theme, or as a
question | answer table. :func:`docx_structure` and :func:`odt_structure` return the
document as a list of :class:`Block` (in reading order) plus its properties (author,
dates, title), so :mod:`analysis.corpus.verslag` can keep that structure in passages.

Only the main text is read: headers, footers, comments, footnotes and text deleted or
moved away in tracked changes never leak in (insertions count: the document is read
with its revisions accepted).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analysis.corpus.errors import IngestError

# kinds: title, heading, paragraph, list, qa (question | answer row), table (other table), meta (key: value)
BLOCK_KINDS = ("title", "heading", "paragraph", "list", "qa", "table", "meta")


@dataclass(slots=True)
class Block:
    """One unit of a structured document.

    ``level`` is the heading level (1 = top); ``question`` the question of a ``qa`` row
    (``text`` is its answer); ``key`` the field name of a ``meta`` line (``text`` its value).
    """

    kind: str
    text: str
    level: int = 0
    question: str | None = None
    key: str | None = None


# --------------------------------------------------------------------------- shared rules

_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(?:list|lijst)", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+\S")
_LABELLED = re.compile(r"^(?:vraag|thema|onderwerp|deelvraag)\s+\d{1,2}\s*[.:)]", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*–·▪]\s+")
# Header fields of a verslag ("Gesprek met: ...", "Datum: ...").
META_KEYS = (
    "gesprek met",
    "geïnterviewde",
    "geïnterviewden",
    "geinterviewde",
    "geinterviewden",
    "respondent",
    "respondenten",
    "gesprekspartner",
    "gesprekspartners",
    "deelnemers",
    "aanwezig",
    "datum",
    "interviewer",
    "interviewers",
    "gespreksleider",
    "verslag",
    "verslaglegging",
    "notulist",
    "locatie",
    "plaats",
    "functie",
    "organisatie",
    "status",
    "gemeente",
)
_META_LINE = re.compile(r"^(" + "|".join(sorted(map(re.escape, META_KEYS), key=len, reverse=True)) + r")\s*:\s*(\S.*)$", re.IGNORECASE)
HEADING_MAX = 150
QUESTION_MAX = 220


def numbered_level(text: str) -> int:
    """Heading level of a numbered line ('2.1 Bereikbaarheid' -> 2), 0 when it is not one."""
    line = text.strip()
    if "\n" in line or len(line) > QUESTION_MAX:
        return 0
    ends_well = line.endswith("?") or (len(line) <= HEADING_MAX and not line.endswith((".", ",", ";")))
    m = _NUMBERED.match(line)
    if m and ends_well:
        return m.group(1).count(".") + 1
    if _LABELLED.match(line) and ends_well:
        return 1
    return 0


def is_question_line(text: str) -> bool:
    line = text.strip()
    return "\n" not in line and 3 < len(line) <= QUESTION_MAX and line.endswith("?")


def meta_line(text: str) -> tuple[str, str] | None:
    m = _META_LINE.match(text.strip())
    if m is None or "\n" in text.strip():
        return None
    return m.group(1).lower(), m.group(2).strip()


def plain_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text or Markdown verslag: blank-line paragraphs, '#' headings, numbered questions."""
    blocks: list[Block] = []
    for para in re.split(r"\n[ \t]*\n", text):
        para = para.strip()
        if not para:
            continue
        md = re.match(r"^(#{1,6})\s+(.+)$", para)
        if md and "\n" not in para:
            blocks.append(Block("heading", md.group(2).strip(), level=len(md.group(1))))
            continue
        lines = para.split("\n")
        if all(_BULLET.match(line) for line in lines):
            blocks.extend(Block("list", _BULLET.sub("", line).strip()) for line in lines)
            continue
        blocks.append(Block("paragraph", para))
    return promote_headings(blocks)


def promote_headings(blocks: list[Block], bold: set[int] | None = None) -> list[Block]:
    """Apply the fallback heading rules to paragraphs: numbered questions, question lines, short bold lines,
    and the header fields before the first heading. Levels continue below the last styled heading."""
    bold = bold or set()
    out: list[Block] = []
    styled_level = 0
    seen_heading = False
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            styled_level = b.level
            seen_heading = True
            out.append(b)
            continue
        if b.kind != "paragraph":
            out.append(b)
            continue
        text = b.text.strip()
        if not seen_heading:
            meta = meta_line(text)
            if meta is not None:
                out.append(Block("meta", meta[1], key=meta[0]))
                continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        has_body = following is not None and following.kind in ("paragraph", "list", "qa", "table")
        level = numbered_level(text)
        if level and has_body:
            out.append(Block("heading", text, level=level))
            seen_heading = True
            continue
        short_bold = i in bold and "\n" not in text and len(text) <= HEADING_MAX and not text.endswith((".", ",", ";", ":"))
        if has_body and (short_bold or (is_question_line(text) and len(text) <= HEADING_MAX)):
            out.append(Block("heading", text, level=styled_level + 1))
            seen_heading = True
            continue
        out.append(b)
    return out


def qa_rows(rows: list[list[str]]) -> list[tuple[str, str]] | None:
    """A two-column table read as (question, answer) rows, or None when it is not such a table.

    A header row ('Vraag | Antwoord') is dropped; rows with an empty answer are kept out.
    """
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows or any(len(r) != 2 for r in rows):
        return None
    first = [c.strip().lower().rstrip(":") for c in rows[0]]
    header_words = ("vraag", "vragen", "thema", "onderwerp", "question", "topic")
    answer_words = ("antwoord", "antwoorden", "samenvatting", "reactie", "answer", "toelichting", "verslag")
    if any(w in first[0] for w in header_words) and any(w in first[1] for w in answer_words) and len(first[1]) < 40:
        rows = rows[1:]
    if not rows:
        return None
    questions = [r[0].strip() for r in rows]
    answers = [r[1].strip() for r in rows]
    if sum(len(q) for q in questions) > sum(len(a) for a in answers):
        return None  # the left column is the longer one: not questions and answers
    return [(q, a) for q, a in zip(questions, answers) if q and a]


# --------------------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Elements whose text is not part of the accepted document: deletions, moved-away text, field codes.
_SKIP = frozenset({f"{_W}del", f"{_W}delText", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delInstrText", _MC_FALLBACK})


def docx_text(element: Any) -> str:
    """The accepted text of a paragraph (or run container): insertions in, deletions and moves away out."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for el in element.iterchildren():
        tag = el.tag
        if tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(el.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}softHyphen":
            parts.append("\u00ad")
        elif tag == f"{_W}rPr" or tag == f"{_W}pPr":
            continue
        elif tag == f"{_W}p":
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")  # a paragraph in a text box
            _collect(el, parts)
        else:
            _collect(el, parts)


def _on(el: Any) -> bool:
    return el is not None and el.get(f"{_W}val") not in ("0", "false", "off")


def _all_bold(p: Any, style_bold: bool) -> bool:
    runs = [r for r in p.iter(f"{_W}r") if not any(a.tag in _SKIP for a in r.iterancestors())]
    seen = False
    for r in runs:
        text = "".join(t.text or "" for t in r.iterchildren(f"{_W}t"))
        if not text.strip():
            continue
        seen = True
        b = r.find(f"{_W}rPr/{_W}b")
        if b is None and not style_bold:
            return False
        if b is not None and not _on(b):
            return False
    return seen


class _Styles:
    """Heading level, list-ness and boldness of paragraph styles, following 'based on' chains."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        try:
            for style in document.styles:
                if style.style_id:
                    self.by_id[style.style_id] = style
        except Exception:  # noqa: BLE001 - a damaged styles part: fall back to style ids
            self.by_id = {}

    def _chain(self, style_id: str) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        current = self.by_id.get(style_id)
        names = [style_id]
        seen: set[str] = set()
        while current is not None and current.style_id not in seen and len(out) < 10:
            seen.add(current.style_id)
            out.append((current.name or current.style_id, current))
            try:
                current = current.base_style
            except Exception:  # noqa: BLE001
                current = None
        return out or [(n, None) for n in names]

    def heading_level(self, style_id: str | None) -> int:
        """1-9 for Heading/Kop n, -1 for Title/Titel, 0 otherwise."""
        if not style_id:
            return 0
        for name, _ in self._chain(style_id):
            for candidate in (name, re.sub(r"(\D)(\d)$", r"\1 \2", name)):
                m = _HEADING_STYLE.match(candidate.strip())
                if m:
                    return int(m.group(1))
                if _TITLE_STYLE.match(candidate.strip()):
                    return -1
        return 0

    def is_list(self, style_id: str | None) -> bool:
        return bool(style_id) and any(_LIST_STYLE.match(name) for name, _ in self._chain(style_id))

    def is_bold(self, style_id: str | None) -> bool:
        if not style_id:
            return False
        for _, style in self._chain(style_id):
            try:
                if style is not None and style.font.bold:
                    return True
            except Exception:  # noqa: BLE001
                return False
        return False


def docx_structure(path: Path, document: Any) -> tuple[list[Block], dict[str, Any]]:
    """Blocks and properties of an opened python-docx ``Document``."""
    styles = _Styles(document)
    blocks: list[Block] = []
    bold: set[int] = set()
    try:
        _docx_body(document.element.body, styles, blocks, bold)
    except Exception as exc:  # noqa: BLE001 - malformed XML inside a valid package
        raise IngestError(
            path, f"the Word document could not be read ({type(exc).__name__}: {exc})", "ingest.docx_invalid"
        ) from None
    return promote_headings(blocks, bold), _docx_properties(document)


def _docx_body(body: Any, styles: _Styles, blocks: list[Block], bold: set[int]) -> None:
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            _docx_paragraph(child, styles, blocks, bold)
        elif tag == f"{_W}tbl":
            _docx_table(child, styles, blocks)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _docx_body(content, styles, blocks, bold)
        elif tag in (f"{_W}ins", f"{_W}moveTo"):
            _docx_body(child, styles, blocks, bold)


def _docx_paragraph(p: Any, styles: _Styles, blocks: list[Block], bold: set[int]) -> None:
    text = docx_text(p).strip()
    if not text:
        return
    ppr = p.find(f"{_W}pPr")
    style_id = None
    numbered = False
    outline = 0
    if ppr is not None:
        ps = ppr.find(f"{_W}pStyle")
        style_id = ps.get(f"{_W}val") if ps is not None else None
        numbered = ppr.find(f"{_W}numPr") is not None
        ol = ppr.find(f"{_W}outlineLvl")
        if ol is not None and (ol.get(f"{_W}val") or "").isdigit() and int(ol.get(f"{_W}val")) < 9:
            outline = int(ol.get(f"{_W}val")) + 1
    level = styles.heading_level(style_id) or outline
    if level == -1:
        blocks.append(Block("title", text))
    elif level > 0:
        blocks.append(Block("heading", text, level=level))
    elif numbered or styles.is_list(style_id) or _BULLET.match(text):
        blocks.append(Block("list", _BULLET.sub("", text)))
    else:
        if _all_bold(p, styles.is_bold(style_id)):
            bold.add(len(blocks))
        blocks.append(Block("paragraph", text))


def _docx_table(tbl: Any, styles: _Styles, blocks: list[Block]) -> None:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            v_merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            inner = [docx_text(p).strip() for p in tc.iter(f"{_W}p")]
            cell = "\n".join(t for t in inner if t)
            continued = v_merge is not None and v_merge.get(f"{_W}val") in (None, "continue")
            if continued and not cell:
                continue
            cells.append(cell)
        rows.append(cells)
    table_blocks(rows, blocks)


def table_blocks(rows: list[list[str]], blocks: list[Block]) -> None:
    """Append a table: header fields before the first heading, question | answer rows, or plain rows."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return
    before_heading = not any(b.kind == "heading" for b in blocks)
    if before_heading and all(len(r) == 2 for r in rows):
        metas = [meta_line(f"{r[0].strip().rstrip(':')}: {r[1].strip()}") for r in rows]
        if all(m is not None for m in metas):
            blocks.extend(Block("meta", m[1], key=m[0]) for m in metas if m)
            return
    pairs = qa_rows(rows)
    if pairs is not None:
        blocks.extend(Block("qa", a, question=" ".join(q.split())) for q, a in pairs)
        return
    lines = [" | ".join(" ".join(c.split()) for c in r if c.strip()) for r in rows]
    blocks.append(Block("table", "\n".join(line for line in lines if line)))


def _docx_properties(document: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    try:
        core = document.core_properties
    except Exception:  # noqa: BLE001 - a missing or damaged core part
        return props
    for key, attr in (
        ("author", "author"),
        ("title", "title"),
        ("created", "created"),
        ("modified", "modified"),
        ("last_modified_by", "last_modified_by"),
        ("status", "content_status"),
        ("keywords", "keywords"),
        ("subject", "subject"),
    ):
        try:
            value = getattr(core, attr)
        except Exception:  # noqa: BLE001
            continue
        if isinstance(value, (datetime, date)):
            value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
        if value not in (None, ""):
            props[key] = str(value).strip()
    return props


# --------------------------------------------------------------------------- odt

_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_ODF[prefix]}}}{name}"


# Inline elements whose text is not the document's: comments, notes, deletions kept for tracked changes.
_ODT_SKIP = frozenset(
    {_q("office", "annotation"), _q("office", "annotation-end"), _q("text", "note"), _q("text", "tracked-changes")}
)


def odt_structure(path: Path, data: bytes) -> tuple[list[Block], dict[str, Any]]:
    """Blocks and properties of an OpenDocument text file (parsed with defusedxml: no entities, no DTDs)."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    from analysis.corpus.limits import check_zip_sizes

    if not data.startswith(b"PK"):
        raise IngestError(path, "not a valid .odt file (it is not a zip archive)", "ingest.odt_not_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_sizes(path, archive, ".odt")
            names = set(archive.namelist())
            if "content.xml" not in names:
                raise IngestError(path, "not a valid .odt file (the archive holds no content.xml)", "ingest.odt_invalid")
            content = archive.read("content.xml")
            meta = archive.read("meta.xml") if "meta.xml" in names else None
    except IngestError:
        raise
    except Exception:  # noqa: BLE001 - BadZipFile, zlib.error, ...: all mean damaged
        raise IngestError(path, "not a valid .odt file (the zip archive is damaged)", "ingest.odt_damaged") from None
    try:
        root = safe_et.fromstring(content)
        meta_root = safe_et.fromstring(meta) if meta else None
    except DefusedXmlException:
        raise IngestError(path, "the .odt file declares XML entities or a DTD; refused", "ingest.odt_entities") from None
    except Exception as exc:  # noqa: BLE001 - ParseError
        raise IngestError(
            path, f"the .odt file could not be read ({type(exc).__name__}: {exc})", "ingest.odt_invalid"
        ) from None
    bold_styles = _odt_bold_styles(root)
    body = root.find(f"{_q('office', 'body')}/{_q('office', 'text')}")
    blocks: list[Block] = []
    bold: set[int] = set()
    if body is not None:
        _odt_body(body, blocks, bold, bold_styles)
    return promote_headings(blocks, bold), _odt_properties(meta_root)


def _odt_bold_styles(root: Any) -> set[str]:
    out: set[str] = set()
    auto = root.find(_q("office", "automatic-styles"))
    if auto is None:
        return out
    for style in auto.iter(_q("style", "style")):
        tp = style.find(_q("style", "text-properties"))
        if tp is not None and tp.get(_q("fo", "font-weight")) in ("bold", "700", "800", "900"):
            out.add(style.get(_q("style", "name")) or "")
    return out


def odt_text(element: Any) -> str:
    parts: list[str] = []
    _odt_collect(element, parts)
    return "".join(parts)


def _odt_collect(element: Any, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for el in element:
        tag = el.tag
        if tag in _ODT_SKIP:
            pass
        elif tag == _q("text", "s"):
            parts.append(" " * int(el.get(_q("text", "c")) or 1))
        elif tag == _q("text", "tab"):
            parts.append("\t")
        elif tag == _q("text", "line-break"):
            parts.append("\n")
        else:
            _odt_collect(el, parts)
        if el.tail:
            parts.append(el.tail)


def _odt_all_bold(p: Any, bold_styles: set[str]) -> bool:
    if p.get(_q("text", "style-name")) in bold_styles:
        return True
    if (p.text or "").strip():
        return False
    spans = list(p)
    if not spans:
        return False
    for el in spans:
        if el.tag == _q("text", "span"):
            if el.get(_q("text", "style-name")) not in bold_styles:
                return False
        elif (el.tail or "").strip():
            return False
        if (el.tail or "").strip():
            return False
    return True


def _odt_body(body: Any, blocks: list[Block], bold: set[int], bold_styles: set[str]) -> None:
    for el in body:
        tag = el.tag
        if tag == _q("text", "h"):
            text = odt_text(el).strip()
            level = el.get(_q("text", "outline-level"))
            if text:
                blocks.append(Block("heading", text, level=int(level) if (level or "").isdigit() else 1))
        elif tag == _q("text", "p"):
            text = odt_text(el).strip()
            if not text:
                continue
            style = (el.get(_q("text", "style-name")) or "").lower()
            if style in ("title", "titel"):
                blocks.append(Block("title", text))
                continue
            if _odt_all_bold(el, bold_styles):
                bold.add(len(blocks))
            blocks.append(Block("paragraph", text))
        elif tag == _q("text", "list"):
            for item in el.iter(_q("text", "list-item")):
                for p in item:
                    if p.tag in (_q("text", "p"), _q("text", "h")):
                        text = odt_text(p).strip()
                        if text:
                            blocks.append(Block("list", _BULLET.sub("", text)))
        elif tag == _q("table", "table"):
            rows: list[list[str]] = []
            for tr in el.iter(_q("table", "table-row")):
                cells = []
                for tc in tr.findall(_q("table", "table-cell")):
                    inner = [odt_text(p).strip() for p in tc.iter() if p.tag in (_q("text", "p"), _q("text", "h"))]
                    cells.append("\n".join(t for t in inner if t))
                rows.append(cells)
            table_blocks(rows, blocks)
        elif tag in (_q("text", "section"), _q("text", "index-body")):
            _odt_body(el, blocks, bold, bold_styles)


def _odt_properties(meta_root: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if meta_root is None:
        return props
    for key, tag in (
        ("author", _q("meta", "initial-creator")),
        ("last_modified_by", _q("dc", "creator")),
        ("title", _q("dc", "title")),
        ("subject", _q("dc", "subject")),
        ("created", _q("meta", "creation-date")),
        ("modified", _q("dc", "date")),
    ):
        el = meta_root.find(f".//{tag}")
        if el is not None and (el.text or "").strip():
            value = el.text.strip()
            props[key] = value[:10] if key in ("created", "modified") else value
    for el in meta_root.iter(_q("meta", "keyword")):
        if (el.text or "").strip():
            props["keywords"] = ", ".join(filter(None, [props.get("keywords"), el.text.strip()]))
    if "author" not in props and "last_modified_by" in props:
        props["author"] = props["last_modified_by"]
    return props


def blocks_as_text(blocks: list[Block]) -> str:
    """The plain text of blocks the way the reader has always shown documents: paragraphs and
    'cell | cell' table lines separated by blank lines."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "qa":
            out.append(f"{b.question} | {' '.join(b.text.split())}")
        elif b.kind == "meta":
            out.append(f"{b.key[:1].upper()}{b.key[1:]}: {b.text}" if b.key else b.text)
        else:
            out.append(b.text)
    return "\n\n".join(t for t in out if t.strip())
