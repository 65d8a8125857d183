"""ORM-level tenant isolation, on SQLite and PostgreSQL (the application role)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from partage.core.overrides import ParameterOverride
from partage.core.tenancy import TenantMismatch, TenantNotSet, bind_tenant, cross_tenant


def add_override(db, tenant_id, name="contribution.rate") -> None:
    with bind_tenant(tenant_id), db.session() as s:
        s.add(ParameterOverride(name=name, start=date(2025, 1, 1), value="0.065", reference="test"))


def test_orm_returns_only_the_bound_tenants_rows(db, two_tenants):
    a, b = two_tenants
    add_override(db, a, "a.rate")
    add_override(db, b, "b.rate")
    with bind_tenant(a), db.session() as s:
        rows = s.scalars(select(ParameterOverride)).all()
    assert {r.name for r in rows} == {"a.rate"}
    assert {r.tenant_id for r in rows} == {a}


def test_new_rows_get_the_bound_tenant(db, two_tenants):
    a, _ = two_tenants
    add_override(db, a)
    with bind_tenant(a), db.session() as s:
        assert s.scalars(select(ParameterOverride)).one().tenant_id == a


def test_orm_raises_without_tenant(db, two_tenants):
    add_override(db, two_tenants[0])
    with db.session() as s, pytest.raises(TenantNotSet):
        s.scalars(select(ParameterOverride)).all()


def test_insert_without_tenant_raises(db, two_tenants):
    with pytest.raises(TenantNotSet), db.session() as s:
        s.add(ParameterOverride(name="x", start=date(2025, 1, 1), value="1", reference="r"))


def test_inserting_a_row_of_another_tenant_raises(db, two_tenants):
    a, b = two_tenants
    with pytest.raises(TenantMismatch), bind_tenant(a), db.session() as s:
        s.add(ParameterOverride(tenant_id=b, name="x", start=date(2025, 1, 1), value="1",
                                reference="r"))


def test_moving_a_row_to_another_tenant_raises(db, two_tenants):
    a, b = two_tenants
    add_override(db, a)
    with pytest.raises(TenantMismatch), bind_tenant(a), db.session() as s:
        row = s.scalars(select(ParameterOverride)).one()
        row.tenant_id = b


def test_bulk_update_touches_only_the_bound_tenant(db, two_tenants):
    a, b = two_tenants
    add_override(db, a)
    add_override(db, b)
    with bind_tenant(a), db.session() as s:
        s.execute(update(ParameterOverride).values(value="0.07"))
    with cross_tenant(actor="test", reason="check"), db.session() as s:
        rows = s.scalars(select(ParameterOverride).where(ParameterOverride.tenant_id.in_([a, b])))
        values = {r.tenant_id: r.value for r in rows}
    assert values == {a: "0.07", b: "0.065"}


def test_cross_tenant_path_sees_all_and_is_audited(db, two_tenants):
    from partage.core.audit import AuditEvent

    a, b = two_tenants
    add_override(db, a)
    add_override(db, b)
    with cross_tenant(actor="ops:alice", reason="support ticket 42"), db.session() as s:
        assert {a, b} <= {r.tenant_id for r in s.scalars(select(ParameterOverride))}
    with cross_tenant(actor="test", reason="read audit"), db.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.actor == "ops:alice")).all()
    assert [e.payload["reason"] for e in events] == ["support ticket 42"]


def test_changing_tenant_inside_a_transaction_raises(db, two_tenants):
    a, b = two_tenants
    with bind_tenant(a), db.session() as s:
        s.scalars(select(ParameterOverride)).all()
        with bind_tenant(b), pytest.raises(TenantMismatch):
            s.scalars(select(ParameterOverride)).all()


def test_counts_and_subqueries_are_filtered_too(db, two_tenants):
    from sqlalchemy import func

    a, b = two_tenants
    add_override(db, a)
    add_override(db, b)
    with bind_tenant(a), db.session() as s:
        assert s.scalar(select(func.count()).select_from(ParameterOverride)) == 1
        assert s.query(ParameterOverride).count() == 1
        inner = select(ParameterOverride.id).subquery()
        assert s.scalar(select(func.count()).select_from(inner)) == 1
