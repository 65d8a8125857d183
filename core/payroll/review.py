"""The random review sample ("Objectif 5%"): guardrails approve most performances automatically;
a configurable share of them (``payroll_settings.review_sample_rate``) is flagged for an advisor
to review afterwards. Flagged performances are still paid; the review never blocks the run.

The draw is deterministic: it hashes the performance id, so a test (or an auditor) can tell which
performances a rate selects, and declaring the same performance again never changes the draw.
"""
from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal

from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.db import utcnow
from partage.core.payroll.errors import InvalidState, NotFound
from partage.core.payroll.models import Performance

DEFAULT_RATE = Decimal("0.05")
_SPAN = 2 ** 64


def in_sample(performance_id: uuid.UUID, rate: Decimal) -> bool:
    """True for about ``rate`` (0..1) of all ids: the id's SHA-256 read as a fraction of 2**64."""
    draw = int.from_bytes(hashlib.sha256(performance_id.bytes).digest()[:8], "big")
    return Decimal(draw) < rate * _SPAN


def flag_for_review(perf: Performance, rate: Decimal | None) -> bool:
    """Flag an automatically approved performance when it falls in the sample."""
    if perf.status == "approved" and not perf.checks and in_sample(perf.id, rate or Decimal(0)):
        perf.review = "pending"
        return True
    return False


def mark_reviewed(session: Session, performance_id: uuid.UUID, actor: str) -> Performance:
    """An advisor has reviewed a sampled performance (pending -> done), audited."""
    perf = session.get(Performance, performance_id)
    if perf is None:
        raise NotFound("performance_id", f"unknown performance {performance_id}")
    if perf.review != "pending":
        raise InvalidState("review", "the performance is not waiting for a review "
                                     f"({perf.review or 'not sampled'})")
    perf.review, perf.reviewed_at, perf.reviewed_by = "done", utcnow(), actor[:100]
    record(session, actor=actor, action="performance_reviewed", subject=f"performance:{perf.id}",
           payload={"status": perf.status, "gross": str(perf.gross)})
    return perf
