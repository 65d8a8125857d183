"""Typed inputs of the quarterly DmfA: the quarter's stored payslips, amounts in integer cents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from partage.core.declarations import Period
from partage.plugins.be.declarations.inputs import Employer, Worker


@dataclass(frozen=True, slots=True)
class Occupation:
    """Terms of an employment (zones 00046-00060); payslips with equal terms share an occupation."""

    joint_commission: str = "200"       # paritair comité, e.g. 200 (white collars), 329.02...
    start: date | None = None
    end: date | None = None
    working_days_system: int = 5        # days a week (zone 00047)
    contract_type: int = 1              # 0 full-time, 1 part-time (zone 00050)
    reference_hours: int = 3800         # hundredths of hours a week of a full-timer (zone 00049)
    mean_hours: int = 3800              # hundredths of hours a week of the worker (zone 00048)
    retired: int = 0


@dataclass(frozen=True, slots=True)
class Remuneration:
    code: str          # RemunCode (annex 7): 1 ordinary pay, 2 bonuses...
    cents: int


@dataclass(frozen=True, slots=True)
class Service:
    code: str          # ServiceCode: 1 work and paid leave...
    days: int
    hours: int         # hundredths of hours


@dataclass(frozen=True, slots=True)
class Contribution:
    worker_code: str   # ContributionWorkerCode (zone 00082), e.g. 495 white collar global contribution
    type: str          # ContributionType (zone 00083)
    basis: int | None  # cents
    amount: int        # cents


@dataclass(frozen=True, slots=True)
class StudentPay:
    """A student under the solidarity contribution (DIMONA STU), block 90003 (hours, not days)."""

    remuneration: int  # cents
    contribution: int  # cents, employer and student share together
    hours: int


@dataclass(frozen=True, slots=True)
class DmfaPayslip:
    """One stored payslip of the quarter, as the DmfA needs it."""

    payslip_id: str
    worker: Worker
    month: date                       # first day of the month paid
    worker_code: str                  # zone 00037: 495 white collar, 015 blue collar, 840 student...
    employer_class: str = "000"       # zone 00036
    occupation: Occupation | None = None
    remunerations: tuple[Remuneration, ...] = ()
    services: tuple[Service, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    work_bonus: int = 0               # cents, deduction 0001 (social work bonus)
    student: StudentPay | None = None

    def remuneration_cents(self) -> int:
        return sum(r.cents for r in self.remunerations) + (self.student.remuneration if self.student else 0)

    def contribution_cents(self) -> int:
        own = sum(c.amount for c in self.contributions)
        return own + (self.student.contribution if self.student else 0)


@dataclass(frozen=True, slots=True)
class DmfaQuarter:
    employer: Employer
    quarter: Period
    payslips: tuple[DmfaPayslip, ...]
    created_at: datetime
    open_runs: tuple[str, ...] = ()   # payroll runs of the quarter not yet closed
