from __future__ import annotations

from pathlib import Path

import pytest

from analysis.stories.importer import questions_from_dicts
from analysis.stories.model import QuestionSet

QUESTIONS = [
    {
        "id": "rol",
        "type": "triad",
        "label": "Wie speelde de hoofdrol?",
        "corners": ["ik zelf", "mijn omgeving", "het wijkteam"],
    },
    {"id": "duur", "type": "slider", "label": "Hoe lang?", "poles": ["kort", "blijvend"]},
    {
        "id": "steun",
        "type": "single",
        "label": "Welke steun?",
        "options": ["gesprek", "huishoudelijke hulp", "jeugdhulp"],
    },
    {"id": "thema", "type": "multiple", "label": "Waarover?", "options": ["wonen", "werk", "geld"]},
    {"id": "baas", "type": "text", "label": "Eén week de baas?"},
    {
        "id": "leeftijd",
        "type": "classification",
        "label": "Leeftijd",
        "options": ["18-49", "50-69", "70+"],
        "participant_field": "age_group",
    },
]

HEADER = "id,title,story,rol_1,rol_2,rol_3,duur,steun,thema,baas,leeftijd"


@pytest.fixture
def questions() -> QuestionSet:
    return questions_from_dicts(QUESTIONS)


@pytest.fixture
def write_csv(tmp_path: Path):
    def write(*rows: str, header: str = HEADER, name: str = "verhalen.csv") -> Path:
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def demo_dir(repo_root: Path) -> Path:
    return repo_root / "corpora" / "demo" / "stories"
