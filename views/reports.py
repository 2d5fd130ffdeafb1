"""Rapportage: theme summaries, municipalities compared, the normenkader and code matrices.

Thin: every number and table comes from :mod:`analysis.reports` and :mod:`analysis.compare`;
downloads are :func:`analysis.reports.render_report` of the matching report builder.
Judgements on norms are stored with ``project.judge_norm``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analysis.compare import compare_municipalities, compare_report
from analysis.compare.comparison import DEFAULT_FRAMEWORK, MunicipalityComparison
from analysis.domain import Codebook, SourceKind
from analysis.reports import (
    CodingData,
    ExportError,
    Report,
    ReportError,
    assess_normenkader,
    code_matrix,
    matrix_report,
    normenkader_report,
    overview_frame,
    render_report,
    summarize_code,
    summarize_codebook,
    summary_report,
)
from analysis.store import Project
from ui import draft_panel, render, saturation_tabs, state
from ui.format import error_text, number, percent, with_numbers, with_percentages
from ui.i18n import t
from ui.memo_labels import with_memos
from ui.safe import md as escape  # the one escaping helper (HTML and Markdown)
from ui.transcript_links import transcript_link_html

ALL = "__all__"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
NO_ATTRIBUTE = "__none__"
NOT_JUDGED = "__not_judged__"
MEASURES = ("participants_share", "sources_share", "passages_per_participant", "passages_per_source")
MIME = {
    "md": "text/markdown",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
ss = st.session_state
project = state.require_project()
location = state.project_location() or ""
version = state.data_version()
project_name = Path(location).name if "://" not in location else None
state.show_flash()
st.title(t("reports.title"))
st.caption(t("reports.caption"))
st.toggle(t("memos.in_reports"), key="reports_with_memos", help=t("memos.in_reports_help"))


# -- cached lookups ---------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=16)
def _kinds(_project: Project, location: str, version: int) -> list[str]:
    kinds = {SourceKind.parse(s.kind).value for s in _project.sources(with_text=False)}
    return [k.value for k in SourceKind if k.value in kinds]


@st.cache_data(show_spinner=False, max_entries=16)
def _data(
    _project: Project, location: str, kinds: tuple[str, ...], suggestions: bool, version: int, passage_set: str | None = None
) -> CodingData:
    data = CodingData.from_project(_project, kinds=list(kinds) or None, include_suggestions=suggestions)
    if passage_set:  # a saved set (Zoekvragen): every share and quote is then relative to its passages
        data = data.restrict(_project.get_passage_set(passage_set)["passage_ids"])
    return data


def _keep(key: str, options: Sequence[Any], default: Any = None) -> None:
    """Start a widget at ``default``; reset it when its value is no longer among its options."""
    if key not in ss or ss[key] not in options:
        ss[key] = default if default in options else (options[0] if options else None)


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())
    return "-".join(p for p in keep.split("-") if p) or "rapport"


def _downloads(report_of: Callable[[], Report], name: str, formats: Sequence[str], key: str) -> None:
    """Download buttons for a report; Markdown/CSV are rendered now, the rest when clicked."""
    if ss.get("reports_with_memos"):
        report_of = with_memos(report_of, project)
    cols = st.columns(len(formats) + 1)
    cols[0].markdown(f"**{t('reports.download')}**")
    for col, fmt in zip(cols[1:], formats):
        if fmt in ("md", "csv"):
            try:
                data: bytes | Callable[[], bytes] = render_report(report_of(), fmt)
            except (ReportError, ExportError) as exc:
                col.caption(t("reports.failed", error=escape(error_text(exc))))
                continue
        else:
            def data(fmt: str = fmt) -> bytes:  # deferred: rendered when the button is clicked
                return render_report(report_of(), fmt)

        col.download_button(
            t(f"reports.download.{fmt}"),
            data=data,
            file_name=f"{_slug(name)}.{fmt}",
            mime=MIME[fmt],
            key=f"{key}_{fmt}",
            icon=":material/download:",
        )


# The overview's own (Dutch) column names, as the page shows them; the downloads keep the report's Dutch.
_OVERVIEW_COLUMNS = {
    "Thema": "reports.col.theme", "Fragmenten": "reports.col.passages", "Bronnen": "reports.col.sources",
    "Deelnemers": "reports.col.participants", "Aandeel deelnemers": "reports.col.participants_share",
    "Gemeenten": "walk.col.municipalities", "Letterlijke bronnen": "walk.col.verbatim_sources",
    "Gespreksverslagen": "walk.col.verslag_sources",
}


def _overview_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: t(key) for c, key in _OVERVIEW_COLUMNS.items() if c in frame.columns})


def _pct(x: float) -> str:
    return percent(x)


def _renamed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"reports.col.{c}") for c in frame.columns if f"reports.col.{c}" != t(f"reports.col.{c}")})


def _quote_html(text: str, provenance: str, link: str = "") -> str:
    return (
        '<blockquote style="margin:.3em 0 .8em 0;padding:.3em .9em;border-left:4px solid #999">'
        f"{escape(text)}<br><span style=\"opacity:.7;font-size:.9em\">{escape(provenance)}</span>"
        f"{' · ' + link if link else ''}</blockquote>"
    )


# -- project-wide selection -------------------------------------------------------------------
codebooks: dict[str, Codebook] = {cb.id: cb for cb in project.codebooks()}
if not codebooks:
    st.info(t("reports.no_codebook"))
    st.page_link(state.PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
    st.stop()

kinds_present = _kinds(project, location, version)
if "reports_kinds" in ss:
    ss["reports_kinds"] = [k for k in ss["reports_kinds"] or [] if k in kinds_present]
else:
    ss["reports_kinds"] = list(kinds_present)
st.multiselect(
    t("reports.kinds"),
    kinds_present,
    key="reports_kinds",
    format_func=lambda k: t(f"kind.{k}"),
    help=t("reports.kinds_help"),
)
kinds = tuple(ss["reports_kinds"] or kinds_present)
set_names = project.passage_set_names()
passage_set = None
if set_names:
    _keep("reports_set", [None, *set_names], None)
    passage_set = st.selectbox(
        t("reports.passage_set"), [None, *set_names], key="reports_set",
        format_func=lambda n: t("reports.passage_set_all") if n is None else n, help=t("reports.passage_set_help"),
    )

tab_summary, tab_compare, tab_norms, tab_matrix, tab_saturation, tab_triangulation = st.tabs(
    [t("reports.tab.summary"), t("reports.tab.compare"), t("reports.tab.norms"), t("reports.tab.matrix"),
     t("reports.tab.saturation"), t("reports.tab.triangulation")]
)


# -- 1. theme summary -------------------------------------------------------------------------
with tab_summary:
    top = st.columns([2, 2.4, 2, 1.6])
    cb_ids = list(codebooks)
    _keep("reports_sum_codebook", cb_ids, DEFAULT_FRAMEWORK)
    cb_id = top[0].selectbox(
        t("reports.codebook"), cb_ids, key="reports_sum_codebook", format_func=lambda c: codebooks[c].name
    )
    codebook = codebooks[cb_id]
    code_options = dict(render.tree_options(codebook, codable_only=True))
    code_ids = [ALL, *(c for c in code_options if (codebook.code(c).axis or "").lower() != "stance")]
    _keep("reports_sum_code", code_ids)
    code_id = top[1].selectbox(
        t("reports.summary.code"),
        code_ids,
        key="reports_sum_code",
        format_func=lambda c: t("reports.summary.all_codes") if c == ALL else code_options.get(c, c),
    )
    with_suggestions = top[3].toggle(t("reports.suggestions"), key="reports_sum_suggestions")
    data = _data(project, location, kinds, with_suggestions, version, passage_set)
    attributes = [NO_ATTRIBUTE, *data.attribute_columns()]
    _keep("reports_sum_attribute", attributes)
    attribute = top[2].selectbox(
        t("reports.summary.attribute"),
        attributes,
        key="reports_sum_attribute",
        format_func=lambda a: t("reports.summary.attribute_none") if a == NO_ATTRIBUTE else a,
    )
    chosen_attributes = [] if attribute == NO_ATTRIBUTE else [attribute]

    summary = None
    if data.passages.empty:
        st.info(t("reports.no_passages"))
    elif code_id == ALL:
        try:
            summaries = summarize_codebook(data, cb_id, attributes=chosen_attributes, n_quotes=3)
        except ReportError as exc:
            st.error(t("reports.failed", error=escape(error_text(exc))))
            summaries = []
        st.subheader(t("reports.summary.overview"))
        if summaries:
            st.dataframe(
                _overview_columns(with_percentages(overview_frame(summaries), ["Aandeel deelnemers"])),
                hide_index=True,
                width="stretch",
                column_config={t("reports.col.participants_share"): st.column_config.TextColumn(width="medium")},
            )
            _downloads(
                lambda: summary_report(summaries, codebook_name=codebook.name, project_name=project_name),
                f"themasamenvatting-{cb_id}",
                ("md", "html", "xlsx", "docx"),
                "reports_sum_dl",
            )
        else:
            st.info(t("reports.summary.nothing"))
    else:
        summary = None
        try:
            summary = summarize_code(data, cb_id, code_id, attributes=chosen_attributes, n_quotes=5)
        except ReportError as exc:
            st.error(t("reports.failed", error=escape(error_text(exc))))
    if summary is not None:
        st.subheader(escape(summary.label))
        if summary.description:
            st.caption(escape(summary.description))
        m = st.columns(4)
        m[0].metric(
            t("reports.summary.passages"),
            summary.n_passages,
            t("reports.summary.of_total", total=summary.passages_total, share=_pct(summary.passages_share)),
            delta_color="off",
            delta_arrow="off",
        )
        m[1].metric(
            t("reports.summary.sources"),
            summary.n_sources,
            t("reports.summary.of_total", total=summary.sources_total, share=_pct(summary.sources_share)),
            delta_color="off",
            delta_arrow="off",
        )
        m[2].metric(
            t("reports.summary.participants"),
            summary.n_participants,
            t("reports.summary.of_total", total=summary.participants_total, share=_pct(summary.participants_share)),
            delta_color="off",
            delta_arrow="off",
        )
        m[3].metric(t("reports.summary.municipalities"), summary.n_municipalities)
        if summary.n_sources_verslag:  # verbatim sources and gespreksverslagen counted apart
            st.caption(t("verslag.reports.kinds", sentence=summary.source_kinds_sentence()))

        st.markdown(f"#### {t('reports.summary.breakdowns')}")
        dims = list(summary.breakdowns)
        share_cols = ["passages_share", "sources_share"]
        bcols = st.columns(2)
        for i, dim in enumerate(dims):
            frame = summary.breakdowns[dim].drop(columns=[c for c in share_cols if c in summary.breakdowns[dim]])
            label = t(f"reports.dim.{dim}") if f"reports.dim.{dim}" != t(f"reports.dim.{dim}") else dim
            with bcols[i % 2]:
                st.markdown(f"**{escape(label)}**")
                st.dataframe(
                    _renamed(with_percentages(frame, ["participants_share"])),
                    hide_index=True,
                    width="stretch",
                    column_config={t("reports.col.participants_share"): st.column_config.TextColumn(width="medium")},
                )

        st.markdown(f"#### {t('reports.summary.stance')}")
        stance = summary.stance.drop(columns=["stance_id"], errors="ignore")
        st.dataframe(
            _renamed(with_percentages(stance, ["share"])),
            hide_index=True,
            column_config={t("reports.col.share"): st.column_config.TextColumn(width="medium")},
        )

        st.markdown(f"#### {t('reports.summary.quotes')}")
        if summary.quotes:
            st.markdown("".join(_quote_html(q.display(), q.provenance, transcript_link_html(q.source_id, q.passage_id))
                                for q in summary.quotes), unsafe_allow_html=True)
        else:
            st.info(t("reports.summary.no_quotes"))
        _downloads(
            lambda: summary_report([summary], codebook_name=codebook.name, project_name=project_name),
            f"themasamenvatting-{code_id}",
            ("md", "html", "xlsx", "docx"),
            "reports_sum_dl",
        )


# -- 2. municipalities compared ---------------------------------------------------------------
with tab_compare:
    top = st.columns([2, 2.4, 1.6])
    fw_ids = list(codebooks)
    _keep("reports_cmp_framework", fw_ids, DEFAULT_FRAMEWORK)
    fw_id = top[0].selectbox(
        t("reports.compare.framework"), fw_ids, key="reports_cmp_framework", format_func=lambda c: codebooks[c].name
    )
    _keep("reports_cmp_measure", list(MEASURES))
    measure = top[1].radio(
        t("reports.compare.measure"),
        MEASURES,
        key="reports_cmp_measure",
        format_func=lambda m: t(f"reports.measure.{m}"),
        horizontal=True,
    )
    cmp_suggestions = top[2].toggle(t("reports.suggestions"), key="reports_cmp_suggestions")
    cmp_data = _data(project, location, kinds, cmp_suggestions, version, passage_set)
    comparison: MunicipalityComparison | None = None
    if cmp_data.passages.empty:
        st.info(t("reports.no_passages"))
    else:
        try:
            comparison = compare_municipalities(cmp_data, fw_id, include_suggestions=cmp_suggestions)
        except ReportError as exc:
            st.warning(t("reports.failed", error=escape(error_text(exc))))
    if comparison is not None:
        for warning in comparison.warnings:
            st.caption(escape(warning))
        if len(comparison.municipalities) < 2:
            st.info(t("reports.compare.one_municipality"))
        st.plotly_chart(
            comparison.heatmap(
                measure,
                title=t("reports.compare.heatmap_title", measure=t(f"reports.measure.{measure}").lower()),
                colorbar_title=t(f"reports.measure.{measure}"),
                cell_text=(lambda v: percent(v, 0)) if measure.endswith("_share") else (lambda v: number(v, 1)),
            ),
            width="stretch",
            key="reports_cmp_heatmap",
        )

        st.markdown(f"#### {t('reports.compare.distinctive')}")
        st.caption(t("reports.compare.distinctive_help"))
        distinctive = comparison.distinctive_themes()
        top_rows = (
            distinctive[distinctive["z"] > 0]
            .sort_values(["municipality", "z"], ascending=[True, False])
            .groupby("municipality", sort=False)
            .head(5)
        )
        if top_rows.empty:
            st.info(t("reports.compare.no_distinctive"))
        else:
            st.dataframe(
                _renamed(
                    with_numbers(
                        with_percentages(top_rows[["municipality", "theme_name", "count", "rate", "z"]], ["rate"]),
                        ["z"],
                        2,
                    ).rename(columns={"theme_name": "theme"})
                ),
                hide_index=True,
                width="stretch",
                key="reports_cmp_distinctive",
            )

        st.markdown(f"#### {t('reports.compare.quotes')}")
        _keep("reports_cmp_theme", comparison.themes)
        theme = st.selectbox(
            t("reports.compare.theme"),
            comparison.themes,
            key="reports_cmp_theme",
            format_func=lambda th: comparison.theme_names.get(th, th),
        )
        if theme is not None:
            side = comparison.quotes_side_by_side(theme, n=2)
            if side.empty:
                st.info(t("reports.compare.no_quotes"))
            else:
                st.table(side.map(escape) if hasattr(side, "map") else side)
        _downloads(
            lambda: compare_report(comparison, project_name=project_name),
            f"gemeenten-{fw_id}",
            ("md", "html", "xlsx", "docx"),
            "reports_cmp_dl",
        )


# -- 3. normenkader ---------------------------------------------------------------------------
def _save_judgement(codebook_id: str, norm_id: str, norm: str, evidence: list[int]) -> None:
    """Form callback: store the judgement of one norm (callbacks cannot draw: flash the outcome)."""
    choice = ss.get(f"reports_nk_j_{codebook_id}_{norm_id}")
    rationale = ss.get(f"reports_nk_r_{codebook_id}_{norm_id}") or ""
    try:
        project.judge_norm(
            codebook_id, norm_id, None if choice in (None, NOT_JUDGED) else choice, rationale.strip(), evidence
        )
    except Exception as exc:  # noqa: BLE001 - shown to the researcher (e.g. a role without write access)
        state.flash(t("reports.norms.save_failed", error=escape(error_text(exc))), "error")
        return
    state.flash(t("reports.norms.saved", norm=norm))


with tab_norms:
    with_norms = [c for c, cb in codebooks.items() if cb.norms]
    if not with_norms:
        st.info(t("reports.norms.none"))
    else:
        top = st.columns([2, 1.6])
        _keep("reports_nk_codebook", with_norms)
        nk_id = top[0].selectbox(
            t("reports.codebook"), with_norms, key="reports_nk_codebook", format_func=lambda c: codebooks[c].name
        )
        nk_suggestions = top[1].toggle(t("reports.suggestions"), key="reports_nk_suggestions")
        nk_cb = codebooks[nk_id]
        judgements = project.norm_judgements(nk_id)
        nk = None
        try:
            nk = assess_normenkader(
                _data(project, location, kinds, nk_suggestions, version, passage_set), nk_id, judgements=judgements, n_quotes=3
            )
        except ReportError as exc:
            st.error(t("reports.failed", error=escape(error_text(exc))))
    if with_norms and nk is not None:
        framework_name = codebooks[nk.via_framework].name if nk.via_framework in codebooks else nk.via_framework
        if nk.via_framework:
            st.info(t("reports.norms.via_framework", codebook=nk_cb.name, framework=framework_name))
        if not any(row.n_fragments for row in nk.rows):
            st.info(t("reports.norms.why_empty", codebook=nk_cb.name,
                      framework=framework_name or (codebooks[nk_cb.framework].name if nk_cb.framework in codebooks else "—")))
        levels = {lvl.id: lvl for lvl in nk_cb.scale}
        st.markdown(
            f"**{t('reports.norms.scale')}:** "
            + " ".join(render.chip(lvl.label, lvl.colour or "") for lvl in nk_cb.scale),
            unsafe_allow_html=True,
        )
        scale_options = [NOT_JUDGED, *levels]
        names = {c.id: c.name for c in nk_cb.codes}
        for deelvraag in nk.deelvragen():
            st.markdown(f"#### {escape(deelvraag) if deelvraag else t('reports.norms.no_deelvraag')}")
            for row in (r for r in nk.rows if r.deelvraag == deelvraag):
                with st.container(border=True):
                    head = f"**{escape(row.norm)}**"
                    if row.judgement in levels:
                        lvl = levels[row.judgement]
                        head += " " + render.chip(lvl.label, lvl.colour or "")
                    st.markdown(head, unsafe_allow_html=True)
                    if row.description:
                        st.caption(escape(row.description))
                    st.caption(
                        t("reports.norms.codes", codes=escape(", ".join(row.code_names or row.codes)))
                        if row.codes
                        else t("reports.norms.no_codes")
                    )
                    with st.expander(t("reports.norms.evidence", n=row.n_fragments)):
                        if row.quotes:
                            st.markdown(
                                "".join(_quote_html(q.display(), q.provenance, transcript_link_html(q.source_id, q.passage_id))
                                        for q in row.quotes), unsafe_allow_html=True
                            )
                        else:
                            st.caption(t("reports.norms.no_evidence"))
                    jkey = f"reports_nk_j_{nk_id}_{row.norm_id}"
                    rkey = f"reports_nk_r_{nk_id}_{row.norm_id}"
                    stored = judgements.get(row.norm_id, {})
                    if jkey not in ss or ss[jkey] not in scale_options:
                        ss[jkey] = stored.get("judgement") if stored.get("judgement") in levels else NOT_JUDGED
                    if rkey not in ss:
                        ss[rkey] = stored.get("rationale") or ""
                    with st.form(f"reports_nk_form_{nk_id}_{row.norm_id}", border=False):
                        fcols = st.columns([1, 2.4])
                        fcols[0].selectbox(
                            t("reports.norms.judgement"),
                            scale_options,
                            key=jkey,
                            format_func=lambda v: t("reports.norms.not_judged") if v == NOT_JUDGED else levels[v].label,
                        )
                        fcols[1].text_area(t("reports.norms.rationale"), key=rkey, height=80)
                        st.form_submit_button(
                            t("reports.norms.save"),
                            on_click=_save_judgement,
                            args=(nk_id, row.norm_id, row.norm, list(stored.get("evidence") or [])),
                        )
                    if row.judged_by:
                        st.caption(t("reports.norms.judged_by", who=escape(row.judged_by)))

        st.markdown(f"#### {t('reports.norms.table')}")
        table = nk.to_frame()
        colours = nk.colours()

        def _colour(column: pd.Series) -> list[str]:
            if column.name != "Oordeel":
                return [""] * len(column)
            return [f"background-color:{c}" if c and HEX.match(c) else "" for c in colours]

        st.dataframe(table.style.apply(_colour), hide_index=True, width="stretch", key="reports_nk_table")
        _downloads(
            lambda: normenkader_report(nk, project_name=project_name),
            f"normenkader-{nk_id}",
            ("md", "html", "xlsx", "docx"),
            "reports_nk_dl",
        )
        draft_panel.draft_panel(project, nk_id, nk_suggestions, project_name)


# -- 4. matrices ------------------------------------------------------------------------------
with tab_matrix:
    top = st.columns([2, 2, 1.6, 1.6])
    _keep("reports_mx_codebook", list(codebooks), DEFAULT_FRAMEWORK)
    mx_id = top[0].selectbox(
        t("reports.codebook"), list(codebooks), key="reports_mx_codebook", format_func=lambda c: codebooks[c].name
    )
    _keep("reports_mx_by", ["source", "participant"])
    by = top[1].radio(
        t("reports.matrix.by"),
        ["source", "participant"],
        key="reports_mx_by",
        format_func=lambda b: t(f"reports.matrix.by.{b}"),
        horizontal=True,
    )
    binary = top[2].toggle(t("reports.matrix.binary"), key="reports_mx_binary")
    mx_suggestions = top[3].toggle(t("reports.suggestions"), key="reports_mx_suggestions")
    mx_data = _data(project, location, kinds, mx_suggestions, version, passage_set)
    try:
        matrix = code_matrix(mx_data, mx_id, by=by, binary=binary, include_suggestions=mx_suggestions)
    except ReportError as exc:
        st.error(t("reports.failed", error=escape(error_text(exc))))
        matrix = pd.DataFrame()
    if matrix.empty:
        st.info(t("reports.matrix.empty"))
    else:
        st.dataframe(matrix, width="stretch", key="reports_mx_table")
        _downloads(
            lambda: matrix_report(
                matrix,
                by=by,
                binary=binary,
                codebook_name=codebooks[mx_id].name,
                include_suggestions=mx_suggestions,
                project_name=project_name,
            ),
            f"matrix-{mx_id}-{by}",
            ("csv", "xlsx"),
            "reports_mx_dl",
        )


# -- 5. saturation and 6. triangulation (ui/saturation_tabs.py) -------------------------------
def _page_data(suggestions: bool) -> CodingData:
    return _data(project, location, kinds, suggestions, version, passage_set)


# Saturation and triangulation open on a codebook something is coded with (the common framework first): the
# first codebook may be one nothing is coded with, a table of zeros.
_coded = set(_page_data(False).codings["codebook_id"])
_default_cb = next((c for c in (DEFAULT_FRAMEWORK, *codebooks) if c in _coded and c in codebooks), DEFAULT_FRAMEWORK)
for _key in ("reports_sat_codebook", "reports_tri_codebook"):
    _keep(_key, list(codebooks), _default_cb)

with tab_saturation:
    saturation_tabs.saturation_tab(project, codebooks, _page_data, _downloads, project_name)

with tab_triangulation:
    saturation_tabs.triangulation_tab(codebooks, _page_data, _downloads, project_name)
