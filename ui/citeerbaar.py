"""The citeerbaar toggle on a coding (review page): the researcher marks a coded passage as fit to quote.

The report draft (``duiding report draft``, Rapportage › Normenkader) quotes the codings marked
citeerbaar as the onderbouwing of a norm; without them it only lists suggestions. Thin: the flag
is stored with ``project.set_citeerbaar`` (audited like every change of a coding).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis.store import Project
from ui import state
from ui.format import error_text
from ui.i18n import t
from ui.safe import md as escape


def _key(coding_id: int) -> str:
    return f"citeerbaar_{coding_id}"


def _store(project: Project, coding_id: int, own_version_key: str | None) -> None:
    """Toggle callback: store the new value; on a refusal put the toggle back and say why."""
    ss = st.session_state
    wanted = bool(ss.get(_key(coding_id)))
    try:
        project.set_citeerbaar(coding_id, wanted)
    except Exception as exc:  # noqa: BLE001 - shown to the researcher (e.g. a role without write access)
        ss[_key(coding_id)] = not wanted
        state.flash(t("draft.citeerbaar_failed", error=escape(error_text(exc))), "error")
        return
    if own_version_key:
        ss[own_version_key] = project.last_written_version()  # the page's own write: no queue rebuild
    state.flash(t("draft.citeerbaar_on" if wanted else "draft.citeerbaar_off"))


def citeerbaar_toggle(project: Project, coding: Any, *, disabled: str | None = None, own_version_key: str | None = None) -> None:
    """A small toggle 'Citeerbaar' for an accepted ``coding`` (``disabled``: the reason it cannot change)."""
    key = _key(int(coding.id))
    if key not in st.session_state:
        st.session_state[key] = bool(getattr(coding, "citeerbaar", False))
    st.toggle(
        t("draft.citeerbaar"), key=key, on_change=_store, args=(project, int(coding.id), own_version_key),
        help=disabled or t("draft.citeerbaar_help"), disabled=disabled is not None,
    )
