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
}
