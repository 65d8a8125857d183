"""Invoices (drafts, edits, issuing), credit notes and document downloads (PDF, UBL, CII, Factur-X)."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Request, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta, Struct
from sqlalchemy import select

from partage.api.deps import Access, Caller, Session
from partage.api.routes.listing import HEADERS as LIST_HEADERS
from partage.api.routes.listing import Cursor, Q, SortName, awaited, listed
from partage.api.routes.billing_common import (READ, TAGS, WRITE, Limit, Line, LineIn, Offset, Totals, Viewer,
                                       lines_of, money, page)
from partage.core.billing import create_credit_note, create_invoice, issue_invoice, update_invoice, write_off
from partage.core.billing.exports import render_document
from partage.core.billing.models import Client, CreditNote, Invoice
from partage.core.listing import SortKey

Text = Annotated[str, Meta(max_length=2000)]
WRITE_OFF = {"permission": "billing:write_off", "module": "billing"}
Language = Annotated[str, Meta(max_length=10)]  # fr, nl, de or en (``nl-BE`` is read as ``nl``)
Format = Literal["pdf", "ubl", "cii", "facturx"]


class InvoiceOut(Struct):
    id: uuid.UUID
    status: str
    number: str | None
    activity_id: uuid.UUID
    client_id: uuid.UUID
    issue_date: date | None
    due_date: date | None
    operation: str
    language: str | None
    buyer_reference: str | None
    payment_reference: str | None
    note: str | None
    totals: Totals
    paid: str
    credited_gross: str
    written_off: str
    amount_due: str
    mentions: list[Any]
    lines: list[Line]

    @classmethod
    def of(cls, i: Invoice) -> "InvoiceOut":
        return cls(id=i.id, status=i.status, number=i.number, activity_id=i.activity_id,
                   client_id=i.client_id, issue_date=i.issue_date, due_date=i.due_date,
                   operation=i.operation, language=i.language, buyer_reference=i.buyer_reference,
                   payment_reference=i.payment_reference, note=i.note, totals=Totals.of(i),
                   paid=money(i.paid), credited_gross=money(i.credited_gross),
                   written_off=money(i.written_off), amount_due=money(i.amount_due), mentions=list(i.mentions or []),
                   lines=[Line.of(line) for line in i.lines])


class InvoiceCreate(Struct, forbid_unknown_fields=True):
    activity_id: uuid.UUID
    client_id: uuid.UUID
    lines: list[LineIn]
    operation: str | None = None          # services, goods or mixed
    buyer_reference: Text | None = None
    note: Text | None = None
    due_date: date | None = None          # default: issue date + the tenant's payment terms
    language: Language | None = None      # default: the client's, else the tenant's first locale


class InvoiceUpdate(Struct, forbid_unknown_fields=True):
    """Draft edits (fields left out stay); an issued invoice never changes (409)."""

    client_id: uuid.UUID | None = None
    lines: list[LineIn] | None = None
    operation: str | None = None
    buyer_reference: Text | None = None
    note: Text | None = None
    due_date: date | None = None
    language: Language | None = None


class CreditNoteOut(Struct):
    id: uuid.UUID
    status: str
    number: str | None
    invoice_id: uuid.UUID
    reason: str
    issue_date: date | None
    language: str | None
    totals: Totals
    mentions: list[Any]
    lines: list[Line]

    @classmethod
    def of(cls, n: CreditNote) -> "CreditNoteOut":
        return cls(id=n.id, status=n.status, number=n.number, invoice_id=n.invoice_id, reason=n.reason,
                   issue_date=n.issue_date, language=n.language, totals=Totals.of(n),
                   mentions=list(n.mentions or []), lines=[Line.of(line) for line in n.lines])


class CreditNoteCreate(Struct, forbid_unknown_fields=True):
    """Full credit without ``lines``; partial with the lines credited (the invoice's VAT codes)."""

    invoice_id: uuid.UUID
    reason: Annotated[str, Meta(min_length=1, max_length=500)]
    lines: list[LineIn] | None = None
    issue_date: date | None = None


def _set(data: Struct) -> dict[str, Any]:
    values = {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not None}
    if "lines" in values:
        values["lines"] = lines_of(values["lines"])
    return values


def _download(content: bytes, fmt: str, number: str | None) -> Response:
    media = "application/pdf" if fmt in ("pdf", "facturx") else "application/xml"
    suffix = "pdf" if media == "application/pdf" else f"{fmt}.xml"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{number}.{suffix}"'})


INVOICE_SORTS = {"newest": SortKey((Invoice.created_at, Invoice.id), descending=True),
                 "oldest": SortKey((Invoice.created_at, Invoice.id)),
                 "total": SortKey((Invoice.total_gross, Invoice.id), descending=True)}


@get("/billing/invoices", opt=READ, sync_to_thread=True, tags=TAGS, response_headers=LIST_HEADERS,
     after_request=awaited)
def list_invoices(request: Request, session: Session, principal: Caller, access: Access,
                  status: FromQuery[str | None] = None,
                  activity_id: FromQuery[uuid.UUID | None] = None, limit: Limit = 100,
                  offset: Offset = 0, q: Q = None, sort: SortName = None, after: Cursor = None,
                  before: Cursor = None) -> Response[list[InvoiceOut]]:
    """Invoices, newest first (a member: their activities' invoices); keyset-paged: ``sort`` newest |
    oldest | total, ``q`` searches the number and the client's name; ``X-Total-Count``, ``Link``."""
    query = Viewer(session, principal, access).only(select(Invoice), Invoice.activity_id)
    if status:
        query = query.where(Invoice.status == status)
    if activity_id:
        query = query.where(Invoice.activity_id == activity_id)
    searched = ()
    if q:
        query = query.join(Client, Client.id == Invoice.client_id)
        searched = (Invoice.number, Client.name)
    return listed(request, session, query, sorts=INVOICE_SORTS, default="newest", sort=sort, q=q,
                  after=after, before=before, limit=limit, offset=offset, item=InvoiceOut.of,
                  searched=searched)


@post("/billing/invoices", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_invoice(data: JSONBody[InvoiceCreate], session: Session, principal: Caller) -> InvoiceOut:
    """A draft invoice (validated whole: nothing is written when a field is wrong)."""
    return InvoiceOut.of(create_invoice(session, _set(data), actor=principal.actor))


@get("/billing/invoices/{invoice_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_invoice(invoice_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                access: Access) -> InvoiceOut:
    return InvoiceOut.of(Viewer(session, principal, access).invoice(invoice_id))


@patch("/billing/invoices/{invoice_id:uuid}", opt=WRITE, sync_to_thread=True, tags=TAGS)
def edit_invoice(invoice_id: FromPath[uuid.UUID], data: JSONBody[InvoiceUpdate], session: Session,
                 principal: Caller) -> InvoiceOut:
    """Edit a draft; an issued invoice answers 409 naming ``status`` (issue a credit note)."""
    return InvoiceOut.of(update_invoice(session, invoice_id, _set(data), actor=principal.actor))


@post("/billing/invoices/{invoice_id:uuid}/issue", opt=WRITE, status_code=200, sync_to_thread=True,
      tags=TAGS)
def issue(invoice_id: FromPath[uuid.UUID], session: Session, principal: Caller,
          on: FromQuery[date | None] = None) -> InvoiceOut:
    """Draft -> issued: VAT, gapless number, mentions, payment reference, ledger (``on``: issue date)."""
    return InvoiceOut.of(issue_invoice(session, invoice_id, actor=principal.actor, on=on))


class WriteOffIn(Struct, forbid_unknown_fields=True):
    reason: Annotated[str, Meta(min_length=1, max_length=500)]


class WriteOffOut(Struct):
    invoice: InvoiceOut
    fund_covered: str   # the activity's balance the write-off left negative, covered by the fund
    fund_forgave: str   # advances the activity owed the fund, forgiven


@post("/billing/invoices/{invoice_id:uuid}/write-off", opt=WRITE_OFF, status_code=200,
      sync_to_thread=True, tags=TAGS)
def write_off_invoice(invoice_id: FromPath[uuid.UUID], data: JSONBody[WriteOffIn], session: Session,
                      principal: Caller, on: FromQuery[date | None] = None) -> WriteOffOut:
    """Write off what remains due as bad debt (tenant admins; audited with the reason): the
    guarantee fund absorbs the loss where the activity cannot. 409 naming ``invoice_id`` when the
    invoice is not open."""
    invoice, taken = write_off(session, invoice_id, {"reason": data.reason}, actor=principal.actor, on=on)
    return WriteOffOut(InvoiceOut.of(invoice), money(taken.covered), money(taken.forgiven))


@get("/billing/invoices/{invoice_id:uuid}/document", opt=READ, sync_to_thread=True, tags=TAGS,
     media_type="application/octet-stream")
def invoice_document(invoice_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                     access: Access, format: FromQuery[Format] = "pdf") -> Response:
    """The issued invoice as a branded PDF, UBL (Peppol BIS 3.0), CII or Factur-X PDF."""
    invoice = Viewer(session, principal, access).invoice(invoice_id)
    return _download(render_document(session, "invoice", invoice.id, format), format, invoice.number)


@get("/billing/credit-notes", opt=READ, sync_to_thread=True, tags=TAGS)
def list_credit_notes(session: Session, principal: Caller, access: Access,
                      invoice_id: FromQuery[uuid.UUID | None] = None, limit: Limit = 100,
                      offset: Offset = 0) -> list[CreditNoteOut]:
    viewer = Viewer(session, principal, access)
    query = select(CreditNote)
    if not viewer.everyone:
        visible = viewer.only(select(Invoice.id), Invoice.activity_id)
        query = query.where(CreditNote.invoice_id.in_(visible))
    if invoice_id:
        query = query.where(CreditNote.invoice_id == invoice_id)
    rows = page(session, query, limit, offset, CreditNote.created_at.desc(), CreditNote.id)
    return [CreditNoteOut.of(n) for n in rows]


@post("/billing/credit-notes", opt=WRITE, sync_to_thread=True, tags=TAGS)
def add_credit_note(data: JSONBody[CreditNoteCreate], session: Session,
                    principal: Caller) -> CreditNoteOut:
    """Issue a credit note for an issued invoice, in full or in part (own number series)."""
    body = {"reason": data.reason, **({"lines": lines_of(data.lines)} if data.lines else {})}
    return CreditNoteOut.of(create_credit_note(session, data.invoice_id, body, actor=principal.actor,
                                               on=data.issue_date))


@get("/billing/credit-notes/{credit_note_id:uuid}", opt=READ, sync_to_thread=True, tags=TAGS)
def get_credit_note(credit_note_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                    access: Access) -> CreditNoteOut:
    return CreditNoteOut.of(Viewer(session, principal, access).credit_note(credit_note_id))


@get("/billing/credit-notes/{credit_note_id:uuid}/document", opt=READ, sync_to_thread=True,
     tags=TAGS, media_type="application/octet-stream")
def credit_note_document(credit_note_id: FromPath[uuid.UUID], session: Session, principal: Caller,
                         access: Access, format: FromQuery[Format] = "pdf") -> Response:
    """The credit note as a PDF, UBL CreditNote, CII (type 381) or Factur-X PDF."""
    note = Viewer(session, principal, access).credit_note(credit_note_id)
    return _download(render_document(session, "credit_note", note.id, format), format, note.number)
