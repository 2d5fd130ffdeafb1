"""Pseudonymisation of Dutch research material: names, addresses, phone numbers, e-mail,
BSNs (11-proef) and dates of birth become consistent placeholders (``[PERSOON-1]``).

Detectors: the offline Dutch de-identification library *deduce* (when installed; one
instance per process, created on first use), our own regular expressions
(:mod:`.rules`) and the project's lists of names, places and words to keep
(:mod:`.lists`, ``pseudoniemen-lijst.yaml`` beside the project). Without deduce a
:class:`PseudonymisationWarning` says that only rules and lists are used.

The key (placeholder -> original) is a separate JSON file the researcher controls,
``pseudoniemen-sleutel.json`` beside the project by default (:mod:`.key`); the same
original gets the same placeholder project-wide.

::

    from analysis.privacy import project_pseudonymiser, pseudonymise_project, pseudonymise_text

    ingest_paths(project, paths, transform=project_pseudonymiser(project))   # at import
    pseudonymise_project(project)                                             # sources already in
    pseudonymise_text(project, quote)                                         # exports

The pseudonymised text is the stored text; passages are moved onto it, so
``text[p.start:p.end] == p.text`` holds. Pseudonymisation lowers the risk, it does not
anonymise: indirect identifiers (a rare job, a family situation, a street described
without a number) stay. Read what you share.
"""

from .detect import deduce_available, get_deduce
from .key import PseudonymKey, PseudonymKeyError
from .lists import ListError, ProjectLists, load_lists
from .project import (
    KEY_FILENAME,
    LIST_FILENAMES,
    ProjectResult,
    key_path,
    lists_path,
    make_pseudonymiser,
    project_pseudonymiser,
    pseudonymise_project,
    pseudonymise_text,
)
from .pseudonymiser import (
    PrivacyError,
    PseudonymisationWarning,
    Pseudonymised,
    Pseudonymiser,
    Replacement,
    map_passages,
    speaker_names,
)
from .rules import KINDS, Hit, bsn_valid, find_rule_hits

__all__ = [
    "KEY_FILENAME",
    "KINDS",
    "LIST_FILENAMES",
    "Hit",
    "ListError",
    "PrivacyError",
    "ProjectLists",
    "ProjectResult",
    "PseudonymKey",
    "PseudonymKeyError",
    "PseudonymisationWarning",
    "Pseudonymised",
    "Pseudonymiser",
    "Replacement",
    "bsn_valid",
    "deduce_available",
    "find_rule_hits",
    "get_deduce",
    "key_path",
    "lists_path",
    "load_lists",
    "make_pseudonymiser",
    "map_passages",
    "project_pseudonymiser",
    "pseudonymise_project",
    "pseudonymise_text",
    "speaker_names",
]
