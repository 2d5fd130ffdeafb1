"""Theme labels and keywords never hold a person's name (issue 12 point 4: a demo theme was labelled
"mohammed, blijf, paar specialist"). Names come from deduce's list of first names (read from its data files)
and from the speakers and participants of the fitted passages."""

from __future__ import annotations

import pytest

from analysis.privacy.names import contains_person_name, first_names
from analysis.themes import ThemeConfig, ThemeModel

from .conftest import THEMES, make_corpus

# A theme in which the same people are named in almost every passage, at the start of the sentence (where
# the capitalised-name rule cannot drop them) and in lower case, as automatic transcripts write them.
NAMED = {
    **THEMES,
    "specialist": [
        "Mohammed zei dat hij bij de specialist een paar weken moest blijven.",
        "mohammed vertelde dat de specialist hem doorverwees naar het ziekenhuis.",
        "Fatima wachtte op de specialist en de verwijzing van de huisarts.",
        "fatima en mohammed hadden allebei een afspraak bij de specialist.",
        "De specialist gaf Mohammed een verwijzing voor de fysiotherapeut.",
    ],
}
NAMES = ("mohammed", "fatima", "annemiek")


def test_first_names_come_from_the_name_list_and_spare_dutch_words():
    if not first_names():
        pytest.skip("deduce's name list is not installed")
    assert contains_person_name("mohammed") and contains_person_name("fatima wachten")
    for word in ("specialist", "wachtlijst", "mantelzorg", "wil", "buurthuis", "werkdruk"):
        assert not contains_person_name(word), word
    assert contains_person_name("gesprek met annemiek", {"annemiek"})  # a speaker's name, from the corpus


def test_theme_labels_and_keywords_hold_no_person_names():
    corpus = make_corpus(per_theme=14, seed=4, themes=NAMED)
    for p in corpus[::7]:
        p.speaker = "Annemiek (huisarts)"
        p.text += " Annemiek zei dat annemiek het ook zo zag."
    stages: list[str] = []
    model = ThemeModel(ThemeConfig(random_state=0, nr_topics=len(NAMED))).fit(
        corpus, progress=lambda key, _fraction: stages.append(key)
    )
    words = [w for topic in model.topics() for w in topic.words]
    assert any("specialist" in w for w in words)  # the named theme was found ...
    for topic in model.topics(include_outliers=True):
        shown = (topic.label + " " + " ".join(topic.words)).lower()
        assert not any(name in shown for name in NAMES), (topic.label, topic.words)  # ... without its names
    # the progress callback reports stage keys (the app words them), not Dutch labels
    assert stages[0] == "prepare" and stages[-1] == "done"
