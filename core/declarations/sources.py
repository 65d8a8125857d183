"""Country-neutral source records that several declarations read (amounts in integer cents)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class VatLine:
    """An invoice's total for one VAT code (billing's code: standard, reduced, reverse_charge...)."""

    vat_code: str
    base: int           # cents excl. VAT
    vat: int            # cents


@dataclass(frozen=True, slots=True)
class InvoiceVat:
    """The VAT totals of one issued invoice or credit note, as billing stores them."""

    number: str
    issued: date
    lines: tuple[VatLine, ...]
    credit_note: bool = False
    client_country: str = ""        # ISO 3166-1 alpha-2 of the client (a credit note: its invoice's)
    operation: str = "services"     # goods | services | mixed (a credit note: its invoice's)
