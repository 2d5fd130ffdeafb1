"""Gespreksverslagen: interview summaries that keep their structure.

A verslag's blocks (:mod:`analysis.corpus.structure`) become the stored text and its
passages in one step, so every passage knows its heading path ("2. Toegang > 2.1
Bereikbaarheid") and, for a question | answer table, its question, while
``text[p.start:p.end] == p.text`` holds as for every source:

- a heading is a line of the text, never a passage (and never merged into the next one);
- a paragraph is a passage (long ones split at line and sentence boundaries);
- consecutive list items are one passage, an item per line ("• ...");
- a question | answer row stores the question line and the answer; the answer is the passage;
- header fields before the first heading ("Gesprek met: ...", "Datum: ...") stay in the
  text but are metadata, not passages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis.corpus.normalize import normalize_text
from analysis.corpus.segmentation import HARD_MAX, SOFT_MAX, split_span
from analysis.corpus.structure import Block, plain_blocks
from analysis.domain import Passage

HEADING_SEPARATOR = " > "
BULLET = "• "
_DETECT = re.compile(
    r"\b(?:gespreksverslag|interviewverslag|verslag van (?:het |een )?(?:gesprek|interview)|geaccordeerd)\b",
    re.IGNORECASE,
)
_APPROVED = re.compile(r"\b(niet|nog niet|ongeaccordeerd)?\s*geaccordeerd\b(?:\s*(?:op|:)?\s*(?P<rest>[^\n]*))?", re.IGNORECASE)
_RESPONDENT_KEYS = ("gesprek met", "geïnterviewde", "geïnterviewden", "geinterviewde", "geinterviewden",
                    "respondent", "respondenten", "gesprekspartner", "gesprekspartners", "deelnemers")
_SPLIT_NAMES = re.compile(r"\s*(?:;|,|\s+en\s+|\s*&\s*)\s*")


@dataclass(slots=True)
class Verslag:
    """A verslag's stored text, its passages and what its header and properties say."""

    text: str
    passages: list[Passage]
    metadata: dict[str, Any] = field(default_factory=dict)


def looks_like_verslag(blocks: Sequence[Block] | None, properties: dict[str, Any] | None = None, head_chars: int = 600) -> bool:
    """Detection without a manifest: 'gespreksverslag', 'verslag van het gesprek' or 'geaccordeerd' near
    the top, or header fields naming the interviewee, or a question | answer table."""
    if not blocks:
        return False
    if any(b.kind == "meta" and b.key in _RESPONDENT_KEYS for b in blocks):
        return True
    qa = [b for b in blocks if b.kind == "qa"]
    if qa and 2 * sum(1 for b in qa if (b.question or "").rstrip().endswith("?")) >= len(qa):
        return True  # a question | answer table (not any two-column table of a report)
    head = " ".join(b.text for b in blocks[:8])[:head_chars]
    props = " ".join(str(v) for k, v in (properties or {}).items() if k in ("title", "subject", "keywords", "status"))
    return bool(_DETECT.search(head) or _DETECT.search(props))


def _clean(text: str) -> str:
    text = normalize_text(text, keep_page_breaks=False).replace("\t", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def build_verslag(blocks: Sequence[Block], properties: dict[str, Any] | None = None) -> Verslag:
    """Stored text, passages (with heading paths) and metadata of a verslag's blocks."""
    parts: list[str] = []
    length = 0
    passages: list[Passage] = []
    stack: list[tuple[int, str]] = []
    header: dict[str, str] = {}
    title: str | None = None
    pending_list: list[tuple[int, int]] = []
    list_heading: str | None = None

    def add(piece: str) -> tuple[int, int]:
        nonlocal length
        if parts:
            parts.append("\n\n")
            length += 2
        start = length
        parts.append(piece)
        length += len(piece)
        return start, length

    def path() -> str | None:
        return HEADING_SEPARATOR.join(t for _, t in stack) or None

    def passage(start: int, end: int, heading: str | None, question: str | None = None) -> None:
        text = "".join(parts)
        for s, e in split_span(text, start, end, SOFT_MAX, HARD_MAX):
            passages.append(Passage(start=s, end=e, text=text[s:e], ordinal=len(passages), heading=heading, question=question))

    def flush_list() -> None:
        nonlocal pending_list
        if pending_list:
            passage(pending_list[0][0], pending_list[-1][1], list_heading)
            pending_list = []

    for block in blocks:
        text = _clean(block.text)
        if not text:
            continue
        if block.kind == "list":
            if not pending_list:
                list_heading = path()
            if pending_list:  # items of one list: a line each, in one passage
                parts.append("\n" + BULLET + text)
                start = length + 1
                length += 1 + len(BULLET) + len(text)
                pending_list.append((start, length))
            else:
                pending_list.append(add(BULLET + text))
            continue
        flush_list()
        if block.kind == "heading":
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            heading = " ".join(text.split())
            stack.append((block.level, heading))
            add(heading)
        elif block.kind == "title":
            title = title or text
            add(text)
        elif block.kind == "meta":
            key = block.key or ""
            header[key] = f"{header[key]}; {text}" if key in header else text
            add(f"{key[:1].upper()}{key[1:]}: {text}")
        elif block.kind == "qa":
            question = " ".join(_clean(block.question or "").split())
            if question:
                add(question)
            start, end = add(text)
            passage(start, end, path(), question or None)
        else:  # paragraph, table
            start, end = add(text)
            passage(start, end, path())
    flush_list()
    full = "".join(parts)
    return Verslag(full, passages, verslag_metadata(header, title, properties or {}, full))


def verslag_metadata(header: dict[str, str], title: str | None, properties: dict[str, Any], text: str) -> dict[str, Any]:
    """What a verslag says about itself: respondents, interviewer, date, approval, author, title."""
    meta: dict[str, Any] = {}
    respondents: list[str] = []
    for key in _RESPONDENT_KEYS:
        if key in header:
            respondents += [n.strip(" .") for n in _SPLIT_NAMES.split(header[key]) if n.strip(" .")]
    if respondents:
        meta["respondents"] = list(dict.fromkeys(respondents))
    for key, name in (("interviewer", "interviewer"), ("interviewers", "interviewer"), ("gespreksleider", "interviewer"),
                      ("datum", "date"), ("verslag", "author"), ("verslaglegging", "author"), ("notulist", "author"),
                      ("functie", "function"), ("organisatie", "organisation"), ("locatie", "location"),
                      ("plaats", "location"), ("gemeente", "municipality")):
        if key in header and name not in meta:
            meta[name] = header[key]
    approval = _approval(" ".join(filter(None, [header.get("status", ""), properties.get("status", ""),
                                                properties.get("keywords", "")])) or text[:3000])
    if approval is None:
        approval = _approval(text[:3000])
    if approval is not None:
        meta["geaccordeerd"] = approval[0]
        if approval[1]:
            meta["geaccordeerd_op"] = approval[1]
    if title:
        meta["title"] = title
    doc = {k: v for k, v in properties.items() if k in ("author", "created", "modified", "last_modified_by", "title")}
    if doc:
        meta["document"] = doc
        meta.setdefault("author", doc.get("author"))
        meta.setdefault("title", doc.get("title"))
    return {k: v for k, v in meta.items() if v not in (None, "", [])}


_DATE = re.compile(r"\d{1,2}[-/ ](?:\d{1,2}|[a-z]{3,9})[-/ ]\d{2,4}|\d{4}-\d{2}-\d{2}", re.IGNORECASE)


def _approval(text: str) -> tuple[bool, str | None] | None:
    m = _APPROVED.search(text or "")
    if m is None:
        return None
    rest = (m.group("rest") or "").strip()
    negative = bool(m.group(1)) or rest.lower().startswith(("nee", "nog niet", "niet"))
    when = _DATE.search(rest)
    return (not negative, when.group(0) if when and not negative else None)


def text_verslag(text: str) -> Verslag:
    """A verslag from plain text or Markdown (blank-line paragraphs, '#' headings, numbered questions)."""
    return build_verslag(plain_blocks(text))
