"""Country-neutral facts of one performance to pay; each country plugin maps them to its own
payslip input (``payroll.input_from(facts)``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

KINDS = ("employee", "worker", "artist", "student")


@dataclass(frozen=True, slots=True)
class PayFacts:
    """What the run knows about one performance, its worker and the employer."""

    period: date                       # first day of the month paid
    gross: Decimal                     # gross pay agreed for the performance
    kind: str                          # employee, worker (manual), artist, student
    start: date
    end: date
    worker_id: str = ""
    days: int | None = None
    hours: Decimal | None = None
    birth_date: date | None = None
    profile: Mapping[str, Any] = field(default_factory=dict)   # worker's country payroll profile
    employer: Mapping[str, Any] = field(default_factory=dict)  # tenant's employer facts
