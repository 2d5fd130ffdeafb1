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
}
