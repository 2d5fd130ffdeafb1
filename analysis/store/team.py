"""Team mode: accounts, sign-in, the permission check and work assignments.

A mixin of :class:`analysis.store.Project`: it uses the project's ``transaction()``,
``_session()`` and ``_audit()``."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..errors import DuidingError
from . import throttle as _throttle
from .common import StoreError, in_chunks
from .orm import AssignmentRow, PassageRow, SourceRow, UserRow, utcnow
from .passwords import dummy_hash, hash_password, needs_rehash, verify_password
from .permissions import ACTION_LABELS, allowed, requires


class AccountError(StoreError):
    """An account operation that cannot be carried out (the message says why)."""

    default_key = "accounts.failed"


class AuthenticationError(AccountError):
    """Wrong user name or password (deliberately not saying which)."""

    default_key = "accounts.failed"


class LoginThrottled(AuthenticationError, DuidingError):
    """Too many failed sign-ins for this account or client: ``seconds`` to wait (the password was not checked)."""

    def __init__(self, key: str = "trust.login_wait", /, **params: Any) -> None:
        DuidingError.__init__(self, key, **params)
        self.seconds = int(params.get("seconds", 0))


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: str
    created_at: datetime | None = None


def authenticate(
    project: Any,
    name: str,
    password: str,
    *,
    client: str | None = None,
    throttle: _throttle.LoginThrottle | None = None,
) -> Account:
    """Check a user name and password; return the account or raise :class:`AuthenticationError`.

    Unknown names cost as much time as wrong passwords, and the message does not say which
    of the two was wrong. After a few failures the account (in this project) and the
    ``client`` (e.g. the browser's address) must wait, doubling each time
    (:mod:`.throttle`): an attempt while waiting raises :class:`LoginThrottled` without
    checking the password. This only checks; :meth:`Project.login` also signs the project in.
    """
    gate = throttle or _throttle.THROTTLE
    keys: list[Any] = [("account", str(project.location), str(name).strip().lower())]
    if client:
        keys.append(("client", client))
    wait = gate.wait(*keys)
    if wait > 0:
        raise LoginThrottled(seconds=max(1, math.ceil(wait)))
    found = project.get_user(name) if isinstance(name, str) else None
    if found is None:
        verify_password(password or "", dummy_hash())
        gate.failed(*keys)
        raise AuthenticationError("accounts.wrong_password")
    if not verify_password(password or "", found["password_hash"]):
        gate.failed(*keys)
        raise AuthenticationError("accounts.wrong_password")
    gate.succeeded(keys[0])
    return Account(found["name"], found["role"], found["created_at"])


class TeamStore:
    """Team mode: accounts, sign-in, the permission check and work assignments."""

    # Added for team mode (analysis.accounts, analysis.agreement). Accounts are optional:
    # without any row in ``users`` the project is in single-user mode and every write is
    # allowed. Once accounts exist, each method's ``@requires`` checks ``self.user``'s role
    # (see analysis.store.permissions) before it runs.
    def has_accounts(self) -> bool:
        with self._session() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    @property
    def role(self) -> str | None:
        """The effective role of ``self.user``: ``beheerder`` in single-user mode, None without an
        account or before the user signed in."""
        with self._session() as s:
            role = s.scalar(select(UserRow.role).where(UserRow.name == self.user))
            if role is not None:
                return role if self._signed_in_as == self.user else None  # a name alone has no role
            if s.scalar(select(UserRow.id).limit(1)) is None:
                return "beheerder"
        return None

    def login(self, name: str, password: str, *, client: str | None = None) -> None:
        """Check ``name``'s password and act as ``name`` from now on (see :func:`authenticate`).

        Raises :class:`AuthenticationError` (wrong name or password, or too many
        failed attempts: the backoff is per account and, when ``client`` is given, per client).
        """
        account = authenticate(self, name, password, client=client)
        self.user = account.name
        self._signed_in_as = account.name
        self._rehash_if_weak(password)

    def _rehash_if_weak(self, password: str) -> None:
        found = self.get_user(self.user)
        if found is not None and needs_rehash(found["password_hash"]):
            self.set_own_password_hash(hash_password(password))

    @property
    def signed_in(self) -> bool:
        """Was ``self.user``'s password checked on this object? (Always True without accounts.)"""
        return self._signed_in_as == self.user or not self.has_accounts()

    def check_permission(self, action: str) -> None:
        """Raise :class:`PermissionDenied` when ``self.user`` may not perform ``action``.

        With accounts, ``self.user`` must have signed in on this object (:meth:`login`, or
        ``Project.open(..., password=...)``): a user name alone reads and writes nothing.
        """
        with self._session() as s:
            role = s.scalar(select(UserRow.role).where(UserRow.name == self.user))
            accounts = role is not None or s.scalar(select(UserRow.id).limit(1)) is not None
        if not accounts:
            return  # single-user mode: the one researcher may do everything
        if role is not None and self._signed_in_as != self.user:
            raise LoginRequired("trust.login_required", location=self.location, user=self.user)
        if allowed(role, action):
            return
        if role is None:
            err = PermissionDenied("store.no_account", user=self.user, location=self.location)
        else:
            err = PermissionDenied(
                "store.permission_denied", user=self.user, role=role, action=action,
                label=ACTION_LABELS.get(action, action), location=self.location,
            )
        # who, which role and what, for a one-line refusal at the edge (see analysis.cli.refusal)
        err.user, err.role, err.action = self.user, role, ACTION_LABELS.get(action, action)
        raise err

    @requires("read")
    def users(self) -> list[dict]:
        """Accounts without their password hashes: name, role, created_at."""
        with self._session() as s:
            return [
                {"name": r.name, "role": r.role, "created_at": r.created_at}
                for r in s.scalars(select(UserRow).order_by(UserRow.name))
            ]

    def get_user(self, name: str) -> dict | None:
        """One account including its ``password_hash`` (for authentication), or None."""
        with self._session() as s:
            r = s.scalar(select(UserRow).where(UserRow.name == name))
            if r is None:
                return None
            return {"name": r.name, "role": r.role, "password_hash": r.password_hash, "created_at": r.created_at}

    @requires("users")
    def save_user(self, name: str, *, password_hash: str | None = None, role: str | None = None) -> bool:
        """Create an account (both fields needed) or change its hash and/or role; True when created.

        Whoever creates the first account of a project (single-user mode ends) continues as that
        account, signed in: the password was just chosen."""
        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            created = row is None
            first = created and s.scalar(select(UserRow.id).limit(1)) is None
            if created:
                if not password_hash or not role:
                    raise StoreError("store.new_account_incomplete", name=name)
                row = UserRow(name=name, password_hash=password_hash, role=role, created_at=utcnow())
                s.add(row)
                before = None
            else:
                before = {"role": row.role}
                if password_hash:
                    row.password_hash = password_hash
                if role:
                    row.role = role
            try:
                s.flush()
            except IntegrityError as exc:  # created concurrently
                raise StoreError("store.account_not_stored", name=name, detail=str(exc.orig)) from exc
            after = {"role": row.role, **({"password": "changed"} if password_hash else {})}
            self._audit(s, "create" if created else "update", "user", name, before=before, after=after)
        if first:
            self.user = self._signed_in_as = name
        return created

    @requires("account")
    def set_own_password_hash(self, password_hash: str) -> None:
        """Change the password hash of ``self.user``'s own account (any role may)."""
        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == self.user))
            if row is None:
                raise StoreError("store.own_account_missing", user=self.user)
            row.password_hash = password_hash
            self._audit(s, "update", "user", self.user, after={"password": "changed"})

    @requires("users")
    def delete_user(self, name: str) -> None:
        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise StoreError("store.no_account_named", name=name)
            self._audit(s, "delete", "user", name, before={"role": row.role})
            s.delete(row)

    @requires("assign")
    def add_assignments(self, coder: str, items: Iterable[tuple[int | None, int | None]]) -> int:
        """Assign sources ``(source_id, None)`` or passages ``(None|source_id, passage_id)`` to ``coder``.

        Returns how many new assignments were stored (existing ones are skipped).
        """

        wanted = list(items)
        with self.transaction() as s:
            existing = {
                (r.source_id, r.passage_id) for r in s.scalars(select(AssignmentRow).where(AssignmentRow.coder == coder))
            }
            passage_ids = sorted({int(p) for _, p in wanted if p is not None})
            passage_source: dict[int, int] = {}
            for chunk in in_chunks(passage_ids):
                for pid, sid in s.execute(select(PassageRow.id, PassageRow.source_id).where(PassageRow.id.in_(chunk))):
                    passage_source[pid] = sid
            source_ids = {int(sid) for sid, p in wanted if p is None and sid is not None}
            known_sources: set[int] = set()
            for chunk in in_chunks(sorted(source_ids)):
                known_sources.update(s.scalars(select(SourceRow.id).where(SourceRow.id.in_(chunk))))
            rows: list[dict] = []
            for sid, pid in wanted:
                if pid is None:
                    if sid is None:
                        raise StoreError("store.assignment_empty")
                    if int(sid) not in known_sources:
                        raise StoreError("store.assign_no_source", source=sid, coder=coder)
                    key = (int(sid), None)
                else:
                    if int(pid) not in passage_source:
                        raise StoreError("store.assign_no_passage", passage=pid, coder=coder)
                    owner = passage_source[int(pid)]
                    if sid is not None and int(sid) != owner:
                        raise StoreError("store.assign_wrong_source", passage=pid, owner=owner, source=sid)
                    if (owner, None) in existing:
                        continue  # the whole source is assigned already
                    key = (owner, int(pid))
                if key in existing:
                    continue
                existing.add(key)
                rows.append({"coder": coder, "source_id": key[0], "passage_id": key[1]})
            if rows:
                s.execute(AssignmentRow.__table__.insert(), rows)
                self._audit(s, "assign", "assignment", coder, after={"added": len(rows)})
            return len(rows)

    @requires("read")
    def assignments(self, coder: str | None = None) -> list[tuple[str, int, int | None]]:
        """``(coder, source_id, passage_id)`` rows; ``passage_id`` None means the whole source."""

        stmt = select(AssignmentRow.coder, AssignmentRow.source_id, AssignmentRow.passage_id).order_by(AssignmentRow.id)
        if coder is not None:
            stmt = stmt.where(AssignmentRow.coder == coder)
        with self._session() as s:
            return [tuple(r) for r in s.execute(stmt)]  # type: ignore[misc]

    @requires("assign")
    def remove_assignments(self, coder: str, source_ids: Iterable[int] = (), passage_ids: Iterable[int] = ()) -> int:
        """Remove ``coder``'s assignments of these sources (all their rows) and passages."""

        sids, pids = [int(i) for i in source_ids], [int(i) for i in passage_ids]
        with self.transaction() as s:
            n = 0
            if sids:
                n += s.execute(delete(AssignmentRow).where(AssignmentRow.coder == coder, AssignmentRow.source_id.in_(sids))).rowcount
            if pids:
                n += s.execute(delete(AssignmentRow).where(AssignmentRow.coder == coder, AssignmentRow.passage_id.in_(pids))).rowcount
            if n:
                self._audit(s, "unassign", "assignment", coder, after={"removed": n})
            return n


class PermissionDenied(StoreError):
    """The project's user may not perform this write (the message names user, role and action)."""

    default_key = "store.permission_denied_detail"


class LoginRequired(PermissionDenied, DuidingError):
    """The project has accounts and its user has not signed in with a password on this object."""

    def __init__(self, key: str = "trust.login_required", /, **params: Any) -> None:
        DuidingError.__init__(self, key, **params)

