"""Billing tables (declared under the ``partage.models`` entry point ``billing``)."""
from partage.core.billing.models.documents import (
    CreditNote, CreditNoteLine, DocumentStatus, Invoice, InvoiceLine, InvoiceStatus, Quote, QuoteLine)
from partage.core.billing.models.parties import Activity, BillingSettings, Client, Member, NumberCounter
from partage.core.billing.models.payments import Payment, PaymentAllocation

__all__ = ["Activity", "BillingSettings", "Client", "CreditNote", "CreditNoteLine", "DocumentStatus",
           "Invoice", "InvoiceLine", "InvoiceStatus", "Member", "NumberCounter", "Payment",
           "PaymentAllocation", "Quote", "QuoteLine"]
