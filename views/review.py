"""Beoordelen & coderen: the review queue (the page researchers spend their days on).

Thin: the queue, actions and undo live in :mod:`analysis.review`; this page keeps
the position in session state and renders. Every button stores at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis import review as rv
from analysis import settings
from analysis.domain import RESPONDENT_GROUPS, CodingOrigin, CodingStatus
from analysis.store import Project, StoreError
from ui import live, render, review_keys, review_state, semantic, state
from ui.citeerbaar import citeerbaar_toggle
from ui.format import error_text, percent
from ui.i18n import t
from ui.safe import md as escape  # the one escaping helper (HTML and Markdown)
from ui.transcript_links import transcript_link_html

PAGE_SIZE = 20

project = state.require_project()
location = state.project_location() or ""
ss = st.session_state


# -- cached lookups (keyed by location and data version; never the whole corpus) ----------------
@st.cache_data(show_spinner=False, max_entries=64)
def _source_options(_project: Project, location: str, version: int) -> list[tuple[int, str, str | None]]:
    return [(int(s.id), s.name, s.municipality) for s in _project.sources(with_text=False)]


@st.cache_data(show_spinner=False, max_entries=64)
def _municipalities(_project: Project, location: str, version: int) -> list[str]:
    return _project.municipalities()


@st.cache_data(show_spinner=False, max_entries=64)
def _has_suggestions(_project: Project, location: str, codebook_id: str, version: int) -> bool:
    return bool(_project.passages(codebook_id=codebook_id, status="suggested", limit=1))


@st.cache_data(show_spinner=False, max_entries=16, ttl=900)
def _active_order(_project: Project, location: str, codebook_id: str, first: tuple[int, ...], run: int) -> list[int] | None:
    # The ranking only changes when suggestions do (an auto-coding run), not with each decision:
    # decided passages drop out of the filtered ids anyway. Auto-coding from this page bumps
    # ``run``; runs elsewhere (CLI) are picked up within the ttl or after a restart.
    return rv.active_learning_order(_project, codebook_id, first=first)


@st.cache_data(show_spinner=False, max_entries=32)
def _queue_ids(
    _project: Project, location: str, codebook_id: str, filters: tuple, active: bool, first: tuple[int, ...],
    version: int, run: int,
) -> list[int]:
    order = _active_order(_project, location, codebook_id, first, run) if active else None
    queue = rv.build_queue(_project, codebook_id, rv.ReviewFilters(*filters), order=order)
    return queue.ids


@st.cache_data(show_spinner=False, max_entries=64)
def _open_count(_project: Project, location: str, codebook_id: str, filters: tuple, version: int) -> int:
    """Passages of the queue's filters that still have an open suggestion, as stored now."""
    f = rv.ReviewFilters(*filters)
    if not f.passage_filters():  # the common case, from an index
        return _project.count_coded_passages(codebook_id, rv.STATUS_SUGGESTED, f.code_id or None)
    return _project.count_passages(
        codebook_id=codebook_id, code_id=f.code_id or None, status=rv.STATUS_SUGGESTED, **f.passage_filters()
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _reference_coders(_project: Project, location: str, version: int) -> list[str]:
    from analysis.demo_reference import reference_coders_in

    return reference_coders_in(_project)


@st.cache_data(show_spinner=False, max_entries=512)
def _sentences(text: str) -> list[tuple[int, int]]:
    return rv.sentence_spans(text)


# -- header and filters ---------------------------------------------------------------------
review_state.restore_from_url()  # a reload or a shared link returns to the same passage and filters
review_state.undo_stack(project, location)  # the coder's undo history, from the audit trail
state.show_flash()
st.title(t("review.title"))
review_keys.keyboard()  # the key listener and its "?" list (mounted before any early stop of the page)

codebooks = {cb.id: cb for cb in project.codebooks()}
if not codebooks:
    st.info(t("review.no_codebook"))
    st.page_link(state.PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
    st.stop()

# A lezer sees the decision buttons disabled, with the reason (a click would be refused by the store).
try:
    project.check_permission("code")
    read_only: str | None = None
except StoreError:
    read_only = t("harden.read_only", role=escape(project.role or "–"))

version = state.data_version()
if ss.get("review_codebook") not in codebooks:
    with_suggestions = [cid for cid in codebooks if _has_suggestions(project, location, cid, version)]
    ss["review_codebook"] = (with_suggestions or list(codebooks))[0]

STATUS_LABELS = {
    rv.STATUS_ALL: t("status.all"),
    rv.STATUS_SUGGESTED: t("status.suggested"),
    rv.STATUS_ACCEPTED: t("status.accepted"),
    rv.STATUS_REJECTED: t("status.rejected"),
    rv.STATUS_UNCODED: t("status.uncoded"),
}

top = st.columns([2, 1.4, 1.6, 1.4])
codebook_id = top[0].selectbox(
    t("review.codebook"), list(codebooks), key="review_codebook", format_func=lambda c: codebooks[c].name
)
codebook = codebooks[codebook_id]
colours = render.colours_of(codebook)
names = {c.id: c.name for c in codebook.codes}
if "f_status" not in ss:
    ss["f_status"] = rv.STATUS_SUGGESTED if _has_suggestions(project, location, codebook_id, version) else rv.STATUS_ALL
status = top[1].selectbox(t("filter.status"), list(STATUS_LABELS), key="f_status", format_func=STATUS_LABELS.__getitem__)
code_options = render.tree_options(codebook)
code_labels = dict(code_options)
if ss.get("f_code") not in (None, *code_labels):
    ss["f_code"] = None  # a code of another codebook
code_filter = top[2].selectbox(
    t("filter.code"),
    [None, *code_labels],
    key="f_code",
    format_func=lambda c: t("filter.all") if c is None else code_labels.get(c, c),
)
search = top[3].text_input(t("filter.search"), key="f_search", placeholder=t("filter.search_placeholder"))

row = st.columns([1.4, 2.4, 1.4, 1.2])
municipalities = _municipalities(project, location, state.sources_version())
if ss.get("f_muni") not in (None, *municipalities):
    ss["f_muni"] = None
municipality = row[0].selectbox(
    t("filter.municipality"),
    [None, *municipalities],
    key="f_muni",
    format_func=lambda m: t("filter.all") if m is None else m,
)
sources = [s for s in _source_options(project, location, state.sources_version()) if not municipality or s[2] == municipality]
source_names = {s[0]: s[1] for s in sources}
if ss.get("f_source") not in (None, *source_names):
    ss["f_source"] = None
source_id = row[1].selectbox(
    t("filter.source"),
    [None, *source_names],
    key="f_source",
    format_func=lambda s: t("filter.all") if s is None else source_names.get(s, str(s)),
)
group = row[2].selectbox(
    t("filter.group"),
    [None, *RESPONDENT_GROUPS],
    key="f_group",
    format_func=lambda g: t("filter.all") if g is None else g,
)
with row[3], st.spinner(t("review.loading")):
    active_available = rv.active_learning_available()
    active = st.toggle(
        t("review.active_order"),
        value=active_available,
        key="review_active",
        disabled=not active_available,
        help=t("review.active_order_help") if active_available else t("review.active_order_unavailable"),
    )
    all_speakers = st.checkbox(t("speaker.filter_all"), key="f_all_speakers", help=t("speaker.filter_all_help"))
    if st.button(t("review.refresh"), key="review_refresh", help=t("review.refresh_help")):
        ss.pop("review_queue", None)
        st.rerun()


def _autocode_available() -> bool:
    # Look, do not import: the auto-coder brings spaCy and scikit-learn (seconds on a fresh server).
    from importlib.util import find_spec

    try:
        return find_spec("analysis.coding.auto") is not None
    except ImportError:
        return False


if _autocode_available():
    from analysis.coding.runs import incomplete_run

    unfinished = incomplete_run(project, codebook_id)
    if unfinished is not None:  # an interrupted run left its mark: its suggestions are incomplete
        st.warning(t("harden.autocode_incomplete", started=escape(str(unfinished["at"])[:16])))
    with st.expander(t("review.autocode")):
        st.caption(t("review.autocode_help"))
        reference_coders = _reference_coders(project, location, version)
        use_reference = False
        if reference_coders:
            st.info(t("review.reference_not_learned", coders=", ".join(reference_coders)))
            use_reference = st.toggle(t("review.reference_learn"), key="review_use_reference")
        if st.button(t("review.autocode_run"), key="review_autocode", disabled=read_only is not None, help=read_only):
            from analysis.coding import auto_code
            from ui import progress

            with progress.stages(progress.AUTOCODE_WEIGHTS, "nocli.autocode") as on_progress:
                try:
                    report = auto_code(
                        project, codebook_id, progress=False, on_progress=on_progress, batch_size=1000,
                        use_reference=use_reference,
                    )
                except Exception as exc:  # noqa: BLE001 - shown to the researcher; reviewing goes on
                    st.error(t("review.autocode_failed", error=escape(error_text(exc))))
                else:
                    ss.setdefault("autocode_queue", {})[codebook_id] = list(report.review_queue)
                    ss["autocode_run"] = int(ss.get("autocode_run", 0)) + 1
                    state.bump_data_version()
                    encoder_line = ""  # which sentence encoder the suggestions used, or why none
                    if report.encoder_model:
                        encoder_line = t("semantic.autocode_encoder", model=escape(report.encoder_model))
                    elif report.encoder_missing:
                        encoder_line = t("semantic.autocode_no_vectors", n=report.encoder_missing)
                    state.flash(t(
                        "review.autocode_done", passages=report.passages, suggestions=report.suggestions,
                        inserted=report.inserted, mode=t(f"review.autocode_mode.{report.mode}"),
                        seconds=f"{report.seconds:.0f}",
                    ) + (t("speaker.autocode_skipped", n=report.skipped) if getattr(report, "skipped", 0) else "")
                      + encoder_line)
                    st.rerun()

set_names = project.passage_set_names()
passage_set = None
if set_names:
    if ss.get("f_set") not in (None, *set_names):
        ss["f_set"] = None
    passage_set = st.selectbox(
        t("filter.passage_set"), [None, *set_names], key="f_set",
        format_func=lambda n: t("filter.all") if n is None else n,
    )

filters = rv.ReviewFilters(
    municipality=municipality,
    source_id=source_id,
    respondent_group=group,
    code_id=code_filter,
    status=status,
    search=(search or "").strip() or None,
    all_speakers=bool(all_speakers),
    passage_set=passage_set,
)
filters_key = (
    filters.municipality, filters.source_id, filters.respondent_group, filters.kind,
    filters.code_id, filters.status, filters.search, filters.all_speakers, filters.passage_set,
)
first = tuple(ss.get("autocode_queue", {}).get(codebook_id, ()))
# The queue is this session's snapshot: its own decisions do not reshuffle it under the
# researcher's hands, but a change stored by anyone else (another session, the command line, a
# notebook: the project's data version moved past this session's own last write) rebuilds it.
queue_key = (location, codebook_id, filters_key, bool(active and active_available), first, int(ss.get("autocode_run", 0)))
snapshot = ss.get("review_queue")
own_version = ss.get("review_own_version")
new_filters = snapshot is None or snapshot[0] != queue_key
if new_filters or (version != snapshot[1] and version != own_version):
    with st.spinner(t("review.loading")):
        ids = _queue_ids(
            project, location, codebook_id, filters_key, bool(active and active_available), first, version,
            int(ss.get("autocode_run", 0)),
        )
    ss["review_queue"] = (queue_key, version, ids)
    # Keep the position on the same passage; when it left the queue, on the same place.
    previous = ss.get("review_pid")
    if previous in ids:
        ss["review_pos"] = ids.index(previous)
    else:
        ss["review_pos"] = 0 if new_filters else max(0, min(int(ss.get("review_pos", 0)), len(ids) - 1))
else:
    ids = snapshot[2]
live.watch(lambda: (ss["review_queue"][1], ss.get("review_own_version")))  # a change stored elsewhere shows

if not ids:
    st.info(t("review.empty"))
    st.stop()

order_label = t("review.order_active") if active and active_available else t("review.order_document")


def _show_queue_info() -> None:
    """The queue's size and how many of its passages are still open, as stored right now."""
    text = t("review.queue_info", n=len(ids), order=order_label)
    if status == rv.STATUS_SUGGESTED:
        text += " · " + t("review.queue_open", n=_open_count(project, location, codebook_id, filters_key, state.data_version()))
    st.caption(text)




def _click_guard_seconds() -> float:
    """A decision click on a card drawn less than this many seconds ago, because of a decision,
    is ignored (a double or triple click: the next card's button moved under the cursor)."""
    return settings.get_float(settings.CLICK_GUARD_SECONDS, 0.8)


# -- actions (callbacks: they run before the next rerun draws the page) --------------------------
def _run(fn: Callable[..., rv.ReviewAction], *args: Any, message: str, advance: bool = False, **kwargs: Any) -> None:
    try:
        action = fn(project, *args, **kwargs)
    except (StoreError, ValueError) as exc:
        state.flash(error_text(exc), "error")
        return
    ss["review_own_version"] = project.last_written_version()
    state.undo_stack().push(action)
    state.flash(message)
    if advance and ss.get("review_autoadvance"):
        remaining = project.codings(codebook_id=codebook_id, passage_ids=[action.passage_id], status="suggested")
        if not remaining:
            _move(1)


def _move(delta: int) -> None:
    ss["review_pos"] = max(0, min(len(ids) - 1, int(ss.get("review_pos", 0)) + delta))
    ss["review_goto"] = ss["review_pos"] + 1


def _goto() -> None:
    ss["review_pos"] = max(0, min(len(ids) - 1, int(ss.get("review_goto", 1)) - 1))


def _click_is_current(coding_id: int, view: str | None, expected: str) -> bool:
    """A decision acts only on the suggestion its button was drawn for, on the card the
    researcher saw: not on a card that has moved on, nor on one that appeared a moment ago
    after another decision (a double click), nor on a coding someone has decided meanwhile."""
    if view is not None and view != ss.get("review_view"):
        state.flash(t("review.msg_click_stale"), "warning")
        return False
    decided_at = ss.get("review_decided_at")
    shown_at = ss.get("review_view_at", 0.0)
    if (
        view is not None and decided_at is not None and shown_at >= decided_at
        and time.monotonic() - shown_at < _click_guard_seconds()
    ):
        state.flash(t("review.msg_click_too_fast"), "warning")
        return False
    try:
        current = project.get_coding(coding_id)
    except StoreError:
        state.flash(t("review.msg_click_gone"), "warning")
        return False
    if CodingStatus(current.status).value != expected:
        state.flash(t("review.msg_click_decided"), "warning")
        return False
    return True


def _decide(fn: Callable[..., rv.ReviewAction], coding_id: int, code_id: str, view: str | None, expected: str, message: str) -> None:
    if not _click_is_current(coding_id, view, expected):
        return
    ss["review_decided_at"] = time.monotonic()
    _run(fn, coding_id, state.coder(), message=t(message, code=escape(names.get(code_id, code_id))), advance=True)


def _accept(coding_id: int, code_id: str, view: str | None = None, expected: str = rv.STATUS_SUGGESTED) -> None:
    _decide(rv.accept, coding_id, code_id, view, expected, "review.msg_accepted")


def _reject(coding_id: int, code_id: str, view: str | None = None) -> None:
    _decide(rv.reject, coding_id, code_id, view, rv.STATUS_SUGGESTED, "review.msg_rejected")


def _remove(coding_id: int, code_id: str) -> None:
    _run(rv.remove, coding_id, message=t("review.msg_removed", code=escape(names.get(code_id, code_id))))


def _save_memo(coding_id: int) -> None:
    _run(rv.set_memo, coding_id, ss.get(f"memo_{coding_id}", ""), message=t("review.msg_memo"))


def _add(passage: Any) -> None:
    code_id = ss.get(f"add_code_{passage.id}")
    if not code_id:
        state.flash(t("review.msg_choose_code"), "warning")
        return
    memo = (ss.get(f"add_memo_{passage.id}") or "").strip()
    label = names.get(code_id, code_id)
    if ss.get(f"partial_{passage.id}"):
        chosen = list(ss.get(f"sentences_{passage.id}") or [])
        if not chosen:
            state.flash(t("review.msg_choose_sentences"), "warning")
            return
        spans = _sentences(passage.text)
        _run(rv.code_sentences, passage, codebook_id, code_id, state.coder(), spans, chosen, memo=memo,
             message=t("review.msg_added_part", code=escape(label), n=len(chosen)))
    else:
        _run(rv.add_code, passage.id, codebook_id, code_id, state.coder(), memo=memo,
             message=t("review.msg_added", code=escape(label)))
    ss[f"add_code_{passage.id}"] = None
    ss[f"add_memo_{passage.id}"] = ""
    ss[f"sentences_{passage.id}"] = []


def _again() -> None:
    code_id = rv.last_code(state.undo_stack())
    if not code_id or code_id not in names:
        return
    _run(rv.add_code, ss["review_pid"], codebook_id, code_id, state.coder(),
         message=t("review.msg_added", code=escape(names.get(code_id, code_id))), advance=True)


def _undo() -> None:
    stack = state.undo_stack()
    try:
        action = stack.undo_last(project)
    except StoreError as exc:
        state.flash(t("review.msg_undo_failed", error=escape(error_text(exc))), "error")
        return
    if action is None:
        return
    ss["review_own_version"] = project.last_written_version()
    for key in [k for k in ss if isinstance(k, str) and k.startswith("memo_")]:
        del ss[key]  # memo boxes show the restored text
    if action.passage_id in ids:
        ss["review_pos"] = ids.index(action.passage_id)
        ss["review_goto"] = ss["review_pos"] + 1
    state.flash(t("review.msg_undone", action=t(f"action.{action.kind}"), code=escape(names.get(action.code_id, action.code_id))))


def _select_row(page_ids: list[int]) -> None:
    rows = ss.get("review_page_table", {}).get("selection", {}).get("rows", [])
    if rows and rows[0] < len(page_ids) and page_ids[rows[0]] in ids:
        ss["review_pos"] = ids.index(page_ids[rows[0]])
        ss["review_goto"] = ss["review_pos"] + 1


ORIGIN_LABELS = {
    CodingOrigin.MANUAL: t("origin.manual"),
    CodingOrigin.RULE: t("origin.rule"),
    CodingOrigin.MODEL: t("origin.model"),
}


# -- the passage card ------------------------------------------------------------------------
@st.fragment
def review_panel() -> None:
    state.show_flash()  # a decision's confirmation or warning shows at once, in this rerun
    _show_queue_info()
    pos = max(0, min(int(ss.get("review_pos", 0)), len(ids) - 1))
    ss["review_pos"] = pos
    pid = ids[pos]
    ss["review_pid"] = pid
    if "review_goto" not in ss or ss["review_goto"] != pos + 1:
        ss["review_goto"] = pos + 1

    nav = st.columns([1, 1, 1.3, 1.6, 1.6, 1.6])
    nav[0].button(t("review.previous"), key="review_prev", on_click=_move, args=(-1,), disabled=pos == 0, width="stretch")
    nav[1].button(t("review.next"), key="review_next", on_click=_move, args=(1,), disabled=pos >= len(ids) - 1, width="stretch")
    nav[2].number_input(
        t("review.goto"), min_value=1, max_value=len(ids), step=1, key="review_goto", on_change=_goto,
        label_visibility="collapsed",
    )
    nav[3].markdown(t("review.position", pos=pos + 1, n=len(ids)))
    last = state.undo_stack().peek()
    nav[4].button(
        t("review.undo"),
        key="review_undo",
        on_click=_undo,
        disabled=last is None,
        help=(t("review.undo_help", action=t(f"action.{last.kind}"), code=escape(names.get(last.code_id, last.code_id))) if last else None),
        width="stretch",
    )
    again = rv.last_code(state.undo_stack())
    nav[5].button(
        t("keys.again_button", code=names.get(again, again)) if again in names else t("keys.again_none"),
        key="review_again", on_click=_again, disabled=again not in names or read_only is not None,
        help=read_only or t("keys.again_help"), width="stretch",
    )

    try:
        item = rv.load_item(project, pid, codebook_id, context=int(ss.get("review_context", 1)))
    except StoreError:
        st.warning(t("review.gone"))
        return
    p = item.passage
    # What this card shows; a decision button carries it, so a click meant for another card is ignored.
    view = f"{p.id}:" + ",".join(str(c.id) for c in item.suggestions) + "/" + ",".join(str(c.id) for c in item.rejected)
    view_changed = ss.get("review_view") != view
    if view_changed:
        ss["review_view"] = view
        ss["review_view_at"] = time.monotonic()
    meta = " · ".join(
        escape(x) for x in (p.source_name, p.municipality, p.respondent_group, t(f"kind.{p.kind.value}"), p.participant) if x
    )
    st.caption(meta + " · " + transcript_link_html(p.source_id, p.id), unsafe_allow_html=True)  # meta is escaped
    if p.heading or p.question:  # a gespreksverslag: the heading path and table question above the passage
        st.caption(t("verslag.review.where", where=" — ".join(x for x in (p.heading, p.question) if x)))

    left, right = st.columns([3, 2], gap="large")
    with left:
        for turn in item.before:
            st.markdown(render.passage_block(render.highlight(turn.text, [], colours), turn.speaker, role=turn.role), unsafe_allow_html=True)
        marks = rv.local_spans(p, item.codings)
        st.markdown(
            render.passage_block(render.highlight(p.text, marks, colours, names), p.speaker, current=True, ordinal=p.ordinal, role=p.role),
            unsafe_allow_html=True,
        )
        for turn in item.after:
            st.markdown(render.passage_block(render.highlight(turn.text, [], colours), turn.speaker, role=turn.role), unsafe_allow_html=True)
        ss.setdefault("review_context", 1)
        st.select_slider(t("review.context"), options=[0, 1, 2, 3, 5], key="review_context")
        semantic.more_like_this(project, location, version, p, codebook, ids, code_labels)

    with right:
        if item.suggestions or (ss.get("review_cards") or (None,))[0] == p.id:
            st.markdown(f"**{t('review.suggestions')}**")
        # The cards keep their places while the researcher decides: a decided card stays where it
        # was with its buttons disabled, so a double click never lands on the next suggestion.
        by_id = {c.id: c for c in item.codings}
        slots = ss.get("review_cards")
        order = list(slots[1]) if slots and slots[0] == p.id else []
        order += [c.id for c in item.suggestions if c.id not in order]
        ss["review_cards"] = (p.id, order)
        for number, cid in enumerate(order, start=1):
            c = by_id.get(cid)
            with st.container(border=True):
                if c is None:
                    st.caption(t("review.card_gone"))
                    continue
                reasons = ", ".join(dict.fromkeys(render.evidence_reason(e.reason) or e.text for e in c.evidence))
                conf = percent(c.confidence, 0) if c.confidence is not None else "–"
                st.markdown(
                    (f"<kbd>{number}</kbd> " if number <= 9 else "")
                    + render.chip(render.code_label(codebook, c.code_id, path=True), colours.get(c.code_id, ""))
                    + f" &nbsp;**{conf}** <span style='opacity:.6'>{ORIGIN_LABELS.get(CodingOrigin(c.origin), '')}</span>",
                    unsafe_allow_html=True,
                )
                if reasons:
                    st.caption(t("review.evidence", reasons=escape(reasons)))
                b1, b2 = st.columns(2)
                if CodingStatus(c.status) is CodingStatus.SUGGESTED:
                    b1.button(t("review.accept"), key=f"acc_{c.id}", on_click=_accept, args=(c.id, c.code_id, view), type="primary", width="stretch",
                              disabled=read_only is not None, help=read_only)
                    b2.button(t("review.reject"), key=f"rej_{c.id}", on_click=_reject, args=(c.id, c.code_id, view), width="stretch",
                              disabled=read_only is not None, help=read_only)
                else:
                    accepted = CodingStatus(c.status) is CodingStatus.ACCEPTED
                    b1.button(t("review.card_accepted") if accepted else " ", key=f"done_acc_{c.id}", disabled=True, width="stretch")
                    b2.button(t("review.card_rejected") if not accepted else " ", key=f"done_rej_{c.id}", disabled=True, width="stretch")

        if item.accepted:
            st.markdown(f"**{t('review.coded')}**")
        for c in item.accepted:
            with st.container(border=True):
                part = ""
                if c.start is not None and c.end is not None:
                    fragment = p.text[c.start - p.start : c.end - p.start]
                    part = f"<br><span style='opacity:.7'>“{escape(fragment[:160])}{'…' if len(fragment) > 160 else ''}”</span>"
                st.markdown(
                    render.chip(render.code_label(codebook, c.code_id, path=True), colours.get(c.code_id, ""))
                    + f" <span style='opacity:.6'>{escape(c.coder)}</span>{part}",
                    unsafe_allow_html=True,
                )
                st.text_area(
                    t("review.memo"), value=c.memo, key=f"memo_{c.id}", on_change=_save_memo, args=(c.id,),
                    height=68, placeholder=t("review.memo_placeholder"),
                )
                cite_col, remove_col = st.columns([1.3, 1])
                with cite_col:
                    citeerbaar_toggle(project, c, disabled=read_only, own_version_key="review_own_version")
                remove_col.button(t("review.remove"), key=f"del_{c.id}", on_click=_remove, args=(c.id, c.code_id),
                                  disabled=read_only is not None, help=read_only)

        if item.rejected:
            with st.expander(t("review.rejected", n=len(item.rejected))):
                for c in item.rejected:
                    cols = st.columns([3, 2])
                    cols[0].markdown(
                        render.chip(render.code_label(codebook, c.code_id), colours.get(c.code_id, ""), muted=True),
                        unsafe_allow_html=True,
                    )
                    cols[1].button(t("review.accept_anyway"), key=f"reacc_{c.id}", on_click=_accept, args=(c.id, c.code_id, view, rv.STATUS_REJECTED),
                                   disabled=read_only is not None, help=read_only)

        with st.container(border=True):
            st.markdown(f"**{t('review.add_code')}**")
            codable = dict(render.tree_options(codebook, codable_only=True))
            st.selectbox(
                t("review.code"), list(codable), index=None, key=f"add_code_{p.id}",
                format_func=codable.__getitem__, placeholder=t("review.choose_code"),
            )
            partial = st.toggle(t("review.partial"), key=f"partial_{p.id}", help=t("review.partial_help"))
            if partial:
                spans = _sentences(p.text)
                st.multiselect(
                    t("review.sentences"),
                    list(range(len(spans))),
                    key=f"sentences_{p.id}",
                    format_func=lambda i: f"{i + 1}. {p.text[spans[i][0]:spans[i][1]][:90]}",
                )
            st.text_input(t("review.memo"), key=f"add_memo_{p.id}", placeholder=t("review.memo_placeholder"))
            st.button(t("review.add"), key=f"add_{p.id}", on_click=_add, args=(p,), type="primary",
                      disabled=read_only is not None, help=read_only)

    st.toggle(t("review.autoadvance"), key="review_autoadvance", help=t("review.autoadvance_help"))

    # The page of the queue around the current passage: an overview to jump from.
    page = pos // PAGE_SIZE
    page_ids = ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    with st.expander(t("review.page_overview", page=page + 1, pages=-(-len(ids) // PAGE_SIZE))):
        passages = rv.load_passages(project, page_ids)
        grouped = rv.codings_for(project, codebook_id, page_ids)
        table = [
            {
                "#": page * PAGE_SIZE + i + 1,
                t("col.source"): q.source_name,
                t("col.speaker"): q.speaker or "",
                t("col.role"): render.role_text(q.speaker, q.role),
                t("col.text"): q.text[:110] + ("…" if len(q.text) > 110 else ""),
                t("col.suggested"): sum(CodingStatus(c.status) is CodingStatus.SUGGESTED for c in grouped.get(q.id, [])),
                t("col.accepted"): sum(CodingStatus(c.status) is CodingStatus.ACCEPTED for c in grouped.get(q.id, [])),
            }
            for i, q in enumerate(passages)
        ]
        st.dataframe(
            table, hide_index=True, width="stretch", key="review_page_table",
            on_select=lambda: _select_row(page_ids), selection_mode="single-row",
        )
    if view_changed:
        # The browser drops the previous card's leftovers when the run ends: the new card is
        # complete under the cursor from now on.
        ss["review_view_at"] = time.monotonic()
    review_state.write_to_url()


review_panel()
