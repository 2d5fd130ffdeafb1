"""Strings of the "pages show what is stored" work: the review page's click guard and queue
count, the demo's reference coding (merged into :mod:`ui.i18n`)."""

from __future__ import annotations

NL: dict[str, str] = {
    "review.queue_open": "{n} met een open suggestie",
    "review.msg_click_stale": "Klik genegeerd: de kaart was al veranderd. Bekijk de passage die nu getoond wordt.",
    "review.msg_click_too_fast": (
        "Klik genegeerd: deze suggestie verscheen net na je vorige beslissing. Lees haar eerst en klik dan opnieuw."
    ),
    "review.msg_click_decided": "Klik genegeerd: over deze suggestie is intussen al beslist.",
    "review.msg_click_gone": "Klik genegeerd: deze suggestie bestaat niet meer.",
    "review.card_accepted": "✓ Geaccepteerd",
    "review.card_rejected": "✗ Afgewezen",
    "review.card_gone": "Deze suggestie bestaat niet meer.",
    "project.reference_title": "Demo: de referentiecodering laden",
    "project.reference_help": (
        "Laadt de handmatige codering van de demo-auteurs als geaccepteerde coderingen van codeur 'referentie' en de "
        "blinde tweede codering als codeur 'tweede-codeur'. Dan tonen Rapportage, Normenkader, Team (overeenstemming) "
        "en de themasamenvattingen een afgerond onderzoek. Het model leert hier niet van, tenzij je dat vraagt "
        "(bij Automatisch coderen op Beoordelen & coderen)."
    ),
    "project.reference_load": "Referentiecodering laden",
    "project.reference_loaded": "Referentiecodering geladen (codeurs: {coders}). Ze telt niet mee bij het leren van het model.",
    "project.reference_done": "Referentiecodering geladen: {reference} coderingen van 'referentie', {second} van 'tweede-codeur'.",
    "project.reference_failed": "Referentiecodering niet geladen: {error}",
    "review.reference_not_learned": (
        "Dit project bevat een referentiecodering (codeurs: {coders}). Het model leert daar niet van, zodat de "
        "suggesties er niet mooier door lijken dan ze zijn."
    ),
    "review.reference_learn": "Toch leren van de referentiecodering",
    "reports.norms.via_framework": (
        "Er is niets gecodeerd met {codebook}. De fragmenten per norm komen uit de coderingen met {framework}, "
        "via de crosswalk van de codes van de norm."
    ),
    "reports.norms.why_empty": (
        "Nog geen fragmenten bij deze normen: er zijn geen geaccepteerde coderingen met {codebook} of, via de "
        "crosswalk, met {framework}. Codeer passages met deze codes, tel de suggesties mee, of laad in het "
        "demoproject de referentiecodering op de Projectpagina."
    ),
}

EN: dict[str, str] = {
    "review.queue_open": "{n} with an open suggestion",
    "review.msg_click_stale": "Click ignored: the card had already changed. Look at the passage shown now.",
    "review.msg_click_too_fast": (
        "Click ignored: this suggestion appeared just after your previous decision. Read it first, then click again."
    ),
    "review.msg_click_decided": "Click ignored: this suggestion has been decided meanwhile.",
    "review.msg_click_gone": "Click ignored: this suggestion no longer exists.",
    "review.card_accepted": "✓ Accepted",
    "review.card_rejected": "✗ Rejected",
    "review.card_gone": "This suggestion no longer exists.",
    "project.reference_title": "Demo: load the reference coding",
    "project.reference_help": (
        "Loads the demo authors' hand coding as accepted codings of coder 'referentie' and the blind second coding as "
        "coder 'tweede-codeur'. Reports, the normenkader, Team (agreement) and the theme summaries then show a "
        "finished study. The model does not learn from them unless you ask (Auto-coding on the review page)."
    ),
    "project.reference_load": "Load reference coding",
    "project.reference_loaded": "Reference coding loaded (coders: {coders}). It does not train the model.",
    "project.reference_done": "Reference coding loaded: {reference} codings of 'referentie', {second} of 'tweede-codeur'.",
    "project.reference_failed": "Reference coding not loaded: {error}",
    "review.reference_not_learned": (
        "This project holds a reference coding (coders: {coders}). The model does not learn from it, so the "
        "suggestions do not look better than they are."
    ),
    "review.reference_learn": "Learn from the reference coding anyway",
    "reports.norms.via_framework": (
        "Nothing is coded with {codebook}. The fragments per norm come from the codings with {framework}, through "
        "the crosswalk of the norm's codes."
    ),
    "reports.norms.why_empty": (
        "No fragments for these norms yet: there are no accepted codings with {codebook} or, through the "
        "crosswalk, with {framework}. Code passages with these codes, count suggestions, or in the demo project "
        "load the reference coding on the Project page."
    ),
}
