"""The Project page of a served app (``duiding serve``): choose among the projects the server offers.

No path or database URL can be typed: the choice is a name from the server's fixed project or
projects folder (:mod:`analysis.serve`), and :func:`ui.state.project_location` ignores anything else.
"""

from __future__ import annotations

import streamlit as st

from . import state
from .i18n import t


def project_picker(location: str | None) -> None:
    """The fixed project's name, or a choice among the projects folder's projects."""
    served = state.served()
    if served is None:
        return
    ss = st.session_state
    offered = served.projects()
    if ss.get("project_error"):
        st.error(t("project.open_failed", error=ss["project_error"]))
    if served.project is not None:
        st.caption(t("served.fixed", name=state.display_location(served.project)))
        return
    if not offered:
        st.info(t("served.none"))
        return
    names = list(offered)
    current = next((n for n, loc in offered.items() if loc == location), None)
    choice = st.selectbox(
        t("served.choose"),
        names,
        index=names.index(current) if current else None,
        key="served_project",
        help=t("served.choose_help"),
    )
    if choice is not None and offered.get(choice) != location:
        ss["project_location"] = offered[choice]
        state.bump_data_version()
        st.rerun()
