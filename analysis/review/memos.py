"""Memos everywhere (issue 15 point 5): on the project, a source, a code, a passage or a coding.

The memos live in the store's ``memos`` table (``target_type`` + ``target_id``); a coding's own memo
field stays what the review page edits. This module validates targets, lists every memo with a
readable label of what it is about (the overview), and turns them into a report section, so every
report export (Markdown, HTML, DOCX, XLSX, CSV) can carry them. REFI-QDA carries them as Notes
(:mod:`analysis.refi.export` and ``importer``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from ..domain import NOTE_TARGETS, Memo
from ..errors import DuidingError
from ..store import Project

PROJECT, SOURCE, CODE, PASSAGE, CODING = "project", "source", "code", "passage", "coding"
TARGETS = NOTE_TARGETS
SNIPPET = 80


class MemoError(DuidingError):
    """A memo that cannot be stored (the message says why)."""

    default_key = "review.memo_target"


@dataclass(frozen=True, slots=True)
class MemoLine:
    """A memo with a readable label of its target, for the overview and the exports."""

    id: int
    target_type: str
    target_id: str | None
    target: str  # "Project", the source's name, "Codeboek › Code", a passage snippet ...
    title: str
    text: str
    author: str
    updated_at: datetime | None


def code_target(codebook_id: str, code_id: str) -> str:
    """A code's memo target id (``codebook/code``, as the REFI-QDA import writes it)."""
    return f"{codebook_id}/{code_id}"


def add(project: Project, target_type: str, target_id: str | int | None, text: str, *, title: str = "",
        author: str | None = None) -> int:
    """Store a memo on ``target_type`` (one of :data:`TARGETS`); returns its id."""
    if target_type not in TARGETS:
        raise MemoError("review.memo_target", target=target_type)
    if not (text or "").strip():
        raise MemoError("review.memo_empty")
    tid = None if target_type == PROJECT else str(target_id)
    return project.add_memo(Memo(text.strip(), author or project.user, target_type, tid, title.strip()))


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def overview(project: Project, target_type: str | None = None) -> list[MemoLine]:
    """Every memo (or those on one kind of target), newest change first, with a label of its target."""
    memos = [m for m in project.memos(target_type=target_type) if m.is_note]
    sources = {str(s.id): s.name for s in project.sources(with_text=False)} if memos else {}
    codes: dict[str, str] = {}
    for cb in project.codebooks() if memos else []:
        for c in cb.codes:
            codes[code_target(cb.id, c.id)] = f"{cb.name} › {c.name}"
            codes.setdefault(c.id, f"{cb.name} › {c.name}")
    out = []
    for m in memos:
        tid = m.target_id
        if m.target_type == SOURCE:
            label = sources.get(str(tid), f"#{tid}")
        elif m.target_type == CODE:
            label = codes.get(str(tid), str(tid))
        elif m.target_type in (PASSAGE, CODING):
            label = _passage_label(project, m.target_type, tid, sources)
        else:
            label = ""
        out.append(MemoLine(int(m.id), m.target_type or PROJECT, tid, label, m.title or "", m.text, m.author or "",
                            m.updated_at or m.created_at))
    return sorted(out, key=lambda x: (x.updated_at is None, x.updated_at), reverse=True)


def _passage_label(project: Project, kind: str, tid: str | None, sources: dict[str, str]) -> str:
    try:
        if kind == CODING:
            tid = str(project.get_coding(int(tid)).passage_id)  # type: ignore[arg-type]
        p = project.get_passage(int(tid))  # type: ignore[arg-type]
    except (TypeError, ValueError, DuidingError):
        return f"#{tid}"
    return f"{sources.get(str(p.source_id), p.source_name)} #{p.ordinal}: “{_snippet(p.text)}”"


def frame(lines: list[MemoLine], labels: dict[str, str]) -> pd.DataFrame:
    """The memos as a table; ``labels`` names the columns and target kinds in the reader's language."""
    return pd.DataFrame(
        [
            {
                labels["kind"]: labels.get(f"kind.{m.target_type}", m.target_type),
                labels["target"]: m.target,
                labels["title"]: m.title,
                labels["text"]: m.text,
                labels["author"]: m.author,
                labels["date"]: m.updated_at.strftime("%Y-%m-%d %H:%M") if m.updated_at else "",
            }
            for m in lines
        ],
        columns=[labels[k] for k in ("kind", "target", "title", "text", "author", "date")],
    )


def add_to_report(report, project: Project, labels: dict[str, str]):  # type: ignore[no-untyped-def]
    """Append a "Memo's" section (one table of every memo) to a report; returns the report."""
    from ..reports.document import Paragraph, Table

    lines = overview(project)
    section = report.section(labels["section"])
    if not lines:
        section.add(Paragraph(labels["none"]))
        return report
    section.add(Table(labels["section"], frame(lines, labels), sheet=labels["section"]))
    return report
