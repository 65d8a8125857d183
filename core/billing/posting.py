"""What an invoice puts in its activity ledger, posted as differences so that every event
(issue, payment, credit note) moves the ledger to the invoice's current target exactly.

Revenue target: the net amount (excl. VAT) less credit notes; with ``ledger_credit_on = payment``,
only the share already paid; once a bad debt is written off, only the share that was collectible
(`written_off_net`). Contribution target: minus the revenue target times the tenant rate
frozen on the invoice at issue, rounded to the cent. A full credit note brings both targets to 0,
so the ledger returns exactly to its balance before the invoice.

The revenue and contribution differences go through ``core.ledger.post_revenue``: revenue that
reaches an activity owing the guarantee fund repays it first (``core.ledger.guarantee``).
"""
from __future__ import annotations

import uuid
from collections.abc import MutableMapping
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.billing.models import Invoice
from partage.core.ledger import post_revenue
from partage.core.ledger.guarantee import RevenuePosted
from partage.core.ledger.models import LedgerEntry
from partage.core.money import round_cents

ZERO = Decimal("0.00")


def revenue_target(invoice: Invoice, credit_on: str) -> Decimal:
    net = invoice.total_net - invoice.credited_net
    if credit_on != "payment":
        return net - written_off_net(invoice)
    gross = invoice.total_gross - invoice.credited_gross
    if gross <= 0:
        return ZERO
    return round_cents(net * min(invoice.paid, gross) / gross)


def written_off_net(invoice: Invoice) -> Decimal:
    """The net (excl. VAT) share of the gross written off as bad debt: the net less the share of
    what stays collectible, so that the two add up to the net exactly."""
    net, gross = invoice.total_net - invoice.credited_net, invoice.total_gross - invoice.credited_gross
    if not invoice.written_off or gross <= 0:
        return ZERO
    return net - round_cents(net * max(gross - invoice.written_off, ZERO) / gross)


def _posted(session: Session, invoice: Invoice) -> dict[str, Decimal]:
    """Sums already posted for the invoice (by itself, its payments and credit notes), by kind."""
    session.flush()
    rows = session.execute(select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
                           .where(LedgerEntry.invoice_id == invoice.id).group_by(LedgerEntry.kind))
    return {kind: total for kind, total in rows}


def sync_invoice(session: Session, invoice: Invoice, credit_on: str, *, on: date,
                 source: tuple[str, uuid.UUID, str], fresh: bool = False,
                 owing: MutableMapping[uuid.UUID, Decimal] | None = None) -> RevenuePosted:
    """Post the differences between the invoice's targets and what the ledger holds for it
    (``fresh``: nothing was posted for it yet, as when it is issued; ``owing``: what a batch's
    activities owe the guarantee fund, read once, see ``core.ledger.owed``)."""
    revenue = revenue_target(invoice, credit_on)
    contribution = -round_cents(revenue * (invoice.contribution_rate or ZERO))
    posted = {} if fresh else _posted(session, invoice)
    source_type, source_id, label = source
    return post_revenue(session, activity_id=invoice.activity_id, entry_date=on,
                 amount=revenue - posted.get("revenue", ZERO), description=f"{label}: revenue",
                 contribution=contribution - posted.get("contribution", ZERO), label=label,
                 source_type=source_type, source_id=source_id, invoice_id=invoice.id, owing=owing)
