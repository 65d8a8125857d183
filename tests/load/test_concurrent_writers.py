"""Many concurrent writers on one tenant never freeze the server (PostgreSQL, real HTTP server).

Every request answers (a success, or 409/503 with Retry-After), /health keeps answering, the
invoice numbers stay gapless and unique, and concurrent readers see no failed request.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from partage.core.billing.models import Invoice
from partage.core.tenancy import bind_tenant
from tests.load.load import run_load


def _issued_sequences(db, tenant_id) -> list[tuple[int, str]]:
    with bind_tenant(tenant_id), db.session() as s:
        return list(s.execute(select(Invoice.sequence, Invoice.number)
                              .where(Invoice.status != "draft").order_by(Invoice.sequence)))


def _check(pg_db, books, server, writers: int, readers: int, seconds: int) -> None:
    world, tenant_id, ids = books
    before = len(_issued_sequences(pg_db, tenant_id))
    writes, reads = run_load(server, world.headers("a", "tenant_admin"), dict(ids),
                             writers=writers, readers=readers, seconds=seconds)
    print(f"writes {dict(writes.answers)} issued {writes.issued}; reads {dict(reads.answers)}; "
          f"/health max {max(writes.health_ms, default=0):.0f} ms over {len(writes.health_ms)}")
    assert writes.failures == [], writes.failures[:10]
    assert reads.failures == [], reads.failures[:10]
    assert writes.health_ms, "/health never answered"
    assert writes.issued > 0 and sum(reads.answers.values()) > 0
    rows = _issued_sequences(pg_db, tenant_id)
    sequences, numbers = [r[0] for r in rows], [r[1] for r in rows]
    assert sequences == list(range(1, len(rows) + 1)), "invoice numbers have a gap"
    assert len(set(numbers)) == len(numbers), "an invoice number was given twice"
    assert len(rows) - before == writes.issued


@pytest.mark.postgres
def test_a_dozen_writers_on_one_tenant_never_freeze_the_server(pg_db, books, server):
    _check(pg_db, books, server, writers=12, readers=4, seconds=4)


@pytest.mark.postgres
@pytest.mark.heavy
def test_fifty_writers_and_fifty_readers_for_thirty_seconds(pg_db, books, server):
    _check(pg_db, books, server, writers=50, readers=50, seconds=30)
