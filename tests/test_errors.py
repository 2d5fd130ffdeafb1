"""The errors catalogue: keys translate at the edge, never raise, survive pickling."""

import pickle

from analysis.errors import MESSAGES, DuidingError, display_name, message, render


def test_error_carries_key_and_translates():
    err = DuidingError("general.file_empty", file="leeg.yaml")
    assert err.key == "general.file_empty"
    assert err.message("nl") == "leeg.yaml: het bestand is leeg."
    assert err.message("en") == "leeg.yaml: the file is empty."
    assert str(err) == "leeg.yaml: the file is empty."


def test_unknown_key_and_missing_parameter_never_raise():
    assert render("nope.key", {"a": 1}) == "nope.key: a=1"
    assert render("general.file_empty", {}) == "{file}: het bestand is leeg."


def test_every_message_has_dutch_and_english():
    for key, texts in MESSAGES.items():
        assert set(texts) == {"nl", "en"}, key


def test_foreign_exception_is_wrapped():
    assert message(ValueError("kapot"), "nl") == "Er ging iets mis: kapot"


def test_pickle_round_trip_keeps_key_and_params():
    err = DuidingError("store.no_project", location="x")
    back = pickle.loads(pickle.dumps(err))
    assert back.key == err.key and back.params == err.params and str(back) == str(err)


def test_display_name_hides_folders():
    assert display_name("/tmp/duiding-codebook-abc/leeg.yaml") == "leeg.yaml"
    assert display_name(None) == ""
