"""A small hand-checked project for the query tests.

Two municipalities, four sources, passages numbered so the expected sets can be read off by hand:

    A-inwoner-1 (Adorp, inwoner, age 65+, wijk Noord):  a0 a1 a2 a3
    A-mantelzorger (Adorp, mantelzorger, 40-64):        m0 m1
    B-inwoner-2 (Bedum, inwoner, 65+, wijk Zuid):       b0 b1 b2
    B-beleid (Bedum, a policy document, no participant): d0

Codes (codebook "wmo"): toegang > {bereikbaarheid}, wachttijd, regie, werkdruk.
"""

from __future__ import annotations

from analysis.domain import Code, Codebook, Coding, CodingOrigin, CodingStatus, Participant, Passage, Source, SourceKind
from analysis.store import Project

CODEBOOK = Codebook(
    "wmo",
    "Wmo",
    codes=[
        Code("toegang", "Toegang"),
        Code("bereikbaarheid", "Bereikbaarheid", parent="toegang"),
        Code("wachttijd", "Wachttijden"),
        Code("regie", "Eigen regie"),
        Code("werkdruk", "Werkdruk"),
    ],
)

TEXTS = {
    "A-inwoner-1": [
        "Het loket was slecht bereikbaar en ik wachtte lang.",
        "De wachtlijst voor de cliënt was drie maanden.",
        "Ik wil zelf bepalen wat ik nodig heb.",
        "Het weer was mooi die dag.",
    ],
    "A-mantelzorger": ["Als mantelzorger kon ik nergens terecht.", "De consulent had het te druk."],
    "B-inwoner-2": ["Het wijkteam is goed te vinden.", "Ik moest weken wachten op een keukentafelgesprek.", "Ik regel het zelf."],
    "B-beleid": ["De gemeente streeft naar korte wachttijden en goede toegang."],
}


def build(project: Project) -> dict[str, int]:
    """Store the sources and codings; returns name -> passage id (a0, a1, ..., d0)."""
    project.save_codebook(CODEBOOK)
    meta = {
        "A-inwoner-1": ("Adorp", "inwoner", Participant("A-1", "Adorp", "inwoner", "65+", "Noord", {"woonvorm": ["huur", "alleen"]})),
        "A-mantelzorger": ("Adorp", "mantelzorger", Participant("A-2", "Adorp", "mantelzorger", "40-64", None, {})),
        "B-inwoner-2": ("Bedum", "inwoner", Participant("B-1", "Bedum", "inwoner", "65+", "Zuid", {"woonvorm": ["koop"]})),
        "B-beleid": ("Bedum", None, None),
    }
    prefix = {"A-inwoner-1": "a", "A-mantelzorger": "m", "B-inwoner-2": "b", "B-beleid": "d"}
    ids: dict[str, int] = {}
    for name, texts in TEXTS.items():
        muni, group, part = meta[name]
        full = "\n\n".join(texts)
        passages, pos = [], 0
        for i, t in enumerate(texts):
            start = full.index(t, pos)
            passages.append(Passage(start, start + len(t), t, i, speaker="R" if part else None))
            pos = start + len(t)
        kind = SourceKind.POLICY_DOCUMENT if part is None else SourceKind.INTERVIEW
        sid = project.add_source(
            Source(name=name, text=full, kind=kind, municipality=muni, respondent_group=group,
                   participant=part.label if part else None, checksum=name),
            passages,
            participant=part,
        )
        for rec in project.passages(source_id=sid):
            ids[f"{prefix[name]}{rec.ordinal}"] = rec.id

    def code(key, code_id, coder="anne", status=CodingStatus.ACCEPTED, span=None):
        rec = project.get_passage(ids[key])
        start = end = None
        if span is not None:
            s = rec.text.index(span)
            start, end = rec.start + s, rec.start + s + len(span)
        project.add_coding(Coding(ids[key], code_id, "wmo", coder=coder, status=status,
                                  origin=CodingOrigin.MANUAL, start=start, end=end))

    code("a0", "bereikbaarheid", span="slecht bereikbaar")
    code("a0", "wachttijd", span="ik wachtte lang")
    code("a1", "wachttijd")
    code("a1", "toegang", span="De wachtlijst voor de cliënt")
    code("a1", "wachttijd", coder="bert")  # second coder, same passage
    code("a2", "regie")
    code("m0", "toegang")
    code("m1", "werkdruk")
    code("b0", "toegang")
    code("b1", "wachttijd")
    code("b2", "regie", coder="bert")
    code("d0", "toegang")
    code("d0", "wachttijd")
    code("a3", "regie", status=CodingStatus.SUGGESTED)  # a suggestion: counts only when asked
    code("b0", "werkdruk", status=CodingStatus.REJECTED)  # rejected: never counts
    return ids
