"""Typed domain objects shared by every capability.

Plain dataclasses: no database, UI or NLP imports, so notebooks, the CLI and
tests can build and inspect them freely. Offsets are Python code points into
``Source.text``; ``source.text[p.start:p.end] == p.text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from .errors import DuidingError
from .fold import strip_diacritics


class UnknownCode(DuidingError, KeyError):
    """A code id the codebook does not have: a ``KeyError`` for the callers that catch one, with a catalogue
    key so a person reads it in Dutch."""

    default_key = "store.no_code"  # the catalogue's one sentence for a code a codebook lacks (the store's too)

    def __str__(self) -> str:  # the sentence itself, not KeyError's repr of it
        return Exception.__str__(self)


class SourceKindError(DuidingError, ValueError):
    """A source kind Duiding does not know (``interview``, ``story``, ``verslag`` ...)."""

    default_key = "domain.unknown_kind"


class SourceKind(str, Enum):
    INTERVIEW = "interview"
    GROUP_INTERVIEW = "group_interview"
    STREET_INTERVIEW = "street_interview"
    STORY = "story"
    REPORT = "report"
    POLICY_DOCUMENT = "policy_document"
    VERSLAG = "verslag"  # a gespreksverslag: an interview summarised (paraphrased), not transcribed

    @classmethod
    def parse(cls, value: str | SourceKind | None) -> SourceKind:
        """Accept the enum value, its name, or common Dutch labels."""
        if isinstance(value, SourceKind):
            return value
        if value is None or str(value).strip() == "":
            return cls.INTERVIEW
        key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        aliases = {
            "groepsinterview": cls.GROUP_INTERVIEW,
            "group": cls.GROUP_INTERVIEW,
            "focusgroep": cls.GROUP_INTERVIEW,
            "straatinterview": cls.STREET_INTERVIEW,
            "verhaal": cls.STORY,
            "rapport": cls.REPORT,
            "beleidsdocument": cls.POLICY_DOCUMENT,
            "beleid": cls.POLICY_DOCUMENT,
            "policy": cls.POLICY_DOCUMENT,
            "document": cls.REPORT,
            "gespreksverslag": cls.VERSLAG,
            "interviewverslag": cls.VERSLAG,
            "summary": cls.VERSLAG,
            "interview_summary": cls.VERSLAG,
        }
        if key in aliases:
            return aliases[key]
        for kind in cls:
            if key in (kind.value, kind.name.lower()):
                return kind
        valid = ", ".join(k.value for k in cls)
        raise SourceKindError("domain.unknown_kind", value=value, valid=valid)

    @property
    def is_document(self) -> bool:
        return self in (SourceKind.REPORT, SourceKind.POLICY_DOCUMENT)

    @property
    def is_paraphrase(self) -> bool:
        """True for sources whose text is the researcher's summary, never the respondent's own words."""
        return self is SourceKind.VERSLAG


class CodingOrigin(str, Enum):
    MANUAL = "manual"
    RULE = "rule"
    MODEL = "model"
    REFERENCE = "reference"  # a reference coding (the demo's hand coding): never trains the auto-coder unless asked


class CodingStatus(str, Enum):
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


RESPONDENT_GROUPS = (
    "inwoner",
    "cliënt",
    "mantelzorger",
    "medewerker",
    "partner",
    "manager",
    "beleidsmaker",
    "raadslid",
)


def slugify(value: str) -> str:
    """Stable lowercase ASCII slug: 'Eén gezin, één plan' -> 'een-gezin-een-plan'."""
    text = strip_diacritics(value)
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "code"


@dataclass(slots=True)
class Municipality:
    name: str
    id: int | None = None


@dataclass(slots=True)
class Study:
    name: str
    description: str = ""
    id: int | None = None


@dataclass(slots=True)
class Participant:
    label: str
    municipality: str | None = None
    respondent_group: str | None = None
    age_group: str | None = None
    wijk: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(slots=True)
class Passage:
    start: int
    end: int
    text: str
    ordinal: int = 0
    speaker: str | None = None
    source_id: int | None = None
    id: int | None = None
    #: 'interviewer', 'respondent', 'other' (a header line, an interpreter) or None (no speaker:
    #: documents); see :func:`analysis.corpus.speakers.passage_roles`.
    role: str | None = None
    # Verslagen (and other structured documents): the heading path above the passage
    # ("2. Toegang > 2.1 Bereikbaarheid") and, for an answer in a question | answer table, its question.
    heading: str | None = None
    question: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"passage end {self.end} lies before start {self.start}")


@dataclass(slots=True)
class Source:
    name: str
    text: str
    kind: SourceKind = SourceKind.INTERVIEW
    municipality: str | None = None
    study: str | None = None
    participant: str | None = None
    respondent_group: str | None = None
    date: str | None = None
    checksum: str | None = None
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    imported_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Code:
    """One code of a codebook. ``id`` is a stable lowercase slug, unique in its codebook."""

    id: str
    name: str
    parent: str | None = None
    definition: str = ""
    inclusion: list[str] = field(default_factory=list)
    exclusion: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    exclude_keywords: list[str] = field(default_factory=list)
    respondent_groups: list[str] = field(default_factory=list)
    colour: str | None = None
    axis: str | None = None
    crosswalk: list[str] = field(default_factory=list)
    codable: bool = True


@dataclass(slots=True)
class ScaleLevel:
    """One step of a normenkader's judgement scale, e.g. 'voldoet deels'."""

    id: str
    label: str
    colour: str | None = None


@dataclass(slots=True)
class Norm:
    """A norm of the normenkader, grouped by deelvraag and linked to codes."""

    id: str
    norm: str
    deelvraag: str = ""
    codes: list[str] = field(default_factory=list)
    description: str = ""


DEFAULT_SCALE = (
    ScaleLevel("voldoet", "Voldoet", "#2e7d32"),
    ScaleLevel("voldoet-merendeels", "Voldoet merendeels", "#9ccc65"),
    ScaleLevel("voldoet-deels", "Voldoet deels", "#ffb300"),
    ScaleLevel("voldoet-niet", "Voldoet niet", "#c62828"),
)


@dataclass(slots=True)
class Codebook:
    id: str
    name: str
    description: str = ""
    municipality: str | None = None
    framework: str | None = None
    codes: list[Code] = field(default_factory=list)
    norms: list[Norm] = field(default_factory=list)
    scale: list[ScaleLevel] = field(default_factory=lambda: list(DEFAULT_SCALE))
    metadata: dict[str, Any] = field(default_factory=dict)

    def code(self, code_id: str) -> Code:
        for c in self.codes:
            if c.id == code_id:
                return c
        raise UnknownCode(codebook=self.id, code=code_id)

    def children(self, code_id: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent == code_id]

    def path(self, code_id: str) -> list[str]:
        """Ids from the root down to ``code_id``."""
        out: list[str] = []
        seen: set[str] = set()
        current: str | None = code_id
        while current is not None and current not in seen:
            seen.add(current)
            out.append(current)
            current = self.code(current).parent
        return list(reversed(out))


@dataclass(slots=True)
class EvidenceSpan:
    """Why a suggestion was made: a matched span in source offsets."""

    start: int
    end: int
    text: str
    reason: str = ""
    weight: float = 1.0


@dataclass(slots=True)
class Coding:
    passage_id: int
    code_id: str
    codebook_id: str
    coder: str = "researcher"
    origin: CodingOrigin = CodingOrigin.MANUAL
    status: CodingStatus = CodingStatus.ACCEPTED
    confidence: float | None = None
    start: int | None = None
    end: int | None = None
    evidence: list[EvidenceSpan] = field(default_factory=list)
    memo: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    citeerbaar: bool = False  # marked by the researcher as fit to quote in the report (see analysis.reports.draft)


@dataclass(slots=True)
class Memo:
    text: str
    author: str = "researcher"
    target_type: str = "project"
    target_id: str | None = None
    title: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def is_note(self) -> bool:
        """A researcher's memo (on the project, a source, a code, a passage or a coding), as opposed to
        something Duiding keeps in the memos table for itself (a stored heading template)."""
        return (self.target_type or "project") in NOTE_TARGETS


# The targets of researchers' memos; other target types in the memos table are Duiding's own records.
NOTE_TARGETS = ("project", "source", "code", "passage", "coding")


@dataclass(slots=True)
class PassageRecord:
    """A passage with the context that filters and breakdowns need (read-only view)."""

    id: int
    source_id: int
    ordinal: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    source_name: str = ""
    kind: SourceKind = SourceKind.INTERVIEW
    municipality: str | None = None
    study: str | None = None
    respondent_group: str | None = None
    participant: str | None = None
    date: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    heading: str | None = None
    question: str | None = None
    role: str | None = None  # who speaks: 'interviewer', 'respondent', 'other' or None (no speaker)
