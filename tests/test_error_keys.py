"""Every error Duiding raises on purpose is a DuidingError with a catalogue key: Dutch for the app, English
for logs and the command line, naming the file (never a temporary folder) and saying what to do."""

from __future__ import annotations

import importlib
import pickle
import re
from pathlib import Path

import pytest

from analysis.errors import MESSAGES, DuidingError, KeyedText, localise, render

# module -> the exception classes it defines (issue 13 point 4: 24 classes without a common base)
ERROR_CLASSES = {
    "analysis.corpus.errors": ["IngestError", "ManifestError"],
    "analysis.codebook.errors": ["CodebookError"],
    "analysis.stories.model": ["QuestionsError"],
    "analysis.stories.importer": ["StoryImportError"],
    "analysis.review.undo": ["UndoConflict"],
    "analysis.agreement.report": ["AgreementError"],
    "analysis.audit.undo": ["UndoError", "UndoConflict"],
    "analysis.audit.export": ["AuditExportError"],
    "analysis.themes.model": ["ThemeError"],
    "analysis.yamlsafe": ["YamlError"],
    "analysis.demo": ["ServeError"],
    "analysis.refi.errors": ["QdpxError"],
    "analysis.store.project": ["StoreError", "DuplicateSource", "PermissionDenied"],
    "analysis.store.engine": ["ProjectNotFound"],
    "analysis.reports.export": ["ExportError"],
    "analysis.reports.data": ["ReportError"],
    "analysis.privacy.lists": ["ListError"],
    "analysis.privacy.pseudonymiser": ["PrivacyError"],
    "analysis.privacy.key": ["PseudonymKeyError"],
    "analysis.accounts.users": ["AccountError", "AuthenticationError"],
    "analysis.accounts.passwords": ["PasswordError"],
    "analysis.query.language": ["QueryError"],
    "analysis.exchange": ["ExchangeError"],
    "analysis.embeddings.encoders": ["EncoderSpecError"],
    "analysis.reports.saturation": ["SaturationError"],
    "analysis.corpus.limits": ["KeyedIngestError"],
    "analysis.coding.transcript": ["TranscriptError"],
    "analysis.reports.docx_template": ["TemplateError"],
    "analysis.review.bulk": ["BulkCodingError"],
    "analysis.review.memos": ["MemoError"],
    "analysis.coding.errors": ["GoldError", "GoldFileMissing", "ModelFolderMissing"],
    "analysis.stories.groups": ["StoryGroupError"],
    "analysis.corpus.kwic": ["SearchQueryError"],
    "analysis.serve": ["ServeError"],
    "analysis.review.actions": ["SentenceChoiceError"],
    "analysis.domain": ["SourceKindError", "UnknownCode"],
    "analysis.errors": ["OptionError"],
}
ROOT = Path(__file__).resolve().parents[1]


def _classes():
    for module, names in ERROR_CLASSES.items():
        mod = importlib.import_module(module)
        for name in names:
            yield f"{module}.{name}", getattr(mod, name)


@pytest.mark.parametrize("name,cls", list(_classes()), ids=[n for n, _ in _classes()])
def test_every_error_class_is_a_duiding_error_with_a_known_key(name, cls):
    assert issubclass(cls, DuidingError), name
    assert cls.default_key in MESSAGES, (name, cls.default_key)


def test_no_other_error_class_in_analysis_lacks_the_base():
    defined = set()
    for path in (ROOT / "analysis").rglob("*.py"):
        for m in re.finditer(r"^class (\w+(?:Error|Conflict|Denied|NotFound|Source))\(", path.read_text(), re.M):
            defined.add(m.group(1))
    listed = {n for names in ERROR_CLASSES.values() for n in names}
    assert defined - {"_CellError", "DuidingError", "FileError"} <= listed


def test_every_key_raised_in_analysis_is_in_the_catalogue():
    used = set()
    for path in (ROOT / "analysis").rglob("*.py"):
        text = path.read_text()
        used |= set(re.findall(r'"((?:ingest|codebook|store|refi|yaml|accounts|themes|reports|privacy)\.[a-z_]+)"', text))
    missing = {k for k in used if k not in MESSAGES}
    assert not missing


def test_free_text_becomes_the_detail_of_the_class_key():
    from analysis.themes.model import ThemeError

    err = ThemeError("no fitted passage has a date")
    assert str(err) == "no fitted passage has a date"
    assert err.key == "themes.failed" and err.params == {"detail": "no fitted passage has a date"}
    assert err.message("nl").startswith("Thema's: ")


def test_invalid_docx_is_dutch_names_the_file_and_says_what_to_do(tmp_path):
    from analysis.corpus import IngestError
    from analysis.corpus.readers import read_document

    bad = tmp_path / "duiding-upload-x" / "interview.docx"
    bad.parent.mkdir()
    bad.write_bytes(b"dit is geen word-bestand")
    with pytest.raises(IngestError) as info:
        read_document(bad)
    err = info.value
    assert err.key == "ingest.docx_not_zip"
    assert str(err).startswith("interview.docx: not a valid .docx file")  # English for logs and the CLI
    nl = err.message("nl")
    assert nl.startswith("interview.docx is geen geldig Word-bestand")
    assert "sla het op als .docx" in nl and str(tmp_path) not in nl and "not a valid" not in nl
    back = pickle.loads(pickle.dumps(err))
    assert back.key == err.key and back.message("nl") == nl and str(back) == str(err)


def test_empty_codebook_yaml_is_dutch_without_the_temporary_folder(tmp_path):
    from analysis.codebook import CodebookError, load_codebook

    path = tmp_path / "duiding-codebook-abc" / "leeg.yaml"
    path.parent.mkdir()
    path.write_text("")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    err = info.value
    assert err.key == "codebook.empty"
    assert str(err) == f"{path}: the file is empty"  # unchanged English
    nl = err.message("nl")
    assert nl.startswith("leeg.yaml: het bestand is leeg.") and "Kies een YAML-bestand" in nl
    assert str(tmp_path) not in nl and "duiding-codebook" not in nl


def test_duplicate_code_id_is_translated_line_by_line(tmp_path):
    from analysis.codebook import CodebookError, codebook_from_dict

    data = {"id": "cb", "name": "Cb", "codes": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(data, source=str(tmp_path / "dubbel.yaml"))
    err = info.value
    assert "duplicate id 'a'" in str(err)
    nl = err.message("nl")
    assert "code-id 'a' komt twee keer voor" in nl and "duplicate" not in nl
    assert "dubbel.yaml: codes[1]" in nl and str(tmp_path) not in nl
    assert nl.rstrip().endswith("Verbeter het codeboek en probeer het opnieuw.")
    assert err.problems("nl") == [line for line in err.problems("nl")]  # plain strings, one per problem


def test_no_project_at_a_location_is_dutch(tmp_path):
    from analysis.store import Project, ProjectNotFound

    with pytest.raises(ProjectNotFound) as info:
        Project.open(tmp_path / "nergens")
    err = info.value
    assert err.key == "store.no_project" and isinstance(err, FileNotFoundError)
    assert err.message("nl").startswith("Geen Duiding-project op ")
    assert "duiding init" in err.message("nl")


def test_permission_denied_names_the_action_in_dutch(tmp_path):
    from analysis.accounts import add_user, require
    from analysis.store import Project
    from analysis.store.project import PermissionDenied

    p = Project.create(tmp_path / "p")
    try:
        add_user(p, "beheer", "geheim-wachtwoord-1", "beheerder")
        add_user(p, "lezer", "geheim-wachtwoord-2", "lezer")
        with pytest.raises(PermissionDenied) as info:
            require(p, "lezer", "codebook")
    finally:
        p.close()
    err = info.value
    assert err.key == "store.permission_denied" and "may not codebook" in str(err)
    assert err.message("nl").startswith("lezer (lezer) mag dit niet: ")


def test_keyed_text_renders_per_language_and_survives_pickling():
    line = KeyedText("x.yaml: id: duplicate id 'a' (first used at codes[0])", "codebook.duplicate_id",
                     "x.yaml: id: ", id="a", first="codes[0]")
    assert str(line).startswith("x.yaml: id: duplicate")
    assert localise(line, "nl") == "x.yaml: id: " + render("codebook.duplicate_id", {"id": "a", "first": "codes[0]"}, "nl")
    assert pickle.loads(pickle.dumps(line)).message("nl") == line.message("nl")
    assert localise("gewone tekst", "nl") == "gewone tekst"


def test_failed_file_results_carry_the_error_not_a_dutch_label(tmp_path):
    from analysis.corpus.batch import FileResult, ingest_paths
    from analysis.store import Project

    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"PK\x03\x04 kapot")
    good = tmp_path / "goed.txt"
    good.write_text("Ik stond maanden op de wachtlijst voor begeleiding.\n")
    p = Project.create(tmp_path / "proj")
    try:
        result = ingest_paths(p, [bad, good])
        again = ingest_paths(p, [good])
    finally:
        p.close()
    assert not hasattr(FileResult, "label")
    failed = {fr.path.name: fr for fr in result.files}["kapot.docx"]
    assert failed.status == "failed" and failed.error is not None
    assert failed.error.message("nl").startswith("kapot.docx is geen geldig Word-bestand")
    dup = again.files[0]
    assert dup.status == "duplicate" and dup.error.key == "store.duplicate_source"
    assert "al eerder ingelezen" in dup.error.message("nl") and "same content as source" in dup.reason


def test_cli_speaks_english_by_default_and_dutch_errors_on_request(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from analysis.cli import app

    runner = CliRunner()
    monkeypatch.delenv("DUIDING_LANG", raising=False)
    english = runner.invoke(app, ["sources", "--project", str(tmp_path / "nergens")])
    assert english.exit_code == 1 and "No Duiding project at" in english.output
    monkeypatch.setenv("DUIDING_LANG", "nl")
    dutch = runner.invoke(app, ["sources", "--project", str(tmp_path / "nergens")])
    assert dutch.exit_code == 1 and "Geen Duiding-project op" in dutch.output


def test_summaries_for_the_command_line_are_english():
    from analysis.coding.auto import AutoCodeReport

    text = AutoCodeReport("cb", "auto", "zero_shot", passages=3, suggestions=2).summary()
    assert "passages coded with" in text and "suggesties" not in text


def test_a_file_that_is_no_qdpx_is_dutch_and_says_what_to_do(tmp_path):
    from analysis.refi import QdpxError, import_qdpx
    from analysis.store import Project

    bad = tmp_path / "duiding-upload-x" / "uit-nvivo.qdpx"
    bad.parent.mkdir()
    bad.write_bytes(b"geen zip")
    p = Project.create(tmp_path / "proj")
    try:
        with pytest.raises(QdpxError) as info:
            import_qdpx(bad, p)
    finally:
        p.close()
    err = info.value
    assert err.key == "refi.not_qdpx" and str(err).startswith("uit-nvivo.qdpx: not a .qdpx file")
    nl = err.message("nl")
    assert nl.startswith("uit-nvivo.qdpx is geen geldig REFI-QDA-project") and "Exporteer" in nl
    assert "duiding-upload" not in nl


def test_codebook_edits_refused_by_the_store_are_dutch(tmp_path):
    from analysis.domain import Code, Codebook
    from analysis.store import Project, StoreError

    p = Project.create(tmp_path / "proj")
    try:
        p.save_codebook(Codebook(id="cb", name="Cb", codes=[Code(id="a", name="A"), Code(id="b", name="B", parent="a")]))
        with pytest.raises(StoreError) as exists:
            p.add_code("cb", Code(id="a", name="A weer"))
        with pytest.raises(StoreError) as itself:
            p.merge_codes("cb", "a", "a")
    finally:
        p.close()
    assert str(exists.value) == "codebook 'cb' already has a code 'a'"
    assert exists.value.message("nl") == "Codeboek 'cb' heeft al een code 'a': kies een andere id."
    assert itself.value.key == "store.merge_into_itself" and "zichzelf" in itself.value.message("nl")


def test_an_unreadable_story_workbook_is_dutch_without_the_folder(tmp_path):
    from analysis.stories.importer import StoryImportError, read_table

    bad = tmp_path / "duiding-upload-y" / "verhalen.xlsx"
    bad.parent.mkdir()
    bad.write_bytes(b"geen excel")
    with pytest.raises(StoryImportError) as info:
        read_table(bad)
    err = info.value
    assert err.key == "stories.not_xlsx" and str(err).startswith(f"{bad}: not a readable XLSX workbook")
    assert err.message("nl").startswith("verhalen.xlsx is geen leesbaar Excel-bestand")
    assert str(tmp_path) not in err.message("nl")
