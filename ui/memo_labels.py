"""The memo table's column and kind names in the reader's language, and report downloads that carry the
project's memos (a "Memo's" chapter appended by :func:`analysis.review.memos.add_to_report`)."""

from __future__ import annotations

from collections.abc import Callable

from analysis.reports import Report
from analysis.review import memos as mm
from analysis.store import Project
from ui.i18n import t


def kinds() -> dict[str, str]:
    return {k: t(f"memos.kind.{k}") for k in mm.TARGETS}


def labels() -> dict[str, str]:
    """Column names and kind names of the memo table, in the reader's language."""
    out = {k: t(f"memos.col.{k}") for k in ("kind", "target", "title", "text", "author", "date")}
    out.update({f"kind.{k}": v for k, v in kinds().items()})
    out.update(section=t("memos.title"), none=t("memos.none"))
    return out


def with_memos(report_of: Callable[[], Report], project: Project) -> Callable[[], Report]:
    """``report_of`` with the project's memos appended as a last chapter."""
    return lambda: mm.add_to_report(report_of(), project, labels())


def _add_from_box(project: Project, target_type: str, target_id: str, key: str) -> None:
    import streamlit as st

    from analysis.store import StoreError
    from ui import state
    from ui.format import error_text

    text = st.session_state.get(f"{key}_text") or ""
    try:
        mm.add(project, target_type, target_id, text, author=state.coder())
    except (StoreError, mm.MemoError) as exc:
        state.flash(error_text(exc), "warning")
        return
    st.session_state[f"{key}_text"] = ""
    state.bump_data_version()
    state.flash(t("memos.saved"))


def memo_box(project: Project, target_type: str, target_id: str, key: str) -> None:
    """The memos on one source or code, where the researcher reads it, with a box to add one."""
    import streamlit as st

    from ui.safe import md

    memos = project.memos(target_type, target_id)
    with st.expander(t("memos.box", n=len(memos)), icon=":material/sticky_note_2:"):
        for m in memos:
            st.markdown((f"**{md(m.title)}** " if m.title else "") + md(m.text))
            st.caption(f"{md(m.author)} · {m.updated_at or m.created_at:%Y-%m-%d %H:%M}" if (m.updated_at or m.created_at) else md(m.author))
        st.text_area(t("memos.col.text"), key=f"{key}_text", placeholder=t("memos.text_placeholder"))
        st.button(t("memos.add"), key=f"{key}_add", on_click=_add_from_box, args=(project, target_type, target_id, key))
