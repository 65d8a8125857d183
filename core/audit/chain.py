"""Hashing and verification of the audit chain."""
from __future__ import annotations

import hashlib
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
               payload_hash: str, prev_hash: str) -> str:
    fields = [chain, seq, timestamp(at), actor, action, subject, payload_hash, prev_hash]
    return sha256(canonical_json(fields))


@dataclass(frozen=True, slots=True)
class AuditProblem:
    chain: str
    seq: int
    message: str

    def __str__(self) -> str:
        return f"chain {self.chain} event {self.seq}: {self.message}"


def _check_event(event: Any, expected_seq: int, prev_hash: str) -> list[str]:
    problems = []
    if event.seq != expected_seq:
        problems.append(f"expected event {expected_seq}: {event.seq - expected_seq} event(s) missing")
    if event.prev_hash != prev_hash:
        problems.append("previous-hash link broken (an earlier event was edited or deleted)")
    if sha256(canonical_json(event.payload)) != event.payload_hash:
        problems.append("payload edited")
    recomputed = event_hash(chain=event.chain, seq=event.seq, at=event.at, actor=event.actor,
                            action=event.action, subject=event.subject,
                            payload_hash=event.payload_hash, prev_hash=event.prev_hash)
    if recomputed != event.hash:
        problems.append("event fields edited")
    return problems


def verify_chain(chain: str, events: Iterable[Any], head: Any) -> list[AuditProblem]:
    """Check one chain's events (ordered by seq) against each other and its head."""
    problems: list[AuditProblem] = []
    prev_hash, expected, last = GENESIS, 1, None
    for event in events:
        problems += [AuditProblem(chain, event.seq, m) for m in _check_event(event, expected, prev_hash)]
        prev_hash, expected, last = event.hash, event.seq + 1, event
    if head is None and last is not None:
        problems.append(AuditProblem(chain, last.seq, "chain head missing"))
    elif head is not None and (last is None or head.seq != last.seq or head.hash != last.hash):
        problems.append(AuditProblem(chain, head.seq, "newest event(s) deleted or edited (head mismatch)"))
    return problems
