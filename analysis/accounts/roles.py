"""Roles and what they may do: the one permission table of Duiding.

Plain data, no database import, so the store's write guard, the CLI and the UI
all read the same table.

* ``beheerder`` - manages the project: accounts, assignments, sources, codebooks,
  normenkader judgements, consensus decisions; and everything a codeur may do.
* ``codeur`` - codes: adds, reviews and removes codings and suggestions, writes
  memos, fits topic models and story collections.
* ``lezer`` - reads and exports; writes nothing.

A project without accounts is in single-user mode: whoever opens it acts as
``beheerder`` (the SQLite default for one researcher on one laptop).
"""

from __future__ import annotations

ROLES: tuple[str, ...] = ("beheerder", "codeur", "lezer")

ROLE_LABELS: dict[str, str] = {"beheerder": "Beheerder", "codeur": "Codeur", "lezer": "Lezer"}

# action -> roles allowed to perform it
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset({"beheerder", "codeur", "lezer"}),
    "export": frozenset({"beheerder", "codeur", "lezer"}),
    "account": frozenset({"beheerder", "codeur", "lezer"}),
    "write": frozenset({"beheerder", "codeur"}),
    "code": frozenset({"beheerder", "codeur"}),
    "memo": frozenset({"beheerder", "codeur"}),
    "analyse": frozenset({"beheerder", "codeur"}),
    "import": frozenset({"beheerder"}),
    "codebook": frozenset({"beheerder"}),
    "judge": frozenset({"beheerder"}),
    "consensus": frozenset({"beheerder"}),
    "assign": frozenset({"beheerder"}),
    "users": frozenset({"beheerder"}),
    "pseudonymise": frozenset({"beheerder"}),
}

# user-facing (Dutch) descriptions, for error messages in the UI
ACTION_LABELS: dict[str, str] = {
    "read": "het project bekijken",
    "export": "exporteren",
    "account": "het eigen wachtwoord wijzigen",
    "write": "wijzigingen opslaan",
    "code": "coderen",
    "memo": "memo's schrijven",
    "analyse": "thema's en verhalen analyseren",
    "import": "bronnen importeren of wijzigen",
    "codebook": "het codeboek wijzigen",
    "judge": "normen beoordelen",
    "consensus": "meningsverschillen beslechten",
    "assign": "bronnen toewijzen",
    "users": "accounts beheren",
    "pseudonymise": "pseudonimiseren",
}


def check_role(role: str) -> str:
    """Return ``role`` when it is a known role; raise ``ValueError`` naming the valid ones."""
    key = str(role).strip().lower()
    if key not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of: {', '.join(ROLES)}")
    return key


def allowed(role: str | None, action: str) -> bool:
    """May a user with ``role`` perform ``action``? ``None`` (no account) may do nothing."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}; expected one of: {', '.join(PERMISSIONS)}")
    return role is not None and role in PERMISSIONS[action]
