"""Shared fixtures for the theme tests: a small synthetic corpus and fitted models.

Fits are session-scoped so that the whole module set fits only a handful of
models (UMAP's first call also compiles numba code once per process).
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

import pytest

from analysis.domain import Passage, Source, SourceKind
from analysis.themes import ThemeConfig, ThemeModel, ThemePassage, passages_from_text_files

# Five themes as inwoners and medewerkers talk about them; each passage mixes two or
# three sentences of one theme with spoken fillers, so the model must see through
# "eh", "zeg maar", speaker labels and stop words.
THEMES: dict[str, list[str]] = {
    "wachten": [
        "Ik sta al {n} maanden op de wachtlijst voor begeleiding.",
        "De wachttijd voor jeugdhulp is veel te lang, we wachten nu al weken.",
        "Na de aanmelding duurde het maanden voordat iemand terugbelde over de wachtlijst.",
        "Die wachtlijsten bij de jeugdzorg, dat is echt een probleem, de wachttijd loopt op.",
        "We moesten wachten op een indicatie en de wachttijd werd steeds langer.",
    ],
    "mantelzorg": [
        "Als mantelzorger voor mijn moeder ben ik overbelast, ik zorg dag en nacht.",
        "De mantelzorgondersteuning hielp mij met respijtzorg zodat ik even rust had.",
        "Mijn man heeft dementie en als mantelzorger sta ik er alleen voor.",
        "Er was een mantelzorgcompliment maar echte respijtzorg kregen we niet.",
        "Mantelzorgers raken uitgeput, ze hebben respijtzorg en erkenning nodig.",
    ],
    "werkdruk": [
        "De werkdruk in ons team is hoog, de caseload is eigenlijk te groot.",
        "Door het personeelstekort en het ziekteverzuim neemt de werkdruk toe.",
        "Collega's vertrekken, het verloop is hoog en de caseload blijft groeien.",
        "Met veertig gezinnen per consulent is de caseload onhoudbaar en de werkdruk enorm.",
        "We hebben vacatures die we niet vervuld krijgen, dus de werkdruk stijgt.",
    ],
    "digitaal": [
        "Het registratiesysteem is traag en we moeten alles dubbel registreren.",
        "Over privacy en de AVG mogen we gegevens niet zomaar delen met de huisarts.",
        "Het digitale loket werkt niet voor ouderen zonder computer of DigiD.",
        "Het nieuwe registratiesysteem kost veel tijd en de privacyregels zijn onduidelijk.",
        "Inwoners moeten digitaal een aanvraag doen maar het formulier op de website faalt.",
    ],
    "buurthuis": [
        "In het buurthuis organiseren vrijwilligers elke week een koffieochtend voor de wijk.",
        "De buurtkamer is een ontmoetingsplek waar buurtbewoners elkaar leren kennen.",
        "Vrijwilligers van het buurthuis halen eenzame ouderen op voor de maaltijd.",
        "Het buurtinitiatief met de moestuin bracht de wijk bij elkaar.",
        "In de buurtkamer drinken bewoners koffie en vrijwilligers helpen met formulieren.",
    ],
}
FILLERS = ["Nou, ", "Eh, ", "Ja, zeg maar, ", "Weet je, ", "", "", ""]
MUNICIPALITIES = ["Lindewaard", "Oosterzande", "Heemsteden"]
GROUPS = ["inwoner", "medewerker", "mantelzorger"]
DATES = ["2026-01-15", "2026-02-12", "2026-03-19"]


def make_corpus(per_theme: int = 40, seed: int = 0, themes: dict[str, list[str]] | None = None) -> list[ThemePassage]:
    """Synthetic passages: ``per_theme`` per theme, with municipality, group, date and speaker labels."""
    rng = random.Random(seed)
    out: list[ThemePassage] = []
    themes = themes or THEMES
    for theme, sentences in themes.items():
        for _ in range(per_theme):
            chosen = rng.sample(sentences, rng.randint(2, 3))
            text = rng.choice(FILLERS) + " ".join(s.format(n=rng.randint(2, 9)) for s in chosen)
            if rng.random() < 0.3:
                text = "R: " + text
            out.append(
                ThemePassage(
                    text=text,
                    municipality=rng.choice(MUNICIPALITIES),
                    respondent_group=rng.choice(GROUPS),
                    kind="interview",
                    date=rng.choice(DATES),
                    attributes={"theme": theme},
                )
            )
    rng.shuffle(out)
    for i, p in enumerate(out):
        p.id = 1000 + i
    return out


@pytest.fixture(scope="session")
def synthetic() -> list[ThemePassage]:
    return make_corpus()


@pytest.fixture(scope="session")
def synthetic_model(synthetic: list[ThemePassage]) -> ThemeModel:
    return ThemeModel(ThemeConfig(random_state=3)).fit(synthetic)


@pytest.fixture(scope="session")
def seed_passages(seeds_dir: Path) -> list[ThemePassage]:
    return passages_from_text_files(sorted(seeds_dir.glob("*.txt")))


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection (the default must run offline)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture()
def project(tmp_path: Path):
    """A project with 80 synthetic interview passages in 8 sources."""
    from analysis.store import Project

    project = Project.create(tmp_path / "project")
    corpus = make_corpus(per_theme=16, seed=2)
    for i in range(0, len(corpus), 10):
        chunk = corpus[i : i + 10]
        text = ""
        passages = []
        for j, p in enumerate(chunk):
            start = len(text)
            text += p.text
            passages.append(Passage(start, len(text), p.text, ordinal=j))
            text += "\n\n"
        source = Source(
            name=f"interview-{i // 10}.txt",
            text=text,
            kind=SourceKind.INTERVIEW,
            municipality=chunk[0].municipality,
            date=chunk[0].date,
            checksum=f"sum-{i}",
        )
        project.add_source(source, passages)
    yield project
    project.close()
