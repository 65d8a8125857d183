"""Bad debt: an issued invoice whose client will not pay what remains due is written off.

The amount still due (gross) becomes the invoice's ``written_off`` and the invoice is
``written_off``. Its ledger target drops to the collectible share (`core.billing.posting`): with
revenue credited at issue, the written-off revenue and its contribution are reversed; credited at
payment, nothing had been credited. The guarantee fund then absorbs the loss, the written-off
revenue net of the contribution, where the member cannot (`core.ledger.bad_debt.absorb`). A later
payment of the client is not allocated to it and stays as the client's credit. The decision is
audited with its reason. Value added tax is not touched here: recovering the VAT of a bad debt
follows its own rules and documents in each country.
"""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from sqlalchemy.orm import Session

from core.audit import record
from core.billing.context import billing_context
from core.billing.errors import InvalidState
from core.billing.invoices import get_invoice
from core.billing.models import Invoice
from core.billing.posting import sync_invoice, written_off_net
from core.billing.settlement import settle_status
from core.billing.validate import text
from core.ledger.bad_debt import Absorbed, absorb
from core.money import round_cents, to_cents

OPEN = ("issued", "partially_paid")


def write_off(session: Session, invoice_id: uuid.UUID | str, data: Mapping[str, Any], *, actor: str,
              on: date | None = None) -> tuple[Invoice, Absorbed]:
    """Write off what remains due on an open invoice (``data["reason"]`` required); the guarantee
    fund absorbs the loss where the activity cannot. Returns the invoice and what the fund took."""
    on = on or date.today()
    reason = text(data, "reason", max_length=500)
    invoice = get_invoice(session, invoice_id, lock=True)
    if invoice.status not in OPEN or invoice.amount_due <= 0:
        raise InvalidState("invoice_id", f"only an issued invoice with an amount due can be written off "
                                         f"(invoice {invoice.number} is {invoice.status})")
    amount = invoice.amount_due
    invoice.written_off += amount
    settle_status(invoice)
    label = f"Bad debt {invoice.number}"
    source = ("write_off", invoice.id, invoice.id)
    sync_invoice(session, invoice, billing_context(session).settings.ledger_credit_on, on=on,
                 source=("write_off", invoice.id, label))
    taken = absorb(session, activity_id=invoice.activity_id, entry_date=on, loss=_loss(invoice), label=label,
                   source=source)
    record(session, actor=actor, action="invoice.written_off", subject=f"invoice:{invoice.id}",
           payload={"number": invoice.number, "gross": to_cents(amount), "reason": reason,
                    "fund_covered": to_cents(taken.covered), "fund_forgave": to_cents(taken.forgiven)})
    return invoice, taken


def _loss(invoice: Invoice) -> Decimal:
    """What the member's activity loses: the net revenue left after the contribution, of the whole
    invoice less of its collectible share (each contribution rounded to the cent, as posted)."""
    rate = invoice.contribution_rate or Decimal(0)
    net = invoice.total_net - invoice.credited_net

    def kept(revenue: Decimal) -> Decimal:
        return revenue - round_cents(revenue * rate)

    return kept(net) - kept(net - written_off_net(invoice))
