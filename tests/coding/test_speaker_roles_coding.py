"""Interviewer turns and header lines are not auto-coded, and review starts with substantive
respondent speech (issue 12, point 2)."""

from __future__ import annotations

import numpy as np
import pytest
from coding_testdata import make_codebook, synthetic_corpus

from analysis.coding.active import is_substantive, review_order
from analysis.domain import Coding, CodingOrigin, CodingStatus, Passage, Source

SMALL_TALK = [
    "Ja. Ja, echt.",
    "Hoi, fijn dat je er bent. Wil je koffie? Dan zet ik even de opname aan en beginnen we.",
    "Haha, nee hoor, dat was maar een grapje van mijn buurman over de wijk en de gemeente.",
]


def _project(tmp_path):
    """Sources whose interviewer asks with the respondents' own words, a header line, and small talk."""
    from analysis.store import Project

    project = Project.create(tmp_path / "proj")
    cb = make_codebook()
    project.save_codebook(cb)
    texts, _ = synthetic_corpus(24, seed=3)
    for s in range(3):
        turns = [("I", SMALL_TALK[1]), ("R", SMALL_TALK[0])]
        for t in texts[s * 8 : (s + 1) * 8]:
            turns += [("I", f"Klopt het dat {t[0].lower()}{t[1:-1]}?"), ("R", t)]
        turns.append(("R", SMALL_TALK[2]))
        text, passages = "# Interview met een inwoner (kopregel)\n\n", []
        passages.append(Passage(0, len(text) - 2, text[: len(text) - 2], 0, None))
        for speaker, body in turns:
            start = len(text) + len(speaker) + 2
            text += f"{speaker}: {body}\n\n"
            passages.append(Passage(start, start + len(body), body, len(passages), speaker))
        project.add_source(Source(name=f"int-{s}.txt", text=text, checksum=f"c{s}", municipality="Testdorp"), passages)
    return project, cb


def test_interviewer_turns_and_header_lines_get_no_suggestions(tmp_path):
    from analysis.coding import auto_code

    project, cb = _project(tmp_path)
    roles = {p.id: p.role for p in project.passages()}
    question = next(p for p in project.passages() if p.role == "interviewer" and "werkdruk" in p.text)
    header = next(p for p in project.passages() if p.role == "other")
    # an older run's confident suggestion on a question, and a researcher's own coding of another question
    project.upsert_suggestions([Coding(question.id, "werkdruk", cb.id, coder="duiding-auto", origin=CodingOrigin.MODEL,
                                       status=CodingStatus.SUGGESTED, confidence=0.87)])
    by_hand = next(p for p in project.passages() if p.role == "interviewer" and p.id != question.id)
    project.add_coding(Coding(by_hand.id, "toegang", cb.id, coder="onderzoeker", origin=CodingOrigin.MANUAL,
                              status=CodingStatus.ACCEPTED))

    report = auto_code(project, cb.id, progress=False)
    n_not_data = sum(r in ("interviewer", "other") for r in roles.values())
    assert report.skipped == n_not_data and report.passages == len(roles) - n_not_data
    assert "interviewer turns and header lines not coded" in report.summary()
    suggested = project.codings(codebook_id=cb.id, status=CodingStatus.SUGGESTED)
    assert suggested and {roles[c.passage_id] for c in suggested} == {"respondent"}
    assert not project.codings(codebook_id=cb.id, passage_ids=[question.id, header.id])  # the old one is gone
    kept = project.codings(codebook_id=cb.id, passage_ids=[by_hand.id])
    assert [(c.code_id, c.status) for c in kept] == [("toegang", CodingStatus.ACCEPTED)]  # hand coding stays


def test_review_starts_with_substantive_respondent_speech(tmp_path):
    from analysis.coding import auto_code
    from analysis.review import active_learning_order

    project, cb = _project(tmp_path)
    records = {p.id: p for p in project.passages()}
    # teach the model (so auto_code ranks its own queue too)
    accepted = rejected = 0
    for p in records.values():
        if p.role != "respondent" or not is_substantive(p.text):
            continue
        if "werkdruk" in p.text and accepted < 4:
            status, accepted = CodingStatus.ACCEPTED, accepted + 1
        elif "werkdruk" not in p.text and rejected < 4:
            status, rejected = CodingStatus.REJECTED, rejected + 1
        else:
            continue
        project.add_coding(Coding(p.id, "werkdruk", cb.id, coder="onderzoeker", origin=CodingOrigin.MANUAL, status=status))
    report = auto_code(project, cb.id, progress=False)
    assert report.mode == "learned"
    # make small talk the most uncertain suggestion of all: it must still not lead
    small = [p.id for p in records.values() if p.role == "respondent" and not is_substantive(p.text)]
    assert len(small) >= 6
    project.upsert_suggestions([Coding(pid, "knelpunt", cb.id, coder="duiding-auto", origin=CodingOrigin.MODEL,
                                       status=CodingStatus.SUGGESTED, confidence=0.5) for pid in small])
    for ranked in (report.review_queue, active_learning_order(project, cb.id)):
        assert ranked
        assert {records[pid].role for pid in ranked} == {"respondent"}
        first = records[ranked[0]]
        assert is_substantive(first.text) and first.text not in SMALL_TALK
        substantive = [is_substantive(records[pid].text) for pid in ranked]
        assert substantive == sorted(substantive, reverse=True)  # small talk only after all substance


@pytest.mark.parametrize("text", SMALL_TALK + ["Dertig, dat is veel.", "Dank je wel, Yusuf."])
def test_small_talk_is_not_substantive(text):
    assert not is_substantive(text)


def test_answers_are_substantive():
    assert is_substantive(
        "Ja, dan wordt het lastig. Dan wil je iemand doorsturen naar het Sociaal Team, maar waar zitten ze?"
    )
    assert is_substantive("Dank zij Ilse kreeg ik eindelijk hulp. " + "Ze kwam elke week langs en regelde alles. " * 8)


def test_review_order_puts_small_talk_last_whatever_its_uncertainty():
    texts = ["Hoi, welkom!", "De wachttijd voor de schuldhulp was zes weken, en ondertussen liepen de boetes gewoon door.",
             "Ja, klopt.", "Het wijkteam kwam pas na drie maanden langs, terwijl mijn moeder al die tijd alleen was."]
    probs = np.array([[0.5], [0.9], [0.5], [0.7]])
    assert review_order([1, 2, 3, 4], probs, texts=texts) == [4, 2, 1, 3]
    assert review_order([1, 2, 3, 4], probs, texts=texts, limit=3) == [4, 2, 1]
    assert review_order([1, 2, 3, 4], probs) == [1, 3, 4, 2]  # without texts: uncertainty alone
