"""Uitwisseling: REFI-QDA projects in and out (.qdpx, .qdc) and story collections in, without a command line.

Thin: the work is :mod:`analysis.exchange` (uploads in, one result per file) on top of
:mod:`analysis.refi`, :mod:`analysis.codebook` and :mod:`analysis.stories`.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analysis.domain import SourceKind
from analysis.errors import localise, message
from analysis.exchange import (
    FAILED,
    UploadResult,
    export_qdpx_bytes,
    import_qdpx_uploads,
    import_story_uploads,
    summary_counts,
)
from ui import codebook_upload, progress, state
from ui.i18n import t

ss = st.session_state
project = state.require_project()
state.show_flash()
st.title(t("nocli.exchange.title"))
st.caption(t("nocli.exchange.intro"))
lang = ss.get("lang", "nl")
POSITIONS = [None, "nvivo", "atlas.ti", "maxqda", "qualcoder", "codepoint", "utf16"]


def show_results(results: Sequence[UploadResult], key: str, describe) -> None:
    """The summary line and one row per file: imported / skipped / failed with the reason."""
    if not results:
        return
    n = summary_counts(results)
    text = t(
        "nocli.files_summary", imported=n["imported"], duplicate=n["duplicate"], failed=n["failed"], total=len(results)
    )
    (st.warning if n[FAILED] else st.success)(text)
    st.dataframe(
        [
            {
                t("col.file"): r.name,
                t("col.result"): t(f"nocli.status.{r.status}"),
                t("nocli.col.what"): describe(r) if r.status != FAILED else "",
                t("col.reason"): message(r.error, lang) if r.error is not None else "",
            }
            for r in results
        ],
        hide_index=True,
        width="stretch",
        key=key,
    )
    warnings = [w for r in results for w in r.warnings]
    if warnings:
        with st.expander(t("nocli.warnings", n=len(warnings))):
            for w in warnings[:200]:
                st.caption(localise(w, lang))


def _uploads(files) -> list[tuple[str, bytes]]:
    return [(f.name, f.getvalue()) for f in files or []]


tab_in, tab_out, tab_stories = st.tabs(
    [t("nocli.exchange.tab_import"), t("nocli.exchange.tab_export"), t("nocli.exchange.tab_stories")]
)

# -- REFI-QDA import ---------------------------------------------------------------------------------
with tab_in:
    st.caption(t("nocli.qdpx.intro"))
    round_ = ss.setdefault("qdpx_round", 0)
    files = st.file_uploader(
        t("nocli.qdpx.files"), type=["qdpx"], accept_multiple_files=True, key=f"qdpx_files_{round_}"
    )
    with st.expander(t("nocli.qdpx.options")):
        c = st.columns(4)
        positions = c[0].selectbox(
            t("nocli.qdpx.positions"),
            POSITIONS,
            key="qdpx_positions",
            format_func=lambda p: t("nocli.qdpx.positions_auto") if p is None else p,
            help=t("nocli.qdpx.positions_help"),
        )
        kind = c[1].selectbox(
            t("col.kind"),
            [None, *(k.value for k in SourceKind)],
            key="qdpx_kind",
            format_func=lambda k: t("nocli.from_file") if k is None else t(f"kind.{k}"),
        )
        municipality = c[2].text_input(t("filter.municipality"), key="qdpx_municipality", help=t("nocli.default_help"))
        study = c[3].text_input(t("col.study"), key="qdpx_study", help=t("nocli.default_help"))
    if st.button(t("nocli.qdpx.submit"), key="qdpx_submit", type="primary", disabled=not files):
        with progress.counter("nocli.progress_files", len(files)) as on_file:
            ss["qdpx_results"] = import_qdpx_uploads(
                project,
                _uploads(files),
                on_file=on_file,
                positions=positions,
                kind=kind,
                municipality=municipality.strip() or None,
                study=study.strip() or None,
            )
        ss["qdpx_round"] = round_ + 1
        state.bump_data_version()
        st.rerun()
    show_results(
        ss.get("qdpx_results") or [],
        "qdpx_results_table",
        lambda r: t("nocli.qdpx.counts", **r.counts),
    )
    st.divider()
    st.markdown(f"**{t('codebook_import.title')}**")
    codebook_upload.import_box(project, "exchange_qdc")

# -- REFI-QDA export ---------------------------------------------------------------------------------
with tab_out:
    codebooks = {cb.id: cb for cb in project.codebooks()}
    st.markdown(f"**{t('nocli.qdpx.export_title')}**")
    st.caption(t("nocli.qdpx.export_intro"))
    chosen = st.multiselect(
        t("nocli.qdpx.export_codebooks"),
        list(codebooks),
        default=list(codebooks),
        key="qdpx_export_codebooks",
        format_func=lambda c: codebooks[c].name,
        placeholder=t("nocli.all_codebooks"),
    )
    e = st.columns(3)
    with_suggestions = e[0].checkbox(t("nocli.qdpx.export_suggestions"), key="qdpx_export_suggestions")
    pseudonymise = e[1].checkbox(
        t("nocli.qdpx.export_pseudonymise"),
        key="qdpx_export_pseudonymise",
        help=t("nocli.qdpx.export_pseudonymise_help"),
    )
    utf16 = e[2].checkbox(t("nocli.qdpx.export_utf16"), key="qdpx_export_utf16", help=t("nocli.qdpx.export_utf16_help"))
    if st.button(t("nocli.qdpx.export_submit"), key="qdpx_export_submit", type="primary"):
        with st.spinner(t("nocli.qdpx.export_running")):
            try:
                data, report = export_qdpx_bytes(
                    project,
                    codebooks=chosen or None,
                    pseudonymise=pseudonymise,
                    statuses=("accepted", "suggested") if with_suggestions else ("accepted",),
                    positions="utf16" if utf16 else "codepoint",
                )
            except Exception as exc:  # noqa: BLE001 - shown in Dutch, the page goes on
                ss.pop("qdpx_export", None)
                st.error(message(exc, lang))
            else:
                ss["qdpx_export"] = (data, report.sources, report.codes, report.codings, list(report.warnings))
    if ss.get("qdpx_export"):
        data, n_sources, n_codes, n_codings, warnings = ss["qdpx_export"]
        st.success(t("nocli.qdpx.export_done", sources=n_sources, codes=n_codes, codings=n_codings))
        st.download_button(
            t("nocli.qdpx.export_download"),
            data,
            file_name="duiding-project.qdpx",
            mime="application/zip",
            key="qdpx_export_download",
            on_click="ignore",
            icon=":material/download:",
        )
        for w in warnings[:50]:
            st.caption(f"⚠ {localise(w, lang)}")
    st.divider()
    st.markdown(f"**{t('nocli.qdc.title')}**")
    if not codebooks:
        st.info(t("team.no_codebook"))
    else:
        from analysis.codebook import qdc_bytes

        q = st.columns([3, 2])
        cb_id = q[0].selectbox(
            t("review.codebook"), list(codebooks), key="qdc_export_codebook", format_func=lambda c: codebooks[c].name
        )
        try:
            qdc = qdc_bytes(codebooks[cb_id])
        except Exception as exc:  # noqa: BLE001
            q[1].error(message(exc, lang))
        else:
            q[1].download_button(
                t("nocli.qdc.download"),
                qdc,
                file_name=f"{cb_id}.qdc",
                mime="application/xml",
                key="qdc_export_download",
                on_click="ignore",
                icon=":material/download:",
            )

# -- story collections ---------------------------------------------------------------------------------
with tab_stories:
    st.caption(t("nocli.stories.intro"))
    sround = ss.setdefault("stories_round", 0)
    story_files = st.file_uploader(
        t("nocli.stories.files"), type=["csv", "xlsx"], accept_multiple_files=True, key=f"stories_files_{sround}"
    )
    questions = st.file_uploader(
        t("nocli.stories.questions"),
        type=["yaml", "yml"],
        key=f"stories_questions_{sround}",
        help=t("nocli.stories.questions_help"),
    )
    mapping = st.file_uploader(
        t("nocli.stories.mapping"),
        type=["yaml", "yml"],
        key=f"stories_mapping_{sround}",
        help=t("nocli.stories.mapping_help"),
    )
    collections = st.file_uploader(
        t("nocli.stories.collections"),
        type=["yaml", "yml"],
        key=f"stories_collections_{sround}",
        help=t("nocli.stories.collections_help"),
    )
    s = st.columns(3)
    s_muni = s[0].text_input(
        t("filter.municipality"), key="stories_municipality", help=t("nocli.stories.from_questions")
    )
    s_study = s[1].text_input(t("col.study"), key="stories_study", help=t("nocli.stories.from_questions"))
    skip_invalid = s[2].checkbox(t("nocli.stories.skip_invalid"), key="stories_skip", help=t("nocli.stories.skip_help"))
    if st.button(
        t("nocli.stories.submit"), key="stories_submit", type="primary", disabled=not (story_files and questions)
    ):
        with progress.counter("nocli.progress_files", len(story_files)) as on_file:
            ss["stories_results"] = import_story_uploads(
                project,
                _uploads(story_files),
                (questions.name, questions.getvalue()),
                (mapping.name, mapping.getvalue()) if mapping is not None else None,
                collections=(collections.name, collections.getvalue()) if collections is not None else None,
                skip_invalid=skip_invalid,
                municipality=s_muni.strip() or None,
                study=s_study.strip() or None,
                on_file=on_file,
            )
        ss["stories_round"] = sround + 1
        state.bump_data_version()
        st.rerun()
    show_results(
        ss.get("stories_results") or [],
        "stories_results_table",
        lambda r: (
            t("nocli.stories.counts", stories=r.counts.get("stories", 0))
            + (
                " " + t("nocli.stories.skipped_rows", rows=", ".join(map(str, r.skipped_rows)))
                if r.skipped_rows
                else ""
            )
        ),
    )
