"""Overdue invoices and the reminder level each has reached (levels by days past the due date)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.billing.models import Invoice

DEFAULT_LEVELS = (1, 15, 30)  # level 1 the day after the due date, level 2 at +15, level 3 at +30


@dataclass(frozen=True, slots=True)
class Overdue:
    invoice: Invoice
    days: int  # days past the due date
    level: int  # reminder level reached (1..len(levels))
    next_level_on: date | None  # when the next level is reached, None at the last one


def overdue(session: Session, on: date, levels: tuple[int, ...] = DEFAULT_LEVELS) -> list[Overdue]:
    """Open invoices whose due date has passed on ``on``, oldest first."""
    rows = session.scalars(select(Invoice).where(Invoice.status.in_(("issued", "partially_paid")),
                                                 Invoice.due_date < on).order_by(Invoice.due_date))
    found = []
    for invoice in rows:
        days = (on - invoice.due_date).days
        level = sum(1 for threshold in levels if days >= threshold)
        following = levels[level] if level < len(levels) else None
        found.append(Overdue(invoice, days, level,
                             invoice.due_date + timedelta(days=following) if following else None))
    return found
