"""Turn one file into a :class:`~analysis.domain.Source` and its passages."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.corpus.clean import clean_text
from analysis.corpus.errors import IngestError
from analysis.corpus.limits import check_passages, check_unpacked
from analysis.corpus.manifest import ManifestEntry
from analysis.corpus.normalize import normalize_text
from analysis.corpus.readers import read_bytes, read_document
from analysis.corpus.segmentation import segment
from analysis.corpus.speakers import Label, find_turns, interviewer_names, passage_roles
from analysis.domain import Passage, Source, SourceKind

_INTERVIEW_KINDS = (SourceKind.INTERVIEW, SourceKind.GROUP_INTERVIEW, SourceKind.STREET_INTERVIEW)
_KIND_CHOICES = ", ".join(k.value for k in SourceKind)
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
    check_unpacked(path, len(raw.text))
    chosen: SourceKind | str | None = kind if kind is not None else (entry.kind if entry else None)
    try:
        given = SourceKind.parse(chosen) if chosen is not None else None
    except ValueError as exc:
        raise IngestError(path, str(exc), "ingest.unknown_kind", kind=chosen, choices=_KIND_CHOICES) from None

    if given is SourceKind.VERSLAG or (given is None and _detect_verslag(raw)):
        return _ingest_verslag(
            path, data, raw, entry, metadata,
            municipality=municipality, study=study, participant=participant,
            respondent_group=respondent_group, date=date,
        )

    text = normalize_text(raw.text)
    turns: list[Label] = []
    if given is None or not given.is_document:
        turns = find_turns(text.replace("\f", "\n"), relaxed=given in _INTERVIEW_KINDS)
    transcript = bool(turns) or (raw.format in ("vtt", "srt") and (given is None or not given.is_document))
    cleaned = clean_text(text, fmt=raw.format, transcript=transcript)
    if not cleaned.strip():
        raise IngestError(path, "no text is left after removing page numbers, headers and footers", "ingest.no_text")
    final_kind = given if given is not None else _guess_kind(raw.format, cleaned, turns)
    passages = segment(cleaned, kind=final_kind)
    check_passages(path, len(passages))
    if not passages:
        raise IngestError(path, "the text holds no words (only punctuation or numbers)", "ingest.no_text")

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


def _detect_verslag(raw) -> bool:  # type: ignore[no-untyped-def]
    """A Word/OpenDocument file that says it is a gespreksverslag (and has no speaker turns)."""
    from analysis.corpus.verslag import looks_like_verslag

    if not raw.blocks or not looks_like_verslag(raw.blocks, raw.properties):
        return False
    return not find_turns(normalize_text(raw.text))


def _ingest_verslag(
    path: Path,
    data: bytes,
    raw,  # type: ignore[no-untyped-def]
    entry: ManifestEntry | None,
    metadata: Mapping[str, Any] | None,
    **given: str | None,
) -> tuple[Source, list[Passage]]:
    """A gespreksverslag: structure kept (heading paths, table questions), header fields as metadata."""
    from analysis.corpus.verslag import build_verslag, text_verslag

    if raw.blocks is not None:
        verslag = build_verslag(raw.blocks, raw.properties)
    else:
        verslag = text_verslag(normalize_text(raw.text))
    if not verslag.passages:
        raise IngestError(
            path, "the verslag holds no text under its headings (only headings or header fields)",
            "ingest.verslag_empty",
        )
    info = verslag.metadata
    merged: dict[str, Any] = dict(entry.metadata) if entry else {}
    if metadata:
        merged.update(metadata)
    merged["ingest"] = {"format": raw.format, "encoding": raw.encoding, "warnings": list(raw.warnings)}
    merged["verslag"] = info

    def pick(key: str) -> str | None:
        if given.get(key) is not None:
            return given[key]
        return getattr(entry, key, None) if entry else None

    participant = pick("participant") or (", ".join(info["respondents"]) if info.get("respondents") else None)
    source = Source(
        name=path.name,
        text=verslag.text,
        kind=SourceKind.VERSLAG,
        municipality=pick("municipality") or info.get("municipality"),
        study=pick("study"),
        participant=participant,
        respondent_group=pick("respondent_group"),
        date=pick("date") or info.get("date") or (info.get("document") or {}).get("created"),
        checksum=hashlib.sha256(data).hexdigest(),
        path=str(path.resolve()),
        metadata=merged,
    )
    return source, verslag.passages


def _guess_kind(fmt: str, text: str, turns: list[Label]) -> SourceKind:
    if turns or fmt in ("vtt", "srt"):
        speakers = {label.key for label in turns}
        return SourceKind.GROUP_INTERVIEW if len(speakers) >= GROUP_MIN_SPEAKERS else SourceKind.INTERVIEW
    if fmt == "pdf" or len(text) > STORY_MAX_CHARS:
        return SourceKind.REPORT
    words = _WORDS.findall(text.lower())
    first_person = sum(1 for w in words if w in _FIRST_PERSON)
    return SourceKind.STORY if words and first_person >= 0.01 * len(words) else SourceKind.REPORT
