"""Issuing 10,000 invoices (compute VAT, persist, number, post to the ledger, audit).

Run: ``make bench`` or ``.venv/bin/pytest benchmarks/test_invoice_issue.py --benchmark-only -s``.
Drafts are created outside the measured part; issuing goes in transactions of ``BATCH`` invoices
(the bulk path: one lock on the counter and one audit event per batch). Set
``PARTAGE_BENCH_POSTGRES_URL`` (a migrated database, application role) to measure PostgreSQL too.
"""
from __future__ import annotations

import os
import time
from datetime import date
from decimal import Decimal

import pytest

from partage.core.billing import (create_activity, create_client, create_invoices, create_member,
                          issue_invoices)
from partage.core.db import Database
from partage.core.migrate import upgrade
from partage.core.tenancy import bind_tenant, cross_tenant

COUNT, BATCH, ACTOR = 10_000, 500, "bench"
LINES = [{"description": "Design", "quantity": "3", "unit_price": "33.33", "vat_code": "standard"},
         {"description": "Books", "quantity": "2", "unit_price": "12.50", "vat_code": "reduced",
          "discount_percent": "5"}]


def _tenant(db: Database):
    from partage.tenants.models import Tenant

    with cross_tenant(actor=ACTOR, reason="benchmark"), db.session() as s:
        tenant = Tenant(slug=f"bench-{time.time_ns()}", legal_name="Bench", country="be",
                        locales=["fr"], currency="EUR", contribution_rate=Decimal("0.065"),
                        modules=["billing"], branding={}, oidc={})
        s.add(tenant)
        s.flush()
        return tenant.id


def _drafts(db: Database, tenant_id) -> list:
    with bind_tenant(tenant_id), db.session() as s:
        member = create_member(s, {"first_name": "B", "last_name": "Ench"}, actor=ACTOR)
        activity = create_activity(s, member.id, "Bench", actor=ACTOR)
        client = create_client(s, {"kind": "business", "name": "C", "country": "BE",
                                   "company_number": "0403019261"}, actor=ACTOR)
        item = {"activity_id": activity.id, "client_id": client.id, "lines": LINES}
    ids = []
    for _ in range(0, COUNT, BATCH):
        with bind_tenant(tenant_id), db.session() as s:
            ids += [i.id for i in create_invoices(s, [item] * BATCH, actor=ACTOR)]
    return ids


def _issue_all(db: Database, tenant_id, ids: list) -> None:
    with bind_tenant(tenant_id):
        for start in range(0, len(ids), BATCH):
            with db.session() as s:
                issue_invoices(s, ids[start:start + BATCH], actor=ACTOR, on=date(2026, 6, 1))


def _databases(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    upgrade(url)
    yield "sqlite", Database(url)
    if os.environ.get("PARTAGE_BENCH_POSTGRES_URL"):
        yield "postgres", Database(os.environ["PARTAGE_BENCH_POSTGRES_URL"])


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_issue_10000_invoices(benchmark, tmp_path, backend):
    dbs = dict(_databases(tmp_path))
    if backend not in dbs:
        pytest.skip("set PARTAGE_BENCH_POSTGRES_URL to benchmark PostgreSQL")
    db = dbs[backend]
    state = {}

    def setup():
        tenant_id = _tenant(db)
        state.update(tenant=tenant_id, ids=_drafts(db, tenant_id))
        return (db, tenant_id, state["ids"]), {}

    benchmark.pedantic(_issue_all, setup=setup, rounds=1, iterations=1)
    rate = COUNT / benchmark.stats.stats.mean
    benchmark.extra_info["invoices_per_second"] = round(rate)
    print(f"\n{backend}: issued {COUNT} invoices at {rate:,.0f} invoices/s")
