"""Strings of "meer zoals deze" (review page) and search by meaning (Corpus); merged into :mod:`ui.i18n`."""

from __future__ import annotations

NL: dict[str, str] = {
    "semantic.like_title": "Meer zoals deze",
    "semantic.like_show": "Toon vergelijkbare fragmenten",
    "semantic.like_show_help": "Fragmenten uit het hele project die lijken op dit fragment, of op de fragmenten "
    "die al met een code zijn gecodeerd. Handig om een code consequent toe te passen.",
    "semantic.like_anchor": "Lijkend op",
    "semantic.anchor.passage": "dit fragment",
    "semantic.anchor.code": "gecodeerd met een code",
    "semantic.like_code": "Code",
    "semantic.like_code_none": "Nog geen fragment is met deze code gecodeerd (geaccepteerd).",
    "semantic.like_n_anchor": "Lijkend op de {n} fragmenten die met {code} zijn gecodeerd.",
    "semantic.like_one_anchor": "Lijkend op het fragment dat met {code} is gecodeerd.",
    "semantic.like_none": "Geen vergelijkbare fragmenten gevonden.",
    "semantic.like_open_hint": "Kies een rij om dat fragment te openen (als het in de huidige wachtrij staat).",
    "semantic.not_in_queue": "Dat fragment staat niet in de huidige wachtrij (pas de filters aan om het te zien): "
    "{source}.",
    "semantic.col.score": "Gelijkenis",
    "semantic.col.coded": "Al gecodeerd",
    "semantic.search_tab": "Zoeken op betekenis",
    "semantic.search_query": "Waar gaat het over?",
    "semantic.search_placeholder": "bijv. zelf de regie houden over de zorg",
    "semantic.search_help": "Vindt fragmenten die over hetzelfde gaan, ook als ze andere woorden gebruiken "
    "(met een zinsencoder). Trefwoord in context hiernaast zoekt de letterlijke woorden.",
    "semantic.search_hits": "{n} fragmenten, meest verwant eerst.",
    "semantic.search_none": "Niets gevonden.",
    "semantic.search_open_hint": "Kies een rij om de bron te openen op het tabblad Transcript.",
    "semantic.note.encoder": "Gezocht op betekenis met de zinsencoder {model}.",
    "semantic.note.missing": "{n} fragmenten hebben nog geen vector en doen niet mee; bereken ze hieronder.",
    "semantic.note.no_encoder": "Er is geen zinsencoder ingesteld of beschikbaar ({detail}). Daarom is gezocht op "
    "gedeelde woorden (TF-IDF), niet op betekenis: fragmenten die hetzelfde met andere woorden zeggen, worden "
    "gemist.",
    "semantic.note.not_embedded": "De fragmenten hebben nog geen vectoren van de zinsencoder {model}. Tot die "
    "berekend zijn, is gezocht op gedeelde woorden (TF-IDF), niet op betekenis.",
    "semantic.embed_start": "Vectoren berekenen",
    "semantic.autocode_encoder": ". Met de zinsencoder {model}.",
    "semantic.autocode_no_vectors": ". Zonder zinsencoder: {n} fragmenten hebben nog geen vector "
    "('Vectoren berekenen' bij 'Meer zoals deze').",
    "semantic.embed_help": "Berekent op de achtergrond een vector per fragment en bewaart die in het project. Dat "
    "kan lang duren bij grote projecten; wat klaar is, blijft bewaard als het wordt onderbroken.",
    "semantic.embed_running": "Vectoren berekenen: {done} van {total}…",
    "semantic.embed_done": "Vectoren berekend: {summary}",
    "semantic.embed_failed": "Het berekenen van de vectoren is mislukt: {error}",
    "semantic.embed_refresh": "Vernieuwen",
}

EN: dict[str, str] = {
    "semantic.like_title": "More like this",
    "semantic.like_show": "Show similar passages",
    "semantic.like_show_help": "Passages from the whole project that resemble this passage, or the passages already "
    "coded with a code. Useful for applying a code consistently.",
    "semantic.like_anchor": "Like",
    "semantic.anchor.passage": "this passage",
    "semantic.anchor.code": "coded with a code",
    "semantic.like_code": "Code",
    "semantic.like_code_none": "No passage has been coded (accepted) with this code yet.",
    "semantic.like_n_anchor": "Like the {n} passages coded with {code}.",
    "semantic.like_one_anchor": "Like the passage coded with {code}.",
    "semantic.like_none": "No similar passages found.",
    "semantic.like_open_hint": "Choose a row to open that passage (if it is in the current queue).",
    "semantic.not_in_queue": "That passage is not in the current queue (change the filters to see it): {source}.",
    "semantic.col.score": "Similarity",
    "semantic.col.coded": "Already coded",
    "semantic.search_tab": "Search by meaning",
    "semantic.search_query": "What is it about?",
    "semantic.search_placeholder": "e.g. keeping control over one's own care",
    "semantic.search_help": "Finds passages about the same thing, even in other words (with a sentence encoder). "
    "Keyword in context searches the literal words.",
    "semantic.search_hits": "{n} passages, most related first.",
    "semantic.search_none": "Nothing found.",
    "semantic.search_open_hint": "Choose a row to open the source on the Transcript tab.",
    "semantic.note.encoder": "Searched by meaning with the sentence encoder {model}.",
    "semantic.note.missing": "{n} passages have no vector yet and do not take part; compute them below.",
    "semantic.note.no_encoder": "No sentence encoder is configured or available ({detail}). So the search used "
    "shared words (TF-IDF), not meaning: passages that say the same in other words are missed.",
    "semantic.note.not_embedded": "The passages have no vectors of the sentence encoder {model} yet. Until they "
    "are computed, the search uses shared words (TF-IDF), not meaning.",
    "semantic.embed_start": "Compute vectors",
    "semantic.autocode_encoder": ". With the sentence encoder {model}.",
    "semantic.autocode_no_vectors": ". Without the sentence encoder: {n} passages have no vector yet "
    "('Compute vectors' under 'More like this').",
    "semantic.embed_help": "Computes a vector per passage in the background and stores it in the project. This can "
    "take long for large projects; what is finished is kept if it is interrupted.",
    "semantic.embed_running": "Computing vectors: {done} of {total}…",
    "semantic.embed_done": "Vectors computed: {summary}",
    "semantic.embed_failed": "Computing the vectors failed: {error}",
    "semantic.embed_refresh": "Refresh",
}
