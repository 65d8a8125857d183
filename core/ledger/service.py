"""Posting to an activity ledger, balance and statement with running balance."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partage.core.ledger.guarantee import REVENUE, post_revenue
from partage.core.ledger.models import LedgerEntry

ZERO = Decimal("0.00")
_ONE_DAY = timedelta(days=1)


def post(session: Session, *, activity_id: uuid.UUID, entry_date: date, kind: str, amount: Decimal,
         description: str, source_type: str | None = None,
         source_id: uuid.UUID | None = None, invoice_id: uuid.UUID | None = None) -> LedgerEntry | None:
    """Append one entry (credit > 0, debit < 0); a zero amount posts nothing. Revenue goes
    through :func:`core.ledger.guarantee.post_revenue`, which repays the guarantee fund first."""
    if kind == REVENUE:
        return post_revenue(session, activity_id=activity_id, entry_date=entry_date, amount=amount,
                            description=description, source_type=source_type, source_id=source_id,
                            invoice_id=invoice_id).revenue
    if amount == 0:
        return None
    entry = LedgerEntry(activity_id=activity_id, entry_date=entry_date, kind=kind, amount=amount,
                        description=description, source_type=source_type, source_id=source_id,
                        invoice_id=invoice_id)
    session.add(entry)
    return entry


def balance(session: Session, activity_id: uuid.UUID, until: date | None = None) -> Decimal:
    """Sum of the activity's entries (up to and including ``until``)."""
    query = select(func.sum(LedgerEntry.amount)).where(LedgerEntry.activity_id == activity_id)
    if until is not None:
        query = query.where(LedgerEntry.entry_date <= until)
    session.flush()
    return session.scalar(query) or ZERO


@dataclass(frozen=True, slots=True)
class StatementLine:
    entry: LedgerEntry
    balance: Decimal  # running balance after this entry


@dataclass(frozen=True, slots=True)
class Statement:
    opening: Decimal
    lines: tuple[StatementLine, ...]
    closing: Decimal


def statement(session: Session, activity_id: uuid.UUID, start: date | None = None,
              end: date | None = None) -> Statement:
    """Entries of a period in posting order, each with the running balance."""
    opening = balance(session, activity_id, until=start - _ONE_DAY) if start else ZERO
    query = select(LedgerEntry).where(LedgerEntry.activity_id == activity_id)
    if start is not None:
        query = query.where(LedgerEntry.entry_date >= start)
    if end is not None:
        query = query.where(LedgerEntry.entry_date <= end)
    running, lines = opening, []
    for entry in session.scalars(query.order_by(LedgerEntry.entry_date, LedgerEntry.id)):
        running += entry.amount
        lines.append(StatementLine(entry, running))
    return Statement(opening, tuple(lines), running)


