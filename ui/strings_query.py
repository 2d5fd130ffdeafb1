"""Strings of the Zoekvragen page (queries, matrices, co-occurrence, saved sets); merged into :mod:`ui.i18n`."""

from __future__ import annotations

NL: dict[str, str] = {
    "nav.query": "Zoekvragen",
    "query.title": "Zoekvragen",
    "query.intro": "Stel vragen aan het gecodeerde materiaal: codes combineren, uitsplitsen naar kenmerken, en elke "
    "telling openen tot de fragmenten erachter.",
    "query.tab.query": "Zoekvraag",
    "query.tab.matrix": "Matrix",
    "query.tab.cooc": "Samen voorkomen",
    "query.tab.sets": "Opgeslagen sets",
    "query.input": "Zoekvraag",
    "query.input_help": "Bijvoorbeeld: toegang AND wachttijden WHERE respondent_group = mantelzorger AND "
    "municipality = Oosterzande",
    "query.syntax_title": "Hoe schrijf ik een zoekvraag?",
    "query.syntax": (
        "- **Codes**: de code-id of de naam tussen aanhalingstekens (`\"Eigen regie\"`); een code telt ook de "
        "codes eronder mee; `codeboek:code` als een code in meer codeboeken staat.\n"
        "- **A AND B**: fragmenten met beide codes. **A OR B**: met een van beide. **A NOT B**: A zonder B.\n"
        "- **A OVERLAPS B**: de gecodeerde stukken tekst overlappen. **A NEAR/2 B**: A en B liggen hooguit twee "
        "fragmenten uit elkaar in dezelfde bron (`NEAR` alleen: één).\n"
        "- **TEXT \"woorden\"**: fragmenten met die tekst (hoofdletters en accenten tellen niet). "
        "**SET \"naam\"**: een opgeslagen set.\n"
        "- **WHERE** met kenmerken: `municipality`, `respondent_group`, `kind`, `age_group`, `wijk`, `coder`, "
        "`speaker` en elk ander kenmerk van deelnemers; `=`, `!=`, `~` (bevat) en `IN (\"a\", \"b\")`, "
        "verbonden met AND, OR, NOT en haakjes."
    ),
    "query.builder": "Samenstellen",
    "query.builder.code_a": "Code",
    "query.builder.op": "Verbinding",
    "query.builder.code_b": "Tweede code",
    "query.builder.field": "Kenmerk",
    "query.builder.value": "Waarde",
    "query.builder.none": "—",
    "query.builder.use": "Zet in de zoekvraag",
    "query.suggestions": "Ook open suggesties meetellen",
    "query.suggestions_help": "Standaard tellen alleen geaccepteerde coderingen; afgewezen suggesties tellen nooit.",
    "query.run": "Zoeken",
    "query.result": "{n} fragmenten in {sources} bronnen van {participants} deelnemers.",
    "query.none": "Geen fragmenten gevonden.",
    "query.col.source": "Bron",
    "query.col.municipality": "Gemeente",
    "query.col.speaker": "Spreker",
    "query.col.text": "Tekst",
    "query.open": "Open in het transcript",
    "query.opened": "Transcript van {name} geopend.",
    "query.shown": "De eerste {n} fragmenten; sla de uitkomst op als set om met alles verder te werken.",
    "query.save_name": "Naam van de set",
    "query.save": "Opslaan als set",
    "query.saved": "Set '{name}' opgeslagen ({n} fragmenten).",
    "query.save_needs_name": "Geef de set een naam.",
    "query.code_all": "Codeer alle gevonden fragmenten",
    "query.code_all_with": "Code",
    "query.code_all_do": "Codeer {n} fragmenten",
    "query.coded": "{n} fragmenten gecodeerd met '{code}'.",
    "query.no_codebook": "Dit project heeft nog geen codeboek: importeer er een op de pagina Project.",
    "query.matrix.codebook": "Codeboek",
    "query.matrix.parent": "Rijen",
    "query.matrix.parent_all": "alle codes",
    "query.matrix.parent_children": "onder '{name}'",
    "query.matrix.field": "Kolommen (kenmerk)",
    "query.matrix.count": "Tel",
    "query.matrix.count.passages": "fragmenten",
    "query.matrix.count.participants": "deelnemers",
    "query.matrix.count.sources": "bronnen",
    "query.matrix.percent": "Toon",
    "query.matrix.percent.none": "aantallen",
    "query.matrix.percent.row": "rijpercentages",
    "query.matrix.percent.column": "kolompercentages",
    "query.matrix.percent_help": "Rijpercentage: aandeel van de code over de kolommen. Kolompercentage: aandeel "
    "van alle fragmenten (of deelnemers, bronnen) met die waarde dat de code draagt.",
    "query.matrix.scope": "Binnen",
    "query.matrix.scope.all": "alle fragmenten",
    "query.matrix.scope.query": "de uitkomst van de zoekvraag",
    "query.matrix.scope.set": "set '{name}'",
    "query.matrix.click": "Klik op een cel om de fragmenten erachter te zien.",
    "query.matrix.cell": "{code} × {value}: {n} fragmenten",
    "query.matrix.empty": "Deze cel is leeg.",
    "query.download_xlsx": "Download XLSX (met de fragmenten per cel)",
    "query.download_csv": "Download CSV",
    "query.cooc.caption": "Hoe vaak twee codes in hetzelfde fragment staan (een code telt de codes eronder mee). "
    "Klik op een cel voor de fragmenten.",
    "query.cooc.network": "Netwerk",
    "query.cooc.min": "Toon verbindingen vanaf",
    "query.cooc.cell": "{a} en {b}: {n} fragmenten",
    "query.sets.none": "Nog geen opgeslagen sets. Sla de uitkomst van een zoekvraag op als set.",
    "query.sets.col.name": "Naam",
    "query.sets.col.size": "Fragmenten",
    "query.sets.col.query": "Zoekvraag",
    "query.sets.col.by": "Door",
    "query.sets.pick": "Set",
    "query.sets.delete": "Verwijder set",
    "query.sets.deleted": "Set '{name}' verwijderd; de fragmenten zelf blijven.",
    "query.sets.download": "Download de fragmenten (CSV)",
    "query.error": "Zoekvraag niet uitgevoerd: {error}",
    "filter.passage_set": "Opgeslagen set",
}

EN: dict[str, str] = {
    "nav.query": "Queries",
    "query.title": "Queries",
    "query.intro": "Ask the coded material questions: combine codes, break them down by attribute, and open every "
    "count to the passages behind it.",
    "query.tab.query": "Query",
    "query.tab.matrix": "Matrix",
    "query.tab.cooc": "Co-occurrence",
    "query.tab.sets": "Saved sets",
    "query.input": "Query",
    "query.input_help": "For example: toegang AND wachttijden WHERE respondent_group = mantelzorger AND "
    "municipality = Oosterzande",
    "query.syntax_title": "How do I write a query?",
    "query.syntax": (
        "- **Codes**: the code id or its name in quotes (`\"Eigen regie\"`); a code includes the codes below it; "
        "`codebook:code` when a code is in several codebooks.\n"
        "- **A AND B**: passages with both codes. **A OR B**: with either. **A NOT B**: A without B.\n"
        "- **A OVERLAPS B**: the coded spans overlap. **A NEAR/2 B**: A and B at most two passages apart in the "
        "same source (`NEAR` alone: one).\n"
        "- **TEXT \"words\"**: passages with that text (case and accents ignored). **SET \"name\"**: a saved set.\n"
        "- **WHERE** with attributes: `municipality`, `respondent_group`, `kind`, `age_group`, `wijk`, `coder`, "
        "`speaker` and any participant attribute; `=`, `!=`, `~` (contains) and `IN (\"a\", \"b\")`, joined with "
        "AND, OR, NOT and parentheses."
    ),
    "query.builder": "Build",
    "query.builder.code_a": "Code",
    "query.builder.op": "Join",
    "query.builder.code_b": "Second code",
    "query.builder.field": "Attribute",
    "query.builder.value": "Value",
    "query.builder.none": "—",
    "query.builder.use": "Put in the query",
    "query.suggestions": "Count open suggestions too",
    "query.suggestions_help": "By default only accepted codings count; rejected suggestions never do.",
    "query.run": "Search",
    "query.result": "{n} passages in {sources} sources from {participants} participants.",
    "query.none": "No passages found.",
    "query.col.source": "Source",
    "query.col.municipality": "Municipality",
    "query.col.speaker": "Speaker",
    "query.col.text": "Text",
    "query.open": "Open in the transcript",
    "query.opened": "Transcript of {name} opened.",
    "query.shown": "The first {n} passages; save the result as a set to work with all of them.",
    "query.save_name": "Name of the set",
    "query.save": "Save as set",
    "query.saved": "Set '{name}' saved ({n} passages).",
    "query.save_needs_name": "Give the set a name.",
    "query.code_all": "Code all passages found",
    "query.code_all_with": "Code",
    "query.code_all_do": "Code {n} passages",
    "query.coded": "{n} passages coded with '{code}'.",
    "query.no_codebook": "This project has no codebook yet: import one on the Project page.",
    "query.matrix.codebook": "Codebook",
    "query.matrix.parent": "Rows",
    "query.matrix.parent_all": "all codes",
    "query.matrix.parent_children": "below '{name}'",
    "query.matrix.field": "Columns (attribute)",
    "query.matrix.count": "Count",
    "query.matrix.count.passages": "passages",
    "query.matrix.count.participants": "participants",
    "query.matrix.count.sources": "sources",
    "query.matrix.percent": "Show",
    "query.matrix.percent.none": "counts",
    "query.matrix.percent.row": "row percentages",
    "query.matrix.percent.column": "column percentages",
    "query.matrix.percent_help": "Row percentage: the code's share across the columns. Column percentage: the share "
    "of all passages (or participants, sources) with that value that carry the code.",
    "query.matrix.scope": "Within",
    "query.matrix.scope.all": "all passages",
    "query.matrix.scope.query": "the query's result",
    "query.matrix.scope.set": "set '{name}'",
    "query.matrix.click": "Click a cell to see the passages behind it.",
    "query.matrix.cell": "{code} × {value}: {n} passages",
    "query.matrix.empty": "This cell is empty.",
    "query.download_xlsx": "Download XLSX (with the passages per cell)",
    "query.download_csv": "Download CSV",
    "query.cooc.caption": "How often two codes occur in the same passage (a code includes the codes below it). "
    "Click a cell for the passages.",
    "query.cooc.network": "Network",
    "query.cooc.min": "Show links from",
    "query.cooc.cell": "{a} and {b}: {n} passages",
    "query.sets.none": "No saved sets yet. Save a query's result as a set.",
    "query.sets.col.name": "Name",
    "query.sets.col.size": "Passages",
    "query.sets.col.query": "Query",
    "query.sets.col.by": "By",
    "query.sets.pick": "Set",
    "query.sets.delete": "Delete set",
    "query.sets.deleted": "Set '{name}' deleted; its passages stay.",
    "query.sets.download": "Download the passages (CSV)",
    "query.error": "Query not run: {error}",
    "filter.passage_set": "Saved set",
}
