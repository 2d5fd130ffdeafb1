"""Accounts on top of the store: add, authenticate, change passwords and roles, check rights."""

from __future__ import annotations

import re
from typing import Any

from .. import settings
from ..store import Project
from ..store.project import PermissionDenied
from ..store.team import Account, AccountError, AuthenticationError, LoginThrottled, authenticate
from .passwords import PasswordError, check_password_strength, hash_password
from .roles import ACTION_LABELS, PERMISSIONS, ROLES, allowed, check_role

# The account errors, Account and authenticate live in the store (it checks sign-ins); re-exported here.
__all__ = [
    "Account",
    "AccountError",
    "AuthenticationError",
    "LoginThrottled",
    "add_user",
    "authenticate",
    "can",
    "open_as",
    "remove_user",
    "require",
    "role_of",
    "set_password",
    "set_role",
    "users",
]

_NAME = re.compile(r"^[\w.@+-]{1,100}$")
RESERVED_NAMES = frozenset({"consensus"})


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise AccountError("accounts.invalid_name", name=name)
    if name.lower() in RESERVED_NAMES:
        raise AccountError("accounts.reserved_name", name=name)
    return name


def users(project: Project) -> list[Account]:
    """All accounts of the project (never their password hashes)."""
    return [Account(u["name"], u["role"], u["created_at"]) for u in project.users()]


def role_of(project: Project, name: str | None = None) -> str | None:
    """The effective role of ``name`` (default: the project's user).

    ``beheerder`` for everyone while the project has no accounts (single-user mode),
    None for a name without an account once accounts exist.
    """
    if name is None or name == project.user:
        return project.role
    found = project.get_user(name)
    if found is not None:
        return found["role"]
    return None if project.has_accounts() else "beheerder"


def add_user(project: Project, name: str, password: str, role: str = "codeur") -> Account:
    """Create an account. The first account of a project must be a ``beheerder``.

    Creating the first account ends single-user mode; the project object then acts as
    that beheerder (unless its user already has an account).
    """
    _check_name(name)
    role = _role(role)
    try:
        check_password_strength(password, name)
    except PasswordError as exc:  # the password's own (keyed) text, after the account's name in English
        raise AccountError(exc.key, **exc.params).english(f"account {name!r}: {exc}") from None
    if project.get_user(name) is not None:
        raise AccountError("accounts.exists", name=name)
    first = not project.has_accounts()
    if first and role != "beheerder":
        raise AccountError("accounts.first_not_beheerder", role=role, name=name)
    project.save_user(name, password_hash=hash_password(password), role=role)  # the first: continues as it
    return Account(name, role)


def set_password(project: Project, name: str, password: str) -> None:
    """Change a password: your own (any role) or, as beheerder, anyone's."""
    try:
        check_password_strength(password, name)
    except PasswordError as exc:  # the password's own (keyed) text, after the account's name in English
        raise AccountError(exc.key, **exc.params).english(f"account {name!r}: {exc}") from None
    if project.get_user(name) is None:
        raise AccountError("accounts.no_account", name=name, location=project.location)
    if name == project.user:
        project.set_own_password_hash(hash_password(password))
    else:
        project.save_user(name, password_hash=hash_password(password))


def set_role(project: Project, name: str, role: str) -> None:
    """Give ``name`` another role; the last beheerder cannot be demoted."""
    role = _role(role)
    found = project.get_user(name)
    if found is None:
        raise AccountError("accounts.no_account", name=name, location=project.location)
    if found["role"] == "beheerder" and role != "beheerder" and _beheerders(project) == [name]:
        raise AccountError("accounts.last_beheerder_role", name=name, role=role)
    project.save_user(name, role=role)


def remove_user(project: Project, name: str) -> None:
    """Delete an account (its codings stay, under its name); the last beheerder cannot go."""
    found = project.get_user(name)
    if found is None:
        raise AccountError("accounts.no_account", name=name, location=project.location)
    if found["role"] == "beheerder" and _beheerders(project) == [name]:
        raise AccountError("accounts.last_beheerder_removed", name=name)
    project.delete_user(name)


def require(project: Project, user: str | None, action: str) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` (default: the project's user) may ``action``."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}; expected one of: {', '.join(PERMISSIONS)}")
    name = project.user if user is None else user
    role = role_of(project, name)
    if allowed(role, action):
        return
    if role is None:
        raise PermissionDenied("store.no_account", user=name, location=project.location)
    raise PermissionDenied(
        "store.permission_denied", user=name, role=role, action=action, label=ACTION_LABELS.get(action, action),
        location=project.location,
    )


def can(project: Project, action: str) -> bool:
    """May the project's user perform ``action``? (For the UI: hide or disable what is not allowed.)"""
    return allowed(role_of(project), action)


def open_as(location: Any = None, user: str | None = None, password: str | None = None, **kwargs: Any) -> Project:
    """Open a project as ``user`` after checking the password (when the project has accounts).

    In single-user mode (no accounts) the password is not asked for. ``user`` defaults to
    ``$DUIDING_USER`` and ``password`` to ``$DUIDING_PASSWORD``.
    """
    user = user or settings.user()
    project = Project.open(location, user=user, **kwargs)
    try:
        if project.has_accounts():
            if not user:
                raise AuthenticationError("accounts.no_user", location=project.location)
            secret = password if password is not None else settings.password()
            if secret is None:
                raise AuthenticationError("accounts.no_password", location=project.location, user=user)
            project.login(user, secret)
    except BaseException:
        project.close()
        raise
    return project


def _role(role: str) -> str:
    try:
        return check_role(role)
    except ValueError:
        raise AccountError("accounts.unknown_role", role=role, roles=", ".join(ROLES)) from None


def _beheerders(project: Project) -> list[str]:
    return [u["name"] for u in project.users() if u["role"] == "beheerder"]
