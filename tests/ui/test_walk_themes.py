"""Thema's on the English app: the label the analysis stores for a topic without keywords ("(geen kernwoorden)")
is shown in the chosen language on the topic cards and in the lists of topics; Dutch stays Dutch."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests" / "ui") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))

from test_themes_page import PAGE, _errors, _html, _use, template  # noqa: F401 - template: the fixture
from test_walk_app import open_page


@pytest.fixture(scope="module")
def bare_topic_template(template, tmp_path_factory):  # noqa: F811
    """A copy of the themes test project with a stored model whose first topic has no keywords."""
    import shutil

    from analysis.store import Project
    from analysis.themes import ThemeConfig, fit_project, save_to_project
    from analysis.themes.model import NO_KEYWORDS

    location = tmp_path_factory.mktemp("themes-bare") / "proj"
    shutil.copytree(template, location)
    project = Project.open(location)
    try:
        model = fit_project(project, ThemeConfig(nr_topics=3, reducer="pca", random_state=5))
        first = model.topics()[0]
        first.label, first.keywords = NO_KEYWORDS, []
        save_to_project(project, model, "kaal thema")
    finally:
        project.close()
    return location, first.id


@pytest.mark.parametrize(("lang", "shown", "not_shown"), [("en", "(no keywords)", "(geen kernwoorden)"),
                                                          ("nl", "(geen kernwoorden)", "(no keywords)")])
def test_a_topic_without_keywords_is_labelled_in_the_chosen_language(
    bare_topic_template, tmp_path, monkeypatch, lang, shown, not_shown
):
    source, topic_id = bare_topic_template
    _use(source, tmp_path, monkeypatch)
    at = open_page(PAGE, lang, monkeypatch, timeout=240)
    assert not _errors(at), _errors(at)
    html = _html(at).replace("&#40;", "(").replace("&#41;", ")")  # the page escapes brackets for Markdown
    assert shown in html and not_shown not in html
    topic_pick = at.selectbox(key="themes_make_topic")
    assert f"{topic_id}: {shown}" in " ".join(topic_pick.options)
    assert not any(not_shown in o for o in topic_pick.options)
