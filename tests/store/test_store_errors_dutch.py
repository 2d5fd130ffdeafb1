"""What the store says when a thing is gone: a keyed message, in Dutch on the pages, the same English as before
on the command line."""

from __future__ import annotations

import pytest
from team_builders import CODEBOOK

from analysis.errors import message
from analysis.store import StoreError


@pytest.mark.parametrize(
    ("call", "key", "dutch", "english"),
    [
        (lambda p: p.set_status(987654, "accepted", coder="x"), "store.no_coding", "Codering 987654 bestaat niet",
         "no coding with id 987654"),
        (lambda p: p.delete_memo(4321), "store.no_memo", "Memo 4321 bestaat niet", "no memo with id 4321"),
        (lambda p: p.update_source(555, name="x"), "store.no_source", "Bron 555 bestaat niet", "no source with id 555"),
        (lambda p: p.move_code(CODEBOOK.id, "bestaat-niet", None), "store.no_code",
         "heeft geen code 'bestaat-niet'", "has no code 'bestaat-niet'"),
    ],
)
def test_a_missing_thing_is_named_in_dutch_and_in_english(project, call, key, dutch, english):
    project.save_codebook(CODEBOOK)
    with pytest.raises(StoreError) as caught:
        call(project)
    assert caught.value.key == key
    assert dutch in message(caught.value, "nl")
    assert english in str(caught.value)
