"""Who may do what in a project: roles, the rights (actions) they hold, and the guard on store methods.

Plain data and one decorator, no database import (Taguette's ``Privileges`` is the model): the
store's guard, the accounts package, the CLI and the UI all read this one table.

* ``beheerder`` - manages the project: accounts, assignments, sources, codebooks,
  normenkader judgements, consensus decisions; and everything a codeur may do.
* ``codeur`` - codes: adds, reviews and removes codings and suggestions, writes
  memos, fits topic models and story collections.
* ``lezer`` - reads and exports; writes nothing.

A project without accounts is in single-user mode: whoever opens it acts as
``beheerder`` (the SQLite default for one researcher on one laptop).

Every public method of :class:`~analysis.store.Project` that reads or writes project data
declares the right it needs with ``@requires("<action>")``; the check runs before the method.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

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

# The attribute a guarded method carries: the action it declared.
ACTION_ATTRIBUTE = "__duiding_action__"

F = TypeVar("F", bound=Callable[..., Any])


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


# Per thread: for each project object (by id) inside an outermost guarded call, the actions
# checked so far.
_GUARD_STATE = threading.local()


def _active() -> dict[int, set[str]]:
    return _GUARD_STATE.__dict__.setdefault("projects", {})


def requires(action: str, *, nested: bool = True) -> Callable[[F], F]:
    """Declare the right a store method needs; ``self.check_permission(action)`` runs before it.

    Each action is checked once per outermost guarded call (per thread and project): a nested
    guarded call whose action the outer call has checked already costs nothing, and one with
    another (stricter) action checks that too. ``nested=False`` (``transaction``): inside an
    outer guarded call no check at all, so a method's own transaction is covered by its right.
    """
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}; expected one of: {', '.join(PERMISSIONS)}")

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            with checked(self, action, nested=nested):
                return method(self, *args, **kwargs)

        setattr(guarded, ACTION_ATTRIBUTE, action)
        return guarded  # type: ignore[return-value]

    return decorate


class checked:
    """The guard as a context manager: ``with checked(project, "import"):`` checks ``actions``
    for ``project`` the way :func:`requires` does (lower case: it is used like a function)."""

    def __init__(self, project: Any, *actions: str, nested: bool = True) -> None:
        self.project, self.actions, self.nested, self.outer = project, actions, nested, False

    def __enter__(self) -> None:
        active = _active()
        done = active.get(id(self.project))
        if done is not None:  # inside an outer guarded call
            if self.nested:
                for action in self.actions:
                    if action not in done:
                        self.project.check_permission(action)
                        done.add(action)
            return
        for action in self.actions:
            self.project.check_permission(action)
        active[id(self.project)] = set(self.actions)
        self.outer = True

    def __exit__(self, *exc: object) -> None:
        if self.outer:
            _active().pop(id(self.project), None)


def declared(cls: type) -> dict[str, str]:
    """``{method name: action}`` of every guarded method of ``cls`` (for tests and docs)."""
    out: dict[str, str] = {}
    for name in dir(cls):
        action = getattr(getattr(cls, name, None), ACTION_ATTRIBUTE, None)
        if action is not None:
            out[name] = action
    return out
