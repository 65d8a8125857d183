"""Bad debt on the activity ledger: what the guarantee fund absorbs when an invoice is written off.

The fund absorbs up to the amount written off net of the contribution, where the member cannot:
first what the write-off leaves negative on the activity (the revenue it had been credited with
is reversed, `core.billing.posting`), then advances the activity still owes, which the fund repays
itself. Both are ``guarantee_cover`` credits (the fund's own money, never owed back); a forgiven
advance is also a ``guarantee_repayment`` debit, so what is owed falls while the balance does not.
An activity that still holds the money bears its own bad debt. When the client pays after all, the
fund takes back what it absorbed of that invoice from what the payment leaves on the activity
(:func:`recover`, ``guarantee_recovery`` debits).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from partage.core.ledger.guarantee import COVER, RECOVERY, REPAYMENT, ZERO, Activities, append, owed, sum_of
from partage.core.ledger.models import LedgerEntry
from partage.core.ledger.service import balance


@dataclass(frozen=True, slots=True)
class Absorbed:
    """What the fund took on of one bad debt: a negative balance covered, advances forgiven."""

    covered: Decimal
    forgiven: Decimal

    @property
    def total(self) -> Decimal:
        return self.covered + self.forgiven


def absorb(session: Session, *, activity_id: uuid.UUID, entry_date: date, loss: Decimal, label: str,
           source: tuple[str | None, uuid.UUID | None, uuid.UUID | None]) -> Absorbed:
    """The fund absorbs up to ``loss`` (a bad debt net of the contribution, already reversed from
    the activity's revenue if it had been credited): first what leaves the activity's balance
    negative, then advances it still owes. The activity's row is locked first (as repayments do)."""
    if loss <= 0:
        return Absorbed(ZERO, ZERO)
    due = owed(session, [activity_id], lock=True)[activity_id]
    covered = min(loss, max(ZERO, -balance(session, activity_id)))
    forgiven = min(due, loss - covered)
    append(session, activity_id, entry_date, COVER, covered + forgiven,
           f"{label}: bad debt absorbed by the guarantee fund", source)
    append(session, activity_id, entry_date, REPAYMENT, -forgiven,
           f"{label}: guarantee fund advance forgiven", source)
    return Absorbed(covered, forgiven)


def recover(session: Session, *, activity_id: uuid.UUID, invoice_id: uuid.UUID, entry_date: date,
            available: Decimal, label: str, source: tuple) -> Decimal:
    """A written-off invoice paid after all: the fund takes back what it absorbed of it and has not
    recovered yet, up to ``available`` (what the payment left on the activity). Returns it."""
    absorbed = sum_of(session, LedgerEntry.kind.in_((COVER, RECOVERY)) & (LedgerEntry.invoice_id == invoice_id))
    recovered = min(absorbed, max(available, ZERO))
    append(session, activity_id, entry_date, RECOVERY, -recovered,
           f"{label}: bad debt recovered by the guarantee fund", source)
    return recovered


def losses(session: Session, activities: Activities | None = None, until: date | None = None) -> Decimal:
    """What the fund has absorbed of bad debts and not recovered: for ``activities``, else for the
    whole tenant."""
    return sum_of(session, LedgerEntry.kind.in_((COVER, RECOVERY)), activities, until)
