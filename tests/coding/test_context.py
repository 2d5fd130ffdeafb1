"""The interviewer's preceding question as context of the learned coder."""

from __future__ import annotations

import random

from coding_testdata import NEUTRAL_SENTENCES, THEME_SENTENCES

from analysis.coding import LearnedCoder, analyze_passages
from analysis.coding.context import attach_contexts, gold_contexts, preceding_question_ids, preceding_questions
from analysis.domain import Passage

# Short answers that say nothing without the question before them.
ANSWERS = ["Ja, dat klopt wel.", "Nee, eigenlijk niet.", "Dat weet ik niet precies.", "Soms wel, soms niet."]
QUESTIONS = {
    "werkdruk": "Hoe ervaart u de werkdruk en de caseload in het team?",
    "toegang": "Wist u bij welk loket u terecht kon en was het wijkteam bereikbaar?",
}


def test_preceding_question_ids_follow_each_source():
    # (id, source_id, ordinal, role): source 1 asks twice, source 2 starts with an answer.
    rows = [
        (1, 1, 0, "other"),
        (2, 1, 1, "interviewer"),
        (3, 1, 2, "respondent"),
        (4, 1, 3, "respondent"),
        (5, 1, 4, "interviewer"),
        (6, 1, 5, "respondent"),
        (7, 2, 0, "respondent"),
        (8, 2, 1, "interviewer"),
        (9, 2, 2, "respondent"),
    ]
    assert preceding_question_ids(rows) == {3: 2, 4: 2, 6: 5, 9: 8}


def test_preceding_questions_of_one_source():
    turns = [
        Passage(start=0, end=5, text="Titel", ordinal=0, role="other"),
        Passage(start=6, end=20, text="Hoe ging het?", ordinal=1, role="interviewer"),
        Passage(start=21, end=30, text="Goed.", ordinal=2, role="respondent"),
        Passage(start=31, end=40, text="Echt goed.", ordinal=3, role="respondent"),
    ]
    assert preceding_questions(turns) == [None, None, "Hoe ging het?", "Hoe ging het?"]


def test_gold_rows_find_their_question_in_the_transcript(tmp_path):
    folder = tmp_path / "gemeente"
    folder.mkdir()
    (folder / "interview.txt").write_text(
        "I: Hoe lang moest u wachten op een gesprek?\n\n"
        "R: Veel te lang, wel drie maanden.\n\n"
        "I: En daarna?\n\n"
        "R: Daarna  ging het beter.\n",
        encoding="utf-8",
    )
    gold = folder / "gold.csv"
    files = ["gemeente/interview.txt", "gemeente/interview.txt", "gemeente/interview.txt", "elders.txt"]
    texts = ["Veel te lang, wel drie maanden.", "Daarna ging het beter.", "Niet in het transcript.", "x"]
    assert gold_contexts(gold, files, texts) == [
        "Hoe lang moest u wachten op een gesprek?",
        "En daarna?",
        None,
        None,
    ]


def _answers_with_questions(n: int, seed: int) -> tuple[list[str], list[str], list[set[str]]]:
    rng = random.Random(seed)
    texts, questions, labels = [], [], []
    for _ in range(n):
        code = rng.choice(sorted(QUESTIONS))
        texts.append(f"{rng.choice(ANSWERS)} {rng.choice(NEUTRAL_SENTENCES)}")
        questions.append(QUESTIONS[code])
        labels.append({code})
    return texts, questions, labels


def test_the_learned_coder_reads_the_question_before_an_answer(codebook):
    texts, questions, labels = _answers_with_questions(120, seed=3)
    corpus = [s for group in THEME_SENTENCES.values() for s in group] + texts
    train, test = slice(0, 80), slice(80, 120)

    def accuracy(context_weight: float) -> float:
        analyzed = analyze_passages(texts)
        assert attach_contexts(analyzed, questions)
        coder = LearnedCoder(codebook, context_weight=context_weight)
        coder.fit(analyzed[train], labels[train], corpus=corpus)
        got = [{s.code_id for s in row} & set(QUESTIONS) for row in coder.predict(analyzed[test])]
        return sum(1 for g, want in zip(got, labels[test]) if g == want) / len(got)

    # The answers alone carry no theme; with the question they do.
    assert accuracy(0.5) >= 0.9
    assert accuracy(0.0) <= 0.7


def test_passages_without_a_question_keep_working(codebook, corpus):
    texts, labels = corpus
    analyzed = analyze_passages(texts)
    assert not attach_contexts(analyzed, [None] * len(texts))
    coder = LearnedCoder(codebook).fit(analyzed, labels)
    assert not hasattr(coder, "context_")
    assert len(coder.predict(texts[:5])) == 5


def test_auto_code_gives_the_learned_coder_the_question_before_each_answer(tmp_path):
    from analysis.coding import auto_code
    from analysis.domain import Coding, CodingStatus, Source
    from analysis.store import Project

    project = Project.create(tmp_path / "proj")
    from coding_testdata import make_codebook

    cb = make_codebook()
    project.save_codebook(cb)
    texts, questions, labels = _answers_with_questions(60, seed=5)
    truth: dict[int, set[str]] = {}
    for s in range(6):
        body, passages = "", []
        for k in range(s * 10, s * 10 + 10):
            for role, speaker, text in (("interviewer", "I", questions[k]), ("respondent", "R", texts[k])):
                start = len(body) + 3
                passages.append(
                    Passage(start=start, end=start + len(text), text=text, ordinal=len(passages), speaker=speaker, role=role)
                )
                body += f"{speaker}: {text}\n\n"
        project.add_source(Source(name=f"interview-{s}.txt", text=body, checksum=f"c{s}"), passages)
    answers = [p for p in project.passages() if p.role == "respondent"]
    for p, label in zip(answers, labels):
        truth[p.id] = label
    for p in answers[:40]:
        for code in truth[p.id]:
            project.add_coding(Coding(passage_id=p.id, code_id=code, codebook_id=cb.id, coder="onderzoeker"))
    report = auto_code(project, cb.id, progress=False, batch_size=25, learned_options={"context_weight": 0.5})
    assert report.mode == "learned" and set(report.trained_codes) >= set(QUESTIONS)
    got: dict[int, set[str]] = {}
    for c in project.codings(codebook_id=cb.id, coder="duiding-auto", status=CodingStatus.SUGGESTED):
        got.setdefault(c.passage_id, set()).add(c.code_id)
    rest = answers[40:]
    right = sum(1 for p in rest if got.get(p.id, set()) & set(QUESTIONS) == truth[p.id])
    assert right >= 0.9 * len(rest)
