"""Social security rules: employee contribution, work bonus, special contribution, employer side."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from partage.core.params import Brackets
from partage.plugins.be.payroll.params import BonusPart, ContributionTable
from partage.plugins.be.payroll.rounding import CENT, ZERO, cents, index_strictly_below
from partage.plugins.be.payroll.snapshot import BASIC, EmployerRates


class WorkBonus(NamedTuple):
    volet_a: Decimal
    volet_b: Decimal

    @property
    def total(self) -> Decimal:
        return self.volet_a + self.volet_b


def contribution_base(gross: Decimal, blue_collar: bool, blue_factor: Decimal) -> Decimal:
    """Gross pay, or 108 % of it for blue-collar workers, to the cent."""
    return cents(gross * blue_factor) if blue_collar else gross


def employee_contribution(base: Decimal, rate: Decimal) -> Decimal:
    """Personal contribution (ordinary or student rate) to the cent."""
    return cents(base * rate)


def bonus_part_amount(part: BonusPart, reference_wage: Decimal) -> Decimal:
    """Full-time amount of one volet for the monthly reference wage S (unrounded)."""
    if part.amount == ZERO or reference_wage > part.end:
        return ZERO
    if reference_wage <= part.start:
        return part.amount
    return max(part.amount - part.coefficient * (reference_wage - part.start), ZERO)


def social_work_bonus(volets: tuple[BonusPart, BonusPart], gross: Decimal, part_time: Decimal,
                      contribution: Decimal) -> WorkBonus:
    """Work bonus (volet A, volet B): S = W x U / H, P = R x H / U, capped at the contribution.

    W is the gross pay at 100 %, also for blue-collar workers (their 108 % base is for the
    contributions; their amounts and slopes are the 108 % ones). When the cap bites, volet B is
    reduced first, then volet A (ONSS instructions, work bonus).
    """
    reference_wage = gross / part_time
    a = cents(bonus_part_amount(volets[0], reference_wage) * part_time)
    b = cents(bonus_part_amount(volets[1], reference_wage) * part_time)
    excess = a + b - contribution
    if excess > ZERO:
        cut = min(excess, b)
        a, b = a - (excess - cut), b - cut
    return WorkBonus(a, b)


def _above(brackets: Brackets, thresholds: tuple[Decimal, ...], wage: Decimal):
    index = index_strictly_below(thresholds, wage)
    return None if index < 0 else brackets[index]


def special_contribution(table: ContributionTable, wage: Decimal) -> Decimal:
    """Monthly special social security contribution on the declared pay ``wage`` (the
    contribution base: 108 % of gross for blue-collar workers)."""
    bracket = _above(table.table, table.thresholds[0], wage)
    if bracket is None:
        return ZERO
    amount = bracket.amount + bracket.rate * (wage - bracket.threshold)
    low = _above(table.minimum, table.thresholds[1], wage)
    high = _above(table.maximum, table.thresholds[2], wage)
    if low is not None:
        amount = max(amount, low.amount)
    if high is not None:
        amount = min(amount, high.amount)
    return cents(amount)


def basic_contribution_base(base: Decimal, quarter_before: Decimal, cap: Decimal | None) -> Decimal:
    """The part of the contribution ``base`` subject to the basic employer contribution: what keeps
    the quarter's base (``quarter_before`` declared earlier in the quarter, plus ``base``) within
    ``cap`` (None: no cap, the whole base). Programme Law of 18 July 2025, from 2025-07-01."""
    if cap is None:
        return base
    return min(base, max(cap - quarter_before, ZERO))


def employer_contributions(rates: EmployerRates, base: Decimal, blue_collar: bool,
                           basic_base: Decimal | None = None) -> list[tuple[str, str, Decimal, Decimal]]:
    """Employer lines (code, label, rate, amount) on the contribution base; the basic contribution
    on ``basic_base`` instead when given (the part of the base within the quarterly cap)."""
    rows = rates.blue_collar_rows if blue_collar else rates.rows
    basic = base if basic_base is None else basic_base
    return [(code, label, rate, ((basic if code == BASIC else base) * rate).quantize(CENT, ROUND_HALF_UP))
            for code, label, rate in rows]
