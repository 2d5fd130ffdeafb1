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
    # -- nocli: imports, exports and project management in the app -----------------------------------------
    "nocli.qdpx_failed": {
        "nl": "{file}: niet geïmporteerd: {reason}",
        "en": "{file}: not imported: {reason}",
    },
    "nocli.qdpx_export_failed": {
        "nl": "Het REFI-QDA-project kon niet worden gemaakt: {reason}",
        "en": "The REFI-QDA project could not be written: {reason}",
    },
    "nocli.stories_questions_failed": {
        "nl": "{file}: het vragenbestand kon niet worden gelezen: {reason}. Er is niets geïmporteerd.",
        "en": "{file}: the questions file could not be read: {reason}. Nothing was imported.",
    },
    "nocli.stories_invalid": {
        "nl": "{file}: {n} problemen, niets geïmporteerd (kies 'ongeldige rijen overslaan' om de goede rijen wel te importeren): {reason}",
        "en": "{file}: {n} problems, nothing imported (choose 'skip invalid rows' to import the valid rows): {reason}",
    },
    "nocli.stories_manifest_failed": {
        "nl": "{file}: het collectiebestand kon niet worden gelezen: {reason}. Er is niets geïmporteerd.",
        "en": "{file}: the collections file could not be read: {reason}. Nothing was imported.",
    },
    "nocli.stories_mapping_missing": {
        "nl": "{file}: het collectiebestand noemt het koppelbestand {mapping}; upload dat als koppelbestand.",
        "en": "{file}: the collections file names the mapping file {mapping}; upload it as the mapping file.",
    },
    "nocli.stories_failed": {
        "nl": "{file}: niet geïmporteerd: {reason}",
        "en": "{file}: not imported: {reason}",
    },
    # -- verslag (gespreksverslagen, codeer op kop) -----------------------------------------------------------
    "verslag.template_invalid": {
        "nl": "{file}: dit is geen bruikbaar kop-sjabloon: {problem}.",
        "en": "{file}: not a usable heading template: {problem}.",
    },
    "verslag.unknown_codebook": {
        "nl": "Het codeboek '{codebook}' van het sjabloon staat niet in dit project.",
        "en": "The template's codebook '{codebook}' is not in this project.",
    },
    "verslag.unknown_codes": {
        "nl": "Het sjabloon noemt codes die niet in codeboek '{codebook}' staan: {codes}.",
        "en": "The template names codes that are not in codebook '{codebook}': {codes}.",
    },
    "verslag.nothing_to_undo": {
        "nl": "Er is geen toepassing van een kop-sjabloon om ongedaan te maken.",
        "en": "There is no application of a heading template to undo.",
    },
    "verslag.unknown_batch": {
        "nl": "Er is geen toepassing van een kop-sjabloon met nummer {batch}.",
        "en": "There is no application of a heading template with number {batch}.",
    },
    "verslag.batch_undone": {
        "nl": "Toepassing {batch} is al ongedaan gemaakt.",
        "en": "Application {batch} has been undone already.",
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
