"""Login throttling: a sliding-window limiter per client address and per account name.

In-process (one per app). Persistent lockout of existing accounts lives on the user row
(``failed_logins``, ``locked_until``), so it holds across processes and restarts.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from datetime import timedelta

MAX_FAILURES = 5                      # consecutive failures before an account locks
LOCKOUT = timedelta(minutes=15)


class SlidingWindow:
    """At most ``limit`` hits per ``window`` seconds for each key."""

    def __init__(self, limit: int, window: float) -> None:  # float ok: seconds, not money
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> int:  # float ok: seconds, not money
        """Record a hit; returns 0 when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return int(hits[0] + self.window - now) + 1
            hits.append(now)
            return 0

    def wait(self, key: str, now: float | None = None) -> int:  # float ok: seconds, not money
        """Seconds to wait before ``key`` may hit again (without recording a hit)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if hits is None or len(hits) < self.limit:
                return 0
            return int(hits[0] + self.window - now) + 1

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


class LoginThrottle:
    """Attempts per address, failures per (tenant, email)."""

    def __init__(self, per_address: int = 20, per_account: int = MAX_FAILURES,
                 window: float = 60.0) -> None:  # float ok: seconds, not money
        self.attempts = SlidingWindow(per_address, window)
        self.failures = SlidingWindow(per_account, LOCKOUT.total_seconds())

    def check_address(self, address: str) -> int:
        return self.attempts.hit(f"addr:{address}")

    def failure_wait(self, account: str) -> int:
        """Seconds to wait if this account already failed too often (without recording)."""
        return self.failures.wait(account)

    def record_failure(self, account: str) -> None:
        self.failures.hit(account)

    def record_success(self, account: str) -> None:
        self.failures.reset(account)
