"""Errors of auto-coding's evaluation a researcher can cause: a gold CSV that is missing or cannot be read."""

from __future__ import annotations

from ..errors import DuidingError


class GoldError(DuidingError, ValueError):
    """A gold CSV (or an option of ``duiding evaluate``) that cannot be used; the message names the file."""

    default_key = "coding.gold_invalid"


class GoldFileMissing(DuidingError, FileNotFoundError):
    """A gold CSV that does not exist."""

    default_key = "coding.gold_not_found"


class ModelFolderMissing(DuidingError, FileNotFoundError):
    """A local sentence-transformers model folder (``embedding_model``) that does not exist."""

    default_key = "coding.model_folder_missing"
