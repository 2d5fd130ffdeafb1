"""Word and OpenDocument gespreksverslagen built in code for the verslag tests."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ANSWER_WERKDRUK = "Hoog; er staan twee vacatures open en de caseload is veertig gezinnen."


def _tracked(paragraph, kept: str, inserted: str, deleted: str, moved_away: str) -> None:
    """Append w:ins (accepted: stays), w:del and w:moveFrom (gone) runs to a paragraph."""
    def run(text: str, tag: str = "w:t"):
        r = OxmlElement("w:r")
        t = OxmlElement(tag)
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        return r

    paragraph.add_run(kept)
    for wrapper, text, tag in (("w:ins", inserted, "w:t"), ("w:del", deleted, "w:delText"), ("w:moveFrom", moved_away, "w:t")):
        el = OxmlElement(wrapper)
        el.set(qn("w:id"), str(abs(hash(text)) % 1000))
        el.set(qn("w:author"), "Redactie")
        el.append(run(text, tag))
        paragraph._p.append(el)


def verslag_docx(path: Path) -> Path:
    """A real-looking verslag: title, header table, Kop 1/Heading 2, a bold line, a numbered question,
    a list, a question | answer table, tracked changes, a comment, page header and footer."""
    d = docx.Document()
    d.core_properties.author = "P. Onderzoeker"
    d.core_properties.created = datetime(2026, 3, 12, 10, 0)
    kop1 = d.styles.add_style("Kop 1", WD_STYLE_TYPE.PARAGRAPH)  # a Dutch Word's built-in name
    kop1.font.bold = True
    d.add_paragraph("Gespreksverslag teamleider wijkteam", style="Title")
    header = d.add_table(rows=3, cols=2)
    for i, (k, v) in enumerate([("Gesprek met", "Jolanda Smit en Ruud Bakker"), ("Datum", "12 maart 2026"),
                                ("Status", "geaccordeerd op 20 maart 2026")]):
        header.cell(i, 0).text, header.cell(i, 1).text = k, v
    d.add_paragraph("2. Toegang", style="Kop 1")
    d.add_heading("2.1 Bereikbaarheid", level=2)
    p = d.add_paragraph()
    _tracked(p, "Het wijkteam is telefonisch ", "slecht ", "goed ", "VERPLAATST ")
    p.add_run("bereikbaar, aldus de teamleider.")
    d.add_comment(p.runs[0], text="GEHEIME OPMERKING", author="Redactie")
    d.add_paragraph("Inwoners wachten soms weken op een terugbelafspraak.")
    d.add_paragraph("Wachtlijst bijhouden in een spreadsheet", style="List Bullet")
    d.add_paragraph("Geen maximale wachttijd afgesproken", style="List Bullet")
    bold = d.add_paragraph().add_run("Samenwerking met huisartsen")
    bold.bold = True
    d.add_paragraph("Met twee praktijken is er een vast overleg.")
    d.add_paragraph("3. Hoe gaat het team om met de werkdruk?")
    d.add_paragraph("Er wordt veel overgewerkt, zegt de teamleider.")
    d.add_heading("4. Overige vragen", level=1)
    table = d.add_table(rows=3, cols=2)
    for i, (q, a) in enumerate([("Vraag", "Antwoord"), ("Hoe is de werkdruk?", ANSWER_WERKDRUK),
                                ("Wat moet beter?", "Een eigen telefoonnummer voor het wijkteam.")]):
        table.cell(i, 0).text, table.cell(i, 1).text = q, a
    d.sections[0].header.paragraphs[0].text = "KOPTEKST VERTROUWELIJK"
    d.sections[0].footer.paragraphs[0].text = "VOETTEKST pagina 1"
    d.save(str(path))
    return path


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
<office:automatic-styles><style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>WEGGEHAALD</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:p>Gesprek met: mevrouw De Vries</text:p>
<text:h text:outline-level="1">1. Toegang</text:h>
<text:h text:outline-level="2">1.1 Wachttijden</text:h>
<text:p>Zij wacht<text:change text:change-id="c1"/> al acht weken<office:annotation><dc:creator>X</dc:creator><text:p>NOTITIE</text:p></office:annotation> op een gesprek.</text:p>
<text:list><text:list-item><text:p>eerste punt</text:p></text:list-item><text:list-item><text:p>tweede<text:s text:c="2"/>punt</text:p></text:list-item></text:list>
<text:p><text:span text:style-name="B">Samenwerking</text:span></text:p>
<text:p>De huisarts belt het wijkteam zelden.<text:note><text:note-body><text:p>VOETNOOT</text:p></text:note-body></text:note></text:p>
<table:table><table:table-row><table:table-cell><text:p>Vraag</text:p></table:table-cell><table:table-cell><text:p>Antwoord</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Wat moet beter?</text:p></table:table-cell><table:table-cell><text:p>Sneller terugbellen.</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"""

ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:meta><meta:initial-creator>K. Verslag</meta:initial-creator><meta:creation-date>2026-03-14T09:00:00</meta:creation-date>
<dc:title>Gespreksverslag mevrouw De Vries</dc:title></office:meta></office:document-meta>"""


def verslag_odt(path: Path, content: str = ODT_CONTENT) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("meta.xml", ODT_META)
        z.writestr("styles.xml", "<office:document-styles xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'/>")
    path.write_bytes(buffer.getvalue())
    return path
