"""The audit trail is a hash chain: any edited or deleted event is detected."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from partage.core.audit import record, verify
from partage.core.db import make_engine
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.conftest import create_tenant


def _events(db, tenant_id, n=3):
    with bind_tenant(tenant_id), db.session() as s:
        for i in range(n):
            record(s, actor="member:1", action="invoice.issued", subject=f"invoice:{i}",
                   payload={"amount_cents": 1000 + i})


def _verify(db):
    with cross_tenant(actor="test", reason="verify"), db.session() as s:
        return verify(s)


def _tamper(db, owner_url, sql, params):
    """Edit the trail behind the application's back (as the owner on PostgreSQL)."""
    engine = make_engine(owner_url) if owner_url else db.engine
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":       # the chain's tenant (RLS has no bypass switch)
            conn.execute(text("SELECT set_config('app.tenant_id', :c, true)"), {"c": params["c"]})
        conn.execute(text(sql), params)
    if owner_url:
        engine.dispose()


@pytest.fixture
def owner_url(db, request):
    return request.getfixturevalue("pg_owner_url") if db.engine.dialect.name == "postgresql" else None


def test_intact_chain_verifies(db):
    _events(db, create_tenant(db))
    assert _verify(db) == []


def test_edited_payload_is_detected(db, owner_url):
    tenant = create_tenant(db)
    _events(db, tenant)
    _tamper(db, owner_url, "UPDATE audit_events SET payload = :p WHERE chain = :c AND seq = 2",
            {"p": '{"amount_cents": 1}', "c": str(tenant)})
    problems = _verify(db)
    assert [(p.chain, p.seq) for p in problems] == [(str(tenant), 2)]
    assert "payload edited" in str(problems[0])


def test_edited_field_is_detected(db, owner_url):
    tenant = create_tenant(db)
    _events(db, tenant)
    _tamper(db, owner_url, "UPDATE audit_events SET actor = 'someone-else' WHERE chain = :c AND seq = 1",
            {"c": str(tenant)})
    assert any(p.seq == 1 and "fields edited" in p.message for p in _verify(db))


def test_deleted_middle_event_is_detected(db, owner_url):
    tenant = create_tenant(db)
    _events(db, tenant)
    _tamper(db, owner_url, "DELETE FROM audit_events WHERE chain = :c AND seq = 2", {"c": str(tenant)})
    assert any("missing" in p.message for p in _verify(db))


def test_deleted_newest_event_is_detected(db, owner_url):
    tenant = create_tenant(db)
    _events(db, tenant)
    _tamper(db, owner_url, "DELETE FROM audit_events WHERE chain = :c AND seq = 3", {"c": str(tenant)})
    assert any("head mismatch" in p.message for p in _verify(db))


def test_each_tenant_has_its_own_chain(db):
    a, b = create_tenant(db), create_tenant(db)
    _events(db, a, 2)
    _events(db, b, 1)
    with bind_tenant(b), db.session() as s:
        event = record(s, actor="x", action="y", subject="z")
    assert (event.chain, event.seq) == (str(b), 2)
