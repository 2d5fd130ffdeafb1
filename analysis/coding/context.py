"""The interviewer's preceding question as context of an answer.

An answer such as "Nee, dat duurde veel te lang" is about waiting times only because of the question
before it ("Hoe lang moest u wachten op een keukentafelgesprek?"). The learned coder reads the question's
content lemmas as a separate block of features (``AnalyzedPassage.context``); the zero-shot coder does not
(the question is the interviewer's framing, not the respondent's words).

A respondent turn's context is the last interviewer turn before it in the same source, until the next
interviewer turn (follow-up answers keep the question they answer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from analysis.corpus.speakers import ROLE_INTERVIEWER
from analysis.nlp import iter_tokens

from .base import AnalyzedPassage, _content

__all__ = ["attach_contexts", "gold_contexts", "preceding_question_ids", "preceding_questions"]


def preceding_question_ids(positions: Iterable[Sequence[Any]]) -> dict[int, int]:
    """Passage id → id of the interviewer turn that precedes it, from rows ``(id, source_id, ordinal, ...,
    role)`` in (source, ordinal) order (``Project.passage_positions()``: role is the last field)."""
    out: dict[int, int] = {}
    source: Any = object()
    question: int | None = None
    for row in positions:
        pid, sid, role = row[0], row[1], row[-1]
        if sid != source:
            source, question = sid, None
        if role == ROLE_INTERVIEWER:
            question = pid
        elif question is not None:
            out[pid] = question
    return out


def preceding_questions(passages: Sequence[Any]) -> list[str | None]:
    """For passages of one source in document order (with ``role``): the preceding interviewer turn's text."""
    out: list[str | None] = []
    question: str | None = None
    for p in passages:
        if getattr(p, "role", None) == ROLE_INTERVIEWER:
            question = p.text
            out.append(None)
        else:
            out.append(question)
    return out


def _squash(text: str) -> str:
    return " ".join(text.split())


def gold_contexts(gold_csv: str | Path, files: Sequence[str], texts: Sequence[str]) -> list[str | None]:
    """The preceding interviewer question of every gold row whose ``file`` names a transcript that can be
    read (relative to the gold file's folder or its parent), matched on the row's text; None otherwise."""
    from analysis.corpus.ingest import ingest_file

    base = Path(gold_csv).parent
    by_file: dict[str, dict[str, str | None]] = {}
    out: list[str | None] = []
    for name, text in zip(files, texts):
        if name not in by_file:
            found: dict[str, str | None] = {}
            for folder in (base, base.parent):
                path = folder / name
                if name and path.is_file():
                    try:
                        _, passages = ingest_file(path)
                    except Exception:  # noqa: BLE001 - a transcript that cannot be read gives no context
                        break
                    for p, q in zip(passages, preceding_questions(passages)):
                        found[_squash(p.text)] = q
                    break
            by_file[name] = found
        out.append(by_file[name].get(_squash(text)))
    return out


def attach_contexts(analyzed: Sequence[AnalyzedPassage], questions: Sequence[str | None]) -> bool:
    """Give each analysed passage the content lemmas of its question (aligned; None for none).

    True when at least one passage got a context.
    """
    if len(questions) != len(analyzed):
        raise ValueError(f"got {len(analyzed)} passages but {len(questions)} questions")
    todo = [i for i, q in enumerate(questions) if q]
    for i, toks in zip(todo, iter_tokens(questions[i] for i in todo)):
        analyzed[i].context = _content(toks)
    return bool(todo)
