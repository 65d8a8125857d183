"""A chunk that fails every time (a database trigger refuses one member's payslip): the run
reports it with its error instead of waiting, the other chunks are done, and once the cause is
gone running again completes the run. In-process and with a real Dramatiq worker on Redis."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from partage.core.jobs import make_broker
from partage.core.payroll.execute import RunIncomplete, run_payroll
from partage.core.payroll.models import PayrollChunk, PayslipRecord, Performance
from partage.core.payroll.runs import MAX_ATTEMPTS
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_payroll import seed_payroll
from tests.conftest import _owner_execute, create_tenant
from tests.payroll_runs.conftest import PERIOD, settings
from tests.payroll_runs.test_fault import clean, kill, start_worker
from tests.services import REDIS, service_url

pytestmark = pytest.mark.postgres
MEMBERS, CHUNK = 60, 20


def _refuse(owner_url: str, tenant, member) -> str:
    name = f"refuse_{member.hex[:12]}"
    _owner_execute(owner_url, f"""
        CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'payslip refused by the test trigger'; END $$""",
                   f"""CREATE TRIGGER {name} BEFORE INSERT ON payslips FOR EACH ROW
        WHEN (NEW.tenant_id = '{tenant}' AND NEW.member_id = '{member}') EXECUTE FUNCTION {name}()""")
    return name


def _drop(owner_url: str, name: str) -> None:
    _owner_execute(owner_url, f"DROP TRIGGER IF EXISTS {name} ON payslips", f"DROP FUNCTION IF EXISTS {name}()")


def _world(db):
    tenant = create_tenant(db, country="be")
    seed_payroll(db, tenant, "be", MEMBERS, PERIOD)
    settings(db, tenant, chunk_size=CHUNK)
    with bind_tenant(tenant), db.session() as s:
        member = s.scalars(select(Performance.member_id).order_by(Performance.member_id)).all()[CHUNK + 3]
    return tenant, member


def _counts(db, tenant) -> tuple[int, int]:
    with bind_tenant(tenant), db.session() as s:
        slips = s.scalar(select(func.count()).select_from(PayslipRecord))
        done = s.scalar(select(func.count()).select_from(PayrollChunk).where(PayrollChunk.status == "done"))
        return slips, done


def test_in_process_run_reports_the_failing_chunk_then_resumes(pg_db, pg_owner_url):
    tenant, member = _world(pg_db)
    trigger = _refuse(pg_owner_url, tenant, member)
    try:
        with bind_tenant(tenant), pytest.raises(RunIncomplete) as failed:
            run_payroll(pg_db, PERIOD)
    finally:
        _drop(pg_owner_url, trigger)
    assert failed.value.field == "chunks"
    assert "chunk 1: " in str(failed.value) and "payslip refused by the test trigger" in str(failed.value)
    assert failed.value.status.status == "computing"
    assert _counts(pg_db, tenant) == (MEMBERS - CHUNK, MEMBERS // CHUNK - 1)
    with bind_tenant(tenant):
        status = run_payroll(pg_db, PERIOD)
    assert (status.status, status.payslips, status.failed) == ("computed", MEMBERS, ())


@pytest.mark.redis
def test_workers_give_a_failing_chunk_up_after_max_attempts(pg_db, pg_owner_url, pg_app_url):
    redis_url = service_url(REDIS, "Redis")
    clean(redis_url)
    tenant, member = _world(pg_db)
    trigger = _refuse(pg_owner_url, tenant, member)
    worker = start_worker(pg_app_url, redis_url)
    try:
        broker = make_broker(load_settings({"PARTAGE_REDIS_URL": redis_url}))
        with bind_tenant(tenant), pytest.raises(RunIncomplete) as failed:
            run_payroll(pg_db, PERIOD, broker=broker, poll=0.05, stall_seconds=30, timeout=120)
    finally:
        _drop(pg_owner_url, trigger)
        kill(worker)
        clean(redis_url)
    assert "chunk 1: " in str(failed.value) and "payslip refused" in str(failed.value)
    with bind_tenant(tenant), pg_db.session() as s:
        attempts = s.scalar(select(PayrollChunk.attempts).where(PayrollChunk.number == 1))
    assert attempts >= MAX_ATTEMPTS
    assert _counts(pg_db, tenant) == (MEMBERS - CHUNK, MEMBERS // CHUNK - 1)
