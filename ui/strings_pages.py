"""Strings of engineer "pages" (merged into :mod:`ui.i18n`): the kinds of rule evidence, as the review card and
the transcript show them; what the page does while it prepares "Meer zoals deze" and search by meaning."""

from __future__ import annotations

NL: dict[str, str] = {
    "evidence.kind.exact": "trefwoord",
    "evidence.kind.phrase": "woordgroep",
    "evidence.kind.compound": "samenstelling met",
    "evidence.kind.stem": "verwant aan",
    "evidence.kind.wildcard": "patroon",
    "semantic.loading": "Passages voorbereiden om op betekenis te vergelijken…",
}

EN: dict[str, str] = {
    "evidence.kind.exact": "keyword",
    "evidence.kind.phrase": "phrase",
    "evidence.kind.compound": "compound with",
    "evidence.kind.stem": "related to",
    "evidence.kind.wildcard": "pattern",
    "semantic.loading": "Preparing the passages for comparison by meaning…",
}
