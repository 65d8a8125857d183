"""Payments: record, match to an invoice (structured communication, then invoice number), allocate
partially or fully; what exceeds the amount due stays on the payment as the client's credit."""
from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.bad_debt import recover_payment
from partage.core.billing.context import billing_context
from partage.core.billing.errors import InvalidInput, InvalidState
from partage.core.billing.invoices import get_invoice
from partage.core.billing.models import Invoice, Payment, PaymentAllocation
from partage.core.billing.parties import get
from partage.core.billing.posting import sync_invoice
from partage.core.billing.settlement import settle_status
from partage.core.billing.validate import decimal, text
from partage.core.money import to_cents

OPEN = ("issued", "partially_paid")
ZERO = Decimal("0.00")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]*[A-Za-z0-9]")


def find_invoice(session: Session, communication: str | None) -> Invoice | None:
    """The invoice a bank communication points to: payment reference first, then a number."""
    if not communication:
        return None
    reference = billing_context(session).rules.parse_payment_reference(communication)
    if reference:
        found = session.scalars(select(Invoice).where(Invoice.payment_reference == reference)).first()
        if found is not None:
            return found
    tokens = set(_TOKEN.findall(communication))
    if not tokens:
        return None
    found = list(session.scalars(select(Invoice).where(Invoice.number.in_(tokens))))
    return found[0] if len(found) == 1 else None


def _payment(data: Mapping[str, Any]) -> Payment:
    received = data.get("received_on")
    if not isinstance(received, date):
        raise InvalidInput("received_on", "must be a date")
    amount = decimal(data, "amount", field="amount", places=2, positive=True)
    return Payment(amount=amount, received_on=received, unallocated=amount,
                   communication=text(data, "communication", required=False, max_length=500),
                   payer_name=text(data, "payer_name", required=False),
                   payer_iban=text(data, "payer_iban", required=False, max_length=40),
                   bank_reference=text(data, "bank_reference", required=False, max_length=100))


def record_payment(session: Session, data: Mapping[str, Any], *, actor: str) -> Payment:
    """Record a received payment and allocate it to the invoice it matches (if any)."""
    payment = _payment(data)
    invoice = (get(session, Invoice, data["invoice_id"], "invoice_id") if data.get("invoice_id")
               else find_invoice(session, payment.communication))
    session.add(payment)
    session.flush()
    record(session, actor=actor, action="payment.recorded", subject=f"payment:{payment.id}",
           payload={"amount": to_cents(payment.amount), "matched": invoice.number if invoice else None})
    if invoice is not None:
        allocate(session, payment.id, invoice.id, actor=actor, strict=False)
    return payment


def allocate(session: Session, payment_id: uuid.UUID, invoice_id: uuid.UUID, *, actor: str,
             amount: Decimal | None = None, strict: bool = True) -> PaymentAllocation | None:
    """Apply (part of) a payment's unallocated amount to an open invoice, at most what is due."""
    payment = get(session, Payment, payment_id, "payment_id")
    invoice = get_invoice(session, invoice_id, lock=True)
    if payment.client_id not in (None, invoice.client_id):
        raise InvalidInput("invoice_id", "the payment is already allocated to another client")
    payment.client_id = invoice.client_id
    if invoice.status == "written_off":
        return recover_payment(session, payment, invoice, actor=actor, amount=amount)
    if invoice.status not in OPEN:
        if strict:
            raise InvalidState("invoice_id", f"invoice {invoice.number} is {invoice.status}")
        return None  # e.g. paid twice: the money stays as the client's credit
    applied = min(amount or payment.unallocated, payment.unallocated, invoice.amount_due)
    if applied <= 0:
        return None
    payment.unallocated -= applied
    invoice.paid += applied
    settle_status(invoice)
    allocation = PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id, amount=applied)
    session.add(allocation)
    record(session, actor=actor, action="payment.allocated", subject=f"invoice:{invoice.id}",
           payload={"payment": str(payment.id), "amount": to_cents(applied), "status": invoice.status})
    # the ledger after the audit head: revenue that repays the guarantee fund locks the activity,
    # always after the audit head (as issuing does), so the two never wait for each other
    sync_invoice(session, invoice, billing_context(session).settings.ledger_credit_on,
                 on=payment.received_on, source=("payment", payment.id, f"Payment of {invoice.number}"))
    return allocation


def client_credit(session: Session, client_id: uuid.UUID) -> Decimal:
    """What the client has paid beyond its invoices: unallocated payments plus overpaid invoices."""
    session.flush()
    unallocated = session.scalar(select(func.sum(Payment.unallocated))
                                 .where(Payment.client_id == client_id)) or ZERO
    invoices = session.scalars(select(Invoice).where(Invoice.client_id == client_id,
                                                     Invoice.status != "draft"))
    return unallocated + sum((max(-i.amount_due, ZERO) for i in invoices), ZERO)
