"""The note of "Meer zoals deze" says in Dutch why no sentence encoder answered (the encoder's own cause,
keyed), not the English text of the encoder's error."""

from __future__ import annotations

import html

import pytest


def _texts(at) -> str:
    return html.unescape(" ".join(x.value for x in [*at.caption, *at.info, *at.markdown]))


@pytest.mark.parametrize(
    ("spec", "dutch", "english"),
    [
        ("none", "zinsencoder uitgezet; Duiding gebruikt de lexicale methode", "switched off"),
        ("st:/bestaat/niet/e5-model", "de modelmap 'e5-model' bestaat niet", "folder not found"),
    ],
)
def test_the_no_encoder_note_gives_the_cause_in_dutch(monkeypatch, app, spec, dutch, english):
    monkeypatch.setenv("DUIDING_ENCODER", spec)
    app.toggle(key="semantic_like_show").set_value(True).run()
    assert not app.exception, [e.value for e in app.exception]
    text = _texts(app)
    assert "Er is geen zinsencoder ingesteld of beschikbaar" in text, text
    assert dutch in text and english not in text, text
