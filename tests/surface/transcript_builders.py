"""Projects for the transcript tests and benchmark: turns with é/ë, emoji (outside the BMP) and CRLF."""

from __future__ import annotations

from pathlib import Path

from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus, EvidenceSpan, Passage, Source
from analysis.store import Project

CODEBOOK = "cb"
TURNS = [
    ("INTERVIEWER", "Hoe gaat het nu met de cliënt en met zijn schulden?"),
    ("ANNA", "Het café was dicht 😀 en de wachttijd bij de gemeente\r\nwas heel lang, zei ze tegen mij."),
    ("INTERVIEWER", "En wat gebeurde er toen met de aanvraag?"),
    ("ANNA", "Toen belde ik de wijkcoördinator 👍 over de schuldhulp en die regelde het snel."),
    ("INTERVIEWER", "Was u daar tevreden over, achteraf gezien?"),
    ("ANNA", "Ja, heel tevreden; de ergernis over het wachten is wel gebleven, eerlijk gezegd."),
]
CODES = [
    Code(id="toegang", name="Toegang"),
    Code(id="wachttijd", name="Wachttijden", parent="toegang"),
    Code(id="bereikbaarheid", name="Bereikbaarheid", parent="toegang"),
    Code(id="schulden", name="Schulden en geld"),
    Code(id="tevredenheid", name="Tevredenheid"),
]


def build_text(turns: list[tuple[str, str]], newline: str = "\r\n") -> tuple[str, list[Passage]]:
    """The source text ``SPEAKER: words`` per turn, turns separated by a blank line (CRLF by default)."""
    parts: list[str] = []
    passages: list[Passage] = []
    pos = 0
    for i, (speaker, words) in enumerate(turns):
        if i:
            parts.append(newline * 2)
            pos += len(newline) * 2
        label = f"{speaker}: "
        parts.append(label + words)
        start = pos + len(label)
        passages.append(Passage(start=start, end=start + len(words), text=words, ordinal=i, speaker=speaker,
                                role="interviewer" if speaker == "INTERVIEWER" else "respondent"))
        pos = start + len(words)
    return "".join(parts), passages


def build_transcript_project(location: Path, *, turns: list[tuple[str, str]] | None = None,
                             suggestion: bool = True) -> Path:
    project = Project.create(location)
    text, passages = build_text(turns or TURNS)
    source_id = project.add_source(Source(name="Interview Anna", text=text, municipality="Heemsteden"), passages)
    project.save_codebook(Codebook(id=CODEBOOK, name="Codeboek", codes=list(CODES)))
    stored = project.passages(source_id=source_id)
    if suggestion:  # an open suggestion on "wachttijd" in Anna's first turn, with its evidence
        p = stored[1]
        at = p.text.index("wachttijd")
        project.upsert_suggestions([Coding(p.id, "wachttijd", CODEBOOK, coder="auto", origin=CodingOrigin.RULE,
                                           status=CodingStatus.SUGGESTED, confidence=0.8,
                                           evidence=[EvidenceSpan(p.start + at, p.start + at + 9, "wachttijd", "trefwoord")])])
    project.close()
    return location
