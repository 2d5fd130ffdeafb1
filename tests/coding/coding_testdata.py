"""Test data for tests/coding: a small codebook and synthetic corpora."""

from __future__ import annotations

import random

from analysis.domain import Code, Codebook


def make_codebook() -> Codebook:
    """A small codebook in the shape of the shipped ones: families, a child, a stance axis."""
    return Codebook(
        id="test-cb",
        name="Testcodeboek",
        codes=[
            Code(
                id="toegang",
                name="Toegang en vindbaarheid",
                definition="Hoe inwoners de weg naar hulp vinden: het loket, de telefoon, de bereikbaarheid.",
                inclusion=["Inwoner weet niet waar hij terecht kan.", "Telefonische bereikbaarheid van het wijkteam."],
                examples=["Ik belde drie keer en niemand nam op bij het loket."],
                keywords=["loket", "bereikba*", "terecht kunnen", "telefoon"],
            ),
            Code(
                id="wachttijden",
                name="Wachttijden",
                parent="toegang",
                definition="Wachten op een gesprek, een indicatie of hulp.",
                examples=["We stonden maanden op de wachtlijst."],
                keywords=["wachtlijst", "lang wachten", "wachttijd"],
            ),
            Code(
                id="werkdruk",
                name="Werkdruk en personeel",
                definition="Hoge werkdruk, grote caseload en personeelstekort bij professionals.",
                examples=["Mijn caseload is veel te hoog, we hebben een personeelstekort."],
                keywords=["werkdruk", "caseload", "personeelstekort", "ziekteverzuim"],
                exclude_keywords=["geen werkdruk"],
            ),
            Code(
                id="mantelzorg",
                name="Mantelzorg",
                definition="De zorg van mantelzorgers voor naasten en hun overbelasting.",
                examples=["Als mantelzorger voor mijn moeder ben ik op."],
                keywords=["mantelzorger", "respijtzorg", "overbelast"],
                respondent_groups=["mantelzorger", "medewerker"],
            ),
            Code(id="houding", name="Houding", axis="stance", codable=False),
            Code(
                id="knelpunt",
                name="Knelpunt",
                parent="houding",
                axis="stance",
                definition="Iets gaat mis.",
                keywords=["probleem", "knelpunt", "misgaan"],
            ),
        ],
    )


# Sentences per theme and neutral sentences for synthetic corpora (deterministic with a seed).
THEME_SENTENCES = {
    "toegang": [
        "Ik wist niet bij welk loket ik terecht kon.",
        "De telefoon van het wijkteam werd niet opgenomen.",
        "Het loket is slecht bereikbaar voor ouderen.",
        "Via de website kon ik het loket niet vinden.",
        "Ik belde de gemeente maar kwam nergens terecht.",
    ],
    "werkdruk": [
        "De werkdruk in het team is enorm hoog.",
        "Mijn caseload groeit elke maand.",
        "Door het personeelstekort blijft werk liggen.",
        "Collega's vallen uit door ziekteverzuim en werkdruk.",
        "We hebben te weinig mensen voor de caseload.",
    ],
    "mantelzorg": [
        "Als mantelzorger zorg ik elke dag voor mijn vader.",
        "Ik ben overbelast door de zorg voor mijn moeder.",
        "Respijtzorg gaf mij als mantelzorger even rust.",
        "De mantelzorger krijgt weinig steun van de gemeente.",
    ],
}
NEUTRAL_SENTENCES = [
    "Het was een zonnige dag in de wijk.",
    "We hebben koffie gedronken aan tafel.",
    "Mijn buurman heeft een nieuwe hond.",
    "De kinderen gaan morgen naar school.",
    "Vorig jaar zijn we verhuisd naar deze straat.",
    "Het gesprek duurde ongeveer een uur.",
]


def synthetic_corpus(n: int, seed: int = 0, noise: float = 0.0) -> tuple[list[str], list[set[str]]]:
    """Passages of two to four sentences, each about zero to two themes (labels = themes used)."""
    rng = random.Random(seed)
    themes = sorted(THEME_SENTENCES)
    texts: list[str] = []
    labels: list[set[str]] = []
    for _ in range(n):
        k = rng.choice([0, 1, 1, 1, 2])
        chosen = set(rng.sample(themes, k))
        sents = [rng.choice(THEME_SENTENCES[t]) for t in sorted(chosen)]
        sents += [rng.choice(NEUTRAL_SENTENCES) for _ in range(rng.randint(1, 3))]
        rng.shuffle(sents)
        label = set(chosen)
        if noise and rng.random() < noise:
            label = set(rng.sample(themes, 1))
        texts.append(" ".join(sents))
        labels.append(label)
    return texts, labels


def write_gold_csv(path, texts, labels) -> None:  # noqa: ANN001
    """A gold CSV (``text``, ``code`` joined by ``;``) of texts and their code sets."""
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "code"])
        for t, l in zip(texts, labels):
            w.writerow([t, ";".join(sorted(l))])
