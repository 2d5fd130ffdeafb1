"""Bronnen beheren: edit a source's metadata, delete sources (their codings go with them), pseudonymise.

Thin: the store does the work (:meth:`Project.update_source`, :meth:`Project.delete_source`,
one transaction each, audit logged) and :func:`analysis.privacy.pseudonymise_project`.
Rights are enforced by the store; refusals are shown in plain words.
"""

from __future__ import annotations

import streamlit as st

from analysis import accounts as acc
from analysis.domain import RESPONDENT_GROUPS, SourceKind
from analysis.errors import message
from analysis.store import StoreError
from ui import progress, state
from ui.i18n import t

ss = st.session_state
project = state.require_project()
state.show_flash()
st.title(t("nocli.sources.title"))
lang = ss.get("lang", "nl")
sources = {int(s.id): s for s in project.sources(with_text=False)}


def _label(sid: int) -> str:
    s = sources.get(sid)
    return f"{s.name} ({s.municipality or '—'}, #{sid})" if s else f"#{sid}"


def _pick_sources(label_key: str, key: str, placeholder_key: str, **kwargs) -> list[int]:
    """A multiselect of the project's sources, shown by name, gemeente and id."""
    return st.multiselect(
        t(label_key), list(sources), key=key, format_func=_label, placeholder=t(placeholder_key), **kwargs
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, acc.PermissionDenied):
        return t("team.denied", error=message(exc, lang))
    return message(exc, lang)


tab_edit, tab_delete, tab_privacy = st.tabs(
    [t("nocli.sources.tab_edit"), t("nocli.sources.tab_delete"), t("nocli.sources.tab_privacy")]
)

# -- edit metadata ------------------------------------------------------------------------------------------
with tab_edit:
    if not sources:
        st.info(t("corpus.empty"))
    else:
        if ss.get("src_edit_id") not in sources:
            ss["src_edit_id"] = next(iter(sources))
        sid = st.selectbox(t("filter.source"), list(sources), key="src_edit_id", format_func=_label)
        src = sources[sid]
        with st.form(f"src_edit_form_{sid}"):
            c = st.columns(2)
            name = c[0].text_input(t("nocli.sources.name"), value=src.name, key=f"src_name_{sid}")
            kinds = [k.value for k in SourceKind]
            kind = c[1].selectbox(
                t("col.kind"),
                kinds,
                index=kinds.index(SourceKind(src.kind).value),
                format_func=lambda k: t(f"kind.{k}"),
                key=f"src_kind_{sid}",
            )
            c = st.columns(3)
            municipality = c[0].text_input(t("col.municipality"), value=src.municipality or "", key=f"src_muni_{sid}")
            study = c[1].text_input(t("col.study"), value=src.study or "", key=f"src_study_{sid}")
            date = c[2].text_input(t("col.date"), value=src.date or "", placeholder="2026-03-01", key=f"src_date_{sid}")
            c = st.columns(2)
            participant = c[0].text_input(t("col.participant"), value=src.participant or "", key=f"src_part_{sid}")
            groups = ["", *RESPONDENT_GROUPS]
            if src.respondent_group and src.respondent_group not in groups:
                groups.append(src.respondent_group)
            group = c[1].selectbox(
                t("col.group"),
                groups,
                index=groups.index(src.respondent_group or ""),
                format_func=lambda g: g or "—",
                key=f"src_group_{sid}",
            )
            st.caption(t("nocli.sources.metadata_help"))
            rows = [{"key": k, "value": "" if v is None else str(v)} for k, v in src.metadata.items()]
            edited = st.data_editor(
                rows or [{"key": "", "value": ""}],
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                column_config={"key": t("nocli.sources.meta_key"), "value": t("nocli.sources.meta_value")},
                key=f"src_meta_{sid}",
            )
            submitted = st.form_submit_button(t("nocli.sources.save"), type="primary", key=f"src_save_{sid}")
        if submitted:
            extra = {}
            for row in edited if isinstance(edited, list) else edited.to_dict("records"):
                key = str(row.get("key") or "").strip()
                if key:
                    old = src.metadata.get(key)
                    value = row.get("value")
                    extra[key] = old if old is not None and str(old) == value else value
            try:
                project.update_source(
                    sid,
                    name=name,
                    kind=kind,
                    municipality=municipality,
                    study=study,
                    date=date,
                    participant=participant,
                    respondent_group=group or None,
                    metadata=extra,
                )
            except StoreError as exc:
                st.error(t("nocli.sources.save_failed", error=_reason(exc)))
            else:
                state.bump_data_version()
                state.flash(t("nocli.sources.saved", name=name.strip()))
                st.rerun()

# -- delete -------------------------------------------------------------------------------------------------
with tab_delete:
    st.caption(t("nocli.sources.delete_intro"))
    if ss.pop("src_delete_reset", False):
        ss["src_delete_ids"], ss["src_delete_sure"] = [], False
    chosen = _pick_sources("nocli.sources.delete_choose", "src_delete_ids", "nocli.choose_sources")
    if chosen:
        n_codings = sum(len(project.codings(source_id=sid)) for sid in chosen)
        st.warning(t("nocli.sources.delete_warning", n=len(chosen), codings=n_codings))
    sure = st.checkbox(t("nocli.sources.delete_confirm"), key="src_delete_sure")
    if st.button(
        t("nocli.sources.delete_submit"), key="src_delete_submit", type="primary", disabled=not (chosen and sure)
    ):
        results = []
        with progress.counter("nocli.progress_sources", len(chosen)) as on_item:
            for i, sid in enumerate(chosen, start=1):
                name = sources[sid].name if sid in sources else f"#{sid}"
                try:
                    counts = project.delete_source(sid)
                except StoreError as exc:
                    results.append({"name": name, "status": "failed", "reason": _reason(exc), "counts": {}})
                else:
                    results.append({"name": name, "status": "deleted", "reason": "", "counts": counts})
                on_item(i, len(chosen))
        ss["src_delete_results"] = results
        ss["src_delete_reset"] = True  # empty the choice and the confirmation on the next run
        state.bump_data_version()
        st.rerun()
    if ss.get("src_delete_results"):
        results = ss["src_delete_results"]
        failed = sum(1 for r in results if r["status"] == "failed")
        (st.warning if failed else st.success)(
            t("nocli.sources.delete_summary", n=len(results) - failed, failed=failed)
        )
        st.dataframe(
            [
                {
                    t("col.source"): r["name"],
                    t("col.result"): t(f"nocli.status.{r['status']}"),
                    t("nocli.col.what"): t("nocli.sources.deleted_counts", **r["counts"]) if r["counts"] else "",
                    t("col.reason"): r["reason"],
                }
                for r in results
            ],
            hide_index=True,
            width="stretch",
            key="src_delete_table",
        )

# -- pseudonymise --------------------------------------------------------------------------------------------
with tab_privacy:
    from analysis.privacy import PrivacyError, deduce_available, key_path, lists_path, pseudonymise_project

    st.caption(t("nocli.privacy.intro"))
    try:
        key_file = key_path(project)
    except PrivacyError:
        key_file = None
        st.info(t("nocli.privacy.no_folder"))
    may = acc.can(project, "pseudonymise")
    if key_file is not None:
        st.markdown(t("nocli.privacy.key_where", path=str(key_file)))
        if key_file.exists():
            data = key_file.read_bytes()
            if may:
                st.download_button(
                    t("nocli.privacy.key_download"),
                    data,
                    file_name=key_file.name,
                    mime="application/json",
                    key="privacy_key_download",
                    on_click="ignore",
                    icon=":material/key:",
                )
            st.caption(t("nocli.privacy.key_keep_apart"))
        else:
            st.caption(t("nocli.privacy.key_none"))
        found_lists = lists_path(project)
        st.caption(t("nocli.privacy.lists", name=found_lists.name) if found_lists else t("nocli.privacy.no_lists"))
    if not may:
        st.warning(t("nocli.privacy.no_right"))
    else:
        picked = _pick_sources(
            "nocli.privacy.sources", "privacy_sources", "nocli.all_sources", help=t("nocli.privacy.sources_help")
        )
        o = st.columns(2)
        has_deduce = deduce_available()
        use_deduce = o[0].toggle(
            t("nocli.privacy.deduce"),
            value=has_deduce,
            disabled=not has_deduce,
            key="privacy_deduce",
            help=t("nocli.privacy.deduce_help") if has_deduce else t("nocli.privacy.deduce_missing"),
        )
        places = o[1].toggle(t("nocli.privacy.places"), key="privacy_places")
        b = st.columns([1, 1, 3])
        dry = b[0].button(t("nocli.privacy.dry_run"), key="privacy_dry", disabled=key_file is None)
        run = b[1].button(t("nocli.privacy.run"), key="privacy_run", type="primary", disabled=key_file is None)
        if dry or run:
            wanted = list(picked) or list(sources)
            with progress.counter("nocli.progress_sources", len(wanted)) as on_item:
                try:
                    result = pseudonymise_project(
                        project,
                        wanted,
                        dry_run=dry,
                        on_source=on_item,
                        use_deduce=bool(use_deduce),
                        replace_places=bool(places) or None,
                    )
                except Exception as exc:  # noqa: BLE001 - PrivacyError, PermissionDenied, a broken key: shown, nothing lost
                    ss.pop("privacy_result", None)
                    st.error(t("nocli.privacy.failed", error=_reason(exc)))
                else:
                    ss["privacy_result"] = {"dry": bool(dry), "result": result, "names": {i: _label(i) for i in wanted}}
                    if not dry:
                        state.bump_data_version()
        if ss.get("privacy_result"):
            info = ss["privacy_result"]
            result, names = info["result"], info["names"]
            counts = ", ".join(f"{k} {v}" for k, v in sorted(result.replaced.items())) or "—"
            key = "nocli.privacy.done_dry" if info["dry"] else "nocli.privacy.done"
            (st.warning if result.skipped else st.success)(
                t(
                    key,
                    changed=len(result.sources_changed),
                    unchanged=len(result.sources_unchanged),
                    skipped=len(result.skipped),
                    counts=counts,
                    moved=result.codings_moved,
                )
            )
            changed_status = "would_change" if info["dry"] else "changed"
            rows = [
                *({"id": i, "status": changed_status, "reason": ""} for i in result.sources_changed),
                *({"id": i, "status": "unchanged", "reason": ""} for i in result.sources_unchanged),
                *({"id": i, "status": "skipped", "reason": why} for i, why in result.skipped.items()),
            ]
            st.dataframe(
                [
                    {
                        t("col.source"): names.get(r["id"], f"#{r['id']}"),
                        t("col.result"): t(f"nocli.status.{r['status']}"),
                        t("col.reason"): r["reason"],
                    }
                    for r in rows
                ],
                hide_index=True,
                width="stretch",
                key="privacy_table",
            )
            for w in result.warnings:
                st.caption(f"⚠ {w}")
