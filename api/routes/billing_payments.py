"""Payments received: record (matched automatically), allocate, CAMT.053 import, overdue reminders."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import select

from partage.api.deps import Access, Caller, Session
from partage.api.routes.billing_common import READ, TAGS, WRITE, Limit, Offset, Viewer, money, page
from partage.core.billing import allocate, record_payment
from partage.core.billing.camt import import_statement
from partage.core.billing.models import Invoice, Payment, PaymentAllocation
from partage.core.billing.parties import get as get_row
from partage.core.billing.reminders import overdue

Text = Annotated[str, Meta(max_length=500)]


class Allocation(Struct):
    invoice_id: uuid.UUID
    amount: str


class PaymentOut(Struct):
    id: uuid.UUID
    amount: str
    received_on: date
    communication: str | None
    payer_name: str | None
    payer_iban: str | None
    bank_reference: str | None
    client_id: uuid.UUID | None
    unallocated: str                      # the client's credit left on this payment
    allocations: list[Allocation]

    @classmethod
    def of(cls, session, p: Payment) -> "PaymentOut":
        session.flush()
        rows = session.scalars(select(PaymentAllocation).where(PaymentAllocation.payment_id == p.id)
                               .order_by(PaymentAllocation.created_at))
        return cls(id=p.id, amount=money(p.amount), received_on=p.received_on,
                   communication=p.communication, payer_name=p.payer_name, payer_iban=p.payer_iban,
                   bank_reference=p.bank_reference, client_id=p.client_id,
                   unallocated=money(p.unallocated),
                   allocations=[Allocation(a.invoice_id, money(a.amount)) for a in rows])


class PaymentCreate(Struct, forbid_unknown_fields=True):
    """Without ``invoice_id`` the payment is matched by its communication (structured or number)."""

    amount: str
    received_on: date
    communication: Text | None = None
    payer_name: Text | None = None
    payer_iban: Text | None = None
    bank_reference: Text | None = None
    invoice_id: uuid.UUID | None = None


class AllocationCreate(Struct, forbid_unknown_fields=True):
    invoice_id: uuid.UUID
    amount: str | None = None             # default: what is left, at most what is due


class ImportOut(Struct):
    matched: list[PaymentOut]
    unmatched: list[PaymentOut]
    skipped: int


class OverdueOut(Struct):
    invoice_id: uuid.UUID
    number: str | None
    due_date: date
    amount_due: str
    days: int
    level: int
    next_level_on: date | None


@get("/billing/payments", opt=READ, sync_to_thread=True, tags=TAGS)
def list_payments(session: Session, principal: Caller, access: Access, limit: Limit = 100,
                  offset: Offset = 0) -> list[PaymentOut]:
    """Payments received, newest first (a member: those paying their invoices)."""
    viewer, query = Viewer(session, principal, access), select(Payment)
    if not viewer.everyone:
        invoices = viewer.only(select(Invoice.id), Invoice.activity_id)
        paying = select(PaymentAllocation.payment_id).where(PaymentAllocation.invoice_id.in_(invoices))
        query = query.where(Payment.id.in_(paying))
    rows = page(session, query, limit, offset, Payment.received_on.desc(), Payment.id)
    return [PaymentOut.of(session, p) for p in rows]


@post("/billing/payments", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_payment(data: JSONBody[PaymentCreate], session: Session, principal: Caller) -> PaymentOut:
    """Record money received; any excess over the amount due stays as the client's credit."""
    body = {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not None}
    return PaymentOut.of(session, record_payment(session, body, actor=principal.actor))


@post("/billing/payments/{payment_id:uuid}/allocations", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_allocation(payment_id: FromPath[uuid.UUID], data: JSONBody[AllocationCreate], session: Session,
                   principal: Caller) -> PaymentOut:
    """Apply (part of) a payment's unallocated amount to an open invoice."""
    payment = get_row(session, Payment, payment_id, "payment_id")
    amount = None if data.amount is None else _amount(data.amount)
    allocate(session, payment.id, data.invoice_id, actor=principal.actor, amount=amount)
    return PaymentOut.of(session, payment)


def _amount(value: str):
    from partage.core.billing.validate import decimal

    return decimal({"amount": value}, "amount", field="amount", places=2, positive=True)


@post("/billing/bank-statements", opt=WRITE, sync_to_thread=True, tags=TAGS)
def import_camt(body: bytes, session: Session, principal: Caller) -> ImportOut:
    """Import a CAMT.053 statement (the raw XML as the request body, ``Content-Type:
    application/xml``): each new credit becomes a payment, matched in bulk."""
    result = import_statement(session, body, actor=principal.actor)
    return ImportOut(matched=[PaymentOut.of(session, p) for p in result.matched],
                     unmatched=[PaymentOut.of(session, p) for p in result.unmatched],
                     skipped=result.skipped)


@get("/billing/reminders", opt=READ, sync_to_thread=True, tags=TAGS)
def reminders(session: Session, principal: Caller, access: Access,
              on: FromQuery[date | None] = None) -> list[OverdueOut]:
    """Open invoices past due on ``on`` (default today), with the reminder level reached."""
    viewer = Viewer(session, principal, access)
    found = overdue(session, on or date.today())
    return [OverdueOut(invoice_id=o.invoice.id, number=o.invoice.number, due_date=o.invoice.due_date,
                       amount_due=money(o.invoice.amount_due), days=o.days, level=o.level,
                       next_level_on=o.next_level_on)
            for o in found if viewer.everyone or o.invoice.activity_id in viewer.activity_ids]
