"""Login backoff: it lives in the store (:mod:`analysis.store.throttle`), which checks sign-ins."""

from __future__ import annotations

from ..store.throttle import BASE_DELAY, FORGET_AFTER, FREE_ATTEMPTS, MAX_DELAY, THROTTLE, LoginThrottle

__all__ = ["BASE_DELAY", "FORGET_AFTER", "FREE_ATTEMPTS", "MAX_DELAY", "THROTTLE", "LoginThrottle"]
