"""One Belgian payslip as a pure function of a validated input and the batch parameters."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from partage.plugins.be.payroll import social, tax
from partage.plugins.be.payroll.inputs import ContractType, PaymentKind, PayslipInput
from partage.plugins.be.payroll.rounding import ZERO, cents
from partage.plugins.be.payroll.snapshot import BeParams

EmployerLine = tuple[str, str, Decimal, Decimal]  # code, label, rate, amount


class CappedBasic(NamedTuple):
    """The quarterly cap cut the basic employer contribution's base: due on ``base`` only, the
    ``exempt`` rest of the contribution base is above ``cap`` (EUR per worker and quarter)."""

    cap: Decimal
    base: Decimal
    exempt: Decimal


@dataclass(slots=True)
class Breakdown:
    """Every intermediate amount of one payslip (all rounded to the cent)."""

    gross: Decimal
    contribution_base: Decimal = ZERO
    employee_social_security: Decimal = ZERO
    employee_rate: Decimal = ZERO
    work_bonus_a: Decimal = ZERO
    work_bonus_b: Decimal = ZERO
    taxable: Decimal = ZERO
    withholding_before_bonus: Decimal = ZERO
    fiscal_work_bonus: Decimal = ZERO
    special_social_security: Decimal = ZERO
    employer_lines: list[EmployerLine] = field(default_factory=list)
    employer_social_security: Decimal = ZERO
    equivalent_days: Decimal | None = None
    capped_basic: CappedBasic | None = None   # None: the basic contribution is on the whole base
    warnings: list[str] = field(default_factory=list)

    @property
    def social_work_bonus(self) -> Decimal:
        return self.work_bonus_a + self.work_bonus_b

    @property
    def withholding_tax(self) -> Decimal:
        return self.withholding_before_bonus - self.fiscal_work_bonus

    @property
    def net(self) -> Decimal:
        return self.taxable - self.withholding_tax - self.special_social_security

    @property
    def employer_cost(self) -> Decimal:
        return self.gross + self.employer_social_security


def compute(worker: PayslipInput, gross: Decimal, p: BeParams) -> Breakdown:
    """Breakdown of one payslip for ``gross`` (the budget-first search calls it with candidates)."""
    if worker.payment is not PaymentKind.REGULAR:
        b = _exceptional(worker, gross, p)
    elif worker.contract is ContractType.STUDENT:
        b = _student(worker, gross, p)
    else:
        b = _regular(worker, gross, p)
    b.employer_social_security = sum((amount for *_, amount in b.employer_lines), ZERO)
    return b


def _employee_side(worker: PayslipInput, gross: Decimal, p: BeParams, b: Breakdown) -> None:
    blue = worker.contract is ContractType.BLUE_COLLAR
    b.contribution_base = social.contribution_base(gross, blue, p.blue_factor)
    b.employee_rate = p.employee_rate
    b.employee_social_security = social.employee_contribution(b.contribution_base, p.employee_rate)


def _employer_side(worker: PayslipInput, p: BeParams, b: Breakdown, base: Decimal, blue: bool) -> list[EmployerLine]:
    """Employer lines on ``base``; the basic contribution only on the part of it that keeps the
    quarter's base (``quarter_base_before`` + ``base``) within the quarterly cap, when one is in force."""
    cap = p.employer.basic_quarterly_cap
    basic = social.basic_contribution_base(base, worker.quarter_base_before, cap)
    if basic < base:
        b.capped_basic = CappedBasic(cap, basic, base - basic)
    return social.employer_contributions(p.employer, base, blue, basic)


def _regular(worker: PayslipInput, gross: Decimal, p: BeParams) -> Breakdown:
    b = Breakdown(gross)
    _employee_side(worker, gross, p, b)
    volets = p.bonus[worker.contract]
    bonus = social.social_work_bonus(volets, gross, worker.part_time, b.employee_social_security)
    b.work_bonus_a, b.work_bonus_b = bonus
    b.taxable = gross - b.employee_social_security + bonus.total
    b.withholding_before_bonus = tax.regular_withholding(p.tax, worker, b.taxable)
    b.fiscal_work_bonus = tax.fiscal_work_bonus(bonus.volet_a, bonus.volet_b, p.fiscal_a, p.fiscal_b,
                                                b.withholding_before_bonus)
    if not worker.non_resident:
        b.special_social_security = social.special_contribution(p.css_table(worker.family), b.contribution_base)
    b.employer_lines = _employer_side(worker, p, b, b.contribution_base, worker.contract is ContractType.BLUE_COLLAR)
    if worker.contract is ContractType.ARTIST:
        _artist(worker, gross, p, b)
    return b


def _artist(worker: PayslipInput, gross: Decimal, p: BeParams, b: Breakdown) -> None:
    if not worker.arts_work_attestation:
        b.warnings.append("arts_work_attestation: missing, article 1bis employment cannot be used")
    if p.artist_daily_reference is None:
        b.warnings.append("fee rule daily reference not defined for this period: equivalent days not shown")
        return
    b.equivalent_days = min(cents(gross / p.artist_daily_reference), p.artist_max_days)


def _student(worker: PayslipInput, gross: Decimal, p: BeParams) -> Breakdown:
    """Student solidarity contributions within the hours quota; ordinary contributions above it."""
    within = _student_share_within_quota(worker, gross, p)
    b = Breakdown(gross, contribution_base=gross, employee_rate=p.student_employee_rate)
    above = gross - within
    b.employee_social_security = cents(within * p.student_employee_rate) + cents(above * p.employee_rate)
    b.taxable = gross - b.employee_social_security
    b.withholding_before_bonus = tax.regular_withholding(p.tax, worker, b.taxable)
    b.employer_lines = [("employer_student_solidarity", "Student solidarity contribution",
                         p.student_employer_rate, cents(within * p.student_employer_rate))]
    if above:
        b.warnings.append(f"student quota of {p.student_quota} hours exceeded: ordinary contributions on {above}")
        b.employer_lines += _employer_side(worker, p, b, above, False)
    return b


def _student_share_within_quota(worker: PayslipInput, gross: Decimal, p: BeParams) -> Decimal:
    if worker.hours is None or worker.hours == ZERO:
        return gross
    left = max(p.student_quota - worker.student_hours_before, ZERO)
    if worker.hours <= left:
        return gross
    return cents(gross * left / worker.hours)


def _exceptional(worker: PayslipInput, gross: Decimal, p: BeParams) -> Breakdown:
    """13th month, double holiday pay or termination fee: flat rate by annual reference pay."""
    x = p.exceptional
    wage = worker.reference_monthly_wage if worker.reference_monthly_wage is not None else gross
    kind = worker.payment
    paid = cents(gross * x.holiday_paid_share) if kind is PaymentKind.DOUBLE_HOLIDAY_PAY else gross
    b = Breakdown(paid)
    _employee_side(worker, gross, p, b)
    if kind is PaymentKind.DOUBLE_HOLIDAY_PAY:
        b.contribution_base = cents(b.contribution_base * x.holiday_contribution_share)
        b.employee_social_security = social.employee_contribution(b.contribution_base, p.employee_rate)
    b.taxable = paid - b.employee_social_security
    b.withholding_before_bonus = _exceptional_tax(worker, b.taxable, wage, p)
    if kind is not PaymentKind.DOUBLE_HOLIDAY_PAY:
        b.employer_lines = _employer_side(worker, p, b, b.contribution_base,
                                          worker.contract is ContractType.BLUE_COLLAR)
    return b


def _exceptional_tax(worker: PayslipInput, taxable: Decimal, wage: Decimal, p: BeParams) -> Decimal:
    x, kind = p.exceptional, worker.payment
    if kind is PaymentKind.TERMINATION_FEE and x.termination_rates is None:
        return tax.regular_withholding(p.tax, worker, taxable)  # before 2024: key formula
    annual = tax.annual_reference(wage, p.employee_rate)
    children = worker.children + worker.disabled_children
    if kind is PaymentKind.TERMINATION_FEE:
        rate = tax.exceptional_rate(x, x.termination_rates, annual, children, child_reduction=False)
    else:
        rates = x.holiday_rates if kind is PaymentKind.DOUBLE_HOLIDAY_PAY else x.bonus_rates
        rate = tax.exceptional_rate(x, rates, annual, children)
    return cents(taxable * rate)
