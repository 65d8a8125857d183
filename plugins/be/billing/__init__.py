"""Belgian billing rules: VAT 21/12/6/0, franchise and reverse-charge mentions, structured
communication as payment reference, Peppol BIS Billing 3.0 with endpoint scheme 0208."""
from partage.plugins.be.billing.rules import BelgianBilling

__all__ = ["BelgianBilling"]
