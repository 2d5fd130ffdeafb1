"""Strings of the code tree component on the Codeboek page (merged into :mod:`ui.i18n`)."""

from __future__ import annotations

NL: dict[str, str] = {
    "ctree.moved": "'{code}' verplaatst",
    "ctree.undo": "↶ Verplaatsing ongedaan maken",
    "ctree.undo_help": "Zet de laatste code die je in dit codeboek verplaatste terug op haar oude plek.",
    "ctree.undone": "'{code}' staat weer op haar oude plek",
    "ctree.undo_failed": "Niet ongedaan gemaakt: {error}",
    "ctree.table": "Codeboom als tabel",
    "ctree.js.label": "Codeboom",
    "ctree.js.legend": "passages (met subcodes) +open suggesties",
    "ctree.js.root_zone": "⤒ Sleep een code hierheen om haar een hoofdcode te maken",
    "ctree.js.keys": (
        "Sleep een code op een andere code om haar daaronder te zetten, of tussen twee codes om de volgorde te "
        "veranderen. Toetsen: ↑ ↓ kiezen, → ← open- en dichtklappen, Enter opent de code, Alt+Shift+→ / ← "
        "inspringen of uitspringen, Alt+Shift+↑ / ↓ omhoog of omlaag."
    ),
    "ctree.js.keys_read": "Klik op een code om haar passages te zien. Je mag dit codeboek alleen lezen.",
    "ctree.js.n_title": "{n} passages met deze code, {below} met subcodes erbij, {open} open suggesties",
    "ctree.js.cycle": "'{code}' kan niet onder zichzelf of onder een van haar eigen subcodes staan.",
    "ctree.js.read_only": "Je mag dit codeboek alleen lezen.",
    "ctree.js.no_indent": "Inspringen kan niet: er staat geen code boven deze op hetzelfde niveau.",
    "ctree.js.no_outdent": "Dit is al een hoofdcode.",
    "ctree.js.moving": "'{code}' wordt verplaatst…",
    "ctree.js.empty": "Dit codeboek heeft nog geen codes.",
}

EN: dict[str, str] = {
    "ctree.moved": "'{code}' moved",
    "ctree.undo": "↶ Undo move",
    "ctree.undo_help": "Put the code you last moved in this codebook back where it was.",
    "ctree.undone": "'{code}' is back where it was",
    "ctree.undo_failed": "Not undone: {error}",
    "ctree.table": "Code tree as a table",
    "ctree.js.label": "Code tree",
    "ctree.js.legend": "passages (with subcodes) +open suggestions",
    "ctree.js.root_zone": "⤒ Drag a code here to make it a top-level code",
    "ctree.js.keys": (
        "Drag a code onto another code to put it under that code, or between two codes to change the order. "
        "Keys: ↑ ↓ choose, → ← expand and collapse, Enter opens the code, Alt+Shift+→ / ← indent or outdent, "
        "Alt+Shift+↑ / ↓ move up or down."
    ),
    "ctree.js.keys_read": "Click a code to see its passages. You may only read this codebook.",
    "ctree.js.n_title": "{n} passages with this code, {below} including subcodes, {open} open suggestions",
    "ctree.js.cycle": "'{code}' cannot go under itself or one of its own subcodes.",
    "ctree.js.read_only": "You may only read this codebook.",
    "ctree.js.no_indent": "Cannot indent: there is no code above this one on the same level.",
    "ctree.js.no_outdent": "This is already a top-level code.",
    "ctree.js.moving": "Moving '{code}'…",
    "ctree.js.empty": "This codebook has no codes yet.",
}
