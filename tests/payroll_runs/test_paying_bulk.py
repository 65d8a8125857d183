"""Paying a run in bulk: payment orders and ledger debits written as ready rows, the SEPA file
checked once as a whole, and a step asked twice at once done once."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from lxml import etree
from sepaxml.validation import ValidationError
from sqlalchemy import func, select

from partage.core.audit.models import AuditEvent
from partage.core.ids import uuid7
from partage.core.ledger import LedgerEntry
from partage.core.payroll.errors import InvalidState
from partage.core.payroll.execute import run_payroll
from partage.core.payroll.models import Performance, PayslipRecord, SalaryPayment, WorkerProfile
from partage.core.payroll.orders import reapprove_payments
from partage.core.payroll.paying import check_sepa, mark_paid, sepa_file
from partage.core.payroll.runs import approve_run
from partage.core.tenancy import bind_tenant
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import PERIOD, settings
from partage.tenants.demo_payroll import seed_payroll

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
MEMBERS = 60
OTHER_IBAN = "BE71096123456769"


def test_payment_orders_and_ledger_debits_read_back_exactly(seeded):
    with bind_tenant(seeded.tenant):
        run_id = run_payroll(seeded.db, PERIOD).run_id
        with seeded.db.session() as s:
            approve_run(s, run_id, "advisor")
        with seeded.db.session() as s:
            assert mark_paid(s, run_id, "advisor") == MEMBERS
        with seeded.db.session() as s:
            slips = {p.id: p for p in s.scalars(select(PayslipRecord))}
            payments = s.scalars(select(SalaryPayment)).all()
            assert sorted(p.payslip_id for p in payments) == sorted(slips)
            for p in payments:
                slip = slips[p.payslip_id]
                assert (p.amount, p.member_id, p.performance_id) == (slip.net_to_pay, slip.member_id,
                                                                     slip.performance_id)
                assert p.paid is True and p.iban and p.name.strip()
            debits = s.scalars(select(LedgerEntry).where(LedgerEntry.kind == "salary_cost")).all()
            assert sorted(d.source_id for d in debits) == sorted(slips)
            today = datetime.now(timezone.utc).date()
            for d in debits:
                slip = slips[d.source_id]
                assert isinstance(d.amount, Decimal) and d.amount == -slip.employer_cost
                assert (d.activity_id, d.tenant_id, d.source_type, d.invoice_id) == (
                    slip.activity_id, seeded.tenant, "payslip", None)
                assert (d.entry_date, d.description) == (today, "salary 2025-03")
                assert isinstance(d.created_at, datetime)
            paid = s.scalar(select(AuditEvent).where(AuditEvent.action == "payroll_run_paid"))
            cost = sum((slip.employer_cost for slip in slips.values()), Decimal(0))
            assert paid.payload == {"period": "2025-03-01", "payslips": MEMBERS, "cost": str(cost)}
            assert s.scalar(select(func.count()).where(Performance.status == "paid")) == MEMBERS


def test_sepa_file_sums_a_members_orders_and_is_checked_as_a_whole(seeded):
    with bind_tenant(seeded.tenant):
        run_id = run_payroll(seeded.db, PERIOD).run_id
        with seeded.db.session() as s:
            approve_run(s, run_id, "advisor")
            first = s.scalars(select(SalaryPayment).order_by(SalaryPayment.member_id)).first()
            member, net = first.member_id, first.amount
            s.add(SalaryPayment(run_id=run_id, performance_id=uuid7(), payslip_id=uuid7(),
                                member_id=member, amount=Decimal("10.01"), iban=OTHER_IBAN,
                                bic=None, name=first.name, paid=False))
        with seeded.db.session() as s:
            # the member's account changed after approval: refused until re-approved, then paid there
            s.scalar(select(WorkerProfile).where(WorkerProfile.member_id == member)).iban = OTHER_IBAN
        with seeded.db.session() as s:
            with pytest.raises(InvalidState) as changed:
                sepa_file(s, run_id, date(2025, 3, 28))
            assert changed.value.field == "iban"
        with seeded.db.session() as s:
            assert reapprove_payments(s, run_id, actor="advisor", reason="new account") == 1
        with seeded.db.session() as s:
            xml = sepa_file(s, run_id, date(2025, 3, 28))  # validated (the default)
            assert sepa_file(s, run_id, date(2025, 3, 28), validate=False).count(b"<CdtTrfTxInf>") == MEMBERS
    check_sepa(xml)
    transfers = etree.fromstring(xml).findall(".//p:CdtTrfTxInf", NS)
    ends = [t.findtext("p:PmtId/p:EndToEndId", namespaces=NS) for t in transfers]
    assert len(transfers) == MEMBERS and ends == sorted(ends)  # one per member, in member order
    mine = transfers[ends.index(member.hex)]
    assert Decimal(mine.findtext("p:Amt/p:InstdAmt", namespaces=NS)) == net + Decimal("10.01")
    assert mine.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == OTHER_IBAN  # the last order's
    with pytest.raises(ValidationError):
        check_sepa(xml.replace(b"<InstdAmt Ccy=\"EUR\">", b"<InstdAmt Ccy=\"EURO\">", 1))
    with pytest.raises(ValidationError):
        check_sepa(xml[:-20])


@pytest.mark.parametrize("step", ["approve", "paid"])
def test_a_step_asked_twice_at_once_is_done_once(pg_db, step):
    """The second request waits for the first one's lock on the run, then sees it done."""
    tenant = create_tenant(pg_db, country="be")
    seed_payroll(pg_db, tenant, "be", 10, PERIOD)
    settings(pg_db, tenant, chunk_size=10)
    act = {"approve": approve_run, "paid": mark_paid}[step]
    with bind_tenant(tenant):
        run_id = run_payroll(pg_db, PERIOD).run_id
        if step == "paid":
            with pg_db.session() as s:
                approve_run(s, run_id, "advisor")
    outcome: dict = {}

    def second() -> None:
        with bind_tenant(tenant):
            try:
                with pg_db.session() as s:
                    outcome["done"] = act(s, run_id, "other")
            except InvalidState as exc:
                outcome["refused"] = exc

    with bind_tenant(tenant):
        with pg_db.session() as s:
            act(s, run_id, "advisor")
            other = threading.Thread(target=second)
            other.start()
            other.join(timeout=1)
            assert other.is_alive()  # waiting for the run's lock
        other.join(timeout=30)
        assert set(outcome) == {"refused"}
        with pg_db.session() as s:
            assert s.scalar(select(func.count(SalaryPayment.id))) == 10
            posted = s.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "salary_cost"))
            assert posted == (10 if step == "paid" else 0)
            action = f"payroll_run_{'approved' if step == 'approve' else 'paid'}"
            assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action)) == 1
