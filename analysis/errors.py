"""Duiding's one errors catalogue: a base class, message keys and their Dutch and English texts.

Errors raised by ``analysis/`` carry a *key* and *parameters*, never a display text of their own. The UI
and the CLI translate them at the edge with :func:`message` (Dutch by default, English selectable), in the
manner of spaCy's ``errors.py``::

    raise DuidingError("codebook.empty", file="leeg.yaml")
    ...
    except DuidingError as err:
        st.error(message(err, lang))      # "leeg.yaml: het codeboek is leeg. ..."

``str(err)`` is the English text, so logs, tracebacks and tests stay readable.

Parameters that name a file are passed as the file's *name* (never a temporary folder path): use
:func:`display_name` when the caller only has a path.

Each capability keeps its keys together in its own block of :data:`MESSAGES` (prefix = capability), so
parallel work on different capabilities touches different lines. A key missing from a language falls back to
English, then to the key itself with its parameters, so a missing text never hides an error.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# key -> {"nl": template, "en": template}; templates use str.format fields named after the parameters.
MESSAGES: dict[str, dict[str, str]] = {
    # -- general ---------------------------------------------------------------------------------------------
    "general.unexpected": {
        "nl": "Er ging iets mis: {detail}",
        "en": "Something went wrong: {detail}",
    },
    "general.file_not_found": {
        "nl": "{file}: bestand niet gevonden.",
        "en": "{file}: file not found.",
    },
    "general.file_empty": {
        "nl": "{file}: het bestand is leeg.",
        "en": "{file}: the file is empty.",
    },
    # -- store -----------------------------------------------------------------------------------------------
    "store.no_project": {
        "nl": "Geen Duiding-project op {location}: maak er een met 'duiding init' of op de pagina Project.",
        "en": "No Duiding project at {location}: create one with 'duiding init' or on the Project page.",
    },
    "store.permission_denied": {
        "nl": "{user} ({role}) mag dit niet: {action}.",
        "en": "{user} ({role}) may not do this: {action}.",
    },
    # -- harden: hostile input, refused writes, resource limits ----------------------------------------------
    "harden.manifest_rejected": {
        "nl": "{file}: het manifest klopt niet, daarom is niets geïmporteerd. {reason}",
        "en": "{file}: the manifest is invalid, so nothing was imported. {reason}",
    },
    "harden.manifest_missing_file": {
        "nl": "{manifest}, {where}: het bestand '{name}' bestaat niet (niet geïmporteerd).",
        "en": "{manifest}, {where}: the file '{name}' does not exist (not imported).",
    },
    "harden.too_large_unpacked": {
        "nl": "{file}: uitgepakt is dit bestand groter dan {limit_mb} MB; niet geïmporteerd (grens: DUIDING_MAX_UNPACKED_MB).",
        "en": "{file}: unpacked, this file is larger than {limit_mb} MB; not imported (limit: DUIDING_MAX_UNPACKED_MB).",
    },
    "harden.too_many_passages": {
        "nl": "{file}: dit bestand levert {count} passages op, meer dan de grens van {limit}; niet geïmporteerd "
        "(grens: DUIDING_MAX_PASSAGES).",
        "en": "{file}: this file yields {count} passages, more than the limit of {limit}; not imported "
        "(limit: DUIDING_MAX_PASSAGES).",
    },
    "harden.pattern_too_complex": {
        "nl": "Zoekpatroon '{pattern}' heeft te veel jokertekens (*); gebruik er hooguit {limit}.",
        "en": "Search pattern '{pattern}' has too many wildcards (*); use at most {limit}.",
    },
    "harden.refused_write": {
        "nl": "Geweigerd: {reason}",
        "en": "Refused: {reason}",
    },
    "harden.pdf_encrypted": {
        "nl": "{file}: de pdf is versleuteld (met een wachtwoord beveiligd); sla hem onversleuteld op en importeer opnieuw.",
        "en": "{file}: the PDF is encrypted (password protected); save it without encryption and import it again.",
    },
    "harden.docx_external_entity": {
        "nl": "{file}: het document verwijst naar een externe entiteit; die is niet gelezen, tekst kan ontbreken.",
        "en": "{file}: the document refers to an external entity; it was not read, text may be missing.",
    },
    "harden.autocode_incomplete": {
        "nl": "Let op: de vorige automatische codering met '{codebook}' (gestart {started}) is niet afgemaakt; "
        "de suggesties zijn onvolledig. Draai 'duiding code auto' opnieuw.",
        "en": "Note: the previous auto-coding run with '{codebook}' (started {started}) did not finish; "
        "its suggestions are incomplete. Run 'duiding code auto' again.",
    },
}


class DuidingError(Exception):
    """Base of every error Duiding raises on purpose.

    ``key`` names the message in :data:`MESSAGES`; ``params`` fill it in. Subclasses keep their own
    attributes (for example the path of the file) and pass a key and parameters up.
    """

    default_key = "general.unexpected"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or self.default_key
        self.params: dict[str, Any] = dict(params)
        super().__init__(render(self.key, self.params, "en"))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The text for a person, in ``lang`` (``"nl"`` or ``"en"``)."""
        return render(self.key, self.params, lang)

    def __reduce__(self):  # picklable across process pools
        return (_rebuild, (type(self), self.key, self.params, self.__dict__))


def _rebuild(cls: type[DuidingError], key: str, params: dict[str, Any], state: dict[str, Any]) -> DuidingError:
    err = cls.__new__(cls)
    Exception.__init__(err, render(key, params, "en"))
    err.__dict__.update(state)
    err.key, err.params = key, params
    return err


class _Lenient(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def render(key: str, params: Mapping[str, Any] | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message for ``key`` in ``lang``, with ``params`` filled in; never raises."""
    params = dict(params or {})
    texts = MESSAGES.get(key)
    if texts is None:
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{key}: {detail}" if detail else key
    template = texts.get(lang) or texts.get("en") or next(iter(texts.values()))
    try:
        return string.Formatter().vformat(template, (), _Lenient(params))
    except (ValueError, IndexError):  # a malformed template must not hide the error itself
        return template


def message(err: BaseException, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for any exception: catalogue errors translated, others as their own text."""
    if isinstance(err, DuidingError):
        return err.message(lang)
    text = str(err) or type(err).__name__
    return render("general.unexpected", {"detail": text}, lang)


def display_name(path: str | os.PathLike[str] | None) -> str:
    """The part of a path a person should see: the file name, never a temporary folder."""
    if path is None:
        return ""
    return PurePath(os.fspath(path)).name or os.fspath(path)
