"""Strings of the report draft (Rapportage › Normenkader) and the citeerbaar toggle (review page)."""

from __future__ import annotations

NL: dict[str, str] = {
    "draft.citeerbaar": "Citeerbaar",
    "draft.citeerbaar_help": (
        "Markeer dit fragment als citaat voor het rapport: het conceptrapport neemt het op als onderbouwing, "
        "met de herkomst en de rol van de spreker."
    ),
    "draft.citeerbaar_on": "Gemarkeerd als citeerbaar.",
    "draft.citeerbaar_off": "Niet meer gemarkeerd als citeerbaar.",
    "draft.citeerbaar_failed": "Niet opgeslagen: {error}",
    "draft.title": "Conceptrapport",
    "draft.caption": (
        "Een concept in de vorm van een rekenkamerrapport: per deelvraag een hoofdstuk, per norm het oordeel in "
        "zijn kleur, jouw bevinding (de toelichting hierboven) en de onderbouwing met de citaten die je op de "
        "beoordelingspagina als citeerbaar markeerde; achterin de verantwoording van de methode. Het concept "
        "schrijft zelf geen bevindingen."
    ),
    "draft.template": "Word-sjabloon van de rekenkamer (.dotx, optioneel)",
    "draft.template_help": "De kopstijlen, tabelstijlen, kop- en voetteksten komen dan uit dit sjabloon.",
    "draft.make": "Conceptrapport maken",
    "draft.making": "Conceptrapport maken…",
    "draft.ready": "Het conceptrapport is klaar: {norms} normen, {marked} met gemarkeerde citaten.",
    "draft.download.docx": "Word",
    "draft.download.md": "Markdown",
    "draft.failed": "Conceptrapport niet gemaakt: {error}",
}

EN: dict[str, str] = {
    "draft.citeerbaar": "Quotable",
    "draft.citeerbaar_help": (
        "Mark this passage as a quote for the report: the report draft uses it as evidence, with its provenance "
        "and the speaker's role."
    ),
    "draft.citeerbaar_on": "Marked as quotable.",
    "draft.citeerbaar_off": "No longer marked as quotable.",
    "draft.citeerbaar_failed": "Not saved: {error}",
    "draft.title": "Report draft",
    "draft.caption": (
        "A draft in the shape of a rekenkamer report: a chapter per sub-question, per norm the judgement in its "
        "colour, your finding (the rationale above) and the evidence with the quotes you marked as quotable on the "
        "review page; at the end the methods appendix. The draft writes no findings of its own."
    ),
    "draft.template": "The rekenkamer's Word template (.dotx, optional)",
    "draft.template_help": "Heading styles, table styles, headers and footers then come from this template.",
    "draft.make": "Make report draft",
    "draft.making": "Making the report draft…",
    "draft.ready": "The report draft is ready: {norms} norms, {marked} with marked quotes.",
    "draft.download.docx": "Word",
    "draft.download.md": "Markdown",
    "draft.failed": "Report draft not made: {error}",
}
