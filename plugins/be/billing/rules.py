"""`BelgianBilling`: the `billing` capability of the Belgian plugin."""
from __future__ import annotations

from pathlib import Path

from partage.core.billing.rules import MentionContext, ParameterBillingRules
from partage.core.plugins import PluginParameters
from partage.plugins.be.billing.ogm import find_ogm, format_ogm

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"
PEPPOL_SCHEME = "0208"  # Peppol EAS of the Belgian enterprise number (KBO/BCE)


class BelgianBilling(ParameterBillingRules):
    einvoice_format = "peppol-bis-3"
    codes = ("standard", "intermediate", "reduced", "zero", "reverse_charge", "intra_community",
             "export", "exempt", "franchise")
    endpoint_scheme = PEPPOL_SCHEME
    # A mention with no official wording in the document's language (billing/mentions.yaml says
    # which) is printed in French, the language every Belgian mention has.
    fallback_languages = ("fr",)

    def __init__(self, parameters: PluginParameters | None = None) -> None:
        super().__init__(parameters or PluginParameters(PARAMETERS))

    def payment_reference(self, fiscal_year: int, sequence: int) -> str:
        """Structured communication: 2-digit year then the 8-digit invoice sequence."""
        if not 0 < sequence < 10**8:
            raise ValueError(f"sequence {sequence} does not fit a structured communication")
        return format_ogm(f"{fiscal_year % 100:02d}{sequence:08d}")

    def parse_payment_reference(self, text: str) -> str | None:
        return find_ogm(text)

    def business_client_identifiers(self, country: str) -> tuple[str, ...]:
        """A Belgian business client needs its enterprise number (Peppol 0208); others a VAT number."""
        return ("company_number",) if country.upper() == "BE" else ("vat_number",)

    def mentions(self, context: MentionContext) -> list[str]:
        return self.vat_mentions(context)
