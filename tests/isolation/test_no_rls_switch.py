"""The application role cannot switch row-level security off; cross-tenant work has its own role."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from partage.core.audit import AuditEvent
from partage.core.overrides import ParameterOverride
from partage.core.tenancy import bind_tenant, cross_tenant
from tests.conftest import create_tenant


@pytest.fixture
def tenants(pg_db):
    a, b = create_tenant(pg_db), create_tenant(pg_db)
    for tenant in (a, b):
        with bind_tenant(tenant), pg_db.session() as s:
            s.add(ParameterOverride(name=f"rate.{tenant}", start=date(2025, 1, 1), value="1",
                                    reference="r"))
    return a, b


@pytest.mark.parametrize("local", [False, True])
def test_setting_app_cross_tenant_on_shows_no_other_tenants_rows(pg_db, tenants, local):
    a, b = tenants
    with bind_tenant(a), pg_db.session() as s:
        s.execute(text("SELECT set_config('app.cross_tenant', 'on', :local)"), {"local": local})
        owners = set(s.execute(text("SELECT tenant_id FROM parameter_overrides")).scalars())
        invoices_of_b = s.execute(text("SELECT count(*) FROM parameter_overrides WHERE tenant_id = :b"),
                                  {"b": b}).scalar()
    assert owners == {a} and invoices_of_b == 0


def test_no_tenant_bound_and_the_switch_on_shows_nothing(pg_db, tenants):
    with pg_db.engine.connect() as conn:
        conn.execute(text("SELECT set_config('app.cross_tenant', 'on', false)"))
        assert conn.execute(text("SELECT count(*) FROM parameter_overrides")).scalar() == 0


def test_the_application_role_cannot_become_the_platform_role(pg_db):
    with pg_db.engine.connect() as conn:
        with pytest.raises(Exception, match="permission denied"):
            conn.execute(text("SET ROLE partage_platform"))


def test_no_policy_reads_a_setting_the_application_can_flip(pg_db):
    with pg_db.engine.connect() as conn:
        policies = conn.execute(text(
            "SELECT polname, pg_get_expr(polqual, polrelid), "
            "array(SELECT rolname FROM pg_roles WHERE oid = ANY(polroles)) FROM pg_policy "
            "JOIN pg_class c ON c.oid = polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema()")).all()
    assert policies
    assert not [p for p in policies if "cross_tenant" in (p[1] or "")]
    assert {tuple(p[2]) for p in policies if p[0] == "platform_access"} == {("partage_platform",)}


def test_cross_tenant_work_sees_every_tenant_as_the_platform_role_and_is_audited(pg_db, tenants):
    a, b = tenants
    with cross_tenant(actor="ops:harden-probe", reason="support ticket 7"), pg_db.session() as s:
        role = s.execute(text("SELECT current_user")).scalar()
        owners = set(s.scalars(select(ParameterOverride.tenant_id)))
    assert role == "partage_platform" and {a, b} <= owners
    with cross_tenant(actor="test", reason="read audit"), pg_db.session() as s:
        reasons = [e.payload.get("reason") for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "cross_tenant", AuditEvent.actor == "ops:harden-probe"))]
    assert "support ticket 7" in reasons
