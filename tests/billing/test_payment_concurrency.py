"""Payments recorded and allocated to one invoice at the same moment, on PostgreSQL: every
transaction takes the tenant's audit trail before the invoice, so none waits for the other in a
cycle (a deadlock would abort one of them)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from partage.core.billing import allocate, record_payment
from partage.core.billing.models import Invoice, PaymentAllocation
from tests.billing.conftest import ACTOR, line, make_books
from tests.concurrency import at_once

pytestmark = pytest.mark.postgres
PAIRS = 6  # each pair: one payment recorded for the invoice, one allocated to it


def test_record_and_allocate_on_one_invoice_at_the_same_moment(pg_db):
    books = make_books(pg_db, "be")
    invoice = books.invoice([line("1", "1000.00", "zero")])
    with books.session() as s:  # unmatched payments, allocated by hand below
        waiting = [record_payment(s, {"amount": Decimal("10.00"), "received_on": date(2026, 3, 5)},
                                  actor=ACTOR).id for _ in range(PAIRS)]

    def recorded(s):
        record_payment(s, {"amount": Decimal("10.00"), "received_on": date(2026, 3, 5),
                           "invoice_id": invoice.id}, actor=ACTOR)

    def allocated(payment_id):
        return lambda s: allocate(s, payment_id, invoice.id, actor=ACTOR)

    assert at_once(books.session, [recorded] * PAIRS + [allocated(p) for p in waiting]) == []
    with books.session() as s:
        assert s.scalar(select(Invoice.paid).where(Invoice.id == invoice.id)) == Decimal("120.00")
        assert s.scalar(select(func.count()).select_from(PaymentAllocation)) == 2 * PAIRS
