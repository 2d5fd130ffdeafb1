"""A bad manifest stores nothing; rows naming missing files are reported (issue 14, point 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.store import Project

runner = CliRunner()


def _run(*args) -> object:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews"
    folder.mkdir()
    for name in ("els.txt", "piet.txt"):
        (folder / name).write_text(f"I: Hoe ging het met {name}?\n\nR: De wijkcoach hielp ons goed.\n", encoding="utf-8")
    return folder


def _sources(tmp_path: Path) -> list:
    with Project.open(tmp_path / "p") as p:
        return p.sources(with_text=False)


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ("naam,gemeente\nels.txt,Lindewaard\n", ["eerste regel", "geen kolom 'file'", "'naam'", "niets geïmporteerd"]),
        ("file,municipality\nels.txt,Lindewaard\npiet.txt,Lindewaard,extra\n", ["rij 3", "3 waarden", "2 kolommen"]),
        ("file,kind\nels.txt,podcast\n", ["rij 2", "onbekende bronsoort 'podcast'"]),
    ],
)
def test_a_bad_manifest_stores_nothing_and_says_where(tmp_path, manifest, expected):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    _run("init", tmp_path / "p")
    res = _run("ingest", "-p", tmp_path / "p", folder)
    assert res.exit_code == 1
    for text in expected:
        assert text in res.output, res.output
    assert "manifest.csv" in res.output
    assert _sources(tmp_path) == []
    # fixed, a rerun imports the files with their metadata (nothing half-applied to skip as a duplicate)
    (folder / "manifest.csv").write_text("file,municipality\nels.txt,Lindewaard\npiet.txt,Lindewaard\n", encoding="utf-8")
    assert _run("ingest", "-p", tmp_path / "p", folder).exit_code == 0
    assert [s.municipality for s in _sources(tmp_path)] == ["Lindewaard", "Lindewaard"]


def test_a_missing_manifest_stores_nothing(tmp_path):
    folder = _folder(tmp_path)
    _run("init", tmp_path / "p")
    res = _run("ingest", "-p", tmp_path / "p", "--manifest", tmp_path / "bestaat-niet.csv", folder)
    assert res.exit_code == 1
    assert "bestaat-niet.csv" in res.output and "niets geïmporteerd" in res.output
    assert _sources(tmp_path) == []


def test_a_row_naming_a_missing_file_is_reported(tmp_path):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_text(
        "file,municipality\nels.txt,Lindewaard\nintervew7.txt,Lindewaard\npiet.txt,Lindewaard\n", encoding="utf-8"
    )
    _run("init", tmp_path / "p")
    res = _run("ingest", "-p", tmp_path / "p", folder)
    assert res.exit_code == 2, res.output
    assert "rij 3" in res.output and "intervew7.txt" in res.output and "bestaat niet" in res.output
    assert len(_sources(tmp_path)) == 2
