"""Credit notes: real documents referencing the invoice they correct, in full or in part."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Mapping

from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.context import BillingContext, billing_context
from partage.core.billing.errors import InvalidInput, InvalidState
from partage.core.billing.invoices import get_invoice, line_rules
from partage.core.billing.issuing import compute_document, freeze, mention_context
from partage.core.billing.lines import parse_lines
from partage.core.billing.models import Client, CreditNote, CreditNoteLine, Invoice
from partage.core.billing.numbering import next_number
from partage.core.billing.posting import sync_invoice
from partage.core.billing.settlement import settle_status
from partage.core.billing.validate import text
from partage.core.db import utcnow
from partage.core.money import to_cents

COPIED = ("position", "description", "quantity", "unit_code", "unit_price", "discount_percent",
          "vat_code")
CREDITABLE = ("issued", "partially_paid", "paid")


def _lines(ctx: BillingContext, invoice: Invoice, raw: Any) -> list[CreditNoteLine]:
    """The invoice's own lines (full credit) or the given ones, with the invoice's VAT codes."""
    if raw is None:
        if invoice.credited_gross:
            raise InvalidInput("lines", "the invoice is already partly credited: give the lines")
        return [CreditNoteLine(**{k: getattr(line, k) for k in COPIED}) for line in invoice.lines]
    codes, default, allowed = line_rules(ctx)
    lines = parse_lines(raw, codes, default, allowed)
    used = {line.vat_code for line in invoice.lines}
    for i, line in enumerate(lines):
        if line["vat_code"] not in used:
            raise InvalidInput(f"lines[{i}].vat_code", f"the invoice has no {line['vat_code']} line")
    return [CreditNoteLine(**values) for values in lines]


def _check_amounts(invoice: Invoice, note: CreditNote) -> None:
    if note.total_gross > invoice.total_gross - invoice.credited_gross or \
            note.total_net > invoice.total_net - invoice.credited_net:
        raise InvalidInput("lines", f"the credit note ({note.total_gross}) exceeds what remains "
                           f"of invoice {invoice.number} ({invoice.total_gross - invoice.credited_gross})")


def create_credit_note(session: Session, invoice_id: uuid.UUID, data: Mapping[str, Any], *,
                       actor: str, on: date | None = None) -> CreditNote:
    """Issue a credit note (numbered in its own series) and reverse the ledger accordingly."""
    on = on or date.today()
    invoice = get_invoice(session, invoice_id, lock=True)
    if invoice.status not in CREDITABLE:
        raise InvalidState("invoice_id", f"a {invoice.status} invoice cannot be credited")
    ctx = billing_context(session)
    note = CreditNote(invoice_id=invoice.id, reason=text(data, "reason", max_length=500),
                      currency=invoice.currency, language=invoice.language, status="draft")
    note.lines = _lines(ctx, invoice, data.get("lines"))
    freeze(note, compute_document(ctx, note.lines, invoice.issue_date))
    _check_amounts(invoice, note)
    numbered = next_number(session, "credit_note", on, ctx.settings.credit_note_number_format)
    note.number, note.fiscal_year, note.sequence = numbered.number, numbered.fiscal_year, numbered.sequence
    note.issue_date, note.issued_at = on, utcnow()
    client = session.get(Client, invoice.client_id)
    note.mentions = ctx.rules.mentions(mention_context(
        ctx, "credit_note", on, {l.vat_code for l in note.lines}, client, invoice.operation, note.language))
    session.add(note)
    session.flush()
    note.status = "issued"
    invoice.credited_net += note.total_net
    invoice.credited_gross += note.total_gross
    settle_status(invoice)
    sync_invoice(session, invoice, ctx.settings.ledger_credit_on, on=on,
                 source=("credit_note", note.id, f"Credit note {note.number} (invoice {invoice.number})"))
    record(session, actor=actor, action="credit_note.issued", subject=f"credit_note:{note.id}",
           payload={"number": note.number, "invoice": invoice.number,
                    "gross": to_cents(note.total_gross)})
    return note
