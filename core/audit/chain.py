"""Hashing and verification of the audit chain.

Each event's hash is an HMAC-SHA256 under the *audit key*, a key kept outside the database (see
``core.settings.Settings.audit_keys``): someone who can write the database can edit an event and
recompute every later link, but without the key the recomputed hashes do not verify.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

GENESIS = "0" * 64


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def timestamp(at: datetime) -> str:
    """UTC timestamp text stable across databases (SQLite drops the zone)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(*, chain: str, seq: int, at: datetime, actor: str, action: str, subject: str,
               payload_hash: str, prev_hash: str, key: bytes | None = None) -> str:
    """The event's link: HMAC-SHA256 of its fields under ``key`` (plain SHA-256 without one)."""
    fields = canonical_json([chain, seq, timestamp(at), actor, action, subject, payload_hash, prev_hash])
    if key is None:
        return sha256(fields)
    return hmac.new(key, fields.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditProblem:
    chain: str
    seq: int
    message: str

    def __str__(self) -> str:
        return f"chain {self.chain} event {self.seq}: {self.message}"


def _check_event(event: Any, expected_seq: int, prev_hash: str, keys: tuple[Any, ...]) -> list[str]:
    problems = []
    if event.seq != expected_seq:
        problems.append(f"expected event {expected_seq}: {event.seq - expected_seq} event(s) missing")
    if event.prev_hash != prev_hash:
        problems.append("previous-hash link broken (an earlier event was edited or deleted)")
    if sha256(canonical_json(event.payload)) != event.payload_hash:
        problems.append("payload edited")
    fields = dict(chain=event.chain, seq=event.seq, at=event.at, actor=event.actor,
                  action=event.action, subject=event.subject, payload_hash=event.payload_hash,
                  prev_hash=event.prev_hash)
    if not any(hmac.compare_digest(event_hash(**fields, key=key), event.hash) for key in keys):
        problems.append("event fields edited (or the chain recomputed without the audit key)")
    return problems


def verify_chain(chain: str, events: Iterable[Any], head: Any, keys: tuple[Any, ...] = (None,)) -> list[AuditProblem]:
    """Check one chain's events (ordered by seq) against each other and its head; each link must
    verify under one of ``keys`` (the current audit key first, then the previous ones)."""
    problems: list[AuditProblem] = []
    prev_hash, expected, last = GENESIS, 1, None
    for event in events:
        problems += [AuditProblem(chain, event.seq, m) for m in _check_event(event, expected, prev_hash, keys)]
        prev_hash, expected, last = event.hash, event.seq + 1, event
    if head is None and last is not None:
        problems.append(AuditProblem(chain, last.seq, "chain head missing"))
    elif head is not None and (last is None or head.seq != last.seq or head.hash != last.hash):
        problems.append(AuditProblem(chain, head.seq, "newest event(s) deleted or edited (head mismatch)"))
    return problems
