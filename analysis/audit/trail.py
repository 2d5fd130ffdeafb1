"""Readable audit-trail rows (who, when, what, before, after) for the onderzoeksdossier."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..store import Project

ACTION_LABELS = {
    "create": "aangemaakt",
    "update": "gewijzigd",
    "status": "status gewijzigd",
    "delete": "verwijderd",
    "restore": "hersteld",
    "suggest": "suggesties opgeslagen",
    "save": "opgeslagen",
    "move": "verplaatst",
    "merge": "samengevoegd",
    "judge": "beoordeeld",
    "assign": "toegewezen",
    "unassign": "toewijzing ingetrokken",
    "undo": "ongedaan gemaakt",
    "import": "geïmporteerd",
    "autocode_start": "automatisch coderen gestart",
    "autocode_done": "automatisch coderen klaar",
}
ENTITY_LABELS = {
    "coding": "codering",
    "code": "code",
    "codebook": "codeboek",
    "source": "bron",
    "memo": "memo",
    "topic_model": "themamodel",
    "story_collection": "verhalencollectie",
    "norm": "norm",
    "user": "account",
    "assignment": "toewijzing",
    "audit": "logregel",
    "autocode": "automatisch coderen",
    "participant": "deelnemer",
    "passage_set": "opgeslagen set",
}
STATUS_LABELS = {"suggested": "voorgesteld", "accepted": "geaccepteerd", "rejected": "afgewezen"}
FIELDS = ("nr", "wanneer", "wie", "actie", "object", "object_id", "omschrijving", "voor", "na")
_CODING_KEYS = (
    "code_id",
    "passage_id",
    "coder",
    "status",
    "start",
    "end",
    "memo",
    "origin",
    "confidence",
    "codebook_id",
)


def as_utc(value: Any) -> datetime | None:
    """Timestamps from the store (SQLite gives naive UTC datetimes) as aware UTC datetimes."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return STATUS_LABELS.get(value, repr(value) if value == "" or " " in value else value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


def _changes(before: dict | None, after: dict | None, keys: Iterable[str] | None = None) -> list[str]:
    before, after = before or {}, after or {}
    keys = list(keys) if keys is not None else list(dict.fromkeys([*before, *after]))
    out = []
    for k in keys:
        if k in ("id", "evidence"):
            continue
        if before.get(k) != after.get(k):
            out.append(f"{k}: {_show(before.get(k))} → {_show(after.get(k))}")
    return out


def describe(entry: dict) -> str:
    """One readable Dutch sentence (or list of changes) for an audit entry."""
    action, entity = entry["action"], entry["entity"]
    before, after = entry.get("before"), entry.get("after")
    if entity == "coding":
        snap = after or before or {}
        if action == "suggest":
            a = after or {}
            return f"{a.get('inserted', 0)} suggesties toegevoegd, {a.get('updated', 0)} bijgewerkt"
        what = (
            f"code {snap.get('code_id')} op passage {snap.get('passage_id')} (codeur {snap.get('coder')})"
            if snap
            else "codering"
        )
        if action == "create":
            span = f", tekens {snap.get('start')}-{snap.get('end')}" if snap.get("start") is not None else ""
            return f"{what}, {STATUS_LABELS.get(snap.get('status'), snap.get('status'))}{span}"
        if action == "delete":
            return f"{what} verwijderd"
        if action == "restore":
            return f"{what} hersteld ({STATUS_LABELS.get(snap.get('status'), snap.get('status'))})"
        changes = _changes(before, after, _CODING_KEYS)
        return f"{what}: " + ("; ".join(changes) if changes else "geen inhoudelijke wijziging")
    if entity == "autocode":  # a run of the auto-coder: what it did, not its review queue of passage ids
        a = after or {}
        if action == "autocode_start":
            return f"codeboek {entry.get('entity_id')}: {a.get('passages', '–')} passages, codeur {a.get('coder', '–')}"
        if action == "autocode_done":
            queue = a.get("review_queue") or []
            return (f"codeboek {entry.get('entity_id')}: {a.get('passages', '–')} passages gecodeerd, "
                    f"{len(queue)} in de beoordelingsvolgorde")
    if entity == "audit" and action == "undo":
        return f"logregel {entry.get('entity_id')} ongedaan gemaakt"
    if entity == "user":
        changes = _changes(before, after)
        return "; ".join(changes) if changes else "account"
    if isinstance(after, dict) and before is None:
        return "; ".join(f"{k}: {_show(v)}" for k, v in after.items())
    if isinstance(before, dict) and after is None:
        return "; ".join(f"{k}: {_show(v)}" for k, v in before.items())
    changes = _changes(before if isinstance(before, dict) else None, after if isinstance(after, dict) else None)
    return "; ".join(changes)


def readable_rows(
    project: Project,
    *,
    entity: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """The audit log as rows with Dutch labels, oldest first (columns: :data:`FIELDS`)."""
    since, until = as_utc(since), as_utc(until)
    rows = []
    for e in project.audit_log(entity=entity):
        at = as_utc(e["at"])
        if user and e["user"] != user:
            continue
        if since and at and at < since:
            continue
        if until and at and at > until:
            continue
        rows.append(
            {
                "nr": e["id"],
                "wanneer": at.astimezone().isoformat(timespec="seconds") if at else "",
                "wie": e["user"],
                "actie": ACTION_LABELS.get(e["action"], e["action"]),
                "object": ENTITY_LABELS.get(e["entity"], e["entity"]),
                "object_id": e["entity_id"] or "",
                "omschrijving": describe(e),
                "voor": "" if e["before"] is None else json.dumps(e["before"], ensure_ascii=False, sort_keys=True),
                "na": "" if e["after"] is None else json.dumps(e["after"], ensure_ascii=False, sort_keys=True),
            }
        )
    return rows
