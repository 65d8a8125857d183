"""Issuing an invoice: VAT from the country plugin, gapless number, frozen mentions, ledger, audit."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.context import BillingContext, billing_context
from partage.core.billing.errors import ImmutableDocument, InvalidInput, NotFound
from partage.core.billing.invoices import line_rules
from partage.core.billing.models import Client, Invoice
from partage.core.billing.numbering import check_issue_date, next_numbers
from partage.core.billing.posting import sync_invoice
from partage.core.billing.rules import MentionContext, document_language
from partage.core.billing.vat import LineInput, Totals, compute
from partage.core.db import utcnow
from partage.core.ledger import owed
from partage.core.money import to_cents


def compute_document(ctx: BillingContext, lines, on: date) -> Totals:
    """Totals of a document's lines with the rates in force on ``on``."""
    codes, _, allowed = line_rules(ctx)
    for i, line in enumerate(lines):
        if line.vat_code not in codes or (allowed and line.vat_code not in allowed):
            raise InvalidInput(f"lines[{i}].vat_code", f"VAT code {line.vat_code!r} not allowed")
    inputs = [LineInput(l.quantity, l.unit_price, l.vat_code, l.discount_percent) for l in lines]
    return compute(inputs, ctx.rules.treatments(on))


def freeze(document, totals: Totals) -> None:
    """Copy computed amounts onto the document and its lines."""
    for line, amounts in zip(document.lines, totals.lines):
        line.vat_category, line.vat_rate = amounts.treatment.category, amounts.treatment.rate
        line.net = amounts.net
    document.total_net, document.total_vat, document.total_gross = totals.net, totals.vat, totals.gross
    document.vat_breakdown = [
        {"category": r.category, "rate": str(r.rate), "base": to_cents(r.base),
         "vat": to_cents(r.vat), "codes": list(r.codes)} for r in totals.breakdown]


def mention_context(ctx: BillingContext, document: str, on: date, codes, client: Client,
                    operation: str, language: str | None = None) -> MentionContext:
    """What decides a document's mentions; they are worded in the language the document's PDF is
    rendered in (:func:`core.billing.rules.document_language`)."""
    return MentionContext(document=document, issue_date=on, vat_codes=frozenset(codes),
                          operation=operation, client_business=client.is_business,
                          client_company_number=client.company_number,
                          supplier_company_number=ctx.tenant.company_number,
                          vat_on_debits=ctx.settings.vat_on_debits,
                          language=language or document_language(ctx.tenant))


def check_client(ctx: BillingContext, client: Client) -> None:
    """A business client must (still) carry the numbers its e-invoice needs."""
    if client.is_business:
        for field in ctx.rules.business_client_identifiers(client.country):
            if not getattr(client, field):
                raise InvalidInput(f"client.{field}", "required on an invoice to a business client")


def _load_drafts(session: Session, ids: Sequence[uuid.UUID]) -> list[Invoice]:
    """The invoices, locked in id order (no deadlock between batches), all still drafts."""
    wanted = list(dict.fromkeys(ids))
    rows = session.scalars(select(Invoice).where(Invoice.id.in_(wanted)).order_by(Invoice.id)
                           .with_for_update().execution_options(populate_existing=True)).all()
    found = {invoice.id: invoice for invoice in rows}
    for i, invoice_id in enumerate(wanted):
        invoice = found.get(invoice_id)
        if invoice is None:
            raise NotFound(f"invoice_ids[{i}]", f"no invoice {invoice_id}")
        if invoice.status != "draft":
            raise ImmutableDocument("status", f"invoice {invoice.number} is already {invoice.status}")
    return [found[i] for i in wanted]


def _prepare(ctx: BillingContext, invoice: Invoice, client: Client, on: date) -> None:
    check_client(ctx, client)
    freeze(invoice, compute_document(ctx, invoice.lines, on))
    invoice.issue_date, invoice.issued_at = on, utcnow()
    invoice.due_date = invoice.due_date or on + timedelta(days=ctx.settings.payment_terms_days)
    invoice.mentions = ctx.rules.mentions(mention_context(
        ctx, "invoice", on, {l.vat_code for l in invoice.lines}, client, invoice.operation, invoice.language))
    invoice.contribution_rate = ctx.tenant.contribution_rate


def _number(session: Session, ctx: BillingContext, invoices: list[Invoice], on: date) -> None:
    """Numbers for the whole batch in one locked step; the counter stays locked until commit."""
    block = next_numbers(session, "invoice", on, ctx.settings.invoice_number_format, len(invoices))
    for invoice, numbered in zip(invoices, block):
        invoice.number, invoice.fiscal_year, invoice.sequence = (
            numbered.number, numbered.fiscal_year, numbered.sequence)
        invoice.payment_reference = (ctx.rules.payment_reference(numbered.fiscal_year, numbered.sequence)
                                     or numbered.number)
        invoice.status = "issued"


def issue_invoices(session: Session, ids: Sequence[uuid.UUID], *, actor: str,
                   on: date | None = None) -> list[Invoice]:
    """Draft -> issued for a batch, in the caller's transaction: VAT from the country plugin,
    consecutive numbers, frozen mentions, ledger postings, one audit event."""
    on = on or date.today()
    check_issue_date(session, "invoice", on)       # before any rate is looked up at that date
    ctx = billing_context(session)
    invoices = _load_drafts(session, ids)
    clients = {c.id: c for c in session.scalars(
        select(Client).where(Client.id.in_({i.client_id for i in invoices})))}
    for invoice in invoices:
        _prepare(ctx, invoice, clients[invoice.client_id], on)
    _number(session, ctx, invoices, on)
    record(session, actor=actor, action="invoice.issued", subject=_subject(invoices),
           payload={"invoices": [_audit(i) for i in invoices]})
    # after the audit head (locked by ``record``): the owing activities are locked in the same
    # order as a payment does (audit, then activity), so the two never wait for each other
    credit_on = ctx.settings.ledger_credit_on
    owing = owed(session, {i.activity_id for i in invoices}, lock=True) if credit_on == "issue" else None
    for invoice in invoices:
        sync_invoice(session, invoice, credit_on, on=on, fresh=True, owing=owing,
                     source=("invoice", invoice.id, f"Invoice {invoice.number}"))
    return invoices


def _subject(invoices: list[Invoice]) -> str:
    return f"invoice:{invoices[0].id}" if len(invoices) == 1 else f"invoices:{len(invoices)}"


def _audit(invoice: Invoice) -> dict:
    return {"id": str(invoice.id), "number": invoice.number, "net": to_cents(invoice.total_net),
            "vat": to_cents(invoice.total_vat), "gross": to_cents(invoice.total_gross)}


def issue_invoice(session: Session, invoice_id: uuid.UUID, *, actor: str,
                  on: date | None = None) -> Invoice:
    """Issue one invoice (see :func:`issue_invoices`)."""
    return issue_invoices(session, [_as_uuid(invoice_id)], actor=actor, on=on)[0]


def _as_uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput("invoice_id", f"not an id: {value!r}") from None
