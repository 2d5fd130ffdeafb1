"""Who speaks: every passage knows its speaker's role, in every transcription style, and no
interviewer turn is ever credited to a respondent (issue 12, point 2)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from analysis.corpus import ingest_file, load_manifest, segment
from analysis.corpus.speakers import interviewer_names, passage_roles, speaker_role
from analysis.domain import PassageRecord, SourceKind
from analysis.reports.labels import provenance

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora" / "demo"
# The interviewer's label in each of the demo's three transcription styles, read from the raw files.
INTERVIEWER_LINE = re.compile(r"^(?:INTERVIEWER|I|\[\d\d:\d\d:\d\d\] Interviewer|Interviewer):[ \t]*(?P<text>.+)$")
RESPONDENT_LINE = re.compile(r"^(?:\[\d\d:\d\d:\d\d\] )?(?P<label>[^\W\d][^:\n]{0,40}):[ \t]*(?P<text>.+)$")


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("INTERVIEWER", "interviewer"),
        ("Interviewer", "interviewer"),
        ("I", "interviewer"),
        ("I1", "interviewer"),
        ("Interviewer 2", "interviewer"),
        ("Int.", "interviewer"),
        ("Onderzoeker", "interviewer"),
        ("ONDERZOEKER JANSEN", "interviewer"),
        ("Gespreksleider", "interviewer"),
        ("Moderator", "interviewer"),
        ("V", "interviewer"),
        ("A", "respondent"),
        ("R", "respondent"),
        ("R1", "respondent"),
        ("Respondent 2", "respondent"),
        ("YUSUF", "respondent"),
        ("HUISARTS DE VRIES", "respondent"),
        ("Annemiek (huisarts)", "respondent"),
        ("Karin (onderzoeker)", "interviewer"),
        ("Joost (interviewer)", "interviewer"),
        ("Fatma (tolk)", "other"),
        ("Tolk", "other"),
        ("Ilse", "respondent"),
        ("Vincent", "respondent"),
    ],
)
def test_every_label_style_has_a_role(label: str, role: str) -> None:
    assert speaker_role(label) == role


def test_the_manifest_names_the_interviewer() -> None:
    assert interviewer_names("Karin de Vries; Joost") == ("Karin de Vries", "Joost")
    assert interviewer_names("Karin en Joost") == ("Karin", "Joost")
    names = interviewer_names("Karin de Vries")
    assert speaker_role("Karin", interviewers=names) == "interviewer"
    assert speaker_role("KARIN DE VRIES", interviewers=names) == "interviewer"
    assert speaker_role("Karin (gemeente)", interviewers=names) == "interviewer"
    assert speaker_role("Marieke", interviewers=names) == "respondent"


def test_v_and_a_style_and_the_header_line() -> None:
    text = (
        "# Interview met een mantelzorger, maart 2026\n\n"
        "V: Hoe gaat het met de zorg voor uw moeder?\n\n"
        "A: Zwaar. Ik doe alles naast mijn werk en de respijtzorg kwam pas na een half jaar.\n\n"
        "V: Wat zou helpen?\n\n"
        "A: Eén vast aanspreekpunt bij het wijkteam.\n"
    )
    passages = segment(text, kind=SourceKind.INTERVIEW)
    roles = passage_roles(passages, kind=SourceKind.INTERVIEW)
    assert [(p.speaker, r) for p, r in zip(passages, roles)] == [
        (None, "other"),
        ("V", "interviewer"),
        ("A", "respondent"),
        ("V", "interviewer"),
        ("A", "respondent"),
    ]


def test_documents_have_no_speaker_and_stories_are_the_teller_s() -> None:
    doc = segment("Het wijkteam is in 2024 gestart.\n\nDe wachttijden zijn gedaald.", kind=SourceKind.REPORT)
    assert passage_roles(doc, kind=SourceKind.REPORT) == [None, None]
    story = segment("Ik kreeg eindelijk hulp van het wijkteam.", kind=SourceKind.STORY)
    assert passage_roles(story, kind="story") == ["respondent"]


VTT_NAMED = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Interviewer>Hoe bent u bij het wijkteam terechtgekomen?

00:00:05.000 --> 00:00:12.000
<v Marieke>Via de huisarts. Die heeft me doorverwezen toen het thuis niet meer ging.

00:00:13.000 --> 00:00:15.000
<v Interviewer>En daarna?
"""

VTT_GENERIC = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Spreker 1>Welkom. Hoe bent u bij het wijkteam terechtgekomen?

00:00:05.000 --> 00:00:12.000
<v Spreker 2>Via de huisarts. Die heeft me doorverwezen toen het thuis niet meer ging.

00:00:13.000 --> 00:00:15.000
<v Spreker 1>En hoe ging het daarna?

00:00:16.000 --> 00:00:25.000
<v Spreker 2>Eerst goed, daarna wisselden de hulpverleners steeds.

00:00:26.000 --> 00:00:28.000
<v Spreker 1>Wat zou u de gemeente willen meegeven?
"""

SRT_MANIFEST = """1
00:00:01,000 --> 00:00:04,000
Karin: Wat betekent de Buurtkamer voor u?

2
00:00:05,000 --> 00:00:12,000
Els: Gezelligheid, maar je ziet ook dingen. Mensen die vallen en niemand bellen.

3
00:00:13,000 --> 00:00:15,000
Karin: En de gemeente?
"""


def _roles(path: Path, **kwargs) -> list[tuple[str | None, str | None]]:
    _, passages = ingest_file(path, **kwargs)
    return [(p.speaker, p.role) for p in passages]


def test_vtt_and_srt_voices(tmp_path: Path) -> None:
    named = tmp_path / "named.vtt"
    named.write_text(VTT_NAMED, encoding="utf-8")
    assert _roles(named) == [("Interviewer", "interviewer"), ("Marieke", "respondent"), ("Interviewer", "interviewer")]
    # generic voices of automatic transcription: the one who asks the questions is the interviewer
    generic = tmp_path / "generic.vtt"
    generic.write_text(VTT_GENERIC, encoding="utf-8")
    assert {s: r for s, r in _roles(generic)} == {"Spreker 1": "interviewer", "Spreker 2": "respondent"}
    # names only: the manifest's interviewer column says who asked
    srt = tmp_path / "els.srt"
    srt.write_text(SRT_MANIFEST, encoding="utf-8")
    assert {s: r for s, r in _roles(srt)} == {"Karin": "respondent", "Els": "respondent"}
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("bestand,gemeente,interviewer\nels.srt,Heemsteden,Karin\n", encoding="utf-8")
    entries = load_manifest(manifest)
    assert {s: r for s, r in _roles(srt, manifest=entries)} == {"Karin": "interviewer", "Els": "respondent"}


def _demo() -> list[tuple[Path, object, list]]:
    manifest = load_manifest(DEMO / "manifest.csv")
    out = []
    for path in sorted(DEMO.glob("*/*.txt")):
        source, passages = ingest_file(path, manifest=manifest)
        out.append((path, source, passages))
    return out


def _quote_line(source, passage) -> str:
    return provenance(
        respondent_group=source.respondent_group,
        municipality=source.municipality,
        kind=source.kind,
        participant=source.participant,
        source_name=source.name,
        ordinal=passage.ordinal,
        speaker=passage.speaker,
        role=passage.role,
    )


def test_no_interviewer_turn_is_ever_credited_to_a_respondent_in_the_three_demo_styles() -> None:
    styles: set[str] = set()
    for path, source, passages in _demo():
        lines = path.read_text(encoding="utf-8").splitlines()
        asked = [m.group("text").strip() for m in map(INTERVIEWER_LINE.match, lines) if m]
        assert asked, path
        styles.add(next(re.sub(r"^\[[\d:]+\] ", "[tijd] ", line).split(":")[0] for line in lines if INTERVIEWER_LINE.match(line)))
        answered = [
            m.group("text").strip()
            for line in lines
            if not INTERVIEWER_LINE.match(line) and (m := RESPONDENT_LINE.match(line))
        ]
        by_text = {p.text.strip(): p for p in passages}
        for text in asked:
            p = by_text[text]
            assert p.role == "interviewer", (path.name, text)
            assert _quote_line(source, p).startswith("— interviewer"), (path.name, text)
        for text in answered:
            p = by_text[text]
            assert p.role == "respondent", (path.name, text)
            line = _quote_line(source, p)
            assert "interviewer" not in line and line.startswith(f"— {source.respondent_group}"), line
        # the "# FICTIEF DEMOMATERIAAL ..." header is no one's speech
        assert passages[0].text.startswith("# FICTIEF DEMOMATERIAAL") and passages[0].role == "other"
        assert _quote_line(source, passages[0]).startswith("— kopregel")
        assert {p.role for p in passages} == {"interviewer", "respondent", "other"}
    assert {"INTERVIEWER", "I", "[tijd] Interviewer"} <= styles  # the three transcription styles


def test_the_football_question_is_the_interviewer_s() -> None:
    """The bug seen: this question was quoted as '— cliënt, Heemsteden, interview RHMS-03, alinea 22'."""
    manifest = load_manifest(DEMO / "manifest.csv")
    source, passages = ingest_file(DEMO / "heemsteden" / "inwoner_yusuf.txt", manifest=manifest)
    question = next(p for p in passages if p.text == "Nog één vraag: voetbal je eigenlijk nog?")
    line = _quote_line(source, question)
    assert line == f"— interviewer, Heemsteden, interview RHMS-03, alinea {question.ordinal + 1}"
    answer = passages[question.ordinal + 1]
    assert _quote_line(source, answer) == f"— cliënt, Heemsteden, interview RHMS-03, alinea {answer.ordinal + 1}"


def test_gold_turns_are_respondent_speech() -> None:
    """Every turn the demo's authors coded as data is a respondent's."""
    roles = {}
    for path, _source, passages in _demo():
        rel = path.relative_to(DEMO).as_posix()
        for p in passages:
            roles[(rel, p.text.strip())] = p.role
    rows = [row for m in ("lindewaard", "oosterzande", "heemsteden") for row in csv.DictReader(open(DEMO / m / "gold.csv", encoding="utf-8"))]
    assert len(rows) > 200
    assert {roles[(row["file"], row["text"].strip())] for row in rows} == {"respondent"}


def test_group_interview_names_the_speaker_and_records_without_a_role_fall_back_to_the_label() -> None:
    line = provenance(respondent_group="partner", municipality="Heemsteden", kind="group_interview",
                      participant="PHMS-07", source_name="x.txt", ordinal=3, speaker="HUISARTS DE VRIES", role="respondent")
    assert line == "— partner (HUISARTS DE VRIES), Heemsteden, groepsinterview PHMS-07, alinea 4"
    # a passage without a stored role (an older export, a hand-built record): the label decides
    rec = PassageRecord(id=1, source_id=1, ordinal=0, start=0, end=5, text="Vraag", speaker="I")
    assert provenance(respondent_group="cliënt", municipality=None, kind="interview", participant="R1",
                      source_name="x", ordinal=rec.ordinal, speaker=rec.speaker, role=rec.role).startswith("— interviewer")
    # the interviewer's name is shown when the label is one
    assert provenance(respondent_group="cliënt", municipality=None, kind="interview", participant="R1",
                      source_name="x", ordinal=0, speaker="Karin", role="interviewer").startswith("— interviewer (Karin),")
    # no participant: the respondent is named by the label
    assert provenance(respondent_group=None, municipality=None, kind="interview", participant=None,
                      source_name="x.txt", ordinal=0, speaker="Marieke", role="respondent").startswith("— respondent (Marieke),")
