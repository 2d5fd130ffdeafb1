"""Verhalen on the English app: the figure's own words, the group comparison's verdict, its metrics and the
question the app adds itself ("Gemeente") are English; the stories behind them are the same as in Dutch."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests" / "ui") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))

from test_stories_page import (  # noqa: F401 - fixtures: the demo project's story collections
    APP,
    PAGE,
    _dots,
    _errors,
    _figure,
    collections,
    demo_template,
    project_dir,
    store,
)

from analysis.stories import compare_groups
from analysis.stories.coding import COLLECTION_QUESTION, combine_collections
from ui.safe import md


def _english(project_dir, monkeypatch):  # noqa: F811
    from streamlit.testing.v1 import AppTest

    # AppTest formats option labels outside the app's run, where there is no chosen language: English there too
    monkeypatch.setattr("ui.i18n.DEFAULT_LANGUAGE", "en")

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.radio(key="lang").set_value("en").run()
    at.switch_page(PAGE).run()
    assert not _errors(at), _errors(at)
    return at


def test_the_english_stories_page_has_no_dutch_of_its_own(project_dir, collections, monkeypatch):  # noqa: F811
    at = _english(project_dir, monkeypatch)
    assert at.title[0].value == "Stories"
    fig = _figure(at)
    subtitle = fig.layout.title.text.split("<br>", 1)[1]
    assert re.search(r"\d+ stories", subtitle) and "verhalen" not in subtitle
    colour = at.selectbox(key="stories_colour")
    assert colour.value == COLLECTION_QUESTION
    assert "Municipality" in colour.options and "Gemeente" not in colour.options
    at.selectbox(key="cmp_question").set_value("hoofdrol").run()
    at.selectbox(key="cmp_by").set_value("leeftijd").run()
    at.multiselect(key="cmp_a").set_value(["70+"]).run()
    assert not _errors(at), _errors(at)
    combined = combine_collections(list(collections.values()))
    dutch = compare_groups(combined, "hoofdrol", "leeftijd", ["70+"])
    english = compare_groups(combined, "hoofdrol", "leeftijd", ["70+"], lang="en")
    messages = [i.value for i in at.info] + [w.value for w in at.warning]
    assert md(english.verdict) in messages and md(dutch.verdict) not in messages
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["n other stories"] == str(dutch.n_b)
    p = metrics["p-value"] if "p-value" in metrics else next(v for k, v in metrics.items() if k.startswith("p"))
    assert "," not in p  # an English decimal point
    compare = _figure(at, 1)
    assert sorted(_dots(compare)) == sorted(dutch.ids_a + dutch.ids_b)
