"""Zip-bomb guards of the .docx reader: declared sizes and compression ratio, checked before parsing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from analysis.corpus import IngestError, ingest_file, limits


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("I: Hoe ervaart u de hulp van het wijkteam?")
    document.add_paragraph("R: Heel goed. De consulent kwam bij ons thuis.")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def with_padded_document(template: bytes, padding: int, filler: bytes | None = None) -> bytes:
    """``template`` with ``padding`` spaces (or ``filler``) inside word/document.xml (spaces pack about 1000 times smaller)."""
    src = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, sep, tail = data.partition(b"<w:body>")
                data = head + sep + (b" " * padding if filler is None else filler) + tail
            zf.writestr(info.filename, data)
    return out.getvalue()


def test_a_member_that_packs_suspiciously_well_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bom.docx"
    path.write_bytes(with_padded_document(docx_bytes(), 3_000_000))
    source, passages = ingest_file(path)  # below the size where the ratio counts: read normally
    assert "consulent kwam" in source.text and passages
    monkeypatch.setattr(limits, "DOCX_RATIO_MIN_SIZE", 1_000_000)  # the threshold scaled down with the file
    with pytest.raises(IngestError) as info:
        ingest_file(path)
    message = str(info.value)
    assert message.startswith("bom.docx: word/document.xml would unpack to 3 MB from ")
    assert message.endswith(
        f"packs more than {limits.MAX_DOCX_RATIO} times smaller than any real document); "
        "refused as a possible zip bomb"
    )


def test_an_ordinary_ratio_is_not_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real Word XML packs far less than the bomb threshold, even when every member counts."""
    path = tmp_path / "gewoon.docx"
    path.write_bytes(docx_bytes())
    monkeypatch.setattr(limits, "DOCX_RATIO_MIN_SIZE", 0)
    source, _ = ingest_file(path)
    assert "consulent kwam" in source.text


def test_the_total_limit_counts_declared_sizes_before_unpacking(tmp_path: Path, monkeypatch) -> None:
    data = with_padded_document(docx_bytes(), 2_500_000)
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    path = tmp_path / "groot.docx"
    path.write_bytes(data)
    monkeypatch.setattr(limits, "MAX_DOCX_UNPACKED", declared - 1)
    monkeypatch.setattr(docx, "Document", lambda *a, **k: pytest.fail("parsed despite the size limit"))
    with pytest.raises(IngestError) as info:
        ingest_file(path)
    assert str(info.value) == (
        f"groot.docx: the .docx would unpack to {declared // 1_000_000} MB "
        f"(more than {(declared - 1) // 1_000_000} MB); refused as a possible zip bomb"
    )


def test_a_member_larger_than_its_header_declares_is_damaged(tmp_path: Path) -> None:
    """zipfile never yields more than the declared size, which is why checking declared sizes suffices."""
    data = bytearray(docx_bytes())
    member = b"word/document.xml"
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(member.decode())
    small = (info.file_size // 2).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = small  # local header: uncompressed size
    pos = data.find(b"PK\x01\x02")
    while pos != -1:  # central directory entry of the member: uncompressed size
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == member:
            data[pos + 24 : pos + 28] = small
        pos = data.find(b"PK\x01\x02", pos + 4)
    got = 0
    with (
        pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"),
        zipfile.ZipFile(io.BytesIO(bytes(data))) as zf,
        zf.open(member.decode()) as fh,
    ):
        while chunk := fh.read(1024):
            got += len(chunk)
    assert got <= info.file_size // 2
    path = tmp_path / "gelogen.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match=r"^gelogen\.docx: not a valid \.docx file \(the zip archive is damaged"):
        ingest_file(path)
