"""Strings of the served app (fixed project or projects folder) and the login gate without a path."""

from __future__ import annotations

NL: dict[str, str] = {
    "login.intro_no_path": "Dit project heeft accounts. Meld je aan om verder te gaan.",
    "login.unavailable_served": "Het project kon niet worden geopend. Vraag de beheerder van deze server.",
    "served.fixed": "Deze server biedt één project aan: **{name}**. Wie de server start, kiest het project.",
    "served.choose": "Project op deze server",
    "served.choose_help": "Wie de server start, kiest de projectenmap; een ander pad of een database-adres kan hier niet.",
    "served.none": "Er staan nog geen projecten in de projectenmap van deze server. "
    "Wie de server beheert, maakt ze aan met `duiding init` in die map.",
    "served.signed_out": "Meld je aan om dit project te openen.",
}

EN: dict[str, str] = {
    "login.intro_no_path": "This project has accounts. Sign in to continue.",
    "login.unavailable_served": "The project could not be opened. Ask whoever runs this server.",
    "served.fixed": "This server offers one project: **{name}**. Whoever starts the server chooses it.",
    "served.choose": "Project on this server",
    "served.choose_help": "Whoever starts the server chooses the projects folder; other paths or database URLs cannot be opened here.",
    "served.none": "The projects folder of this server holds no projects yet. "
    "Whoever runs the server creates them with `duiding init` in that folder.",
    "served.signed_out": "Sign in to open this project.",
}
