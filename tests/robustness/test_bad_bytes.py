"""Every importer against random, truncated, damaged and wrongly encoded input.

An importer must either import correctly or raise its own exception type with
the file's name in the message -- never another exception, never a hang, never
a half-written project (see robust_helpers.check_contract).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_helpers import check_contract, corrupt_member, importers, sample

IMPORTERS = importers()
NAMES = sorted(IMPORTERS)
# format signatures, so random bytes also get past the first "is this a zip/pdf/..." check
MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe", b"WEBVTT\n\n",
         b"1\n00:00:01,000 --> 00:00:02,000\n", b"<?xml version='1.0'?>", b"id: x\nname: y\ncodes:\n", b"id,story\n"]

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(prefix=st.sampled_from(MAGIC), body=st.binary(max_size=3000))
def test_random_bytes(name, prefix, body, tmp_path, project):
    imp = IMPORTERS[name]
    path = tmp_path / f"willekeurig{imp.suffix}"
    path.write_bytes(prefix + body)
    check_contract(imp, path, project)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(cut=st.floats(0, 1, exclude_max=True))
def test_truncated_files(name, cut, tmp_path, project):
    imp = IMPORTERS[name]
    data = sample(name)
    path = tmp_path / f"afgebroken{imp.suffix}"
    path.write_bytes(data[: int(len(data) * cut)])
    check_contract(imp, path, project)


@pytest.mark.parametrize("name", NAMES)
def test_the_valid_samples_import(name, tmp_path, project):
    """The samples the other tests damage are themselves fine (else the tests prove nothing)."""
    imp = IMPORTERS[name]
    path = tmp_path / f"goed{imp.suffix}"
    path.write_bytes(sample(name))
    assert check_contract(imp, path, project) == "ok"
    if name.startswith("stories."):
        assert imp.run(path, project).ok


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_flipped_bytes(name, data, tmp_path, project):
    imp = IMPORTERS[name]
    raw = bytearray(sample(name))
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] ^= 1 << data.draw(st.integers(0, 7))
    path = tmp_path / f"beschadigd{imp.suffix}"
    path.write_bytes(bytes(raw))
    check_contract(imp, path, project)


@pytest.mark.parametrize(
    "name, member",
    [
        ("ingest.docx", "word/document.xml"),
        ("ingest.docx", "word/styles.xml"),
        ("stories.xlsx", "xl/worksheets/sheet1.xml"),
        ("stories.xlsx", "xl/styles.xml"),
        ("refi.qdpx", "project.qde"),
        ("refi.qdpx", "duiding.json"),
    ],
)
def test_damaged_deflate_stream_inside_the_archive(name, member, tmp_path, project):
    imp = IMPORTERS[name]
    path = tmp_path / f"kapot{imp.suffix}"
    path.write_bytes(corrupt_member(sample(name), member))
    check_contract(imp, path, project)


def test_damaged_source_inside_a_qdpx(tmp_path, project):
    import io
    import zipfile

    imp = IMPORTERS["refi.qdpx"]
    with zipfile.ZipFile(io.BytesIO(sample("refi.qdpx"))) as zf:
        member = next(n for n in zf.namelist() if n.startswith("Sources/"))
    path = tmp_path / "kapotte-bron.qdpx"
    path.write_bytes(corrupt_member(sample("refi.qdpx"), member))
    check_contract(imp, path, project)


@pytest.mark.parametrize("name", ["ingest.txt", "ingest.md", "ingest.vtt", "ingest.srt", "stories.csv"])
def test_empty_and_whitespace_files(name, tmp_path, project):
    imp = IMPORTERS[name]
    for i, content in enumerate([b"", b"   \n\n\t  \n", b"\xef\xbb\xbf", b"\x00" * 64]):
        path = tmp_path / f"leeg{i}{imp.suffix}"
        path.write_bytes(content)
        check_contract(imp, path, project)


TEXT = "I: Hoe gaat het met u?\n\nR: Goed, de wijkcoach helpt met één aanvraag per week; ik ben tevreden.\n\nI: Dank u.\n"


@pytest.mark.parametrize(
    "encoding, prefix",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
        ("latin-1", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),  # no byte order mark: an error is fine, garbage is not
        ("mac_roman", b""),
    ],
)
def test_text_encodings(encoding, prefix, tmp_path, project):
    imp = IMPORTERS["ingest.txt"]
    path = tmp_path / f"interview-{encoding}.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    if check_contract(imp, path, project) == "ok":
        from analysis.corpus import ingest_file

        source, _ = ingest_file(path)
        assert "wijkcoach helpt" in source.text and "\x00" not in source.text
        if encoding != "mac_roman":  # mac_roman is indistinguishable from cp1252 for these bytes
            assert "één" in source.text


def test_mixed_encodings_in_one_file(tmp_path, project):
    """UTF-8 with a stray cp1252 byte: read, or a clear error."""
    path = tmp_path / "gemengd.txt"
    path.write_bytes(TEXT.encode("utf-8") + "Caf\xe9 en ré".encode("cp1252") + b"\n")
    check_contract(IMPORTERS["ingest.txt"], path, project)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_story_csv_encodings(encoding, tmp_path, project):
    path = tmp_path / f"verhalen-{encoding}.csv"
    path.write_bytes(sample("stories.csv").decode("utf-8").replace("moestuin", "moestuin café").encode(encoding))
    assert check_contract(IMPORTERS["stories.csv"], path, project) == "ok"
    result = IMPORTERS["stories.csv"].run(path, project)
    assert result.ok and "moestuin café" in result.collection.stories[0].text


def test_story_longer_than_the_csv_field_limit(tmp_path, project):
    """A long story (> 128 KB, Python's default csv field limit) is a story, not a crash."""
    from robust_helpers import STORY_HEADER

    path = tmp_path / "lang-verhaal.csv"
    row = ["001", "woord " * 30000, 0.5, 0.3, 0.2, 0.2, 0.3, 0.5, 0.8, 0.7, "begeleiding", "na", "70+", "mezelf", "Wmo"]
    path.write_text(",".join(STORY_HEADER) + "\n" + ",".join(f'"{v}"' for v in row) + "\n", encoding="utf-8")
    check_contract(IMPORTERS["stories.csv"], path, project)


def test_codebook_yaml_not_utf8(tmp_path, project):
    path = tmp_path / "codeboek.yaml"
    path.write_bytes("id: test\nname: Café\ncodes:\n  - id: a\n    name: Één\n".encode("cp1252"))
    check_contract(IMPORTERS["codebook.yaml"], path, project)
