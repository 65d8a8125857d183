"""A list page at scale: p95 of ``GET /billing/members`` (50 rows, keyset) on PostgreSQL.

Run: ``.venv/bin/pytest benchmarks/test_list_page.py --benchmark-only -s``. Rows: 100,000 members by
default (``PARTAGE_BENCH_LIST_ROWS`` shrinks it), in a tenant of their own, in a fresh schema of the
test database (``PARTAGE_TEST_POSTGRES_URL`` and ``..._OWNER_URL``; dropped afterwards). Each request
goes through the whole app (API key, tenant binding, row-level security, count, page, JSON).

Measured: p95 of the first page, of a page 90 % deep (followed by its cursor), of a search, and the
same deep page through ``offset`` paging as the same-run baseline (what keyset avoids).
"""
from __future__ import annotations

import os
import statistics
import time
import uuid
from decimal import Decimal

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from partage.api.app import create_app
from partage.core.db import Database, make_engine
from partage.core.identity.credentials import create_key
from partage.core.migrate import upgrade
from partage.core.settings import load_settings
from partage.core.tenancy import bind_tenant, cross_tenant

ROWS = int(os.environ.get("PARTAGE_BENCH_LIST_ROWS", "100000"))
ROUNDS = int(os.environ.get("PARTAGE_BENCH_LIST_ROUNDS", "60"))


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"set {name}")
    return value


def _path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path={schema}"


def _owner(url: str, *statements: str, params: dict | None = None) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params or {})
    engine.dispose()


def _vacuum(url: str) -> None:
    engine = make_engine(url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE members"))
    engine.dispose()


@pytest.fixture(scope="module")
def world():
    owner, app_url = _env("PARTAGE_TEST_POSTGRES_OWNER_URL"), _env("PARTAGE_TEST_POSTGRES_URL")
    schema = f"bench_list_{os.getpid()}"
    _owner(owner, f'CREATE SCHEMA "{schema}"')
    try:
        upgrade(_path(owner, schema), app_role="partage_app")
        db = Database(_path(app_url, schema))
        from partage.tenants.models import Tenant

        with cross_tenant(actor="bench", reason="benchmark"), db.session() as s:
            tenant = Tenant(slug=f"bench-{uuid.uuid4().hex[:8]}", legal_name="Bench", country="be",
                            locales=["fr"], currency="EUR", contribution_rate=Decimal("0.065"),
                            modules=["billing"], branding={}, oidc={})
            s.add(tenant)
            s.flush()
            tenant_id = tenant.id
        _owner(_path(owner, schema), "SELECT set_config('app.tenant_id', :t, false)",
               "INSERT INTO members (id, tenant_id, first_name, last_name, email, status, created_at) "
               "SELECT gen_random_uuid(), CAST(:t AS uuid), 'First' || n, 'Last' || lpad(n::text, 7, '0'), "
               "'m' || n || '@example.be', 'active', now() - n * interval '1 second' "
               "FROM generate_series(1, :rows) AS n", params={"t": str(tenant_id), "rows": ROWS})
        _vacuum(_path(owner, schema))   # what autovacuum does after a bulk load: index-only counts
        with bind_tenant(tenant_id), db.session() as s:
            secret = create_key(s, name="bench", permissions=["billing:read"], roles=["tenant_admin"],
                                actor="bench").secret
        app = create_app(db, load_settings({"PARTAGE_SECRET_KEY": uuid.uuid4().hex * 2,
                                            "PARTAGE_DATABASE_URL": _path(app_url, schema)}))
        with TestClient(app) as client:
            client.headers["X-API-Key"] = secret
            yield client
        db.dispose()
    finally:
        _owner(owner, f'DROP SCHEMA "{schema}" CASCADE')


def _p95(client, url: str) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return statistics.quantiles(times, n=20)[-1]


def _deep_cursor(client) -> str:
    """The ``after`` cursor of the page 90 % down the list (found through the key, not offsets)."""
    skip = int(ROWS * 0.9)
    response = client.get(f"/billing/members?limit=1&offset={skip}")
    row = response.json()[0]
    from partage.core.listing import encode

    return encode([row["last_name"], row["first_name"], uuid.UUID(row["id"])])


def test_member_list_page_p95_on_postgres(benchmark, world):
    first = world.get("/billing/members?limit=50")
    assert first.status_code == 200 and int(first.headers["x-total-count"]) == ROWS
    cursor = _deep_cursor(world)
    deep = world.get(f"/billing/members?limit=50&after={cursor}")
    assert len(deep.json()) == 50
    figures = {"health_p95_ms": _p95(world, "/health"), "first_page_p95_ms": _p95(world, "/billing/members?limit=50"),
               "deep_page_p95_ms": _p95(world, f"/billing/members?limit=50&after={cursor}"),
               "search_p95_ms": _p95(world, "/billing/members?limit=50&q=Last00123"),
               "offset_deep_page_p95_ms": _p95(world, f"/billing/members?limit=50&offset={int(ROWS * 0.9)}")}
    benchmark.pedantic(world.get, args=(f"/billing/members?limit=50&after={cursor}",), rounds=ROUNDS,
                       iterations=1)
    ratio = figures["offset_deep_page_p95_ms"] / figures["deep_page_p95_ms"]
    benchmark.extra_info.update(rows=ROWS, **{k: round(v, 1) for k, v in figures.items()},
                                offset_over_keyset=round(ratio, 2))
    print(f"\n{ROWS} members: " + ", ".join(f"{k} {v:.1f}" for k, v in figures.items())
          + f"; offset/keyset at 90 %: {ratio:.2f}x")
    # keyset keeps a deep page about as cheap as the first (same-run ratio, not a wall-clock limit)
    assert figures["deep_page_p95_ms"] < 3 * figures["first_page_p95_ms"]
