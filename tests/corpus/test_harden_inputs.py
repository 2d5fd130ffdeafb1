"""Smaller holes of issue 14, point 10: encrypted PDFs, rich markup in `duiding passages`, .docx entities."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from corpus_testdata import build_pdf
from test_corpus_docx_limits import docx_bytes
from typer.testing import CliRunner

from analysis.cli import app
from analysis.corpus import IngestError, ingest_file
from analysis.corpus.batch import ingest_paths
from analysis.errors import message
from analysis.store import Project

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("cryptography")

LINES = [["R: De wijkcoach kwam bij ons thuis en luisterde goed naar wat wij nodig hadden."]]


def _encrypted(user_password: str, algorithm: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(build_pdf(LINES))))
    writer.encrypt(user_password=user_password, owner_password="eigenaar-sleutel", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_pdf_without_an_opening_password_is_read(tmp_path: Path, algorithm):
    path = tmp_path / "beveiligd.pdf"
    path.write_bytes(_encrypted("", algorithm))
    source, passages = ingest_file(path)
    assert "wijkcoach" in source.text and passages


def test_a_pdf_with_a_password_is_called_versleuteld(tmp_path: Path):
    path = tmp_path / "geheim.pdf"
    path.write_bytes(_encrypted("open-sesam", "AES-256"))
    with pytest.raises(IngestError) as caught:
        ingest_file(path)
    text = message(caught.value, "nl")
    assert text.startswith("geheim.pdf: ") and "versleuteld" in text


def test_passages_show_transcript_markup_as_text(tmp_path: Path):
    path = tmp_path / "int.txt"
    path.write_text("I: Hoe ging dat?\n\nR: Nou [lacht] het was [onverstaanbaar] lastig [bold]echt[/bold].\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(tmp_path / "p")]).exit_code == 0
    assert runner.invoke(app, ["ingest", "-p", str(tmp_path / "p"), str(path)]).exit_code == 0
    res = runner.invoke(app, ["passages", "-p", str(tmp_path / "p")])
    assert res.exit_code == 0
    assert "[lacht]" in res.output and "[onverstaanbaar]" in res.output and "[bold]echt[/bold]" in res.output


def test_a_docx_declaring_an_entity_is_imported_with_a_warning(tmp_path: Path):
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY extern SYSTEM "file:///etc/hostname">]>\n'
        f"<w:document {w}><w:body><w:p><w:r><w:t>Begin &extern; en de wijkcoach hielp.</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>R: Tweede alinea over de wachtlijst.</w:t></w:r></w:p></w:body></w:document>"
    )
    src = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, xml.encode() if info.filename == "word/document.xml" else src.read(info))
    path = tmp_path / "entiteit.docx"
    path.write_bytes(out.getvalue())
    with Project.create(tmp_path / "p") as project:
        result = ingest_paths(project, [path])
        fr = result.files[0]
        assert fr.status == "imported", fr.reason
        assert "externe entiteit" in fr.reason  # said, not silently dropped
        source = project.get_source(fr.source_id)
        assert any("externe entiteit" in w for w in source.metadata["ingest"]["warnings"])
