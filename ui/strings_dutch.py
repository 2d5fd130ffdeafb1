"""Strings for Streamlit's own texts, numbers and errors (merged into :mod:`ui.i18n`)."""

from __future__ import annotations

NL: dict[str, str] = {
    "widget.choose": "Kies…",
    "widget.choose_many": "Kies een of meer…",
    "widget.upload_button": "Bestand kiezen",
    "widget.upload_hint": "of sleep het hierheen · hoogstens {size} MB per bestand",
    "widget.page_not_found": "Deze pagina bestaat niet (meer): een oude link of een tikfout in het adres? "
    "Duiding toont de beginpagina; kies een pagina in de zijbalk.",
    "reports.compare.heatmap_title": "Thema's per gemeente — {measure}",
}

EN: dict[str, str] = {
    "widget.choose": "Choose…",
    "widget.choose_many": "Choose one or more…",
    "widget.upload_button": "Choose file",
    "widget.upload_hint": "or drop it here · at most {size} MB per file",
    "widget.page_not_found": "This page does not exist (any more): an old link or a typo in the address? "
    "Duiding shows the main page; choose a page in the sidebar.",
    "reports.compare.heatmap_title": "Themes per municipality — {measure}",
}
