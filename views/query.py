"""Zoekvragen: boolean and proximity queries, matrices by attribute, co-occurrence and saved sets.

A thin page: :mod:`analysis.query` does the work; every count opens the passages behind it.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from ui.format import error_text
from analysis.query import MISSING, QueryError, QueryIndex, cooccurrence, export_matrix, matrix
from analysis.review.bulk import Hit
from analysis.spreadsheet import csv_frame
from ui.bulk_code import bulk_code_panel
from analysis.store import Project
from ui import render, state
from ui.safe import md
from ui.i18n import current_language, t

SHOW = 200
ss = st.session_state
project = state.require_project()
location = state.project_location() or ""
version = state.data_version()
state.show_flash()
st.title(t("query.title"))
st.caption(t("query.intro"))


@st.cache_resource(show_spinner=False, max_entries=8)
def _index(_project: Project, location: str, version: int, suggestions: bool) -> QueryIndex:
    return QueryIndex.from_project(_project, include_suggestions=suggestions)


@st.cache_data(show_spinner=False, max_entries=8)
def _sets(_project: Project, location: str, version: int) -> list[dict]:
    return _project.passage_sets()


def _records(index: QueryIndex, ids: list[int]) -> pd.DataFrame:
    rows = [
        {
            t("query.col.source"): r.source_name,
            t("query.col.municipality"): r.municipality or "",
            t("query.col.speaker"): r.speaker or "",
            t("col.role"): render.role_text(r.speaker, r.role),
            t("query.col.text"): r.text,
        }
        for r in index.records(ids)
    ]
    return pd.DataFrame(rows)


def _show_passages(index: QueryIndex, ids: list[int], key: str) -> list[int]:
    """The passages as a table; rows the researcher picks are returned (and the first opens its transcript)."""
    if not ids:
        st.info(t("query.none"))
        return []
    shown = ids[:SHOW]
    if len(ids) > SHOW:
        st.caption(t("query.shown", n=SHOW))
    event = st.dataframe(
        _records(index, shown), hide_index=True, width="stretch", on_select="rerun",
        selection_mode="multi-row", key=key,
        column_config={t("query.col.text"): st.column_config.TextColumn(width="large")},
    )
    rows = [r for r in (event.selection.rows if event is not None else []) if r < len(shown)]
    picked = [shown[r] for r in sorted(rows)]
    if picked:
        source_id = index.positions[picked[0]][0]
        name = index.source_fields.get(source_id, {}).get("source", "")
        if st.button(t("query.open"), key=f"{key}_open", icon=":material/description:"):
            ss["corpus_source_next"] = source_id
            state.flash(t("query.opened", name=md(name)), "info")
            st.switch_page("views/corpus.py")
    return picked


def _field_label(name: str | None) -> str:
    """Base fields in the reader's language; other attributes by their own name (with the code name)."""
    if name is None:
        return t("query.builder.none")
    label = t(f"query.field.{name}")
    return name if label == f"query.field.{name}" else f"{label} ({name})"


def _value_label(value: str) -> str:
    return t("query.missing") if value == MISSING else value


codebooks = {cb.id: cb for cb in project.codebooks()}
suggestions = st.toggle(t("query.suggestions"), key="query_suggestions", help=t("query.suggestions_help"))
index = _index(project, location, version, suggestions)
lang = current_language()

tab_query, tab_matrix, tab_cooc, tab_sets = st.tabs(
    [t("query.tab.query"), t("query.tab.matrix"), t("query.tab.cooc"), t("query.tab.sets")]
)

with tab_query:
    with st.expander(t("query.syntax_title")):
        st.markdown(t("query.syntax"))
    with st.expander(t("query.builder")):
        code_options = [None] + [f"{cb}:{c.id}" if len(codebooks) > 1 else c.id for cb in codebooks for c in codebooks[cb].codes]
        bcols = st.columns([3, 2, 3])
        code_a = bcols[0].selectbox(t("query.builder.code_a"), code_options, key="qb_a",
                                    format_func=lambda c: t("query.builder.none") if c is None else c)
        op = bcols[1].selectbox(t("query.builder.op"), ["AND", "OR", "NOT", "NEAR", "OVERLAPS"], key="qb_op")
        code_b = bcols[2].selectbox(t("query.builder.code_b"), code_options, key="qb_b",
                                    format_func=lambda c: t("query.builder.none") if c is None else c)
        ccols = st.columns([3, 5])
        field = ccols[0].selectbox(t("query.builder.field"), [None, *index.fields()], key="qb_field",
                                   format_func=_field_label)
        values = index.distinct_values(field) if field else []
        value = ccols[1].selectbox(t("query.builder.value"), [None, *values], key="qb_value",
                                   format_func=lambda v: t("query.builder.none") if v is None else v)

        def _compose() -> None:
            parts = []
            if code_a:
                parts.append(code_a)
                if code_b:
                    parts += [op, code_b]
            if field and value is not None:
                parts += ["WHERE", field, "=", '"' + value.replace('"', '\\"') + '"']
            ss["query_text"] = " ".join(parts)

        st.button(t("query.builder.use"), on_click=_compose, key="qb_use")
    text = st.text_input(t("query.input"), key="query_text", placeholder=t("query.input_help"))
    if text.strip():
        try:
            result = index.run(text)
        except QueryError as exc:
            st.error(t("query.error", error=md(exc.message(lang))))
            result = None
        if result is not None:
            st.markdown(t("query.result", n=len(result), sources=result.sources, participants=result.participants))
            ss["query_last_result"] = result.passage_ids
            picked = _show_passages(index, result.passage_ids, "query_results")
            if result.passage_ids:
                to_save = picked or result.passage_ids
                if picked:
                    st.caption(t("query.picked", n=len(picked)))
                scols = st.columns([3, 2])
                name = scols[0].text_input(t("query.save_name"), key="query_set_name")
                if scols[1].button(t("query.save"), key="query_save", icon=":material/bookmark_add:"):
                    if not name.strip():
                        st.warning(t("query.save_needs_name"))
                    else:
                        try:
                            query_text = result.query if not picked else f"{result.query} ({t('query.picked_label')})"
                            project.save_passage_set(name.strip(), to_save, query=query_text)
                            st.toast(t("query.saved", name=md(name.strip()), n=len(to_save)), icon="✅")
                            state.bump_data_version()
                        except Exception as exc:  # noqa: BLE001 - shown to the researcher
                            st.error(md(error_text(exc)))
                if codebooks:
                    with st.expander(t("query.code_all")):
                        bulk_code_panel(project, [Hit(int(i)) for i in to_save], "query_bulk", picked=bool(picked),
                                        spans=False)

sets = _sets(project, location, version)

with tab_matrix:
    if not codebooks:
        st.info(t("query.no_codebook"))
    else:
        mcols = st.columns(3)
        cb_id = mcols[0].selectbox(t("query.matrix.codebook"), list(codebooks), key="qm_codebook",
                                   format_func=lambda c: codebooks[c].name)
        cb = codebooks[cb_id]
        parents = [None] + [c.id for c in cb.codes if any(d.parent == c.id for d in cb.codes)]
        parent = mcols[1].selectbox(
            t("query.matrix.parent"), parents, key="qm_parent",
            format_func=lambda c: t("query.matrix.parent_all") if c is None else t("query.matrix.parent_children", name=cb.code(c).name),
        )
        fields = index.fields()
        by = mcols[2].selectbox(t("query.matrix.field"), fields, key="qm_field", format_func=_field_label,
                                index=fields.index("respondent_group") if "respondent_group" in fields else 0)
        ocols = st.columns(3)
        count = ocols[0].radio(t("query.matrix.count"), ["passages", "participants", "sources"], key="qm_count",
                               format_func=lambda c: t(f"query.matrix.count.{c}"), horizontal=True)
        percent = ocols[1].radio(t("query.matrix.percent"), [None, "row", "column"], key="qm_percent", horizontal=True,
                                 format_func=lambda p: t(f"query.matrix.percent.{p or 'none'}"), help=t("query.matrix.percent_help"))
        scopes = ["all"] + (["query"] if ss.get("query_last_result") is not None else []) + [s["name"] for s in sets]
        scope_key = ocols[2].selectbox(
            t("query.matrix.scope"), scopes, key="qm_scope",
            format_func=lambda s: t(f"query.matrix.scope.{s}") if s in ("all", "query") else t("query.matrix.scope.set", name=s),
        )
        scope = None
        if scope_key == "query":
            scope = ss.get("query_last_result")
        elif scope_key != "all":
            scope = next(s["passage_ids"] for s in sets if s["name"] == scope_key)
        result = matrix(index, cb_id, by, parent=parent, scope=scope)
        table = result.table(count, percent)
        shown_columns = {_value_label(str(c)): str(c) for c in table.columns}
        table.columns = list(shown_columns)
        st.caption(t("query.matrix.click"))
        event = st.dataframe(table, width="stretch", on_select="rerun", selection_mode="single-cell",
                             key="query_matrix_df")
        cells = event.selection.get("cells", []) if event is not None else []
        with tempfile.TemporaryDirectory() as tmp:
            xlsx = Path(tmp) / "matrix.xlsx"
            export_matrix(result, str(xlsx), count=count, percent=percent)
            dcols = st.columns(2)
            dcols[0].download_button(t("query.download_xlsx"), xlsx.read_bytes(), file_name=f"matrix-{cb_id}-{by}.xlsx",
                                     key="qm_xlsx")
        buf = io.StringIO()
        csv_frame(table).to_csv(buf)
        dcols[1].download_button(t("query.download_csv"), buf.getvalue().encode("utf-8"),
                                 file_name=f"matrix-{cb_id}-{by}.csv", key="qm_csv")
        if cells:
            row_pos, column = cells[0]
            code_id, code_name = result.rows[int(row_pos)]
            ids = result.cell_passages(code_id, shown_columns.get(column, column))
            st.subheader(t("query.matrix.cell", code=md(code_name), value=md(column), n=len(ids)), anchor=False)
            _show_passages(index, ids, "query_matrix_cell")

with tab_cooc:
    if not codebooks:
        st.info(t("query.no_codebook"))
    else:
        cb_id = st.selectbox(t("query.matrix.codebook"), list(codebooks), key="qc_codebook",
                             format_func=lambda c: codebooks[c].name)
        co = cooccurrence(index, cb_id)
        table = co.table()
        st.caption(t("query.cooc.caption"))
        event = st.dataframe(table, width="stretch", on_select="rerun", selection_mode="single-cell",
                             key="query_cooc_df")
        cells = event.selection.get("cells", []) if event is not None else []
        if cells:
            row_pos, column = cells[0]
            a_id, a_name = co.codes[int(row_pos)]
            b_id = next(cid for cid, name in co.codes if name == column)
            ids = co.cell(a_id, b_id)
            st.subheader(t("query.cooc.cell", a=md(a_name), b=md(column), n=len(ids)), anchor=False)
            _show_passages(index, ids, "query_cooc_cell")
        with st.expander(t("query.cooc.network")):
            from analysis.query.plots import network_figure

            minimum = st.slider(t("query.cooc.min"), 1, 20, 2, key="qc_min")
            st.plotly_chart(network_figure(co, minimum=minimum), width="stretch")

with tab_sets:
    if not sets:
        st.info(t("query.sets.none"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("query.sets.col.name"): s["name"],
                        t("query.sets.col.size"): len(s["passage_ids"]),
                        t("query.sets.col.query"): s["query"],
                        t("query.sets.col.by"): s["created_by"],
                    }
                    for s in sets
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        name = st.selectbox(t("query.sets.pick"), [s["name"] for s in sets], key="query_set_pick")
        chosen = next(s for s in sets if s["name"] == name)
        _show_passages(index, chosen["passage_ids"], "query_set_passages")
        scols = st.columns(2)
        frame = _records(index, chosen["passage_ids"])
        scols[0].download_button(t("query.sets.download"), csv_frame(frame).to_csv(index=False).encode("utf-8"),
                                 file_name=f"set-{name}.csv", key="query_set_csv")
        if scols[1].button(t("query.sets.delete"), key="query_set_delete", icon=":material/delete:"):
            try:
                project.delete_passage_set(name)
                state.flash(t("query.sets.deleted", name=md(name)), "success")
                state.bump_data_version()
                st.rerun()
            except Exception as exc:  # noqa: BLE001 - shown to the researcher
                st.error(md(error_text(exc)))
