"""--pseudonymise covers the path, metadata, participant attributes and memos; one person, one placeholder;
wijk names from the researcher's list (issue 14, point 6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis.corpus.batch import ingest_paths
from analysis.domain import Memo
from analysis.privacy import project_pseudonymiser
from analysis.privacy.key import PseudonymKey
from analysis.privacy.project import pseudonymise_project
from analysis.store import Project

ORIGINALS = ["Jan", "Berg", "Fatima", "Amrani", "06-12345678", "Esch", "Kees"]

TEXT = (
    "I: Hoe kwam u bij het wijkteam?\n\n"
    "R: Via Fatima el Amrani van het sociaal team. Ik woon in De Esch, vlak bij de school.\n\n"
    "I: En daarna?\n\n"
    "R: Mevrouw El Amrani belde me terug, en later ook mevrouw El Amrani haar collega.\n"
)


def _leaks(value: object) -> list[str]:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return [o for o in ORIGINALS if re.search(rf"(?i)(?<![^\W_]){re.escape(o)}(?![^\W_])", text)]


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews" / "Jan van der Berg"
    folder.mkdir(parents=True)
    path = folder / "interview_jan_van_der_berg.txt"
    path.write_text(TEXT, encoding="utf-8")
    (tmp_path / "interviews" / "manifest.csv").write_text(
        "file,municipality,participant,naam,telefoon,wijk,toelichting\n"
        "Jan van der Berg/interview_jan_van_der_berg.txt,Lindewaard,R-1,Jan van der Berg,06-12345678,De Esch,"
        "gesprek geregeld door Kees Jansma\n",
        encoding="utf-8",
    )
    return tmp_path / "interviews"


def _project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "p")
    (tmp_path / "p" / "pseudoniemen-lijst.yaml").write_text(
        "namen:\n  - Fatima el Amrani\n  - Kees Jansma\nwijken:\n  - De Esch\n", encoding="utf-8"
    )
    return project


def test_ingest_pseudonymises_path_metadata_and_attributes(tmp_path, interview):
    with _project(tmp_path) as project:
        transform = project_pseudonymiser(project, use_deduce=False)
        result = ingest_paths(project, [interview], transform=transform)
        assert [f.status for f in result.files] == ["imported"], [f.reason for f in result.files]
        source = project.get_source(result.files[0].source_id)
        assert _leaks([source.text, source.name, source.path]) == []
        assert _leaks({k: v for k, v in source.metadata.items()}) == []
        assert _leaks([(p.label, p.wijk, p.attributes) for p in project.participants()]) == []
        assert re.fullmatch(r"\[PERSOON-\d+\]", source.metadata["naam"]) and "[TELEFOON-" in source.metadata["telefoon"]
        assert "[PLAATS-" in source.text  # the wijk from the researcher's list
        # one person, one placeholder: 'Fatima el Amrani' and 'mevrouw El Amrani'
        fatima = {m.group() for m in re.finditer(r"\[PERSOON-\d+\]", source.text)}
        assert len(fatima) == 1, source.text
        key = PseudonymKey(tmp_path / "p" / "pseudoniemen-sleutel.json")
        assert key.original(fatima.pop()) == "Fatima el Amrani"


def test_pseudonymising_a_project_covers_memos_and_attributes(tmp_path, interview):
    with _project(tmp_path) as project:
        result = ingest_paths(project, [interview])
        sid = result.files[0].source_id
        project.add_memo(Memo("Fatima el Amrani regelde dit; bellen via 06-12345678", title="Kees Jansma", target_type="source", target_id=str(sid)))
        assert _leaks([p.attributes for p in project.participants()])  # before: the manifest's columns
        pseudonymise_project(project, use_deduce=False)
        source = project.get_source(sid)
        assert _leaks([source.text, source.name, source.path, source.metadata]) == []
        assert _leaks([(p.label, p.wijk, p.attributes) for p in project.participants()]) == []
        assert _leaks([(m.title, m.text) for m in project.memos()]) == []


def test_one_person_one_placeholder_but_two_jansens_stay_apart():
    key = PseudonymKey(None)
    assert key.placeholder("PERSOON", "Fatima el Amrani") == key.placeholder("PERSOON", "mevrouw El Amrani")
    assert key.placeholder("PERSOON", "El Amrani") == key.placeholder("PERSOON", "Fatima el Amrani")
    jan, piet = key.placeholder("PERSOON", "Jan Jansen"), key.placeholder("PERSOON", "Piet Jansen")
    assert jan != piet
    assert key.placeholder("PERSOON", "meneer Jansen") not in (jan, piet)  # ambiguous: not guessed
