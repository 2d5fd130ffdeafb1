"""No command line needed: REFI-QDA, stories, source management, pseudonymisation, accounts and
auto-coding progress through AppTest (file in, result shown per file, stored)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from team_builders import CODEBOOK, add_source, code

from analysis.store import Project

STORIES = ROOT / "corpora" / "demo" / "stories"


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _page(app, path):
    app.switch_page(path).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _results(app, name):
    """The result table (file or source -> result) whose first column names ``name``, and the table."""
    for df in app.dataframe:
        table = df.value
        if "Resultaat" in table.columns and name in list(table[table.columns[0]]):
            return dict(zip(table[table.columns[0]], table["Resultaat"])), table
    raise AssertionError(f"no result table naming {name!r}")


def _other_project_qdpx(tmp_path) -> bytes:
    """A .qdpx exported from another project: one source of three passages, two codings."""
    from analysis.exchange import export_qdpx_bytes

    other = Project.create(tmp_path / "other", user="anna")
    try:
        other.save_codebook(CODEBOOK)
        pids = add_source(
            other,
            ["De toegang was lastig.", "Het wachten duurde lang.", "Ik wil zelf kiezen."],
            name="uit-ander-project.txt",
        )
        code(other, pids[0], "toegang", "anna")
        code(other, pids[2], "regie", "anna")
        data, report = export_qdpx_bytes(other)
    finally:
        other.close()
    assert report.sources == 1 and report.codings == 2
    return data


# -- REFI-QDA ------------------------------------------------------------------------------------------
def test_qdpx_import_shows_a_result_per_file_and_stores_the_project(app, store, tmp_path):
    data = _other_project_qdpx(tmp_path)
    n_sources = len(store.sources(with_text=False))
    _page(app, "views/exchange.py")
    app.file_uploader(key="qdpx_files_0").set_value(
        [("uit-nvivo.qdpx", data, "application/zip"), ("kapot.qdpx", b"dit is geen zip", "application/zip")]
    )
    app.run()
    app.button(key="qdpx_submit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    results, table = _results(app, "uit-nvivo.qdpx")
    assert results == {"uit-nvivo.qdpx": "geïmporteerd", "kapot.qdpx": "mislukt"}
    reason = dict(zip(table["Bestand"], table["Reden"]))["kapot.qdpx"]
    assert reason.startswith("kapot.qdpx is geen geldig REFI-QDA-project") and "/tmp" not in reason
    assert reason.endswith("Er is niets uit dit bestand geïmporteerd.") and "not a" not in reason  # no English
    assert "1 bronnen" in dict(zip(table["Bestand"], table["Wat"]))["uit-nvivo.qdpx"]
    assert any("1 geïmporteerd" in w.value and "1 mislukt" in w.value for w in app.warning)
    names = [s.name for s in store.sources(with_text=False)]
    assert len(names) == n_sources + 1 and "uit-ander-project.txt" in names
    assert "wmo" in store.codebook_ids()
    assert {c.code_id for c in store.codings(codebook_id="wmo", status="accepted")} == {"toegang", "regie"}
    # the same file again: skipped, nothing doubled
    app.file_uploader(key="qdpx_files_1").set_value([("uit-nvivo.qdpx", data, "application/zip")])
    app.run()
    app.button(key="qdpx_submit").click().run()
    results, _ = _results(app, "uit-nvivo.qdpx")
    assert results == {"uit-nvivo.qdpx": "overgeslagen (al aanwezig)"}
    assert len(store.sources(with_text=False)) == n_sources + 1
    assert len(store.codings(codebook_id="wmo", status="accepted")) == 2


def test_qdpx_and_qdc_export_from_the_page(app, store, codebook_id):
    _page(app, "views/exchange.py")
    assert "qdc_export_download" in {d.key for d in app.get("download_button")}
    app.button(key="qdpx_export_submit").click().run()
    assert not _errors(app), _errors(app)
    n = len(store.sources(with_text=False))
    assert any(f"Export klaar: {n} bronnen" in s.value for s in app.success)
    assert "qdpx_export_download" in {d.key for d in app.get("download_button")}


def test_export_bytes_round_trip_into_a_new_project(store, tmp_path):
    from analysis.exchange import export_qdpx_bytes, import_qdpx_uploads

    data, report = export_qdpx_bytes(store)
    fresh = Project.create(tmp_path / "fresh")
    try:
        seen = []
        results = import_qdpx_uploads(fresh, [("C:\\Users\\x\\project.qdpx", data)], on_file=lambda *a: seen.append(a))
        assert [(r.name, r.status) for r in results] == [("project.qdpx", "imported")]
        assert seen == [(1, 1, "project.qdpx")]
        assert len(fresh.sources(with_text=False)) == report.sources == len(store.sources(with_text=False))
    finally:
        fresh.close()


# -- story collections -------------------------------------------------------------------------------------
def test_story_import_with_questions_file(app, store):
    _page(app, "views/exchange.py")
    n_stories = sum(
        1
        for line in (STORIES / "lindewaard.csv").read_text(encoding="utf-8").splitlines()[1:]
        if line.startswith("LW-")
    )
    app.file_uploader(key="stories_files_0").set_value(
        [
            ("lindewaard.csv", (STORIES / "lindewaard.csv").read_bytes(), "text/csv"),
            ("leeg.csv", b"id,title\n", "text/csv"),
        ]
    )
    app.file_uploader(key="stories_questions_0").set_value(
        ("questions.yaml", (STORIES / "questions.yaml").read_bytes(), "application/x-yaml")
    )
    app.text_input(key="stories_municipality").input("Lindewaard")
    app.run()
    app.button(key="stories_submit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    results, table = _results(app, "lindewaard.csv")
    assert results == {"lindewaard.csv": "geïmporteerd", "leeg.csv": "mislukt"}
    assert "story" in dict(zip(table["Bestand"], table["Reden"]))["leeg.csv"]
    stories = store.sources(kind="story", with_text=False)
    assert len(stories) == n_stories and {s.municipality for s in stories} == {"Lindewaard"}
    assert len(store.story_collections()) == 1


def test_story_import_with_a_mapping_file(app, store):
    questions = b"questions:\n  - id: ervaring\n    type: slider\n    label: Hoe was het?\n    poles: [slecht, goed]\n"
    mapping = b"id: Nummer\nstory: Uw verhaal\nquestions:\n  ervaring:\n    column: Ervaring (0-100)\n    scale: 100\n"
    table = (
        b"Nummer;Uw verhaal;Ervaring (0-100)\n"
        b"A1;Het wijkteam kwam snel langs en regelde hulp.;80\n"
        b"A2;Ik wachtte maanden op een gesprek.;15\n"
    )
    _page(app, "views/exchange.py")
    app.file_uploader(key="stories_files_0").set_value([("sprockler.csv", table, "text/csv")])
    app.file_uploader(key="stories_questions_0").set_value(("vragen.yaml", questions, "application/x-yaml"))
    app.file_uploader(key="stories_mapping_0").set_value(("koppeling.yaml", mapping, "application/x-yaml"))
    app.run()
    app.button(key="stories_submit").click().run()
    assert not _errors(app), _errors(app)
    results, _ = _results(app, "sprockler.csv")
    assert results == {"sprockler.csv": "geïmporteerd"}
    stories = {s.metadata["story_id"]: s for s in store.sources(kind="story", with_text=False)}
    assert set(stories) == {"A1", "A2"}
    # the same collection again is skipped
    app.file_uploader(key="stories_files_1").set_value([("sprockler.csv", table, "text/csv")])
    app.file_uploader(key="stories_questions_1").set_value(("vragen.yaml", questions, "application/x-yaml"))
    app.file_uploader(key="stories_mapping_1").set_value(("koppeling.yaml", mapping, "application/x-yaml"))
    app.run()
    app.button(key="stories_submit").click().run()
    results, _ = _results(app, "sprockler.csv")
    assert results == {"sprockler.csv": "overgeslagen (al aanwezig)"}
    assert len(store.sources(kind="story", with_text=False)) == 2


# -- sources: edit and delete -----------------------------------------------------------------------------
def test_editing_source_metadata_is_stored_and_audited(app, store):
    source = store.sources(with_text=False)[0]
    _page(app, "views/sources.py")
    app.selectbox(key="src_edit_id").set_value(source.id).run()
    app.text_input(key=f"src_name_{source.id}").input("interview-01.txt")
    app.text_input(key=f"src_muni_{source.id}").input("Oosterzande")
    app.text_input(key=f"src_date_{source.id}").input("2026-02-03")
    app.button(key=f"src_save_{source.id}").click().run()
    assert not _errors(app), _errors(app)
    stored = store.get_source(source.id)
    assert (stored.name, stored.municipality, stored.date) == ("interview-01.txt", "Oosterzande", "2026-02-03")
    assert stored.kind == source.kind and stored.respondent_group == source.respondent_group
    assert any("interview-01.txt" in tst.value for tst in app.toast)
    entry = store.audit_log(entity="source", entity_id=source.id)[-1]
    assert entry["action"] == "update" and entry["user"] == "tester"
    assert entry["after"]["municipality"] == "Oosterzande"


def test_deleting_sources_takes_their_codings_and_shows_a_result_per_source(app, store):
    source = store.sources(with_text=False)[0]
    n_codings = len(store.codings(source_id=source.id))
    assert n_codings > 0
    total = len(store.codings())
    _page(app, "views/sources.py")
    app.multiselect(key="src_delete_ids").set_value([source.id]).run()
    assert any(f"{n_codings} coderingen" in w.value for w in app.warning)
    assert app.button(key="src_delete_submit").disabled  # not yet confirmed
    app.checkbox(key="src_delete_sure").check().run()
    app.button(key="src_delete_submit").click().run()
    assert not _errors(app), _errors(app)
    results, table = _results(app, source.name)
    assert results == {source.name: "verwijderd"}
    assert f"{n_codings} coderingen" in table["Wat"][0]
    assert source.id not in {s.id for s in store.sources(with_text=False)}
    assert len(store.codings()) == total - n_codings
    assert store.audit_log(entity="source", entity_id=source.id)[-1]["action"] == "delete"


# -- pseudonymisation -------------------------------------------------------------------------------------
def test_pseudonymising_from_the_page_writes_the_key_beside_the_project(app, store, project_dir):
    add_source(store, ["Mail me op jan.devries@example.nl of bel 06-12345678 na vijven."], name="privé.txt")
    sid = next(s.id for s in store.sources(with_text=False) if s.name == "privé.txt")
    _page(app, "views/sources.py")
    assert any("pseudoniemen-sleutel.json" in m.value for m in app.markdown)
    app.multiselect(key="privacy_sources").set_value([sid]).run()
    app.toggle(key="privacy_deduce").set_value(False).run()
    app.button(key="privacy_dry").click().run()
    assert not _errors(app), _errors(app)
    assert "jan.devries@example.nl" in store.get_source(sid).text  # counting changes nothing
    results, _ = _results(app, f"privé.txt (—, #{sid})")
    assert list(results.values()) == ["zou worden gepseudonimiseerd"]
    app.button(key="privacy_run").click().run()
    assert not _errors(app), _errors(app)
    text = store.get_source(sid).text
    assert "jan.devries@example.nl" not in text and "06-12345678" not in text and "[" in text
    results, _ = _results(app, f"privé.txt (—, #{sid})")
    assert list(results.values()) == ["gepseudonimiseerd"]
    key_file = Path(project_dir) / "pseudoniemen-sleutel.json"
    assert key_file.is_file() and "jan.devries@example.nl" in key_file.read_text(encoding="utf-8")
    app.run()
    assert "privacy_key_download" in {d.key for d in app.get("download_button")}


# -- accounts ---------------------------------------------------------------------------------------------
@pytest.fixture
def accounts_app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from analysis.accounts import add_user
    from ui import state

    location = tmp_path / "accounts"
    project = Project.create(location, user="anna")
    try:
        add_user(project, "anna", "anna-wachtwoord", role="beheerder")
        add_user(project, "bram", "bram-wachtwoord", role="codeur")
    finally:
        project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    state.open_project.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_password").input("anna-wachtwoord")
    at.button[0].click()
    at.run()
    _page(at, "views/team.py")
    return at, location


def test_a_beheerder_changes_role_and_password_and_removes_an_account(accounts_app):
    from analysis.accounts import authenticate, users

    at, location = accounts_app
    at.selectbox(key="acc_target").set_value("bram").run()
    at.selectbox(key="acc_new_role").set_value("lezer").run()
    at.button(key="acc_role_submit").click().run()
    assert not _errors(at), _errors(at)
    at.text_input(key="acc_reset_pw_new").input("nieuw-wachtwoord-bram")
    at.text_input(key="acc_reset_pw_again").input("nieuw-wachtwoord-bram")
    at.button(key="FormSubmitter:acc_reset_pw_form-Wachtwoord instellen").click().run()
    assert not _errors(at), _errors(at)
    project = Project.open(location, user="anna", password="anna-wachtwoord")
    try:
        assert {(u.name, u.role) for u in users(project)} == {("anna", "beheerder"), ("bram", "lezer")}
        assert authenticate(project, "bram", "nieuw-wachtwoord-bram").name == "bram"
    finally:
        project.close()
    at.button(key="acc_remove_submit").click().run()  # not confirmed: refused
    assert any("Ik weet het zeker" in w.value for w in at.warning)
    at.checkbox(key="acc_remove_sure").check().run()
    at.button(key="acc_remove_submit").click().run()
    assert not _errors(at), _errors(at)
    project = Project.open(location, user="anna", password="anna-wachtwoord")
    try:
        assert [u.name for u in users(project)] == ["anna"]
    finally:
        project.close()


def test_the_last_beheerder_cannot_be_demoted_and_mismatched_passwords_change_nothing(accounts_app):
    from analysis.accounts import authenticate

    at, location = accounts_app
    at.selectbox(key="acc_target").set_value("anna").run()
    at.selectbox(key="acc_new_role").set_value("codeur").run()
    at.button(key="acc_role_submit").click().run()
    assert any("laatste beheerder" in e.value or "last beheerder" in e.value for e in at.error)
    at.text_input(key="acc_own_pw_new").input("een-nieuw-wachtwoord")
    at.text_input(key="acc_own_pw_again").input("een-ander-wachtwoord")
    at.button(key="FormSubmitter:acc_own_pw_form-Wachtwoord wijzigen").click().run()
    assert any("niet gelijk" in e.value for e in at.error)
    at.checkbox(key="acc_remove_sure").check().run()
    at.button(key="acc_remove_submit").click().run()
    assert any("eigen account" in w.value for w in at.warning)
    project = Project.open(location)
    try:
        assert authenticate(project, "anna", "anna-wachtwoord").role == "beheerder"
    finally:
        project.close()


# -- auto-coding progress -----------------------------------------------------------------------------------
def test_auto_coding_from_the_page_reports_progress(app, store, codebook_id, monkeypatch):
    pytest.importorskip("analysis.coding")
    from analysis import coding
    from analysis.coding.auto import STAGES, auto_code

    seen: list[tuple[str, int, int]] = []

    def recording(*args, on_progress=None, **kwargs):
        assert on_progress is not None  # the page draws a progress bar, not a spinner

        def both(stage, done, total):
            seen.append((stage, done, total))
            on_progress(stage, done, total)

        return auto_code(*args, on_progress=both, **kwargs)

    monkeypatch.setattr(coding, "auto_code", recording, raising=False)
    total = store.count_passages()
    app.button(key="review_autocode").click().run()
    assert not _errors(app), _errors(app)
    assert [s for s in dict.fromkeys(stage for stage, _, _ in seen)] == list(STAGES)
    assert ("code", total, total) in seen
    speech = sum(p.role == "respondent" for p in store.passages())  # interviewer questions are not coded
    assert any(f"{speech} passages gecodeerd" in tst.value for tst in app.toast)


def test_stage_fraction_moves_forward_through_the_stages():
    from ui.progress import AUTOCODE_WEIGHTS, stage_fraction

    steps = [
        ("read", 0, 10),
        ("read", 10, 10),
        ("fit", 1, 1),
        ("train", 1, 1),
        ("code", 0, 100),
        ("code", 50, 100),
        ("code", 100, 100),
    ]
    values = [stage_fraction(AUTOCODE_WEIGHTS, *s) for s in steps]
    assert values == sorted(values) and values[0] == 0.0 and values[-1] == pytest.approx(1.0)
    assert values[5] == pytest.approx(0.65)


def test_the_new_pages_render_in_english(app):
    app.session_state["lang"] = "en"
    for path, title in (("views/exchange.py", "Exchange"), ("views/sources.py", "Manage sources")):
        _page(app, path)
        assert not _errors(app), _errors(app)
        assert app.title[0].value == title


def test_a_story_file_against_a_broken_questions_file_fails_with_the_reason(store, tmp_path):
    from analysis.errors import message
    from analysis.exchange import import_story_uploads

    results = import_story_uploads(
        store, [("a.csv", b"id,story\n1,Een verhaal.\n")], ("vragen.yaml", b"questions: 3\n")
    )
    assert [(r.name, r.status) for r in results] == [("a.csv", "failed")]
    text = message(results[0].error, "nl")
    assert text.startswith("vragen.yaml: het vragenbestand kon niet worden gelezen") and "/tmp" not in text
    assert store.sources(kind="story", with_text=False) == []


def test_story_import_with_the_demo_collections_file(app, store):
    _page(app, "views/exchange.py")
    app.file_uploader(key="stories_files_0").set_value(
        [(f"{m}.csv", (STORIES / f"{m}.csv").read_bytes(), "text/csv") for m in ("lindewaard", "oosterzande")]
    )
    app.file_uploader(key="stories_questions_0").set_value(
        ("questions.yaml", (STORIES / "questions.yaml").read_bytes(), "application/x-yaml")
    )
    app.file_uploader(key="stories_collections_0").set_value(
        ("collections.yaml", (STORIES / "collections.yaml").read_bytes(), "application/x-yaml")
    )
    app.run()
    app.button(key="stories_submit").click().run()
    assert not _errors(app), _errors(app)
    results, _ = _results(app, "lindewaard.csv")
    assert results == {"lindewaard.csv": "geïmporteerd", "oosterzande.csv": "geïmporteerd"}
    by_muni = {s.municipality for s in store.sources(kind="story", with_text=False)}
    assert by_muni == {"Lindewaard", "Oosterzande"}
    names = {c["name"] for c in store.story_collections()}
    assert names == {"Verhalen over verandering — Lindewaard", "Verhalen over verandering — Oosterzande"}


def test_a_collections_file_naming_paths_reads_no_server_files(store, tmp_path):
    from analysis.errors import message
    from analysis.exchange import import_story_uploads

    secret = tmp_path / "geheim.yaml"
    secret.write_text("id: x\n", encoding="utf-8")
    manifest = f"collections:\n  - file: a.csv\n    mapping: {secret}\n".encode()
    questions = b"questions:\n  - id: ervaring\n    type: slider\n    label: Hoe was het?\n    poles: [slecht, goed]\n"
    results = import_story_uploads(
        store,
        [("a.csv", b"story,ervaring\nEen verhaal.,0.5\n")],
        ("vragen.yaml", questions),
        collections=("collections.yaml", manifest),
    )
    assert [(r.name, r.status) for r in results] == [("a.csv", "failed")]
    assert "geheim.yaml" in message(results[0].error, "nl") and str(tmp_path) not in message(results[0].error, "nl")
    assert store.sources(kind="story", with_text=False) == []


def test_an_unexpected_importer_error_fails_that_file_only(store, tmp_path, monkeypatch):
    from analysis import refi
    from analysis.exchange import import_qdpx_uploads

    data = _other_project_qdpx(tmp_path)
    real = refi.import_qdpx

    def flaky(path, project, **kw):
        if path.name == "stuk.qdpx":
            raise KeyError("guid")
        return real(path, project, **kw)

    monkeypatch.setattr(refi, "import_qdpx", flaky)
    results = import_qdpx_uploads(store, [("stuk.qdpx", data), ("goed.qdpx", data)])
    assert [(r.name, r.status) for r in results] == [("stuk.qdpx", "failed"), ("goed.qdpx", "imported")]
    assert "KeyError" in str(results[0].error)
