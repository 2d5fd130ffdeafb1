"""Dutch labels for reports: headings, column names, source kinds, provenance lines.

Everything a person reads in an export comes from here, so the wording stays
consistent across Markdown, HTML, DOCX, XLSX and CSV.
"""

from __future__ import annotations

from ..corpus.speakers import NOT_DATA_ROLES, ROLE_INTERVIEWER, ROLE_OTHER, ROLE_RESPONDENT, speaker_role
from ..domain import SourceKind

UNKNOWN = "(onbekend)"

KIND_LABELS: dict[str, str] = {
    SourceKind.INTERVIEW.value: "interview",
    SourceKind.GROUP_INTERVIEW.value: "groepsinterview",
    SourceKind.STREET_INTERVIEW.value: "straatinterview",
    SourceKind.STORY.value: "verhaal",
    SourceKind.REPORT.value: "rapport",
    SourceKind.POLICY_DOCUMENT.value: "beleidsdocument",
    SourceKind.VERSLAG.value: "gespreksverslag",
}

#: How a passage of a gespreksverslag is introduced: a paraphrase, never the respondent's own words.
PARAPHRASE = "volgens het gespreksverslag"

#: Names of the breakdown dimensions (column of the passage table -> Dutch heading).
DIMENSION_LABELS: dict[str, str] = {
    "respondent_group": "Respondentgroep",
    "kind": "Soort bron",
    "municipality": "Gemeente",
    "age_group": "Leeftijdsgroep",
    "wijk": "Wijk",
    "study": "Onderzoek",
}

#: Column names of the tables in exports.
COLUMNS: dict[str, str] = {
    "group": "Groep",
    "passages": "Fragmenten",
    "passages_total": "Fragmenten totaal",
    "passages_share": "Aandeel fragmenten",
    "participants": "Deelnemers",
    "participants_total": "Deelnemers totaal",
    "participants_share": "Aandeel deelnemers",
    "sources": "Bronnen",
    "sources_total": "Bronnen totaal",
    "sources_share": "Aandeel bronnen",
    "stance": "Houding",
    "share": "Aandeel",
    "code": "Code",
    "code_id": "Code-id",
    "theme": "Thema",
    "municipality": "Gemeente",
    "term": "Woord",
    "count": "Aantal",
    "log_odds": "Log-odds",
    "z": "z-score",
    "quote": "Citaat",
    "provenance": "Herkomst",
}

STANCE_NONE = "Zonder houding"


def kind_label(kind: str | SourceKind | None) -> str:
    """Dutch name of a source kind: 'group_interview' -> 'groepsinterview'."""
    if kind is None:
        return "bron"
    value = kind.value if isinstance(kind, SourceKind) else str(kind)
    return KIND_LABELS.get(value, value)


def dimension_label(dimension: str) -> str:
    """Dutch heading of a breakdown dimension; participant attributes keep their own name."""
    if dimension in DIMENSION_LABELS:
        return DIMENSION_LABELS[dimension]
    name = dimension.replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else dimension


_GENERIC_SPEAKERS = frozenset(
    {"r", "i", "a", "v", "q", "respondent", "interviewer", "int", "onderzoeker", "interviewster", "gespreksleider",
     "moderator", "inwoner"}
)

#: How a quote names who speaks (Dutch, as in every export).
ROLE_LABELS: dict[str, str] = {
    ROLE_INTERVIEWER: "interviewer",
    ROLE_RESPONDENT: "respondent",
    ROLE_OTHER: "andere spreker",
}
HEADER_LABEL = "kopregel"


def is_interviewer(speaker: object) -> bool:
    """True for speaker labels that mark the interviewer ('I', 'Interviewer', 'INTERVIEWER', 'V', ...)."""
    return isinstance(speaker, str) and speaker_role(speaker) == ROLE_INTERVIEWER


def role_of(role: object, speaker: object) -> str | None:
    """The passage's stored role, or (records without one) the role its speaker label stands for."""
    if isinstance(role, str) and role:
        return role
    return speaker_role(speaker) if isinstance(speaker, str) and speaker.strip() else None


def is_not_data(role: object, speaker: object) -> bool:
    """Interviewer turns and header lines: questions and titles, not data."""
    return role_of(role, speaker) in NOT_DATA_ROLES


def role_label(role: object, speaker: object) -> str:
    """'interviewer', 'respondent', 'andere spreker', 'kopregel' (header line) or '' (no speaker)."""
    found = role_of(role, speaker)
    if found == ROLE_OTHER and _named(speaker) is None and not (isinstance(speaker, str) and speaker.strip()):
        return HEADER_LABEL
    return ROLE_LABELS.get(found or "", "")


def _named(speaker: object) -> str | None:
    if not isinstance(speaker, str) or not speaker.strip():
        return None
    name = speaker.strip()
    return None if name.lower().rstrip(".:").rstrip("0123456789 ") in _GENERIC_SPEAKERS else name


def is_paraphrase(kind: str | SourceKind | None) -> bool:
    """True when passages of this source kind are a summary (a verslag), not verbatim speech."""
    value = kind.value if isinstance(kind, SourceKind) else str(kind or "")
    return value == SourceKind.VERSLAG.value


def quote_text(text: str, kind: str | SourceKind | None) -> str:
    """A passage as it is shown in a report: in quotation marks when verbatim, introduced as
    'Volgens het gespreksverslag: ...' (without quotation marks) when it comes from a verslag."""
    if is_paraphrase(kind):
        return f"{PARAPHRASE[:1].upper()}{PARAPHRASE[1:]}: {text}"
    return f"“{text}”"


def source_kinds_sentence(verbatim: int, verslagen: int) -> str:
    """'3 letterlijke bronnen en 2 gespreksverslagen': how many of each carry a finding."""
    return (
        f"{verbatim} letterlijke bron{'nen' if verbatim != 1 else ''} en "
        f"{verslagen} gespreksverslag{'en' if verslagen != 1 else ''}"
    )


def provenance(
    *,
    respondent_group: str | None,
    municipality: str | None,
    kind: str | SourceKind | None,
    participant: str | None,
    source_name: str | None,
    ordinal: int | None,
    speaker: str | None = None,
    role: str | None = None,
) -> str:
    """The human provenance line of a quote.

    >>> provenance(respondent_group="inwoner", municipality="Lindewaard", kind="interview",
    ...            participant="RLW-01", source_name="inwoner_01", ordinal=3)
    '— inwoner, Lindewaard, interview RLW-01, alinea 4'

    Ordinals are 0-based in the store; the line counts paragraphs from 1. The line
    names who speaks (``role``, else derived from the speaker label): the interviewer's
    questions are never credited to the respondent::

        — interviewer, Heemsteden, interview RHMS-03, alinea 22
        — kopregel, Heemsteden, interview RHMS-03, alinea 1

    A respondent is named by their group (else 'respondent') and the participant's
    pseudonym. In a group interview the speaker label is added (it tells who of the
    group speaks), and so it is when the source has no participant; otherwise it is
    left out, as it may be a first name rather than a pseudonym.
    """
    parts: list[str] = [PARAPHRASE] if is_paraphrase(kind) else []
    kind_value = kind.value if isinstance(kind, SourceKind) else str(kind or "")
    who_role = role_of(role, speaker)
    name = _named(speaker)
    if who_role == ROLE_INTERVIEWER:
        who = ROLE_LABELS[ROLE_INTERVIEWER] + (f" ({name})" if name else "")
    elif who_role == ROLE_OTHER:
        who = f"{ROLE_LABELS[ROLE_OTHER]} ({name})" if name else HEADER_LABEL
    else:
        who = respondent_group or (ROLE_LABELS[ROLE_RESPONDENT] if who_role == ROLE_RESPONDENT else "")
        if name and name != (participant or "") and (kind_value == SourceKind.GROUP_INTERVIEW.value or not participant):
            who = f"{who} ({name})" if who else name
    if who:
        parts.append(who)
    if municipality:
        parts.append(municipality)
    what = "gesprek" if is_paraphrase(kind) else kind_label(kind)  # 'volgens het gespreksverslag, ..., gesprek RLW-V1'
    parts.append(f"{what} {participant or source_name or ''}".strip())
    if ordinal is not None:
        parts.append(f"alinea {ordinal + 1}")
    return "— " + ", ".join(parts)
