"""The account forms the Team page lacked: own password, and (beheerder) role, password reset, removal."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analysis import accounts as acc
from analysis.store import Project, StoreError

from . import state
from .format import error_text
from .i18n import t
from .safe import md


def _refusal(exc: Exception) -> str:
    error = md(error_text(exc))  # the catalogue's text in the chosen language, not the English str(exc)
    return t("team.denied", error=error) if isinstance(exc, acc.PermissionDenied) else t("team.failed", error=error)


def _set_password(project: Project, name_key: str | None, prefix: str) -> None:
    ss = st.session_state
    name = ss.get(name_key) if name_key else project.user
    first, second = ss.get(f"{prefix}_new") or "", ss.get(f"{prefix}_again") or ""
    ss[f"{prefix}_new"] = ss[f"{prefix}_again"] = ""  # never keep passwords in the session
    if first != second:
        state.flash(t("nocli.accounts.pw_mismatch"), "error")
        return
    try:
        acc.set_password(project, name, first)
    except StoreError as exc:
        state.flash(_refusal(exc), "error")
        return
    state.flash(t("nocli.accounts.pw_done", name=name))


def _set_role(project: Project) -> None:
    ss = st.session_state
    name, role = ss.get("acc_target"), ss.get("acc_new_role")
    try:
        acc.set_role(project, name, role)
    except StoreError as exc:
        state.flash(_refusal(exc), "error")
        return
    # roles are read from the project at every check: signed-in sessions follow at once, nobody is signed out
    state.flash(t("nocli.accounts.role_done", name=name, role=acc.ROLE_LABELS.get(role, role)))


def _remove(project: Project) -> None:
    ss = st.session_state
    name = ss.get("acc_target")
    if name == project.user:
        state.flash(t("nocli.accounts.remove_self"), "warning")
        return
    if not ss.get("acc_remove_sure"):
        state.flash(t("nocli.accounts.remove_confirm_first"), "warning")
        return
    ss["acc_remove_sure"] = False
    try:
        acc.remove_user(project, name)
    except StoreError as exc:
        state.flash(_refusal(exc), "error")
        return
    # a removed account has no role any more: its sessions are refused at their next action
    state.flash(t("nocli.accounts.remove_done", name=name))


def manage(project: Project, accounts_now: Sequence[acc.Account]) -> None:
    """Draw the forms under the account list (nothing in single-user mode)."""
    if not accounts_now:
        return
    names = [a.name for a in accounts_now]
    if project.user in names and acc.can(project, "account"):
        with st.expander(t("nocli.accounts.own_password")), st.form("acc_own_pw_form"):
            st.text_input(t("nocli.accounts.pw_new"), key="acc_own_pw_new", type="password")
            st.text_input(t("nocli.accounts.pw_again"), key="acc_own_pw_again", type="password")
            st.form_submit_button(
                t("nocli.accounts.pw_submit"), on_click=_set_password, args=(project, None, "acc_own_pw")
            )
    if not acc.can(project, "users"):
        return
    with st.expander(t("nocli.accounts.manage"), expanded=False):
        st.selectbox(t("nocli.accounts.target"), names, key="acc_target")
        r = st.columns([2, 1])
        r[0].selectbox(
            t("team.user_role"), list(acc.ROLES), key="acc_new_role", format_func=lambda v: acc.ROLE_LABELS.get(v, v)
        )
        r[1].button(t("nocli.accounts.role_submit"), key="acc_role_submit", on_click=_set_role, args=(project,))
        with st.form("acc_reset_pw_form"):
            st.markdown(t("nocli.accounts.reset_title"))
            st.text_input(t("nocli.accounts.pw_new"), key="acc_reset_pw_new", type="password")
            st.text_input(t("nocli.accounts.pw_again"), key="acc_reset_pw_again", type="password")
            st.form_submit_button(
                t("nocli.accounts.reset_submit"), on_click=_set_password, args=(project, "acc_target", "acc_reset_pw")
            )
        d = st.columns([2, 1])
        d[0].checkbox(t("nocli.accounts.remove_confirm"), key="acc_remove_sure")
        d[1].button(t("nocli.accounts.remove_submit"), key="acc_remove_submit", on_click=_remove, args=(project,))
