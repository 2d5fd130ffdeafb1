"""Strings of the review capability (issue 15): keyboard, bulk coding, memos, the codebook tree."""

from __future__ import annotations

NL: dict[str, str] = {
    # keyboard on the review page
    "keys.hint": "Toetsen: a accepteren · x afwijzen · j/k volgende/vorige · u ongedaan maken · c code kiezen · ? alle toetsen",
    "keys.title": "Sneltoetsen (niet tijdens het typen in een veld)",
    "keys.accept": "eerste open suggestie accepteren",
    "keys.reject": "eerste open suggestie afwijzen",
    "keys.number": "de getoonde suggestie met dat nummer accepteren",
    "keys.next": "volgende passage",
    "keys.previous": "vorige passage",
    "keys.undo": "laatste actie ongedaan maken",
    "keys.picker": "codekiezer openen (typ om te filteren, Enter kiest, Esc verlaat het veld)",
    "keys.add": "de gekozen code toevoegen",
    "keys.again": "de laatst gebruikte code opnieuw toepassen op deze passage",
    "keys.escape": "een veld verlaten, zodat de toetsen weer werken",
    "keys.help": "deze lijst tonen of verbergen",
    "keys.again_button": "↻ {code}",
    "keys.again_none": "↻ Laatste code",
    "keys.again_help": "Pas de laatst toegevoegde of geaccepteerde code opnieuw toe op deze passage (toets .)",
}

EN: dict[str, str] = {
    "keys.hint": "Keys: a accept · x reject · j/k next/previous · u undo · c choose a code · ? all keys",
    "keys.title": "Keyboard shortcuts (not while typing in a field)",
    "keys.accept": "accept the first open suggestion",
    "keys.reject": "reject the first open suggestion",
    "keys.number": "accept the shown suggestion with that number",
    "keys.next": "next passage",
    "keys.previous": "previous passage",
    "keys.undo": "undo the last action",
    "keys.picker": "open the code picker (type to filter, Enter picks, Esc leaves the field)",
    "keys.add": "add the chosen code",
    "keys.again": "apply the last used code again to this passage",
    "keys.escape": "leave a field, so the keys work again",
    "keys.help": "show or hide this list",
    "keys.again_button": "↻ {code}",
    "keys.again_none": "↻ Last code",
    "keys.again_help": "Apply the code you last added or accepted to this passage again (key .)",
}

NL.update({
    # code many at once
    "bulk.title_kwic": "Treffers coderen",
    "bulk.picked": "{n} gekozen treffers (kies rijen in de tabel, of geen rij voor alle treffers).",
    "bulk.all": "Alle {n} treffers (kies rijen in de tabel om alleen die te coderen).",
    "bulk.codebook": "Codeboek",
    "bulk.code": "Code",
    "bulk.unit": "Elke codering omvat",
    "bulk.unit.sentence": "de zin",
    "bulk.unit.passage": "de passage",
    "bulk.do": "Codeer {n} treffers",
    "bulk.done": "{n} coderingen met '{code}' bewaard ({already} had je al, {skipped} buiten een passage). Ongedaan maken kan op Beoordelen & coderen.",
})
EN.update({
    "bulk.title_kwic": "Code the hits",
    "bulk.picked": "{n} picked hits (pick rows in the table, or none for all hits).",
    "bulk.all": "All {n} hits (pick rows in the table to code only those).",
    "bulk.codebook": "Codebook",
    "bulk.code": "Code",
    "bulk.unit": "Each coding spans",
    "bulk.unit.sentence": "the sentence",
    "bulk.unit.passage": "the passage",
    "bulk.do": "Code {n} hits",
    "bulk.done": "{n} codings with '{code}' stored ({already} you had already, {skipped} outside a passage). Undo is on Review & code.",
})
