"""Exact decimal columns stored as scaled integers (no float, no SQLite ``NUMERIC`` drift)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger
from sqlalchemy.types import TypeDecorator


class Scaled(TypeDecorator):
    """A ``Decimal`` with at most ``places`` decimals, stored as an integer (value x 10^places)."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places
        self.factor = Decimal(10) ** places
        self.quantum = Decimal(1).scaleb(-places)

    def process_bind_param(self, value, dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, (float, bool)):
            raise TypeError(f"expected Decimal, not {type(value).__name__}")
        scaled = Decimal(value) * self.factor
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimals")
        return int(scaled)

    def process_result_value(self, value, dialect) -> Decimal | None:
        return None if value is None else (Decimal(value) / self.factor).quantize(self.quantum)


Quantity = Scaled(4)
Percent = Scaled(2)
Rate = Scaled(4)  # VAT rate as a fraction: 0.055 is 550
