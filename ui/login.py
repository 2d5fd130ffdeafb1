"""The login gate: once a project has accounts, nobody sees a page before signing in.

``require_login()`` is called by ``app.py`` after the project location is known and
before the navigation runs. Without accounts (single-user mode) it does nothing. With
accounts it shows a user/password form (checked with
:func:`analysis.accounts.authenticate`); after a correct login the session's coder
becomes the signed-in user, so :func:`ui.state.get_project` opens the project as that
user (the cached project is keyed by location and coder) and the store's role guard
applies. The login is tied to the project location: opening another project asks again.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis.accounts import ROLE_LABELS, AuthenticationError, LoginThrottled, authenticate
from analysis.errors import message
from analysis.review import UndoStack

from . import state
from .format import error_text
from .i18n import t

AUTH_KEY = "auth"  # session state: {"location": ..., "user": ..., "role": ...}


def logged_in_user(location: str | None = None) -> str | None:
    """The user signed in for ``location`` (default: the open project), or None."""
    location = location if location is not None else state.project_location()
    auth: dict[str, Any] | None = st.session_state.get(AUTH_KEY)
    if not auth or not location or auth.get("location") != location:
        return None
    return str(auth["user"])


def _login(location: str) -> None:
    """Form callback: runs before the next script run, so it may still set the coder widget."""
    ss = st.session_state
    name = (ss.get("login_name") or "").strip()
    password = ss.get("login_password") or ""
    ss["login_password"] = ""  # never keep the password in the session
    try:
        # check on the shared probe object first: wrong names never get a cached project of their own
        authenticate(state.open_project(location, state.DEFAULT_CODER), name, password, client=_client())
        project = state.open_project(location, name)
        project.login(name, password, client=_client())  # backoff per account and per client
        account_role = project.role
    except LoginThrottled as exc:
        ss["login_error"] = message(exc, ss.get("lang", "nl"))
        return
    except AuthenticationError:
        ss["login_error"] = t("login.failed")
        return
    except Exception as exc:  # noqa: BLE001 - a broken location: say so on the form
        ss["login_error"] = t("login.unavailable_served") if state.served() else t("login.unavailable", error=error_text(exc))
        return
    ss.pop("login_error", None)
    ss[AUTH_KEY] = {"location": location, "user": project.user, "role": account_role}
    ss["coder"] = project.user  # the sidebar shows it, read-only
    ss["undo_stack"] = UndoStack()  # a previous user's review actions are not this user's to undo


def _client() -> str | None:
    """The browser's address as the server sees it (for the per-client login backoff)."""
    try:
        return st.context.ip_address or None
    except Exception:  # noqa: BLE001 - older Streamlit or no request context (AppTest)
        return None


def _logout() -> None:
    st.session_state.pop(AUTH_KEY, None)
    st.session_state.pop("login_error", None)


def _needs_accounts(location: str) -> bool:
    """Does the project at ``location`` have accounts? (False when it cannot be opened: the pages explain.)"""
    try:
        project = state.open_project(location, state.DEFAULT_CODER)  # one probe object, whatever name is typed
        return project.has_accounts()
    except Exception:  # noqa: BLE001 - the page's own require_project shows the error
        return False


def require_login(*, sidebar: bool = True) -> str | None:
    """Stop the run with a login form unless the session may see the open project.

    Returns the signed-in user, or None in single-user mode (or without a project).
    ``app.py`` calls it with ``sidebar=True`` (who is signed in, and a sign-out button);
    pages that manage rights may call it again with ``sidebar=False`` as a second line
    of defence (it then also works when the page runs on its own, as in AppTest).
    """
    location = state.project_location()
    if not location:
        return None
    user = logged_in_user(location)
    if user is not None and "coder" not in st.session_state:
        # the page runs without app.py's sidebar (whose coder field holds the user): restore it
        st.session_state["coder"] = user
    if not _needs_accounts(location):
        return None
    if user is not None and state.coder() == user and not state.open_project(location, user).signed_in:
        _logout()  # the shared signed-in project object left the cache: sign in again
        user = None
    if user is not None and state.coder() == user:
        if sidebar:
            auth = st.session_state[AUTH_KEY]
            with st.sidebar:
                st.caption(t("login.as", user=user, role=ROLE_LABELS.get(auth.get("role"), auth.get("role"))))
                st.button(t("login.logout"), key="login_logout", on_click=_logout)
        return user
    if user is not None:  # the coder name changed behind the read-only field: sign in again
        _logout()
    st.title(t("login.title"))
    st.caption(t("login.intro_no_path"))  # never the project's path or URL
    error = st.session_state.get("login_error")
    if error:
        st.error(error)
    with st.form("login_form"):
        st.text_input(t("login.name"), key="login_name")
        st.text_input(t("login.password"), key="login_password", type="password")
        st.form_submit_button(t("login.submit"), on_click=_login, args=(location,), type="primary")
    st.stop()
    return None  # not reached
