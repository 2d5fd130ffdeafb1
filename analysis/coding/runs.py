"""Marks of auto-coding runs in the audit trail: a start, and a done when the run finished.

A run that was interrupted (killed, crashed, a closed laptop) leaves a start without a done, so the next run
and the review page can say that the suggestions are incomplete. Light module: no model imports.
"""

from __future__ import annotations

from typing import Any

RUN_START = "autocode_start"
RUN_DONE = "autocode_done"


def incomplete_run(project: Any, codebook_id: str) -> dict | None:
    """The audit entry of the last auto-coding run of ``codebook_id`` if it never finished, else None."""
    entries = [
        e for e in project.audit_log(entity="autocode", entity_id=codebook_id) if e["action"] in (RUN_START, RUN_DONE)
    ]
    if not entries:
        return None
    last = max(entries, key=lambda e: e["id"])
    return last if last["action"] == RUN_START else None
