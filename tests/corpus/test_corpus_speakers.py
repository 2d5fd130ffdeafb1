"""Speaker labels: every supported style, and prose that must not become a transcript."""

from __future__ import annotations

import pytest

from analysis.corpus import find_turns, is_transcript, segment
from analysis.domain import SourceKind


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("I:", "I"),
        ("R:", "R"),
        ("R1:", "R1"),
        ("Interviewer:", "Interviewer"),
        ("Respondent 2:", "Respondent 2"),
        ("Int.:", "Int"),
        ("[00:01:02] Marieke:", "Marieke"),
        ("(00:01:02) Marieke:", "Marieke"),
        ("00:01:02 Marieke:", "Marieke"),
        ("[01:02] Marieke:", "Marieke"),
        ("Marieke (00:01:02):", "Marieke"),
        ("MARIEKE:", "MARIEKE"),
        ("HUISARTS DE VRIES:", "HUISARTS DE VRIES"),
        ("Annemiek (huisarts):", "Annemiek (huisarts)"),
        ("Jan de Vries:", "Jan de Vries"),
        ("De Vries:", "De Vries"),
        ("Cliënt:", "Cliënt"),
    ],
)
def test_label_styles(label: str, speaker: str) -> None:
    text = (
        f"{label} Hoe was het contact met het wijkteam?\n"
        "Gespreksleider: En verder?\n"
        f"{label} Goed, de consulent kwam snel langs.\n"
    )
    passages = segment(text, kind=SourceKind.INTERVIEW)
    assert [(p.speaker, p.text) for p in passages] == [
        (speaker, "Hoe was het contact met het wijkteam?"),
        ("Gespreksleider", "En verder?"),
        (speaker, "Goed, de consulent kwam snel langs."),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["Spreker 1  00:00:05", "Hoe gaat het?", "Spreker 2  00:00:09", "Goed.", "Spreker 1  00:00:12", "Mooi."],
        ["00:00:05 Spreker 1", "Hoe gaat het?", "00:00:09 Spreker 2", "Goed.", "00:00:12 Spreker 1", "Mooi."],
        ["Interviewer:", "Hoe gaat het?", "Respondent:", "Goed.", "Interviewer:", "Mooi."],
    ],
)
def test_label_on_its_own_line(lines: list[str]) -> None:
    passages = segment("\n".join(lines), kind=None)
    assert [p.text for p in passages] == ["Hoe gaat het?", "Goed.", "Mooi."]
    assert passages[0].speaker == passages[2].speaker != passages[1].speaker


def test_one_off_names_count_in_a_transcript() -> None:
    text = "Interviewer: Welkom allemaal.\nAnouk: Dank je.\nInterviewer: Wie begint?\nPieter van Dam: Ik wel.\n"
    assert [p.speaker for p in segment(text, kind=None)] == ["Interviewer", "Anouk", "Interviewer", "Pieter van Dam"]


def test_role_without_parentheses_maps_to_the_role_form() -> None:
    text = "Annemiek (huisarts): Ik zie veel eenzaamheid.\nInterviewer: Hoe dan?\nAnnemiek: Op het spreekuur.\n"
    assert [p.speaker for p in segment(text, kind=SourceKind.GROUP_INTERVIEW)] == [
        "Annemiek (huisarts)",
        "Interviewer",
        "Annemiek (huisarts)",
    ]


REPORT_WITH_COLONS = """Deelvraag 1: Wat was de ambitie van de gemeente?

De gemeente wilde de toegang tot ondersteuning verbeteren.

Deelvraag 2: In hoeverre zijn de uitgangspunten in de praktijk gebracht?

Let op: de cijfers over 2024 zijn voorlopig.

Deelvraag 3: Hoe ervaren betrokkenen de uitgangspunten?

Conclusie: de uitgangspunten worden herkend maar niet consequent toegepast.
"""


def test_prose_with_colons_is_not_a_transcript() -> None:
    assert not is_transcript(REPORT_WITH_COLONS)
    assert not is_transcript(REPORT_WITH_COLONS, relaxed=True)
    passages = segment(REPORT_WITH_COLONS, kind=None)
    assert all(p.speaker is None for p in passages)
    assert passages[0].text.startswith("Deelvraag 1: Wat was de ambitie")


def test_a_report_with_a_few_label_like_lines_stays_a_document() -> None:
    paragraph = (
        "De medewerkers van beide teams herkennen de uitgangspunten, maar de toepassing verschilt per team, "
        "per persoon en per wijk.\nDat komt onder meer door de verschillende moederorganisaties."
    )
    text = "\n\n".join(
        [paragraph] * 5
        + ["VET: Medewerkers zien veel kansen.", "Wmo: Het team werkt stedelijk."]
        + [paragraph] * 5
        + ["VET: Er is behoefte aan scholing.", "Wmo: Intervisie is ingebed."]
        + [paragraph] * 5
    )
    assert find_turns(text) == []
    assert all(p.speaker is None for p in segment(text, kind=None))
    # ... unless the caller says it is an interview
    assert is_transcript(text, relaxed=True)


def test_single_label_is_not_a_transcript_unless_an_interview_starts_with_it() -> None:
    assert not is_transcript("Marieke: ik woon hier al lang en het wijkteam hielp me.")
    passages = segment("Marieke: ik woon hier al lang en het wijkteam hielp me.", kind=SourceKind.INTERVIEW)
    assert [(p.speaker, p.text) for p in passages] == [("Marieke", "ik woon hier al lang en het wijkteam hielp me.")]
    prose = "Het wijkteam kwam langs.\nMarieke: ik woon hier al lang."
    assert all(p.speaker is None for p in segment(prose, kind=SourceKind.INTERVIEW))


def test_documents_are_never_split_by_speaker() -> None:
    text = "I: Vraag een?\nR: Antwoord een.\nI: Vraag twee?\nR: Antwoord twee.\n"
    assert all(p.speaker is None for p in segment(text, kind=SourceKind.REPORT))
    assert [p.speaker for p in segment(text, kind=SourceKind.INTERVIEW)] == ["I", "R", "I", "R"]


def test_timestamps_and_urls_inside_content_are_not_labels() -> None:
    text = (
        "I: Wanneer was de afspraak?\n"
        "R: Om 10:30: dat weet ik nog goed. Zie https://www.wijkteam.nl voor de tijden.\n"
        "I: Dank u.\n"
    )
    passages = segment(text, kind=SourceKind.INTERVIEW)
    assert [p.speaker for p in passages] == ["I", "R", "I"]
    assert passages[1].text.startswith("Om 10:30: dat weet ik nog goed.")


def test_text_before_the_first_label_is_kept_without_speaker() -> None:
    text = "# Interview 3, maart 2026\n\nI: Hoe gaat het?\n\nR: Goed.\n\nI: Fijn.\n"
    passages = segment(text, kind=SourceKind.INTERVIEW)
    assert [(p.speaker, p.text) for p in passages] == [
        (None, "# Interview 3, maart 2026"),
        ("I", "Hoe gaat het?"),
        ("R", "Goed."),
        ("I", "Fijn."),
    ]
