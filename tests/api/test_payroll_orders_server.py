"""The same run's SEPA file asked twice at the same moment, over two HTTP connections to a real
server (uvicorn) on PostgreSQL: one payment order, one set of transfers, the same bytes."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from partage.core.payroll.configuration import change_payroll_settings
from partage.core.payroll.execute import run_payroll
from partage.core.payroll.models import PaymentOrder, PaymentOrderItem
from partage.core.payroll.runs import approve_run
from partage.core.tenancy import bind_tenant
from tests.api.conftest import build_world, enable_modules
from tests.api.payroll_data import DEBTOR, PERIOD, declared, payroll_member
from tests.web.conftest import _free_port, _wait

ROOT = Path(__file__).resolve().parents[2]


def _serve(world, url: str, tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "PARTAGE_WEB_TEST_DB": url, "PARTAGE_WEB_TEST_SECRET": world.settings.secret_key,
           "PARTAGE_WEB_TEST_VAR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tests.web.server:make_app",
                                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               cwd=ROOT, env=env)
    _wait(f"http://127.0.0.1:{port}/health", process)
    return process, f"http://127.0.0.1:{port}"


def test_two_connections_ask_for_the_same_file_at_once(pg_db, pg_app_url, tmp_path):
    world = build_world(pg_db)
    tenant = world.tenants["a"]
    enable_modules(pg_db, tenant, ["payroll"])
    with bind_tenant(tenant), pg_db.session() as s:
        change_payroll_settings(s, {**DEBTOR, "review_sample_rate": "0"}, "test")
    for n in range(3):
        declared(pg_db, tenant, payroll_member(pg_db, tenant, f"worker{n}@a.test"))
    with bind_tenant(tenant):
        run_id = run_payroll(pg_db, PERIOD).run_id
        with pg_db.session() as s:
            approve_run(s, run_id, "advisor")
    process, base = _serve(world, pg_app_url, tmp_path)
    gate, answers = threading.Barrier(2), []

    def ask():
        request = urllib.request.Request(f"{base}/payroll/runs/{run_id}/sepa?execution_date=2025-03-28",
                                         headers=world.headers("a", "tenant_admin"))
        gate.wait()
        with urllib.request.urlopen(request, timeout=60) as answer:
            answers.append((answer.status, answer.headers["X-Payment-Order-Reused"], answer.read()))

    try:
        threads = [threading.Thread(target=ask) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert len(answers) == 2 and {status for status, _, _ in answers} == {200}
    assert sorted(reused for _, reused, _ in answers) == ["false", "true"]
    assert answers[0][2] == answers[1][2] and answers[0][2].count(b"<CdtTrfTxInf>") == 3
    with bind_tenant(tenant), pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(PaymentOrder)) == 1
        assert s.scalar(select(func.count()).select_from(PaymentOrderItem)) == 3
