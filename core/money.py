"""Exact money: integer cents at rest, ``Decimal`` euros in computation."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class MoneyError(ValueError):
    """An amount that cannot be represented exactly."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Parse an amount; floats are refused because they are not exact."""
    if isinstance(value, float):
        raise MoneyError("floats are not accepted for amounts; pass a string or Decimal")
    try:
        return Decimal(value)
    except ArithmeticError as exc:  # decimal.InvalidOperation
        raise MoneyError(f"not an amount: {value!r}") from exc


def round_cents(amount: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round to the cent with the given rule (half-up unless the law says otherwise)."""
    return amount.quantize(CENT, rounding=rounding)


def to_cents(amount: Decimal | int | str) -> int:
    """Euros (exact, at most two decimals) to integer cents; refuses sub-cent values."""
    value = to_decimal(amount)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise MoneyError(f"{value} has more than two decimals; round it first")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Integer cents to ``Decimal`` euros with two decimals (exact: moving the decimal point of
    an integer of at most 28 digits, as every ``bigint`` is, never rounds)."""
    return Decimal(cents).scaleb(-2)
