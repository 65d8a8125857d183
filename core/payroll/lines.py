"""Reading a stored payslip line ``[code, label, amount, side, base, rate]``.

Amounts and bases are stored as integer cents (JSON numbers) by bulk runs; a JSON string is a
decimal value as printed (older rows, or a count such as equivalent days). Both read as `Decimal`.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from partage.core.money import from_cents


def stored_amount(value: Any) -> Decimal | None:
    """`Decimal` of a stored amount: an int is cents, a string is the printed decimal."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a payslip amount cannot be a boolean")
    if isinstance(value, int):
        return from_cents(value)
    return Decimal(str(value))


class StoredLine(NamedTuple):
    code: str
    label: str
    amount: Decimal
    side: str
    base: Decimal | None
    rate: Decimal | None


def stored_line(raw: list) -> StoredLine:
    """One stored line with its amounts as `Decimal`."""
    code, label, amount, side, base, rate = raw
    return StoredLine(code, label, stored_amount(amount), side, stored_amount(base),
                      None if rate is None else Decimal(str(rate)))
