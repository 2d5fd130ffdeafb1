"""The demo shows a finished study: the reference coding (coder "referentie") and the blind second
coding (coder "tweede-codeur") load from the command line and from the Project page, never train
the auto-coder unless asked, and fill Rapportage, Normenkader and Team."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.domain import CodingOrigin, CodingStatus

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


def _errors(at):
    return [e.value for e in at.exception] + [e.value for e in at.error]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    from analysis.demo import build_demo

    location = tmp_path_factory.mktemp("demo") / "demo"
    build_demo(location, autocode=False, stories=False, log=lambda m: None)
    return location


@pytest.fixture
def demo(demo_template, tmp_path, monkeypatch) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    monkeypatch.setenv("DUIDING_PROJECT", str(target))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "nieuwkomer")
    return target


def _coders(location) -> dict[str, int]:
    from analysis.store import Project

    with Project.open(location) as project:
        out: dict[str, int] = {}
        for c in project.codings(status=CodingStatus.ACCEPTED):
            assert CodingOrigin(c.origin) is CodingOrigin.REFERENCE
            out[c.coder] = out.get(c.coder, 0) + 1
        return out


def test_the_command_line_loads_both_codings_once(demo):
    cmd = [sys.executable, "-c", "from analysis.cli import main; main()", "demo", "--no-serve", "--no-autocode",
           "--with-reference-coding", "--project", str(demo)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    coders = _coders(demo)
    assert set(coders) == {"referentie", "tweede-codeur"}
    assert coders["referentie"] > 300 and coders["tweede-codeur"] > 300
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _coders(demo) == coders  # nothing duplicated


def test_reference_codings_do_not_train_the_auto_coder_unless_asked(demo):
    from analysis.coding.auto import training_data
    from analysis.demo_reference import CODEBOOK, load_reference_coding
    from analysis.store import Project

    with Project.open(demo) as project:
        load_reference_coding(project)
        codebook = project.get_codebook(CODEBOOK)
        assert training_data(project, codebook)[0] == []
        ids, labels, _ = training_data(project, codebook, use_reference=True)
        assert len(ids) > 200 and any(labels)


def test_the_project_page_button_loads_it_and_the_pages_show_content(demo):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=240)
    at.run()
    at.switch_page("views/project.py").run()
    assert not _errors(at), _errors(at)
    at.button(key="project_load_reference").click().run()
    assert not _errors(at), _errors(at)
    assert set(_coders(demo)) == {"referentie", "tweede-codeur"}
    assert at.button(key="project_load_reference").disabled  # loaded: once is enough
    assert any("telt niet mee bij het leren" in s.value for s in at.success)

    # the review page says the model does not learn from it
    at.switch_page("views/review.py").run()
    assert not _errors(at), _errors(at)
    assert any("leert daar niet van" in i.value for i in at.info), [i.value for i in at.info]

    # Rapportage: a theme summary with fragments; the normenkader has evidence (through the crosswalk)
    at.switch_page("views/reports.py").run()
    assert not _errors(at), _errors(at)
    at.selectbox(key="reports_sum_code").set_value("toegang").run()
    fragments = {m.label: m.value for m in at.metric}["Fragmenten"]
    assert int(str(fragments).replace(".", "")) > 10
    at.selectbox(key="reports_nk_codebook").set_value("deventer").run()
    assert not _errors(at), _errors(at)
    assert any("via de crosswalk" in i.value for i in at.info)
    counts = [int(m.group(1)) for e in at.expander if (m := re.match(r"Onderbouwing: (\d+) fragmenten", e.label))]
    assert counts and sum(counts) > 0 and sum(1 for n in counts if n > 0) >= len(counts) // 2, counts

    # Team: agreement between the two coders, on the first visit
    at.switch_page("views/team.py").run()
    assert not _errors(at), _errors(at)
    assert at.session_state["team_codebook"] == "sociaal-domein"
    assert set(at.multiselect(key="team_coders").value) == {"referentie", "tweede-codeur"}
    table = next(df.value for df in at.dataframe if len(df.value.columns) >= 5)
    assert len(table) > 5
