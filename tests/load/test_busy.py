"""A request that cannot get a row lock in time answers 503 with Retry-After (not a hang, not 500)."""
from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from partage.api.app import create_app
from partage.core.audit import AuditHead
from partage.core.db import Database
from partage.core.tenancy import bind_tenant


@pytest.mark.postgres
def test_a_lock_not_granted_in_time_is_503_with_retry_after(pg_db, pg_app_url, books):
    world, tenant_id, _ = books
    db = Database(pg_app_url, lock_timeout_ms=300)
    try:
        with bind_tenant(tenant_id), pg_db.session() as holder:
            holder.scalars(select(AuditHead).where(AuditHead.chain == str(tenant_id))
                           .with_for_update()).first()      # another writer holds the audit head
            with TestClient(create_app(db, world.settings), raise_server_exceptions=False) as client:
                response = client.post("/billing/members", headers=world.headers("a", "tenant_admin"),
                                       json={"first_name": "Late", "last_name": "Comer"})
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"].isdigit()
        assert response.json()["type"].endswith("busy")
    finally:
        db.dispose()
