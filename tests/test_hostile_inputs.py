"""Hostile inputs a researcher brings, through the functions the pages call and through the command line.

Whatever the file (empty, a zip of junk, the wrong encoding, semicolons, a tab in YAML, a REFI project whose
source is missing), the failure is a Dutch message that names the file (never a temporary folder) and the
problem, the project is left as it was, and the command line prints one line, no traceback. One test per class
of failure; the English text (``str(err)``, the CLI's default) is covered by the tests of each capability.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analysis.errors import message

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "corpora" / "demo" / "stories" / "questions.yaml"
GENERIC = ROOT / "codebooks" / "sociaal-domein.yaml"
# words that give an English text away (the Dutch texts do not use them)
ENGLISH = re.compile(r"\b(the|not|cannot|expected|missing|must|invalid|unknown|found|error|failed)\b")


def _dutch(text: str, name: str, tmp_path: Path, *words: str) -> str:
    assert name in text, text
    assert str(tmp_path) not in text and "duiding-" not in text, text  # no (temporary) folder
    assert not ENGLISH.search(text), text
    for word in words:
        assert word in text, text
    return text


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def project(tmp_path):
    from analysis.store import Project

    p = Project.create(tmp_path / "project")
    yield p
    p.close()


def _state(project) -> tuple:
    return (len(project.sources()), tuple(project.codebook_ids()), len(project.codings()))


# -- documents on the Project page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("leeg.docx", b"", ["leeg"]),
        ("junk.docx", _zip({"junk.bin": b"\0" * 64}), ["Word-bestand"]),
        ("oud.docx", b"\xd0\xcf\x11\xe0 een oud doc-bestand", ["Word-bestand"]),
        ("binair.txt", bytes(range(256)) * 8, ["tekstbestand"]),
        ("leeg.pdf", b"", ["leeg"]),
        ("kapot.pdf", b"%PDF-1.4\n rommel", ["pdf"]),
        ("spaties.txt", b"  \n\t\n ", ["geen leesbare tekst"]),
    ],
)
def test_a_broken_document_is_a_dutch_message_and_nothing_is_stored(tmp_path, project, name, data, words):
    from analysis.corpus.batch import ingest_paths

    upload = tmp_path / "duiding-upload-x" / name  # as the page writes it: a temporary folder
    upload.parent.mkdir()
    upload.write_bytes(data)
    before = _state(project)
    result = ingest_paths(project, [upload])
    (failed,) = result.failed
    _dutch(message(failed.error, "nl"), name, tmp_path, *words)
    assert _state(project) == before


def test_a_manifest_yaml_with_a_tab_says_so_in_dutch(tmp_path, project):
    from analysis.corpus.batch import ingest_paths

    (tmp_path / "els.txt").write_text("I: Hoe gaat het?\n\nR: Goed.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("files:\n\t- file: els.txt\n", encoding="utf-8")
    result = ingest_paths(project, [tmp_path / "els.txt"], manifest=manifest)
    assert result.failed and not result.imported
    text = message(result.failed[0].error, "nl")
    assert "manifest.yaml" in text and "tab" in text and "spaties" in text, text
    assert "cannot start any token" not in text
    assert _state(project)[0] == 0


# -- codebooks -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"id: x\nname: X\ncodes:\n\t- id: a\n", ["regel 4", "er staat een tab", "spaties"]),
        (b"id: x\nname: X\ncodes:\n  - id: a\n    name: A\n   naam: B\n", ["geen geldige YAML", "regel"]),
        (b"id: x\nname: X\ncodes:\n  - id: a\n    name: A\n    keywords: [loket, '']\n", ["item 1", "leeg trefwoord"]),
        (b"id: x\nname: X\ncodes:\n  - id: a\n    name: A\n    keywords: [a]\n", ["'a' is te kort"]),
        (b"id: x\nname: X\ncodes:\n  - id: a\n    name: A\n    keywords: [loket, Loket]\n", ["twee keer"]),
        (b"id: x\nname: X\ncodes:\n  - id: a\n    name: A\n    respondent_groups: [marsbewoner]\n",
         ["onbekende respondentgroep 'marsbewoner'"]),
    ],
)
def test_a_broken_codebook_is_dutch_line_by_line(tmp_path, content, words):
    from analysis.codebook import CodebookError, load_codebook

    path = tmp_path / "duiding-codebook-x" / "boek.yaml"
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    # "codes[0] (a): keywords:" is the location, kept as written in the file
    text = message(caught.value, "nl").replace("keywords:", "").replace("respondent_groups:", "")
    _dutch(text, "boek.yaml", tmp_path, *words)


# -- REFI-QDA and story uploads on the Exchange page ------------------------------------------------------------

_QDE_MISSING_SOURCE = (
    b'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
    b'<TextSource guid="11111111-1111-4111-8111-111111111111" name="weg.txt" plainTextPath="internal://weg.txt"/>'
    b"</Sources></Project>"
)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", ["geen geldig REFI-QDA-project"]),
        (_zip({"junk.bin": b"\0" * 64}), ["geen geldig REFI-QDA-project"]),
        (_zip({"project.qde": b"\xff\xfe<Project"}), ["de XML van project.qde klopt niet"]),
    ],
)
def test_a_broken_qdpx_upload_is_dutch_without_english_reason(tmp_path, project, data, words):
    from analysis.exchange import FAILED, import_qdpx_uploads

    before = _state(project)
    (result,) = import_qdpx_uploads(project, [("studie.qdpx", data)])
    assert result.status == FAILED
    _dutch(message(result.error, "nl"), "studie.qdpx", tmp_path, "niets", *words)
    assert message(result.error, "en").startswith("studie.qdpx: not imported: ")  # English as before
    assert _state(project) == before


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("leeg.csv", b"", ["rij 1", "geen kopregel"]),
        ("verhalen.csv", "id;verhaal\n1;Caf\xe9 verhaal\n".encode("cp1252"), ["rij 1", "de kolom voor vraag"]),
    ],
)
def test_an_unusable_story_file_lists_its_problems_in_dutch(tmp_path, project, name, data, words):
    from analysis.exchange import FAILED, import_story_uploads

    (result,) = import_story_uploads(project, [(name, data)], (QUESTIONS.name, QUESTIONS.read_bytes()))
    assert result.status == FAILED
    text = message(result.error, "nl").replace("'ongeldige rijen overslaan'", "")
    _dutch(text, name, tmp_path, *words)
    assert _state(project)[0] == 0


def test_a_story_cell_problem_is_dutch_and_keeps_its_english(tmp_path):
    from analysis.stories import import_stories

    rows = (tmp_path / "ok.csv")
    header = ("id,story,hoofdrol_1,hoofdrol_2,hoofdrol_3,opbrengst_1,opbrengst_2,opbrengst_3,duur,ervaring,"
              "ondersteuning,baas,leeftijd,voor_wie,wet\n")
    row = "001,Een verhaal,veel,0.3,0.2,0.2,0.3,0.5,0.8,0.7,begeleiding,Meer tijd,70+,mezelf,Wmo\n"
    rows.write_text(header + row, encoding="utf-8")
    result = import_stories(rows, QUESTIONS)
    issues = [e for e in result.errors if e.column == "hoofdrol_1"]
    assert issues, result.errors
    assert str(issues[0]).endswith("expected a number, got 'veel'")
    assert issues[0].message("nl").endswith("kolom 'hoofdrol_1': hier hoort een getal, niet 'veel'")


# -- the gold CSV of `duiding evaluate` -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("text,code\nCaf\xe9,toegang\n".encode("cp1252"), ["niet als UTF-8 te lezen", "CSV UTF-8"]),
        (b"text;code\nhallo;toegang\n", ["puntkomma", "komma's"]),
        (b"", ["geen kopregel"]),
        (b"text,code\n,toegang\n", ["regel 2", "leeg"]),
        (b"text,code\nhallo,bestaat-niet\n", ["regel 2", "bestaat-niet", "sociaal-domein"]),
    ],
)
def test_a_broken_gold_csv_is_dutch(tmp_path, data, words):
    from analysis.codebook import load_codebook
    from analysis.coding.errors import GoldError
    from analysis.coding.evaluate import load_gold

    path = tmp_path / "goud.csv"
    path.write_bytes(data)
    with pytest.raises(GoldError) as caught:
        load_gold(path, load_codebook(GENERIC))
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do
    _dutch(message(caught.value, "nl"), "goud.csv", tmp_path, *words)


def test_a_gold_csv_the_csv_reader_refuses_is_dutch(tmp_path):
    import csv

    from analysis.coding.errors import GoldError
    from analysis.coding.evaluate import load_gold

    path = tmp_path / "goud.csv"
    path.write_bytes(b'text,code\n"' + b"a" * 500 + b'",toegang\n')
    limit = csv.field_size_limit(100)
    try:
        with pytest.raises(GoldError) as caught:
            load_gold(path)
    finally:
        csv.field_size_limit(limit)
    assert str(caught.value).startswith(f"{path}: not a readable CSV file (")
    _dutch(message(caught.value, "nl"), "goud.csv", tmp_path, "geen leesbaar CSV-bestand", "aanhalingsteken")


def test_a_missing_gold_file_is_a_dutch_file_not_found(tmp_path):
    from analysis.coding.evaluate import load_gold

    with pytest.raises(FileNotFoundError) as caught:
        load_gold(tmp_path / "weg.csv")
    assert str(caught.value) == f"{tmp_path / 'weg.csv'}: gold file not found"
    _dutch(message(caught.value, "nl"), "weg.csv", tmp_path, "bestaat niet")


# -- query text --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["???", "   ", "*" * 20])
def test_a_search_without_letters_is_dutch(query):
    from analysis.corpus.kwic import compile_query

    with pytest.raises(ValueError) as caught:
        compile_query(query)
    text = message(caught.value, "nl")
    assert "geen letters of cijfers" in text and not ENGLISH.search(text), text


# -- the command line, in Dutch (DUIDING_LANG=nl): one line, no traceback ------------------------------------------


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DUIDING_LANG": "nl", "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from analysis.cli import main; sys.argv[0] = 'duiding'; main()", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )


def test_the_command_line_speaks_dutch_about_hostile_files(tmp_path):
    (tmp_path / "leeg.docx").write_bytes(b"")
    (tmp_path / "tab.yaml").write_text("id: x\nname: X\ncodes:\n\t- id: a\n", encoding="utf-8")
    (tmp_path / "goud.csv").write_bytes("text;code\nCaf\xe9;toegang\n".encode("cp1252"))
    assert _cli(tmp_path, "init", "proj").returncode == 0
    runs = {
        "ingest": (_cli(tmp_path, "ingest", "--project", "proj", "leeg.docx"), "leeg.docx", "het bestand is leeg"),
        "codebook": (_cli(tmp_path, "codebook", "import", "--project", "proj", "tab.yaml"), "tab.yaml", "er staat een tab"),
        "evaluate": (
            _cli(tmp_path, "evaluate", "--codebook", str(GENERIC), "--gold", "goud.csv"), "goud.csv", "UTF-8"
        ),
        "query": (_cli(tmp_path, "query", "--project", "proj", "toegang AND ("), "", "Fout in de zoekvraag"),
    }
    for what, (run, name, words) in runs.items():
        assert run.returncode == 1, (what, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr, (what, run.stderr)
        assert name in run.stderr and words in run.stderr, (what, run.stderr)
    assert "imported (0 passages)" in runs["ingest"][0].stderr  # the summary line stays English


def test_a_refi_project_with_a_missing_source_warns_in_dutch_and_keeps_its_english(tmp_path, project):
    from analysis.errors import localise
    from analysis.exchange import import_qdpx_uploads

    data = _zip({"project.qde": _QDE_MISSING_SOURCE})
    (result,) = import_qdpx_uploads(project, [("studie.qdpx", data)])
    missing = [w for w in result.warnings if "weg.txt" in w and "archive" in w]
    assert missing == ["studie.qdpx: Sources > TextSource[0] 'weg.txt': internal://weg.txt is not in the archive; skipped"]
    nl = localise(missing[0], "nl")
    assert nl.startswith("studie.qdpx: ") and "zit niet in het archief" in nl and "overgeslagen" in nl, nl
    for warning in result.warnings:  # the unknown writing tool, no codes: Dutch too
        text = localise(warning, "nl").split(": ", 2)[-1]
        assert not ENGLISH.search(text), text
    assert _state(project)[0] == 0


def test_the_catalogue_has_no_key_twice_in_its_source():
    """A key written twice in the MESSAGES literal silently keeps the last text (easy to do when blocks merge)."""
    import ast
    from collections import Counter

    tree = ast.parse((ROOT / "analysis" / "errors.py").read_text(encoding="utf-8"))
    (messages,) = [n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "MESSAGES"]
    twice = [k for k, n in Counter(k.value for k in messages.keys).items() if n > 1]
    assert twice == []


def test_an_odd_qdc_codebook_warns_in_dutch_without_its_temporary_folder(tmp_path):
    import warnings

    from analysis.codebook import import_qdc
    from analysis.errors import localise

    path = tmp_path / "duiding-codebook-x" / "boek.qdc"
    path.parent.mkdir()
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{11111111-1111-4111-8111-111111111111}" '
        'name="" isCodable="misschien" color="12345"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import_qdc(path)
    english = [str(w.message) for w in caught]
    assert f"{path}: Code[0] '': isCodable 'misschien' is not a boolean; assuming true" in english  # as before
    dutch = [localise(w.message.args[0], "nl") for w in caught]
    assert len(dutch) == 4
    for text in dutch:
        _dutch(text.split(": ", 2)[-1], "", tmp_path)
        assert text.startswith("boek.qdc: "), text
    assert any("geen RGB-kleur" in t for t in dutch) and any("zonder naam" in t for t in dutch)
