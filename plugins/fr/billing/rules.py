"""`FrenchBilling`: the `billing` capability of the French plugin."""
from __future__ import annotations

from pathlib import Path

from partage.core.billing.rules import MentionContext, ParameterBillingRules
from partage.core.plugins import PluginParameters

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"


class FrenchBilling(ParameterBillingRules):
    einvoice_format = "factur-x"
    codes = ("standard", "intermediate", "reduced", "super_reduced", "reverse_charge",
             "intra_community", "export", "exempt", "franchise")

    def __init__(self, parameters: PluginParameters | None = None) -> None:
        super().__init__(parameters or PluginParameters(PARAMETERS))

    def business_client_identifiers(self, country: str) -> tuple[str, ...]:
        """A French business client needs its SIREN (e-invoicing reform); others a VAT number."""
        return ("company_number",) if country.upper() == "FR" else ("vat_number",)

    def mentions(self, context: MentionContext) -> list[str]:
        on = context.issue_date
        found = self.vat_mentions(context)
        found.append(self.mention(f"operation_{context.operation}", on))
        if context.vat_on_debits and context.operation != "goods":
            found.append(self.mention("vat_on_debits", on))
        if context.supplier_company_number:
            found.append(f"SIREN : {context.supplier_company_number}")
        if context.client_business and context.client_company_number:
            found.append(f"SIREN du client : {context.client_company_number}")
        if context.document == "invoice":
            found += [self.mention("no_early_discount", on), self.mention("late_penalty", on)]
            if context.client_business:
                found.append(self.mention("recovery_indemnity", on))
        return [text for text in found if text]
