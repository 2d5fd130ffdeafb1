"""A served app (``duiding serve``): a fixed project or projects folder, no typed paths, no path on the login page."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_builders import build_small_project
from typer.testing import CliRunner

from analysis.accounts import add_user
from analysis.store import Project

APP = Path(__file__).resolve().parents[2] / "app.py"  # not from conftest: another folder's conftest may be the one imported
PAGE = "views/project.py"
PW = "beheer-wachtwoord-9"


def _with_accounts(location: Path) -> Path:
    with Project.open(location) as p:
        add_user(p, "anne", PW, "beheerder")
    return location


@pytest.fixture
def projects(tmp_path, monkeypatch):
    """tmp/projecten/{alpha, beta (accounts)} served as a folder; tmp/elders/geheim outside it."""
    folder = tmp_path / "projecten"
    build_small_project(folder / "alpha")
    _with_accounts(build_small_project(folder / "beta"))
    outside = build_small_project(tmp_path / "elders" / "geheim")
    for key in ("DUIDING_PROJECT", "DATABASE_URL", "DUIDING_SERVE_PROJECT"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DUIDING_SERVE_PROJECTS_DIR", str(folder))
    monkeypatch.setenv("DUIDING_USER", "tester")
    return folder, outside


def _app(**state):
    from streamlit.testing.v1 import AppTest

    from ui import state as ui_state

    ui_state.open_project.clear()
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return at


def _texts(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error", "warning", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.label for e in at.text_input] + [str(e.value) for e in at.text_input]
    return "\n".join(parts)


def test_projects_folder_offers_its_projects_and_no_path_box(projects):
    folder, _ = projects
    at = _app()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    keys = {e.key for e in at.text_input}
    assert "project_location_input" not in keys  # nobody types a server path or a database URL
    assert not [b for b in at.button if b.key in ("project_open", "project_create", "project_open_db")]
    box = at.selectbox(key="served_project")
    assert list(box.options) == ["alpha", "beta"]
    box.select("alpha").run()
    assert not at.exception
    assert at.session_state["project_location"] == str((folder / "alpha").resolve())
    assert str(folder) not in _texts(at)


def test_a_path_slipped_into_the_session_is_not_opened(projects):
    from ui import state

    _, outside = projects
    at = _app(project_location=str(outside))
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "elders" not in _texts(at)
    # the location the pages open is None: the outside project is not in the server's list
    assert not any(m.label for m in at.metric)
    assert state.served() is not None and not state.served().allows(str(outside))


def test_the_login_page_does_not_show_the_project_path(projects, monkeypatch):
    folder, _ = projects
    beta = str((folder / "beta").resolve())
    monkeypatch.delenv("DUIDING_SERVE_PROJECTS_DIR")
    monkeypatch.setenv("DUIDING_SERVE_PROJECT", beta)
    at = _app()
    assert [t.value for t in at.title][:1] == ["Aanmelden"]
    text = _texts(at)
    assert beta not in text and str(folder) not in text and "projecten" not in text
    at.text_input(key="login_name").input("anne")
    at.text_input(key="login_password").input(PW)
    at.button[0].click().run()
    assert not at.exception
    assert "Aanmelden" not in [t.value for t in at.title]
    # the shared signed-in project object leaves the cache (eviction, restart of the cache): sign in again
    from ui import state

    state.open_project.clear()
    at.run()
    assert [t.value for t in at.title][:1] == ["Aanmelden"]


def test_a_fixed_project_ignores_other_locations(projects, monkeypatch):
    folder, outside = projects
    alpha = str((folder / "alpha").resolve())
    monkeypatch.delenv("DUIDING_SERVE_PROJECTS_DIR")
    monkeypatch.setenv("DUIDING_SERVE_PROJECT", alpha)
    at = _app(project_location=str(outside))
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "project_location_input" not in {e.key for e in at.text_input}
    assert "alpha" in _texts(at) and str(outside) not in _texts(at)


def test_serve_command_checks_its_options(tmp_path, monkeypatch):
    from analysis import serve
    from analysis.cli import app

    runner = CliRunner()
    both = runner.invoke(app, ["serve", "--project", "a", "--projects-dir", str(tmp_path)])
    assert both.exit_code == 1 and "exactly one" in both.output
    assert runner.invoke(app, ["serve"]).exit_code == 1
    missing = runner.invoke(app, ["serve", "--project", str(tmp_path / "nergens")])
    assert missing.exit_code == 1 and "no duiding project" in missing.output.lower()
    assert not (tmp_path / "nergens").exists()
    settings = serve.check(None, str(tmp_path))
    env = serve.environment(
        settings, {"DATABASE_URL": "postgresql://x", "DUIDING_PROJECT": "/etc", "DUIDING_PASSWORD": "p", "PATH": "/bin"}
    )
    assert env == {"PATH": "/bin", serve.PROJECTS_DIR_ENV: str(tmp_path.resolve())}


def test_list_projects_leaves_out_links_out_of_the_folder(tmp_path):
    from analysis.serve import list_projects

    folder = tmp_path / "projecten"
    build_small_project(folder / "alpha")
    outside = build_small_project(tmp_path / "elders")
    (folder / "link").symlink_to(outside, target_is_directory=True)
    (folder / "los.sqlite").write_bytes(b"")
    assert list(list_projects(folder)) == ["alpha", "los"]


def test_a_page_never_uses_a_project_object_another_session_signed_in(tmp_path, monkeypatch):
    """Session A signed in as anne on the shared (cached) project object; session B only typed 'anne'."""
    from streamlit.testing.v1 import AppTest

    from ui import state

    location = _with_accounts(build_small_project(tmp_path / "proj"))
    for key in ("DUIDING_SERVE_PROJECT", "DUIDING_SERVE_PROJECTS_DIR", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    state.open_project.clear()
    state.open_project(str(location), "anne").login("anne", PW)  # what session A's login did

    def page() -> None:
        import streamlit as st

        from ui import state

        project = state.get_project()
        st.markdown("geen project" if project is None else f"open als {project.user}: {project.stats()['passages']}")

    at = AppTest.from_function(page, default_timeout=60)
    at.session_state["coder"] = "anne"  # typed a name, never signed in
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.markdown] == ["geen project"]
    assert at.session_state["project_error"] == "Meld je aan om dit project te openen."
    at.session_state["auth"] = {"location": str(location), "user": "anne", "role": "beheerder"}  # as ui.login sets it
    at.run()
    assert at.markdown[0].value.startswith("open als anne")
