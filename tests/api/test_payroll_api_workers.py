"""``POST /payroll/runs`` with a Redis broker: the chunks go to a real Dramatiq worker process, the
API answers 202 at once and ``GET /payroll/runs/{id}`` is the progress poll until ``computed``."""
from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient

from partage.api.app import create_app
from partage.core.settings import load_settings
from partage.tenants.demo_payroll import seed_payroll
from tests.api.conftest import build_world, enable_modules
from tests.api.payroll_data import PERIOD
from tests.payroll_runs.conftest import settings
from tests.payroll_runs.test_fault import kill, redis_url, start_worker  # noqa: F401 - redis_url: the fixture

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
MEMBERS, CHUNK = 30, 10


def poll_until_computed(client, headers, run_id: str, timeout: float = 90.0) -> dict:  # float ok: seconds
    """Poll the status; when nothing moves for a while, start the run again (re-sends the chunks
    not done: a duplicate is harmless)."""
    deadline, last, moved = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        run = client.get(f"/payroll/runs/{run_id}", headers=headers).json()
        if run["status"] == "computed":
            return run
        if run["chunks_done"] != last:
            last, moved = run["chunks_done"], time.monotonic()
        elif time.monotonic() - moved > 5:
            client.post("/payroll/runs", headers=headers, json={"period": "2025-03"})
            moved = time.monotonic()
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} not computed in {timeout}s: {run}")


def test_the_api_fans_out_to_workers_and_the_status_is_a_progress_poll(pg_db, pg_app_url, redis_url):  # noqa: F811
    world = build_world(pg_db)
    tenant = world.tenants["a"]
    enable_modules(pg_db, tenant, ["payroll"])
    seed_payroll(pg_db, tenant, "be", MEMBERS, PERIOD)
    settings(pg_db, tenant, chunk_size=CHUNK)
    app_settings = load_settings({"PARTAGE_SECRET_KEY": world.settings.secret_key,
                                  "PARTAGE_REDIS_URL": redis_url})
    headers = world.headers("a", "tenant_admin")
    with TestClient(create_app(pg_db, app_settings), raise_server_exceptions=False) as client:
        started = client.post("/payroll/runs", headers=headers, json={"period": "2025-03"})
        assert started.status_code == 202, started.text          # no worker yet: nothing computed
        assert (started.json()["status"], started.json()["chunks_done"]) == ("computing", 0)
        worker = start_worker(pg_app_url, redis_url)
        try:
            run = poll_until_computed(client, headers, started.json()["id"])
        finally:
            kill(worker)
        assert (run["chunks_total"], run["chunks_done"], run["payslips"], run["blocked"]) == (3, 3, MEMBERS, 0)
        slips = client.get(f"/payroll/runs/{run['id']}/payslips?limit=500", headers=headers).json()
        assert len({s["performance_id"] for s in slips}) == MEMBERS
