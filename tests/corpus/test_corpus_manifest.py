"""Manifests (CSV and YAML) and their use by ingest_file."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.corpus import IngestError, ManifestError, ingest_file, load_manifest
from analysis.domain import SourceKind


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "els.txt").write_text("I: Hoe gaat het?\nR: Goed.\nI: Fijn.\n", encoding="utf-8")
    (tmp_path / "interviews" / "henk.txt").write_text("I: En u?\nR: Ook goed.\nI: Mooi.\n", encoding="utf-8")
    return tmp_path


def test_csv_manifest(folder: Path) -> None:
    manifest = folder / "manifest.csv"
    manifest.write_text(
        "file,municipality,study,kind,respondent_group,date,participant,age_group,wijk\n"
        "interviews/els.txt,Heemsteden,Evaluatie 2026,interview,Cliënt,2026-03-03,R01,30-49,De Gaarden\n"
        "interviews/henk.txt,Heemsteden,Evaluatie 2026,groepsinterview,mantelzorger,05-03-2026,R02,70+,\n",
        encoding="utf-8",
    )
    entries = load_manifest(manifest)
    els = entries[str((folder / "interviews" / "els.txt").resolve())]
    assert els.file == (folder / "interviews" / "els.txt").resolve()
    assert (els.municipality, els.study, els.kind) == ("Heemsteden", "Evaluatie 2026", SourceKind.INTERVIEW)
    assert (els.respondent_group, els.date, els.participant) == ("cliënt", "2026-03-03", "R01")
    assert els.metadata == {"age_group": "30-49", "wijk": "De Gaarden"}
    assert els.row == 2
    henk = entries[str((folder / "interviews" / "henk.txt").resolve())]
    assert henk.kind is SourceKind.GROUP_INTERVIEW
    assert henk.date == "2026-03-05"  # day-first Dutch dates become ISO
    assert henk.metadata == {"age_group": "70+"}  # empty cells are left out


def test_csv_with_semicolons_dutch_headers_and_cp1252(folder: Path) -> None:
    manifest = folder / "bronnen.csv"
    manifest.write_bytes(
        "Bestand;Gemeente;Soort;Respondentgroep;Datum;Deelnemer;Leeftijdsgroep\n"
        "interviews/els.txt;Súdwest-Fryslân;interview;inwoner;2026-03;R01;18-29\n".encode("cp1252")
    )
    entry = load_manifest(manifest)[str((folder / "interviews" / "els.txt").resolve())]
    assert entry.municipality == "Súdwest-Fryslân"
    assert entry.date == "2026-03"
    assert entry.metadata == {"age_group": "18-29"}


def test_yaml_list_manifest(folder: Path) -> None:
    manifest = folder / "manifest.yaml"
    manifest.write_text(
        "- file: interviews/els.txt\n  municipality: Heemsteden\n  kind: interview\n  date: 2026-03-03\n  wijk: Vliethof\n"
        "- file: interviews/henk.txt\n  kind: verhaal\n",
        encoding="utf-8",
    )
    entries = load_manifest(manifest)
    els = entries[str((folder / "interviews" / "els.txt").resolve())]
    assert els.date == "2026-03-03" and els.metadata == {"wijk": "Vliethof"} and els.row == 1
    assert entries[str((folder / "interviews" / "henk.txt").resolve())].kind is SourceKind.STORY


def test_yaml_with_defaults_and_mapping_form(folder: Path) -> None:
    with_defaults = folder / "a.yml"
    with_defaults.write_text(
        "defaults:\n  municipality: Lindewaard\n  study: Evaluatie\nfiles:\n"
        "  - file: interviews/els.txt\n  - file: interviews/henk.txt\n    municipality: Oosterzande\n",
        encoding="utf-8",
    )
    entries = load_manifest(with_defaults)
    assert [e.municipality for e in entries.values()] == ["Lindewaard", "Oosterzande"]
    assert all(e.study == "Evaluatie" for e in entries.values())
    mapping = folder / "b.yaml"
    mapping.write_text("interviews/els.txt:\n  participant: R01\ninterviews/henk.txt:\n", encoding="utf-8")
    assert [e.participant for e in load_manifest(mapping).values()] == ["R01", None]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("naam,gemeente\nels.txt,X\n", "manifest.csv: row 1: no 'file' column (columns found: 'naam', 'gemeente')"),
        (
            "file,kind\ninterviews/els.txt,interview\ninterviews/henk.txt,podcast\n",
            "manifest.csv: row 3: unknown source kind 'podcast'",
        ),
        ("file,date\ninterviews/els.txt,31-02-2026\n", "manifest.csv: row 2: date '31-02-2026' is not a valid date"),
        ("file,date\ninterviews/els.txt,maart\n", "manifest.csv: row 2: date 'maart' is not understood"),
        ("file,municipality\n,Heemsteden\n", "manifest.csv: row 2: the 'file' value is empty"),
        (
            "file\ninterviews/els.txt\n./interviews/els.txt\n",
            "manifest.csv: row 3: './interviews/els.txt' is listed twice (also row 2)",
        ),
        (
            "file,kind\ninterviews/els.txt,interview,extra\n",
            "manifest.csv: row 2: 3 values but the header has 2 columns",
        ),
        ("file,file\na,b\n", "manifest.csv: row 1: column(s) 'file' appear more than once"),
        ("", "manifest.csv: the manifest is empty"),
    ],
)
def test_csv_errors_name_manifest_row_and_problem(folder: Path, content: str, message: str) -> None:
    manifest = folder / "manifest.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(manifest)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, IngestError)


def test_missing_file_is_reported_when_checked(folder: Path) -> None:
    manifest = folder / "manifest.csv"
    manifest.write_text("file\ninterviews/els.txt\ninterviews/intervew7.txt\n", encoding="utf-8")
    assert len(load_manifest(manifest)) == 2  # by default absent files keep their entry
    with pytest.raises(ManifestError, match=r"^manifest\.csv: row 3: file 'interviews/intervew7\.txt' does not exist"):
        load_manifest(manifest, check_files=True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- file: a.txt\n  kind: interview\n bad: indent\n", "manifest.yaml: line 3: not valid YAML"),
        ("- file: a.txt\n- 42\n", "manifest.yaml: entry 2: expected a mapping of keys to values, got int"),
        ("- municipality: X\n", "manifest.yaml: entry 1: the 'file' value is empty"),
        ("- file: a.txt\n  kind: podcast\n", "manifest.yaml: entry 1: unknown source kind 'podcast'"),
        ("just a string\n", "manifest.yaml: expected a list of entries"),
        ("- file: a.txt\n  wijk: [Noord, Zuid]\n", "manifest.yaml: entry 1: 'wijk' must be a single value, not a list"),
    ],
)
def test_yaml_errors(folder: Path, content: str, message: str) -> None:
    manifest = folder / "manifest.yaml"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(manifest)
    assert str(info.value).startswith(message)


def test_yaml_alias_bomb_is_refused_quickly(folder: Path) -> None:
    lines = ["a0: &a0 [w, w, w, w, w, w, w, w, w, w]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    lines += ["files:", "  - file: interviews/els.txt", "    municipality: *a8"]
    manifest = folder / "manifest.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"^manifest\.yaml: line \d+.*refused: aliases"):
        load_manifest(manifest)


def test_unsupported_manifest_type(folder: Path) -> None:
    manifest = folder / "manifest.xlsx"
    manifest.write_bytes(b"PK")
    with pytest.raises(ManifestError, match=r"^manifest\.xlsx: unsupported manifest type"):
        load_manifest(manifest)


def test_ingest_file_uses_the_manifest(folder: Path) -> None:
    manifest = folder / "manifest.csv"
    manifest.write_text(
        "file,municipality,kind,respondent_group,participant,wijk\n"
        "interviews/els.txt,Heemsteden,straatinterview,inwoner,R01,Vliethof\n",
        encoding="utf-8",
    )
    entries = load_manifest(manifest)
    source, passages = ingest_file(folder / "interviews" / "els.txt", manifest=entries)
    assert source.kind is SourceKind.STREET_INTERVIEW
    assert (source.municipality, source.respondent_group, source.participant) == ("Heemsteden", "inwoner", "R01")
    assert source.metadata["wijk"] == "Vliethof"
    assert [p.speaker for p in passages] == ["I", "R", "I"]
    # explicit arguments win over the manifest
    source, _ = ingest_file(folder / "interviews" / "els.txt", manifest=entries, municipality="Anders")
    assert source.municipality == "Anders"
    # files the manifest does not list get no metadata
    other, _ = ingest_file(folder / "interviews" / "henk.txt", manifest=entries)
    assert other.municipality is None and other.kind is SourceKind.INTERVIEW
