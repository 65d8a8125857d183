"""Typed inputs of the Belgian declarations: what the database stores, as plain dataclasses.

Amounts are integer euro-cents. The lead maps stored rows (tenant legal entity, members,
work performances, payslips, invoices) to these; the generators never see a database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Employer:
    noss_number: str        # ONSS/RSZ registration number (zone 00011)
    company_number: str     # KBO/BCE enterprise number, 10 digits (zone 00014)
    name: str = ""
    vat_number: str = ""    # BE + enterprise number (VAT return)
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Worker:
    niss: str               # national (or BIS) number, 11 digits
    last_name: str = ""
    first_name: str = ""
    birthdate: date | None = None


@dataclass(frozen=True, slots=True)
class DimonaIn:
    """A work performance about to start (DIMONA IN)."""

    worker: Worker
    worker_type: str                    # zone 00655, e.g. OTH, STU
    start: date
    end: date | None = None
    start_hour: str | None = None       # HHMM
    end_hour: str | None = None
    planned_hours: int | None = None
    joint_commission: str | None = None  # zone 00046 (DIMONA list), e.g. XXX


@dataclass(frozen=True, slots=True)
class DimonaOut:
    period_id: str                      # DimonaPeriodId returned for the IN
    end: date
    niss: str | None = None


@dataclass(frozen=True, slots=True)
class DimonaUpdate:
    period_id: str
    start: date | None = None
    end: date | None = None
    start_hour: str | None = None
    end_hour: str | None = None
    planned_hours: int | None = None
    niss: str | None = None


@dataclass(frozen=True, slots=True)
class DimonaCancel:
    period_id: str
    niss: str | None = None


DimonaAction = DimonaIn | DimonaOut | DimonaUpdate | DimonaCancel


@dataclass(frozen=True, slots=True)
class DimonaRequest:
    employer: Employer
    action: DimonaAction
    created_at: datetime                # when the declaration is made (an IN must precede the start)
