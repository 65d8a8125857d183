"""Dated tenant overrides stored in the database win over the plugin's YAML from their start."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from partage.core.overrides import ParameterOverride, tenant_overrides
from partage.core.plugins import registry
from partage.core.tenancy import bind_tenant
from tests.conftest import create_tenant

NAME = "payroll.social_security.employee_rate"
LAW = Decimal("0.1307")  # ../shared/reference/belgium.md 1.1: 13.07 % employee ONSS


def test_override_from_the_database_applies_from_its_start_date(db):
    tenant = create_tenant(db)
    with bind_tenant(tenant), db.session() as s:
        s.add(ParameterOverride(name=NAME, start=date(2025, 7, 1), value="0.1300",
                                reference="test: a tenant-specific decision"))
    with bind_tenant(tenant), db.session() as s:
        overrides = tenant_overrides(s)
    tree = registry().get("be").parameters.tree()
    mine = tree.with_overrides(overrides)
    assert tree.at(NAME, date(2025, 7, 1)) == LAW
    assert mine.at(NAME, date(2025, 6, 30)) == LAW
    assert mine.at(NAME, date(2025, 7, 1)) == Decimal("0.1300")


def test_another_tenant_does_not_see_the_override(db):
    a, b = create_tenant(db), create_tenant(db)
    with bind_tenant(a), db.session() as s:
        s.add(ParameterOverride(name=NAME, start=date(2025, 1, 1), value="0.12", reference="r"))
    with bind_tenant(b), db.session() as s:
        assert tenant_overrides(s) == []
