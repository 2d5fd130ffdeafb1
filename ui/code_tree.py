"""The codebook page's tree (issue 15 point 7): codes with their counts, a click opens a code's
passages, outliner buttons move a code, and a code's passage list can remove a coding or move it to
another code. Logic in :mod:`analysis.review.tree`; every change is one undoable step."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis import review as rv
from analysis.domain import Codebook, Coding, CodingStatus
from analysis.review import tree as rt
from analysis.store import Project, StoreError
from ui import state
from ui.format import error_text
from ui.i18n import t
from ui.safe import md


def tree(project: Project, codebook: Codebook) -> None:
    """The tree as a table with counts; a click on a row selects that code (its passages, its fields)."""
    rows = rt.tree_rows(project, codebook)
    ids = [r.code_id for r in rows]
    frame = pd.DataFrame(
        [{t("tree.col.code"): "\u2003" * r.depth + r.name, t("tree.col.passages"): r.passages,
          t("tree.col.below"): r.passages_below, t("tree.col.open"): r.open} for r in rows]
    )
    event = st.dataframe(frame, hide_index=True, width="stretch", key=f"cb_tree_{codebook.id}", on_select="rerun",
                         selection_mode="single-row", height=min(38 + 35 * max(len(rows), 1), 560))
    picked = tuple(r for r in (event.selection.rows if event is not None else []) if r < len(ids))
    ss = st.session_state
    if picked and ss.get("cb_tree_applied") != (codebook.id, picked):
        # a new click: open that code (the code box below follows; choosing there later still works)
        ss["cb_tree_applied"] = (codebook.id, picked)
        ss["cb_code"] = ids[picked[0]]
    st.caption(t("tree.hint"))


def _move(project: Project, codebook: Codebook, code_id: str, new_parent: str | None) -> None:
    try:
        project.move_code(codebook.id, code_id, new_parent)
    except StoreError as exc:
        state.flash(error_text(exc), "error")
        return
    state.bump_data_version()
    state.flash(t("tree.moved", code=md(codebook.code(code_id).name)))


def outline_buttons(project: Project, codebook: Codebook, code_id: str | None) -> None:
    """⇤ / ⇥: move the chosen code one level up, or under the code just above it."""
    if code_id is None:
        return
    can_out, out_parent = rt.outdent_parent(codebook, code_id)
    can_in, in_parent = rt.indent_parent(codebook, code_id)
    cols = st.columns(2)
    cols[0].button(t("tree.outdent"), key="cb_outdent", disabled=not can_out, help=t("tree.outdent_help"),
                   on_click=_move, args=(project, codebook, code_id, out_parent), width="stretch")
    cols[1].button(t("tree.indent"), key="cb_indent", disabled=not can_in, help=t("tree.indent_help"),
                   on_click=_move, args=(project, codebook, code_id, in_parent), width="stretch")


def _store_action(fn, *args, message: str) -> None:  # type: ignore[no-untyped-def]
    try:
        action = fn(*args)
    except StoreError as exc:
        state.flash(error_text(exc), "error")
        return
    state.undo_stack().push(action)
    state.bump_data_version()
    state.flash(message)


def _remove(project: Project, coding_id: int) -> None:
    _store_action(rv.remove, project, coding_id, message=t("tree.coding_removed"))


def _move_coding(project: Project, coding_id: int, labels: dict[str, str]) -> None:
    target = st.session_state.get(f"cb_move_to_{coding_id}")
    if not target:
        state.flash(t("review.msg_choose_code"), "warning")
        return
    _store_action(rt.move_coding, project, coding_id, target,
                  message=t("tree.coding_moved", code=md(labels.get(target, target).strip())))


def coding_controls(project: Project, codings: Sequence[Coding], codable: dict[str, str], read_only: str | None) -> None:
    """Per coding of the shown code on a passage: who and what status, remove, move to another code."""
    status_names = {"accepted": t("status.accepted"), "suggested": t("status.suggested"), "rejected": t("status.rejected")}
    for c in codings:
        cols = st.columns([2, 3, 1.4, 1.6])
        cols[0].caption(t("tree.coding_line", coder=md(c.coder), status=status_names.get(CodingStatus(c.status).value, "")))
        cols[1].selectbox(t("tree.coding_move_to"), [k for k in codable if k != c.code_id], index=None,
                          key=f"cb_move_to_{c.id}", format_func=lambda k: codable[k].strip(),
                          placeholder=t("review.choose_code"), label_visibility="collapsed")
        cols[2].button(t("tree.coding_move"), key=f"cb_move_{c.id}", on_click=_move_coding, args=(project, c.id, codable),
                       disabled=read_only is not None, help=read_only)
        cols[3].button(t("tree.coding_remove"), key=f"cb_remove_{c.id}", on_click=_remove, args=(project, c.id),
                       disabled=read_only is not None, help=read_only)
