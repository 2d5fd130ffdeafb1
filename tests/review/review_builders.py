"""Small hand-made projects for the review and UI tests (built with the store API only)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from analysis.domain import (
    Code,
    Codebook,
    Coding,
    CodingOrigin,
    CodingStatus,
    EvidenceSpan,
    Passage,
    Source,
    SourceKind,
)
from analysis.store import Project

CODEBOOK_ID = "test-cb"

# (municipality, source name, kind, respondent group, [(speaker, text), ...])
SOURCES = [
    (
        "Lindewaard",
        "inwoner_anna.txt",
        SourceKind.INTERVIEW,
        "inwoner",
        [
            ("I", "Hoe kwam u bij het wijkteam terecht?"),
            ("Anna", "De wachttijd was echt lang. Ik stond maanden op de wachtlijst voor hulp. Daarna ging het snel."),
            ("I", "En hoe was het contact?"),
            ("Anna", "De consulent was vriendelijk en luisterde goed. Ik voelde me serieus genomen."),
        ],
    ),
    (
        "Lindewaard",
        "mantelzorger_bert.txt",
        SourceKind.INTERVIEW,
        "mantelzorger",
        [
            ("I", "Wat doet u voor uw moeder?"),
            ("Bert", "Als mantelzorger doe ik de boodschappen en de administratie. Het is zwaar naast mijn werk."),
            ("I", "Krijgt u steun?"),
            ("Bert", "De respijtzorg kwam pas na een half jaar. Die wachttijd was te lang."),
        ],
    ),
    (
        "Heemsteden",
        "medewerker_carla.txt",
        SourceKind.INTERVIEW,
        "medewerker",
        [
            ("I", "Hoe is de werkdruk in het team?"),
            ("Carla", "De werkdruk is hoog en de caseload groeit. Ideeën voor preventie blijven liggen."),
            ("I", "Wat zou helpen?"),
            ("Carla", "Meer collega's en minder administratie. Dan kunnen we eerder bij inwoners langs."),
        ],
    ),
]

CODES = [
    Code(id="toegang", name="Toegang", colour="#1f77b4", definition="Hoe inwoners bij hulp komen.", keywords=["wijkteam"]),
    Code(id="wachttijden", name="Wachttijden", parent="toegang", colour="#ff7f0e", keywords=["wachttijd", "wachtlijst"]),
    Code(id="bejegening", name="Bejegening", colour="#2ca02c", definition="Hoe inwoners bejegend worden.", keywords=["vriendelijk"]),
    Code(id="mantelzorg", name="Mantelzorg", colour="#d62728", keywords=["mantelzorger", "respijtzorg"]),
    Code(id="werkdruk", name="Werkdruk", colour="#9467bd", keywords=["werkdruk", "caseload"]),
]


def build_text(turns: list[tuple[str, str]]) -> tuple[str, list[Passage]]:
    """A transcript text 'Speaker: text' per line, with passages on the turn contents."""
    parts: list[str] = []
    passages: list[Passage] = []
    pos = 0
    for i, (speaker, body) in enumerate(turns):
        label = f"{speaker}: "
        start = pos + len(label)
        passages.append(Passage(start=start, end=start + len(body), text=body, ordinal=i, speaker=speaker))
        line = label + body + "\n\n"
        parts.append(line)
        pos += len(line)
    return "".join(parts), passages


def codebook() -> Codebook:
    return Codebook(id=CODEBOOK_ID, name="Testcodeboek", codes=[replace(c) for c in CODES])


def suggest(project: Project) -> int:
    """Rule-like suggestions: a code for every passage that contains one of its keywords, with evidence."""
    suggestions: list[Coding] = []
    cb = project.get_codebook(CODEBOOK_ID)
    for p in project.passages():
        low = p.text.lower()
        for code in cb.codes:
            evidence = []
            for kw in code.keywords:
                i = low.find(kw)
                if i >= 0:
                    evidence.append(EvidenceSpan(p.start + i, p.start + i + len(kw), p.text[i : i + len(kw)], f"trefwoord {kw}"))
            if evidence:
                suggestions.append(
                    Coding(
                        passage_id=p.id,
                        code_id=code.id,
                        codebook_id=CODEBOOK_ID,
                        coder="duiding-auto",
                        origin=CodingOrigin.RULE,
                        status=CodingStatus.SUGGESTED,
                        confidence=min(0.95, 0.5 + 0.2 * len(evidence)),
                        evidence=evidence,
                    )
                )
    inserted, _ = project.upsert_suggestions(suggestions)
    return inserted


def build_small_project(location: Path, *, with_suggestions: bool = True) -> Path:
    """Create the small project at ``location`` and return it."""
    project = Project.create(location)
    try:
        for municipality, name, kind, group, turns in SOURCES:
            text, passages = build_text(turns)
            project.add_source(
                Source(name=name, text=text, kind=kind, municipality=municipality, respondent_group=group,
                       participant=name.split("_")[1].split(".")[0].title()),
                passages,
            )
        project.save_codebook(codebook())
        if with_suggestions:
            suggest(project)
    finally:
        project.close()
    return location
