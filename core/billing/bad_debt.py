"""Bad debt: an issued invoice whose client will not pay what remains due is written off.

The amount still due (gross) becomes the invoice's ``written_off`` and the invoice is
``written_off``. Its ledger target drops to the collectible share (`core.billing.posting`): with
revenue credited at issue, the written-off revenue and its contribution are reversed; credited at
payment, nothing had been credited. The guarantee fund then absorbs the loss, the written-off
revenue net of the contribution, where the member cannot (`core.ledger.bad_debt.absorb`). A later
The decision is audited with its reason. A payment the client makes after all is allocated to the written-off
amount (`recover_payment`): the invoice is paid again as far as it goes, its revenue credited, and
the fund takes back what it had absorbed of it. Value added tax is not touched here: recovering the VAT of a bad debt
follows its own rules and documents in each country.
"""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.context import billing_context
from partage.core.billing.errors import InvalidState
from partage.core.billing.invoices import get_invoice
from partage.core.billing.models import Invoice, Payment, PaymentAllocation
from partage.core.billing.posting import sync_invoice, written_off_net
from partage.core.billing.settlement import settle_status
from partage.core.billing.validate import text
from partage.core.ledger.bad_debt import Absorbed, absorb, recover
from partage.core.money import round_cents, to_cents

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


def recover_payment(session: Session, payment: Payment, invoice: Invoice, *, actor: str,
                    amount: Decimal | None = None) -> PaymentAllocation | None:
    """Allocate (part of) ``payment`` to the written-off amount of ``invoice`` (locked by the
    caller): paid again, the revenue posted as for any payment (repaying advances still owed),
    then what the fund absorbed of the invoice taken back from what the payment leaves."""
    applied = min(amount or payment.unallocated, payment.unallocated, invoice.written_off)
    if applied <= 0:
        return None
    payment.unallocated -= applied
    invoice.paid += applied
    invoice.written_off -= applied
    settle_status(invoice)
    allocation = PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id, amount=applied)
    session.add(allocation)
    label = f"Payment of {invoice.number} (written off)"
    posted = sync_invoice(session, invoice, billing_context(session).settings.ledger_credit_on,
                          on=payment.received_on, source=("payment", payment.id, label))
    recovered = recover(session, activity_id=invoice.activity_id, invoice_id=invoice.id,
                        entry_date=payment.received_on, available=posted.left, label=label,
                        source=("payment", payment.id, invoice.id))
    record(session, actor=actor, action="payment.recovered", subject=f"invoice:{invoice.id}",
           payload={"payment": str(payment.id), "amount": to_cents(applied), "status": invoice.status,
                    "fund_recovered": to_cents(recovered)})
    return allocation
