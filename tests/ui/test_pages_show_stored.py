"""Pages show what is stored: a change made elsewhere (another session, the Python API, the
command line) appears in this session's queue count, project statistics, theme list and report
download on its next run, without a server restart.

Two AppTest sessions share the process (and so Streamlit's server-wide caches), as two browser
tabs share a served app.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.domain import Passage, Source, SourceKind

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _session(page: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not _errors(at), _errors(at)
    return at


def _queue_size(at) -> int:
    for caption in at.caption:
        m = re.search(r"(\d+) passages in de wachtrij", caption.value)
        if m:
            return int(m.group(1))
    raise AssertionError(f"no queue caption: {[c.value for c in at.caption]}")


def _breakdown(at):
    for df in at.dataframe:
        if "Gemeente" in df.value.columns and "Bronnen" in df.value.columns:
            return df.value
    raise AssertionError("no breakdown table on the Project page")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty server-wide caches, as a freshly started server does."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_data_version_moves_with_every_write_and_only_then(store, codebook_id):
    start = store.data_version()
    store.passages()
    store.stats()
    assert store.data_version() == start  # reads do not bump it
    suggestion = store.codings(codebook_id=codebook_id, status="suggested")[0]
    store.set_status(suggestion.id, "accepted", coder="tester")
    assert store.data_version() == start + 1
    assert store.last_written_version() == start + 1
    sources = store.data_version("sources")
    assert sources > 0  # the sources were added
    store.set_status(suggestion.id, "rejected", coder="tester")
    assert store.data_version("sources") == sources  # a coding decision leaves the source lists alone
    with pytest.raises(RuntimeError):
        with store.transaction() as s:
            from analysis.store.orm import MemoRow

            s.add(MemoRow(target_type="project", text="weg", author="tester"))
            s.flush()
            raise RuntimeError("rolled back")
    assert store.data_version() == start + 2  # a rolled-back write does not count


def test_a_decision_stored_elsewhere_updates_the_review_queue_of_a_new_and_an_open_session(project_dir, store, codebook_id):
    first = _session()
    before = _queue_size(first)
    pid = first.session_state["review_pid"]
    # the Python API (a notebook, another coder) decides every open suggestion of that passage
    for c in store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested"):
        store.set_status(c.id, "accepted", coder="collega")
    second = _session()  # a new browser tab on the same server
    assert _queue_size(second) == before - 1
    second_pid = second.session_state["review_pid"]
    assert store.codings(codebook_id=codebook_id, passage_ids=[second_pid], status="suggested"), (
        "the new session opened on a passage without an open suggestion"
    )
    first.run()
    assert not _errors(first), _errors(first)
    assert _queue_size(first) == before - 1


def test_own_decisions_keep_the_queue_still(app, store, codebook_id, monkeypatch):
    """This session's own decisions do not reshuffle its queue under the researcher's hands."""
    monkeypatch.setenv("DUIDING_CLICK_GUARD_SECONDS", "0")  # quick clicks on purpose
    before = _queue_size(app)
    pid = app.session_state["review_pid"]
    for c in store.codings(codebook_id=codebook_id, passage_ids=[pid], status="suggested"):
        app.button(key=f"acc_{c.id}").click().run()
    assert not _errors(app), _errors(app)
    assert app.session_state["review_pid"] == pid
    assert _queue_size(app) == before
    caption = " ".join(c.value for c in app.caption)
    assert f"{before - 1} met een open suggestie" in caption


def test_project_statistics_follow_the_python_api_and_the_command_line(project_dir, store, tmp_path):
    first = _session("views/project.py")
    other = _session("views/project.py")
    table = _breakdown(first)
    assert "Brakelveen" not in set(table["Gemeente"])
    text = "Hallo.\n\nIk woon in Brakelveen sinds kort."
    store.add_source(
        Source(name="brakelveen.txt", text=text, kind=SourceKind.INTERVIEW, municipality="Brakelveen"),
        [Passage(0, 6, "Hallo.", 0, None), Passage(8, len(text), text[8:], 1, None)],
    )
    first.run()
    assert "Brakelveen" in set(_breakdown(first)["Gemeente"])
    # the command line, in another process
    doc = tmp_path / "zandvoorde_interview.txt"
    doc.write_text("I: Hoe gaat het?\n\nR: Goed, het wijkteam in Zandvoorde helpt mij.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from analysis.cli import main; main()", "ingest", "--project", str(project_dir),
         "--municipality", "Zandvoorde", str(doc)],
        capture_output=True, text=True, cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    other.run()
    assert not _errors(other), _errors(other)
    municipalities = set(_breakdown(other)["Gemeente"])
    assert {"Brakelveen", "Zandvoorde"} <= municipalities
    sources = {m.label: m.value for m in other.metric}["Bronnen"]
    assert sources.replace(".", "") == str(store.stats()["sources"])


def test_a_theme_model_stored_elsewhere_is_listed(project_dir, store):
    first = _session("views/themes.py")
    assert "Nog geen themamodel" in " ".join(i.value for i in first.info)
    store.save_topic_model("elders gefit", {"n_topics": 2, "n_passages": 12}, [], [])
    first.run()
    box = first.selectbox(key="themes_model")
    assert any("elders gefit" in str(o) for o in box.options), box.options


def test_a_report_download_contains_a_decision_made_in_another_session(project_dir, store, codebook_id, media_files):
    reports = _session("views/reports.py")
    reports.selectbox(key="reports_sum_codebook").set_value(codebook_id).run()
    reports.selectbox(key="reports_sum_code").set_value("werkdruk").run()
    assert not _errors(reports), _errors(reports)
    before = media_files.get("themasamenvatting-werkdruk.md", b"").decode("utf-8")
    assert "caseload" not in before  # nothing accepted yet

    reviewer = _session()  # a colleague's tab on the review page
    suggestion = next(
        c for c in store.codings(codebook_id=codebook_id, status="suggested")
        if c.code_id == "werkdruk" and "caseload" in store.get_passage(c.passage_id).text
    )
    reviewer.text_input(key="f_search").input("caseload").run()
    assert reviewer.session_state["review_pid"] == suggestion.passage_id
    reviewer.button(key=f"acc_{suggestion.id}").click().run()
    assert not _errors(reviewer), _errors(reviewer)
    assert store.get_coding(suggestion.id).status.value == "accepted"

    media_files.clear()
    reports.run()
    assert not _errors(reports), _errors(reports)
    after = media_files["themasamenvatting-werkdruk.md"].decode("utf-8")
    assert "caseload" in after


def test_a_project_made_at_the_first_revision_upgrades_and_counts(tmp_path):
    from alembic import command

    from analysis.store import Project
    from analysis.store import engine as eng

    location = tmp_path / "oud"
    location.mkdir()
    url = eng.resolve_url(location)
    engine = eng.make_engine(url)
    cfg = eng.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with Project.open(location) as project:
        assert eng.current_revision(project.engine) == eng.head_revision(url)
        assert project.data_version() == 0
        project.add_source(Source(name="a.txt", text="Hallo", kind=SourceKind.INTERVIEW), [Passage(0, 5, "Hallo", 0, None)])
        assert project.data_version() == 1
