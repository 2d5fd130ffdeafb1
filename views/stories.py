"""Verhalen: story collections the Sprockler way, next to the interviews.

Thin: collections, figures, groups and statistics come from :mod:`analysis.stories`
(:mod:`analysis.stories.coding` links stories to codes). Every dot in a figure is a
story; clicking one (or choosing it in the list) shows the story beside the plot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from analysis.domain import CodingStatus
from analysis.review.text import Mark
from analysis.store import Project
from analysis.stories import StoryCollection, load_collections, select_stories
from analysis.stories.coding import (
    COLLECTION_QUESTION,
    combine_collections,
    comparable_questions,
    format_answer,
    plottable_questions,
    split_story_key,
    stories_at_same_dot,
    story_codes,
    story_codings,
)
from analysis.stories.groups import CODE_PREFIX, UNKNOWN, group_order, shown_label
from analysis.stories.model import ChoiceQuestion, SliderQuestion, StonesQuestion, TriadQuestion
from analysis.stories.plots import compare_figure, question_figure
from ui import render, state
from ui.format import error_text, number, percent
from ui.i18n import current_language, t
from ui.safe import md as escape  # the one escaping helper (HTML and Markdown)

ALL = "__all__"
OTHERS = "__others__"
PLOT_KEY = "stories_plot"
ss = st.session_state
project = state.require_project()
location = state.project_location() or ""
version = state.data_version()
state.show_flash()
st.title(t("stories.title"))


# -- cached lookups --------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=16)
def _collections(_project: Project, location: str, version: int) -> list[StoryCollection]:
    return load_collections(_project)


@st.cache_data(show_spinner=False, max_entries=64)
def _codes(_project: Project, location: str, codebook_id: str, with_suggestions: bool, version: int) -> dict[str, set[str]]:
    status = (CodingStatus.ACCEPTED, CodingStatus.SUGGESTED) if with_suggestions else CodingStatus.ACCEPTED
    return story_codes(_project, codebook_id, status=status)


collections = _collections(project, location, version)
if not collections:
    st.info(t("stories.none"))
    st.page_link(state.PROJECT_PAGE, label=t("nav.project"), icon=":material/folder_open:")
    st.stop()
by_id = {c.id: c for c in collections}


def _keep(key: str, options: Sequence[Any], default: Any = None) -> None:
    """Start a widget at ``default``; reset it when its value is no longer among its options
    (another collection or question was chosen)."""
    if key not in ss or ss[key] not in options:
        ss[key] = default if default in options else (options[0] if options else None)


def _keep_many(key: str, options: Sequence[Any]) -> None:
    if key in ss:
        ss[key] = [v for v in ss[key] or [] if v in options]


# -- collection, question, colour -------------------------------------------------------------
choices = [ALL, *by_id] if len(collections) > 1 else list(by_id)
_keep("stories_collection", choices)
top = st.columns([2.2, 2.2, 1.8])
chosen = top[0].selectbox(
    t("stories.collection"),
    choices,
    key="stories_collection",
    format_func=lambda c: t("stories.all_collections", n=sum(len(x.stories) for x in collections))
    if c == ALL
    else f"{by_id[c].name} ({len(by_id[c].stories)})",
)
collection = combine_collections(collections if chosen == ALL else [by_id[chosen]])
if collection.prompt:
    st.caption(t("stories.prompt", prompt=escape(collection.prompt)))
if collection.fictional:
    st.caption(t("stories.fictional"))



def _label(q: Any) -> str:
    """A question's label; the question the app adds itself (which collection or municipality) in the UI's language."""
    if q.id == COLLECTION_QUESTION:
        return t("walk.stories.municipality") if q.label == "Gemeente" else t("walk.stories.collection")
    return q.label


questions = {q.id: q for q in plottable_questions(collection)}
if not questions:
    st.info(t("stories.no_questions"))
    st.stop()
KIND_LABELS = {
    "triad": t("stories.type.triad"),
    "slider": t("stories.type.slider"),
    "stones": t("stories.type.stones"),
    "choice": t("stories.type.choice"),
}
_keep("stories_question", list(questions))
question_id = top[1].selectbox(
    t("stories.question"),
    list(questions),
    key="stories_question",
    format_func=lambda q: f"{_label(questions[q])} · {KIND_LABELS.get(questions[q].kind, questions[q].kind)}",
)
question = questions[question_id]

# Codes of the stories: codings of their passages in one codebook.
codebooks = {cb.id: cb for cb in project.codebooks()}
with_suggestions = bool(ss.get("stories_suggestions", False))
if codebooks and ss.get("stories_codebook") not in codebooks:
    # the first codebook that has codings on stories, else the first
    used = [cid for cid in codebooks if any(_codes(project, location, cid, True, version).values())]
    ss["stories_codebook"] = (used or list(codebooks))[0]
codebook_id = ss.get("stories_codebook") if codebooks else None
codebook = codebooks.get(codebook_id) if codebook_id else None
all_codes = _codes(project, location, codebook_id, with_suggestions, version) if codebook_id else {}
codes = {s.id: all_codes.get(s.id, set()) for s in collection.stories}
code_names = {c.id: c.name for c in codebook.codes} if codebook else {}
colours = render.colours_of(codebook)
used_codes = sorted({c for cs in codes.values() for c in cs}, key=lambda c: code_names.get(c, c).casefold())

choice_questions = [q for q in collection.questions if isinstance(q, ChoiceQuestion)]
colour_options: list[str | None] = [None, *(q.id for q in choice_questions), *(f"{CODE_PREFIX}{c}" for c in used_codes)]


def _by_label(by: str | None) -> str:
    if by is None:
        return t("stories.colour_none")
    if by.startswith(CODE_PREFIX):
        code = by[len(CODE_PREFIX):]
        return t("stories.by_code", code=code_names.get(code, code))
    try:
        return _label(collection.question(by))
    except KeyError:
        return by


_keep("stories_colour", colour_options, COLLECTION_QUESTION if chosen == ALL else None)
colour_by = top[2].selectbox(t("stories.colour"), colour_options, key="stories_colour", format_func=_by_label)

item = None
if isinstance(question, StonesQuestion):
    items = [None, *question.item_ids()]
    _keep("stories_item", items)
    item = st.selectbox(
        t("stories.stone"), items, key="stories_item",
        format_func=lambda i: t("stories.all_stones") if i is None else question.item_label(i),
    )

# -- filters --------------------------------------------------------------------------------
where: dict[str, list[str]] = {}
with st.expander(t("stories.filters")):
    fcols = st.columns(max(1, min(4, len(choice_questions))))
    for i, q in enumerate(choice_questions):
        key = f"stories_where_{q.id}"
        _keep_many(key, list(q.options))
        values = fcols[i % len(fcols)].multiselect(q.label, list(q.options), key=key, placeholder=t("filter.all"))
        if values:
            where[q.id] = list(values)
    ccols = st.columns([2, 2, 1.4])
    if codebooks:
        ccols[0].selectbox(
            t("stories.codebook"), list(codebooks), key="stories_codebook", format_func=lambda c: codebooks[c].name,
        )
    _keep_many("stories_code_filter", used_codes)
    code_filter = ccols[1].multiselect(
        t("stories.code_filter"), used_codes, key="stories_code_filter",
        format_func=lambda c: code_names.get(c, c), placeholder=t("filter.all"),
        disabled=not used_codes,
    )
    ccols[2].toggle(t("stories.with_suggestions"), key="stories_suggestions", help=t("stories.with_suggestions_help"))
    if codebook_id and not used_codes:
        st.caption(t("stories.no_codes"))

pool = select_stories(collection, where, codes, code_filter or None)
pool_ids = [s.id for s in pool]
titles = {s.id: s.title for s in collection.stories}


# -- the figure: every dot is a story -----------------------------------------------------------
def _picked_ids(points: list[dict], traces: list[list[str]]) -> list[str]:
    """Story ids of the selected points: their customdata, else looked up by trace and index."""
    out: list[str] = []
    for p in points:
        data = p.get("customdata")
        if data is None:
            curve = p.get("curve_number", p.get("curveNumber"))
            index = p.get("point_index", p.get("pointIndex", p.get("point_number", p.get("pointNumber"))))
            if isinstance(curve, int) and isinstance(index, int) and curve < len(traces) and index < len(traces[curve]):
                data = traces[curve][index]
        if isinstance(data, list):
            data = data[0] if data else None
        if isinstance(data, str):
            out.extend(x for x in data.split(",") if x)  # a bar holds the ids of all its stories
    return list(dict.fromkeys(out))


def _on_select() -> None:
    selection = (ss.get(PLOT_KEY) or {}).get("selection") or {}
    ids = [i for i in _picked_ids(list(selection.get("points") or []), ss.get("stories_trace_ids", [])) if i in titles]
    if not ids:
        return
    if len(ids) == 1 and not isinstance(question, ChoiceQuestion):
        # dots often coincide (answers come in steps): offer every story drawn on that spot
        ids = stories_at_same_dot(collection, question_id, ids[0], pool_ids, item=item)
    ss["stories_picked"] = ids if len(ids) > 1 else []
    ss["stories_story"] = ids[0]


view = (chosen, question_id, item, tuple(sorted((k, tuple(v)) for k, v in where.items())), tuple(code_filter or ()))
if ss.get("stories_view") != view:  # another figure: a pick of dots in the previous one no longer applies
    ss["stories_view"] = view
    ss["stories_picked"] = []
picked = [i for i in ss.get("stories_picked") or [] if i in pool_ids]
story_options = picked or pool_ids
if ss.get("stories_story") not in story_options:
    ss["stories_story"] = None
selected = ss.get("stories_story")

left, right = st.columns([3, 2], gap="large")
with left:
    kwargs: dict[str, Any] = {"color_by": colour_by, "codes": codes, "where": where or None,
                              "code": code_filter or None, "lang": current_language()}
    if not isinstance(question, ChoiceQuestion):
        kwargs["highlight"] = selected
    if isinstance(question, StonesQuestion):
        kwargs["item"] = item
    try:
        fig = question_figure(collection, question_id, **kwargs)
    except ValueError as exc:
        st.warning(escape(error_text(exc)))
        fig = None
    if fig is not None:
        triad = isinstance(question, TriadQuestion)
        fig.update_layout(
            height=500 if triad else 480,
            legend={"title": {"text": _by_label(colour_by) if colour_by else ""}},
            # room for the corner labels of a triangle
            margin={"t": 90, "l": 90 if triad else 40, "r": 30, "b": 50},
        )
        ss["stories_trace_ids"] = [
            [str(x) for x in trace.customdata] if trace.customdata is not None else [] for trace in fig.data
        ]
        st.plotly_chart(fig, key=PLOT_KEY, on_select=_on_select, selection_mode="points", width="stretch")
        st.caption(t("stories.plot_hint"))

with right:
    if picked:
        st.caption(t("stories.picked", n=len(picked)))
        if st.button(t("stories.clear_pick"), key="stories_clear_pick"):
            ss["stories_picked"] = []
            st.rerun()
    story_id = st.selectbox(
        t("stories.story"), story_options, key="stories_story", index=None,
        format_func=lambda s: titles.get(s, s), placeholder=t("stories.choose_story"),
    )
    if story_id is None:
        st.info(t("stories.pick_hint", n=len(pool_ids)))
    else:
        story = collection.story(story_id)
        origin_id, _ = split_story_key(story_id)
        origin = by_id.get(origin_id)
        st.markdown(f"<h4 style='margin-bottom:0'>{escape(story.title)}</h4>", unsafe_allow_html=True)
        meta = [origin.name if origin else origin_id, origin.municipality if origin else None,
                t("stories.words", n=story.word_count)]
        st.caption(" · ".join(escape(m) for m in meta if m))
        try:
            found = story_codings(project, story_id, codebook_id) if codebook_id else []
        except KeyError:
            found = []
        marks = [
            Mark(sc.start, sc.end, sc.coding.code_id,
                 "coding" if CodingStatus(sc.coding.status) is CodingStatus.ACCEPTED else "evidence")
            for sc in found
        ]
        with st.container(height=320):
            st.markdown(
                render.passage_block(render.highlight(story.text, marks, colours, code_names), None, muted=False),
                unsafe_allow_html=True,
            )
        if found:
            chips = []
            for code_id in dict.fromkeys(sc.coding.code_id for sc in found):
                statuses = {CodingStatus(sc.coding.status) for sc in found if sc.coding.code_id == code_id}
                accepted = CodingStatus.ACCEPTED in statuses
                label = code_names.get(code_id, code_id) + ("" if accepted else f" ({t('stories.suggestion')})")
                chips.append(render.chip(label, colours.get(code_id, ""),
                                         title=t("status.accepted") if accepted else t("status.suggested")))
            st.markdown(f"**{t('stories.codes')}** " + " ".join(chips), unsafe_allow_html=True)
        elif codebook_id:
            st.caption(t("stories.no_story_codes"))
        # A static table wraps long answers (a dataframe cuts them off at the column's width).
        st.table(
            pd.DataFrame(
                [
                    {t("stories.col_question"): _label(q),
                     t("stories.col_answer"): format_answer(q, story.answers.get(q.id), current_language())}
                    for q in collection.questions
                    if q.id in story.answers or q.id == COLLECTION_QUESTION
                ]
            ).set_index(t("stories.col_question"))
        )

# -- two groups side by side ---------------------------------------------------------------------
st.divider()
st.subheader(t("stories.compare_title"))
st.caption(t("stories.compare_help"))
comparable = {q.id: q for q in comparable_questions(collection)}
if not comparable:
    st.info(t("stories.compare_none"))
    st.stop()
ccols = st.columns([2.2, 2, 2, 2])
_keep("cmp_question", list(comparable), question_id)
cmp_qid = ccols[0].selectbox(
    t("stories.question"), list(comparable), key="cmp_question", format_func=lambda q: _label(comparable[q]),
)
by_options = [q.id for q in choice_questions if q.id != cmp_qid] + [f"{CODE_PREFIX}{c}" for c in used_codes]
if not by_options:
    st.info(t("stories.compare_no_split"))
    st.stop()
default_by = next((q.id for q in choice_questions if q.classification and q.id != cmp_qid), by_options[0])
_keep("cmp_by", by_options, default_by)
by = ccols[1].selectbox(t("stories.compare_by"), by_options, key="cmp_by", format_func=_by_label)
values = [v for v in group_order(collection, by, codes) if v != UNKNOWN]
_keep_many("cmp_a", values)
group_a = ccols[2].multiselect(
    t("stories.group_a"), values, key="cmp_a", placeholder=t("stories.choose_values"),
    format_func=lambda v: shown_label(v, current_language()),
)
rest = [v for v in values if v not in group_a]
_keep("cmp_b", [OTHERS, *rest])
group_b = ccols[3].selectbox(
    t("stories.group_b"), [OTHERS, *rest], key="cmp_b",
    format_func=lambda v: t("stories.others") if v == OTHERS else shown_label(v, current_language()),
)
if not group_a:
    st.info(t("stories.compare_pick"))
    st.stop()

try:
    cmp_fig, comparison = compare_figure(
        collection, cmp_qid, by, list(group_a), None if group_b == OTHERS else group_b, codes=codes,
        where=where or None, highlight=selected, lang=current_language(),
    )
except ValueError as exc:
    st.warning(escape(error_text(exc)))
    st.stop()

cmp_fig.update_layout(height=520 if comparison.kind == "triad" else 420)
if comparison.kind == "triad":
    # two triangles: room between and beside them for the corner labels (titles follow their triangle)
    domains = ([0.05, 0.39], [0.55, 0.89])
    cmp_fig.update_layout(ternary_domain_x=domains[0], ternary2_domain_x=domains[1], margin={"l": 40, "r": 20})
    for annotation, (lo, hi) in zip(cmp_fig.layout.annotations[:2], domains):
        annotation.x = (lo + hi) / 2
st.plotly_chart(cmp_fig, key="stories_compare_plot", width="stretch")
m = st.columns(3)
label_a, label_b = (shown_label(x, current_language()) for x in (comparison.label_a, comparison.label_b))
m[0].metric(t("stories.n_group", group=label_a), comparison.n_a)
m[1].metric(t("stories.n_group", group=label_b), comparison.n_b)
p_value = comparison.p_value
p_text = "–" if p_value is None else ("< " + number(0.001, 3) if p_value < 0.001 else number(p_value, 3))
m[2].metric(t("stories.p_value"), p_text)
out_left, out_right = st.columns([2, 3], gap="large")
with out_left:
    if comparison.mean_a and comparison.mean_b:
        cmp_q = comparable[cmp_qid]

        def _fmt(x: float) -> str:
            return number(x, 2) if isinstance(cmp_q, SliderQuestion) else percent(x, 0)

        st.markdown(f"**{t('stories.means')}**")
        st.dataframe(
            [
                {t("stories.col_dimension"): dim, label_a: _fmt(a), label_b: _fmt(b)}
                for dim, a, b in zip(comparison.dimensions, comparison.mean_a, comparison.mean_b)
            ],
            hide_index=True, width="stretch", key="stories_means",
        )
with out_right:
    if comparison.too_few:
        st.warning(escape(comparison.verdict))
    else:
        st.info(escape(comparison.verdict))
        how = t("stories.exact") if comparison.exact else t("stories.permutations", n=comparison.n_permutations)
        st.caption(t("stories.test_note", how=how))
