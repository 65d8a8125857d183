"""Time-ordered UUID version 7 identifiers (RFC 9562), so primary keys index in insertion order."""
from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last = [0, 0]  # last millisecond timestamp, last 12-bit counter


def uuid7() -> uuid.UUID:
    """A new UUIDv7: 48-bit Unix milliseconds, 12-bit monotonic counter, 62 random bits."""
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last[0]:
            ms = _last[0]
            counter = _last[1] + 1
            if counter > 0xFFF:  # counter exhausted within one millisecond: borrow the next one
                ms, counter = ms + 1, 0
        else:
            counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last[0], _last[1] = ms, counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | rand
    return uuid.UUID(int=value)


def _reserve(n: int) -> tuple[int, int]:
    """Reserve ``n`` consecutive (millisecond, counter) slots; returns the first one."""
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last[0]:
            ms, counter = _last[0], _last[1] + 1
        else:
            counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        last = ms * 0x1000 + counter + n - 1
        _last[0], _last[1] = last >> 12, last & 0xFFF
    return ms, counter


def uuid7_text(n: int) -> list[str]:
    """``n`` new UUIDv7 in canonical text, in increasing order (bulk inserts: one call, no loop
    over `uuid.UUID` objects). A counter past 0xFFF borrows the next millisecond, as `uuid7` does."""
    import numpy as np

    if n <= 0:
        return []
    ms, counter = _reserve(n)
    slots = ms * 0x1000 + counter + np.arange(n, dtype=np.uint64)
    high = ((slots >> np.uint64(12)) << np.uint64(16)) | np.uint64(0x7000) | (slots & np.uint64(0xFFF))
    low = np.frombuffer(os.urandom(8 * n), dtype=np.uint64) & np.uint64((1 << 62) - 1)
    low |= np.uint64(0b10 << 62)
    raw = np.empty((n, 2), dtype=">u8")
    raw[:, 0], raw[:, 1] = high, low
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    nibbles = raw.view(np.uint8).reshape(n, 16)
    hexed = np.empty((n, 32), dtype=np.uint8)
    hexed[:, 0::2], hexed[:, 1::2] = digits[nibbles >> 4], digits[nibbles & 15]
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    for start, end, at in ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24)):
        text[:, at:at + end - start] = hexed[:, start:end]
    return text.view("S36").ravel().astype("U36").tolist()
