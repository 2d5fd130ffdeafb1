"""Memo's: every memo of the project in one overview, and new memos on the project, a source or a code.

Thin: validation, labels and the report section live in :mod:`analysis.review.memos`.
"""

from __future__ import annotations

import streamlit as st

from analysis.reports import Report, render_report
from analysis.review import memos as mm
from analysis.store import StoreError
from ui import memo_labels, render, state
from ui.format import error_text
from ui.i18n import t
from ui.safe import md

project = state.require_project()
ss = st.session_state
state.show_flash()
st.title(t("memos.title"))
st.caption(t("memos.intro"))

KINDS = memo_labels.kinds()
MIME = {"md": "text/markdown", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _add() -> None:
    kind = ss.get("memo_new_kind") or mm.PROJECT
    target = {mm.PROJECT: None, mm.SOURCE: ss.get("memo_new_source"), mm.CODE: ss.get("memo_new_code")}[kind]
    if kind != mm.PROJECT and target is None:
        state.flash(t("memos.choose_target"), "warning")
        return
    try:
        mm.add(project, kind, target, ss.get("memo_new_text") or "", title=ss.get("memo_new_title") or "",
               author=state.coder())
    except StoreError as exc:
        state.flash(error_text(exc), "error")
        return
    except mm.MemoError as exc:
        state.flash(error_text(exc), "warning")
        return
    ss["memo_new_text"] = ""
    ss["memo_new_title"] = ""
    state.bump_data_version()
    state.flash(t("memos.saved"))


def _save(memo_id: int) -> None:
    try:
        project.update_memo(memo_id, text=ss.get(f"memo_text_{memo_id}") or "", title=ss.get(f"memo_title_{memo_id}") or "")
    except StoreError as exc:
        state.flash(error_text(exc), "error")
        return
    state.bump_data_version()
    state.flash(t("memos.saved"))


def _delete(memo_id: int) -> None:
    try:
        project.delete_memo(memo_id)
    except StoreError as exc:
        state.flash(error_text(exc), "error")
        return
    ss.pop("memo_table", None)
    state.bump_data_version()
    state.flash(t("memos.deleted"))


tab_list, tab_new = st.tabs([t("memos.tab.list"), t("memos.tab.new")])

with tab_new:
    kind = st.radio(t("memos.kind"), [mm.PROJECT, mm.SOURCE, mm.CODE], key="memo_new_kind", horizontal=True,
                    format_func=KINDS.__getitem__)
    if kind == mm.SOURCE:
        sources = {s.id: s.name for s in project.sources(with_text=False)}
        st.selectbox(t("memos.source"), list(sources), index=None, key="memo_new_source",
                     format_func=lambda s: sources.get(s, str(s)), placeholder=t("memos.choose_source"))
    elif kind == mm.CODE:
        options: dict[str, str] = {}
        for cb in project.codebooks():
            for cid, label in render.tree_options(cb):
                options[mm.code_target(cb.id, cid)] = f"{cb.name}: {label.strip()}"
        st.selectbox(t("memos.code"), list(options), index=None, key="memo_new_code",
                     format_func=lambda c: options.get(c, c), placeholder=t("memos.choose_code"))
    st.text_input(t("memos.col.title"), key="memo_new_title")
    st.text_area(t("memos.col.text"), key="memo_new_text", placeholder=t("memos.text_placeholder"))
    st.button(t("memos.add"), key="memo_add", on_click=_add, type="primary", icon=":material/note_add:")

with tab_list:
    kinds = [None, *mm.TARGETS]
    shown_kind = st.selectbox(t("memos.filter"), kinds, key="memo_filter", placeholder=t("filter.all"),
                              format_func=lambda k: t("filter.all") if k is None else KINDS[k])
    lines = mm.overview(project, shown_kind)
    if not lines:
        st.info(t("memos.none"))
    else:
        st.caption(t("memos.count", n=len(lines)))
        event = st.dataframe(mm.frame(lines, memo_labels.labels()), hide_index=True, width="stretch", key="memo_table",
                             on_select="rerun", selection_mode="single-row",
                             column_config={t("memos.col.text"): st.column_config.TextColumn(width="large")})
        rows = [r for r in (event.selection.rows if event is not None else []) if r < len(lines)]
        if rows:
            m = lines[rows[0]]
            with st.container(border=True):
                st.markdown(f"**{md(KINDS.get(m.target_type, m.target_type))}** {md(m.target)}")
                st.text_input(t("memos.col.title"), value=m.title, key=f"memo_title_{m.id}")
                st.text_area(t("memos.col.text"), value=m.text, key=f"memo_text_{m.id}")
                cols = st.columns(2)
                cols[0].button(t("memos.save"), key=f"memo_save_{m.id}", on_click=_save, args=(m.id,), type="primary")
                cols[1].button(t("memos.delete"), key=f"memo_delete_{m.id}", on_click=_delete, args=(m.id,))
    def _report() -> Report:
        return mm.add_to_report(Report(t("memos.report_title")), project, memo_labels.labels())

    dl = st.columns(3)
    for col, fmt in zip(dl, ("md", "docx", "xlsx")):
        col.download_button(t(f"reports.download.{fmt}"), data=lambda fmt=fmt: render_report(_report(), fmt),
                            file_name=f"memos.{fmt}", mime=MIME[fmt], key=f"memo_download_{fmt}",
                            icon=":material/download:")
