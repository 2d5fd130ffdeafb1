""""Meer zoals deze" (review page) and search by meaning (Corpus), with the lexical fallback's note.

The pages stay thin: they call :func:`more_like_this` and :func:`search_tab`. The work happens in
:mod:`analysis.embeddings.similar`; this module caches its index per project, sources version and number of
stored vectors, renders the results and the note that says which method answered, and offers to compute the
missing vectors in the background (:class:`analysis.embeddings.EmbeddingJob`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from analysis import settings
from analysis.errors import localise
from analysis.store import Project, StoreError
from ui import render, state
from ui.format import percent
from ui.i18n import current_language, t
from ui.safe import md

ss = st.session_state
LIKE_LIMIT = 10
SEARCH_LIMIT = 30


# -- the index (cached) ------------------------------------------------------------------------------
def _spec() -> str:
    return settings.encoder("auto")


@st.cache_resource(show_spinner=False, max_entries=4)
def _encoder(spec: str) -> tuple[Any, str]:
    from analysis.embeddings.similar import encoder_for_pages

    return encoder_for_pages(spec)


def _stored_vectors(project: Project, model_id: str | None) -> int:
    if model_id is None:
        return 0
    from analysis.embeddings import EmbeddingCache

    return EmbeddingCache.for_project(project).count(model_id)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_index(_project: Project, location: str, version: int, spec: str, stored: int) -> Any:
    from analysis.embeddings.similar import build_index

    encoder, _note = _encoder(spec)
    return build_index(_project, encoder=encoder if encoder is not None else "none")


def passage_index(project: Project, location: str) -> Any:
    """The project's :class:`PassageIndex`, rebuilt when passages or the number of stored vectors change
    (keyed on the sources version: a coding decision does not rebuild it)."""
    spec = _spec()
    encoder, _note = _encoder(spec)
    stored = _stored_vectors(project, encoder.model_id if encoder is not None else None)
    with st.spinner(t("semantic.loading")):
        index = _cached_index(project, location, state.sources_version(), spec, stored)
    if encoder is None:  # keep the encoder's own reason for the note
        index.detail = _note
    return index


# -- the note and the background embedding ---------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=8)
def _jobs(location: str) -> dict[str, Any]:
    return {}


def method_note(project: Project, location: str, index: Any, *, key: str) -> None:
    """Say which method answered; where vectors are missing, offer to compute them."""
    from analysis.embeddings.similar import METHOD_ENCODER, REASON_NO_ENCODER

    if index.method == METHOD_ENCODER:
        text = t("semantic.note.encoder", model=md(index.model_id))
        if index.missing:
            text += " " + t("semantic.note.missing", n=index.missing)
        st.caption(text)
    elif index.reason == REASON_NO_ENCODER:
        st.info(t("semantic.note.no_encoder", detail=md(localise(index.detail, current_language()))))
        return
    else:
        st.info(t("semantic.note.not_embedded", model=md(index.model_id or "")))
    if index.method == METHOD_ENCODER and not index.missing:
        return
    _embed_controls(project, location, index, key=key)


@st.fragment(run_every=2.0)
def _job_progress(location: str, model_id: str) -> None:
    job = _jobs(location).get(model_id)
    if job is None:
        return
    if job.running:
        st.progress(job.done / job.total if job.total else 0.0, text=t("semantic.embed_running", done=job.done, total=job.total))
        return
    if job.error is not None:
        st.warning(t("semantic.embed_failed", error=md(str(job.error))))
    elif job.report is not None:
        st.success(t("semantic.embed_done", summary=md(job.report.summary())))
    st.button(t("semantic.embed_refresh"), key=f"semantic_refresh_{model_id}", on_click=lambda: None)


def _embed_controls(project: Project, location: str, index: Any, *, key: str) -> None:
    encoder, _note = _encoder(_spec())
    if encoder is None:
        return
    jobs = _jobs(location)
    job = jobs.get(encoder.model_id)
    if job is not None and job.running:
        _job_progress(location, encoder.model_id)
        return
    try:
        project.check_permission("code")
        refused: str | None = None
    except StoreError:
        refused = t("harden.read_only", role=md(project.role or "–"))
    if st.button(t("semantic.embed_start"), key=f"semantic_embed_{key}", help=refused or t("semantic.embed_help"),
                 disabled=refused is not None):
        from analysis.embeddings import EmbeddingJob

        jobs[encoder.model_id] = EmbeddingJob(project, encoder).start()
        _job_progress(location, encoder.model_id)
    elif job is not None:
        _job_progress(location, encoder.model_id)


# -- result tables -----------------------------------------------------------------------------------
def _rows(project: Project, hits: Sequence[tuple[int, float]], extra: Callable[[Any], dict] | None = None) -> list[dict]:
    if not hits:
        return []
    by_id = {p.id: p for p in project.passages(ids=[pid for pid, _ in hits])}
    rows = []
    for pid, score in hits:
        p = by_id.get(pid)
        if p is None:
            continue
        rows.append({
            t("semantic.col.score"): percent(score, 0),
            t("col.source"): p.source_name,
            t("col.speaker"): p.speaker or "",
            t("col.role"): render.role_text(p.speaker, p.role),
            t("col.text"): p.text[:220] + ("…" if len(p.text) > 220 else ""),
            t("col.municipality"): p.municipality or "",
            **(extra(p) if extra else {}),
        })
    return rows


# -- "meer zoals deze" on the review page ------------------------------------------------------------
def _open_like(hit_ids: list[int], queue_ids: list[int], sources: dict[int, str]) -> None:
    rows = ss.get("semantic_like_table", {}).get("selection", {}).get("rows", [])
    if not rows or rows[0] >= len(hit_ids):
        return
    pid = hit_ids[rows[0]]
    if pid in queue_ids:
        ss["review_pos"] = queue_ids.index(pid)
        ss["review_goto"] = ss["review_pos"] + 1
    else:
        state.flash(t("semantic.not_in_queue", source=md(sources.get(pid, ""))), "info")


def more_like_this(
    project: Project, location: str, version: int, passage: Any, codebook: Any, queue_ids: list[int],
    code_labels: dict[str, str],
) -> None:
    """The "Meer zoals deze" block under the current passage of the review page."""
    with st.expander(t("semantic.like_title"), expanded=bool(ss.get("semantic_like_show"))):
        if not st.toggle(t("semantic.like_show"), key="semantic_like_show", help=t("semantic.like_show_help")):
            return
        cols = st.columns([1, 1.4])
        anchor = cols[0].radio(
            t("semantic.like_anchor"), ["passage", "code"], key="semantic_like_anchor", horizontal=True,
            format_func=lambda a: t(f"semantic.anchor.{a}"),
        )
        index = passage_index(project, location)
        if anchor == "code":
            own = [c.code_id for c in project.codings(codebook_id=codebook.id, passage_ids=[passage.id])]
            if ss.get("semantic_like_code") not in code_labels:
                ss["semantic_like_code"] = next((c for c in own if c in code_labels), next(iter(code_labels), None))
            code_id = cols[1].selectbox(t("semantic.like_code"), list(code_labels), key="semantic_like_code",
                                        format_func=code_labels.__getitem__)
            anchors = sorted({c.passage_id for c in project.codings(codebook_id=codebook.id, code_id=code_id, status="accepted")})
            if not anchors:
                st.caption(t("semantic.like_code_none"))
                method_note(project, location, index, key="like")
                return
            name = next((c.name for c in codebook.codes if c.id == code_id), code_id)
            st.caption(t("semantic.like_n_anchor" if len(anchors) != 1 else "semantic.like_one_anchor",
                         n=len(anchors), code=md(name)))
            hits = index.like(anchors, limit=LIKE_LIMIT)
        else:
            code_id = None
            hits = index.like([passage.id], limit=LIKE_LIMIT)
        method_note(project, location, index, key="like")
        if not hits:
            st.caption(t("semantic.like_none"))
            return
        coded: dict[int, list[str]] = {}
        for c in project.codings(codebook_id=codebook.id, passage_ids=[pid for pid, _ in hits], status="accepted"):
            coded.setdefault(c.passage_id, []).append(code_labels.get(c.code_id, c.code_id))
        rows = _rows(project, hits, lambda p: {t("semantic.col.coded"): ", ".join(coded.get(p.id, []))})
        hit_ids = [pid for pid, _ in hits]
        sources = {pid: row[t("col.source")] for pid, row in zip(hit_ids, rows)}
        st.dataframe(
            rows, hide_index=True, width="stretch", key="semantic_like_table",
            column_config={t("col.text"): st.column_config.TextColumn(width="large")},
            on_select=lambda: _open_like(hit_ids, queue_ids, sources), selection_mode="single-row",
        )
        st.caption(t("semantic.like_open_hint"))


# -- search by meaning on the Corpus page ------------------------------------------------------------
def _open_search(hits: list[tuple[int, int]]) -> None:
    rows = ss.get("semantic_search_results", {}).get("selection", {}).get("rows", [])
    if rows and rows[0] < len(hits):
        ss["corpus_source_next"] = hits[rows[0]][1]


def search_tab(project: Project, location: str, version: int) -> None:
    """The "Zoeken op betekenis" tab beside keyword in context."""
    query = st.text_input(t("semantic.search_query"), key="semantic_query", placeholder=t("semantic.search_placeholder"),
                          help=t("semantic.search_help"))
    if not query.strip():  # the index is built on the first question, not when the page opens
        return
    index = passage_index(project, location)
    method_note(project, location, index, key="search")
    hits = index.search(query.strip(), limit=SEARCH_LIMIT)
    if not hits:
        st.caption(t("semantic.search_none"))
        return
    rows = _rows(project, hits)
    st.caption(t("semantic.search_hits", n=len(rows)))
    sources = {p.id: p.source_id for p in project.passages(ids=[pid for pid, _ in hits])}
    targets = [(pid, sources[pid]) for pid, _ in hits if pid in sources]
    st.dataframe(
        rows, hide_index=True, width="stretch", key="semantic_search_results",
        column_config={t("col.text"): st.column_config.TextColumn(width="large")},
        on_select=lambda: _open_search(targets), selection_mode="single-row",
    )
    st.caption(t("semantic.search_open_hint"))
