"""Pages show the catalogue's Dutch text for errors a researcher causes (issue "errors"): the search box on the
Corpus page and the Zoekvragen page, not "Er ging iets mis: <English>" (AppTest)."""

from __future__ import annotations


def test_a_search_without_letters_is_explained_in_dutch(app):
    app.switch_page("views/corpus.py").run()
    app.text_input(key="kwic_query").input("???").run()
    assert not app.exception, [e.value for e in app.exception]
    warnings = [w.value for w in app.warning]
    assert any("geen letters of cijfers om naar te zoeken" in w for w in warnings), warnings
    assert not any("Er ging iets mis" in w or "has no letters" in w for w in warnings), warnings


def test_the_search_box_speaks_english_when_english_is_chosen(app):
    app.session_state["lang"] = "en"
    app.switch_page("views/corpus.py").run()
    app.text_input(key="kwic_query").input("???").run()
    warnings = [w.value for w in app.warning]
    assert any("has no letters or digits to look for" in w for w in warnings), warnings
