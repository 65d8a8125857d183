"""Activity ledger: revenue credited excl. VAT, contribution debited at the tenant rate (6.5 % in
the fixtures, Smart Belgium's rate), credit notes reverse exactly, append-only."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from partage.core.billing import InvalidInput, InvalidState, create_credit_note
from partage.core.billing.models import Invoice
from partage.core.ledger import LedgerEntry, balance, statement
from partage.core.ledger.models import AppendOnly
from tests.billing.conftest import ACTOR, DAY, line, make_books


def _balance(books) -> Decimal:
    with books.session() as s:
        return balance(s, books.activity_id)


def test_issue_credits_net_and_debits_contribution(be_books):
    """1,000.00 excl. VAT: +1,000.00 revenue, -65.00 contribution (6.5 %)."""
    be_books.invoice([line("1", "1000.00")])
    assert _balance(be_books) == Decimal("935.00")


def test_contribution_is_rounded_to_the_cent(be_books):
    """6.5 % of 123.45 = 8.02425 -> 8.02; balance 115.43."""
    be_books.invoice([line("1", "123.45")])
    assert _balance(be_books) == Decimal("115.43")


def test_full_credit_note_returns_the_ledger_to_its_previous_balance(be_books):
    be_books.invoice([line("1", "500.00")])
    before = _balance(be_books)
    invoice = be_books.invoice([line("3", "33.33", "reduced"), line("1", "123.45")])
    assert _balance(be_books) != before
    with be_books.session() as s:
        note = create_credit_note(s, invoice.id, {"reason": "cancelled order"}, actor=ACTOR, on=DAY)
    assert (note.total_net, note.total_vat, note.total_gross) == \
        (invoice.total_net, invoice.total_vat, invoice.total_gross)
    assert note.number == "CN2026-00001"
    assert _balance(be_books) == before
    with be_books.session() as s:
        assert s.get(Invoice, invoice.id).status == "cancelled"


def test_partial_credit_notes_then_the_rest(be_books):
    invoice = be_books.invoice([line("4", "25.00")])
    before_invoice = Decimal("0.00")
    with be_books.session() as s:
        create_credit_note(s, invoice.id, {"reason": "one unit returned", "lines": [line("1", "25.00")]},
                           actor=ACTOR, on=DAY)
    assert _balance(be_books) == Decimal("75.00") - Decimal("4.88")  # 6.5 % of 75 = 4.875 -> 4.88
    with be_books.session() as s:
        assert s.get(Invoice, invoice.id).status == "issued"
        with pytest.raises(InvalidInput) as err:
            create_credit_note(s, invoice.id, {"reason": "too much", "lines": [line("4", "25.00")]},
                               actor=ACTOR, on=DAY)
        assert err.value.field == "lines"
    with be_books.session() as s:
        create_credit_note(s, invoice.id, {"reason": "rest", "lines": [line("3", "25.00")]},
                           actor=ACTOR, on=DAY)
    assert _balance(be_books) == before_invoice
    with be_books.session() as s, pytest.raises(InvalidState):
        create_credit_note(s, invoice.id, {"reason": "again"}, actor=ACTOR, on=DAY)


def test_statement_has_a_running_balance(be_books):
    be_books.invoice([line("1", "200.00")], on=date(2026, 3, 1))
    be_books.invoice([line("1", "100.00")], on=date(2026, 3, 3))
    with be_books.session() as s:
        st = statement(s, be_books.activity_id, start=date(2026, 3, 2))
    assert st.opening == Decimal("187.00")
    assert [l.balance for l in st.lines] == [Decimal("287.00"), Decimal("280.50")]
    assert st.closing == Decimal("280.50")


def test_ledger_is_append_only(be_books):
    be_books.invoice([line()])
    with pytest.raises(AppendOnly), be_books.session() as s:
        s.query(LedgerEntry).first().amount = Decimal("1.00")
    with pytest.raises(Exception, match="append-only|permission denied"), be_books.session() as s:
        s.execute(text("UPDATE ledger_entries SET amount = 1"))
    with pytest.raises(Exception, match="append-only|permission denied"), be_books.session() as s:
        s.execute(text("DELETE FROM ledger_entries"))
    assert _balance(be_books) == Decimal("93.50")


def test_ledger_on_payment_follows_the_money(db):
    """Tenant setting: revenue recognised when paid. Half of 121.00 paid -> half of 100.00."""
    from partage.core.billing import record_payment

    books = make_books(db, "be", ledger_credit_on="payment")
    invoice = books.invoice([line("1", "100.00")])
    assert _balance(books) == 0
    with books.session() as s:
        record_payment(s, {"amount": "60.50", "received_on": DAY, "invoice_id": invoice.id}, actor=ACTOR)
    assert _balance(books) == Decimal("50.00") - Decimal("3.25")
    with books.session() as s:
        record_payment(s, {"amount": "60.50", "received_on": DAY, "invoice_id": invoice.id}, actor=ACTOR)
    assert _balance(books) == Decimal("93.50")
