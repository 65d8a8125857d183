"""Correction runs: a paid payslip is never edited; the next run of the period pays differences.

The expected difference is computed independently here: the country plugin is called twice (old
and new facts) and the payslips are subtracted per total and per line code.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partage.core.ledger import LedgerEntry, balance
from partage.core.payroll.corrections import amend_performance, start_correction
from partage.core.payroll.errors import InvalidInput, InvalidState
from partage.core.payroll.execute import run_payroll
from partage.core.payroll.facts import PayFacts
from partage.core.payroll.lines import stored_line
from partage.core.payroll.models import Performance, PayrollRun, PayslipRecord, SalaryPayment, WorkerProfile
from partage.core.payroll.paying import mark_paid, sepa_file
from partage.core.payroll.performances import PerformanceIn, declare_performance, payroll_settings
from partage.core.payroll.runs import approve_run
from partage.core.plugins import registry
from partage.core.tenancy import bind_tenant
from tests.payroll_runs.conftest import PERIOD, add_member, settings

TOTALS = ("gross", "net", "withholding_tax", "net_to_pay", "employer_contributions", "employer_cost")
ROOT = Path(__file__).resolve().parents[2]


def declare(world, gross: str = "2500.00", **changes) -> tuple:
    member, activity = add_member(world, revenue=Decimal("20000.00"))
    data = dict(member_id=member, activity_id=activity, start=date(2025, 3, 10), end=date(2025, 3, 14),
                gross=Decimal(gross), days=5, function="light technician",
                declaration_ref="DIMONA-1", declared_on=date(2025, 3, 1))
    data.update(changes)
    with bind_tenant(world.tenant), world.db.session() as s:
        return declare_performance(s, world.country, PerformanceIn(**data)).id, activity


def pay(world, run_id) -> None:
    with bind_tenant(world.tenant), world.db.session() as s:
        approve_run(s, run_id, "advisor")
        mark_paid(s, run_id, "advisor")


def paid_period(world, grosses=("2500.00", "3200.00")) -> list[tuple]:
    performances = [declare(world, gross) for gross in grosses]
    settings(world.db, world.tenant, debtor_iban="BE71096123456769", debtor_bic="GKCCBEBB")
    with bind_tenant(world.tenant):
        pay(world, run_payroll(world.db, PERIOD).run_id)
    return performances


def amend(world, perf_id, **changes):
    with bind_tenant(world.tenant), world.db.session() as s:
        return amend_performance(s, perf_id, reason="timesheet corrected", actor="advisor", **changes).status


def correct(world) -> PayrollRun:
    with bind_tenant(world.tenant), world.db.session() as s:
        return start_correction(s, PERIOD, "advisor")


def plugin_payslip(world, perf_id, gross: Decimal, days: int):
    """The payslip the plugin computes for the performance with ``gross`` and ``days``."""
    with bind_tenant(world.tenant), world.db.session() as s:
        perf = s.get(Performance, perf_id)
        profile = s.scalar(select(WorkerProfile).where(WorkerProfile.member_id == perf.member_id))
        employer = payroll_settings(s).employer
    facts = PayFacts(period=PERIOD, gross=gross, kind=perf.kind, start=perf.start, end=perf.end,
                     worker_id=str(perf.member_id), days=days, hours=perf.hours,
                     birth_date=profile.birth_date, profile=profile.profile, employer=employer)
    payroll = registry().get(world.country).payroll
    return payroll.compute_batch([payroll.input_from(facts)], None)[0]


def by_code(lines) -> dict:
    out: dict = defaultdict(Decimal)
    for line in lines:
        out[(line.code, getattr(line.side, "value", line.side))] += line.amount
    return out


def expected_difference(new, old) -> tuple[dict, dict]:
    totals = {name: getattr(new, name) - getattr(old, name) for name in TOTALS}
    after, before = by_code(new.lines), by_code(old.lines)
    lines = {key: after.get(key, 0) - before.get(key, 0) for key in {*after, *before}}
    return totals, {key: amount for key, amount in lines.items() if amount}


def slips(world, perf_id) -> list[PayslipRecord]:
    with bind_tenant(world.tenant), world.db.session() as s:
        return list(s.scalars(select(PayslipRecord).join(PayrollRun, PayrollRun.id == PayslipRecord.run_id)
                              .where(PayslipRecord.performance_id == perf_id).order_by(PayrollRun.sequence)))


def snapshot(slip: PayslipRecord) -> tuple:
    return (slip.id, slip.run_id, *(getattr(slip, n) for n in TOTALS), slip.lines)


def test_a_correction_run_pays_the_difference_and_leaves_the_paid_payslip(world):
    (raised, activity), (lowered, _) = paid_period(world)
    originals = {p: snapshot(slips(world, p)[0]) for p in (raised, lowered)}
    assert amend(world, raised, gross=Decimal("3000.00"), days=6) == "amended"
    amend(world, lowered, gross=Decimal("2800.00"))
    run = correct(world)
    assert (run.sequence, run.status, run.performances_total) == (2, "computed", 2)
    for perf, gross, days in ((raised, "3000.00", 6), (lowered, "2800.00", 5)):
        original, difference = slips(world, perf)
        assert snapshot(original) == originals[perf]          # never edited
        old_gross = "2500.00" if perf == raised else "3200.00"
        new = plugin_payslip(world, perf, Decimal(gross), days)
        old = plugin_payslip(world, perf, Decimal(old_gross), 5)
        totals, lines = expected_difference(new, old)
        assert {name: getattr(difference, name) for name in TOTALS} == totals
        assert by_code(map(stored_line, difference.lines)) == lines
    with bind_tenant(world.tenant), world.db.session() as s:
        payments = dict(s.execute(select(SalaryPayment.performance_id, SalaryPayment.amount)
                                  .where(SalaryPayment.run_id == run.id)).all())
    assert set(payments) == {raised} and payments[raised] == slips(world, raised)[1].net_to_pay > 0


def test_paying_a_correction_posts_the_cost_difference_and_the_ledger_balances(world):
    (raised, activity), (lowered, other) = paid_period(world)
    with bind_tenant(world.tenant), world.db.session() as s:
        before = {a: balance(s, a) for a in (activity, other)}
    amend(world, raised, gross=Decimal("3000.00"))
    amend(world, lowered, gross=Decimal("2800.00"))
    run = correct(world)
    with bind_tenant(world.tenant), world.db.session() as s:
        approve_run(s, run.id, "advisor")
        xml = sepa_file(s, run.id, date(2025, 4, 10))
        assert mark_paid(s, run.id, "advisor") == 2
    assert xml.count(b"<CdtTrfTxInf>") == 1                   # only the positive net difference
    with bind_tenant(world.tenant), world.db.session() as s:
        for perf, act in ((raised, activity), (lowered, other)):
            original, difference = slips(world, perf)
            assert balance(s, act) == before[act] - difference.employer_cost
            posted = s.scalar(select(func.sum(LedgerEntry.amount)).where(
                LedgerEntry.activity_id == act, LedgerEntry.kind == "salary_cost"))
            assert posted == -(original.employer_cost + difference.employer_cost)
            assert s.get(Performance, perf).status == "paid"
        assert slips(world, lowered)[1].employer_cost < 0       # a credit back to the activity


def test_correcting_twice_creates_one_difference(world):
    (perf, _), _ = paid_period(world)
    amend(world, perf, gross=Decimal("3000.00"))
    first, again = correct(world), correct(world)
    assert first.id == again.id and len(slips(world, perf)) == 2
    with pytest.raises(InvalidState) as held:                   # held by the unpaid correction
        amend(world, perf, gross=Decimal("3100.00"))
    assert held.value.field == "performance_id"
    pay(world, first.id)
    with pytest.raises(InvalidState) as nothing:
        correct(world)
    assert nothing.value.field == "period" and len(slips(world, perf)) == 2


def test_a_second_amendment_pays_the_difference_to_everything_paid(world):
    (perf, _), _ = paid_period(world)
    amend(world, perf, gross=Decimal("3000.00"))
    pay(world, correct(world).id)
    amend(world, perf, gross=Decimal("2900.00"))
    third = correct(world)
    assert third.sequence == 3
    slip = slips(world, perf)[2]
    new = plugin_payslip(world, perf, Decimal("2900.00"), 5)
    before = plugin_payslip(world, perf, Decimal("3000.00"), 5)
    assert slip.net_to_pay == new.net_to_pay - before.net_to_pay
    assert slip.gross == Decimal("-100.00")


def test_only_a_paid_performance_of_a_paid_period_is_corrected(world):
    perf, _ = declare(world)
    with pytest.raises(InvalidState) as early:
        amend(world, perf, gross=Decimal("3000.00"))
    assert early.value.field == "status"
    with pytest.raises(InvalidState) as unpaid:
        correct(world)
    assert unpaid.value.field == "period"
    with bind_tenant(world.tenant):
        pay(world, run_payroll(world.db, PERIOD).run_id)
    for changes, field in (({}, "gross"), ({"gross": Decimal("-5")}, "gross"), ({"days": -1}, "days")):
        with pytest.raises(InvalidInput) as bad:
            amend(world, perf, **changes)
        assert bad.value.field == field


def profile_of(s, perf_id) -> WorkerProfile:
    member_id = s.get(Performance, perf_id).member_id
    return s.scalar(select(WorkerProfile).where(WorkerProfile.member_id == member_id))


def test_a_member_without_iban_is_blocked_and_corrected_later(world):
    (perf, _), _ = paid_period(world)
    amend(world, perf, gross=Decimal("3000.00"))
    with bind_tenant(world.tenant), world.db.session() as s:
        profile = profile_of(s, perf)
        iban, profile.iban = profile.iban, None
    run = correct(world)
    assert slips(world, perf)[1].status == "blocked" and slips(world, perf)[1].error.startswith("iban")
    pay(world, run.id)
    with bind_tenant(world.tenant), world.db.session() as s:
        assert s.get(Performance, perf).status == "amended"
        profile_of(s, perf).iban = iban
    assert correct(world).sequence == 3 and slips(world, perf)[2].status == "computed"


def test_partage_payroll_correct(tmp_path):
    """The command, as a user runs it, against the database of ``PARTAGE_VAR_DIR``."""
    from partage.core.db import Database
    from partage.core.migrate import upgrade
    from tests.conftest import create_tenant
    from tests.payroll_runs.conftest import World

    url = f"sqlite:///{tmp_path / 'var' / 'partage.db'}"
    upgrade(url)
    db = Database(url)
    world = World(db, create_tenant(db, slug="coop-corr", country="be"), "be")
    (perf, _), _ = paid_period(world)
    amend(world, perf, gross=Decimal("3000.00"))
    db.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTAGE_")}
    env.update(PARTAGE_VAR_DIR=str(tmp_path / "var"), COLUMNS="200")
    command = [sys.executable, "-m", "cli", "payroll", "correct", "--tenant", "coop-corr", "--period", "2025-03"]
    done = subprocess.run([*command, "--paid"], cwd=ROOT, env=env, text=True, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "paid, 1 payslips, 0 blocked" in done.stdout
    again = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=True, timeout=120)
    assert again.returncode == 1 and "period" in again.stderr and "no amended" in again.stderr
