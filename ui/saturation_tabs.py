"""The Verzadiging and Triangulatie tabs of Rapportage (``views/reports.py``): thin, logic in analysis.reports.

The page hands over what it already has (the codebooks, a loader of its cached
:class:`~analysis.reports.CodingData` for the chosen source kinds and saved set, its
download buttons), so these tabs follow the page-wide selection.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import pandas as pd
import streamlit as st

from analysis.domain import Codebook
from analysis.errors import DuidingError
from analysis.reports import CodingData, ReportError
from analysis.reports.builders import saturation_report, triangulation_report
from analysis.reports.quotes import quote_for
from analysis.reports.saturation import GROUPINGS, UNITS, project_inductive_codes, saturation, saturation_figure
from analysis.reports.triangulation import (
    DOCUMENTS,
    GROUP_INTERVIEWS,
    INTERVIEWS,
    ONE_KIND,
    ONE_RESPONDENT,
    STORIES,
    STREET_INTERVIEWS,
    UNKNOWN_GROUP,
    triangulate,
)
from analysis.store import Project
from ui.i18n import current_language, t
from ui.safe import md

Downloads = Callable[..., None]
# The triangulation table's own Dutch words (analysis.reports.triangulation) -> string keys in ui/strings_walk.py.
_TRIANGULATION_WORDS = {
    "Soort": "kind", "Norm of code": "row", "Fragmenten": "passages", "Deelnemers": "participants",
    "Gemeenten": "municipalities", "Soorten bronnen": "families", "Sterkte": "strength",
    DOCUMENTS: "documents", INTERVIEWS: "interviews", GROUP_INTERVIEWS: "group_interviews",
    STREET_INTERVIEWS: "street_interviews", STORIES: "stories", UNKNOWN_GROUP: "unknown_group",
    ONE_RESPONDENT: "one_respondent", ONE_KIND: "one_kind", "geen fragmenten": "no_passages",
}


def _failed(exc: Exception) -> None:
    text = exc.message(current_language()) if isinstance(exc, DuidingError) else str(exc)
    st.error(t("reports.failed", error=text))


def _select_codebook(codebooks: dict[str, Codebook], key: str, column: Any) -> str:
    ids = list(codebooks)
    if key not in st.session_state or st.session_state[key] not in ids:
        st.session_state[key] = ids[0]
    return column.selectbox(t("reports.codebook"), ids, key=key, format_func=lambda c: codebooks[c].name)


def _quote_block(text: str, provenance: str) -> str:
    return (
        '<blockquote style="margin:.3em 0 .8em 0;padding:.3em .9em;border-left:4px solid #999">'
        f'“{escape(text)}”<br><span style="opacity:.7;font-size:.9em">{escape(provenance)}</span></blockquote>'
    )


def saturation_tab(
    project: Project,
    codebooks: dict[str, Codebook],
    load: Callable[[bool], CodingData],
    downloads: Downloads,
    project_name: str | None,
) -> None:
    st.caption(t("saturation.caption"))
    top = st.columns([2, 1.6, 2])
    cb_id = _select_codebook(codebooks, "reports_sat_codebook", top[0])
    units = top[1].radio(
        t("saturation.units"),
        list(UNITS),
        key="reports_sat_units",
        format_func=lambda u: t(f"saturation.units.{u}"),
        horizontal=True,
    )
    by = top[2].selectbox(
        t("saturation.by"),
        [None, *GROUPINGS],
        key="reports_sat_by",
        format_func=lambda b: t("saturation.by.none") if b is None else t(f"saturation.by.{b}"),
    )
    inductive = project_inductive_codes(project, cb_id)
    names = {c.id: c.name for c in codebooks[cb_id].codes}
    if inductive:
        st.caption(t("saturation.inductive", codes=", ".join(names.get(c, c) for c in inductive)))
    else:
        st.info(t("saturation.inductive_none"))
    try:
        curves = saturation(load(False), cb_id, inductive, units=units, by=by)
    except ReportError as exc:
        _failed(exc)
        return
    words = t(f"saturation.units.{units}").lower()
    curves = [c for c in curves if c.n_units]
    if not curves:
        st.info(t("saturation.no_units", units=words))
        return
    for i, curve in enumerate(curves):
        st.plotly_chart(
            saturation_figure(
                curve,
                unit_label=t(f"saturation.plot.unit.{units}"),
                new_label=t("saturation.plot.new"),
                cumulative_label=t("saturation.plot.cumulative"),
            ),
            width="stretch",
            key=f"reports_sat_plot_{i}",
        )
        st.markdown(f"**{escape(curve.statement)}**")
        st.caption(t("saturation.order", order=curve.ordered_by))
        with st.expander(t("saturation.meaning", units=words)):
            meaning = curve.meaning[["code", "inductive", "units", "passages", "first_at", "thin"]]
            st.dataframe(
                meaning.rename(columns={c: t(f"saturation.col.{c}") for c in meaning.columns}),
                hide_index=True,
                width="stretch",
                key=f"reports_sat_meaning_{i}",
            )
    downloads(
        lambda: saturation_report(curves, codebook_name=codebooks[cb_id].name, project_name=project_name),
        f"verzadiging-{cb_id}" + (f"-{by}" if by else ""),
        ("md", "html", "docx", "xlsx"),
        "reports_sat_dl",
    )


def _tri_word(text: str) -> str:
    """One of the triangulation table's own Dutch words in the chosen language ("Interviews: groep onbekend")."""
    def one(word: str) -> str:
        return t(f"walk.tri.{_TRIANGULATION_WORDS[word]}") if word in _TRIANGULATION_WORDS else word

    head, sep, rest = text.partition(": ")
    return one(head) + sep + one(rest) if sep else one(text)


def _shown_triangulation(frame: pd.DataFrame) -> pd.DataFrame:
    """The triangulation table in the chosen language: its own (Dutch) column names, source-kind columns and
    strength notes translated; names of codes, norms, groups and stances as they are. Downloads keep Dutch."""
    shown = frame.rename(columns=lambda c: _tri_word(str(c)))
    strength = shown.columns[-1]
    shown[strength] = ["; ".join(_tri_word(n) for n in str(v).split("; ")) if v else v for v in shown[strength]]
    return shown


def triangulation_tab(
    codebooks: dict[str, Codebook],
    load: Callable[[bool], CodingData],
    downloads: Downloads,
    project_name: str | None,
) -> None:
    st.caption(t("triangulation.caption"))
    cb_id = _select_codebook(codebooks, "reports_tri_codebook", st.columns([2, 3])[0])
    data = load(False)
    try:
        tri = triangulate(data, cb_id)
    except ReportError as exc:
        _failed(exc)
        return
    if not tri.rows:
        st.info(t("triangulation.empty"))
        return
    if not any(r.passages for r in tri.rows):  # a table of zeros says nothing: say what is missing
        st.info(t("walk.tri.nothing_coded", codebook=md(codebooks[cb_id].name)))
        return
    weak = sum(1 for r in tri.rows if r.passages and r.strength)
    if weak:
        st.warning(t("triangulation.weak", n=weak))
    frame = tri.to_frame()

    def _mark(row: pd.Series) -> list[str]:
        return ["background-color: #fff3cd" if row.iloc[-1] else "" for _ in row]  # the last column: Sterkte

    frame = _shown_triangulation(frame)
    st.dataframe(frame.style.apply(_mark, axis=1), hide_index=True, width="stretch", key="reports_tri_table")
    labels = {r.key: ("Norm: " if r.kind == "norm" else "Code: ") + r.label for r in tri.rows if r.passages}
    if labels and tri.columns:
        pick = st.columns(2)
        keys = list(labels)
        if st.session_state.get("reports_tri_row") not in keys:
            st.session_state["reports_tri_row"] = keys[0]
        row_key = pick[0].selectbox(t("triangulation.row"), keys, key="reports_tri_row", format_func=labels.get)
        if st.session_state.get("reports_tri_cell") not in tri.columns:
            st.session_state["reports_tri_cell"] = tri.columns[0]
        column = pick[1].selectbox(t("triangulation.cell"), tri.columns, key="reports_tri_cell", format_func=_tri_word)
        ids = tri.cell_passages(row_key, column)
        if ids:
            st.caption(t("triangulation.passages", n=len(ids)))
            for pid in ids:
                q = quote_for(data, pid)
                st.markdown(_quote_block(q.text, q.provenance), unsafe_allow_html=True)
        else:
            st.caption(t("triangulation.cell_empty"))
    downloads(
        lambda: triangulation_report(tri, data, project_name=project_name),
        f"triangulatie-{cb_id}",
        ("md", "html", "docx", "xlsx"),
        "reports_tri_dl",
    )
