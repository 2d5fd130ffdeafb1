"""The command line's refusals speak Dutch with DUIDING_LANG=nl ("fout: ..."), English otherwise ("error: ...").

Its help, progress and results stay English; only what it refuses, and why, follows DUIDING_LANG.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run(monkeypatch: pytest.MonkeyPatch, lang: str | None, *args: object):
    if lang is None:
        monkeypatch.delenv("DUIDING_LANG", raising=False)
    else:
        monkeypatch.setenv("DUIDING_LANG", lang)
    monkeypatch.delenv("DUIDING_PROJECT", raising=False)
    return runner.invoke(app, [str(a) for a in args])


def _refusal(res) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output, res.output
    return " ".join(res.output.split())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    location = tmp_path / "p"
    Project.create(location).close()
    return location


def test_a_refusal_is_dutch_with_its_dutch_prefix_and_english_by_default(monkeypatch, project, tmp_path):
    args = ("themes", "export", "--project", project, "--format", "xml", "--out", tmp_path / "x")
    nl = _refusal(run(monkeypatch, "nl", *args))
    assert nl.startswith("fout: Onbekend formaat 'xml': kies csv of json"), nl
    assert "error" not in nl and "unknown format" not in nl
    en = _refusal(run(monkeypatch, None, *args))
    assert en.startswith("error: unknown format 'xml': use csv or json"), en
    assert _refusal(run(monkeypatch, "en", *args)) == en


def test_no_topic_models_yet_is_dutch(monkeypatch, project):
    nl = _refusal(run(monkeypatch, "nl", "themes", "show", "--project", project))
    assert nl.startswith("fout: Dit project heeft nog geen themamodellen") and "duiding themes fit" in nl, nl
    en = _refusal(run(monkeypatch, None, "themes", "show", "--project", project))
    assert "no topic models yet" in en


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (("matrix", "--codebook", "x", "--by", "gemeente", "--count", "woorden"),
         "--count: kies passages, participants of sources, niet 'woorden'",
         "--count: expected passages, participants or sources, not 'woorden'"),
        (("report", "compare", "--level", "alles"), "Onbekend --level 'alles': kies top of code",
         "unknown --level 'alles': use top or code"),
        (("report", "saturation", "--units", "zinnen"), "Onbekende --units 'zinnen': kies interviews of stories",
         "unknown --units 'zinnen': use interviews or stories"),
        (("report", "matrix", "--by", "wijk"), "Onbekende --by 'wijk': kies source of participant",
         "unknown --by 'wijk': use source or participant"),
    ],
)
def test_option_refusals_are_dutch(monkeypatch, project, args, dutch, english):
    nl = _refusal(run(monkeypatch, "nl", *args, "--project", project))
    assert nl.startswith(f"fout: {dutch}"), nl
    en = _refusal(run(monkeypatch, None, *args, "--project", project))
    assert en.startswith(f"error: {english}"), en


def test_an_analysis_option_error_reaches_the_command_line_in_dutch(monkeypatch):
    args = ("evaluate", "--codebook", ROOT / "codebooks" / "sociaal-domein.yaml",
            "--gold", ROOT / "corpora" / "demo" / "lindewaard" / "gold.csv", "--curve", "10", "--order", "zijwaarts")
    nl = _refusal(run(monkeypatch, "nl", *args))
    assert "fout: Onbekende volgorde(s) bij --order: zijwaarts. Kies uit active, document, random." in nl, nl
    en = _refusal(run(monkeypatch, None, *args))
    assert "error: unknown order(s) zijwaarts: choose from active, document, random" in en, en


def test_a_codebook_that_cannot_be_imported_has_the_dutch_prefix(monkeypatch, project, tmp_path):
    path = tmp_path / "leeg.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    nl = _refusal(run(monkeypatch, "nl", "codebook", "import", path, "--project", project))
    assert nl.startswith("fout: ") and "dit veld ontbreekt" in nl, nl
    en = _refusal(run(monkeypatch, None, "codebook", "import", path, "--project", project))
    assert en.startswith("error: ") and "required field is missing" in en, en


def test_a_missing_password_for_a_new_account_is_dutch(monkeypatch, project):
    monkeypatch.delenv("DUIDING_NEW_PASSWORD", raising=False)
    nl = _refusal(run(monkeypatch, "nl", "user", "add", "anna", "--role", "beheerder", "--project", project))
    assert "Voor het nieuwe account 'anna' is een wachtwoord nodig" in nl, nl


def test_a_wrong_learned_option_value_is_dutch(monkeypatch):
    """``--learned-option text_model=...`` reaches the learned coder, whose refusal is keyed."""
    args = ("evaluate", "--codebook", ROOT / "codebooks" / "sociaal-domein.yaml",
            "--gold", ROOT / "corpora" / "demo" / "lindewaard" / "gold.csv", "--folds", "2",
            "--learned-option", "threshold_rule=gok")
    nl = _refusal(run(monkeypatch, "nl", *args))
    assert "fout: Onbekende drempelregel 'gok' (threshold_rule). Kies oof of half_f1." in nl, nl
