"""Runs: chunks computed once, blocked members reported, lifecycle, ledger and tenant isolation."""
from __future__ import annotations


import pytest
from sqlalchemy import func, select, update

from partage.core.ledger import LedgerEntry, balance
from partage.core.payroll.chunks import compute_chunk
from partage.core.payroll.errors import InvalidState, NotFound
from partage.core.payroll.execute import run_payroll, start_run
from partage.core.payroll.models import (Performance, PayrollChunk, PayrollRun, PayslipRecord, SalaryPayment,
                                 WorkerProfile)
from partage.core.payroll.paying import mark_paid
from partage.core.payroll.payments import draw_payments
from partage.core.payroll.runs import approve_run, blocked_payslips, progress
from partage.core.tenancy import bind_tenant
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import PERIOD

MEMBERS = 60


def count(s, model, **where):
    query = select(func.count(model.id))
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return s.scalar(query)


def test_a_run_pays_every_approved_performance_once(seeded):
    with bind_tenant(seeded.tenant):
        status = run_payroll(seeded.db, "2025-03")
        assert (status.status, status.chunks_total, status.payslips) == ("computed", 3, MEMBERS)
        again = run_payroll(seeded.db, "2025-03")  # resuming a finished run changes nothing
        with seeded.db.session() as s:
            assert again.run_id == status.run_id
            assert count(s, PayslipRecord) == MEMBERS
            assert count(s, SalaryPayment) == 0  # payment orders are drawn at approval
            approve_run(s, status.run_id, "advisor")
            approve_again = draw_payments(s, status.run_id)
            assert count(s, SalaryPayment) == MEMBERS and approve_again == 0
            slips = s.scalars(select(PayslipRecord)).all()
            assert len({p.performance_id for p in slips}) == MEMBERS
            for slip in slips:
                assert slip.net_to_pay <= slip.gross < slip.employer_cost


def test_the_same_chunk_twice_writes_one_payslip(seeded):
    with bind_tenant(seeded.tenant):
        run_id = start_run(seeded.db, PERIOD)
        assert compute_chunk(seeded.db, run_id, 0) is True
        assert compute_chunk(seeded.db, run_id, 0) is False
        with seeded.db.session() as s:  # a lost chunk state: the unique keys still hold
            s.execute(update(PayrollChunk).where(PayrollChunk.number == 0).values(status="pending"))
        compute_chunk(seeded.db, run_id, 0)
        with seeded.db.session() as s:
            size = len(s.scalar(select(PayrollChunk.performance_ids).where(PayrollChunk.number == 0)))
            assert count(s, PayslipRecord) == size


def test_blocked_members_are_reported_and_the_others_paid(seeded):
    with bind_tenant(seeded.tenant), seeded.db.session() as s:
        profiles = s.scalars(select(WorkerProfile).order_by(WorkerProfile.id).limit(2)).all()
        profiles[0].iban, profiles[1].national_number = None, None
        blocked_members = {profiles[0].member_id: "iban", profiles[1].member_id: "national_number"}
    with bind_tenant(seeded.tenant):
        status = run_payroll(seeded.db, "2025-03")
        assert (status.payslips, status.blocked) == (MEMBERS - 2, 2)
        with seeded.db.session() as s:
            blocked = blocked_payslips(s, status.run_id)
            assert {b.member_id: b.error.split(":")[0] for b in blocked} == blocked_members
            approve_run(s, status.run_id, "advisor")
            paid_members = set(s.scalars(select(SalaryPayment.member_id)))
            assert not paid_members & set(blocked_members)
            assert len(paid_members) == MEMBERS - 2


def test_lifecycle_and_ledger(seeded):
    with bind_tenant(seeded.tenant):
        with seeded.db.session() as s:
            activities = s.scalars(select(Performance.activity_id)).all()
            before = {a: balance(s, a) for a in activities}
        run_id = start_run(seeded.db, PERIOD)
        with seeded.db.session() as s, pytest.raises(InvalidState):
            approve_run(s, run_id, "advisor")
        run_payroll(seeded.db, PERIOD)
        with seeded.db.session() as s, pytest.raises(InvalidState):
            mark_paid(s, run_id, "advisor")
        with seeded.db.session() as s:
            approve_run(s, run_id, "advisor")
            assert mark_paid(s, run_id, "advisor") == MEMBERS
        with seeded.db.session() as s, pytest.raises(InvalidState):
            mark_paid(s, run_id, "advisor")
        with seeded.db.session() as s:
            costs = dict(s.execute(select(PayslipRecord.activity_id, PayslipRecord.employer_cost)).all())
            for activity, old in before.items():
                assert balance(s, activity) == old - costs[activity]
            assert count(s, Performance, status="paid") == MEMBERS
            assert s.scalar(select(func.count(SalaryPayment.id))
                            .where(SalaryPayment.paid.is_(False))) == 0
            assert count(s, LedgerEntry, kind="salary_cost") == MEMBERS


def test_runs_are_isolated_between_tenants(seeded):
    other = create_tenant(seeded.db, country="be")
    with bind_tenant(seeded.tenant):
        mine = run_payroll(seeded.db, PERIOD)
    with bind_tenant(other):
        theirs = run_payroll(seeded.db, PERIOD)
        assert theirs.run_id != mine.run_id and theirs.performances == 0
        with seeded.db.session() as s:
            assert count(s, PayrollRun) == 1 and count(s, PayslipRecord) == 0
            with pytest.raises(NotFound):
                progress(s, mine.run_id)
        assert compute_chunk(seeded.db, mine.run_id, 0) is False  # another tenant's chunk is invisible
    with bind_tenant(seeded.tenant), seeded.db.session() as s:
        assert count(s, PayslipRecord) == MEMBERS
