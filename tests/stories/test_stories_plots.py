from __future__ import annotations

import numpy as np
import pytest

from analysis.stories import plots
from analysis.stories.importer import import_stories
from analysis.stories.model import Stone, StonesQuestion, is_na


def _story_points(fig):
    """(story id, trace) for every dot that is a story (traces with customdata)."""
    out = []
    for trace in fig.data:
        if trace.customdata is None:
            continue
        out.extend((str(cid), trace) for cid in trace.customdata)
    return out


@pytest.fixture
def demo(demo_dir):
    return import_stories(demo_dir / "lindewaard.csv", demo_dir / "questions.yaml").raise_for_errors()


def test_triad_figure_has_one_dot_per_story_with_its_id(demo):
    answered = [s for s in demo.stories if not is_na(s.answers["hoofdrol"])]
    fig = plots.triad_figure(demo, "hoofdrol", color_by="leeftijd", show_means=True)
    ids = [sid for sid, _ in _story_points(fig)]
    assert sorted(ids) == sorted(s.id for s in answered)
    assert len(ids) == len(set(ids))
    # each dot sits at its story's weights
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for sid, a, b, c in zip(trace.customdata, trace.a, trace.b, trace.c):
            assert (a, b, c) == pytest.approx(demo.story(sid).answers["hoofdrol"].weights)
    # coloured by classification: each trace holds one age group
    for sid, trace in _story_points(fig):
        assert trace.name.startswith(demo.story(sid).answers["leeftijd"])
    assert fig.layout.ternary.aaxis.title.text == "ik zelf"


def test_filter_and_colour_by_code(demo):
    fig = plots.triad_figure(demo, "hoofdrol", where={"leeftijd": "70+"})
    ids = {sid for sid, _ in _story_points(fig)}
    assert ids and all(demo.story(sid).answers["leeftijd"] == "70+" for sid in ids)

    codes = {"LW-01": ["wachttijden"], "LW-05": ["wachttijden", "bereikbaarheid"], "LW-03": ["buurthuis"]}
    by_code = plots.slider_figure(demo, "ervaring", color_by="code:wachttijden", codes=codes)
    groups = {}
    for sid, trace in _story_points(by_code):
        groups.setdefault(trace.name.split(" (")[0], set()).add(sid)
    assert groups["met code 'wachttijden'"] == {"LW-01", "LW-05"}
    assert len(groups["zonder code 'wachttijden'"]) == len(demo.stories) - 2
    only_coded = plots.triad_figure(demo, "opbrengst", codes=codes, code="buurthuis")
    assert [sid for sid, _ in _story_points(only_coded)] == ["LW-03"]


def test_slider_figure_positions(demo):
    fig = plots.slider_figure(demo, "duur", color_by="wet")
    seen = 0
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for sid, x in zip(trace.customdata, trace.x):
            assert x == pytest.approx(demo.story(sid).answers["duur"])
            seen += 1
    assert seen == sum(not is_na(s.answers["duur"]) for s in demo.stories)


def test_choice_bars_count_stories(demo):
    fig = plots.choice_figure(demo, "ondersteuning")
    (trace,) = fig.data
    assert sum(trace.y) == len(demo.stories)
    for option, ids in zip(trace.x, trace.customdata):
        assert all(demo.story(sid).answers["ondersteuning"] == option for sid in ids.split(",") if sid)
    shares = plots.choice_figure(demo, "ondersteuning", color_by="leeftijd", normalise=True)
    for t in shares.data:
        assert sum(t.y) == pytest.approx(1.0)


def test_compare_figure_shows_both_groups_and_the_verdict(demo):
    fig, comparison = plots.compare_figure(demo, "hoofdrol", "leeftijd", "70+")
    by_subplot = {}
    for trace in fig.data:
        if trace.customdata is not None:
            by_subplot.setdefault(trace.subplot, []).extend(trace.customdata)
    assert sorted(by_subplot["ternary"]) == sorted(comparison.ids_a)
    assert sorted(by_subplot["ternary2"]) == sorted(comparison.ids_b)
    assert all(demo.story(s).answers["leeftijd"] == "70+" for s in comparison.ids_a)
    assert comparison.verdict.split()[0] in fig.layout.annotations[-1].text


def test_stones_figure(questions):
    from analysis.stories.model import Story, StoryCollection

    q = StonesQuestion("plek", "Waar?", x_axis=("laag", "hoog"), y_axis=("weinig", "veel"), items=("Wonen", "Werk"))
    stories = [
        Story("s1", "A", "t", {"plek": (Stone("wonen", 0.1, 0.2), Stone("werk", 0.7, 0.9)), "leeftijd": "70+"}),
        Story("s2", "B", "t", {"plek": (Stone("wonen", 0.5, 0.5),), "leeftijd": "18-49"}),
    ]
    c = StoryCollection("c", "C", [*questions.questions, q], stories)
    all_items = plots.stones_figure(c, "plek")
    assert sorted(sid for sid, _ in _story_points(all_items)) == ["s1", "s1", "s2"]
    wonen = plots.stones_figure(c, "plek", item="wonen", color_by="leeftijd")
    pts = {
        sid: (t.x[list(t.customdata).index(sid)], t.y[list(t.customdata).index(sid)]) for sid, t in _story_points(wonen)
    }
    assert pts == {"s1": (0.1, 0.2), "s2": (0.5, 0.5)}
    with pytest.raises(ValueError, match="no item 'sport'"):
        plots.stones_figure(c, "plek", item="sport")


def test_figures_serialise(demo):
    for qid in ("hoofdrol", "duur", "ondersteuning"):
        fig = plots.question_figure(demo, qid, color_by="wet")
        assert fig.to_json()
    with pytest.raises(ValueError, match="free-text"):
        plots.question_figure(demo, "baas")
    assert np.isfinite(plots.compare_figure(demo, "duur", "wet", "Jeugdwet")[1].statistic)
