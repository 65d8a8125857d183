"""Typed, validated input of one French payslip."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

REGIONS = ("metropolitan", "guadeloupe_reunion_martinique", "guyane_mayotte")
ENTERTAINMENT = ("technician", "artist")  # intermittents du spectacle: annexe VIII / annexe X
ONE = Decimal(1)


class PayrollInputError(ValueError):
    """Bad payslip input; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True, slots=True)
class FrPayslipInput:
    """One month of pay for one employee (amounts in euros, rates as fractions: 0.0064 = 0,64 %)."""

    period: date                       # first day of the month paid
    gross: Decimal                     # gross pay subject to contributions
    headcount: int                     # employer headcount (FNAL, training, RGDU Tdelta, forfait social)
    at_rate: Decimal                   # AT/MP rate notified by the CARSAT for the establishment
    cadre: bool = False                # executive (APEC, prévoyance cadres)
    pas_rate: Decimal | None = None    # personalised PAS rate; None = neutral grid of `region`
    region: str = "metropolitan"       # PAS neutral grid: see REGIONS
    work_time_ratio: Decimal = ONE     # part time: contract hours / full-time hours
    employment_days: int | None = None  # calendar days employed this month (entry/exit); None = whole month
    apprenticeship_tax_liable: bool = True
    entertainment: str | None = None   # intermittent: "technician" or "artist" (see ENTERTAINMENT)
    short_cdd_usage: bool = False      # CDD d'usage of at most 3 months (intermittents)
    work_study_share: Decimal | None = None  # employer's share of work-study contracts (CSA); None: not given
    employee_id: str = ""

    def __post_init__(self) -> None:
        validate(self)

    @property
    def days_in_month(self) -> int:
        """Number of calendar days of the period's month."""
        return calendar.monthrange(self.period.year, self.period.month)[1]

    @property
    def whole_month(self) -> bool:
        """True when the employee is employed the whole month."""
        return self.employment_days is None or self.employment_days >= self.days_in_month


def _decimal(field: str, value: Any) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PayrollInputError(field, f"must be a finite Decimal, got {value!r}")


def _rate(field: str, value: Any) -> None:
    _decimal(field, value)
    if not Decimal(0) <= value < ONE:
        raise PayrollInputError(field, f"must be a fraction between 0 and 1 (0.0064 = 0.64 %), got {value}")


def check_gross(value: Any) -> Decimal:
    """The gross pay, a `Decimal` >= 0 with at most two decimals."""
    _decimal("gross", value)
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise PayrollInputError("gross", f"must be >= 0 with at most 2 decimals, got {value}")
    return value


def validate(data: FrPayslipInput) -> None:
    """Raise ``PayrollInputError`` naming the first bad field."""
    if not isinstance(data.period, date) or data.period.day != 1:
        raise PayrollInputError("period", f"must be the first day of a month, got {data.period!r}")
    check_gross(data.gross)
    if isinstance(data.headcount, bool) or not isinstance(data.headcount, int) or data.headcount < 1:
        raise PayrollInputError("headcount", f"must be a positive integer, got {data.headcount!r}")
    _rate("at_rate", data.at_rate)
    if data.pas_rate is not None:
        _rate("pas_rate", data.pas_rate)
    if data.region not in REGIONS:
        raise PayrollInputError("region", f"must be one of {', '.join(REGIONS)}, got {data.region!r}")
    if data.entertainment is not None and data.entertainment not in ENTERTAINMENT:
        raise PayrollInputError("entertainment", f"must be one of {', '.join(ENTERTAINMENT)} or None, got {data.entertainment!r}")
    if data.short_cdd_usage and data.entertainment is None:
        raise PayrollInputError("short_cdd_usage", "only applies to intermittents (set entertainment)")
    if data.work_study_share is not None:
        _decimal("work_study_share", data.work_study_share)
        if not Decimal(0) <= data.work_study_share <= ONE:
            raise PayrollInputError("work_study_share", f"must be a fraction between 0 and 1 (0.03 = 3 %), got {data.work_study_share}")
    _decimal("work_time_ratio", data.work_time_ratio)
    if not Decimal(0) < data.work_time_ratio <= ONE:
        raise PayrollInputError("work_time_ratio", f"must be in ]0, 1], got {data.work_time_ratio}")
    days = data.employment_days
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= data.days_in_month):
        raise PayrollInputError("employment_days", f"must be 1..{data.days_in_month} or None, got {days!r}")
