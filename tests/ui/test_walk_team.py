"""Team › Verschillen: each disagreement says who speaks in its passage (a group interview has several
voices; a quote without its speaker cannot be judged or cited), in Dutch and in English."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from team_builders import CODEBOOK, code

from analysis.agreement import disagreements
from analysis.domain import Passage, Source
from analysis.store import Project

APP = ROOT / "app.py"
TURNS = [
    ("INTERVIEWER", "interviewer", "Hoe vond u de toegang tot het wijkteam?"),
    ("YUSUF", "respondent", "De toegang was lastig te vinden, het loket was alleen op dinsdag open."),
    ("MARIEKE", "respondent", "Bij mij ging de toegang via de huisarts juist snel."),
]


@pytest.fixture
def group_interview(tmp_path, monkeypatch):
    location = tmp_path / "groep"
    project = Project.create(location, user="tester")
    try:
        project.save_codebook(CODEBOOK)
        lines = [f"{who}: {text}" for who, _, text in TURNS]
        full = "\n\n".join(lines)
        passages, pos = [], 0
        for i, ((who, role, _), line) in enumerate(zip(TURNS, lines, strict=True)):
            start = full.index(line, pos)
            passages.append(Passage(start, start + len(line), line, i, speaker=who, role=role))
            pos = start + len(line)
        sid = project.add_source(Source(name="groepsgesprek.txt", text=full, checksum="g"), passages)
        pids = [r.id for r in project.passages(source_id=sid)]
        code(project, pids[1], "toegang", "anna")
        code(project, pids[1], "toegang", "bram")
        code(project, pids[2], "toegang", "anna")  # bram judged the source and did not apply it: a disagreement
        code(project, pids[0], "regie", "bram")
    finally:
        project.close()
    monkeypatch.setenv("DUIDING_PROJECT", str(location))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DUIDING_USER", "tester")
    return location, pids


def test_a_disagreement_carries_the_speaker_and_role_of_its_passage(group_interview):
    location, pids = group_interview
    project = Project.open(location)
    try:
        found = {(d.passage_id, d.code_id): d for d in disagreements(project, "wmo", ["anna", "bram"])}
    finally:
        project.close()
    marieke = found[(pids[2], "toegang")]
    assert (marieke.speaker, marieke.role) == ("MARIEKE", "respondent")
    assert marieke.text == TURNS[2][0] + ": " + TURNS[2][2]
    interviewer = found[(pids[0], "regie")]
    assert (interviewer.speaker, interviewer.role) == ("INTERVIEWER", "interviewer")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", ["Spreker: **MARIEKE** (respondent)", "Spreker: **INTERVIEWER** (interviewer)"]),
        ("en", ["Speaker: **MARIEKE** (respondent)", "Speaker: **INTERVIEWER** (interviewer)"]),
    ],
)
def test_the_disagreements_tab_names_who_speaks(group_interview, lang, expected):
    from streamlit.testing.v1 import AppTest

    from ui import state

    state.open_project.clear()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if lang == "en":
        at.radio(key="lang").set_value("en").run()
    at.switch_page("views/team.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [m.value for m in at.markdown]
    for line in expected:
        assert line in shown, shown
    assert not any("YUSUF" in m for m in shown)  # both coders applied the code on his turn: no disagreement
