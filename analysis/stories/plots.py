"""Plotly figures for story collections: every dot is a story.

Each story dot carries ``customdata`` = the story id (one id per point), so a UI
can show the story beside the plot when a dot is selected; the hover text is the
story title. Traces that are not story dots (group means) have no customdata.

Common keyword arguments:

* ``color_by``: a choice/classification question id, ``"code:<id>"`` or ``"code"``
  (see :mod:`analysis.stories.groups`); one trace per group.
* ``codes``: mapping story id -> codes, needed for code colouring and filtering.
* ``where``: filter, question id -> accepted option(s); ``code``: keep stories
  with (one of) these codes.
* ``highlight``: a story id to 'follow' (drawn bigger, with a dark outline).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.stories.groups import (
    NO_CODE,
    UNKNOWN,
    Codes,
    StoryGroupError,
    describe_filter,
    group_order,
    select_stories,
    shown_label,
    split_groups,
    story_labels,
)
from analysis.stories.model import (
    ChoiceQuestion,
    SliderQuestion,
    StonesQuestion,
    Story,
    StoryCollection,
    TriadQuestion,
    is_na,
)
from analysis.stories.stats import MIN_GROUP_SIZE, GroupComparison, compare_stories

PALETTE = (
    "#1b6ca8",
    "#e07b39",
    "#3a9d5d",
    "#b8336a",
    "#7b5ea7",
    "#c9a227",
    "#2aa1a6",
    "#8c564b",
    "#d64541",
    "#5d6d7e",
)
GREY = "#a0a0a0"
ALL_STORIES = "alle verhalen"
# The figure's own words (its data, the questions and answers, stay as the collection has them).
_WORDS = {
    "nl": {"stories": "{n} verhalen", "na": "{n} niet van toepassing", "filter": "filter: {f}", "mean": "gemiddelde {label}",
           "share": "aandeel", "count": "aantal verhalen"},
    "en": {"stories": "{n} stories", "na": "{n} not applicable", "filter": "filter: {f}", "mean": "mean {label}",
           "share": "share", "count": "number of stories"},
}
DOT_SIZE = 9
HIGHLIGHT_SIZE = 16


def _pool(
    collection: StoryCollection,
    where: Mapping[str, Any] | None,
    codes: Codes | None,
    code: str | Iterable[str] | None,
    stories: Iterable[Story] | None,
) -> list[Story]:
    if stories is not None:
        ids = {s.id for s in select_stories(collection, where, codes, code)}
        return [s for s in stories if s.id in ids]
    return select_stories(collection, where, codes, code)


def _groups(
    collection: StoryCollection, pool: list[Story], color_by: str | None, codes: Codes | None
) -> list[tuple[str, list[Story]]]:
    """(label, stories) per colour group in a stable order; empty groups left out."""
    if color_by is None:
        return [(ALL_STORIES, pool)] if pool else []
    labels = story_labels(collection, color_by, codes)
    order = group_order(collection, color_by, codes)
    extra = sorted({labels[s.id] for s in pool} - set(order))
    out = []
    for label in [*order[:-1], *extra, order[-1]]:
        members = [s for s in pool if labels[s.id] == label]
        if members:
            out.append((label, members))
    return out


def _colour(label: str, i: int) -> str:
    return GREY if label in (UNKNOWN, NO_CODE) else PALETTE[i % len(PALETTE)]


def _marker(stories: list[Story], colour: str, highlight: str | None) -> dict[str, Any]:
    sizes = [HIGHLIGHT_SIZE if s.id == highlight else DOT_SIZE for s in stories]
    widths = [2.5 if s.id == highlight else 0.5 for s in stories]
    return {"color": colour, "size": sizes, "opacity": 0.85, "line": {"color": "#222222", "width": widths}}


def _w(key: str, lang: str, **params: Any) -> str:
    return _WORDS.get(lang, _WORDS["nl"])[key].format(**params)


def _title(text: str, n_shown: int, n_na: int, filt: str, lang: str = "nl") -> str:
    bits = [_w("stories", lang, n=n_shown)]
    if n_na:
        bits.append(_w("na", lang, n=n_na))
    if filt:
        bits.append(_w("filter", lang, f=filt))
    return f"{text}<br><sup>{' · '.join(bits)}</sup>"


def _answered(pool: list[Story], qid: str) -> tuple[list[Story], int]:
    given = [s for s in pool if not is_na(s.answers.get(qid))]
    return given, len(pool) - len(given)


def _question(collection: StoryCollection, question_id: str, cls: type, what: str) -> Any:
    q = collection.question(question_id)
    if not isinstance(q, cls):
        raise StoryGroupError("stories.plot_wrong_kind", question=question_id, kind=q.kind, what=what)
    return q


def _ternary_layout(q: TriadQuestion) -> dict[str, Any]:
    axis = {"min": 0, "ticks": "", "showticklabels": False, "linewidth": 1, "gridcolor": "#e6e6e6"}
    return {
        "sum": 1,
        "aaxis": {**axis, "title": {"text": q.corners[0]}},
        "baxis": {**axis, "title": {"text": q.corners[1]}},
        "caxis": {**axis, "title": {"text": q.corners[2]}},
    }


def _triad_trace(
    stories: list[Story], q: TriadQuestion, label: str, colour: str, highlight: str | None, lang: str = "nl", **kw: Any
) -> go.Scatterternary:
    weights = np.array([s.answers[q.id].weights for s in stories], dtype=float).reshape(-1, 3)
    return go.Scatterternary(
        a=weights[:, 0],
        b=weights[:, 1],
        c=weights[:, 2],
        mode="markers",
        name=f"{shown_label(label, lang)} ({len(stories)})",
        customdata=[s.id for s in stories],
        hovertext=[s.title for s in stories],
        hovertemplate="<b>%{hovertext}</b><br>"
        + f"{q.corners[0]}: %{{a:.0%}}<br>{q.corners[1]}: %{{b:.0%}}<br>{q.corners[2]}: %{{c:.0%}}"
        + "<extra>%{customdata}</extra>",
        marker=_marker(stories, colour, highlight),
        **kw,
    )


def _mean_ternary(
    stories: list[Story], q: TriadQuestion, label: str, colour: str, lang: str = "nl", **kw: Any
) -> go.Scatterternary:
    m = np.mean([s.answers[q.id].weights for s in stories], axis=0)
    mean = _w("mean", lang, label=shown_label(label, lang))
    return go.Scatterternary(
        a=[m[0]],
        b=[m[1]],
        c=[m[2]],
        mode="markers",
        name=mean,
        marker={"symbol": "x", "size": 14, "color": colour, "line": {"color": "#000000", "width": 1}},
        hovertemplate=f"{mean}<br>{q.corners[0]}: %{{a:.0%}}<br>{q.corners[1]}: %{{b:.0%}}"
        f"<br>{q.corners[2]}: %{{c:.0%}}<extra></extra>",
        **kw,
    )


def triad_figure(
    collection: StoryCollection,
    question_id: str,
    color_by: str | None = None,
    codes: Codes | None = None,
    where: Mapping[str, Any] | None = None,
    code: str | Iterable[str] | None = None,
    stories: Iterable[Story] | None = None,
    highlight: str | None = None,
    show_means: bool = False,
    title: str | None = None,
    lang: str = "nl",
) -> go.Figure:
    """Ternary dot plot of a triad question (plotly ``scatterternary``)."""
    q = _question(collection, question_id, TriadQuestion, "triad")
    pool = _pool(collection, where, codes, code, stories)
    given, n_na = _answered(pool, q.id)
    fig = go.Figure()
    for i, (label, members) in enumerate(_groups(collection, given, color_by, codes)):
        colour = _colour(label, i)
        fig.add_trace(_triad_trace(members, q, label, colour, highlight, lang, legendgroup=label))
        if show_means:
            fig.add_trace(_mean_ternary(members, q, label, colour, lang, legendgroup=label, showlegend=False))
    fig.update_layout(
        ternary=_ternary_layout(q),
        title=_title(title or q.label, len(given), n_na, describe_filter(where, code), lang),
        legend={"title": {"text": color_by or ""}},
        clickmode="event+select",
    )
    return fig


def _jitter(n: int, seed: int, width: float = 0.28) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-width, width, size=n)


def slider_figure(
    collection: StoryCollection,
    question_id: str,
    color_by: str | None = None,
    codes: Codes | None = None,
    where: Mapping[str, Any] | None = None,
    code: str | Iterable[str] | None = None,
    stories: Iterable[Story] | None = None,
    highlight: str | None = None,
    show_means: bool = True,
    title: str | None = None,
    seed: int = 0,
    lang: str = "nl",
) -> go.Figure:
    """Strip plot of a slider/dyad question: one row per group, dots jittered vertically."""
    q = _question(collection, question_id, SliderQuestion, "slider")
    pool = _pool(collection, where, codes, code, stories)
    given, n_na = _answered(pool, q.id)
    groups = _groups(collection, given, color_by, codes)
    fig = go.Figure()
    ticks = []
    for i, (label, members) in enumerate(groups):
        row = len(groups) - 1 - i  # first group on top
        colour = _colour(label, i)
        x = [float(s.answers[q.id]) for s in members]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=row + _jitter(len(members), seed + i),
                mode="markers",
                name=f"{shown_label(label, lang)} ({len(members)})",
                customdata=[s.id for s in members],
                hovertext=[s.title for s in members],
                hovertemplate="<b>%{hovertext}</b><br>%{x:.2f}<extra>%{customdata}</extra>",
                marker=_marker(members, colour, highlight),
                legendgroup=label,
            )
        )
        if show_means:
            fig.add_trace(
                go.Scatter(
                    x=[float(np.mean(x))],
                    y=[row],
                    mode="markers",
                    name=_w("mean", lang, label=shown_label(label, lang)),
                    marker={"symbol": "line-ns", "size": 30, "line": {"color": colour, "width": 3}},
                    hovertemplate=_w("mean", lang, label=shown_label(label, lang)) + ": %{x:.2f}<extra></extra>",
                    legendgroup=label,
                    showlegend=False,
                )
            )
        ticks.append((row, shown_label(label, lang)))
    fig.update_layout(
        title=_title(title or q.label, len(given), n_na, describe_filter(where, code), lang),
        xaxis={
            "range": [-0.03, 1.03],
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "ticktext": [q.poles[0], "", "", "", q.poles[1]],
            "zeroline": False,
        },
        yaxis={
            "tickvals": [t for t, _ in ticks],
            "ticktext": [lbl for _, lbl in ticks],
            "range": [-0.6, max(len(groups), 1) - 0.4],
        },
        legend={"title": {"text": color_by or ""}},
        clickmode="event+select",
    )
    return fig


def stones_figure(
    collection: StoryCollection,
    question_id: str,
    item: str | None = None,
    color_by: str | None = None,
    codes: Codes | None = None,
    where: Mapping[str, Any] | None = None,
    code: str | Iterable[str] | None = None,
    stories: Iterable[Story] | None = None,
    highlight: str | None = None,
    title: str | None = None,
    lang: str = "nl",
) -> go.Figure:
    """Stones canvas. Without ``item``: one trace per stone (a dot per story per placed stone);
    with ``item``: only that stone, one dot per story, coloured by ``color_by``."""
    q = _question(collection, question_id, StonesQuestion, "stones")
    if item is not None and item not in q.item_ids():
        raise StoryGroupError("stories.plot_no_item", question=q.id, item=item, items=", ".join(q.item_ids()))
    pool = _pool(collection, where, codes, code, stories)
    placed = {s.id: {st.item: st for st in s.answers.get(q.id) or ()} for s in pool}
    fig = go.Figure()

    def add(members: list[Story], iid: str, name: str, colour: str, symbol: int) -> None:
        pts = [placed[s.id][iid] for s in members]
        fig.add_trace(
            go.Scatter(
                x=[p.x for p in pts],
                y=[p.y for p in pts],
                mode="markers",
                name=f"{name} ({len(members)})",
                customdata=[s.id for s in members],
                hovertext=[f"{s.title} — {q.item_label(iid)}" for s in members],
                hovertemplate="<b>%{hovertext}</b><extra>%{customdata}</extra>",
                marker={**_marker(members, colour, highlight), "symbol": symbol},
            )
        )

    items = [item] if item is not None else q.item_ids()
    shown = 0
    for k, iid in enumerate(items):
        with_item = [s for s in pool if iid in placed[s.id]]
        shown += len(with_item)
        if item is None and color_by is None:
            add(with_item, iid, q.item_label(iid), PALETTE[k % len(PALETTE)], k)
            continue
        for i, (label, members) in enumerate(_groups(collection, with_item, color_by, codes)):
            group = shown_label(label, lang)
            name = group if item is not None else f"{q.item_label(iid)} — {group}"
            add(members, iid, name, _colour(label, i), k)
    fig.update_layout(
        title=_title(title or q.label, shown, 0, describe_filter(where, code), lang),
        xaxis={"range": [0, 1], "title": {"text": f"{q.x_axis[0]} → {q.x_axis[1]}"}, "showticklabels": False},
        yaxis={"range": [0, 1], "title": {"text": f"{q.y_axis[0]} → {q.y_axis[1]}"}, "showticklabels": False},
        clickmode="event+select",
    )
    return fig


def choice_figure(
    collection: StoryCollection,
    question_id: str,
    color_by: str | None = None,
    codes: Codes | None = None,
    where: Mapping[str, Any] | None = None,
    code: str | Iterable[str] | None = None,
    stories: Iterable[Story] | None = None,
    normalise: bool = False,
    title: str | None = None,
    lang: str = "nl",
) -> go.Figure:
    """Bars of a choice or classification question; ``normalise`` shows shares within each group.

    Each bar's customdata holds the ids of its stories, joined by ','.
    """
    q = _question(collection, question_id, ChoiceQuestion, "choice")
    pool = _pool(collection, where, codes, code, stories)
    given, n_na = _answered(pool, q.id)
    fig = go.Figure()
    for i, (label, members) in enumerate(_groups(collection, given, color_by, codes)):
        counts, ids = [], []
        for option in q.options:
            chosen = [s for s in members if option in (a if isinstance(a := s.answers[q.id], tuple) else (a,))]
            counts.append(len(chosen) / len(members) if normalise else len(chosen))
            ids.append(",".join(s.id for s in chosen))
        fig.add_trace(
            go.Bar(
                x=list(q.options),
                y=counts,
                name=f"{shown_label(label, lang)} ({len(members)})",
                marker={"color": _colour(label, i)},
                customdata=ids,
                hovertemplate="%{x}: %{y" + (":.0%" if normalise else "") + "}<extra>" + shown_label(label, lang)
                + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        title=_title(title or q.label, len(given), n_na, describe_filter(where, code), lang),
        yaxis={
            "title": {"text": _w("share" if normalise else "count", lang)},
            "tickformat": ".0%" if normalise else "",
        },
        legend={"title": {"text": color_by or ""}},
    )
    return fig


def question_figure(collection: StoryCollection, question_id: str, **kwargs: Any) -> go.Figure:
    """The default figure for any non-text question."""
    q = collection.question(question_id)
    if isinstance(q, TriadQuestion):
        return triad_figure(collection, question_id, **kwargs)
    if isinstance(q, SliderQuestion):
        return slider_figure(collection, question_id, **kwargs)
    if isinstance(q, StonesQuestion):
        return stones_figure(collection, question_id, **kwargs)
    if isinstance(q, ChoiceQuestion):
        kwargs.pop("highlight", None)
        return choice_figure(collection, question_id, **kwargs)
    raise StoryGroupError("stories.plot_free_text", question=question_id)


def compare_figure(
    collection: StoryCollection,
    question_id: str,
    by: str,
    a: str | Iterable[str] | None,
    b: str | Iterable[str] | None = None,
    codes: Codes | None = None,
    where: Mapping[str, Any] | None = None,
    highlight: str | None = None,
    n_permutations: int = 5000,
    seed: int = 0,
    min_n: int = MIN_GROUP_SIZE,
    lang: str = "nl",
) -> tuple[go.Figure, GroupComparison]:
    """Two groups side by side (triad: two triangles; slider: two panels; choice: shares)
    with their means and the permutation-test verdict underneath."""
    q = collection.question(question_id)
    pool = select_stories(collection, where, codes)
    group_a, group_b, label_a, label_b = split_groups(collection, by, a, b, codes, pool)
    comparison = compare_stories(
        collection, question_id, group_a, group_b, label_a, label_b, n_permutations, seed, min_n, lang=lang
    )
    groups = [
        (label_a, [s for s in group_a if not is_na(s.answers.get(q.id))]),
        (label_b, [s for s in group_b if not is_na(s.answers.get(q.id))]),
    ]
    titles = [f"{shown_label(lbl, lang)} (n={len(m)})" for lbl, m in groups]
    if isinstance(q, TriadQuestion):
        fig = make_subplots(rows=1, cols=2, specs=[[{"type": "ternary"}, {"type": "ternary"}]], subplot_titles=titles)
        for col, (label, members) in enumerate(groups, start=1):
            colour = PALETTE[col - 1]
            if members:
                fig.add_trace(_triad_trace(members, q, label, colour, highlight, lang), row=1, col=col)
                fig.add_trace(_mean_ternary(members, q, label, colour, lang), row=1, col=col)
        layout = _ternary_layout(q)
        fig.update_layout(ternary=layout, ternary2=layout)
    elif isinstance(q, SliderQuestion):
        fig = make_subplots(rows=1, cols=2, shared_yaxes=True, subplot_titles=titles)
        for col, (label, members) in enumerate(groups, start=1):
            colour = PALETTE[col - 1]
            x = [float(s.answers[q.id]) for s in members]
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=_jitter(len(members), seed + col),
                    mode="markers",
                    name=f"{shown_label(label, lang)} ({len(members)})",
                    customdata=[s.id for s in members],
                    hovertext=[s.title for s in members],
                    hovertemplate="<b>%{hovertext}</b><br>%{x:.2f}<extra>%{customdata}</extra>",
                    marker=_marker(members, colour, highlight),
                ),
                row=1,
                col=col,
            )
            if members:
                fig.add_trace(
                    go.Scatter(
                        x=[float(np.mean(x))],
                        y=[0],
                        mode="markers",
                        name=_w("mean", lang, label=shown_label(label, lang)),
                        marker={"symbol": "line-ns", "size": 40, "line": {"color": colour, "width": 3}},
                        hovertemplate=_w("mean", lang, label=shown_label(label, lang)) + ": %{x:.2f}<extra></extra>",
                        showlegend=False,
                    ),
                    row=1,
                    col=col,
                )
        fig.update_xaxes(range=[-0.03, 1.03], tickvals=[0, 0.5, 1], ticktext=[q.poles[0], "", q.poles[1]])
        fig.update_yaxes(visible=False, range=[-0.6, 0.6])
    elif isinstance(q, ChoiceQuestion):
        fig = go.Figure()
        for col, (label, members) in enumerate(groups):
            shares, ids = [], []
            for option in q.options:
                chosen = [s for s in members if s.answers[q.id] == option]
                shares.append(len(chosen) / len(members) if members else 0.0)
                ids.append(",".join(s.id for s in chosen))
            fig.add_trace(
                go.Bar(
                    x=list(q.options),
                    y=shares,
                    name=f"{shown_label(label, lang)} (n={len(members)})",
                    marker={"color": PALETTE[col]},
                    customdata=ids,
                )
            )
        fig.update_layout(barmode="group", yaxis={"tickformat": ".0%", "title": {"text": _w("share", lang)}})
    else:
        raise StoryGroupError("stories.plot_not_comparable", question=question_id, kind=q.kind)
    wrapped = "<br>".join(textwrap.wrap(comparison.verdict, 110))
    fig.update_layout(
        title={"text": q.label},
        margin={"b": 40 + 18 * (wrapped.count("<br>") + 1)},
        clickmode="event+select",
    )
    fig.add_annotation(
        text=wrapped,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=-0.08,
        xanchor="center",
        yanchor="top",
        align="left",
    )
    return fig, comparison
