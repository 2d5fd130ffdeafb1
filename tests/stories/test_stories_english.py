"""The story figures and the comparison verdict in the reader's language: on the English app the figure's own
words and the verdict were Dutch ("121 verhalen · 6 niet van toepassing", "Geen aantoonbaar verschil")."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_stories_stats import _slider_collection

from analysis.stories import plots
from analysis.stories.importer import import_stories
from analysis.stories.model import is_na
from analysis.stories.stats import compare_groups

DUTCH = re.compile(r"\b(verhalen|niet van toepassing|gemiddelde|aandeel|verschil|toeval|groep|overige|onbekend)\b", re.IGNORECASE)


@pytest.fixture
def demo(demo_dir):
    return import_stories(demo_dir / "lindewaard.csv", demo_dir / "questions.yaml").raise_for_errors()


def _own_words(fig) -> list[str]:
    """The figure's title line under the question, trace names and axis titles: words the figure makes itself."""
    words = [fig.layout.title.text.split("<br>", 1)[-1]]
    words += [t.name for t in fig.data if t.name]
    for axis in ("xaxis", "yaxis"):
        title = getattr(fig.layout, axis).title.text
        if title:
            words.append(title)
    return words


def test_the_triad_figure_speaks_english_and_dutch_by_default(demo):
    dutch = plots.triad_figure(demo, "hoofdrol", show_means=True)
    assert re.search(r"\d+ verhalen", dutch.layout.title.text)
    assert any(t.name.startswith("gemiddelde alle verhalen") for t in dutch.data)
    english = plots.triad_figure(demo, "hoofdrol", show_means=True, lang="en")
    assert re.search(r"\d+ stories", english.layout.title.text)
    assert any(t.name.startswith("mean all stories") for t in english.data)
    assert not any(DUTCH.search(w) for w in _own_words(english)), _own_words(english)
    # the stories behind the dots are the same in both languages
    assert [list(t.customdata) for t in english.data if t.customdata is not None] == [
        list(t.customdata) for t in dutch.data if t.customdata is not None
    ]


def test_slider_and_choice_figures_in_english(demo):
    slider = plots.slider_figure(demo, "duur", lang="en")
    assert not any(DUTCH.search(w) for w in _own_words(slider)), _own_words(slider)
    assert "all stories" in slider.layout.yaxis.ticktext
    bars = plots.choice_figure(demo, "ondersteuning", color_by="leeftijd", lang="en")
    assert bars.layout.yaxis.title.text == "number of stories"
    assert plots.choice_figure(demo, "ondersteuning", normalise=True, lang="en").layout.yaxis.title.text == "share"


def test_the_comparison_verdict_and_figure_in_english(demo):
    fig, comparison = plots.compare_figure(demo, "hoofdrol", "leeftijd", "70+", lang="en")
    assert not DUTCH.search(comparison.verdict), comparison.verdict
    assert "p " in comparison.verdict and not re.search(r"\d,\d", comparison.verdict)  # an English decimal point
    assert comparison.verdict in fig.layout.annotations[-1].text.replace("<br>", " ")
    assert [a.text for a in fig.layout.annotations[:2]][1].startswith("other stories (n=")
    _, dutch = plots.compare_figure(demo, "hoofdrol", "leeftijd", "70+")
    assert (comparison.p_value, comparison.n_a, comparison.n_b) == (dutch.p_value, dutch.n_a, dutch.n_b)
    assert comparison.label_b == dutch.label_b == "overige verhalen"  # stored labels stay as they were


def test_every_verdict_sentence_has_an_english_text():
    rng = np.random.default_rng(0)
    clear = compare_groups(_slider_collection(list(rng.uniform(0, 0.4, 15)), list(rng.uniform(0.6, 1, 15))),
                           "duur", "groep", "a", "b", lang="en")
    assert "This difference is clear" in clear.verdict and "'kort' (0) – 'blijvend' (1)" in clear.verdict
    same = list(rng.uniform(0, 1, 14))
    none = compare_groups(_slider_collection(same, list(reversed(same))), "duur", "groep", "a", lang="en")
    assert none.verdict.startswith("Mean on the scale") and "No demonstrable difference" in none.verdict
    few = compare_groups(_slider_collection([0.1] * 9, [0.9] * 30), "duur", "groep", "a", lang="en")
    assert few.verdict.startswith("Too few stories to say anything") and "n=9" in few.verdict
    assert "As an indication: mean on the scale" in few.verdict
    triad = compare_groups(_slider_collection([0.1] * 15, [0.9] * 15), "rol", "groep", "a", lang="en")
    assert "places the dot more towards 'ik zelf'" in triad.verdict


def test_a_story_answer_reads_in_english(demo):
    from analysis.stories.coding import format_answer

    duur = demo.question("duur")
    story = next(s for s in demo.stories if not is_na(s.answers.get("duur")))
    value = float(story.answers["duur"])
    assert format_answer(duur, value, "en").startswith(f"{value:.2f} (")
    assert format_answer(duur, value).startswith(f"{value:.2f}".replace(".", ",") + " (")
    assert format_answer(duur, None, "en") == "not applicable"
    assert format_answer(duur, None) == "niet van toepassing"
