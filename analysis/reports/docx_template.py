"""Word documents on a rekenkamer's own template, with Word's built-in styles and a table of contents.

* :func:`open_document` — a new document, or one on a ``.dotx`` template (python-docx opens only
  documents: the template's main part is relabelled as a document in memory) whose styles, page
  setup, headers and footers are kept and whose body (sample text, a cover page) is left out.
* :func:`style_or` — a style by its built-in name when the document has it (a template may lack
  "Quote" or "Table Grid"), else None (the default style).
* :func:`add_toc` — a table-of-contents field (``TOC \\o "1-2" \\h \\z \\u``) on the built-in
  heading styles, filled with the headings as they are now so it reads before the field is
  updated; Word is asked to update fields when it opens the document (page numbers).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import DuidingError, display_name

TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4")
TOC_TITLE = "Inhoud"
TOC_HINT = "Werk de inhoudsopgave bij in Word (F9 of rechtsklik › Veld bijwerken) voor de paginanummers."


class TemplateError(DuidingError, ValueError):
    default_key = "draft.template_invalid"


def template_bytes(template: str | Path | bytes, name: str = "sjabloon.dotx") -> bytes:
    """The template (a file, or its bytes, e.g. an upload) as the bytes of a .docx package (a .dotx's
    content type switched to document)."""
    path = Path(name) if isinstance(template, (bytes, bytearray)) else Path(template)
    try:
        raw = bytes(template) if isinstance(template, (bytes, bytearray)) else path.read_bytes()
        source = zipfile.ZipFile(io.BytesIO(raw))
        types = source.read("[Content_Types].xml")
    except FileNotFoundError:
        raise TemplateError("general.file_not_found", file=display_name(path)) from None
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise TemplateError(file=display_name(path), reason=str(exc) or type(exc).__name__) from None
    if TEMPLATE_TYPE not in types:
        return raw
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
            target.writestr(item, data)
    return out.getvalue()


def open_document(template: str | Path | bytes | None = None) -> Any:
    """A python-docx Document: empty, or on ``template`` (.dotx/.docx, a file or its bytes) without the
    template's body text."""
    from docx import Document

    if template is None:
        return Document()
    name = "sjabloon.dotx" if isinstance(template, (bytes, bytearray)) else display_name(template)
    try:
        doc = Document(io.BytesIO(template_bytes(template, name)))
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a broken package
        raise TemplateError(file=name, reason=str(exc) or type(exc).__name__) from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    for name in HEADING_STYLES:
        _ensure_heading_style(doc, name)
    return doc


def style_or(doc: Any, name: str) -> str | None:
    """``name`` when the document defines that style, else None (python-docx then uses the default)."""
    try:
        doc.styles[name]
    except KeyError:
        return None
    return name


def _ensure_heading_style(doc: Any, name: str) -> None:
    """Add a built-in heading style the template lacks (Word then still treats it as "Kop n")."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if style_or(doc, name):
        return
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold = True
    level = 0 if name == "Title" else int(name.rsplit(" ", 1)[1])
    style.font.size = Pt({0: 24, 1: 16, 2: 13, 3: 12, 4: 11}[level])
    if level:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)


def _field_run(paragraph: Any, kind: str, instruction: str | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    if instruction is not None:
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        run._r.append(text)
        return
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recomputes the field (page numbers) on opening
    run._r.append(char)


def add_toc(doc: Any, entries: Sequence[tuple[int, str]] = (), *, levels: int = 2) -> None:
    """A table of contents on Heading 1..``levels``, showing ``entries`` ``(level, text)`` until updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    title = doc.add_paragraph(style=style_or(doc, "TOC Heading"))
    run = title.add_run(TOC_TITLE)
    run.bold = True
    run.font.size = Pt(14)
    shown = [(lvl, text) for lvl, text in entries if 1 <= lvl <= levels] or [(1, TOC_HINT)]
    paragraphs = []
    for lvl, text in shown:
        p = doc.add_paragraph(style=style_or(doc, f"toc {lvl}"))
        p.paragraph_format.left_indent = Pt(14 * (lvl - 1))
        p.paragraph_format.space_after = Pt(2)
        paragraphs.append((p, text))
    first, last = paragraphs[0][0], paragraphs[-1][0]
    _field_run(first, "begin")
    _field_run(first, "", f' TOC \\o "1-{levels}" \\h \\z \\u ')
    _field_run(first, "separate")
    for p, text in paragraphs:
        p.add_run(text)
    _field_run(last, "end")
    if entries:
        doc.add_paragraph().add_run(TOC_HINT).italic = True
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        # Word checks the order of w:settings' children: updateFields comes before these.
        later = next((c for c in settings if c.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS), None)
        if later is None:
            settings.append(update)
        else:
            later.addprevious(update)


_AFTER_UPDATE_FIELDS = frozenset(
    ["hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"]
)
