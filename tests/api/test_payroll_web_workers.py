"""The web UI starts a run through the job layer: with a Redis broker its chunks go to a real
Dramatiq worker process, the page answers at once (no thread of the web process computes it) and
the run page reads the progress from the run's chunks until the run is computed."""
from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from partage.api.app import create_app
from partage.core.payroll.models import PayrollRun
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant
from partage.tenants.demo_payroll import seed_payroll
from tests.api.conftest import build_world, enable_modules
from tests.api.payroll_data import PERIOD
from tests.api.test_payroll_orders_api import web_client
from tests.payroll_runs.conftest import settings
from tests.payroll_runs.test_fault import kill, redis_url, start_worker  # noqa: F401 - redis_url: the fixture

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
MEMBERS, CHUNK = 20, 10


def test_the_web_start_goes_to_the_workers(pg_db, pg_app_url, redis_url):
    world = build_world(pg_db)
    tenant = world.tenants["a"]
    enable_modules(pg_db, tenant, ["payroll"])
    seed_payroll(pg_db, tenant, "be", MEMBERS, PERIOD)
    settings(pg_db, tenant, chunk_size=CHUNK)
    app_settings = load_settings({"PARTAGE_SECRET_KEY": world.settings.secret_key,
                                  "PARTAGE_REDIS_URL": redis_url})
    world.db = pg_db
    with TestClient(create_app(pg_db, app_settings), raise_server_exceptions=False) as client:
        web = web_client(client, world)
        started = client.post("/app/staff/payroll", data={"period": "2025-03"}, headers=web)
        assert started.status_code == 200, started.text
        page = started.headers["hx-redirect"]
        with bind_tenant(tenant), pg_db.session() as s:   # answered before any chunk was computed
            assert s.scalar(select(PayrollRun.status)) == "computing"
        worker = start_worker(pg_app_url, redis_url)
        try:
            deadline = time.monotonic() + 90
            while 'data-testid="run-status">calculé' not in (shown := client.get(page).text):
                assert time.monotonic() < deadline, shown[-2000:]
                time.sleep(0.2)
        finally:
            kill(worker)
        assert f"{MEMBERS}" in shown and 'id="run-progress" max="2" value="2"' in shown
