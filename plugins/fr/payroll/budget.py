"""Budget-first (CAE): the highest gross whose labour cost after the general reduction fits an envelope."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from partage.plugins.fr.payroll.inputs import FrPayslipInput, PayrollInputError
from partage.plugins.fr.payroll.payslip import employer_cost
from partage.plugins.fr.payroll.rates import FrRates

CENT = Decimal("0.01")


def labour_cost(template: FrPayslipInput, gross: Decimal, rates: FrRates) -> Decimal:
    """Labour cost (gross + employer contributions after reduction) of ``template`` paid ``gross``."""
    return employer_cost(replace(template, gross=gross), rates)[2]


def gross_for_budget(template: FrPayslipInput, budget: Decimal, rates: FrRates) -> Decimal:
    """Highest gross (to the cent) whose labour cost is <= ``budget``.

    The labour cost is non-decreasing in the gross, so a bisection over integer cents finds it.
    """
    if not isinstance(budget, Decimal) or not budget.is_finite() or budget < 0:
        raise PayrollInputError("budget", f"must be a non-negative Decimal, got {budget!r}")
    # the cost is at least the gross, so the answer is at most the budget
    cents = _highest(lambda c: labour_cost(template, Decimal(c) * CENT, rates) <= budget, int(budget / CENT))
    return Decimal(cents) * CENT


def _highest(fits, high_cents: int) -> int:
    """Highest integer in [0, high_cents] for which ``fits`` holds (``fits`` is monotone, fits(0))."""
    low, high = 0, high_cents
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def smooth_budget(templates: list[FrPayslipInput], envelope: Decimal, rates: dict) -> list[Decimal]:
    """Salary smoothing: the same gross every month (one template per month, any periods), as high as the
    envelope allows, then the last month takes what is left (its highest gross that still fits)."""
    if not templates:
        raise PayrollInputError("templates", "at least one month is needed")
    if not isinstance(envelope, Decimal) or not envelope.is_finite() or envelope < 0:
        raise PayrollInputError("envelope", f"must be a non-negative Decimal, got {envelope!r}")

    def total(cents: int) -> Decimal:
        return sum((labour_cost(t, Decimal(cents) * CENT, rates[t.period]) for t in templates), Decimal(0))

    equal = Decimal(_highest(lambda c: total(c) <= envelope, int(envelope / len(templates) / CENT))) * CENT
    spent = sum((labour_cost(t, equal, rates[t.period]) for t in templates[:-1]), Decimal(0))
    last = templates[-1]
    return [equal] * (len(templates) - 1) + [gross_for_budget(last, envelope - spent, rates[last.period])]
