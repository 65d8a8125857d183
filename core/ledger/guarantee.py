"""The guarantee fund on the activity ledger: advances, and their repayment when revenue arrives.

An advance (``guarantee_advance``, a credit) lets a salary be paid before the client pays. What an
activity owes the fund is read from the ledger, never kept apart: its advances plus its repayments
(``guarantee_repayment``, debits). Revenue posted to an activity that owes the fund repays it
first, in the same transaction: the repayment is what the revenue leaves on the activity (the
revenue less the contribution posted with it), at most what is owed. So the fund is repaid before
the member spends the money, and a repayment never takes the activity below its balance before the
revenue. Negative revenue (a credit note) repays nothing.

Bad debt: when an invoice is written off (`core.billing.bad_debt`), the fund absorbs the loss where
the member cannot, up to the amount written off net of the contribution (`core.ledger.bad_debt.absorb`): it covers
what the write-off leaves negative on the activity, then forgives advances the activity still owes
(a repayment the fund makes itself: ``guarantee_cover`` credit, ``guarantee_repayment`` debit). An
activity that still holds the money bears its own bad debt. ``guarantee_cover`` rows are the fund's
losses (`core.ledger.bad_debt.losses`).

Every revenue posting goes through :func:`post_revenue` (``core.ledger.post`` sends ``revenue``
here), so invoices issued, payments, bank statements and manual postings all follow the rule. It is
posted with the revenue difference an event makes: an event that posts no new revenue (a payment
recorded twice, a statement imported again) repays nothing again.

Concurrency: the rows of the activities that owe something are locked (``FOR NO KEY UPDATE``: the
foreign-key checks of the rows being written take ``KEY SHARE``, which it does not wait for) and
what they owe is read again before repaying, so revenue posted at the same moment never repays one
advance twice (PostgreSQL; SQLite has one writer at a time).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.orm import Session

from partage.core.ledger.models import LedgerEntry

ZERO = Decimal("0.00")
REVENUE = "revenue"
CONTRIBUTION = "contribution"
ADVANCE = "guarantee_advance"
REPAYMENT = "guarantee_repayment"
COVER = "guarantee_cover"  # the fund's own money: a bad debt absorbed, never owed back
RECOVERY = "guarantee_recovery"  # a written-off invoice paid after all: the fund takes it back
KINDS = (ADVANCE, REPAYMENT)
# Literal kinds (not bound parameters), so that the partial index
# ``ix_ledger_entries_guarantee`` (``WHERE kind IN (...)``) serves these sums on both databases.
_FUND = LedgerEntry.kind.in_([literal_column(f"'{kind}'") for kind in KINDS])

Activities = Iterable[uuid.UUID] | Select


@dataclass(frozen=True, slots=True)
class RevenuePosted:
    """The entries one revenue posting made (None: nothing posted of that kind)."""

    revenue: LedgerEntry | None
    contribution: LedgerEntry | None
    repayment: LedgerEntry | None   # what the fund was repaid from this revenue (negative)

    @property
    def left(self) -> Decimal:
        """What the posting leaves on the activity: the revenue less its contribution and repayment."""
        return sum((e.amount for e in (self.revenue, self.contribution, self.repayment) if e is not None), ZERO)


def append(session: Session, activity_id: uuid.UUID, entry_date: date, kind: str, amount: Decimal,
            description: str, source: tuple) -> LedgerEntry | None:
    if amount == 0:
        return None
    source_type, source_id, invoice_id = source
    entry = LedgerEntry(activity_id=activity_id, entry_date=entry_date, kind=kind, amount=amount,
                        description=description, source_type=source_type, source_id=source_id,
                        invoice_id=invoice_id)
    session.add(entry)
    return entry


def outstanding(session: Session, activities: Activities | None = None,
                until: date | None = None) -> Decimal:
    """What the guarantee fund has advanced and not been repaid: for ``activities`` (ids, or a
    select of ids, e.g. a member's activities), else for the whole tenant (up to ``until``)."""
    return sum_of(session, _FUND, activities, until)


def sum_of(session: Session, condition, activities: Activities | None = None,
           until: date | None = None) -> Decimal:
    """The sum of the entries matching ``condition``, for ``activities`` or the tenant."""
    query = select(func.sum(LedgerEntry.amount)).where(condition)
    if activities is not None:
        query = query.where(LedgerEntry.activity_id.in_(
            activities if isinstance(activities, Select) else list(activities)))
    if until is not None:
        query = query.where(LedgerEntry.entry_date <= until)
    session.flush()
    return session.scalar(query) or ZERO


def owed(session: Session, activity_ids: Iterable[uuid.UUID], *,
         lock: bool = False) -> dict[uuid.UUID, Decimal]:
    """What each of ``activity_ids`` owes the fund (0.00 for those owing nothing). ``lock``: the
    owing activities' rows are locked until commit, and what they owe is read again after."""
    ids = sorted(set(activity_ids))
    found = _owed(session, ids) if ids else {}
    if lock and found:
        activities = LedgerEntry.metadata.tables["activities"]
        session.execute(select(activities.c.id).where(activities.c.id.in_(sorted(found)))
                        .order_by(activities.c.id).with_for_update(key_share=True))
        found = _owed(session, sorted(found))
    return {activity: found.get(activity, ZERO) for activity in ids}


def _owed(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    session.flush()
    rows = session.execute(select(LedgerEntry.activity_id, func.sum(LedgerEntry.amount))
                           .where(_FUND, LedgerEntry.activity_id.in_(ids))
                           .group_by(LedgerEntry.activity_id))
    return {activity: total for activity, total in rows if total > 0}


def advance(session: Session, *, activity_id: uuid.UUID, entry_date: date, amount: Decimal,
            description: str, source_type: str | None = None,
            source_id: uuid.UUID | None = None) -> LedgerEntry | None:
    """The fund advances ``amount`` (> 0) to the activity: a credit it owes back."""
    if amount < 0:
        raise ValueError(f"a guarantee advance is positive, got {amount}")
    return append(session, activity_id, entry_date, ADVANCE, amount, description,
                   (source_type, source_id, None))


def post_revenue(session: Session, *, activity_id: uuid.UUID, entry_date: date, amount: Decimal,
                 description: str, contribution: Decimal = ZERO, label: str | None = None,
                 source_type: str | None = None, source_id: uuid.UUID | None = None,
                 invoice_id: uuid.UUID | None = None,
                 owing: MutableMapping[uuid.UUID, Decimal] | None = None) -> RevenuePosted:
    """Post revenue (``amount``, signed) and the contribution on it (<= 0), then repay the fund
    from what they leave on the activity, up to what it owes (``owing``: what the batch's
    activities owe, read once with :func:`owed` and kept current here; else read now)."""
    source, label = (source_type, source_id, invoice_id), label or description
    revenue = append(session, activity_id, entry_date, REVENUE, amount, description, source)
    kept = append(session, activity_id, entry_date, CONTRIBUTION, contribution,
                   f"{label}: contribution", source)
    left = amount + contribution
    if amount <= 0 or left <= 0:
        return RevenuePosted(revenue, kept, None)
    if owing is None:
        owing = {}
    if activity_id not in owing:
        owing.update(owed(session, [activity_id], lock=True))
    due = owing[activity_id]
    repaid = min(due, left)
    repayment = append(session, activity_id, entry_date, REPAYMENT, -repaid,
                        f"{label}: guarantee fund repayment", source) if repaid > 0 else None
    if repayment is not None:
        owing[activity_id] = due - repaid
    return RevenuePosted(revenue, kept, repayment)

