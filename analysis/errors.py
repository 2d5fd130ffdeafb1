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
    # -- trust: accounts, sign-in, served app, sources outside an archive --------------------------------------
    "trust.login_required": {
        "nl": "Project {location} heeft accounts: {user} moet zich eerst aanmelden met een wachtwoord "
        "(wordt gevraagd, of DUIDING_PASSWORD in scripts).",
        "en": "Project {location} has accounts: {user} must sign in with a password first "
        "(asked for, or DUIDING_PASSWORD in scripts).",
    },
    "trust.login_wait": {
        "nl": "Te veel mislukte aanmeldpogingen: probeer het over {seconds} seconden opnieuw.",
        "en": "Too many failed sign-ins: try again in {seconds} seconds.",
    },
    "trust.no_user": {
        "nl": "Project {location} heeft accounts: geef je gebruikersnaam (--user of DUIDING_USER).",
        "en": "Project {location} has accounts: give your user name (--user or DUIDING_USER).",
    },
    "trust.no_password": {
        "nl": "Een wachtwoord is nodig voor {user}: zet DUIDING_PASSWORD of start in een terminal.",
        "en": "A password is needed for {user}: set DUIDING_PASSWORD or run in a terminal.",
    },
    "trust.not_served": {
        "nl": "Deze server opent alleen de projecten die bij het starten zijn gekozen.",
        "en": "This server only opens the projects chosen when it was started.",
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
