"""The audit trail for the onderzoeksdossier: export it, and undo coding changes from it.

The store writes an audit row (who, when, action, entity, before, after) on every change;
this package reads those rows::

    from analysis.audit import export_audit, undo

    export_audit(project, "dossier/audittrail.xlsx")     # or .csv / .jsonl
    undo(project)                                         # the current user's last coding change
    undo(project, entry_id=812)                           # one particular change
"""

from .export import FORMATS, AuditExportError, export_audit
from .trail import ACTION_LABELS, ENTITY_LABELS, FIELDS, describe, readable_rows
from .undo import UNDOABLE, UndoConflict, UndoError, UndoResult, undo, undoable_entries

__all__ = [
    "ACTION_LABELS",
    "ENTITY_LABELS",
    "FIELDS",
    "FORMATS",
    "UNDOABLE",
    "AuditExportError",
    "UndoConflict",
    "UndoError",
    "UndoResult",
    "describe",
    "export_audit",
    "readable_rows",
    "undo",
    "undoable_entries",
]
