"""Rounding rules used by Belgian payroll."""
from __future__ import annotations

from bisect import bisect_left
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Sequence

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(amount: Decimal) -> Decimal:
    """Nearest euro cent, 0.005 rounds up (ONSS and tax amounts)."""
    return amount.quantize(CENT, ROUND_HALF_UP)


def cents_down(amount: Decimal) -> Decimal:
    """Round down to the cent (monthly withholding tax, Annex III)."""
    return amount.quantize(CENT, ROUND_FLOOR)


def floor_to_step(amount: Decimal, step: Decimal) -> Decimal:
    """Round a non-negative amount down to a multiple of ``step`` (15 EUR before 2023)."""
    return amount - amount % step


def index_strictly_below(thresholds: Sequence[Decimal], amount: Decimal) -> int:
    """Index of the last threshold strictly below ``amount`` (-1 if none)."""
    return bisect_left(thresholds, amount) - 1
