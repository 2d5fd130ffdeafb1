"""Codebooks: the YAML format, validation, REFI-QDA ``.qdc`` exchange and the shipped codebooks.

>>> from analysis.codebook import load_shipped
>>> cb = load_shipped("sociaal-domein")
>>> cb.code("wachttijden").parent
'toegang'

See ``codebooks/README.md`` for the file format.
"""

from __future__ import annotations

from .errors import CodebookError, CodebookWarning
from .io import (
    codebook_from_dict,
    codebook_to_dict,
    crosswalk_problems,
    dump_codebook,
    load_codebook,
    load_shipped,
    shipped_codebooks,
    shipped_dir,
    validate_crosswalk,
)
from .refi import code_guid, export_qdc, import_qdc, qdc_bytes

__all__ = [
    "CodebookError",
    "CodebookWarning",
    "code_guid",
    "codebook_from_dict",
    "codebook_to_dict",
    "crosswalk_problems",
    "dump_codebook",
    "export_qdc",
    "import_qdc",
    "load_codebook",
    "load_shipped",
    "qdc_bytes",
    "shipped_codebooks",
    "shipped_dir",
    "validate_crosswalk",
]
