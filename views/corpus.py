"""Corpus: the sources with their metadata, a transcript view with codings, keyword in context."""

from __future__ import annotations

from dataclasses import asdict
from html import escape

import streamlit as st

from analysis import settings
from analysis.corpus.kwic import kwic
from analysis.domain import CodingStatus, SourceKind
from analysis.review.bulk import hits_from_kwic
from analysis.review.text import Mark
from analysis.store import Project
from ui import render, semantic, state
from ui.bulk_code import bulk_code_panel
from ui.format import error_text
from ui.i18n import t
from ui.memo_labels import memo_box
from ui.safe import md
from ui.transcript_links import transcript_href, transcript_link_html

PAGE_SIZE = 50
ss = st.session_state
project = state.require_project()
location = state.project_location() or ""
version = state.data_version()
state.show_flash()
st.title(t("corpus.title"))


@st.cache_data(show_spinner=False, max_entries=32)
def _sources(_project: Project, location: str, version: int) -> list[dict]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": SourceKind(s.kind).value,
            "municipality": s.municipality,
            "study": s.study,
            "respondent_group": s.respondent_group,
            "participant": s.participant,
            "date": s.date,
            "metadata": dict(s.metadata),
        }
        for s in _project.sources(with_text=False)
    ]


KWIC_SECONDS = settings.get_float(settings.KWIC_SECONDS, 10.0)


@st.cache_data(show_spinner=False, max_entries=64)
def _kwic(_project: Project, location: str, query: str, window: int, whole_word: bool,
          municipality: str | None, version: int) -> tuple[list[dict], bool]:
    found = kwic(_project, query, window=window, limit=200, whole_word=whole_word, municipality=municipality,
                 time_limit=KWIC_SECONDS)
    return [asdict(h) for h in found], found.complete


def _open_hit(hits: list[dict]) -> None:
    rows = ss.get("kwic_results", {}).get("selection", {}).get("rows", [])
    if len(rows) == 1 and rows[0] < len(hits):  # one row opens its source; several are picked for coding
        ss["corpus_source_next"] = hits[rows[0]]["source_id"]
        state.flash(t("corpus.opened_source", name=md(hits[rows[0]]["source_name"])), "info")


sources = _sources(project, location, version)
if not sources:
    st.info(t("corpus.empty"))
    st.page_link(state.PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
    st.stop()
by_id = {s["id"]: s for s in sources}

tab_sources, tab_transcript, tab_kwic, tab_semantic = st.tabs(
    [t("corpus.tab_sources"), t("corpus.tab_transcript"), t("corpus.tab_kwic"), t("semantic.search_tab")]
)

with tab_sources:
    municipalities = sorted({s["municipality"] for s in sources if s["municipality"]})
    fcols = st.columns(2)
    f_muni = fcols[0].selectbox(t("filter.municipality"), [None, *municipalities], key="corpus_f_muni",
                                format_func=lambda m: t("filter.all") if m is None else m)
    kinds = sorted({s["kind"] for s in sources})
    f_kind = fcols[1].selectbox(t("col.kind"), [None, *kinds], key="corpus_f_kind",
                                format_func=lambda k: t("filter.all") if k is None else t(f"kind.{k}"))
    shown = [s for s in sources if (not f_muni or s["municipality"] == f_muni) and (not f_kind or s["kind"] == f_kind)]
    extra_keys = sorted({k for s in shown for k in s["metadata"]})
    st.caption(t("corpus.n_sources", n=len(shown)))
    st.dataframe(
        [
            {
                "id": s["id"],
                t("col.source"): s["name"],
                t("col.kind"): t(f"kind.{s['kind']}"),
                t("col.municipality"): s["municipality"] or "",
                t("col.group"): s["respondent_group"] or "",
                t("col.participant"): s["participant"] or "",
                t("col.study"): s["study"] or "",
                t("col.date"): s["date"] or "",
                **{k: str(s["metadata"].get(k, "")) for k in extra_keys},
            }
            for s in shown
        ],
        hide_index=True,
        width="stretch",
        key="corpus_sources",
    )

with tab_transcript:
    if "corpus_source_next" in ss:
        ss["corpus_source"] = ss.pop("corpus_source_next")
    if ss.get("corpus_source") not in by_id:
        ss["corpus_source"] = sources[0]["id"]
    tcols = st.columns([3, 2, 1])
    source_id = tcols[0].selectbox(t("filter.source"), list(by_id), key="corpus_source",
                                   format_func=lambda i: f"{by_id[i]['name']} ({by_id[i]['municipality'] or '—'})")
    cb_names = {cb.id: cb.name for cb in project.codebooks()}
    codebook_ids = list(cb_names)
    cb_id = tcols[1].selectbox(t("review.codebook"), [None, *codebook_ids], key="corpus_codebook",
                               index=1 if codebook_ids else 0,
                               format_func=lambda c: t("corpus.no_codings") if c is None else cb_names.get(c, c))
    with_suggestions = tcols[2].toggle(t("corpus.with_suggestions"), key="corpus_suggestions")
    meta = by_id[source_id]
    st.caption(" · ".join(md(x) for x in (t(f"kind.{meta['kind']}"), meta["municipality"], meta["respondent_group"],
                                          meta["participant"], meta["date"]) if x) + " · " + transcript_link_html(source_id),
               unsafe_allow_html=True)  # every part escaped
    if meta["kind"] == SourceKind.VERSLAG.value:  # a summary: say so, with its approval
        info = meta["metadata"].get("verslag", {})
        approved = info.get("geaccordeerd")
        st.info(t("verslag.corpus.paraphrase") + (" " + t("verslag.corpus.approved", date=md(info.get("geaccordeerd_op") or ""))
                                                  if approved else (" " + t("verslag.corpus.not_approved") if approved is False else "")))
    memo_box(project, "source", str(source_id), f"corpus_memo_{source_id}")

    total = project.count_passages(source_id=source_id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = 0
    if pages > 1:
        page = int(st.number_input(t("codebook.page", pages=pages), min_value=1, max_value=pages, step=1,
                                   key=f"corpus_page_{source_id}")) - 1
    passages = project.passages(source_id=source_id, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    codebook = project.get_codebook(cb_id) if cb_id else None
    colours = render.colours_of(codebook)
    names = {c.id: c.name for c in codebook.codes} if codebook else {}
    statuses = ["accepted", "suggested"] if with_suggestions else ["accepted"]
    codings = (
        project.codings(codebook_id=cb_id, passage_ids=[p.id for p in passages], status=statuses)
        if cb_id and passages else []
    )
    by_passage: dict[int, list] = {}
    for c in codings:
        by_passage.setdefault(c.passage_id, []).append(c)
    used = sorted({c.code_id for c in codings})
    if used:
        st.markdown(" ".join(render.chip(names.get(c, c), colours.get(c, "")) for c in used), unsafe_allow_html=True)
    blocks = []
    last_heading = None
    for p in passages:
        if p.heading and p.heading != last_heading:  # a verslag's heading path, once per section
            blocks.append(f"<div style='font-weight:600;margin:.8em 0 .2em 0'>{escape(p.heading)}</div>")
        last_heading = p.heading
        if p.question:
            blocks.append(f"<div style='font-style:italic;margin-top:.4em'>{escape(p.question)}</div>")
        marks = []
        chips = []
        for c in by_passage.get(p.id, []):
            suggested = CodingStatus(c.status) is CodingStatus.SUGGESTED
            if c.start is not None and c.end is not None:
                marks.append(Mark(c.start - p.start, c.end - p.start, c.code_id, "coding" if not suggested else "evidence"))
            else:
                marks.append(Mark(0, len(p.text), c.code_id, "evidence" if suggested else "coding"))
            chips.append(render.chip(names.get(c.code_id, c.code_id), colours.get(c.code_id, ""), muted=False,
                                     title=t(f"status.{CodingStatus(c.status).value}")))
        body = render.highlight(p.text, marks, colours, names)
        if chips:
            body += "<div style='margin-top:.2em;font-size:.8em'>" + " ".join(chips) + "</div>"
        blocks.append(render.passage_block(body, p.speaker, muted=False, ordinal=p.ordinal, role=p.role))
    st.markdown("".join(blocks), unsafe_allow_html=True)

with tab_kwic:
    kcols = st.columns([3, 1, 1, 1])
    query = kcols[0].text_input(t("corpus.kwic_query"), key="kwic_query", placeholder=t("corpus.kwic_placeholder"),
                                help=t("corpus.kwic_help"))
    window = kcols[1].number_input(t("corpus.kwic_window"), min_value=10, max_value=400, value=60, step=10, key="kwic_window")
    k_muni = kcols[2].selectbox(t("filter.municipality"), [None, *sorted({s["municipality"] for s in sources if s["municipality"]})],
                                key="kwic_muni", format_func=lambda m: t("filter.all") if m is None else m)
    whole = kcols[3].checkbox(t("corpus.kwic_whole_word"), key="kwic_whole")
    if query.strip():
        try:
            hits, complete = _kwic(project, location, query.strip(), int(window), bool(whole), k_muni, version)
        except ValueError as exc:
            st.warning(md(error_text(exc)))
            hits, complete = [], True
        st.caption(t("corpus.kwic_hits", n=len(hits)) + (" " + t("corpus.kwic_limited") if len(hits) >= 200 else ""))
        if not complete:
            st.warning(t("corpus.kwic_stopped", seconds=f"{KWIC_SECONDS:g}"))
        if hits:
            st.dataframe(
                [
                    {
                        t("col.source"): h["source_name"],
                        t("col.speaker"): h["speaker"] or "",
                        t("col.role"): render.role_text(h["speaker"], h["role"]) if h["passage_id"] else "",
                        t("corpus.left"): h["left"],
                        t("corpus.match"): h["match"],
                        t("corpus.right"): h["right"],
                        t("col.municipality"): h["municipality"] or "",
                        t("tr.link"): transcript_href(h["source_id"], h["passage_id"]),
                    }
                    for h in hits
                ],
                hide_index=True,
                width="stretch",
                key="kwic_results",
                column_config={t("corpus.left"): st.column_config.TextColumn(width="large"),
                               t("corpus.right"): st.column_config.TextColumn(width="large"),
                               t("tr.link"): st.column_config.LinkColumn(display_text="↗", help=t("tr.link_help"))},
                on_select=lambda: _open_hit(hits),
                selection_mode="multi-row",
            )
            st.caption(t("corpus.kwic_open_hint"))
            rows = [r for r in ss.get("kwic_results", {}).get("selection", {}).get("rows", []) if r < len(hits)]
            with st.expander(t("bulk.title_kwic")):
                bulk_code_panel(project, hits_from_kwic([hits[r] for r in rows] or hits), "kwic_bulk",
                                picked=bool(rows), spans=True)

with tab_semantic:
    semantic.search_tab(project, location, version)
