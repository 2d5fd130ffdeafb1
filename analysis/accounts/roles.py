"""Roles and what they may do: the one permission table of Duiding lives in the store
(:mod:`analysis.store.permissions`, plain data); it is re-exported here for the accounts API."""

from __future__ import annotations

from ..store.permissions import ACTION_LABELS, PERMISSIONS, ROLE_LABELS, ROLES, allowed, check_role

__all__ = ["ACTION_LABELS", "PERMISSIONS", "ROLES", "ROLE_LABELS", "allowed", "check_role"]
