"""Billing: members, activities, clients, invoices, credit notes, payments (framework-free services).

Services are plain functions over a SQLAlchemy session with a bound tenant; they validate the whole
input before writing and raise :class:`core.billing.errors.BillingError` (with ``field``) otherwise.
"""
from partage.core.billing import guards  # noqa: F401  (registers the issued-documents guard)
from partage.core.billing.bad_debt import write_off
from partage.core.billing.credit_notes import create_credit_note
from partage.core.billing.errors import BillingError, ImmutableDocument, InvalidInput, InvalidState, NotFound
from partage.core.billing.invoices import create_invoice, create_invoices, get_invoice, update_invoice
from partage.core.billing.issuing import issue_invoice, issue_invoices
from partage.core.billing.parties import create_activity, create_client, create_member
from partage.core.billing.payments import allocate, client_credit, find_invoice, record_payment
from partage.core.billing.quotes import accept_quote, create_quote, decline_quote, send_quote
from partage.core.billing.settings import update_settings

__all__ = [
    "BillingError", "ImmutableDocument", "InvalidInput", "InvalidState", "NotFound", "accept_quote",
    "allocate", "create_quote", "decline_quote", "send_quote",
    "client_credit", "create_activity", "create_client", "create_credit_note", "create_invoice", "create_invoices",
    "create_member", "find_invoice", "get_invoice", "issue_invoice", "issue_invoices", "record_payment",
    "update_invoice", "update_settings", "write_off",
]
