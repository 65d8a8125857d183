"""Payments: automatic matching, partial payments, overpayment kept as the client's credit."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from partage.core.billing import InvalidInput, allocate, client_credit, create_credit_note, record_payment
from partage.core.billing.models import Invoice, Payment
from tests.billing.conftest import ACTOR, DAY, line


def _pay(books, amount, communication=None, **extra):
    with books.session() as s:
        data = {"amount": amount, "received_on": DAY, "communication": communication, **extra}
        return record_payment(s, data, actor=ACTOR)


def _invoice(books, invoice_id) -> Invoice:
    with books.session() as s:
        return s.get(Invoice, invoice_id)


def test_structured_communication_matches_and_pays(be_books):
    be_books.invoice([line("1", "50.00")])
    invoice = be_books.invoice([line("1", "100.00")])  # 121.00 incl. VAT
    digits = invoice.payment_reference.strip("+").replace("/", "")
    _pay(be_books, "121.00", f"betaling {digits}")  # as banks often pass it: bare digits
    assert _invoice(be_books, invoice.id).status == "paid"


def test_partial_payments_by_invoice_number(fr_books):
    invoice = fr_books.invoice([line("1", "100.00")])  # 120.00 TTC
    _pay(fr_books, "20.00", f"Facture {invoice.number} acompte")
    again = _invoice(fr_books, invoice.id)
    assert (again.status, again.amount_due) == ("partially_paid", Decimal("100.00"))
    _pay(fr_books, "100.00", f"solde {invoice.number}")
    assert _invoice(fr_books, invoice.id).status == "paid"


def test_overpayment_is_kept_as_client_credit(be_books):
    invoice = be_books.invoice([line("1", "100.00")])
    payment = _pay(be_books, "150.00", invoice.payment_reference)
    assert payment.unallocated == Decimal("29.00")
    with be_books.session() as s:
        assert client_credit(s, be_books.client_id) == Decimal("29.00")
    later = be_books.invoice([line("1", "10.00")])  # 12.10
    with be_books.session() as s:
        allocate(s, payment.id, later.id, actor=ACTOR)
        assert client_credit(s, be_books.client_id) == Decimal("16.90")
    assert _invoice(be_books, later.id).status == "paid"


def test_unmatched_payment_waits_for_manual_allocation(be_books):
    invoice = be_books.invoice([line("1", "10.00")])
    payment = _pay(be_books, "12.10", "no reference at all")
    assert payment.client_id is None and payment.unallocated == Decimal("12.10")
    with be_books.session() as s:
        allocate(s, payment.id, invoice.id, actor=ACTOR)
    assert _invoice(be_books, invoice.id).status == "paid"


def test_credit_note_after_payment_leaves_a_credit(be_books):
    invoice = be_books.invoice([line("1", "100.00")])
    _pay(be_books, "121.00", invoice.payment_reference)
    with be_books.session() as s:
        create_credit_note(s, invoice.id, {"reason": "refund"}, actor=ACTOR, on=DAY)
        assert client_credit(s, be_books.client_id) == Decimal("121.00")


@pytest.mark.parametrize("amount", ["0", "-5.00", "1.234"])
def test_bad_amount_is_refused_and_nothing_written(be_books, amount):
    with pytest.raises(InvalidInput) as err:
        _pay(be_books, amount)
    assert err.value.field == "amount"
    with be_books.session() as s:
        assert s.scalars(select(Payment)).all() == []


def test_overdue_invoices_get_reminder_levels(be_books):
    from datetime import date

    from partage.core.billing.reminders import overdue

    late = be_books.invoice([line("1", "10.00")], on=date(2026, 1, 5))     # due 2026-02-04
    paid = be_books.invoice([line("1", "10.00")], on=date(2026, 1, 6))
    _pay(be_books, "12.10", paid.payment_reference)
    be_books.invoice([line("1", "10.00")], on=date(2026, 3, 1))            # not due yet
    with be_books.session() as s:
        found = overdue(s, date(2026, 2, 20))
    assert [(o.invoice.id, o.days, o.level, o.next_level_on) for o in found] == \
        [(late.id, 16, 2, date(2026, 3, 6))]
