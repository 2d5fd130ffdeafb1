"""Login backoff: after a few wrong passwords, the next attempt must wait, doubling each time.

Kept per account (per project) and per client (the browser's address in a served app), in the
memory of the process that checks passwords, so one server process protects all its sessions.
While an account or client must wait, an attempt is refused without checking the password, so a
guesser gets a handful of tries per minute instead of thousands. A correct login clears the
account's count; a client's count is forgotten after a quiet period. A command-line run is its own
process: there the project file (SQLite) or the database login (PostgreSQL) is the boundary.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

FREE_ATTEMPTS = 3  # wrong passwords allowed before any waiting
BASE_DELAY = 5.0  # seconds to wait after the free attempts, doubled for each further failure
MAX_DELAY = 300.0
FORGET_AFTER = 3600.0  # a key without failures for this long starts afresh


class LoginThrottle:
    """Failure counts and waiting times per key; thread-safe."""

    def __init__(
        self,
        *,
        free: int = FREE_ATTEMPTS,
        base: float = BASE_DELAY,
        cap: float = MAX_DELAY,
        forget: float = FORGET_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base, self.cap, self.forget, self.clock = free, base, cap, forget, clock
        self._failures: dict[Hashable, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _delay(self, count: int) -> float:
        return 0.0 if count < self.free else min(self.cap, self.base * 2 ** (count - self.free))

    def wait(self, *keys: Hashable) -> float:
        """Seconds before the next attempt for these keys may be checked (0: now)."""
        now = self.clock()
        longest = 0.0
        with self._lock:
            for key in keys:
                count, last = self._failures.get(key, (0, now))
                if now - last > self.forget:
                    self._failures.pop(key, None)
                    continue
                longest = max(longest, last + self._delay(count) - now)
        return max(0.0, longest)

    def failed(self, *keys: Hashable) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                count, last = self._failures.get(key, (0, now))
                self._failures[key] = (1 if now - last > self.forget else count + 1, now)

    def succeeded(self, *keys: Hashable) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


THROTTLE = LoginThrottle()  # the process-wide one used by authenticate (analysis.store.team)
