"""Every tenant-owned table reaches ``tenants`` by foreign keys: directly, or through a composite
key ``(tenant_id, parent_id)`` to a tenant-owned parent that does (see `core.db.base.TenantScoped`)."""
from __future__ import annotations

import pytest
from sqlalchemy import ForeignKeyConstraint, Table

from partage.core.migrate import load_models


def _tenant_tables() -> dict[str, Table]:
    return {name: t for name, t in load_models().tables.items() if "tenant_id" in t.c}


def _parents(table: Table) -> set[str]:
    """Tables whose key guarantees this table's tenant."""
    found = set()
    for fk in table.constraints:
        if not isinstance(fk, ForeignKeyConstraint):
            continue
        pairs = {(e.parent.name, e.column.name) for e in fk.elements}
        if pairs == {("tenant_id", "id")} and fk.referred_table.name == "tenants":
            found.add("tenants")
        elif ("tenant_id", "tenant_id") in pairs:
            found.add(fk.referred_table.name)
    return found


def _reaches_tenants(name: str, tables: dict[str, Table], seen: frozenset = frozenset()) -> bool:
    if name in seen:
        return False
    parents = _parents(tables[name])
    return "tenants" in parents or any(
        p in tables and _reaches_tenants(p, tables, seen | {name}) for p in parents)


@pytest.mark.parametrize("name", sorted(_tenant_tables()))
def test_tenant_table_reaches_tenants_by_foreign_keys(name):
    assert _reaches_tenants(name, _tenant_tables()), (
        f"{name}.tenant_id has no foreign key to tenants, nor a composite key (tenant_id, ...) "
        "to a tenant-owned parent that has one")


def test_a_table_without_any_tenant_key_is_refused():
    from sqlalchemy import Column, MetaData, Uuid

    orphan = Table("orphan", MetaData(), Column("id", Uuid(), primary_key=True), Column("tenant_id", Uuid()))
    assert not _reaches_tenants("orphan", {"orphan": orphan})
