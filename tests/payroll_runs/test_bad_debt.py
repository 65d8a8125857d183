"""Bad debt: an invoice written off, and the guarantee fund absorbing the loss where the member
cannot (`core.billing.bad_debt`, `core.ledger.bad_debt`).

The rule under test, from the design brief ("the guarantee fund ... absorbs bad debt"): the loss is
the written-off revenue net of the contribution; the fund covers what the write-off leaves negative
on the activity, then forgives advances the activity still owes, together at most the loss; an
activity that still holds the money bears its own bad debt. Amounts are worked by hand below.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from partage.core.billing import InvalidInput, InvalidState, create_credit_note, record_payment, write_off
from partage.core.billing.models import Invoice, Payment
from partage.core.ledger import LedgerEntry, post
from partage.core.ledger.bad_debt import losses
from partage.core.ledger.guarantee import COVER, RECOVERY, REPAYMENT
from tests.billing.conftest import ACTOR, line
from tests.payroll_runs.test_guarantee_fund import PAID_ON, Fund

D = Decimal
LATER = date(2026, 6, 30)


def _write_off(fund: Fund, invoice: Invoice, reason: str | None = "client insolvent"):
    with fund.books.session() as s:
        written, taken = write_off(s, invoice.id, {"reason": reason}, actor=ACTOR, on=LATER)
        return written.status, written.written_off, taken.covered, taken.forgiven


def _spend(fund: Fund, amount: str) -> None:
    """The member's salary cost, debited from the activity."""
    with fund.books.session() as s:
        post(s, activity_id=fund.books.activity_id, entry_date=PAID_ON, kind="salary_cost",
             amount=-D(amount), description="salary")


def _losses(fund: Fund) -> Decimal:
    with fund.books.session() as s:
        return losses(s)


def test_credited_at_payment_the_fund_forgives_the_advance_the_client_never_repaid(db):
    fund = Fund.make(db)                                   # no contribution, revenue on payment
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "700.00", "zero")])
    assert _write_off(fund, invoice) == ("written_off", D("700.00"), D("0.00"), D("300.00"))
    assert fund.owed() == 0 and fund.balance() == before  # nothing was credited: nothing reversed
    assert fund.entries(COVER) == [D("300.00")] and fund.entries(REPAYMENT) == [D("-300.00")]
    assert _losses(fund) == D("300.00")


def test_the_fund_takes_on_no_more_than_the_loss(db):
    """100.00 + 21 % VAT unpaid, 6.5 %: the loss is 100.00 - 6.50 = 93.50, less than the 300.00
    advanced: 93.50 is forgiven and 206.50 stays owed."""
    fund = Fund.make(db, contribution="0.065")
    fund.advance("300.00")
    invoice = fund.books.invoice([line("1", "100.00")])
    assert _write_off(fund, invoice) == ("written_off", D("121.00"), D("0.00"), D("93.50"))
    assert fund.owed() == D("206.50") and _losses(fund) == D("93.50")


def test_a_partly_paid_invoice_loses_what_remains_net_of_the_contribution(db):
    """6.5 %, 21 % VAT: 242.00 of 1,210.00 paid repaid 187.00 of a 300.00 advance; the 968.00 left
    is 800.00 of revenue, 748.00 after the contribution: the fund forgives the 113.00 still owed."""
    fund = Fund.make(db, contribution="0.065")
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "1000.00")])
    fund.pay(invoice, "242.00")
    assert fund.owed() == D("113.00")
    assert _write_off(fund, invoice) == ("written_off", D("968.00"), D("0.00"), D("113.00"))
    assert fund.owed() == 0 and fund.balance() == before
    assert _losses(fund) == D("113.00")


def test_credited_at_issue_the_fund_covers_what_the_member_already_spent(db):
    """Revenue 1,000.00 less 65.00 credited at issue and paid out as salary: the reversal leaves the
    activity at -935.00, which the fund covers."""
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "1000.00")])
    assert fund.balance() == before + D("935.00")
    _spend(fund, "935.00")
    assert _write_off(fund, invoice) == ("written_off", D("1210.00"), D("935.00"), D("0.00"))
    assert fund.balance() == before and fund.entries(COVER) == [D("935.00")]
    with fund.books.session() as s:
        by_kind = dict(s.execute(select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
                                 .where(LedgerEntry.invoice_id == invoice.id).group_by(LedgerEntry.kind)).all())
    assert by_kind["revenue"] == 0 and by_kind["contribution"] == 0 and by_kind[COVER] == D("935.00")


def test_an_activity_that_still_holds_the_money_bears_its_own_bad_debt(db):
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "1000.00")])
    assert _write_off(fund, invoice) == ("written_off", D("1210.00"), D("0.00"), D("0.00"))
    assert fund.balance() == before and fund.entries(COVER) == [] and _losses(fund) == 0


def test_a_partial_write_off_rounds_each_share_to_the_cent(db):
    """123.45 + 21 % VAT (25.92) = 149.37; 50.00 paid. Collectible net 123.45 x 50 / 149.37 =
    41.3236 -> 41.32, written off 82.13; contributions 8.02 (on 123.45) and 2.69 (on 41.32): the
    activity loses 115.43 - 38.63 = 76.80, reversed, and covered since it was spent."""
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "123.45")])
    assert invoice.total_gross == D("149.37")
    _spend(fund, "115.43")
    fund.pay(invoice, "50.00")
    assert _write_off(fund, invoice) == ("written_off", D("99.37"), D("76.80"), D("0.00"))
    assert fund.balance() == before


def test_a_write_off_is_refused_with_the_field_and_writes_nothing(db):
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    paid = fund.books.invoice([line("1", "100.00")])
    fund.pay(paid, "121.00")
    open_one = fund.books.invoice([line("1", "100.00")])
    with fund.books.session() as s:
        rows = s.scalar(select(func.count()).select_from(LedgerEntry))
    with pytest.raises(InvalidState) as refused:
        _write_off(fund, paid)
    assert refused.value.field == "invoice_id"
    for reason in (None, "   ", "x" * 501):
        with pytest.raises(InvalidInput) as bad:
            _write_off(fund, open_one, reason)
        assert bad.value.field == "reason"
    with fund.books.session() as s:
        assert s.scalar(select(func.count()).select_from(LedgerEntry)) == rows
        assert s.get(Invoice, open_one.id).written_off == 0 and s.get(Invoice, open_one.id).status == "issued"
    _write_off(fund, open_one)
    with pytest.raises(InvalidState):
        _write_off(fund, open_one)


def test_a_payment_after_the_write_off_gives_the_fund_back_what_it_absorbed(db):
    """700.00 written off, 300.00 advance forgiven; the client then pays 100.00 (the fund takes it
    back: 200.00 still lost), then 600.00 (the fund takes its last 200.00, the member keeps 400.00)."""
    fund = Fund.make(db)
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "700.00", "zero")])
    _write_off(fund, invoice)
    fund.pay(invoice, "100.00")
    with fund.books.session() as s:
        found = s.get(Invoice, invoice.id)
        assert (found.status, found.paid, found.written_off) == ("written_off", D("100.00"), D("600.00"))
    assert fund.entries(RECOVERY) == [D("-100.00")] and _losses(fund) == D("200.00")
    assert fund.balance() == before and fund.owed() == 0
    fund.pay(invoice, "600.00")
    with fund.books.session() as s:
        found = s.get(Invoice, invoice.id)
        assert (found.status, found.paid, found.written_off) == ("paid", D("700.00"), D("0.00"))
    assert fund.entries(RECOVERY) == [D("-100.00"), D("-200.00")] and _losses(fund) == 0
    assert fund.balance() == before + D("400.00")


def test_credited_at_issue_a_late_payment_refunds_the_fund_what_it_covered(db):
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "1000.00")])
    _spend(fund, "935.00")
    _write_off(fund, invoice)
    assert _losses(fund) == D("935.00")
    fund.pay(invoice, "1210.00")              # 1,000.00 credited again less 65.00: 935.00 back
    assert fund.entries(RECOVERY) == [D("-935.00")] and _losses(fund) == 0
    assert fund.balance() == before


def test_a_written_off_invoice_takes_no_credit_note_and_no_more_than_was_written_off(db):
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    invoice = fund.books.invoice([line("1", "100.00")])
    _write_off(fund, invoice)
    with fund.books.session() as s:
        payment = record_payment(s, {"amount": "200.00", "received_on": LATER, "invoice_id": invoice.id},
                                 actor=ACTOR)
        payment_id = payment.id
    with fund.books.session() as s:
        assert s.get(Payment, payment_id).unallocated == D("79.00")   # 121.00 was due
        assert s.get(Invoice, invoice.id).status == "paid"
        with pytest.raises(InvalidState):
            write_off(s, invoice.id, {"reason": "paid now"}, actor=ACTOR, on=LATER)
    other = fund.books.invoice([line("1", "100.00")])
    _write_off(fund, other)
    with fund.books.session() as s:
        with pytest.raises(InvalidState):
            create_credit_note(s, other.id, {"reason": "late"}, actor=ACTOR, on=LATER)


@pytest.mark.postgres
def test_write_offs_and_payments_at_the_same_moment_absorb_and_recover_once(pg_db):
    """Four write-offs of one invoice at the same moment: one passes, the fund absorbs once. Then
    four payments of the whole amount at once: one is allocated, the fund recovers once, the rest
    stays as the client's credit."""
    from tests.concurrency import at_once

    fund = Fund.make(pg_db)
    fund.advance("300.00")
    invoice = fund.books.invoice([line("1", "700.00", "zero")])

    def write(s):
        write_off(s, invoice.id, {"reason": "insolvent"}, actor=ACTOR, on=LATER)

    errors = at_once(fund.books.session, [write] * 4)
    assert len(errors) == 3 and all(isinstance(e, InvalidState) for e in errors)
    assert fund.entries(COVER) == [D("300.00")] and fund.owed() == 0

    def pay(s):
        record_payment(s, {"amount": "700.00", "received_on": LATER, "invoice_id": invoice.id}, actor=ACTOR)

    assert at_once(fund.books.session, [pay] * 4) == []
    assert fund.entries(RECOVERY) == [D("-300.00")] and _losses(fund) == 0
    with fund.books.session() as s:
        assert s.scalar(select(func.sum(Payment.unallocated))) == D("2100.00")
        assert s.get(Invoice, invoice.id).status == "paid"
