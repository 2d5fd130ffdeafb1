"""Strings of the researcher's walk through the team, code-by-heading and stories pages."""

from __future__ import annotations

NL: dict[str, str] = {
    "walk.speaker": "Spreker: **{speaker}**{role}",
    "walk.verslag.no_rules": "Nog geen kop met een code: zet bij minstens één kop een code tussen de haken, "
    "bijvoorbeeld `\"1.1 Wachttijden\": [wachttijden]`, of kies een opgeslagen sjabloon.",
    "walk.stories.municipality": "Gemeente",
    "walk.stories.collection": "Collectie",
    "walk.themes.no_keywords": "(geen kernwoorden)",
    "walk.unknown": "onbekend",
    "walk.col.municipalities": "Gemeenten",
    "walk.col.verbatim_sources": "Letterlijke bronnen",
    "walk.col.verslag_sources": "Gespreksverslagen",
    "walk.tri.nothing_coded": "Er is nog niets gecodeerd met {codebook} (geaccepteerde coderingen, in de gekozen "
    "soorten bronnen). Kies een ander codeboek, of codeer eerst met dit codeboek.",
    "walk.tri.kind": "Soort",
    "walk.tri.row": "Norm of code",
    "walk.tri.passages": "Fragmenten",
    "walk.tri.participants": "Deelnemers",
    "walk.tri.municipalities": "Gemeenten",
    "walk.tri.families": "Soorten bronnen",
    "walk.tri.strength": "Sterkte",
    "walk.tri.documents": "Documenten",
    "walk.tri.interviews": "Interviews",
    "walk.tri.group_interviews": "Groepsinterviews",
    "walk.tri.street_interviews": "Straatinterviews",
    "walk.tri.stories": "Verhalen",
    "walk.tri.unknown_group": "groep onbekend",
    "walk.tri.one_respondent": "rust op één respondent",
    "walk.tri.one_kind": "rust op één soort bron",
    "walk.tri.no_passages": "geen fragmenten",
}

EN: dict[str, str] = {
    "walk.speaker": "Speaker: **{speaker}**{role}",
    "walk.verslag.no_rules": "No heading has a code yet: put a code between the brackets of at least one heading, "
    "for example `\"1.1 Wachttijden\": [wachttijden]`, or choose a stored template.",
    "walk.stories.municipality": "Municipality",
    "walk.stories.collection": "Collection",
    "walk.themes.no_keywords": "(no keywords)",
    "walk.unknown": "unknown",
    "walk.col.municipalities": "Municipalities",
    "walk.col.verbatim_sources": "Verbatim sources",
    "walk.col.verslag_sources": "Interview summaries",
    "walk.tri.nothing_coded": "Nothing is coded with {codebook} yet (accepted codings, in the chosen kinds of "
    "sources). Choose another codebook, or code with this one first.",
    "walk.tri.kind": "Kind",
    "walk.tri.row": "Norm or code",
    "walk.tri.passages": "Passages",
    "walk.tri.participants": "Participants",
    "walk.tri.municipalities": "Municipalities",
    "walk.tri.families": "Kinds of sources",
    "walk.tri.strength": "Strength",
    "walk.tri.documents": "Documents",
    "walk.tri.interviews": "Interviews",
    "walk.tri.group_interviews": "Group interviews",
    "walk.tri.street_interviews": "Street interviews",
    "walk.tri.stories": "Stories",
    "walk.tri.unknown_group": "group unknown",
    "walk.tri.one_respondent": "rests on one respondent",
    "walk.tri.one_kind": "rests on one kind of source",
    "walk.tri.no_passages": "no passages",
}
