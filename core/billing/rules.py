"""Country billing rules read from a plugin's dated parameters, and what the engine asks them.

A plugin's `billing` capability usually subclasses :class:`ParameterBillingRules`: VAT rates live in
``billing/vat.yaml`` (``billing.vat.<code>``) and mention texts in ``billing/mentions.yaml``
(``billing.mentions.<name>``), both dated with legal references; the subclass adds what is not data
(payment references, identifiers a business client needs, country-specific mentions).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

from core.billing.vat import VatTreatment
from core.plugins.contract import ParameterSource

OPERATIONS = ("goods", "services", "mixed")
# EN 16931 VAT category (UNCL5305) of each standard VAT code. Codelist, not law.
CATEGORIES: Mapping[str, str] = {
    "standard": "S", "intermediate": "S", "reduced": "S", "super_reduced": "S", "zero": "Z",
    "reverse_charge": "AE", "intra_community": "K", "export": "G", "exempt": "E", "franchise": "E",
}


@dataclass(frozen=True, slots=True)
class MentionContext:
    """What decides the mentions of one document."""

    document: str  # "invoice" | "credit_note"
    issue_date: date
    vat_codes: frozenset[str]
    operation: str = "services"
    client_business: bool = True
    client_company_number: str | None = None
    supplier_company_number: str | None = None
    vat_on_debits: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)


class ParameterBillingRules:
    """`BillingRules` over ``billing.vat.*`` and ``billing.mentions.*`` parameters."""

    einvoice_format = "en16931-ubl"
    codes: tuple[str, ...] = tuple(CATEGORIES)

    def __init__(self, parameters: ParameterSource) -> None:
        self.parameters = parameters
        self._snapshots: dict[date, object] = {}

    def _snapshot(self, on: date):
        """The parameters on ``on`` (memoised per date: a batch of invoices resolves them once)."""
        snap = self._snapshots.get(on)
        if snap is None:
            if len(self._snapshots) > 64:
                self._snapshots.clear()
            snap = self._snapshots[on] = self.parameters.tree().at_date(on)
        return snap

    def vat_rates(self, on: date) -> Mapping[str, Decimal]:
        snap = self._snapshot(on)
        return {code: snap[f"billing.vat.{code}"] for code in self.codes}

    def vat_category(self, code: str) -> str:
        return CATEGORIES[code]

    def treatments(self, on: date) -> dict[str, VatTreatment]:
        """Every VAT code with its category and the rate in force on ``on``."""
        return {code: VatTreatment(code, self.vat_category(code), rate)
                for code, rate in self.vat_rates(on).items()}

    def mention(self, name: str, on: date) -> str | None:
        full, snap = f"billing.mentions.{name}", self._snapshot(on)
        return snap[full] if full in snap.tree else None

    def vat_mentions(self, context: MentionContext) -> list[str]:
        """One mention per VAT code used that has one (franchise, reverse charge, exemptions)."""
        found = (self.mention(code, context.issue_date) for code in sorted(context.vat_codes))
        return [text for text in found if text]

    def mentions(self, context: MentionContext) -> list[str]:
        return self.vat_mentions(context)

    def payment_reference(self, fiscal_year: int, sequence: int) -> str | None:
        return None

    def parse_payment_reference(self, text: str) -> str | None:
        return None

    def business_client_identifiers(self, country: str) -> tuple[str, ...]:
        return ("vat_number",)
