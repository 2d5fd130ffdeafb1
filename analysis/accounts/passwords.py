"""Password hashing: it lives in the store (:mod:`analysis.store.passwords`), which checks sign-ins."""

from __future__ import annotations

from ..store.passwords import (
    MIN_DISTINCT,
    MIN_LENGTH,
    SCHEME,
    PasswordError,
    check_password_strength,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)

__all__ = [
    "MIN_DISTINCT",
    "MIN_LENGTH",
    "SCHEME",
    "PasswordError",
    "check_password_strength",
    "dummy_hash",
    "hash_password",
    "needs_rehash",
    "verify_password",
]
