"""Session state and the cached project: the small amount of glue every page shares."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis import serve as served_app
from analysis import settings
from analysis.review import UndoStack
from analysis.store import Project

from .format import error_text
from .i18n import t

DEFAULT_CODER = "onderzoeker"
PROJECT_PAGE = "views/project.py"


def init() -> None:
    """Defaults for this browser session (safe to call on every rerun)."""
    ss = st.session_state
    ss.setdefault("lang", "nl")
    ss.setdefault("coder", settings.user() or DEFAULT_CODER)
    ss.setdefault("undo_stack", UndoStack())
    ss.setdefault("flash", [])


def coder() -> str:
    return (st.session_state.get("coder") or "").strip() or DEFAULT_CODER


def served() -> served_app.ServeSettings | None:
    """The fixed project or projects folder of a served app (``duiding serve``); None in local use."""
    return served_app.settings()


def project_location() -> str | None:
    """The open project: chosen on the Project page, else ``DUIDING_PROJECT``.

    A served app opens only what whoever started it offers: its one project, or a project of its
    projects folder chosen on the Project page (anything else in the session is ignored).
    """
    fixed = served()
    if fixed is not None:
        if fixed.project is not None:
            return fixed.project
        chosen = st.session_state.get("project_location")
        return chosen if fixed.allows(chosen) else None
    return st.session_state.get("project_location") or settings.project()


def display_location(location: str) -> str:
    """A location safe to show: database URLs without their password; in a served app only the project's name."""
    if served() is not None:
        return served_app.display_name(location)
    if "://" not in location:
        return location
    try:
        from sqlalchemy.engine import make_url

        return make_url(location).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - never show a URL we cannot parse
        return location.split("://", 1)[0] + "://…"


@st.cache_resource(show_spinner=False, max_entries=16)
def open_project(location: str, user: str) -> Project:
    """One Project (engine and connection pool) per location and coder, shared by sessions."""
    return Project.open(location, user=user)


def get_project() -> Project | None:
    """The open project, or None (the reason is kept for :func:`require_project`)."""
    location = project_location()
    if not location:
        return None
    try:
        project = open_project(location, coder())
        if not _session_may_use(project, location):
            st.session_state["project_error"] = t("served.signed_out")
            return None
    except Exception as exc:  # noqa: BLE001 - shown to the researcher, who can pick another location
        st.session_state["project_error"] = error_text(exc)
        return None
    st.session_state.pop("project_error", None)
    return project


def _session_may_use(project: Project, location: str) -> bool:
    """Without accounts: yes. With accounts: only a session signed in (ui.login) as the project's user.

    The cached project object is shared by sessions; this keeps a session that never signed in
    from using an object another session signed in on.
    """
    if not project.has_accounts():
        return True
    auth = st.session_state.get("auth") or {}
    return project.signed_in and auth.get("location") == location and auth.get("user") == project.user


def require_project() -> Project:
    """The open project; otherwise explain and stop the page."""
    project = get_project()
    if project is None:
        error = st.session_state.get("project_error")
        if error:
            st.error(t("project.open_failed", error=error))
        st.info(t("common.no_project"))
        st.page_link(PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
        st.stop()
    return project  # type: ignore[return-value]


def bump_data_version() -> None:
    """Kept for callers: every write through the store bumps the project's own data version
    (:meth:`Project.data_version`), so there is nothing left to do here."""


def data_version() -> int:
    """The open project's stored data version: it changes with every committed write, by this
    session, another one, the command line or a notebook. Every cached read and download keys
    on it, so pages show what is stored now."""
    project = get_project()
    if project is None:
        return 0
    try:
        return project.data_version()
    except Exception:  # noqa: BLE001 - an unreadable project shows its error elsewhere; never cache on it
        return -1


def sources_version() -> int:
    """Like :func:`data_version`, but moves only when sources, passages, municipalities or
    participants change (lists of sources key on it; a coding decision leaves it alone)."""
    project = get_project()
    if project is None:
        return 0
    try:
        return project.data_version("sources")
    except Exception:  # noqa: BLE001 - as data_version
        return -1


def undo_stack() -> UndoStack:
    stack = st.session_state.get("undo_stack")
    if not isinstance(stack, UndoStack):
        stack = UndoStack()
        st.session_state["undo_stack"] = stack
    return stack


def flash(message: str, kind: str = "success") -> None:
    """A message shown once, on the next run (callbacks cannot draw)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    messages: list[tuple[str, str]] = st.session_state.get("flash") or []
    st.session_state["flash"] = []
    for kind, message in messages:
        if kind == "success":
            st.toast(message, icon="✅")
        elif kind == "info":
            st.info(message)
        elif kind == "warning":
            st.warning(message)
        else:
            st.error(message)


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)
