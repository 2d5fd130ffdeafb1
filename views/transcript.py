"""Transcript coderen: a whole source with its speaker turns, coded where you read (issue 15).

The document is one custom component (``ui/transcript_component.py``). It draws the source once and
updates itself in place; each coding is sent as one action, applied here in the action's callback
(through the existing Project methods) and acknowledged in the next run of the fragment only, never
a run of the whole page. A link ``?source=<id>&passage=<id>`` opens the source scrolled to that passage.
"""

from __future__ import annotations

import time

import streamlit as st

from analysis.coding.transcript import (
    TranscriptActions,
    TranscriptSession,
    transcript_codes,
    transcript_codings,
    transcript_turns,
)
from analysis.errors import DuidingError
from analysis.live import LiveView, Send, codebook_in_use
from analysis.store import Project
from ui import render, state
from ui.format import error_text
from ui.i18n import t
from ui.live import POLL_SECONDS
from ui.transcript_component import component_strings, transcript_component

ss = st.session_state
project = state.require_project()
location = state.project_location() or ""
state.show_flash()
st.title(t("tr.title"))
st.caption(t("tr.intro"))


@st.cache_data(show_spinner=False, max_entries=16)
def _sources(_project: Project, location: str, version: int) -> dict[int, str]:
    return {s.id: f"{s.name} ({s.municipality or '—'})" for s in _project.sources(with_text=False)}


@st.cache_data(show_spinner=False, max_entries=8)
def _turns(_project: Project, location: str, source_id: int, version: int) -> list[dict]:
    return transcript_turns(_project, source_id)


sources_version = state.sources_version()
sources = _sources(project, location, sources_version)
if not sources:
    st.info(t("tr.empty"))
    st.page_link(state.PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
    st.stop()

# A deep link (?source=…&passage=…) chooses the source once; the selectbox rules after that.
params = st.query_params
link = (params.get("source"), params.get("passage"))
focus_passage: int | None = None
if link[0] and link != ss.get("tr_link_applied"):
    ss["tr_link_applied"] = link
    try:
        if int(link[0]) in sources:
            ss["tr_source"] = int(link[0])
    except ValueError:
        pass
if ss.get("tr_source") not in sources:
    ss["tr_source"] = next(iter(sources))

cols = st.columns([3, 2, 1.4])
source_id = cols[0].selectbox(t("tr.source"), list(sources), key="tr_source", format_func=sources.__getitem__)
codebooks = {cb.id: cb.name for cb in project.codebooks()}
if "tr_codebook" in ss and ss["tr_codebook"] not in [None, *codebooks]:
    del ss["tr_codebook"]
if "tr_codebook" not in ss:  # the review page's codebook, else the one the project's codings are in
    chosen = ss.get("review_codebook")
    ss["tr_codebook"] = chosen if chosen in codebooks else codebook_in_use(project, list(codebooks))
codebook_id = cols[1].selectbox(t("tr.codebook"), [None, *codebooks], key="tr_codebook",
                                format_func=lambda c: t("tr.no_codebook") if c is None else codebooks[c])
with_suggestions = cols[2].toggle(t("tr.suggestions"), value=True, key="tr_suggestions")
if str(source_id) != params.get("source"):
    params.clear()  # the reader chose another source: the link no longer describes the page
    params["source"] = str(source_id)
    ss.pop("tr_link_applied", None)  # following that link again later opens it again
elif params.get("passage"):
    try:
        focus_passage = int(params["passage"])
    except ValueError:
        focus_passage = None


def _session(source_id: int, codebook_id: str | None) -> TranscriptSession:
    sessions = ss.setdefault("tr_sessions", {})
    return sessions.setdefault((source_id, codebook_id), TranscriptSession())


def _on_action() -> None:
    """Apply the component's action before the fragment runs again (so that run shows it stored)."""
    started = time.perf_counter()
    result = ss.get("tr_component") or {}
    action = dict(result).get("action")
    ctx = ss.get("tr_context")
    if not action or not ctx or not ctx["codebook"]:
        return
    turns = _turns(project, location, ctx["source"], sources_version)
    done = TranscriptActions(project, ctx["source"], ctx["codebook"], state.coder(),
                             _session(ctx["source"], ctx["codebook"]), turns).apply(action)
    ss["tr_acted"] = True  # the fragment's next run answers the component, which already holds the turns
    error = done.get("error")
    ss["tr_last"] = {
        "client": action.get("client"),
        "seq": done.get("seq"),
        "ok": done.get("ok", False),
        "ids": done.get("ids", []),
        "code": done.get("code"),
        "error": error_text(error) if isinstance(error, DuidingError) else (str(error) if error else None),
        "store_ms": round((time.perf_counter() - started) * 1000, 1),  # measured by benchmarks/transcript.py
    }


@st.fragment(run_every=POLL_SECONDS)
def surface() -> None:
    """The component; every few seconds (and after each action) this fragment runs alone: it sends only
    what changed, and all codings again when anything was stored elsewhere (another session or tab, the
    command line), so the page shows what is stored, not what was stored when it was opened."""
    started = time.perf_counter()
    page_run = ss.pop("tr_page_run", False)
    version = sources_version if page_run else state.sources_version()  # a source edited meanwhile: drawn anew
    turns = _turns(project, location, source_id, version)
    session = _session(source_id, codebook_id)
    live: LiveView = ss.setdefault("tr_live", LiveView())
    context, stored = (location, source_id, codebook_id, with_suggestions, version), state.data_version()
    send = live.plan(context, stored, page_run=page_run, acted=ss.pop("tr_acted", False))
    codings: list[dict] = []
    codes: list[dict] = []
    colours: dict[str, str] = {}
    touched = session.touched
    session.touched = set()
    if codebook_id:
        codebook = project.get_codebook(codebook_id)
        codes = transcript_codes(codebook)
        colours = render.colours_of(codebook)
        if send is not Send.NOTHING:  # after an action only the passages it touched (the component keeps the rest)
            codings = transcript_codings(project, source_id, codebook_id, turns, suggestions=with_suggestions,
                                         passage_ids=touched if send is Send.DELTA else None)
            for c in codings:  # the rule's words in the chosen language
                c["ev"] = [[s, e, render.evidence_reason(why)] for s, e, why in c["ev"]]
    ss["tr_context"] = {"source": source_id, "codebook": codebook_id}
    focus = None
    if focus_passage is not None:
        focus = {"key": f"{source_id}:{focus_passage}", "passage": focus_passage}
    partial = {Send.DELTA: sorted(touched), Send.NOTHING: []}.get(send)
    data = {
        "doc_key": f"{location}:{source_id}:{version}",
        "source": source_id,
        "codebook": codebook_id or "",
        # the component holds the document after its first run: it gets the turns only on a new one
        "turns": turns if send is Send.DOCUMENT else None,
        "codings": codings,
        "delta": partial,  # passages whose codings these replace (None: all of them)
        "codes": codes,
        "colours": colours,
        "coder": state.coder(),
        "can_code": bool(codebook_id),
        "snap": True,
        "focus": focus,
        "last": ss.get("tr_last"),
        "strings": component_strings(),
    }
    if data["last"]:
        data["last"] = {**data["last"], "view_ms": round((time.perf_counter() - started) * 1000, 1)}
    st.caption(t("tr.turns", n=len(turns), codings=live.shows(send, codings, touched)))
    transcript_component(data, key="tr_component", on_action=_on_action)
    live.synced(send, context, stored)


ss["tr_page_run"] = True  # the fragment runs within the whole page (not alone)
surface()
