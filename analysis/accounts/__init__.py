"""Accounts and roles for team mode (beheerder, codeur, lezer).

::

    from analysis.accounts import add_user, authenticate, can, open_as

    add_user(project, "anna", "geheim-wachtwoord", role="beheerder")   # the first account
    add_user(project, "bram", "nog-een-wachtwoord", role="lezer")
    project = open_as("team.sqlite", "bram", "nog-een-wachtwoord")   # or Project.open(..., user=, password=)
    can(project, "code")        # False: a lezer reads and exports only
    project.add_coding(...)     # raises PermissionDenied

Once a project has accounts, a user name alone gives no rights: the password must be
checked on the project object (``Project.open(p, user=..., password=...)``,
:meth:`Project.login`, :func:`open_as`) before anything is read or written.
Roles are enforced in the store itself (a guard in front of every write method of
:class:`~analysis.store.Project`), so the CLI, the UI and notebooks obey the same
rules. A project without accounts stays in single-user mode: everything is allowed.

Passwords are hashed with scrypt and a per-user salt (:mod:`.passwords`).
Note: on SQLite whoever can write the file can change it with other tools; on
PostgreSQL, give coders database logins without DDL rights for real separation.
"""

from ..store.project import LoginRequired, PermissionDenied
from .passwords import PasswordError, hash_password, verify_password
from .roles import ACTION_LABELS, PERMISSIONS, ROLE_LABELS, ROLES, allowed
from .users import (
    Account,
    AccountError,
    AuthenticationError,
    LoginThrottled,
    add_user,
    authenticate,
    can,
    open_as,
    remove_user,
    require,
    role_of,
    set_password,
    set_role,
    users,
)

__all__ = [
    "ACTION_LABELS",
    "PERMISSIONS",
    "ROLES",
    "ROLE_LABELS",
    "Account",
    "AccountError",
    "AuthenticationError",
    "LoginRequired",
    "LoginThrottled",
    "PasswordError",
    "PermissionDenied",
    "add_user",
    "allowed",
    "authenticate",
    "can",
    "hash_password",
    "open_as",
    "remove_user",
    "require",
    "role_of",
    "set_password",
    "set_role",
    "users",
    "verify_password",
]
