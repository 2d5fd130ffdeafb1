"""Refused writes print one Dutch line, not a traceback; an interrupted auto-coding run leaves a mark
(issue 14, point 10). Runs the real console-script entry point in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from team_builders import CODEBOOK, add_source

from analysis.accounts import add_user
from analysis.domain import Code, Codebook
from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]
PASSWORDS = {"anna": "anna-wachtwoord-lang", "carla": "carla-wachtwoord-lang"}


def _duiding(*args, user: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DUIDING_USER": user, "DUIDING_PASSWORD": PASSWORDS[user], "PYTHONPATH": str(ROOT)}
    env.pop("DUIDING_PROJECT", None)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from analysis.cli import main; sys.argv[0] = 'duiding'; main()", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=600, cwd=str(ROOT), check=False,
    )


@pytest.fixture
def team_project(tmp_path) -> Path:
    location = tmp_path / "p"
    with Project.create(location) as p:
        p.save_codebook(Codebook("wmo", "Wmo", codes=[Code("toegang", "Toegang", keywords=["loket"])]))
        add_source(p, ["Ik belde het loket maar niemand nam op.", "De wijkcoach hielp ons goed."])
        add_user(p, "anna", PASSWORDS["anna"], "beheerder")
        add_user(p, "carla", PASSWORDS["carla"], "lezer")
    return location


def _one_line_refusal(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == 1, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("Geweigerd: ") and "lezer" in lines[0], lines[0]
    return lines[0]


def test_a_lezer_importing_a_codebook_gets_one_dutch_line(team_project, tmp_path):
    from analysis.codebook import dump_codebook

    yaml = dump_codebook(CODEBOOK, tmp_path / "wmo2.yaml")
    line = _one_line_refusal(_duiding("codebook", "import", "-p", team_project, yaml, user="carla"))
    assert "het codeboek wijzigen" in line


def test_a_lezer_running_code_auto_gets_one_dutch_line_and_leaves_no_run(team_project):
    line = _one_line_refusal(_duiding("code", "auto", "-p", team_project, "--codebook", "wmo", "--no-progress", user="carla"))
    assert "coderen" in line
    with Project.open(team_project, user="anna", password=PASSWORDS["anna"]) as p:
        assert p.codings() == [] and p.audit_log(entity="autocode") == []


def test_a_lezer_importing_a_qdpx_gets_one_dutch_line(team_project, tmp_path):
    qdpx = tmp_path / "export.qdpx"
    res = _duiding("refi", "export", "-p", team_project, qdpx, user="anna")
    assert res.returncode == 0, res.stderr
    _one_line_refusal(_duiding("refi", "import", qdpx, "-p", team_project, user="carla"))


def test_an_interrupted_auto_coding_run_is_marked_and_reported(tmp_path, monkeypatch):
    from analysis.coding import auto as auto_module
    from analysis.coding.auto import auto_code, incomplete_run

    location = tmp_path / "p"
    with Project.create(location) as p:
        p.save_codebook(Codebook("wmo", "Wmo", codes=[Code("toegang", "Toegang", keywords=["loket"])]))
        add_source(p, ["Ik belde het loket maar niemand nam op.", "De wijkcoach hielp ons goed."])
        assert incomplete_run(p, "wmo") is None

        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(auto_module, "analyze_passages", interrupted)
        with pytest.raises(KeyboardInterrupt):
            auto_code(p, "wmo", progress=False)
        mark = incomplete_run(p, "wmo")
        assert mark is not None and mark["after"]["passages"] == 2
    monkeypatch.undo()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DUIDING_USER", None)
    res = subprocess.run(
        [sys.executable, "-c", "import sys; from analysis.cli import main; main()", "code", "auto", "-p", str(location),
         "--codebook", "wmo", "--no-progress"],
        capture_output=True, text=True, env=env, timeout=600, cwd=str(ROOT), check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "niet afgemaakt" in res.stderr and "onvolledig" in res.stderr
    with Project.open(location) as p:
        assert incomplete_run(p, "wmo") is None  # the full run that followed closed it
