"""Strings about who speaks in a passage (merged into :mod:`ui.i18n`)."""

from __future__ import annotations

NL: dict[str, str] = {
    "speaker.role.interviewer": "interviewer",
    "speaker.role.respondent": "respondent",
    "speaker.role.other": "andere spreker",
    "speaker.role.header": "kopregel",
    "speaker.autocode_skipped": "; {n} interviewervragen en kopregels niet gecodeerd",
    "speaker.filter_all": "Alle sprekers",
    "speaker.filter_all_help": (
        "Interviewervragen en kopregels (zoals de titel boven een transcript) zijn geen gegevens: ze worden "
        "niet automatisch gecodeerd en staan standaard niet in de wachtrij. Zet dit aan om ze te zien en, "
        "als je dat wilt, met de hand te coderen."
    ),
}

EN: dict[str, str] = {
    "speaker.role.interviewer": "interviewer",
    "speaker.role.respondent": "respondent",
    "speaker.role.other": "other speaker",
    "speaker.role.header": "header line",
    "speaker.autocode_skipped": "; {n} interviewer questions and header lines not coded",
    "speaker.filter_all": "All speakers",
    "speaker.filter_all_help": (
        "Interviewer questions and header lines (such as the title above a transcript) are not data: they are "
        "not auto-coded and not in the queue by default. Turn this on to see them and, if you wish, code them "
        "by hand."
    ),
}

NL["col.role"] = "Rol"
EN["col.role"] = "Role"
