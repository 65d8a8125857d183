"""A real Dramatiq worker on Redis killed with SIGKILL in the middle of a run, five times in a row:
the run completes, one payslip per member, the ledger balances, the SEPA file pays each member once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from lxml import etree
from sqlalchemy import func, select

from partage.core.jobs import make_broker
from partage.core.ledger import LedgerEntry, balance
from partage.core.payroll.execute import run_payroll, start_run
from partage.core.payroll.models import PayrollChunk, PayslipRecord
from partage.core.payroll.paying import mark_paid, sepa_file
from partage.core.payroll.runs import approve_run, progress
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_payroll import seed_payroll
from tests.conftest import create_tenant
from tests.payroll_runs.conftest import PERIOD, settings
from tests.services import REDIS, service_url

ROOT = Path(__file__).resolve().parents[2]
MEMBERS, CHUNK, KILLS = 800, 25, 5
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def clean(url: str) -> None:
    client = redis.Redis.from_url(url)
    keys = [k for k in client.scan_iter(match="dramatiq:*") if b"payroll" in k]
    if keys:
        client.delete(*keys)
    client.close()


def start_worker(db_url: str, redis_url: str) -> subprocess.Popen:
    env = {**os.environ, "PARTAGE_DATABASE_URL": db_url, "PARTAGE_REDIS_URL": redis_url}
    cmd = [sys.executable, "-m", "dramatiq", "partage.core.jobs.worker", "--processes", "1", "--threads", "2",
           "--queues", "payroll"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)  # the dramatiq parent and its worker processes
    worker.wait(timeout=10)


def chunks_done(db, tenant) -> int:
    with bind_tenant(tenant), db.session() as s:
        return s.scalar(select(func.count(PayrollChunk.id)).where(PayrollChunk.status == "done"))


def wait_for_progress(db, tenant, after: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = chunks_done(db, tenant)
        if done > after:
            return done
        time.sleep(0.05)
    raise AssertionError("no chunk completed: the worker did not start")


@pytest.fixture
def redis_url():
    url = service_url(REDIS, "Redis")
    clean(url)
    yield url
    clean(url)


def test_sigkill_five_times_then_the_run_completes_exactly_once(pg_db, pg_app_url, redis_url):
    db, db_url = pg_db, pg_app_url
    tenant = create_tenant(db, country="be")
    seed_payroll(db, tenant, "be", MEMBERS, PERIOD)
    settings(db, tenant, chunk_size=CHUNK)
    broker = make_broker(load_settings({"PARTAGE_REDIS_URL": redis_url}))
    with bind_tenant(tenant):
        run_id = start_run(db, PERIOD)
    result: dict = {}

    def coordinate() -> None:
        with bind_tenant(tenant):
            result["status"] = run_payroll(db, PERIOD, broker=broker, stall_seconds=1, poll=0.05,
                                           timeout=240)

    coordinator = threading.Thread(target=coordinate, daemon=True)
    coordinator.start()
    done, kills = 0, 0
    try:
        for _ in range(KILLS):
            worker = start_worker(db_url, redis_url)
            done = wait_for_progress(db, tenant, done)
            time.sleep(0.05 * kills)  # vary the moment: sometimes inside a chunk's transaction
            kill(worker)
            kills += 1
        assert chunks_done(db, tenant) < MEMBERS // CHUNK, "the run finished before the last kill"
        worker = start_worker(db_url, redis_url)
        coordinator.join(timeout=240)
    finally:
        worker.poll() is None and kill(worker)
    assert kills == KILLS and result["status"].status == "computed"
    assert_paid_exactly_once(db, tenant, run_id)


def assert_paid_exactly_once(db, tenant, run_id) -> None:
    with bind_tenant(tenant), db.session() as s:
        p = progress(s, run_id)
        assert p.payslips == MEMBERS and p.blocked == 0
        slips = s.execute(select(PayslipRecord.performance_id, PayslipRecord.member_id,
                                 PayslipRecord.activity_id, PayslipRecord.employer_cost)).all()
        assert len(slips) == len({row.performance_id for row in slips}) == MEMBERS
        assert len({row.member_id for row in slips}) == MEMBERS
        before = {row.activity_id: balance(s, row.activity_id) for row in slips[:50]}
        approve_run(s, run_id, "advisor")
        xml = sepa_file(s, run_id, date(2025, 3, 28), validate=False)
        assert mark_paid(s, run_id, "advisor") == MEMBERS
    with bind_tenant(tenant), db.session() as s:
        posted = s.scalar(select(func.sum(LedgerEntry.amount)).where(LedgerEntry.kind == "salary_cost"))
        assert posted == -sum((row.employer_cost for row in slips), Decimal(0))
        cost = {row.activity_id: row.employer_cost for row in slips}
        assert all(balance(s, a) == old - cost[a] for a, old in before.items())
    paid_to = [e.text for e in etree.fromstring(xml).findall(".//p:CdtTrfTxInf/p:PmtId/p:EndToEndId", NS)]
    assert sorted(paid_to) == sorted(row.member_id.hex for row in slips)  # each member exactly once
