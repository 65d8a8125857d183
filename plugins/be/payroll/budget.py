"""Budget-first conversion: the highest gross (to the cent) whose cost fits in a budget."""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Callable

from partage.plugins.be.payroll.rounding import CENT, ZERO, cents

Cost = Callable[[Decimal], Decimal]


def multiplier_cost(multiplier: Decimal) -> Cost:
    """Employment budget of a gross pay: gross x multiplier, to the cent."""
    return lambda gross: cents(gross * multiplier)


def _first_misfit(budget: Decimal, cost: Cost, start: int) -> int:
    """A number of cents whose cost exceeds ``budget`` (doubling from ``start``)."""
    high = max(start, 1)
    while cost(high * CENT) <= budget:
        high *= 2
    return high


def highest_gross(budget: Decimal, cost: Cost) -> Decimal:
    """Highest gross g (whole cents) with cost(g) <= budget, for a non-decreasing ``cost``.

    The next cent up, g + 0.01, costs more than the budget.
    """
    if budget < ZERO:
        raise ValueError(f"budget: must be >= 0, got {budget}")
    if cost(ZERO) > budget:
        raise ValueError(f"budget: {budget} does not cover the cost of a zero salary")
    low = 0
    high = _first_misfit(budget, cost, int((budget / CENT).to_integral_value(ROUND_FLOOR)) + 1)
    while high - low > 1:
        middle = (low + high) // 2
        if cost(middle * CENT) <= budget:
            low = middle
        else:
            high = middle
    return low * CENT
