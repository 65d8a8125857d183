"""The guarantee fund is repaid when revenue reaches the activity: from the ledger, exactly, once.

An advance (``guarantee_advance``) lets a salary be declared before the client pays; revenue posted
to the activity (an invoice issued, a payment, a bank statement) repays it first
(``guarantee_repayment``), net of the contribution, up to what is owed. What is owed is read from
the ledger, and the guardrails' limits use it: once repaid, a member can be advanced again.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from partage.core.billing import create_credit_note, record_payment
from partage.core.billing.camt import import_statement
from partage.core.billing.models import Activity, Invoice
from partage.core.ledger import LedgerEntry, balance, outstanding, post
from partage.core.ledger.guarantee import ADVANCE, REPAYMENT
from partage.core.payroll.guardrails import check_profile, outstanding_advances
from partage.core.payroll.performances import (PerformanceIn, declare_performance, estimate_cost, facts_for,
                                       payroll_settings, set_worker_profile)
from partage.core.tenancy import cross_tenant
from tests.billing.conftest import ACTOR, Books, line, make_books
from tests.billing.test_camt import NTRY, STATEMENT, _structured
from tests.concurrency import at_once

START, PAID_ON = date(2026, 3, 9), date(2026, 3, 20)
D = Decimal


@dataclass
class Fund:
    """A Belgian tenant whose member has a worker profile and an activity to invoice for."""

    books: Books
    member_id: uuid.UUID

    @classmethod
    def make(cls, db, *, credit_on: str = "payment", contribution: str = "0", limit_member: str = "300.00",
             limit_total: str = "100000.00") -> "Fund":
        books = make_books(db, "be", ledger_credit_on=credit_on)
        _contribution_rate(db, books.tenant_id, D(contribution))
        with books.session() as s:
            member_id = s.get(Activity, books.activity_id).member_id
            set_worker_profile(s, "be", member_id, national_number="85073003328",
                               iban="BE68539007547034", profile={"family": "single"})
            settings = payroll_settings(s)
            settings.guarantee_limit_member, settings.guarantee_limit_total = D(limit_member), D(limit_total)
        return cls(books, member_id)

    def work(self, gross: str = "2500.00") -> PerformanceIn:
        return PerformanceIn(member_id=self.member_id, activity_id=self.books.activity_id, start=START,
                             end=START, gross=D(gross), days=1, declaration_ref="DIMONA-1",
                             declared_on=START)

    def cost(self, gross: str = "2500.00") -> Decimal:
        with self.books.session() as s:
            profile = check_profile(s, self.member_id)
            return estimate_cost("be", facts_for(self.work(gross), profile, payroll_settings(s).employer))

    def fund(self, amount: Decimal) -> None:
        """Revenue already on the activity (a manual posting: nothing owed yet, nothing repaid)."""
        with self.books.session() as s:
            post(s, activity_id=self.books.activity_id, entry_date=date(2026, 2, 1), kind="revenue",
                 amount=amount, description="earlier revenue")

    def declare(self, gross: str = "2500.00") -> tuple[str, Decimal, list[str]]:
        with self.books.session() as s:
            perf = declare_performance(s, "be", self.work(gross))
            return perf.status, perf.guarantee, list(perf.checks)

    def advance(self, amount: str, gross: str = "2500.00") -> None:
        """Declare work whose cost the activity lacks exactly ``amount`` of."""
        self.fund(self.cost(gross) - D(amount))
        assert self.declare(gross)[:2] == ("approved", D(amount))

    def pay(self, invoice: Invoice, amount: str, **extra) -> None:
        with self.books.session() as s:
            record_payment(s, {"amount": amount, "received_on": PAID_ON, "invoice_id": invoice.id, **extra},
                           actor=ACTOR)

    def owed(self) -> Decimal:
        with self.books.session() as s:
            return outstanding(s, [self.books.activity_id])

    def balance(self) -> Decimal:
        with self.books.session() as s:
            return balance(s, self.books.activity_id)

    def entries(self, kind: str) -> list[Decimal]:
        with self.books.session() as s:
            return list(s.scalars(select(LedgerEntry.amount).where(LedgerEntry.kind == kind)
                                  .order_by(LedgerEntry.created_at, LedgerEntry.id)))


def _contribution_rate(db, tenant_id, rate: Decimal) -> None:
    from partage.tenants.models import Tenant

    with cross_tenant(actor="test", reason="contribution rate of a test tenant"), db.session() as s:
        s.get(Tenant, tenant_id).contribution_rate = rate


def test_client_payments_repay_the_advance_first_to_the_cent(db):
    fund = Fund.make(db)
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "700.00", "zero")])  # credited when paid: nothing yet
    assert fund.balance() == before and fund.owed() == D("300.00")

    fund.pay(invoice, "200.00")
    assert fund.entries(REPAYMENT) == [D("-200.00")]
    assert fund.owed() == D("100.00")
    assert fund.balance() == before   # the fund took the whole payment

    fund.pay(invoice, "500.00")
    assert fund.entries(REPAYMENT) == [D("-200.00"), D("-100.00")]
    assert fund.owed() == D("0.00")
    assert fund.balance() == before + D("400.00")
    with fund.books.session() as s:
        total = s.scalar(select(func.sum(LedgerEntry.amount)))
        by_kind = dict(s.execute(select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
                                 .group_by(LedgerEntry.kind)).all())
        repayments = s.scalars(select(LedgerEntry).where(LedgerEntry.kind == REPAYMENT)).all()
    assert total == fund.balance()
    assert by_kind[ADVANCE] == D("300.00") and by_kind[REPAYMENT] == D("-300.00")
    assert by_kind["revenue"] == before - D("300.00") + D("700.00")
    assert {(r.source_type, r.invoice_id) for r in repayments} == {("payment", invoice.id)}
    assert all("guarantee fund repayment" in r.description for r in repayments)


@pytest.mark.parametrize("limit", ["member", "total"])
def test_the_limit_frees_up_once_the_client_has_paid(db, limit):
    limits = {"limit_member": "300.00"} if limit == "member" else \
        {"limit_member": "100000.00", "limit_total": "300.00"}
    fund = Fund.make(db, **limits)
    fund.advance("300.00")
    small = "150.00"
    assert D(0) < fund.cost(small) <= D("300.00")
    status, guarantee, checks = fund.declare(small)   # needs an advance: over the limit
    assert status == "pending" and guarantee == 0
    assert any(("per member" if limit == "member" else "total limit") in c for c in checks)
    with fund.books.session() as s:
        assert outstanding_advances(s, fund.member_id) == D("300.00")

    fund.pay(fund.books.invoice([line("1", "300.00", "zero")]), "300.00")
    assert fund.owed() == 0
    with fund.books.session() as s:
        assert outstanding_advances(s, fund.member_id) == 0 and outstanding_advances(s) == 0
    assert fund.declare(small)[:2] == ("approved", fund.cost(small))


def test_repayment_is_net_of_the_contribution_with_vat_and_rounding(db):
    """6.5 % contribution, 21 % VAT: a fifth of 1,210.00 paid -> revenue 200.00, contribution
    13.00, repayment 187.00; the rest -> 800.00 - 52.00, repayment 113.00, then the member's."""
    fund = Fund.make(db, contribution="0.065")
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "1000.00")])
    fund.pay(invoice, "242.00")
    assert fund.entries(REPAYMENT) == [D("-187.00")]
    assert fund.owed() == D("113.00") and fund.balance() == before
    fund.pay(invoice, "968.00")
    assert fund.entries(REPAYMENT) == [D("-187.00"), D("-113.00")]
    assert fund.owed() == 0
    assert fund.balance() == before + D("1000.00") - D("65.00") - D("300.00")


def test_revenue_on_issue_repays_when_the_invoice_is_issued(db):
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "123.45")])   # 123.45 - 8.02 = 115.43 left
    assert fund.entries(REPAYMENT) == [D("-115.43")]
    assert fund.owed() == D("184.57") and fund.balance() == before
    fund.pay(invoice, str(invoice.total_gross))           # already credited: nothing moves
    assert fund.entries(REPAYMENT) == [D("-115.43")] and fund.balance() == before


def test_a_credit_note_repays_nothing_and_undoes_no_repayment(db):
    fund = Fund.make(db, credit_on="issue", contribution="0.065")
    fund.advance("300.00")
    before = fund.balance()
    invoice = fund.books.invoice([line("1", "100.00")])
    assert fund.entries(REPAYMENT) == [D("-93.50")]
    with fund.books.session() as s:
        create_credit_note(s, invoice.id, {"reason": "cancelled"}, actor=ACTOR, on=PAID_ON)
    assert fund.entries(REPAYMENT) == [D("-93.50")]
    assert fund.owed() == D("206.50")
    assert fund.balance() == before - D("93.50")


def test_a_payment_recorded_or_imported_twice_repays_once(db):
    fund = Fund.make(db)
    fund.advance("300.00")
    invoice = fund.books.invoice([line("1", "250.00", "zero")])
    entry = NTRY.format(amount="250.00", sign="CRDT", ref="BANK-1",
                        remittance=_structured(invoice.payment_reference))
    xml = STATEMENT.format(entries=entry).encode()
    for _ in range(2):
        with fund.books.session() as s:
            import_statement(s, xml, actor=ACTOR)
    fund.pay(invoice, "250.00")   # the invoice is paid: the money stays as the client's credit
    assert fund.entries(REPAYMENT) == [D("-250.00")]
    assert fund.entries("revenue")[-1] == D("250.00") and fund.owed() == D("50.00")


def test_what_is_owed_is_per_tenant(db):
    first, second = Fund.make(db), Fund.make(db)
    first.advance("300.00")
    second.advance("120.00")
    second.pay(second.books.invoice([line("1", "500.00", "zero")]), "500.00")
    assert (first.owed(), second.owed()) == (D("300.00"), D("0.00"))
    with first.books.session() as s:
        assert outstanding_advances(s) == D("300.00")
        assert s.scalars(select(LedgerEntry).where(LedgerEntry.kind == REPAYMENT)).all() == []


@pytest.mark.postgres
def test_revenue_posted_at_the_same_moment_repays_an_advance_once(pg_db):
    """Payments are serialised by the audit chain already; revenue posted without it (here by
    hand) is serialised by the lock on the owing activity (PostgreSQL: SQLite has one writer)."""
    fund = Fund.make(pg_db)
    fund.advance("300.00")

    def post_revenue(s):
        post(s, activity_id=fund.books.activity_id, entry_date=PAID_ON, kind="revenue",
             amount=D("100.00"), description="client paid")

    assert at_once(fund.books.session, [post_revenue] * 4) == []
    assert sorted(fund.entries(REPAYMENT)) == [D("-100.00")] * 3 and fund.owed() == 0


@pytest.mark.postgres
def test_declarations_at_the_same_moment_never_exceed_the_fund(pg_db):
    """Four declarations needing an advance, at the same moment, room in the fund for one: the budget
    decisions are serialised, so one is approved with its advance and the others wait."""
    cost = Fund.make(pg_db).cost()
    fund = Fund.make(pg_db, limit_member="100000.00", limit_total=str(cost))
    results = []

    def declare(s):
        perf = declare_performance(s, "be", fund.work())
        results.append((perf.status, perf.guarantee))

    assert at_once(fund.books.session, [declare] * 4) == []
    assert sorted(results) == [("approved", cost)] + [("pending", D(0))] * 3
    assert fund.owed() == cost
