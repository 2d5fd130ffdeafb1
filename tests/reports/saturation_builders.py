"""A small project whose saturation and triangulation are computed by hand (see the tables below).

Codebook ``sat``, saved first with the codes written in advance (deductive):
toegang "Toegang", regie "Eigen regie", houding/knelpunt (stance). Then, during the
analysis, ``project.add_code`` adds the inductive codes digitaal "Digitaal",
eenzaamheid "Eenzaamheid", vervoer "Vervoer".

Seven interviews (one passage each, plus an uncoded second passage), imported as I1..I7;
their dates put them in another order:

    import  date        municipality group         accepted codings (others noted)
    I1      2024-03-05  Adorp        inwoner       toegang + knelpunt, eenzaamheid
    I2      2024-03-01  Adorp        inwoner       regie, digitaal
    I3      2024-03-10  Bestad       professional  toegang
    I4      2024-03-02  Bestad       inwoner       eenzaamheid  (vervoer only SUGGESTED)
    I5      2024-03-12  Adorp        professional  toegang      (digitaal REJECTED)
    I6      2024-03-15  Bestad       inwoner       eenzaamheid, vervoer
    I7      2024-03-20  Adorp        inwoner       (nothing)

Interview order by date: I2 I4 I1 I3 I5 I6 I7. New inductive codes: I2 digitaal (1),
I4 eenzaamheid (2), I1 -, I3 -, I5 -, I6 vervoer (3), I7 -: after 6 of 7 interviews no
new inductive code. Interviews per code: toegang 3, eenzaamheid 3, regie 1, digitaal 1,
vervoer 1 (thin: Digitaal, Eigen regie, Vervoer).

Also: two stories (Adorp, kind story; V1 eenzaamheid in collection C1, V2 nothing in C2) and a policy document
D1 (Bestad) coded toegang.
"""

from __future__ import annotations

from pathlib import Path

from analysis.domain import (
    Code,
    Codebook,
    Coding,
    CodingStatus,
    Norm,
    Participant,
    Passage,
    Source,
    SourceKind,
)
from analysis.store import Project

CB = "sat"
INTERVIEWS = [
    # name, date, municipality, group, accepted codes, (status, code) extra codings
    ("I1", "2024-03-05", "Adorp", "inwoner", ["toegang", "knelpunt", "eenzaamheid"], []),
    ("I2", "2024-03-01", "Adorp", "inwoner", ["regie", "digitaal"], []),
    ("I3", "2024-03-10", "Bestad", "professional", ["toegang"], []),
    ("I4", "2024-03-02", "Bestad", "inwoner", ["eenzaamheid"], [(CodingStatus.SUGGESTED, "vervoer")]),
    ("I5", "2024-03-12", "Adorp", "professional", ["toegang"], [(CodingStatus.REJECTED, "digitaal")]),
    ("I6", "2024-03-15", "Bestad", "inwoner", ["eenzaamheid", "vervoer"], []),
    ("I7", "2024-03-20", "Adorp", "inwoner", [], []),
]
STORIES = [("V1", "Adorp", ["eenzaamheid"]), ("V2", "Adorp", [])]  # collections C1 and C2
DOCUMENTS = [("D1", "Bestad", ["toegang"])]


def deductive_codebook() -> Codebook:
    return Codebook(
        CB,
        "Saturatie",
        codes=[
            Code("toegang", "Toegang"),
            Code("regie", "Eigen regie"),
            Code("houding", "Houding", axis="stance", codable=False),
            Code("knelpunt", "Knelpunt", parent="houding", axis="stance"),
        ],
        norms=[
            Norm("n1", "Inwoners vinden de weg naar hulp.", deelvraag="1. Toegang", codes=["toegang"]),
            Norm("n2", "Vervoer is geregeld.", deelvraag="2. Meedoen", codes=["vervoer"]),
        ],
    )


INDUCTIVE = [Code("digitaal", "Digitaal"), Code("eenzaamheid", "Eenzaamheid"), Code("vervoer", "Vervoer")]


def _add(
    project: Project, name: str, kind: SourceKind, municipality: str, group: str | None, date: str | None, **attributes
) -> int:
    texts = [f"{name}: wat ik wil vertellen over de hulp.", f"{name}: verder niets."]
    full = "\n\n".join(texts)
    passages = [
        Passage(0, len(texts[0]), texts[0], 0, speaker="R"),
        Passage(len(texts[0]) + 2, len(full), texts[1], 1, speaker="R"),
    ]
    participant = None if kind.is_document else Participant(f"P-{name}", municipality, group, attributes=attributes)
    sid = project.add_source(
        Source(
            name=name,
            text=full,
            kind=kind,
            municipality=municipality,
            respondent_group=group,
            participant=participant.label if participant else None,
            date=date,
            study="Zorg",
            checksum=name,
        ),
        passages,
        participant=participant,
    )
    return next(r.id for r in project.passages(source_id=sid) if r.ordinal == 0)


def build_saturation(location: Path, *, dated: bool = True) -> tuple[Project, dict[str, int]]:
    """The project above; returns it with name -> id of the coded (first) passage."""
    project = Project.create(location)
    project.save_codebook(deductive_codebook())
    for code in INDUCTIVE:
        project.add_code(CB, code)
    ids: dict[str, int] = {}
    codings: list[Coding] = []
    for name, date, muni, group, codes, extra in INTERVIEWS:
        ids[name] = _add(project, name, SourceKind.INTERVIEW, muni, group, date if dated else None)
        codings += [Coding(ids[name], c, CB, coder="anne", status=CodingStatus.ACCEPTED) for c in codes]
        codings += [Coding(ids[name], c, CB, coder="regel", status=st) for st, c in extra]
    for i, (name, muni, codes) in enumerate(STORIES, start=1):
        ids[name] = _add(project, name, SourceKind.STORY, muni, None, None, verhaalcollectie=f"C{i}")
        codings += [Coding(ids[name], c, CB, coder="anne", status=CodingStatus.ACCEPTED) for c in codes]
    for name, muni, codes in DOCUMENTS:
        ids[name] = _add(project, name, SourceKind.POLICY_DOCUMENT, muni, None, None)
        codings += [Coding(ids[name], c, CB, coder="anne", status=CodingStatus.ACCEPTED) for c in codes]
    project.add_codings(codings)
    return project, ids
