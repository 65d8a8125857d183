"""Invoice arithmetic as EN 16931 does it: line net amounts rounded to the cent, then VAT per
(category, rate) computed once on the sum of the line nets of that group (BR-CO-17), totals summed.

Pure functions over ``Decimal``; rates come from the country plugin (``VatTreatment``), never from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping, Sequence

from partage.core.money import round_cents

ZERO = Decimal("0")
HUNDRED = Decimal("100")


@dataclass(frozen=True, slots=True)
class VatTreatment:
    """How one VAT code is taxed: EN 16931 category (UNCL5305: S, Z, E, AE, K, G, O) and rate (fraction)."""

    code: str
    category: str
    rate: Decimal

    @property
    def percent(self) -> Decimal:
        return (self.rate * HUNDRED).normalize()


@dataclass(frozen=True, slots=True)
class LineInput:
    quantity: Decimal
    unit_price: Decimal
    vat_code: str
    discount_percent: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class LineAmounts:
    gross: Decimal  # quantity x unit price, rounded to the cent
    discount: Decimal  # line allowance (BT-136), rounded to the cent
    net: Decimal  # BT-131
    treatment: VatTreatment


@dataclass(frozen=True, slots=True)
class VatSubtotal:
    """One row of the VAT breakdown (BG-23)."""

    category: str
    rate: Decimal
    base: Decimal  # BT-116
    vat: Decimal  # BT-117
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Totals:
    lines: tuple[LineAmounts, ...]
    breakdown: tuple[VatSubtotal, ...]
    net: Decimal  # BT-109 (no document-level allowances or charges)
    vat: Decimal  # BT-110
    gross: Decimal  # BT-112


def line_amounts(line: LineInput, treatment: VatTreatment) -> LineAmounts:
    """Net amount of one line: quantity x price to the cent, less the percentage discount on it."""
    gross = round_cents(line.quantity * line.unit_price)  # allowance base amount (BT-137)
    discount = round_cents(gross * line.discount_percent / HUNDRED)
    return LineAmounts(gross=gross, discount=discount, net=gross - discount, treatment=treatment)


def breakdown(lines: Iterable[LineAmounts]) -> tuple[VatSubtotal, ...]:
    """Group line nets by (category, rate); VAT is rounded once per group, on its base."""
    groups: dict[tuple[str, Decimal], list[LineAmounts]] = {}
    for line in lines:
        groups.setdefault((line.treatment.category, line.treatment.rate), []).append(line)
    rows = []
    for (category, rate), members in groups.items():
        base = sum((m.net for m in members), ZERO)
        codes = tuple(dict.fromkeys(m.treatment.code for m in members))
        rows.append(VatSubtotal(category, rate, base, round_cents(base * rate), codes))
    return tuple(sorted(rows, key=lambda r: (-r.rate, r.category)))


def compute(lines: Sequence[LineInput], treatments: Mapping[str, VatTreatment]) -> Totals:
    """Amounts of a whole document; every ``vat_code`` must be in ``treatments``."""
    amounts = tuple(line_amounts(line, treatments[line.vat_code]) for line in lines)
    rows = breakdown(amounts)
    net = sum((a.net for a in amounts), ZERO)
    vat = sum((r.vat for r in rows), ZERO)
    return Totals(amounts, rows, round_cents(net), round_cents(vat), round_cents(net + vat))
