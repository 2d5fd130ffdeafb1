"""Team: intercoder agreement, disagreements and consensus, assignments, audit trail, accounts.

Thin: agreement and consensus live in :mod:`analysis.agreement`, the audit trail and undo
in :mod:`analysis.audit`, accounts and roles in :mod:`analysis.accounts`. Rights are
enforced by the store; this page shows its refusals (PermissionDenied) in plain words.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import accounts as acc
from analysis.agreement import LEVELS, UNIT_MODES, agreement, assign, assignments, disagreements, resolve
from analysis.agreement.report import CONSENSUS
from analysis.audit import (
    ACTION_LABELS,
    ENTITY_LABELS,
    UndoError,
    describe,
    export_audit,
    readable_rows,
    undo,
    undoable_entries,
)
from analysis.domain import CodingStatus
from analysis.store import StoreError
from ui import render, state
from ui.format import error_text, local_time, number
from ui.i18n import t
from ui.login import require_login
from ui.safe import md

MAX_DISAGREEMENTS = 50
ALPHA_GOOD = 0.8
ALPHA_TENTATIVE = 0.667

require_login(sidebar=False)  # app.py asks first; this page manages rights, so it checks again
project = state.require_project()
ss = st.session_state

state.show_flash()
st.title(t("team.title"))
role = project.role
if project.has_accounts():
    st.caption(t("team.role", user=md(project.user), role=acc.ROLE_LABELS.get(role or "", role or "–")))
else:
    st.caption(t("team.single_user"))


def reading(value: float | None) -> str:
    """Plain-Dutch reading of an alpha (or kappa) by Krippendorff's bounds."""
    if value is None:
        return t("team.reading.na")
    if value >= ALPHA_GOOD:
        return t("team.reading.good")
    if value >= ALPHA_TENTATIVE:
        return t("team.reading.tentative")
    return t("team.reading.poor")


def _dutch(value: float | None, digits: int) -> str | None:
    """A value with a decimal comma (Dutch) or point (English); an empty cell when it cannot be computed."""
    return None if value is None else number(value, digits)


def _refusal(exc: Exception) -> str:
    if isinstance(exc, acc.PermissionDenied):
        return t("team.denied", error=md(error_text(exc)))
    return t("team.failed", error=md(error_text(exc)))


tabs = st.tabs(
    [
        t("team.tab.agreement"),
        t("team.tab.disagreements"),
        t("team.tab.assign"),
        t("team.tab.audit"),
        t("team.tab.accounts"),
    ]
)
codebooks = {cb.id: cb for cb in project.codebooks()}

# -- 1. agreement ----------------------------------------------------------------------------
with tabs[0]:
    if not codebooks:
        st.info(t("team.no_codebook"))
        codebook_id, chosen = None, []
    else:
        top = st.columns([2, 3, 1.2, 1.6])
        if ss.get("team_codebook") not in codebooks:
            # start on the codebook with the most coders (a newcomer sees agreement, not an empty table)
            coders_per_book: dict[str, set[str]] = {}
            for c in project.codings(status=CodingStatus.ACCEPTED):
                coders_per_book.setdefault(c.codebook_id, set()).add(c.coder)
            ss["team_codebook"] = max(codebooks, key=lambda c: len(coders_per_book.get(c, ())))
        codebook_id = top[0].selectbox(
            t("team.codebook"), list(codebooks), key="team_codebook", format_func=lambda c: codebooks[c].name
        )
        present = sorted(
            {c.coder for c in project.codings(codebook_id=codebook_id, status=CodingStatus.ACCEPTED)} - {CONSENSUS}
        )
        if not set(ss.get("team_coders") or []) <= set(present):
            ss["team_coders"] = [c for c in ss["team_coders"] if c in present]
        ss.setdefault("team_coders", present)
        chosen = top[1].multiselect(t("team.coders"), present, key="team_coders")
        level = top[2].selectbox(
            t("team.level"), list(LEVELS), key="team_level", format_func=lambda v: t(f"team.level.{v}")
        )
        unit_mode = top[3].selectbox(
            t("team.units"),
            list(UNIT_MODES),
            key="team_units",
            format_func=lambda v: t(f"team.units.{v}"),
            help=t("team.units_help"),
        )
        if len(chosen) < 2:
            st.info(t("team.need_two", coders=md(", ".join(present) or "–")))
        else:
            try:
                report = agreement(project, codebook_id, chosen, level=level, units=unit_mode)
            except StoreError as exc:
                st.error(t("team.agreement_failed", error=md(error_text(exc))))
            else:
                rows = []
                for ca in [*report.per_code, report.overall]:
                    rows.append(
                        {
                            t("team.col.code"): t("team.overall") if ca.code_id == "*" else ca.code_name,
                            t("team.col.percent"): _dutch(None if ca.percent is None else 100 * ca.percent, 1),
                            t("team.col.kappa"): _dutch(ca.kappa, 2),
                            t("team.col.alpha"): _dutch(ca.alpha, 2),
                            t("team.col.units"): ca.units,
                            t("team.col.reading"): reading(ca.alpha),
                        }
                    )
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="team_agreement_table")
                st.caption(t("team.n_units", n=report.n_units, level=t(f"team.level.{level}")))
                for note in report.notes:
                    st.caption(f"⚠ {md(note)}")
                st.info(t("team.reading_aid"))


# -- 2. disagreements ------------------------------------------------------------------------
def _who(speaker: str | None, role: str | None) -> str:
    """'Spreker: **YUSUF** (respondent)' for a disagreement's passage; '' when nobody is named."""
    role_words = render.role_text(speaker, role)
    if not speaker and not role_words:
        return ""
    return t("walk.speaker", speaker=md(speaker or "–"), role=f" ({md(role_words)})" if role_words else "")


def _resolve(passage_id: int, code_id: str, code_name: str, applies: bool) -> None:
    try:
        resolve(project, passage_id, code_id, applies, codebook_id=ss.get("team_codebook"))
    except StoreError as exc:  # PermissionDenied is a StoreError
        state.flash(_refusal(exc), "error")
        return
    state.bump_data_version()
    state.flash(t("team.dis_done_present" if applies else "team.dis_done_absent", code=md(code_name)))


with tabs[1]:
    st.caption(t("team.dis_intro"))
    if codebook_id is None or len(chosen) < 2:
        st.info(t("team.need_two", coders=md(", ".join(chosen) or "–")))
    else:
        if not acc.can(project, "consensus"):
            st.warning(t("team.dis_no_right"))
        open_only = st.toggle(t("team.dis_open_only"), key="team_dis_open", value=False)
        try:
            found = disagreements(project, codebook_id, chosen)
        except StoreError as exc:
            st.error(t("team.failed", error=md(error_text(exc))))
            found = []
        n_open = sum(1 for d in found if not d.resolved)
        if not found:
            st.success(t("team.dis_none"))
        else:
            st.caption(t("team.dis_count", n=len(found), open=n_open))
        shown = [d for d in found if not (open_only and d.resolved)]
        if len(shown) > MAX_DISAGREEMENTS:
            st.caption(t("team.dis_more", shown=MAX_DISAGREEMENTS, n=len(shown)))
        for d in shown[:MAX_DISAGREEMENTS]:
            with st.container(border=True):
                st.markdown(f"**{md(d.code_name)}** · {md(d.source_name)} · #{d.passage_id}")
                who = _who(d.speaker, d.role)  # a group interview has several voices
                if who:
                    st.markdown(who)
                st.text(d.text[:1200] + ("…" if len(d.text) > 1200 else ""))
                st.caption(
                    t("team.dis_present", coders=md(", ".join(d.present)))
                    + " · "
                    + t("team.dis_absent", coders=md(", ".join(d.absent)))
                )
                if d.resolution == "present":
                    st.markdown(t("team.dis_resolved_present"))
                elif d.resolution == "absent":
                    st.markdown(t("team.dis_resolved_absent"))
                b1, b2, _ = st.columns([1, 1, 3])
                b1.button(
                    t("team.dis_accept"),
                    key=f"team_yes_{d.passage_id}_{d.code_id}",
                    on_click=_resolve,
                    args=(d.passage_id, d.code_id, d.code_name, True),
                    type="primary",
                )
                b2.button(
                    t("team.dis_reject"),
                    key=f"team_no_{d.passage_id}_{d.code_id}",
                    on_click=_resolve,
                    args=(d.passage_id, d.code_id, d.code_name, False),
                )


# -- 3. assignments --------------------------------------------------------------------------
def _assign(source_names: dict[int, str]) -> None:
    coder = (ss.get("team_assign_coder") or "").strip()
    sources = list(ss.get("team_assign_sources") or [])
    if not coder or not sources:
        state.flash(t("team.assign_need"), "warning")
        return
    try:
        n = assign(project, coder, source_ids=sources)
    except StoreError as exc:
        state.flash(_refusal(exc), "error")
        return
    ss["team_assign_sources"] = []
    state.bump_data_version()
    state.flash(t("team.assign_done", n=n, coder=md(coder)))


with tabs[2]:
    st.caption(t("team.assign_intro"))
    source_names = {int(s.id): s.name for s in project.sources(with_text=False)}
    cols = st.columns([1.5, 3, 1])
    if project.has_accounts():
        cols[0].selectbox(t("team.assign_coder"), [u.name for u in acc.users(project)], key="team_assign_coder")
    else:
        cols[0].text_input(t("team.assign_coder"), key="team_assign_coder")
    cols[1].multiselect(
        t("team.assign_sources"),
        list(source_names),
        key="team_assign_sources",
        format_func=lambda s: source_names.get(s, str(s)),
    )
    cols[2].button(t("team.assign_submit"), key="team_assign_submit", on_click=_assign, args=(source_names,))
    current = assignments(project)
    if not current:
        st.caption(t("team.assign_none"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("team.col.coder"): a.coder,
                        t("team.col.source"): source_names.get(a.source_id, str(a.source_id)),
                        t("team.col.passage"): t("team.whole_source") if a.passage_id is None else str(a.passage_id),
                    }
                    for a in current
                ]
            ),
            hide_index=True,
            width="stretch",
        )


# -- 4. audit trail --------------------------------------------------------------------------
def _undo() -> None:
    entry_id = ss.get("team_undo_entry")
    if entry_id is None:
        return
    try:
        result = undo(project, int(entry_id))
    except (UndoError, StoreError) as exc:  # UndoConflict and PermissionDenied included
        state.flash(t("team.undo_refused", error=md(error_text(exc))), "error")
        return
    state.bump_data_version()
    state.flash(t("team.undo_done", entry=result.entry_id, coding=result.coding_id))


def _export(fmt: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"audittrail.{fmt}"
        export_audit(project, path, fmt)
        return path.read_bytes()


with tabs[3]:
    log = project.audit_log()
    people = sorted({e["user"] for e in log})
    entities = sorted({e["entity"] for e in log})
    actions = sorted({e["action"] for e in log})
    f = st.columns([1.4, 1.4, 1.4, 1])
    who = f[0].selectbox(
        t("team.audit_user"),
        [None, *people],
        key="team_audit_user",
        format_func=lambda v: t("filter.all") if v is None else v,
    )
    entity = f[1].selectbox(
        t("team.audit_entity"),
        [None, *entities],
        key="team_audit_entity",
        format_func=lambda v: t("filter.all") if v is None else ENTITY_LABELS.get(v, v),
    )
    action = f[2].selectbox(
        t("team.audit_action"),
        [None, *actions],
        key="team_audit_action",
        format_func=lambda v: t("filter.all") if v is None else ACTION_LABELS.get(v, v),
    )
    limit = f[3].selectbox(t("team.audit_limit"), [50, 200, 1000], key="team_audit_limit")
    rows = readable_rows(project, entity=entity, user=who)
    if action is not None:
        rows = [r for r in rows if r["actie"] == ACTION_LABELS.get(action, action)]
    latest = list(reversed(rows))[:limit]
    if not latest:
        st.info(t("team.audit_none"))
    else:
        st.caption(t("team.audit_shown", shown=len(latest), n=len(rows)))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("team.col.nr"): r["nr"],
                        t("team.col.when"): local_time(r["wanneer"], "%d-%m-%Y %H:%M:%S"),
                        t("team.col.who"): r["wie"],
                        t("team.col.action"): r["actie"],
                        t("team.col.object"): r["object"],
                        t("team.col.object_id"): r["object_id"],
                        t("team.col.change"): r["omschrijving"],
                    }
                    for r in latest
                ]
            ),
            hide_index=True,
            width="stretch",
            key="team_audit_table",
        )
    d = st.columns([1, 2, 3])
    fmt = d[0].selectbox(t("team.audit_format"), ["csv", "xlsx"], key="team_audit_format", format_func=str.upper)
    d[1].download_button(
        t("team.audit_download"),
        data=lambda: _export(fmt),
        file_name=f"audittrail.{fmt}",
        mime="text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="team_audit_download",
        on_click="ignore",
    )

    st.subheader(t("team.undo_title"))
    beheerder = acc.can(project, "users")
    anyone = st.toggle(t("team.undo_anyone"), key="team_undo_anyone", value=beheerder)
    candidates = undoable_entries(project, anyone=anyone, limit=50)
    if not candidates:
        st.caption(t("team.undo_none"))
    else:
        labels = {
            int(e["id"]): f"#{e['id']} · {e['user']} · {ACTION_LABELS.get(e['action'], e['action'])} · {describe(e)}"
            for e in candidates
        }
        if ss.get("team_undo_entry") not in labels:
            ss["team_undo_entry"] = next(iter(labels))
        u = st.columns([5, 1])
        u[0].selectbox(t("team.undo_entry"), list(labels), key="team_undo_entry", format_func=labels.__getitem__)
        u[1].button(t("team.undo_submit"), key="team_undo_submit", on_click=_undo)


# -- 5. accounts -----------------------------------------------------------------------------
def _add_user() -> None:
    name = (ss.get("team_user_name") or "").strip()
    new_role = ss.get("team_user_role") or "codeur"
    password = ss.get("team_user_password") or ""
    ss["team_user_password"] = ""
    first = not project.has_accounts()
    try:
        account = acc.add_user(project, name, password, role=new_role)
    except StoreError as exc:  # AccountError, PermissionDenied
        state.flash(_refusal(exc), "error")
        return
    ss["team_user_name"] = ""
    if first:
        # add_user switched this (shared, cached) project object to the new beheerder; reopen
        # cleanly so every session signs in through the login gate.
        state.open_project.clear()
    state.flash(t("team.user_added", name=md(account.name), role=acc.ROLE_LABELS.get(account.role, account.role)))


with tabs[4]:
    accounts_now = acc.users(project)
    if not accounts_now:
        st.info(t("team.users_none"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("team.col.name"): a.name,
                        t("team.col.role"): acc.ROLE_LABELS.get(a.role, a.role),
                        t("team.col.created"): local_time(a.created_at),
                    }
                    for a in accounts_now
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if not acc.can(project, "users"):
        st.caption(t("team.user_no_right"))
    else:
        with st.form("team_user_form"):
            st.markdown(f"**{t('team.user_add')}**")
            c = st.columns(3)
            c[0].text_input(t("team.user_name"), key="team_user_name")
            roles = ["beheerder"] if not accounts_now else list(acc.ROLES)
            c[1].selectbox(
                t("team.user_role"), roles, key="team_user_role", format_func=lambda r: acc.ROLE_LABELS.get(r, r)
            )
            c[2].text_input(t("team.user_password"), key="team_user_password", type="password")
            st.form_submit_button(t("team.user_submit"), on_click=_add_user)

    # changing passwords and roles, removing accounts (no command line needed)
    from ui import accounts_admin

    accounts_admin.manage(project, accounts_now)
