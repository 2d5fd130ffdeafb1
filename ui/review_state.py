"""What the review page keeps outside the session: its place and filters in the URL, and the
coder's undo history read back from the audit trail (both survive a reload or a shared link)."""

from __future__ import annotations

import streamlit as st

from analysis import review as rv
from analysis.store import Project, StoreError


def restore_from_url() -> None:
    """On a session's first run of the page, take the position and filters from the URL."""
    ss = st.session_state
    if ss.get("review_url_read"):
        return
    ss["review_url_read"] = True
    for key, value in rv.from_params(st.query_params.to_dict()).items():
        ss[key] = value


def write_to_url() -> None:
    """Put the page's position and filters into the URL (only when they changed)."""
    params = rv.to_params(st.session_state)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def undo_stack(project: Project, location: str) -> rv.UndoStack:
    """The session's undo stack; on the first run for a project and user, the audit trail's."""
    ss = st.session_state
    key = (location, project.user)
    if ss.get("review_undo_loaded") != key:
        try:
            ss["undo_stack"] = rv.undo_history(project, project.user)
        except StoreError:  # a history that cannot be read (no right to) leaves an empty stack
            ss["undo_stack"] = rv.UndoStack()
        ss["review_undo_loaded"] = key
    return ss["undo_stack"]
