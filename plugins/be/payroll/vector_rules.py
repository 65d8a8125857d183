"""The regular-pay rules of `compute` on int64 arrays of cents, for one group of payslips.

Same steps and the same roundings as `compute._regular`, `social` and `tax`, written on
integer cents: a product with a rate is exact (cents x numerator) and is then rounded half up,
or down where the law rounds down. One group shares a period, a contract type (white- or
blue-collar, or artist: a white-collar pay, see `vector_kinds` for the rest) and a family
status; the other facts (part time, children, dependants, disabled, non-resident) vary by row.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from partage.plugins.be.payroll import tax
from partage.plugins.be.payroll.compute import Breakdown
from partage.plugins.be.payroll.exact import (
    MONTHS, PART_TIME_UNITS, ContractTable, Marginal, PeriodTable, SpecialTable, Steps, TaxTable, Volet, cents,
    half_up, half_up_positive,
)
from partage.plugins.be.payroll.inputs import FamilyStatus


@dataclass(frozen=True, slots=True)
class Situation:
    """Input columns of one group: cents, part time in `PART_TIME_UNITS`, counts and flags."""

    gross: np.ndarray
    part: np.ndarray
    children: np.ndarray          # children + disabled children (a disabled child counts twice)
    other: np.ndarray             # other dependants under 65
    senior: np.ndarray            # dependants aged 65 or more
    disabled: np.ndarray          # bool
    spouse_disabled: np.ndarray   # bool
    non_resident: np.ndarray      # bool
    quarter_before: np.ndarray    # cents of base declared earlier in the quarter (-1: not exact cents)

    def take(self, keep: np.ndarray) -> "Situation":
        return Situation(*(getattr(self, f.name)[keep] for f in fields(self)))


def breakdown(q: PeriodTable, c: ContractTable, family: FamilyStatus,
              s: Situation) -> tuple[Breakdown, np.ndarray]:
    """The `Breakdown` of every row (int64 cents), and the rows the integer path cannot settle.

    A row is unsettled when its work bonus is exactly half a cent and its part time makes the
    scalar path divide inexactly (28 digits), or when the quarterly cap on the basic employer
    contribution cuts its base (base declared earlier in the quarter + this base above the cap:
    the scalar payslip shows the capped base and an extra line): that row must go through the
    scalar path.
    """
    b = Breakdown(s.gross, employee_rate=q.params.employee_rate)
    base = half_up_positive(s.gross * q.blue_factor.num, q.blue_factor.den) if c.blue else s.gross
    b.contribution_base = base
    b.employee_social_security = half_up_positive(base * q.employee.num, q.employee.den)
    b.work_bonus_a, b.work_bonus_b, unsettled = work_bonus(c.volets, s.gross, s.part, b.employee_social_security)
    b.taxable = s.gross - b.employee_social_security + b.work_bonus_a + b.work_bonus_b
    withholding = key_formula(q.tax, b.taxable, family, s.non_resident) - reductions(q.tax, family, s)
    b.withholding_before_bonus = np.maximum(withholding, 0)
    fiscal = fiscal_work_bonus(q, b.work_bonus_a, b.work_bonus_b)
    b.fiscal_work_bonus = np.minimum(fiscal, b.withholding_before_bonus)
    b.special_social_security = np.where(s.non_resident, 0, special_contribution(q.special[family], base))
    b.employer_lines = [(row.code, row.label, row.rate, half_up_positive(base * row.ratio.num, row.ratio.den))
                        for row in c.employer]
    b.employer_social_security = sum((amount for *_, amount in b.employer_lines), np.zeros_like(base))
    if q.basic_cap is not None:
        room = np.maximum(q.basic_cap - s.quarter_before, 0)
        unsettled = unsettled | (s.quarter_before < 0) | (base > room)
    return b, unsettled


def volet(v: Volet, gross: np.ndarray, part: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One work-bonus part, prorated: ``(amount - coefficient x (S - start)) x P``, S = W / P
    with W the gross pay at 100 %."""
    if v.amount == 0:
        return np.zeros_like(gross), np.zeros(gross.shape, dtype=bool)
    scaled = gross * PART_TIME_UNITS                 # S x P, in cents x part-time units
    above = scaled > v.end * part
    full = scaled <= v.start * part
    k = v.coefficient
    num = v.amount * part * k.den - k.num * (scaled - v.start * part)
    den = k.den * PART_TIME_UNITS
    tapered = half_up_positive(np.maximum(num, 0), den)
    amount = np.where(above, 0, np.where(full, half_up(v.amount * part, PART_TIME_UNITS), tapered))
    unsettled = ~above & ~full & (part != PART_TIME_UNITS) & (num > 0) & (num % den * 2 == den)
    return amount, unsettled


def work_bonus(volets: tuple[Volet, Volet], gross: np.ndarray, part: np.ndarray,
               contribution: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Volets A and B capped at the contribution (volet B reduced first), and unsettled rows."""
    (a, unsettled_a), (b, unsettled_b) = volet(volets[0], gross, part), volet(volets[1], gross, part)
    excess = np.maximum(a + b - contribution, 0)
    cut = np.minimum(excess, b)
    return a - (excess - cut), b - cut, unsettled_a | unsettled_b


def base_tax(scale: Marginal, amount: np.ndarray, unit: int) -> np.ndarray:
    """Annual base tax in cents of ``amount`` given in 1/``unit`` cents (0 when not positive)."""
    total = np.zeros_like(amount)
    for low, width, rate in zip(scale.thresholds, scale.widths, scale.rates):
        inside = amount - low * unit
        inside = np.maximum(inside, 0) if width is None else np.clip(inside, 0, width * unit)
        if rate:
            total += rate * inside
    return np.where(amount > 0, half_up_positive(total, unit * scale.den), 0)


def key_formula(t: TaxTable, taxable: np.ndarray, family: FamilyStatus, non_resident: np.ndarray) -> np.ndarray:
    """Monthly withholding tax before family reductions, cents rounded down (`tax.key_formula`)."""
    annual = (taxable - taxable % t.step) * MONTHS
    e = t.expenses
    net = annual * e.den - np.minimum(annual * e.num, t.expenses_max * e.den)   # 1/e.den cents
    if family is FamilyStatus.MARRIED_ONE_INCOME:
        q, unit = t.quotient, e.den * t.quotient.den
        spouse = np.minimum(net * q.num, t.quotient_max * unit)
        own = base_tax(t.scale, spouse, unit) + base_tax(t.scale, net * q.den - spouse, unit)
        annual_tax = np.maximum(own - 2 * t.tax_free, 0)
    else:
        annual_tax = np.maximum(base_tax(t.scale, net, e.den) - t.tax_free, 0)
    if non_resident.any():
        annual_tax = np.where(non_resident, base_tax(t.scale, net, e.den), annual_tax)
    return half_up_positive(annual_tax, MONTHS) if t.monthly_half_up else annual_tax // MONTHS


def children_reduction(t: TaxTable, children: np.ndarray) -> np.ndarray:
    """`tax.children_reduction` of each row's count (evaluated once per distinct count)."""
    counts, where = np.unique(children, return_inverse=True)
    amounts = [cents(tax.children_reduction(t.source, int(n))) for n in counts]
    return np.asarray(amounts, dtype=np.int64)[where]


def reductions(t: TaxTable, family: FamilyStatus, s: Situation) -> np.ndarray:
    """Monthly reductions for family charges, in cents (`tax.family_reductions`)."""
    r = t.reductions
    total = children_reduction(t, s.children)
    if family is FamilyStatus.SINGLE:
        alone = (s.children == 0) & (s.other == 0) & (s.senior == 0)
        total = total + alone * r["isolated"] + (s.children > 0) * r["single_parent"]
    total = total + s.disabled * r["disabled"]
    if family is FamilyStatus.MARRIED_ONE_INCOME:
        total = total + s.spouse_disabled * r["disabled"]
    return total + s.other * r["disabled"] + s.senior * r["senior"]


def fiscal_work_bonus(q: PeriodTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of each volet, to the cent (capped at the tax by the caller)."""
    den = max(q.fiscal_a.den, q.fiscal_b.den)
    return half_up_positive(a * q.fiscal_a.over(den) + b * q.fiscal_b.over(den), den)


def _bound(steps: Steps, wage: np.ndarray, amount: np.ndarray, den: int, pick) -> np.ndarray:
    if not len(steps.thresholds):
        return amount
    index = np.searchsorted(steps.thresholds, wage, side="left") - 1
    limit = steps.amounts[np.maximum(index, 0)] * den
    return np.where(index >= 0, pick(amount, limit), amount)


def special_contribution(table: SpecialTable, wage: np.ndarray) -> np.ndarray:
    """Special social security contribution on the contribution base (`social.special_contribution`)."""
    t = table.table
    if not len(t.thresholds):
        return np.zeros_like(wage)
    index = np.searchsorted(t.thresholds, wage, side="left") - 1   # last threshold strictly below
    at = np.maximum(index, 0)
    amount = t.amounts[at] * t.den + t.rates[at] * (wage - t.thresholds[at])
    amount = _bound(table.minimum, wage, amount, t.den, np.maximum)
    amount = _bound(table.maximum, wage, amount, t.den, np.minimum)
    return np.where(index >= 0, half_up(amount, t.den), 0)
