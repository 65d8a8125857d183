"""`BeParams`: every value a Belgian payslip needs, for one date and one employer profile."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Mapping

from partage.core.params import Brackets, ParametersAt
from partage.plugins.be.payroll.inputs import ContractType, FamilyStatus
from partage.plugins.be.payroll.params import (
    P, BonusPart, ContributionTable, EmployerProfile, bonus_part, contribution_table, optional, optional_scale,
)


BASIC = "employer_basic"   # the line the quarterly cap applies to (basic contribution incl. wage moderation)
EMPLOYER_LINES = (
    (BASIC, "Employer basic contribution (incl. wage moderation)", "basic"),
    ("employer_special_unemployment", "Special unemployment contribution", "special_unemployment"),
    ("employer_cpae", "Joint committee 200 social fund (CPAE)", "cpae"),
    ("employer_temporary_unemployment", "Temporary unemployment contribution", "temporary_unemployment"),
    ("employer_asbestos", "Asbestos fund", "asbestos"),
    ("employer_work_accident", "Special work accident contribution", "work_accident"),
    ("employer_closure_fund", "Company closure fund (FFE)", "closure_fund"),
    ("employer_closure_fund_special", "Company closure fund, special contribution", "closure_fund_special"),
)
BLUE_COLLAR_LINES = (
    ("employer_holiday_quarterly", "Blue-collar holiday scheme (quarterly)", "blue_collar_holiday_quarterly"),
    ("employer_holiday_annual", "Blue-collar annual holiday contribution", "blue_collar_holiday_annual"),
)
Row = tuple[str, str, Decimal]


@dataclass(frozen=True, slots=True)
class EmployerRates:
    """Employer contribution rates (fractions of the contribution base) for one profile.

    ``rows`` and ``blue_collar_rows`` list the non-zero lines (code, label, rate) once per batch.
    ``basic_quarterly_cap`` is the contribution base per worker and calendar quarter above which
    the basic contribution is not due (None: no cap in force, before 2025-07).
    """

    basic: Decimal
    special_unemployment: Decimal
    cpae: Decimal
    temporary_unemployment: Decimal
    asbestos: Decimal
    work_accident: Decimal
    closure_fund: Decimal
    closure_fund_special: Decimal
    blue_collar_holiday_quarterly: Decimal
    blue_collar_holiday_annual: Decimal
    basic_quarterly_cap: Decimal | None = None
    rows: tuple[Row, ...] = ()
    blue_collar_rows: tuple[Row, ...] = ()

    def __post_init__(self) -> None:
        def rows(lines: tuple[tuple[str, str, str], ...]) -> tuple[Row, ...]:
            return tuple((code, label, getattr(self, attr)) for code, label, attr in lines if getattr(self, attr))

        object.__setattr__(self, "rows", rows(EMPLOYER_LINES))
        object.__setattr__(self, "blue_collar_rows", rows(EMPLOYER_LINES + BLUE_COLLAR_LINES))


@dataclass(frozen=True, slots=True)
class TaxParams:
    """Withholding-tax key formula values (Annex III)."""

    rounding_step: Decimal
    expenses_rate: Decimal
    expenses_max: Decimal
    base_scale: Brackets
    tax_free: Decimal
    quotient_rate: Decimal
    quotient_max: Decimal
    children: Brackets
    extra_child: Decimal
    isolated: Decimal
    single_parent: Decimal
    disabled: Decimal
    senior: Decimal
    monthly_half_up: bool = False   # monthly tax rounded half up (from 2023), else down


@dataclass(frozen=True, slots=True)
class ExceptionalParams:
    """Rate tables for exceptional payments (13th month, holiday pay, termination fees)."""

    bonus_rates: Brackets
    holiday_rates: Brackets
    termination_rates: Brackets | None
    exemption_limit: Brackets
    child_rate: Brackets
    child_ceiling: Brackets
    holiday_paid_share: Decimal
    holiday_contribution_share: Decimal


@dataclass(frozen=True, slots=True)
class BeParams:
    """All Belgian payroll values in force on ``period`` (built once per batch)."""

    period: date
    employee_rate: Decimal
    blue_factor: Decimal
    employer: EmployerRates
    bonus: Mapping[ContractType, tuple[BonusPart, BonusPart]]  # (volet A, volet B)
    fiscal_a: Decimal
    fiscal_b: Decimal
    tax: TaxParams
    css_single: ContributionTable
    css_couple: ContributionTable
    css_one_income: ContributionTable
    exceptional: ExceptionalParams
    student_employee_rate: Decimal
    student_employer_rate: Decimal
    student_quota: Decimal
    artist_daily_reference: Decimal | None
    artist_max_days: Decimal
    multipliers: Mapping[ContractType, Decimal | None]
    stale: tuple[str, ...]

    def css_table(self, family: FamilyStatus) -> ContributionTable:
        """The special-contribution table of a family status (ONSS: individual taxation, joint
        taxation with a spouse without professional income, joint taxation with two incomes)."""
        if family is FamilyStatus.MARRIED_TWO_INCOMES:
            return self.css_couple
        if family is FamilyStatus.MARRIED_ONE_INCOME:
            return self.css_one_income
        return self.css_single

    @classmethod
    def from_snapshot(cls, snap: ParametersAt, employer: EmployerProfile = EmployerProfile()) -> "BeParams":
        """Resolve every value from a ``tree.at_date(period)`` snapshot."""
        s = lambda name: snap[P + name]  # noqa: E731 - local shorthand
        employee = s("social_security.employee_rate")
        factor = s("social_security.blue_collar_base_factor")
        volets = (bonus_part(snap, "volet_a"), bonus_part(snap, "volet_b"))
        bonus = {ContractType.WHITE_COLLAR: volets, ContractType.ARTIST: volets,
                 ContractType.BLUE_COLLAR: tuple(v.scaled(factor) for v in volets)}
        params = cls(
            snap.date, employee, factor, _employer(snap, employer, employee), bonus,
            s("work_bonus.fiscal_volet_a_rate"), s("work_bonus.fiscal_volet_b_rate"), _tax(snap),
            contribution_table(snap, "single"), contribution_table(snap, "couple"),
            contribution_table(snap, "one_income"), _exceptional(snap),
            s("students.employee_rate"), s("students.employer_rate"), s("students.annual_hours_quota"),
            optional(snap, P + "artists.fee_rule_daily_reference"), s("artists.fee_rule_max_days_per_quarter"),
            {kind: optional(snap, f"{P}multipliers.{kind.value}") for kind in ContractType},
            (),
        )
        object.__setattr__(params, "stale", tuple(snap.stale))
        return params


def _employer(snap: ParametersAt, profile: EmployerProfile, employee: Decimal) -> EmployerRates:
    e = lambda name: snap[f"{P}employer.{name}"]  # noqa: E731
    zero = Decimal(0)
    return EmployerRates(
        e("global_rate") - employee,
        e("special_unemployment_rate") if profile.at_least_10_workers else zero,
        e("cpae_rate") if profile.joint_committee_200 else zero,
        e("temporary_unemployment_rate"), e("asbestos_rate"), e("special_work_accident_rate"),
        e(f"closure_fund_rate.{profile.closure_fund_category}"), e("closure_fund_special_rate"),
        e("blue_collar_holiday_quarterly_rate"), e("blue_collar_holiday_annual_rate"),
        optional(snap, f"{P}employer.basic_contribution_quarterly_cap"),
    )


def _tax(snap: ParametersAt) -> TaxParams:
    t = lambda name: snap[f"{P}withholding_tax.{name}"]  # noqa: E731
    return TaxParams(
        t("taxable_rounding_step"), t("professional_expenses.rate"), t("professional_expenses.maximum"),
        snap.scale(P + "withholding_tax.base_scale"), t("tax_free_reduction"), t("marital_quotient.rate"),
        t("marital_quotient.maximum"), snap.scale(P + "withholding_tax.children_reduction"),
        t("extra_child_reduction"), t("isolated_reduction"), t("single_parent_reduction"),
        t("disabled_reduction"), t("senior_dependant_reduction"), _half_up(t("monthly_rounding")),
    )


def _half_up(rounding: str) -> bool:
    """`withholding_tax.monthly_rounding`: ``half_up`` or ``down``."""
    if rounding not in ("half_up", "down"):
        raise ValueError(f"payroll.withholding_tax.monthly_rounding: unknown {rounding!r} (half_up or down)")
    return rounding == "half_up"


def _exceptional(snap: ParametersAt) -> ExceptionalParams:
    x = f"{P}exceptional_payments."
    return ExceptionalParams(
        snap.scale(x + "exceptional_rates"), snap.scale(x + "holiday_pay_rates"),
        optional_scale(snap, x + "termination_rates"), snap.scale(x + "child_exemption_limit"),
        snap.scale(x + "child_rate_reduction.rate"), snap.scale(x + "child_rate_reduction.ceiling"),
        snap[x + "double_holiday_pay.paid_share"], snap[x + "double_holiday_pay.contribution_share"],
    )
