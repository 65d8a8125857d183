"""Invoice issues per second under 20 concurrent writers on one tenant, through the real server.

Issues of one tenant are serial by design: each holds the tenant's numbering counter and audit
head from its counter bump to its commit. The floor of one issue is that hold time, measured in
the same run (sequential issues, in process, the locked span timed from the statements); the
ceiling rate is its inverse. The benchmark reports the measured rate against it, and the /health
latency while the writers run.

Run: ``.venv/bin/pytest benchmarks/test_concurrent_issue.py --benchmark-only -s`` with the
``PARTAGE_TEST_POSTGRES_*`` URLs set; ``PARTAGE_BENCH_CONCURRENT_ISSUES`` (default 400) shrinks it.
"""
from __future__ import annotations

import os
import statistics
import threading
import time
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import event

from partage.core.billing import create_activity, create_client, create_invoices, create_member, issue_invoice
from partage.core.db import Database
from partage.core.identity.access import issue_access
from partage.core.migrate import upgrade
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.api.conftest import add_user
from tests.load.server import live_server

WRITERS = 20
ISSUES = int(os.environ.get("PARTAGE_BENCH_CONCURRENT_ISSUES", "400"))
FLOOR_SAMPLES = 40
ACTOR = "bench"
LINES = [{"description": "Design", "quantity": "3", "unit_price": "33.33", "vat_code": "standard"}]
SECRET = "bench-concurrent-issue-secret-key-0123456789"


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"set {name}")
    return value


def with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _owner(url: str, statement: str) -> None:
    from sqlalchemy import text

    from partage.core.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


@pytest.fixture(scope="module")
def pg():
    owner, app = _env("PARTAGE_TEST_POSTGRES_OWNER_URL"), _env("PARTAGE_TEST_POSTGRES_URL")
    schema = f"bench_issue_{os.getpid()}"
    _owner(owner, f'CREATE SCHEMA "{schema}"')
    upgrade(with_search_path(owner, schema), app_role="partage_app")
    url = with_search_path(app, schema)
    db = Database(url)
    yield db, url
    db.dispose()
    _owner(owner, f'DROP SCHEMA "{schema}" CASCADE')


def _tenant(db: Database):
    from partage.tenants.models import Tenant

    with cross_tenant(actor=ACTOR, reason="benchmark"), db.session() as s:
        tenant = Tenant(slug=f"bench-{time.time_ns()}", legal_name="Bench", country="be",
                        locales=["fr"], currency="EUR", contribution_rate=Decimal("0.065"),
                        modules=["billing"], branding={}, oidc={})
        s.add(tenant)
        s.flush()
        return tenant.id


def _drafts(db: Database, tenant_id, count: int) -> list[str]:
    with bind_tenant(tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "B", "last_name": "Ench"}, actor=ACTOR)
        activity = create_activity(s, member.id, "Bench", actor=ACTOR)
        client = create_client(s, {"kind": "business", "name": "C", "country": "BE",
                                   "company_number": "0403019261"}, actor=ACTOR)
        item = {"activity_id": activity.id, "client_id": client.id, "lines": LINES}
        return [str(i.id) for i in create_invoices(s, [item] * count, actor=ACTOR)]


def _lock_hold_seconds(db: Database, tenant_id, ids: list[str]) -> list[float]:  # float ok: seconds
    """For each sequential issue: from the counter bump (the first shared lock) to commit end."""
    started: dict = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        if "number_counters" in statement and statement.lstrip().upper().startswith("UPDATE"):
            started.setdefault(id(conn), time.perf_counter())

    event.listen(db.engine, "before_cursor_execute", before)
    holds = []
    try:
        for invoice_id in ids:
            with bind_tenant(tenant_id):
                session = db.begin()
                issue_invoice(session, invoice_id, actor=ACTOR)
                conn_id = id(session.connection())
                db.end(session, commit=True)
                holds.append(time.perf_counter() - started.pop(conn_id))
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return holds


def _issue_concurrently(base: str, token: str, ids: list[str]) -> tuple[float, list[float], dict]:
    """Wall seconds to issue ``ids`` with ``WRITERS`` clients; /health latencies (ms); statuses."""
    queue, lock, statuses, health_ms = list(ids), threading.Lock(), {}, []
    done = threading.Event()

    def writer():
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    invoice_id = queue.pop()
                response = client.post(f"/billing/invoices/{invoice_id}/issue", timeout=60)
                with lock:
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if response.status_code == 503:
                        queue.append(invoice_id)       # told to come back

    def prober():
        with httpx.Client(base_url=base) as client:
            while not done.is_set():
                begun = time.perf_counter()
                client.get("/health", timeout=60)
                health_ms.append((time.perf_counter() - begun) * 1000)
                time.sleep(0.02)

    probe = threading.Thread(target=prober)
    probe.start()
    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begun
    done.set()
    probe.join()
    return wall, health_ms, statuses


def test_issues_per_second_under_20_writers_vs_the_lock_floor(benchmark, pg, tmp_path):
    db, url = pg
    tenant_id = _tenant(db)
    user_id = add_user(db, tenant_id, "admin@bench.test", ["tenant_admin"], password=None)
    token = issue_access(SECRET, user_id, tenant_id, ["tenant_admin"], ttl=3600)
    floor_ids = _drafts(db, tenant_id, FLOOR_SAMPLES)
    http_ids = _drafts(db, tenant_id, ISSUES)
    holds = _lock_hold_seconds(db, tenant_id, floor_ids)
    floor = statistics.median(holds)
    env = {"PARTAGE_DATABASE_URL": url, "PARTAGE_SECRET_KEY": SECRET}
    with live_server(env, tmp_path / "uvicorn.log") as base:
        result = {}

        def run():
            result["wall"], result["health"], result["statuses"] = _issue_concurrently(base, token, http_ids)

        benchmark.pedantic(run, rounds=1, iterations=1)
    rate, ceiling = ISSUES / result["wall"], 1 / floor
    health = sorted(result["health"])
    p95 = health[int(len(health) * 0.95) - 1] if health else float("nan")
    figures = {"issues_per_s": round(rate, 1), "ceiling_per_s": round(ceiling, 1),
               "share_of_ceiling": round(rate / ceiling, 3), "lock_hold_ms": round(floor * 1000, 2),
               "health_median_ms": round(statistics.median(health), 1) if health else None,
               "health_p95_ms": round(p95, 1), "health_max_ms": round(max(health), 1) if health else None,
               "statuses": result["statuses"]}
    benchmark.extra_info.update(figures)
    print("\nconcurrent issue:", figures)
    assert set(result["statuses"]) <= {200, 503}, result["statuses"]
    assert result["statuses"].get(200) == ISSUES
