"""Typed, validated input of one Belgian payslip (a frozen dataclass)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import MAX_PREC, Context, Decimal
from enum import Enum

from partage.plugins.be.payroll.rounding import CENT


class PayrollInputError(ValueError):
    """Bad payslip input; the message names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class ContractType(str, Enum):
    WHITE_COLLAR = "white_collar"
    BLUE_COLLAR = "blue_collar"
    STUDENT = "student"
    ARTIST = "artist"


class FamilyStatus(str, Enum):
    SINGLE = "single"                            # isolated, divorced, widowed
    MARRIED_TWO_INCOMES = "married_two_incomes"  # spouse/legal cohabitant with professional income
    MARRIED_ONE_INCOME = "married_one_income"    # spouse without professional income (scale II)


class PaymentKind(str, Enum):
    REGULAR = "regular"
    THIRTEENTH_MONTH = "thirteenth_month"
    DOUBLE_HOLIDAY_PAY = "double_holiday_pay"
    TERMINATION_FEE = "termination_fee"


ZERO = Decimal(0)
ONE = Decimal(1)


def _decimal(name: str, value: object) -> Decimal:
    if value.__class__ is Decimal and value.is_finite():  # the usual case, without a new object
        return value
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise PayrollInputError(name, f"must be a Decimal or an int, got {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise PayrollInputError(name, "must be a finite number")
    return value


def non_negative(name: str, value: object) -> Decimal:
    """``value`` as a `Decimal` >= 0, or a `PayrollInputError` naming ``name``."""
    value = _decimal(name, value)
    if value < 0:
        raise PayrollInputError(name, f"must be >= 0, got {value}")
    return value


def whole_cents(name: str, value: object) -> Decimal:
    """``value`` as a `Decimal` >= 0 in whole cents (an amount declared to the ONSS), or a
    `PayrollInputError` naming ``name``."""
    value = non_negative(name, value)
    scaled = value.scaleb(-CENT.as_tuple().exponent, Context(prec=MAX_PREC))
    if scaled != scaled.to_integral_value():
        raise PayrollInputError(name, f"must be a whole number of cents, got {value}")
    return value


def _count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PayrollInputError(name, f"must be a whole number >= 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class PayslipInput:
    """One month of pay for one worker.

    ``gross`` is the gross pay of the month (for double holiday pay: the monthly wage the
    holiday pay is computed from). ``budget`` instead of ``gross`` asks for the budget-first
    conversion. ``part_time`` is the worked fraction of a full-time month (H / U).
    ``reference_monthly_wage`` is the normal monthly wage used by exceptional payments
    (defaults to ``gross``). ``quarter_base_before`` is the employer-contribution base (gross, or
    108 % of it for blue-collar workers) already declared for this worker earlier in the same
    calendar quarter: the basic employer contribution applies only up to the quarterly cap.
    """

    period: date
    gross: Decimal | None = None
    budget: Decimal | None = None
    contract: ContractType = ContractType.WHITE_COLLAR
    family: FamilyStatus = FamilyStatus.SINGLE
    children: int = 0
    disabled_children: int = 0
    other_dependants: int = 0
    senior_dependants: int = 0
    disabled: bool = False
    spouse_disabled: bool = False
    non_resident: bool = False
    part_time: Decimal = ONE
    payment: PaymentKind = PaymentKind.REGULAR
    reference_monthly_wage: Decimal | None = None
    multiplier: Decimal | None = None
    hours: Decimal | None = None
    student_hours_before: Decimal = ZERO
    arts_work_attestation: bool = False
    worker_id: str = ""
    quarter_base_before: Decimal = ZERO

    def __post_init__(self) -> None:
        if not isinstance(self.period, date):
            raise PayrollInputError("period", "must be a date")
        if self.period.day != 1:
            object.__setattr__(self, "period", self.period.replace(day=1))
        self._check_amounts()
        self._check_enums()
        for name in ("children", "disabled_children", "other_dependants", "senior_dependants"):
            _count(name, getattr(self, name))
        if self.disabled_children > self.children:
            raise PayrollInputError("disabled_children", "cannot exceed children")

    def _check_amounts(self) -> None:
        if (self.gross is None) == (self.budget is None):
            raise PayrollInputError("gross", "give exactly one of gross or budget")
        for name in ("gross", "budget", "reference_monthly_wage", "multiplier", "hours"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, non_negative(name, value))
        part = _decimal("part_time", self.part_time)
        if not ZERO < part <= ONE:
            raise PayrollInputError("part_time", f"must be in (0, 1], got {part}")
        object.__setattr__(self, "part_time", part)
        before = _decimal("student_hours_before", self.student_hours_before)
        if before < 0:
            raise PayrollInputError("student_hours_before", "must be >= 0")
        object.__setattr__(self, "quarter_base_before", whole_cents("quarter_base_before", self.quarter_base_before))
        if self.multiplier is not None and self.multiplier <= 0:
            raise PayrollInputError("multiplier", "must be > 0")

    def _check_enums(self) -> None:
        for name, kind in (("contract", ContractType), ("family", FamilyStatus), ("payment", PaymentKind)):
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, kind(value))
            except ValueError:
                allowed = ", ".join(k.value for k in kind)
                raise PayrollInputError(name, f"unknown value {value!r} (allowed: {allowed})") from None
