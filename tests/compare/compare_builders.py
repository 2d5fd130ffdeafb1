"""Two municipalities coded with different codebooks, mapped onto one framework ("kader").

Framework ``kader``: toegang (child wachttijden), samenwerking, werkdruk, houding (stance: knelpunt).
Municipal codebook ``adorp`` (framework kader), crosswalks:

    snel-geholpen     -> wachttijden            (rolls up to toegang)
    samen-sterk       -> samenwerking, werkdruk
    samen-sterk-kind  (no crosswalk: inherits samen-sterk's)
    los               (no crosswalk anywhere: unmapped)
    fout              -> bestaat-niet           (not a framework code: a warning)

Passages and counted codings (all accepted):

    Adorp   S1 A-01   p1  adorp:snel-geholpen + kader:toegang   -> toegang (once)
                      p2  adorp:samen-sterk                     -> samenwerking, werkdruk
                      p3  adorp:samen-sterk-kind, snel-geholpen -> samenwerking, werkdruk, toegang
    Adorp   S2 A-02   p4  adorp:los + kader:samenwerking        -> samenwerking (+ one unmapped)
    Bestad  S3 B-01   p5  kader:toegang, kader:knelpunt         -> toegang
                      p6  kader:wachttijden                     -> toegang
    Bestad  S4 B-02   p7  kader:samenwerking                    -> samenwerking
    Bestad  S5 report p8  kader:werkdruk, kader:toegang         -> werkdruk, toegang
    Bestad  S6 B-01   p9  kader:samenwerking                    -> samenwerking  (B-01's second source)

Totals: Adorp 4 passages, 2 participants, 2 sources; Bestad 5 passages, 3 participants
(B-01, B-02, the report S5), 4 sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.domain import Code, Codebook, Coding, Participant, Passage, Source, SourceKind
from analysis.store import Project

TEXTS = {
    "S1": [
        "Ik belde het wijkteam en moest drie weken wachten voordat iemand terugbelde.",
        "De buurtvereniging en het wijkteam doen samen veel, maar ze hebben het druk.",
        "Samen met de huisarts pakken ze het op, al is de wachtlijst lang en de werkdruk hoog.",
    ],
    "S2": ["Wij overleggen elke week met de huisarts en de wijkverpleging over gezinnen."],
    "S3": [
        "Het loket is moeilijk te vinden, ik wist niet waar ik moest aankloppen.",
        "De wachttijd voor een keukentafelgesprek was zes weken.",
    ],
    "S4": ["De samenwerking met de school loopt goed sinds er een vaste contactpersoon is."],
    "S5": ["Het personeelstekort zorgt voor wachttijden bij de toegang tot het wijkteam."],
    "S6": ["Bij het tweede gesprek zat ook de mentor van school erbij, dat hielp."],
}


def make_source(name: str, municipality: str, kind: SourceKind) -> tuple[Source, list[Passage]]:
    paragraphs = TEXTS[name]
    text = "\n\n".join(paragraphs)
    passages, pos = [], 0
    for i, para in enumerate(paragraphs):
        start = text.index(para, pos)
        passages.append(Passage(start, start + len(para), para, ordinal=i))
        pos = start + len(para)
    return Source(name, text, kind, municipality=municipality), passages


def kader() -> Codebook:
    return Codebook(
        "kader",
        "Kader",
        codes=[
            Code("toegang", "Toegang"),
            Code("wachttijden", "Wachttijden", parent="toegang"),
            Code("samenwerking", "Samenwerking"),
            Code("werkdruk", "Werkdruk"),
            Code("houding", "Houding", axis="stance", codable=False),
            Code("knelpunt", "Knelpunt", parent="houding", axis="stance"),
        ],
    )


def adorp() -> Codebook:
    return Codebook(
        "adorp",
        "Adorp — uitgangspunten",
        municipality="Adorp",
        framework="kader",
        codes=[
            Code("snel-geholpen", "Snel geholpen", crosswalk=["wachttijden"]),
            Code("samen-sterk", "Samen sterk", crosswalk=["samenwerking", "werkdruk"]),
            Code("samen-sterk-kind", "Samen sterk in de wijk", parent="samen-sterk"),
            Code("los", "Los"),
            Code("fout", "Fout", crosswalk=["bestaat-niet"]),
        ],
    )


@dataclass
class TwoBooks:
    project: Project
    location: Path
    p: dict[str, int]


def build(location: Path) -> TwoBooks:
    project = Project.create(location)
    project.save_codebook(kader())
    project.save_codebook(adorp())
    layout = [
        ("S1", "Adorp", SourceKind.INTERVIEW, Participant("A-01", "Adorp", "inwoner")),
        ("S2", "Adorp", SourceKind.INTERVIEW, Participant("A-02", "Adorp", "medewerker")),
        ("S3", "Bestad", SourceKind.INTERVIEW, Participant("B-01", "Bestad", "inwoner")),
        ("S4", "Bestad", SourceKind.INTERVIEW, Participant("B-02", "Bestad", "partner")),
        ("S5", "Bestad", SourceKind.REPORT, None),
        ("S6", "Bestad", SourceKind.INTERVIEW, Participant("B-01", "Bestad", "inwoner")),
    ]
    p: dict[str, int] = {}
    for name, muni, kind, participant in layout:
        source, passages = make_source(name, muni, kind)
        sid = project.add_source(source, passages, participant=participant)
        for rec in project.passages(source_id=sid):
            p[f"p{len(p) + 1}"] = rec.id
    codings = [
        ("p1", "adorp", "snel-geholpen"),
        ("p1", "kader", "toegang"),
        ("p2", "adorp", "samen-sterk"),
        ("p3", "adorp", "samen-sterk-kind"),
        ("p3", "adorp", "snel-geholpen"),
        ("p4", "adorp", "los"),
        ("p4", "kader", "samenwerking"),
        ("p5", "kader", "toegang"),
        ("p5", "kader", "knelpunt"),
        ("p6", "kader", "wachttijden"),
        ("p7", "kader", "samenwerking"),
        ("p8", "kader", "werkdruk"),
        ("p8", "kader", "toegang"),
        ("p9", "kader", "samenwerking"),
    ]
    project.add_codings(Coding(passage_id=p[k], codebook_id=cb, code_id=code) for k, cb, code in codings)
    return TwoBooks(project, location, p)
