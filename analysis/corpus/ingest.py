"""Turn one file into a :class:`~analysis.domain.Source` and its passages."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.corpus.clean import clean_text
from analysis.corpus.errors import IngestError
from analysis.corpus.manifest import ManifestEntry
from analysis.corpus.normalize import normalize_text
from analysis.corpus.readers import read_bytes, read_document
from analysis.corpus.segmentation import segment
from analysis.corpus.speakers import Label, find_turns, interviewer_names, passage_roles
from analysis.domain import Passage, Source, SourceKind

_INTERVIEW_KINDS = (SourceKind.INTERVIEW, SourceKind.GROUP_INTERVIEW, SourceKind.STREET_INTERVIEW)
# Texts without speakers shorter than this are guessed to be resident stories.
STORY_MAX_CHARS = 6000
_WORDS = re.compile(r"[^\W\d_]+")
_FIRST_PERSON = frozenset({"ik", "mijn", "mij", "me"})
# Transcripts with at least this many distinct speakers are guessed to be group interviews.
GROUP_MIN_SPEAKERS = 4


def ingest_file(
    path: str | Path,
    *,
    kind: SourceKind | str | None = None,
    municipality: str | None = None,
    study: str | None = None,
    participant: str | None = None,
    respondent_group: str | None = None,
    date: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    entry: ManifestEntry | None = None,
    manifest: Mapping[str, ManifestEntry] | None = None,
) -> tuple[Source, list[Passage]]:
    """Read, clean and segment ``path``.

    Metadata comes from the keyword arguments, else from ``entry`` (or the
    entry for this file in ``manifest``, as returned by ``load_manifest``).
    Without a kind it is guessed: speaker turns make an interview (a group
    interview from four speakers), a PDF or long text a report, a short text
    told in the first person (ik, mijn) a story, other short texts a report.

    Every passage gets its speaker's role (``Passage.role``: interviewer, respondent,
    other for header lines above the first turn); a manifest's ``interviewer`` column
    names who asked when the labels do not tell.

    ``Source.checksum`` is the SHA-256 of the file's bytes; ``Source.text`` is
    the cleaned text that passage offsets refer to; ``Source.metadata["ingest"]``
    records the format, encoding and any reader warnings.

    Raises :class:`IngestError` for every problem with the file.
    """
    path = Path(path)
    if entry is None and manifest is not None:
        entry = manifest.get(str(path.resolve()))
    data = read_bytes(path)
    raw = read_document(path, data)
    chosen: SourceKind | str | None = kind if kind is not None else (entry.kind if entry else None)
    try:
        given = SourceKind.parse(chosen) if chosen is not None else None
    except ValueError as exc:
        raise IngestError(path, str(exc)) from None

    text = normalize_text(raw.text)
    turns: list[Label] = []
    if given is None or not given.is_document:
        turns = find_turns(text.replace("\f", "\n"), relaxed=given in _INTERVIEW_KINDS)
    transcript = bool(turns) or (raw.format in ("vtt", "srt") and (given is None or not given.is_document))
    cleaned = clean_text(text, fmt=raw.format, transcript=transcript)
    if not cleaned.strip():
        raise IngestError(path, "no text is left after removing page numbers, headers and footers")
    final_kind = given if given is not None else _guess_kind(raw.format, cleaned, turns)
    passages = segment(cleaned, kind=final_kind)
    if not passages:
        raise IngestError(path, "the text holds no words (only punctuation or numbers)")

    merged: dict[str, Any] = dict(entry.metadata) if entry else {}
    if metadata:
        merged.update(metadata)
    merged["ingest"] = {"format": raw.format, "encoding": raw.encoding, "warnings": list(raw.warnings)}
    roles = passage_roles(passages, kind=final_kind, interviewers=interviewer_names(merged.get("interviewer")))
    for passage, role in zip(passages, roles):
        passage.role = role
    source = Source(
        name=path.name,
        text=cleaned,
        kind=final_kind,
        municipality=municipality if municipality is not None else (entry.municipality if entry else None),
        study=study if study is not None else (entry.study if entry else None),
        participant=participant if participant is not None else (entry.participant if entry else None),
        respondent_group=respondent_group
        if respondent_group is not None
        else (entry.respondent_group if entry else None),
        date=date if date is not None else (entry.date if entry else None),
        checksum=hashlib.sha256(data).hexdigest(),
        path=str(path.resolve()),
        metadata=merged,
    )
    return source, passages


def _guess_kind(fmt: str, text: str, turns: list[Label]) -> SourceKind:
    if turns or fmt in ("vtt", "srt"):
        speakers = {label.key for label in turns}
        return SourceKind.GROUP_INTERVIEW if len(speakers) >= GROUP_MIN_SPEAKERS else SourceKind.INTERVIEW
    if fmt == "pdf" or len(text) > STORY_MAX_CHARS:
        return SourceKind.REPORT
    words = _WORDS.findall(text.lower())
    first_person = sum(1 for w in words if w in _FIRST_PERSON)
    return SourceKind.STORY if words and first_person >= 0.01 * len(words) else SourceKind.REPORT
