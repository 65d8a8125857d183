"""Quotes: drafted, sent (numbered, amounts frozen), then accepted (a draft invoice) or declined."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import select

from partage.api.deps import Access, Caller, Session
from partage.api.routes.billing_common import (READ, TAGS, WRITE, Limit, Line, LineIn, Offset, Totals, Viewer,
                                       lines_of, page)
from partage.api.routes.billing_invoices import InvoiceOut
from partage.core.billing import accept_quote, create_quote, decline_quote, send_quote
from partage.core.billing.models import Quote


class QuoteOut(Struct):
    id: uuid.UUID
    status: str
    number: str | None
    activity_id: uuid.UUID
    client_id: uuid.UUID
    issue_date: date | None
    valid_until: date | None
    invoice_id: uuid.UUID | None
    note: str | None
    language: str | None
    totals: Totals
    lines: list[Line]

    @classmethod
    def of(cls, q: Quote) -> "QuoteOut":
        return cls(id=q.id, status=q.status, number=q.number, activity_id=q.activity_id,
                   client_id=q.client_id, issue_date=q.issue_date, valid_until=q.valid_until,
                   invoice_id=q.invoice_id, note=q.note, language=q.language, totals=Totals.of(q),
                   lines=[Line.of(line) for line in q.lines])


class QuoteCreate(Struct, forbid_unknown_fields=True):
    activity_id: uuid.UUID
    client_id: uuid.UUID
    lines: list[LineIn]
    valid_until: date | None = None
    note: Annotated[str, Meta(max_length=2000)] | None = None
    language: Annotated[str, Meta(max_length=10)] | None = None   # default: the client's, else the tenant's


@get("/billing/quotes", opt=READ, sync_to_thread=True, tags=TAGS)
def list_quotes(session: Session, principal: Caller, access: Access,
                status: FromQuery[str | None] = None,
                limit: Limit = 100, offset: Offset = 0) -> list[QuoteOut]:
    query = Viewer(session, principal, access).only(select(Quote), Quote.activity_id)
    if status:
        query = query.where(Quote.status == status)
    rows = page(session, query, limit, offset, Quote.created_at.desc(), Quote.id)
    return [QuoteOut.of(q) for q in rows]


@post("/billing/quotes", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_quote(data: JSONBody[QuoteCreate], session: Session, principal: Caller) -> QuoteOut:
    body = {"activity_id": data.activity_id, "client_id": data.client_id,
            "lines": lines_of(data.lines), "valid_until": data.valid_until, "note": data.note}
    return QuoteOut.of(create_quote(session, body, actor=principal.actor))


@get("/billing/quotes/{quote_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_quote(quote_id: FromPath[uuid.UUID], session: Session, principal: Caller,
              access: Access) -> QuoteOut:
    return QuoteOut.of(Viewer(session, principal, access).quote(quote_id))


@post("/billing/quotes/{quote_id:uuid}/send", opt=WRITE, status_code=200, sync_to_thread=True, tags=TAGS)
def send(quote_id: FromPath[uuid.UUID], session: Session, principal: Caller,
         on: FromQuery[date | None] = None) -> QuoteOut:
    """Number the quote and freeze its amounts (``on``: the quote date)."""
    return QuoteOut.of(send_quote(session, quote_id, actor=principal.actor, on=on))


@post("/billing/quotes/{quote_id:uuid}/accept", opt=WRITE, status_code=201, sync_to_thread=True,
      tags=TAGS)
def accept(quote_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> InvoiceOut:
    """The client accepted: answers the new draft invoice with the quote's lines."""
    return InvoiceOut.of(accept_quote(session, quote_id, actor=principal.actor))


@post("/billing/quotes/{quote_id:uuid}/decline", opt=WRITE, status_code=200, sync_to_thread=True,
      tags=TAGS)
def decline(quote_id: FromPath[uuid.UUID], session: Session, principal: Caller) -> QuoteOut:
    return QuoteOut.of(decline_quote(session, quote_id, actor=principal.actor))
