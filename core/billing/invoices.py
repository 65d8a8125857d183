"""Invoice drafts: create and edit (drafts only). Issuing is in ``issuing``."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import lock_trail, record
from partage.core.billing.context import BillingContext, billing_context
from partage.core.billing.errors import ImmutableDocument, InvalidInput, NotFound
from partage.core.billing.lines import parse_lines
from partage.core.billing.models import Activity, Client, Invoice, InvoiceLine
from partage.core.billing.parties import get
from partage.core.billing.rules import OPERATIONS, document_language, language_of
from partage.core.billing.validate import choice, text

EDITABLE = ("client_id", "lines", "operation", "buyer_reference", "note", "due_date", "language")


def line_rules(ctx: BillingContext) -> tuple[tuple[str, ...], str, tuple[str, ...] | None]:
    """Known codes, default code, allowed codes (only ``franchise`` under the VAT franchise)."""
    if ctx.settings.vat_franchise:
        return ctx.rules.codes, "franchise", ("franchise",)
    return ctx.rules.codes, "standard", None


def _header(data: Mapping[str, Any]) -> dict:
    values = {}
    if "operation" in data:
        values["operation"] = choice(data["operation"], "operation", OPERATIONS)
    if data.get("language"):
        values["language"] = language_of(data["language"])
    for key, size in (("buyer_reference", 100), ("note", 2000)):
        if key in data:
            values[key] = text(data, key, required=False, max_length=size)
    if "due_date" in data:
        if data["due_date"] is not None and not isinstance(data["due_date"], date):
            raise InvalidInput("due_date", "must be a date")
        values["due_date"] = data["due_date"]
    return values


def _lines(ctx: BillingContext, raw: Any) -> list[InvoiceLine]:
    codes, default, allowed = line_rules(ctx)
    return [InvoiceLine(**values) for values in parse_lines(raw, codes, default, allowed)]


def _build(session: Session, ctx: BillingContext, data: Mapping[str, Any], seen: dict) -> Invoice:
    """One draft; ``seen`` keeps fetched parties alive (the identity map only holds weak refs)."""
    def fetch(model, key):
        value = data.get(key)
        if (model, value) not in seen:
            seen[(model, value)] = get(session, model, value, key)
        return seen[(model, value)]

    activity, client = fetch(Activity, "activity_id"), fetch(Client, "client_id")
    header = _header(data)
    header.setdefault("language", client.language or document_language(ctx.tenant))
    invoice = Invoice(activity_id=activity.id, client_id=client.id, status="draft",
                      currency=ctx.tenant.currency, **header)
    invoice.lines = _lines(ctx, data.get("lines"))
    return invoice


def create_invoices(session: Session, items: Sequence[Mapping[str, Any]], *,
                    actor: str) -> list[Invoice]:
    """Draft invoices for activities and clients, validated whole before any write (bulk)."""
    ctx = billing_context(session)
    seen: dict = {}
    invoices = [_build(session, ctx, data, seen) for data in items]
    session.add_all(invoices)
    session.flush()
    subject = f"invoice:{invoices[0].id}" if len(invoices) == 1 else f"invoices:{len(invoices)}"
    record(session, actor=actor, action="invoice.drafted", subject=subject,
           payload={"invoices": [str(i.id) for i in invoices]})
    return invoices


def create_invoice(session: Session, data: Mapping[str, Any], *, actor: str) -> Invoice:
    """A draft invoice for an activity and a client."""
    return create_invoices(session, [data], actor=actor)[0]


def get_invoice(session: Session, invoice_id: uuid.UUID | str, *, lock: bool = False) -> Invoice:
    """The invoice (``lock``: ``SELECT ... FOR UPDATE`` for the rest of the transaction, after the
    tenant's audit trail: every change of an invoice is recorded, and a writer that took the trail
    first, recording a payment, must not wait for this one in a cycle)."""
    if lock:
        lock_trail(session)
        found = session.scalars(select(Invoice).where(Invoice.id == _uuid(invoice_id))
                                .with_for_update().execution_options(populate_existing=True)).first()
        if found is None:
            raise NotFound("invoice_id", f"no invoice {invoice_id}")
        return found
    return get(session, Invoice, invoice_id, "invoice_id")


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput("invoice_id", f"not an id: {value!r}") from None


def update_invoice(session: Session, invoice_id: uuid.UUID, data: Mapping[str, Any], *,
                   actor: str) -> Invoice:
    """Edit a draft; an issued invoice never changes (``ImmutableDocument`` naming ``status``)."""
    invoice = get_invoice(session, invoice_id, lock=True)
    if invoice.status != "draft":
        raise ImmutableDocument("status", f"invoice {invoice.number} is {invoice.status}; "
                                "issued invoices never change (issue a credit note)")
    unknown = sorted(set(data) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], "cannot be edited")
    ctx = billing_context(session)
    header = _header(data)
    lines = _lines(ctx, data["lines"]) if "lines" in data else None
    if "client_id" in data:
        header["client_id"] = get(session, Client, data["client_id"], "client_id").id
    for key, value in header.items():
        setattr(invoice, key, value)
    if lines is not None:
        invoice.lines = lines
    session.flush()
    record(session, actor=actor, action="invoice.edited", subject=f"invoice:{invoice.id}",
           payload={"fields": sorted(data)})
    return invoice
