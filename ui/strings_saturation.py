"""Strings of the Verzadiging and Triangulatie tabs on Rapportage (``ui/saturation_tabs.py``)."""

from __future__ import annotations

NL: dict[str, str] = {
    "reports.tab.saturation": "Verzadiging",
    "reports.tab.triangulation": "Triangulatie",
    "saturation.caption": (
        "Codeverzadiging (Guest e.a. 2006): hoeveel nieuwe inductieve codes elk interview toevoegt, in de volgorde "
        "van de interviews (datum, anders importvolgorde). Betekenisverzadiging (Hennink e.a. 2017): in hoeveel "
        "interviews elke code wordt uitgewerkt. Alleen geaccepteerde coderingen tellen."
    ),
    "saturation.units": "Eenheden",
    "saturation.units.interviews": "Interviews",
    "saturation.units.stories": "Verhalen",
    "saturation.by": "Per",
    "saturation.by.none": "— alles samen —",
    "saturation.by.municipality": "Gemeente",
    "saturation.by.respondent_group": "Respondentgroep",
    "saturation.by.study": "Onderzoek",
    "saturation.by.collection": "Verhaalcollectie",
    "saturation.inductive": "Inductieve codes (gemaakt tijdens de analyse): {codes}",
    "saturation.inductive_none": (
        "Dit codeboek heeft geen inductieve codes: alle codes stonden vast bij de eerste import. Codes die je later "
        "toevoegt (op de codeboekpagina, uit een thema) tellen als inductief."
    ),
    "saturation.no_units": "Er zijn geen {units} in deze selectie.",
    "saturation.meaning": "Betekenisverzadiging: aantal {units} per code",
    "saturation.order": "Volgorde: {order}.",
    "saturation.plot.unit.interviews": "Interview (volgorde)",
    "saturation.plot.unit.stories": "Verhaal (volgorde)",
    "saturation.plot.new": "Nieuwe inductieve codes",
    "saturation.plot.cumulative": "Cumulatief",
    "saturation.col.code": "Code",
    "saturation.col.inductive": "Inductief",
    "saturation.col.units": "Aantal",
    "saturation.col.passages": "Fragmenten",
    "saturation.col.first_at": "Eerst in nr",
    "saturation.col.thin": "Rust op één of twee",
    "triangulation.caption": (
        "Per norm en per code: welke soorten bronnen het dragen (documenten, interviews per respondentgroep, "
        "groepsinterviews, verhalen), hoeveel deelnemers en gemeenten, en de toon. Een bevinding die op één "
        "respondent of één soort bron rust, is gemarkeerd. Alleen geaccepteerde coderingen tellen."
    ),
    "triangulation.empty": "Dit codeboek heeft nog geen codes om te trianguleren.",
    "triangulation.weak": "{n} bevindingen rusten op één respondent of één soort bron.",
    "triangulation.row": "Norm of code",
    "triangulation.cell": "Soort bron",
    "triangulation.passages": "Fragmenten achter deze cel: {n}",
    "triangulation.cell_empty": "Geen fragmenten in deze cel.",
}

EN: dict[str, str] = {
    "reports.tab.saturation": "Saturation",
    "reports.tab.triangulation": "Triangulation",
    "saturation.caption": (
        "Code saturation (Guest et al. 2006): how many new inductive codes each interview adds, in interview order "
        "(date, else import order). Meaning saturation (Hennink et al. 2017): in how many interviews each code is "
        "elaborated. Only accepted codings count."
    ),
    "saturation.units": "Units",
    "saturation.units.interviews": "Interviews",
    "saturation.units.stories": "Stories",
    "saturation.by": "By",
    "saturation.by.none": "— all together —",
    "saturation.by.municipality": "Municipality",
    "saturation.by.respondent_group": "Respondent group",
    "saturation.by.study": "Study",
    "saturation.by.collection": "Story collection",
    "saturation.inductive": "Inductive codes (created during the analysis): {codes}",
    "saturation.inductive_none": (
        "This codebook has no inductive codes: every code was there at the first import. Codes you add later "
        "(on the codebook page, from a theme) count as inductive."
    ),
    "saturation.no_units": "There are no {units} in this selection.",
    "saturation.meaning": "Meaning saturation: number of {units} per code",
    "saturation.order": "Order: {order}.",
    "saturation.plot.unit.interviews": "Interview (order)",
    "saturation.plot.unit.stories": "Story (order)",
    "saturation.plot.new": "New inductive codes",
    "saturation.plot.cumulative": "Cumulative",
    "saturation.col.code": "Code",
    "saturation.col.inductive": "Inductive",
    "saturation.col.units": "Count",
    "saturation.col.passages": "Passages",
    "saturation.col.first_at": "First in no.",
    "saturation.col.thin": "Rests on one or two",
    "triangulation.caption": (
        "Per norm and per code: which kinds of sources carry it (documents, interviews per respondent group, group "
        "interviews, stories), how many participants and municipalities, and the stance. A finding that rests on one "
        "respondent or one kind of source is marked. Only accepted codings count."
    ),
    "triangulation.empty": "This codebook has no codes to triangulate yet.",
    "triangulation.weak": "{n} findings rest on one respondent or one kind of source.",
    "triangulation.row": "Norm or code",
    "triangulation.cell": "Kind of source",
    "triangulation.passages": "Passages behind this cell: {n}",
    "triangulation.cell_empty": "No passages in this cell.",
}
