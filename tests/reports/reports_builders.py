"""A tiny project whose counts are known by hand (see the table below).

Sources and passages (ordinals are 0-based; ``p1`` is the first passage added):

    Adorp   S1 interview  A-01 inwoner    70+    p1 p2 p3
    Adorp   S2 interview  A-02 medewerker 30-49  p4 p5
    Bestad  S3 interview  B-01 inwoner    70+    p6 p7
    Bestad  S4 rapport    (no participant)       p8 p9

Codings in codebook ``kader`` (accepted unless noted):

    p1  toegang, knelpunt
    p2  wachttijden (child of toegang), knelpunt, samenwerking
    p3  toegang  (SUGGESTED: counts only with include_suggestions)
    p4  samenwerking, gaat-goed
    p5  werkdruk (REJECTED: never counts)
    p6  toegang, verbetersuggestie
    p8  samenwerking, werkdruk
    p9  toegang  (twice: two coders -> still one passage)

Participants ("units"): A-01, A-02, B-01 and the report S4 as its own unit = 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.domain import (
    Code,
    Codebook,
    Coding,
    CodingStatus,
    Norm,
    Participant,
    Passage,
    ScaleLevel,
    Source,
    SourceKind,
)
from analysis.store import Project

TEXTS = {
    "S1": [
        "Ik heb drie keer gebeld met het wijkteam en kreeg niemand aan de lijn, dat loket is onvindbaar.",
        "Toen moest ik zes weken wachten op een keukentafelgesprek; het wijkteam en de huisarts wisten niet van elkaar.",
        "De hulp bij het huishouden is nu goed geregeld, daar ben ik blij mee.",
    ],
    "S2": [
        "Wij werken goed samen met de huisarts en de school, we hebben één plan per gezin.",
        "De caseload is hoog maar we redden het nog.",
    ],
    "S3": [
        "Het zou fijn zijn als het loket ook op zaterdag open is voor mensen die werken & zorgen <zo>.",
        "Mijn buurvrouw helpt me met boodschappen, dat vind ik prettig.",
    ],
    "S4": [
        "De rekenkamer stelt vast dat de samenwerking tussen wijkteam en partners verbeterd is, maar het personeelstekort groot blijft.",
        "Inwoners ervaren wachttijden bij de toegang tot ondersteuning; de gemeente monitort dit niet.",
    ],
}


def make_source(name: str, municipality: str, kind: SourceKind, paragraphs: list[str]) -> tuple[Source, list[Passage]]:
    text = "\n\n".join(paragraphs)
    passages = []
    pos = 0
    for i, para in enumerate(paragraphs):
        start = text.index(para, pos)
        passages.append(Passage(start=start, end=start + len(para), text=para, ordinal=i, speaker="R" if kind != SourceKind.REPORT else None))
        pos = start + len(para)
    return Source(name=name, text=text, kind=kind, municipality=municipality, study="Test"), passages


def kader_codebook() -> Codebook:
    return Codebook(
        id="kader",
        name="Kader",
        codes=[
            Code("toegang", "Toegang en vindbaarheid", definition="Hoe inwoners hulp vinden."),
            Code("wachttijden", "Wachttijden", parent="toegang"),
            Code("samenwerking", "Samenwerking"),
            Code("werkdruk", "Werkdruk"),
            Code("houding", "Houding", axis="stance", codable=False),
            Code("gaat-goed", "Gaat goed", parent="houding", axis="stance"),
            Code("knelpunt", "Knelpunt", parent="houding", axis="stance"),
            Code("verbetersuggestie", "Verbetersuggestie", parent="houding", axis="stance"),
        ],
        norms=[
            Norm("n1", "Inwoners weten waar zij terecht kunnen.", deelvraag="1. Toegang", codes=["toegang"]),
            Norm("n2", "Wachttijden zijn kort.", deelvraag="1. Toegang", codes=["wachttijden"]),
            Norm("n3", "Het wijkteam werkt samen met partners.", deelvraag="2. Samenwerking", codes=["samenwerking"]),
        ],
        scale=[
            ScaleLevel("voldoet", "Voldoet", "#2e7d32"),
            ScaleLevel("voldoet-deels", "Voldoet deels", "#ffb300"),
            ScaleLevel("voldoet-niet", "Voldoet niet", "#c62828"),
        ],
    )


@dataclass
class Tiny:
    project: Project
    location: Path
    p: dict[str, int]  # "p1" -> passage id
    s: dict[str, int]  # "S1" -> source id


def build_tiny(location: Path) -> Tiny:
    project = Project.create(location)
    project.save_codebook(kader_codebook())
    layout = [
        ("S1", "Adorp", SourceKind.INTERVIEW, Participant("A-01", "Adorp", "inwoner", age_group="70+")),
        ("S2", "Adorp", SourceKind.INTERVIEW, Participant("A-02", "Adorp", "medewerker", age_group="30-49")),
        ("S3", "Bestad", SourceKind.INTERVIEW, Participant("B-01", "Bestad", "inwoner", age_group="70+")),
        ("S4", "Bestad", SourceKind.REPORT, None),
    ]
    p: dict[str, int] = {}
    s: dict[str, int] = {}
    n = 0
    for name, muni, kind, participant in layout:
        source, passages = make_source(name, muni, kind, TEXTS[name])
        s[name] = project.add_source(source, passages, participant=participant)
        for rec in project.passages(source_id=s[name]):
            n += 1
            p[f"p{n}"] = rec.id

    def code(pid: str, code_id: str, status: CodingStatus = CodingStatus.ACCEPTED, coder: str = "researcher") -> None:
        project.add_coding(Coding(passage_id=p[pid], code_id=code_id, codebook_id="kader", status=status, coder=coder))

    code("p1", "toegang")
    code("p1", "knelpunt")
    code("p2", "wachttijden")
    code("p2", "knelpunt")
    code("p2", "samenwerking")
    code("p3", "toegang", CodingStatus.SUGGESTED, coder="duiding-auto")
    code("p4", "samenwerking")
    code("p4", "gaat-goed")
    code("p5", "werkdruk", CodingStatus.REJECTED)
    code("p6", "toegang")
    code("p6", "verbetersuggestie")
    code("p8", "samenwerking")
    code("p8", "werkdruk")
    code("p9", "toegang")
    code("p9", "toegang", coder="tweede-codeur")
    return Tiny(project, location, p, s)
