"""Belgian parameters of one period as exact integers, for the column path (`vector`).

Every amount becomes integer cents and every rate an exact ratio ``numerator / 10**k`` of its
`Decimal`, so a product of cents and a rate is an exact integer that is then rounded as the law
says (`half_up`, or floor division where the law rounds down). A parameter that cannot be
written so (an amount with a fraction of a cent, a null bracket) raises `NotVectorisable`, and
the rows of that period go through the scalar path.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

import numpy as np

from partage.core.params import Brackets
from partage.plugins.be.payroll.inputs import ContractType, FamilyStatus
from partage.plugins.be.payroll.params import BonusPart, ContributionTable
from partage.plugins.be.payroll.rounding import CENT
from partage.plugins.be.payroll.snapshot import BeParams, TaxParams

CENTS = int(1 / CENT)                    # cents in one euro
PART_TIME_STEP = Decimal("0.0001")        # a precision, not a rate: finer part-time fractions go scalar
PART_TIME_UNITS = int(1 / PART_TIME_STEP)  # a full time in part-time units
MONTHS = 12
INT64_MAX = int(np.iinfo(np.int64).max)


class NotVectorisable(ValueError):
    """A parameter the integer path cannot use exactly (its rows go through the scalar path)."""


def half_up(num: np.ndarray, den: int) -> np.ndarray:
    """``num / den`` to the nearest integer, halves away from zero (``ROUND_HALF_UP``)."""
    if den == 1:
        return num
    magnitude = (np.abs(num) + den // 2) // den
    return np.where(num < 0, -magnitude, magnitude)


def half_up_positive(num: np.ndarray, den: int) -> np.ndarray:
    """`half_up` for ``num >= 0`` (one pass fewer)."""
    return num if den == 1 else (num + den // 2) // den


@dataclass(frozen=True, slots=True)
class Ratio:
    """A `Decimal` as ``num / den`` with ``den`` a power of ten."""

    num: int
    den: int

    @classmethod
    def of(cls, value: Decimal) -> "Ratio":
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int):
            raise NotVectorisable(f"{value} is not a finite number")
        places = max(-exponent, 0)
        return cls(int(value.scaleb(places)), int(Decimal(1).scaleb(places)))

    def over(self, den: int) -> int:
        """The numerator on the (larger, power of ten) denominator ``den``."""
        return self.num * (den // self.den)


def common_den(ratios: Iterable[Ratio]) -> int:
    """Smallest power of ten that is a denominator of every ratio (1 for none)."""
    return max((r.den for r in ratios), default=1)


def cents(value: Decimal | None) -> int:
    """A parameter amount in whole cents (`NotVectorisable` for a fraction of a cent)."""
    if value is None:
        raise NotVectorisable("a bracket value is not defined")
    r = Ratio.of(value)
    whole, rest = divmod(r.num * CENTS, r.den)
    if rest:
        raise NotVectorisable(f"{value} is not a whole number of cents")
    return whole


def whole(value: Decimal) -> int:
    """A count parameter (a number of children) as an int."""
    if value != value.to_integral_value():
        raise NotVectorisable(f"{value} is not a whole number")
    return int(value)


@dataclass(frozen=True, slots=True)
class Volet:
    """One work-bonus part: amount, start and end in cents, the taper coefficient as a ratio."""

    amount: int
    start: int
    end: int
    coefficient: Ratio

    @classmethod
    def of(cls, part: BonusPart) -> "Volet":
        return cls(cents(part.amount), cents(part.start), cents(part.end), Ratio.of(part.coefficient))


@dataclass(frozen=True, slots=True)
class Marginal:
    """A marginal-rate scale: thresholds (cents), widths (cents, the last open) and rates."""

    thresholds: tuple[int, ...]
    widths: tuple[int | None, ...]
    rates: tuple[int, ...]    # numerators on ``den``
    den: int

    @classmethod
    def of(cls, scale: Brackets) -> "Marginal":
        if any(b.rate is None for b in scale):
            raise NotVectorisable("a marginal bracket has no rate")
        ratios = [Ratio.of(b.rate) for b in scale]
        den = common_den(ratios)
        bounds = [cents(b.threshold) for b in scale]
        widths = tuple(high - low for low, high in zip(bounds, bounds[1:])) + (None,)
        return cls(tuple(bounds), widths, tuple(r.over(den) for r in ratios), den)


@dataclass(frozen=True, slots=True)
class Steps:
    """Brackets picked by the last threshold strictly below the wage (special contribution)."""

    thresholds: np.ndarray   # cents
    amounts: np.ndarray      # cents
    rates: np.ndarray        # numerators on ``den`` (0 for an amount-only table)
    den: int

    @classmethod
    def of(cls, brackets: Brackets, with_rates: bool) -> "Steps":
        if with_rates and any(b.rate is None for b in brackets):
            raise NotVectorisable("a special contribution bracket has no rate")
        ratios = [Ratio.of(b.rate) if with_rates else Ratio(0, 1) for b in brackets]
        den = common_den(ratios)
        return cls(_int64(cents(b.threshold) for b in brackets), _int64(cents(b.amount) for b in brackets),
                   _int64(r.over(den) for r in ratios), den)


@dataclass(frozen=True, slots=True)
class SpecialTable:
    """Special social security contribution table with its minimum and maximum."""

    table: Steps
    minimum: Steps
    maximum: Steps

    @classmethod
    def of(cls, t: ContributionTable) -> "SpecialTable":
        return cls(Steps.of(t.table, True), Steps.of(t.minimum, False), Steps.of(t.maximum, False))


@dataclass(frozen=True, slots=True)
class TaxTable:
    """Withholding-tax key formula values in cents and ratios (the family reductions stay in `tax`)."""

    source: TaxParams
    step: int
    expenses: Ratio
    expenses_max: int
    scale: Marginal
    tax_free: int
    quotient: Ratio
    quotient_max: int
    reductions: dict[str, int]
    monthly_half_up: bool = False

    @classmethod
    def of(cls, t: TaxParams) -> "TaxTable":
        names = ("isolated", "single_parent", "disabled", "senior")
        _check_children(t)
        return cls(t, cents(t.rounding_step), Ratio.of(t.expenses_rate), cents(t.expenses_max),
                   Marginal.of(t.base_scale), cents(t.tax_free), Ratio.of(t.quotient_rate), cents(t.quotient_max),
                   {name: cents(getattr(t, name)) for name in names}, t.monthly_half_up)


@dataclass(frozen=True, slots=True)
class EmployerRow:
    code: str
    label: str
    rate: Decimal
    ratio: Ratio


@dataclass(frozen=True, slots=True)
class ContractTable:
    """What one contract type (white- or blue-collar, artist) needs in one period."""

    blue: bool
    volets: tuple[Volet, Volet]
    employer: tuple[EmployerRow, ...]
    gross_limit: int   # larger gross (cents) could overflow int64: those rows use the scalar path


@dataclass(frozen=True, slots=True)
class StudentTable:
    """Student solidarity rates (employee, employer) of one period."""

    employee: Ratio
    employer: Ratio
    gross_limit: int


@dataclass(frozen=True, slots=True)
class FeeRule:
    """Artists' fee rule: gross / daily reference = equivalent days (hundredths), capped."""

    reference: Ratio | None   # None: no daily reference in force (no equivalent days, a warning)
    max_days: int             # hundredths of a day
    gross_limit: int

    @classmethod
    def of(cls, p: BeParams) -> "FeeRule | None":
        """The fee rule of ``p``, or None if the integers cannot follow `compute._artist` exactly."""
        try:
            cap = cents(p.artist_max_days)   # hundredths of a day, like cents of a euro
        except NotVectorisable:
            return None
        if abs(cap) > INT64_MAX:
            return None
        if p.artist_daily_reference is None:
            return cls(None, cap, INT64_MAX)
        reference = Ratio.of(p.artist_daily_reference)
        if reference.num <= 0:
            return None
        return cls(reference, cap, INT64_MAX // (2 * 2 * reference.den))


@dataclass(frozen=True, slots=True)
class PeriodTable:
    """Every value of `BeParams` the column path reads, once per period."""

    params: BeParams
    blue_factor: Ratio
    employee: Ratio
    fiscal_a: Ratio
    fiscal_b: Ratio
    tax: TaxTable
    special: dict[FamilyStatus, SpecialTable]   # special-contribution table by family status
    contracts: dict[ContractType, ContractTable]
    count_limit: int   # larger counts of dependants use the scalar path
    student: StudentTable
    fee_rule: FeeRule | None   # None: the artists of the period use the scalar path
    basic_cap: int | None = None   # quarterly cap on the basic contribution's base, cents (None: no cap)

    @classmethod
    def of(cls, p: BeParams) -> "PeriodTable":
        tax = TaxTable.of(p.tax)
        employee, employer = Ratio.of(p.student_employee_rate), Ratio.of(p.student_employer_rate)
        student = StudentTable(employee, employer, _limit(tax, (employee.num, employer.num)))
        table = cls(p, Ratio.of(p.blue_factor), Ratio.of(p.employee_rate), Ratio.of(p.fiscal_a),
                    Ratio.of(p.fiscal_b), tax, {f: SpecialTable.of(p.css_table(f)) for f in FamilyStatus}, {},
                    _count_limit(tax), student, FeeRule.of(p), _cap(p.employer.basic_quarterly_cap))
        for kind in (ContractType.WHITE_COLLAR, ContractType.BLUE_COLLAR, ContractType.ARTIST):
            table.contracts[kind] = _contract(table, kind)
        return table

    def gross_limit(self, kind: ContractType) -> int:
        """Largest gross (cents) of ``kind`` the column path takes in this period (-1: none)."""
        if kind is ContractType.STUDENT:
            return self.student.gross_limit
        if kind is ContractType.ARTIST:
            return -1 if self.fee_rule is None else min(self.contracts[kind].gross_limit, self.fee_rule.gross_limit)
        return self.contracts[kind].gross_limit


def _cap(value: Decimal | None) -> int | None:
    """The quarterly cap in cents (`NotVectorisable` beyond what int64 differences can hold)."""
    if value is None:
        return None
    cap = cents(value)
    if not 0 <= cap <= INT64_MAX // 2:
        raise NotVectorisable(f"{value} is not a cap the int64 columns can hold")
    return cap


def _int64(values: Iterable[int]) -> np.ndarray:
    return np.array(list(values), dtype=np.int64)


def _check_children(t: TaxParams) -> None:
    """Child reductions are whole counts and cents (`tax.children_reduction` computes them)."""
    cents(t.extra_child)
    for bracket in t.children:
        whole(bracket.threshold)
        cents(bracket.amount)


def _contract(q: PeriodTable, kind: ContractType) -> ContractTable:
    p, blue = q.params, kind is ContractType.BLUE_COLLAR
    rows = p.employer.blue_collar_rows if blue else p.employer.rows
    employer = tuple(EmployerRow(code, label, rate, Ratio.of(rate)) for code, label, rate in rows)
    volets = (Volet.of(p.bonus[kind][0]), Volet.of(p.bonus[kind][1]))
    return ContractTable(blue, volets, employer, _gross_limit(q, volets, employer))


def _gross_limit(q: PeriodTable, volets: tuple[Volet, Volet], employer: tuple[EmployerRow, ...]) -> int:
    growth = q.blue_factor.num // q.blue_factor.den + 1       # contribution base / gross
    return _limit(q.tax, (
        growth * max([q.employee.num] + [row.ratio.num for row in employer]),
        growth * PART_TIME_UNITS * max(v.coefficient.num for v in volets),
        growth * max(int(s.table.rates.max(initial=0)) + 1 for s in q.special.values()),
    ))


def _limit(t: TaxTable, products: tuple[int, ...]) -> int:
    """Largest gross (cents) whose every intermediate product (gross x each of ``products``, and the
    key formula's) stays within int64, with headroom."""
    key_formula = MONTHS * t.expenses.den * t.quotient.den * max(t.scale.rates + (t.scale.den,))
    return INT64_MAX // (2 * 2 * max(products + (key_formula,)))


def _count_limit(t: TaxTable) -> int:
    largest = max(list(t.reductions.values()) + [cents(t.source.extra_child), t.tax_free])
    return INT64_MAX // (2 * 2 * max(largest, 1) * MONTHS)
