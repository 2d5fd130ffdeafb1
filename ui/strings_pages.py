"""Strings of engineer "pages" (merged into :mod:`ui.i18n`): the kinds of rule evidence, as the review card and
the transcript show them."""

from __future__ import annotations

NL: dict[str, str] = {
    "evidence.kind.exact": "trefwoord",
    "evidence.kind.phrase": "woordgroep",
    "evidence.kind.compound": "samenstelling met",
    "evidence.kind.stem": "verwant aan",
    "evidence.kind.wildcard": "patroon",
}

EN: dict[str, str] = {
    "evidence.kind.exact": "keyword",
    "evidence.kind.phrase": "phrase",
    "evidence.kind.compound": "compound with",
    "evidence.kind.stem": "related to",
    "evidence.kind.wildcard": "pattern",
}
