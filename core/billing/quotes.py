"""Quotes: drafted, sent (numbered in their own series, amounts frozen), then accepted (a draft
invoice with the same lines is created and linked) or declined."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Mapping

from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.context import billing_context
from partage.core.billing.errors import InvalidInput, InvalidState
from partage.core.billing.invoices import _header, create_invoice, line_rules
from partage.core.billing.issuing import compute_document, freeze
from partage.core.billing.lines import parse_lines
from partage.core.billing.models import Activity, Client, Invoice, Quote, QuoteLine
from partage.core.billing.numbering import check_issue_date, next_number
from partage.core.billing.parties import get
from partage.core.billing.rules import document_language

COPIED = ("description", "quantity", "unit_code", "unit_price", "discount_percent", "vat_code")


def create_quote(session: Session, data: Mapping[str, Any], *, actor: str) -> Quote:
    ctx = billing_context(session)
    activity = get(session, Activity, data.get("activity_id"), "activity_id")
    client = get(session, Client, data.get("client_id"), "client_id")
    valid_until = data.get("valid_until")
    if valid_until is not None and not isinstance(valid_until, date):
        raise InvalidInput("valid_until", "must be a date")
    header = {k: v for k, v in _header(data).items() if k in ("note", "language")}
    header.setdefault("language", client.language or document_language(ctx.tenant))
    quote = Quote(activity_id=activity.id, client_id=client.id, status="draft",
                  currency=ctx.tenant.currency, valid_until=valid_until, **header)
    codes, default, allowed = line_rules(ctx)
    quote.lines = [QuoteLine(**v) for v in parse_lines(data.get("lines"), codes, default, allowed)]
    session.add(quote)
    session.flush()
    record(session, actor=actor, action="quote.drafted", subject=f"quote:{quote.id}")
    return quote


def _quote(session: Session, quote_id, status: str) -> Quote:
    quote = get(session, Quote, quote_id, "quote_id")
    if quote.status != status:
        raise InvalidState("status", f"quote {quote.number or quote.id} is {quote.status}, not {status}")
    return quote


def send_quote(session: Session, quote_id: uuid.UUID, *, actor: str, on: date | None = None) -> Quote:
    """Number the quote and freeze its amounts at the rates in force on ``on``."""
    on = on or date.today()
    check_issue_date(session, "quote", on)
    ctx = billing_context(session)
    quote = _quote(session, quote_id, "draft")
    freeze(quote, compute_document(ctx, quote.lines, on))
    numbered = next_number(session, "quote", on, ctx.settings.quote_number_format)
    quote.number, quote.fiscal_year, quote.sequence = numbered.number, numbered.fiscal_year, numbered.sequence
    quote.issue_date, quote.status = on, "sent"
    record(session, actor=actor, action="quote.sent", subject=f"quote:{quote.id}",
           payload={"number": quote.number})
    return quote


def accept_quote(session: Session, quote_id: uuid.UUID, *, actor: str) -> Invoice:
    """The client accepted: a draft invoice with the quote's lines, linked to the quote."""
    quote = _quote(session, quote_id, "sent")
    lines = [{k: getattr(line, k) for k in COPIED} for line in quote.lines]
    invoice = create_invoice(session, {"activity_id": quote.activity_id, "client_id": quote.client_id,
                                       "lines": lines, "buyer_reference": quote.number,
                                       "language": quote.language}, actor=actor)
    quote.status, quote.invoice_id = "accepted", invoice.id
    record(session, actor=actor, action="quote.accepted", subject=f"quote:{quote.id}",
           payload={"invoice": str(invoice.id)})
    return invoice


def decline_quote(session: Session, quote_id: uuid.UUID, *, actor: str) -> Quote:
    quote = _quote(session, quote_id, "sent")
    quote.status = "declined"
    record(session, actor=actor, action="quote.declined", subject=f"quote:{quote.id}")
    return quote
