"""Damaged and hostile story files: a StoryImportError naming the file, never another exception.

Regression tests for the robustness findings: stories longer than the csv
module's field limit, damaged deflate streams and headers inside .xlsx files,
and .xlsx zip bombs.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from analysis.stories import importer
from analysis.stories.importer import StoryImportError, import_stories, read_table

# the columns of the question set in conftest.py (the ``questions`` fixture)
HEADER = "id,title,story,rol_1,rol_2,rol_3,duur,steun,thema,baas,leeftijd"
ROW = "a,Markt,{story},60,20,20,80,gesprek,wonen,Sneller bellen,70+"


def test_a_story_longer_than_the_default_csv_field_limit_imports(write_csv, questions) -> None:
    story = "De buurtcoach hielp. " * 10_000  # about 210 KB, above the csv module's default 128 KB
    result = import_stories(write_csv(ROW.format(story=f'"{story}"')), questions)
    assert result.ok
    assert result.collection.stories[0].text == story.strip()


@pytest.fixture
def small_field_limit(monkeypatch: pytest.MonkeyPatch):
    """The process-wide csv field limit set low for one test (and restored after it)."""
    old = csv.field_size_limit()
    csv.field_size_limit(1000)
    monkeypatch.setattr(importer, "CSV_FIELD_LIMIT", 1000)
    yield
    csv.field_size_limit(old)


def test_a_csv_error_names_the_file_and_row(write_csv, questions, small_field_limit) -> None:
    rows = [
        ROW.format(story="Kort."),
        ROW.format(story="Ook kort.").replace("a,", "b,", 1),
        ROW.format(story="x" * 2000),
    ]
    path = write_csv(*rows)
    with pytest.raises(StoryImportError) as info:
        import_stories(path, questions)
    message = str(info.value)
    assert message.startswith(f"{path}: row 4 (line 4): not readable as CSV (field larger than field limit")


def test_reading_a_csv_never_lowers_the_field_limit(write_csv) -> None:
    old = csv.field_size_limit()
    try:
        csv.field_size_limit(importer.CSV_FIELD_LIMIT * 2)
        read_table(write_csv(ROW.format(story="Kort.")))
        assert csv.field_size_limit() == importer.CSV_FIELD_LIMIT * 2
    finally:
        csv.field_size_limit(old)


# --------------------------------------------------------------------------- xlsx


def xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    for i in range(30):
        ws.append(
            [f"s{i}", "Titel", f"Verhaal {i} over de buurtcoach.", 0.6, 0.2, 0.2, 0.8, "gesprek", "wonen", "na", "70+"]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def damage_member(data: bytes, member: str) -> bytes:
    """Overwrite bytes in the middle of ``member``'s deflate stream (its local header stays intact)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    raw = bytearray(data)
    offset = info.header_offset
    name_len = int.from_bytes(raw[offset + 26 : offset + 28], "little")
    extra_len = int.from_bytes(raw[offset + 28 : offset + 30], "little")
    start = offset + 30 + name_len + extra_len
    middle = start + max(info.compress_size // 2 - 24, 0)
    for k, i in enumerate(range(middle, min(middle + 48, start + info.compress_size))):
        raw[i] = (0xA5 + 37 * k) & 0xFF
    return bytes(raw)


def test_the_undamaged_workbook_imports(tmp_path: Path, questions) -> None:
    path = tmp_path / "verhalen.xlsx"
    path.write_bytes(xlsx_bytes())
    result = import_stories(path, questions)
    assert result.ok and len(result.collection.stories) == 30


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/styles.xml"])
def test_a_damaged_deflate_stream_is_a_story_import_error(tmp_path: Path, questions, member: str) -> None:
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(damage_member(xlsx_bytes(), member))
    with zipfile.ZipFile(path) as zf, pytest.raises(zlib.error):
        zf.read(member)  # the damage the test is about: zlib itself fails, not just the CRC check
    with pytest.raises(StoryImportError) as info:
        import_stories(path, questions)
    assert str(info.value).startswith(f"{path}: ")


def test_an_unknown_compression_method_is_a_story_import_error(tmp_path: Path, questions) -> None:
    member = b"xl/worksheets/sheet1.xml"
    data = bytearray(xlsx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        data[zf.getinfo(member.decode()).header_offset + 8] = 99  # method 99 in the local header
    pos = data.find(b"PK\x01\x02")
    while pos != -1:  # ... and in the member's central directory entry
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == member:
            data[pos + 10] = 99
        pos = data.find(b"PK\x01\x02", pos + 4)
    path = tmp_path / "methode.xlsx"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf, pytest.raises(NotImplementedError):
        zf.read(member.decode())  # the damage the test is about
    with pytest.raises(StoryImportError) as info:
        import_stories(path, questions)
    assert str(info.value).startswith(f"{path}: ")
    assert "NotImplementedError" in str(info.value)


def test_an_xlsx_that_unpacks_too_large_is_refused(tmp_path: Path, questions, monkeypatch) -> None:
    path = tmp_path / "groot.xlsx"
    path.write_bytes(xlsx_bytes())
    monkeypatch.setattr(importer, "XLSX_MAX_UNPACKED", 10_000)  # the limit scaled down with the file
    with pytest.raises(StoryImportError, match=r"the workbook would unpack to 0 MB \(more than 0 MB\); refused"):
        import_stories(path, questions)


def test_an_xlsx_member_that_packs_suspiciously_well_is_refused(tmp_path: Path, questions, monkeypatch) -> None:
    template = xlsx_bytes()
    src = zipfile.ZipFile(io.BytesIO(template))
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, sep, tail = data.partition(b"<sheetData>")
                data = head + sep + b" " * 3_000_000 + tail  # packs about 1000 times smaller
            zf.writestr(info.filename, data)
    assert import_stories(path, questions).ok  # a small member: below the size where the ratio counts
    monkeypatch.setattr(importer, "XLSX_RATIO_MIN_SIZE", 1_000_000)
    with pytest.raises(StoryImportError, match=r"xl/worksheets/sheet1\.xml would unpack to 3 MB from .*zip bomb"):
        import_stories(path, questions)


def test_a_file_that_is_not_a_zip_is_a_story_import_error(tmp_path: Path, questions) -> None:
    path = tmp_path / "nep.xlsx"
    path.write_bytes(b"id,story\n1,Geen werkmap.\n")
    with pytest.raises(StoryImportError, match=r"not a readable XLSX workbook \(BadZipFile: "):
        import_stories(path, questions)


@pytest.mark.parametrize("what", ["mapping", "manifest"])
def test_broken_yaml_side_files_are_story_import_errors(tmp_path: Path, write_csv, questions, what: str) -> None:
    side = tmp_path / f"{what}.yaml"
    side.write_bytes(b"questions: [\n" if what == "mapping" else "collections: \xe9\n".encode("cp1252"))
    with pytest.raises(StoryImportError) as info:
        if what == "mapping":
            import_stories(write_csv(ROW.format(story="Kort.")), questions, side)
        else:
            importer.import_manifest(side)
    assert str(info.value).startswith(str(side))
