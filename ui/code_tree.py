"""The codebook page's tree (issue 15 point 7): codes with their counts, a click opens a code's
passages, outliner buttons move a code, and a code's passage list can remove a coding or move it to
another code. Logic in :mod:`analysis.review.tree`; every change is one undoable step.

The tree itself is a custom component (Streamlit Components v2): its JavaScript and CSS live in
``ui/code_tree/`` and are handed to Streamlit inline (no CDN, no build step). A code is dragged onto
another code (it becomes a child), between two codes (it moves there) or onto the top-level strip; the
keyboard does the same (Alt+Shift+arrows). Every move goes through :func:`analysis.review.tree.move_code`
(the store refuses a cycle) and is undone with :func:`analysis.review.tree.undo_move`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analysis import review as rv
from analysis.domain import Codebook, Coding, CodingStatus
from analysis.review import tree as rt
from analysis.store import Project, StoreError
from ui import state
from ui.format import error_text
from ui.i18n import NL, TABLES, current_language, t
from ui.live import POLL_SECONDS
from ui.safe import md

HERE = Path(__file__).resolve().parent / "code_tree"

_component = st.components.v2.component(
    "duiding_code_tree",
    css=(HERE / "code_tree.css").read_text(encoding="utf-8"),
    js=(HERE / "code_tree.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def _strings() -> dict[str, str]:
    """The component's texts in the current language (keys ``ctree.js.*`` without the prefix)."""
    table = {**NL, **TABLES.get(current_language(), NL)}
    return {k[len("ctree.js."):]: v for k, v in table.items() if k.startswith("ctree.js.")}


def _on_action(project: Project, codebook_id: str, key: str) -> None:
    """Apply the component's action before the page runs again (so that run draws what is stored)."""
    ss = st.session_state
    action = dict(ss.get(key) or {}).get("action")
    if not action:
        return
    code = str(action.get("code") or "")
    if action.get("op") == "select":
        ss["cb_code"] = code
        return
    if action.get("op") != "move":
        return
    try:
        written = rt.move_code(project, codebook_id, code, action.get("parent"), action.get("before"))
    except StoreError as exc:
        ss["ctree_result"] = {"error": error_text(exc)}
        return
    name = project.get_codebook(codebook_id).code(code).name
    ss["ctree_result"] = {"done": t("ctree.moved", code=name) if written else ""}
    ss["cb_code"] = code


def code_tree(project: Project, codebook: Codebook, selected: str | None, read_only: str | None) -> Any:
    """The codebook as a collapsible tree with counts; drag or Alt+Shift+arrows to restructure it."""
    rows = rt.tree_rows(project, codebook)
    colours = {c.id: c.colour for c in codebook.codes}
    data = {
        "rows": [{"id": r.code_id, "name": r.name, "depth": r.depth, "parent": r.parent, "n": r.passages,
                  "below": r.passages_below, "open": r.open, "colour": colours.get(r.code_id) or ""} for r in rows],
        "selected": selected,
        "read_only": read_only is not None,
        "strings": _strings(),
        **st.session_state.pop("ctree_result", {}),
    }
    key = f"cb_ctree_{codebook.id}"
    st.session_state["ctree_shape"] = (codebook.id, _shape(codebook))
    _follow(project, codebook.id)
    return _component(key=key, data=data, on_action_change=lambda: _on_action(project, codebook.id, key),
                      height="content")


def _shape(codebook: Codebook) -> tuple:
    return tuple((c.id, c.parent, c.name) for c in codebook.codes)


@st.fragment(run_every=POLL_SECONDS)
def _follow(project: Project, codebook_id: str) -> None:
    """What the tree shows is what is stored: when another session (or the command line) changed this
    codebook's structure, run the page again. A poll that finds the data version unchanged costs one
    small query; a changed version one more (the codebook's codes), and a rerun only if the tree changed."""
    ss = st.session_state
    version = state.data_version()
    if ss.get("ctree_seen") == version:
        return
    ss["ctree_seen"] = version
    try:
        shape = (codebook_id, _shape(project.get_codebook(codebook_id)))
    except StoreError:
        return
    if ss.get("ctree_shape") is not None and shape != ss["ctree_shape"]:
        st.rerun()


def undo_button(project: Project, codebook: Codebook, read_only: str | None) -> None:
    """↶ Undo the user's last move of a code in this codebook (read back from the audit trail)."""
    last = rt.undoable_moves(project, codebook.id, limit=1) if read_only is None else []
    st.button(t("ctree.undo"), key="cb_tree_undo", disabled=not last, on_click=_undo, args=(project, codebook.id),
              help=t("ctree.undo_help") if read_only is None else read_only, width="stretch")


def _undo(project: Project, codebook_id: str) -> None:
    try:
        entry = rt.undo_move(project, codebook_id)
    except StoreError as exc:
        state.flash(t("ctree.undo_failed", error=error_text(exc)), "error")
        return
    code = str(entry["entity_id"]).split("/", 1)[1]
    st.session_state["cb_code"] = code
    state.flash(t("ctree.undone", code=md(project.get_codebook(codebook_id).code(code).name)))


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


def _move(project: Project, codebook: Codebook, code_id: str, new_parent: str | None, before: str | None = None) -> None:
    try:
        rt.move_code(project, codebook.id, code_id, new_parent, before)
    except StoreError as exc:
        state.flash(error_text(exc), "error")
        return
    state.bump_data_version()
    state.flash(t("tree.moved", code=md(codebook.code(code_id).name)))


def outline_buttons(project: Project, codebook: Codebook, code_id: str | None) -> None:
    """⇤ / ⇥: move the chosen code one level up, or under the code just above it."""
    if code_id is None:
        return
    can_out, out_parent, out_before = rt.outdent_place(codebook, code_id)
    can_in, in_parent = rt.indent_parent(codebook, code_id)
    cols = st.columns(2)
    cols[0].button(t("tree.outdent"), key="cb_outdent", disabled=not can_out, help=t("tree.outdent_help"),
                   on_click=_move, args=(project, codebook, code_id, out_parent, out_before), width="stretch")
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
