"""Password hashing: scrypt with a per-user random salt, verified in constant time.

Stored form (one string, self-describing so parameters can be raised later)::

    scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

from ..errors import DuidingError

SCHEME = "scrypt"
N = 2**14
R = 8
P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 10
MIN_DISTINCT = 5


class PasswordError(DuidingError, ValueError):
    """A password that is not acceptable, or a stored hash that cannot be read."""

    default_key = "accounts.password_invalid"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * r * (n + p + 2) + 1024 * 1024, dklen=KEY_BYTES
    )


def check_password_strength(password: str, user: str | None = None) -> None:
    """Raise :class:`PasswordError` for a password a guesser would find quickly.

    Refused: shorter than :data:`MIN_LENGTH` characters; blank; fewer than :data:`MIN_DISTINCT`
    different characters ("aaaaaaaaaa", "1212121212"); digits only; a common password
    (:mod:`.common_passwords`), also with digits or punctuation around it ("Wachtwoord2024!");
    the user name itself.
    """
    from .common_passwords import COMMON_PASSWORDS

    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise PasswordError("store.password_too_short", min=MIN_LENGTH)
    if not password.strip():
        raise PasswordError("store.password_blank")
    folded = password.strip().lower()
    if len(set(folded)) < MIN_DISTINCT or folded.isdigit():
        raise PasswordError("store.password_guessable")
    core = folded.strip("0123456789!@#$%^&*()_+-=.,;:?/\\|'\"~` ")
    letters = "".join(ch for ch in folded if ch.isalpha())
    half = letters[: len(letters) // 2]
    if {folded, core, letters} & COMMON_PASSWORDS or (half * 2 == letters and half in COMMON_PASSWORDS):
        raise PasswordError("store.password_common")
    if user and folded.strip() == user.strip().lower():
        raise PasswordError("store.password_is_user_name")


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """Hash ``password`` with a fresh random salt."""
    salt = os.urandom(SALT_BYTES)
    digest = _derive(password, salt, n, r, p)
    b64 = lambda b: base64.b64encode(b).decode("ascii")
    return f"{SCHEME}${n}${r}${p}${b64(salt)}${b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise PasswordError("store.password_hash_scheme", scheme=SCHEME)
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError as exc:
        raise PasswordError("store.password_hash_unreadable", detail=str(exc)) from None
    return n, r, p, salt, digest


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; the comparison takes constant time."""
    try:
        n, r, p, salt, digest = _parse(stored)
    except PasswordError:
        return False
    candidate = _derive(password, salt, n, r, p)
    return hmac.compare_digest(candidate, digest)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with weaker parameters than the current ones."""
    try:
        n, r, p, _, _ = _parse(stored)
    except PasswordError:
        return True
    return (n, r, p) < (N, R, P)


@functools.cache
def dummy_hash() -> str:
    """A hash to verify against for unknown user names (a failed login costs the same time)."""
    return hash_password("duiding-no-such-user")
