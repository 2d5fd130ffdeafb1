"""Codeer op kop: a fresh template (every heading with empty brackets) previewed says what to fill in, in the
chosen language (it showed the analysis' English problem inside a Dutch sentence); a project with a stored
template opens on it (the demo stores one for this page)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tests" / "verslag"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from test_verslag_pages import project_dir  # noqa: F401 - the fixture: one verslag, codebook 'cb'

from analysis.coding.headings import HeadingRule, HeadingTemplate, save_template
from analysis.store import Project


def _page(lang: str = "nl"):
    from streamlit.testing.v1 import AppTest

    from ui import state

    state.open_project.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    if lang == "en":
        at.radio(key="lang").set_value("en").run()
    at.switch_page("views/headings.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("lang", "words"), [("nl", "Nog geen kop met een code"), ("en", "No heading has a code yet")])
def test_previewing_a_template_without_codes_says_what_to_fill_in(project_dir, lang, words):  # noqa: F811
    at = _page(lang)
    assert at.selectbox(key="verslag_stored").value is None  # no stored template: a new one
    at.button(key="verslag_preview").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    warnings = [w.value for w in at.warning]
    assert any(words in w for w in warnings), warnings
    assert not any("missing or empty" in w for w in warnings)


def test_the_page_opens_on_the_stored_template(project_dir):  # noqa: F811
    with Project.open(project_dir) as p:
        save_template(p, HeadingTemplate("wijkteams", "cb", [HeadingRule("Bereikbaarheid", ["toegang"])]))
    at = _page()
    assert at.selectbox(key="verslag_stored").value == "wijkteams"
    assert "Bereikbaarheid" in at.text_area(key="verslag_body_wijkteams").value
    at.button(key="verslag_preview").click().run()
    assert not at.exception and not at.error and not at.warning
    assert len(at.dataframe[-1].value) >= 1  # the stored rule finds its passage


def test_an_applied_template_shows_its_time_in_local_time(project_dir, monkeypatch):  # noqa: F811
    import time

    from analysis.coding.headings import apply, batches

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        with Project.open(project_dir) as p:
            apply(p, HeadingTemplate("wijkteams", "cb", [HeadingRule("Bereikbaarheid", ["toegang"])]), coder="tester")
            stored_at = batches(p)[0]["at"]
        from ui.format import local_time

        at = _page()
        lines = [m.value for m in at.markdown if "wijkteams" in m.value]
        assert lines and local_time(stored_at) in lines[0], lines
        assert str(stored_at)[:16] not in lines[0]  # not the stored UTC time (Amsterdam is an hour or two ahead)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
