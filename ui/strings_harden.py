"""Strings of the safeguards: read-only reasons, incomplete auto-coding runs."""

from __future__ import annotations

NL: dict[str, str] = {
    "corpus.kwic_stopped": "Het zoeken is na {seconds} s gestopt: de lijst is onvolledig. Maak de zoekterm specifieker of kies een gemeente.",
    "harden.read_only": "Alleen lezen: je rol ({role}) mag niet coderen of beoordelen.",
    "harden.autocode_incomplete": "De vorige automatische codering (gestart {started}) is niet afgemaakt: "
    "de suggesties zijn onvolledig. Start hem opnieuw.",
}

EN: dict[str, str] = {
    "corpus.kwic_stopped": "The search stopped after {seconds} s: the list is incomplete. Make the search term more specific or pick a municipality.",
    "harden.read_only": "Read only: your role ({role}) may not code or review.",
    "harden.autocode_incomplete": "The previous auto-coding run (started {started}) did not finish: "
    "its suggestions are incomplete. Start it again.",
}
